//! The sandbox's control plane: the modelled cost of every request, injected
//! faults, and the counters behind `/_sandbox/stats`.
//!
//! Every register router is wrapped in [`layer`]: a request is counted, waits
//! for one of the register's `maxConcurrency` slots (as on a real server whose
//! workers are busy), is handled, and then holds its slot for the modelled time
//! `latency + jitter + perObject × returned + perExpandedObject × expanded`.
//! Handlers report what they returned by putting a [`Cost`] in the response's
//! extensions.
//!
//! Besides the keys that the bench and the tests rely on (`latencyMs`,
//! `jitterMs`, `perObjectMs`, `perExpandedObjectMs`, `maxConcurrency`,
//! `errorRate`, `timeoutRate`, `malformedRate`, and the `openklant-2.18`
//! profile), two faults serve the gateway's resilience tests: `failNext: n` answers the register's next `n` requests with a 500
//! (deterministic, unlike `errorRate`: one failure, then success, shows a
//! retry), and `trickleMs: n` sends every body in 64-byte pieces, `n` ms
//! apart (a slow link: headers come at once, the body does not). The stats
//! keep the `traceparent` of each register's recent requests.

use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use rand::Rng;
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;

/// The registers the sandbox plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Register {
    Klantinteracties,
    Brp,
    Referentielijsten,
}

impl Register {
    pub(crate) const ALL: [Register; 3] = [
        Register::Klantinteracties,
        Register::Brp,
        Register::Referentielijsten,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Register::Klantinteracties => "klantinteracties",
            Register::Brp => "brp",
            Register::Referentielijsten => "referentielijsten",
        }
    }
}

/// What a handler returned, for the cost model: the number of resources in
/// the response (results of a list, 1 for a detail) and the number of
/// objects inlined through `expand`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Cost {
    pub(crate) returned: usize,
    pub(crate) expanded: usize,
}

/// A register's cost model and faults, as `POST /_sandbox/faults` takes them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Faults {
    pub(crate) latency_ms: u64,
    pub(crate) jitter_ms: u64,
    pub(crate) per_object_ms: u64,
    pub(crate) per_expanded_object_ms: u64,
    /// Requests served at once; the rest wait. 0 means no limit.
    pub(crate) max_concurrency: usize,
    pub(crate) error_rate: f64,
    pub(crate) timeout_rate: f64,
    pub(crate) malformed_rate: f64,
    /// The next this many requests answer 500; counts down per request.
    pub(crate) fail_next: u64,
    /// Bodies are sent in [`TRICKLE_CHUNK`]-byte pieces this many ms apart.
    pub(crate) trickle_ms: u64,
}

impl Faults {
    /// The cost model measured on a real Open Klant 2.18.
    pub(crate) fn openklant_2_18() -> Faults {
        Faults {
            latency_ms: 15,
            per_object_ms: 10,
            per_expanded_object_ms: 25,
            max_concurrency: 8,
            ..Faults::default()
        }
    }

    /// A named profile, or `None` when the name is unknown.
    pub fn profile(name: &str) -> Option<Faults> {
        match name {
            "none" => Some(Faults::default()),
            "openklant-2.18" => Some(Faults::openklant_2_18()),
            _ => None,
        }
    }

    /// Names the first value out of range, for a 400 from `/_sandbox/faults`.
    pub(crate) fn check(&self) -> Result<(), String> {
        for (name, rate) in [
            ("errorRate", self.error_rate),
            ("timeoutRate", self.timeout_rate),
            ("malformedRate", self.malformed_rate),
        ] {
            if !(0.0..=1.0).contains(&rate) {
                return Err(format!("{name} must be between 0 and 1, got {rate}"));
            }
        }
        Ok(())
    }

    fn modelled(&self, cost: Cost) -> Duration {
        let jitter = if self.jitter_ms > 0 {
            rand::thread_rng().gen_range(0..=self.jitter_ms)
        } else {
            0
        };
        Duration::from_millis(
            self.latency_ms
                + jitter
                + self.per_object_ms * cost.returned as u64
                + self.per_expanded_object_ms * cost.expanded as u64,
        )
    }
}

/// How long a request hit by `timeoutRate` hangs before it is answered.
/// Far beyond any sane client timeout: the client gives up first.
const TIMEOUT_HOLD: Duration = Duration::from_secs(300);

/// How many write bodies (and `traceparent`s) the stats keep per register.
const RECENT_BODIES: usize = 200;

/// The size of a piece of a trickled body.
pub(crate) const TRICKLE_CHUNK: usize = 64;

/// One register's counters and settings.
#[derive(Debug)]
pub(crate) struct RegisterControl {
    faults: Mutex<Faults>,
    /// Replaced, not resized, when `maxConcurrency` changes: requests already
    /// holding a slot of the old semaphore finish on it.
    slots: Mutex<Option<Arc<Semaphore>>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    busy_us: AtomicU64,
    /// What is left of `failNext`.
    fail_next: AtomicU64,
    counts: Mutex<Counts>,
}

