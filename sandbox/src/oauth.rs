//! OAuth2 client credentials for the sandbox BRP, as RvIG's API gateway
//! demands them (client credentials, as RvIG documents for the
//! Haal Centraal BRP Personen API): `POST /_sandbox/oauth/token` issues a
//! bearer token to the configured client, valid for the configured time, and
//! the BRP refuses requests without a valid one (401, code `authentication`).
//! Without a configured client the BRP takes no token, as the official mock.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use super::problem::Problem;
use super::SandboxState;

/// The client the sandbox BRP accepts.
#[derive(Debug, Clone)]
pub struct OAuthSettings {
    pub client_id: String,
    pub client_secret: String,
    pub ttl: Duration,
}

/// The issued tokens and counters.
#[derive(Debug)]
pub(crate) struct OAuth {
    settings: OAuthSettings,
    tokens: Mutex<HashMap<String, Instant>>,
    issued: AtomicU64,
    refused: AtomicU64,
}

impl OAuth {
    pub(crate) fn new(settings: OAuthSettings) -> OAuth {
        OAuth {
            settings,
            tokens: Mutex::new(HashMap::new()),
            issued: AtomicU64::new(0),
            refused: AtomicU64::new(0),
        }
    }

    /// `{tokensIssued, refused}` for `/_sandbox/stats`.
    pub(crate) fn stats(&self) -> serde_json::Value {
        json!({
            "tokensIssued": self.issued.load(Ordering::Relaxed),
            "refused": self.refused.load(Ordering::Relaxed),
        })
    }

    fn valid(&self, token: &str) -> bool {
        let now = Instant::now();
        let mut tokens = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        tokens.retain(|_, expires| *expires > now);
        tokens.contains_key(token)
    }
}

/// `POST /_sandbox/oauth/token` (form: `grant_type=client_credentials`,
/// `client_id`, `client_secret`; `scope` and `resourceServer` are accepted).
pub(crate) async fn token(State(state): State<Arc<SandboxState>>, body: Bytes) -> Response {
    let error =
        |status: StatusCode, code: &str| (status, Json(json!({ "error": code }))).into_response();
    let Some(oauth) = &state.oauth else {
        return error(StatusCode::NOT_FOUND, "not_configured");
    };
    let form: HashMap<String, String> = url::form_urlencoded::parse(&body).into_owned().collect();
    if form.get("grant_type").map(String::as_str) != Some("client_credentials") {
        return error(StatusCode::BAD_REQUEST, "unsupported_grant_type");
    }
    let s = &oauth.settings;
    if form.get("client_id") != Some(&s.client_id)
        || form.get("client_secret") != Some(&s.client_secret)
    {
        oauth.refused.fetch_add(1, Ordering::Relaxed);
        return error(StatusCode::UNAUTHORIZED, "invalid_client");
    }
    let token = uuid::Uuid::new_v4().simple().to_string();
    oauth
        .tokens
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(token.clone(), Instant::now() + s.ttl);
    oauth.issued.fetch_add(1, Ordering::Relaxed);
    Json(json!({
        "access_token": token,
        "token_type": "bearer",
        "expires_in": s.ttl.as_secs(),
        "scope": form.get("scope").cloned().unwrap_or_default(),
    }))
    .into_response()
}

/// Lets a BRP request through only with a valid bearer token, when a
/// client is configured.
pub(crate) async fn require_bearer(
    State(state): State<Arc<SandboxState>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(oauth) = &state.oauth else {
        return next.run(request).await;
    };
    let bearer = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    if bearer.is_some_and(|t| oauth.valid(t)) {
        return next.run(request).await;
    }
    oauth.refused.fetch_add(1, Ordering::Relaxed);
    Problem::brp(
        StatusCode::UNAUTHORIZED,
        "authentication",
        "Niet correct geauthenticeerd.",
        request.uri().path(),
    )
    .into_response()
}
