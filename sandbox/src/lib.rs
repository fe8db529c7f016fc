//! The embedded sandbox: the registers the gateway federates (Klantinteracties,
//! BRP Personen, Referentielijsten), served over real HTTP on their real base
//! paths, so that a developer's machine, the tests and the benchmarks all run
//! the gateway's production code path (ARCHITECTURE.md, decisions 1 and 2).
//!
//! The sandbox is the other side of the contract: it is written from the specs
//! on its own, in a crate of its own that depends on nothing of the gateway,
//! so it shares no types with the gateway's register clients. The gateway
//! only starts it (with [`Settings`] its start-up maps from its own
//! configuration) and speaks HTTP to it.

mod brp;
mod control;
mod dataset;
mod klantinteracties;
mod notificaties;
mod oauth;
mod problem;
mod python;
mod referentielijsten;

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use tokio::net::TcpListener;

use control::Control;
pub use control::{Faults, Register};
pub use notificaties::{Bezorging, Instellingen};
pub use oauth::OAuthSettings;

/// What the sandbox is started with.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The token Klantinteracties accepts in `Authorization: Token <key>`.
    pub token: String,
    /// Seed of the data set generator: the same seed gives the same data.
    pub seed: u64,
    /// Number of partijen to generate (the C4161 persona comes on top).
    pub partijen: usize,
    /// Cost model and faults per register at start.
    pub faults: BTreeMap<Register, Faults>,
    /// The OAuth2 client the BRP demands; `None`: it takes no token.
    pub brp_oauth: Option<OAuthSettings>,
    /// Notifications after writes; `None` delivers none.
    pub notificaties: Option<Instellingen>,
    /// Which Open Klant release the Klantinteracties register answers as.
    pub openklant_release: OpenKlantRelease,
}

/// The Open Klant releases the sandbox Klantinteracties can be.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OpenKlantRelease {
    /// Open Klant 2.4.0 (API 0.0.3), a layer over the 2.18 register
    /// (`klantinteracties::release24`).
    V2_4,
    /// Open Klant 2.18.0 (API 0.9.0).
    #[default]
    V2_18,
}

impl OpenKlantRelease {
    /// `"2.4"` or `"2.18"` (also `"2.4.0"`, `"2.18.0"`); `None` otherwise.
    pub fn parse(name: &str) -> Option<OpenKlantRelease> {
        match name.trim() {
            "2.4" | "2.4.0" => Some(OpenKlantRelease::V2_4),
            "2.18" | "2.18.0" => Some(OpenKlantRelease::V2_18),
            _ => None,
        }
    }
}

/// Everything the sandbox's handlers share.
pub struct SandboxState {
    pub(crate) klantinteracties: RwLock<klantinteracties::store::Store>,
    pub(crate) brp: brp::Store,
    pub(crate) referentielijsten: referentielijsten::Store,
    pub(crate) control: Arc<Control>,
    pub(crate) token: String,
    /// Issued BRP tokens, when the BRP demands them.
    pub(crate) oauth: Option<oauth::OAuth>,
    /// The delivery of notifications, when enabled.
    pub(crate) notificaties: Option<notificaties::Bezorging>,
    /// The Open Klant release Klantinteracties answers as.
    pub(crate) openklant_release: OpenKlantRelease,
}

impl SandboxState {
    /// Generates the data set and sets up the control plane.
    pub fn build(settings: &Settings) -> Arc<SandboxState> {
        let dataset = dataset::generate(settings.seed, settings.partijen);
        let faults = settings.faults.clone();
        Arc::new(SandboxState {
            klantinteracties: RwLock::new(dataset.klantinteracties),
            brp: brp::Store::new(&dataset.personen),
            referentielijsten: referentielijsten::Store::standard(),
            control: Arc::new(Control::new(move |r| {
                faults.get(&r).cloned().unwrap_or_default()
            })),
            token: settings.token.clone(),
            oauth: settings.brp_oauth.clone().map(oauth::OAuth::new),
            notificaties: settings
                .notificaties
                .as_ref()
                .map(notificaties::Bezorging::new),
            openklant_release: settings.openklant_release,
        })
    }

    /// The delivery of notifications, when enabled: start-up names its
    /// target once the gateway listens.
    pub fn notificaties(&self) -> Option<&Bezorging> {
        self.notificaties.as_ref()
    }
}

/// The whole sandbox as one router: the three registers and `/_sandbox/*`.
pub(crate) fn router(state: Arc<SandboxState>) -> Router {
    let controlled = |register: Register, r: Router<Arc<SandboxState>>| {
        r.route_layer(axum::middleware::from_fn_with_state(
            (state.control.clone(), register),
            control::layer,
        ))
    };
    Router::<Arc<SandboxState>>::new()
        .merge(controlled(
            Register::Klantinteracties,
            klantinteracties::router(state.clone()).route_layer(
                axum::middleware::from_fn_with_state(state.clone(), notificaties::layer),
            ),
        ))
        .merge(controlled(
            Register::Brp,
            brp::router(state.clone()).route_layer(axum::middleware::from_fn_with_state(
                state.clone(),
                oauth::require_bearer,
            )),
        ))
        .merge(controlled(
            Register::Referentielijsten,
            referentielijsten::router(state.clone()),
        ))
        .route("/_sandbox/stats", get(stats))
        .route("/_sandbox/oauth/token", post(oauth::token))
        .route("/_sandbox/reset-stats", post(reset_stats))
        .route(
            "/_sandbox/faults",
            get(get_faults).post(set_faults).delete(clear_faults),
        )
        .fallback(unknown_path)
        .with_state(state)
}