#[derive(Debug, Default)]
struct Counts {
    requests: u64,
    by_route: BTreeMap<String, u64>,
    by_call: BTreeMap<String, u64>,
    bodies: VecDeque<serde_json::Value>,
    traceparents: VecDeque<String>,
}

/// Appends to a bounded record, dropping the oldest entry when full.
fn keep<T>(record: &mut VecDeque<T>, item: T) {
    if record.len() == RECENT_BODIES {
        record.pop_front();
    }
    record.push_back(item);
}

impl RegisterControl {
    fn new(faults: Faults) -> Self {
        let rc = RegisterControl {
            faults: Mutex::new(Faults::default()),
            slots: Mutex::new(None),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
            busy_us: AtomicU64::new(0),
            fail_next: AtomicU64::new(0),
            counts: Mutex::new(Counts::default()),
        };
        rc.set_faults(faults);
        rc
    }

    pub(crate) fn faults(&self) -> Faults {
        let mut faults = self.faults.lock().expect("faults lock").clone();
        faults.fail_next = self.fail_next.load(Ordering::Relaxed);
        faults
    }

    pub(crate) fn set_faults(&self, faults: Faults) {
        let slots =
            (faults.max_concurrency > 0).then(|| Arc::new(Semaphore::new(faults.max_concurrency)));
        *self.slots.lock().expect("slots lock") = slots;
        self.fail_next.store(faults.fail_next, Ordering::Relaxed);
        *self.faults.lock().expect("faults lock") = faults;
    }

    fn reset(&self) {
        *self.counts.lock().expect("counts lock") = Counts::default();
        self.busy_us.store(0, Ordering::Relaxed);
        self.max_in_flight
            .store(self.in_flight.load(Ordering::Relaxed), Ordering::Relaxed);
    }

    fn snapshot(&self) -> serde_json::Value {
        let counts = self.counts.lock().expect("counts lock");
        serde_json::json!({
            "requests": counts.requests,
            "busyMs": self.busy_us.load(Ordering::Relaxed) / 1000,
            "maxInFlight": self.max_in_flight.load(Ordering::Relaxed),
            "inFlight": self.in_flight.load(Ordering::Relaxed),
            "byRoute": counts.by_route,
            "byCall": counts.by_call,
            "recentBodies": counts.bodies,
            "recentTraceparents": counts.traceparents,
        })
    }
}

/// Decrements the in-flight count however the request ends (also when the
/// client hangs up and the handler future is dropped).
struct InFlight<'a>(&'a AtomicUsize);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The control plane of all registers.
#[derive(Debug)]
pub(crate) struct Control {
    registers: BTreeMap<Register, RegisterControl>,
}

impl Control {
    /// Starts every register with the given cost model and faults.
    pub(crate) fn new(initial: impl Fn(Register) -> Faults) -> Self {
        Control {
            registers: Register::ALL
                .iter()
                .map(|r| (*r, RegisterControl::new(initial(*r))))
                .collect(),
        }
    }

    pub(crate) fn register(&self, register: Register) -> &RegisterControl {
        &self.registers[&register]
    }

    /// Clears every register's faults and cost model.
    pub(crate) fn clear_faults(&self) {
        for rc in self.registers.values() {
            rc.set_faults(Faults::default());
        }
    }

    pub(crate) fn reset_stats(&self) {
        for rc in self.registers.values() {
            rc.reset();
        }
    }

    /// The JSON of `GET /_sandbox/stats`.
    pub(crate) fn stats(&self) -> serde_json::Value {
        let registers: serde_json::Map<String, serde_json::Value> = self
            .registers
            .iter()
            .map(|(r, rc)| (r.name().to_string(), rc.snapshot()))
            .collect();
        let total: u64 = self
            .registers
            .values()
            .map(|rc| rc.counts.lock().expect("counts lock").requests)
            .sum();
        serde_json::json!({ "totalRequests": total, "registers": registers })
    }

    /// The JSON of `GET /_sandbox/faults`.
    pub(crate) fn faults(&self) -> serde_json::Value {
        let registers: serde_json::Map<String, serde_json::Value> = self
            .registers
            .iter()
            .map(|(r, rc)| {
                (
                    r.name().to_string(),
                    serde_json::to_value(rc.faults()).unwrap_or_default(),
                )
            })
            .collect();
        serde_json::Value::Object(registers)
    }
}

