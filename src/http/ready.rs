//! `/readyz`: whether the gateway can serve, by one cheap call to each
//! register ([`Registers::probe`](crate::registers::Registers::probe)), all
//! at once. The answer is kept for `server.readiness_cache_ms`, so that
//! frequent probes of several replicas do not load the registers; one round
//! of probes runs at a time.
//!
//! 503 while a register marked `required` is down or its circuit breaker is
//! open (every query would fail at once), while the shared events backend
//! (Redis, when `events.backend` is `redis`) is down, and from the moment
//! the gateway begins to shut down; a register that is not required only
//! shows in the JSON (the gateway still answers, with partial results). Each
//! register's breaker state is read as it is now, not cached, and every new
//! round of probes is told to the breakers: a register found answering
//! closes its breaker at once, one found down opens it. So the breaker and
//! `/readyz` never disagree for longer than one probe, on the way down or
//! back up. Klantinteracties also shows the Open Klant release the gateway
//! takes it to be (`release`: detected from `API-version`, or pinned by
//! configuration).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use futures::future::join_all;
use serde_json::{json, Value};
use tokio::sync::Mutex;

use super::AppState;
use crate::app::App;
use crate::config::RegistersConfig;
use crate::graphql::error::ErrorCode;
use crate::registers::{BreakerState, Probe, Register};

/// The registers in the order `/readyz` shows them.
const REGISTERS: [Register; 3] = [
    Register::Klantinteracties,
    Register::Brp,
    Register::Referentielijsten,
];

/// One round of probes, one per register.
type Round = Arc<Vec<(Register, Probe)>>;

/// The last round of probes and when it ran.
pub struct Readiness {
    keep_for: Duration,
    last: Mutex<Option<(Instant, Round)>>,
}

impl Readiness {
    pub fn new(keep_for: Duration) -> Readiness {
        Readiness {
            keep_for,
            last: Mutex::new(None),
        }
    }

    /// The probes, from the last round while it is fresh, else a new round.
    async fn probes(&self, app: &App) -> Round {
        let mut last = self.last.lock().await;
        if let Some((at, probes)) = &*last {
            if at.elapsed() < self.keep_for {
                return probes.clone();
            }
        }
        let registers = &app.registers;
        let results = join_all(REGISTERS.map(|r| registers.probe(r))).await;
        let probes = Arc::new(REGISTERS.into_iter().zip(results).collect::<Vec<_>>());
        for handle in registers.handles() {
            if let Some((_, probe)) = probes.iter().find(|(r, _)| *r == handle.register()) {
                handle.breaker_probed(probe.is_up());
            }
        }
        *last = Some((Instant::now(), probes.clone()));
        probes
    }
}

fn required(config: &RegistersConfig, register: Register) -> bool {
    match register {
        Register::Klantinteracties => config.klantinteracties.required,
        Register::Brp => config.brp.required,
        Register::Referentielijsten => config.referentielijsten.required,
        // Not probed: only asked at start, to register the abonnement.
        Register::Notificaties => false,
    }
}

/// `GET /readyz`.
pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let app = &state.app;
    let probes = state.readiness.probes(app).await;
    let handles = app.registers.handles();
    let mut ready = !state.stopping.is_stopping();
    let mut registers = BTreeMap::new();
    for (register, probe) in probes.iter() {
        let required = required(&app.config.registers, *register);
        let breaker = handles
            .iter()
            .find(|h| h.register() == *register)
            .map(|h| h.breaker_state());
        let open = breaker == Some(BreakerState::Open);
        ready &= (probe.is_up() && !open) || !required;
        let breaker = breaker.map(BreakerState::as_str);
        let mut entry = json!({
            "status": if probe.is_up() { "up" } else { "down" },
            "required": required,
            "httpStatus": probe.status,
            "latencyMs": probe.elapsed.as_millis() as u64,
            "breaker": breaker,
        });
        if *register == Register::Klantinteracties {
            if let (Some(d), Some(map)) = (
                app.registers.klantinteracties.known_release(),
                entry.as_object_mut(),
            ) {
                map.insert(
                    "release".into(),
                    json!({
                        "openKlant": d.release.as_str(),
                        "apiVersion": d.api_version,
                        "source": d.source,
                        "refusesUnknownParameters": d.refuses_unknown_parameters,
                    }),
                );
            }
        }
        if let (Some(e), Some(map)) = (&probe.error, entry.as_object_mut()) {
            map.insert("code".into(), Value::from(e.code()));
            map.insert("error".into(), Value::from(e.to_string()));
        }
        registers.insert(register.as_str(), entry);
    }
    // The shared events backend (Redis), when there is one: required, since
    // without it this replica can neither accept notifications nor serve
    // subscriptions.
    let events = app.graphql.events.health().map(|h| {
        ready &= h.error.is_none();
        let mut entry = json!({
            "backend": h.name,
            "status": if h.error.is_none() { "up" } else { "down" },
            "required": true,
        });
        if let (Some(e), Some(map)) = (&h.error, entry.as_object_mut()) {
            map.insert("error".into(), Value::from(e.as_str()));
        }
        entry
    });
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let status_text = if state.stopping.is_stopping() {
        "shutting down"
    } else if ready {
        "ready"
    } else {
        "not ready"
    };
    let mut body = json!({
        "status": status_text,
        "registers": registers,
    });
    if let (Some(events), Some(map)) = (events, body.as_object_mut()) {
        map.insert("events".into(), events);
    }
    (status, Json(body))
}