/// A path no register serves, answered as the real services answer it
/// (recorded on Open Klant 2.18.0 and Referentielijsten 0.7.4): Django's
/// HTML 404 page, except `/api/v1` (a 301 to `/api/v1/`) and another API
/// version under `/api/` (Referentielijsten' JSON 404).
async fn unknown_path(uri: axum::http::Uri, headers: axum::http::HeaderMap) -> Response {
    use axum::http::header;
    let path = uri.path();
    if path == "/api/v1" {
        return (
            StatusCode::MOVED_PERMANENTLY,
            [
                (header::LOCATION, "/api/v1/"),
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            ],
        )
            .into_response();
    }
    if path.starts_with("/api/") && !path.starts_with("/api/v1/") {
        return referentielijsten::unknown_version(&headers);
    }
    let service = if path.starts_with("/klantinteracties/") {
        "Open Klant"
    } else {
        "Referentielijst"
    };
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>API dashboard | {service}</title></head>\n<body><h1>Niet gevonden</h1></body>\n</html>\n"
        ),
    )
        .into_response()
}

/// Serves the sandbox on `listener` until the task is dropped.
pub async fn serve(listener: TcpListener, state: Arc<SandboxState>) -> std::io::Result<()> {
    axum::serve(listener, router(state)).await
}

async fn stats(State(state): State<Arc<SandboxState>>) -> Json<serde_json::Value> {
    let mut stats = state.control.stats();
    if let (Some(oauth), Some(map)) = (&state.oauth, stats.as_object_mut()) {
        map.insert("oauth".into(), oauth.stats());
    }
    Json(stats)
}

async fn reset_stats(State(state): State<Arc<SandboxState>>) -> StatusCode {
    state.control.reset_stats();
    StatusCode::NO_CONTENT
}

async fn get_faults(State(state): State<Arc<SandboxState>>) -> Json<serde_json::Value> {
    Json(state.control.faults())
}

async fn clear_faults(State(state): State<Arc<SandboxState>>) -> StatusCode {
    state.control.clear_faults();
    StatusCode::NO_CONTENT
}

/// `POST /_sandbox/faults`: `{"register": …, "profile": …}` or
/// `{"register": …, <Faults fields>}`. The register's settings are replaced
/// as a whole; a profile may be combined with explicit fields that override it.
async fn set_faults(State(state): State<Arc<SandboxState>>, body: axum::body::Bytes) -> Response {
    let bad = |msg: String| {
        (
            StatusCode::BAD_REQUEST,
            Json(serde_json::json!({ "error": msg })),
        )
    };
    let mut value: serde_json::Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => return bad(format!("body is not JSON: {e}")).into_response(),
    };
    let Some(obj) = value.as_object_mut() else {
        return bad("body must be a JSON object".into()).into_response();
    };
    let register: Register = match obj.remove("register").map(serde_json::from_value) {
        Some(Ok(r)) => r,
        Some(Err(_)) => {
            return bad("register must be one of klantinteracties, brp, referentielijsten".into())
                .into_response()
        }
        None => return bad("register is required".into()).into_response(),
    };
    let base = match obj.remove("profile") {
        None => Faults::default(),
        Some(serde_json::Value::String(name)) => match Faults::profile(&name) {
            Some(f) => f,
            None => {
                return bad(format!(
                    "unknown profile {name:?}; known: none, openklant-2.18"
                ))
                .into_response()
            }
        },
        Some(_) => return bad("profile must be a string".into()).into_response(),
    };
    let mut merged = serde_json::to_value(&base).unwrap_or_default();
    if let Some(target) = merged.as_object_mut() {
        for (k, v) in obj.iter() {
            if !target.contains_key(k) {
                return bad(format!("unknown key {k:?}")).into_response();
            }
            target.insert(k.clone(), v.clone());
        }
    }
    let faults: Faults = match serde_json::from_value(merged) {
        Ok(f) => f,
        Err(e) => return bad(format!("invalid fault settings: {e}")).into_response(),
    };
    if let Err(e) = faults.check() {
        return bad(e).into_response();
    }
    state.control.register(register).set_faults(faults);
    Json(state.control.faults()).into_response()
}

/// The base URL of a request (`http://host:port`), from its `Host` header, as
/// Open Klant builds absolute URLs from the request host.
pub(crate) fn base_url(headers: &axum::http::HeaderMap) -> String {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    format!("http://{host}")
}