/// The middleware that counts, queues, delays and breaks a register's
/// requests. Install with `axum::middleware::from_fn_with_state((control,
/// register), layer)` as a `route_layer`, so that the matched path is known.
pub(crate) async fn layer(
    State((control, register)): State<(Arc<Control>, Register)>,
    request: Request,
    next: Next,
) -> Response {
    let rc = control.register(register);
    let method = request.method().clone();
    let template = request
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_else(|| request.uri().path().to_string());
    let call = match request.uri().query() {
        Some(q) => format!("{method} {}?{q}", request.uri().path()),
        None => format!("{method} {}", request.uri().path()),
    };

    // Keep write and BRP bodies, so that tests can see what was sent, with
    // the `x-…` headers (a BRP proxy's protocollering headers).
    let request = if method != axum::http::Method::GET {
        let (parts, body) = request.into_parts();
        let headers: serde_json::Map<String, serde_json::Value> = parts
            .headers
            .iter()
            .filter(|(name, _)| name.as_str().starts_with("x-"))
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                (name.to_string(), serde_json::Value::String(value))
            })
            .collect();
        let bytes = match to_bytes(body, 4 * 1024 * 1024).await {
            Ok(b) => b,
            Err(_) => {
                return (StatusCode::PAYLOAD_TOO_LARGE, "request body too large").into_response()
            }
        };
        let value = serde_json::from_slice::<serde_json::Value>(&bytes)
            .unwrap_or_else(|_| serde_json::Value::String(String::from_utf8_lossy(&bytes).into()));
        let mut counts = rc.counts.lock().expect("counts lock");
        keep(
            &mut counts.bodies,
            serde_json::json!({ "call": call, "body": value, "headers": headers }),
        );
        drop(counts);
        Request::from_parts(parts, Body::from(bytes))
    } else {
        request
    };

    let traceparent = request
        .headers()
        .get("traceparent")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    {
        let mut counts = rc.counts.lock().expect("counts lock");
        if let Some(t) = traceparent {
            keep(&mut counts.traceparents, t);
        }
        counts.requests += 1;
        *counts
            .by_route
            .entry(format!("{method} {template}"))
            .or_default() += 1;
        *counts.by_call.entry(call).or_default() += 1;
    }
    let now = rc.in_flight.fetch_add(1, Ordering::Relaxed) + 1;
    rc.max_in_flight.fetch_max(now, Ordering::Relaxed);
    let _in_flight = InFlight(&rc.in_flight);

    let faults = rc.faults();
    let slots = rc.slots.lock().expect("slots lock").clone();
    let _slot = match &slots {
        Some(s) => Some(s.acquire().await.expect("semaphore never closed")),
        None => None,
    };

    let (timeout, error, malformed) = {
        let mut rng = rand::thread_rng();
        (
            rng.gen_bool(faults.timeout_rate.clamp(0.0, 1.0)),
            rng.gen_bool(faults.error_rate.clamp(0.0, 1.0)),
            rng.gen_bool(faults.malformed_rate.clamp(0.0, 1.0)),
        )
    };
    let fail_next = rc
        .fail_next
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
        .is_ok();
    let error = error || fail_next;
    if timeout {
        tokio::time::sleep(TIMEOUT_HOLD).await;
        return StatusCode::GATEWAY_TIMEOUT.into_response();
    }

    let response = next.run(request).await;
    let cost = response
        .extensions()
        .get::<Cost>()
        .copied()
        .unwrap_or_default();
    let modelled = faults.modelled(cost);
    if !modelled.is_zero() {
        tokio::time::sleep(modelled).await;
    }
    rc.busy_us
        .fetch_add(modelled.as_micros() as u64, Ordering::Relaxed);

    if error {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "application/json")],
            r#"{"type":"about:blank","code":"error","title":"Er is een serverfout opgetreden.","status":500,"detail":"Injected fault (sandbox errorRate)."}"#,
        )
            .into_response();
    }
    if malformed {
        let (parts, body) = response.into_parts();
        let bytes = to_bytes(body, usize::MAX).await.unwrap_or_default();
        let cut = bytes.slice(..bytes.len() / 2);
        let mut parts = parts;
        parts.status = StatusCode::OK;
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, Body::from(cut));
    }
    if faults.trickle_ms > 0 {
        return trickle(response, Duration::from_millis(faults.trickle_ms)).await;
    }
    response
}

/// The response with its body sent in [`TRICKLE_CHUNK`]-byte pieces, `gap`
/// apart (the first at once).
async fn trickle(response: Response, gap: Duration) -> Response {
    let (parts, body) = response.into_parts();
    let bytes = to_bytes(body, usize::MAX).await.unwrap_or_default();
    let pieces: Vec<_> = bytes
        .chunks(TRICKLE_CHUNK)
        .map(axum::body::Bytes::copy_from_slice)
        .collect();
    let stream =
        futures::stream::iter(pieces.into_iter().enumerate()).then(move |(i, piece)| async move {
            if i > 0 {
                tokio::time::sleep(gap).await;
            }
            Ok::<_, std::convert::Infallible>(piece)
        });
    Response::from_parts(parts, Body::from_stream(stream))
}
