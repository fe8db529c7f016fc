//! What every Klantinteracties request passes before its handler, in DRF's
//! order: content negotiation (406 when `Accept` names nothing the JSON
//! renderer makes, e.g. `application/problem+json`), then DRF's
//! `TokenAuthentication` (`Authorization: Token <key>`, 401 otherwise). Every
//! answer, errors included, carries `API-version: 0.9.0`.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::{ACCEPT, AUTHORIZATION, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::errors::{self, Rejection};
use crate::{base_url, SandboxState};

/// The API version Open Klant 2.18 reports.
pub(crate) const API_VERSION: &str = "0.9.0";

/// The middleware; install as a `route_layer` with the sandbox state.
pub(crate) async fn layer(
    State(state): State<Arc<SandboxState>>,
    request: Request,
    next: Next,
) -> Response {
    let base = base_url(request.headers());
    let checked = acceptable(request.headers(), &base)
        .and_then(|()| authenticate(request.headers(), &state.token, &base));
    let mut response = match checked {
        Ok(()) => next.run(request).await,
        Err(problem) => {
            let unauthorized = problem.status.as_u16() == 401;
            let mut response = (*problem).into_response();
            if unauthorized {
                response
                    .headers_mut()
                    .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Token"));
            }
            response
        }
    };
    response
        .headers_mut()
        .insert("API-version", HeaderValue::from_static(API_VERSION));
    response
}

/// DRF's renderer selection with one renderer, `application/json`: no
/// `Accept` header is fine, otherwise some media range must cover it
/// (parameters such as `q` or `charset` do not matter).
fn acceptable(headers: &HeaderMap, base: &str) -> Result<(), Rejection> {
    let values: Vec<&HeaderValue> = headers.get_all(ACCEPT).iter().collect();
    if values.is_empty() {
        return Ok(());
    }
    let covers = |range: &str| {
        let media = range
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        matches!(media.as_str(), "*/*" | "application/*" | "application/json")
    };
    let ok = values
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(covers);
    if ok {
        Ok(())
    } else {
        Err(errors::not_acceptable(base))
    }
}

/// DRF's `TokenAuthentication` with the one token of the sandbox.
fn authenticate(headers: &HeaderMap, token: &str, base: &str) -> Result<(), Rejection> {
    let header = headers
        .get(AUTHORIZATION)
        .map(HeaderValue::as_bytes)
        .unwrap_or_default();
    let words: Vec<&[u8]> = header
        .split(|b| b.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        [scheme, ..] if !scheme.eq_ignore_ascii_case(b"token") => {
            Err(errors::not_authenticated(base))
        }
        [] => Err(errors::not_authenticated(base)),
        [_] => Err(errors::authentication_failed(
            base,
            "Ongeldige token header. Geen authenticatiegegevens opgegeven.",
        )),
        [_, key] => match std::str::from_utf8(key) {
            Ok(key) if key == token => Ok(()),
            Ok(_) => Err(errors::authentication_failed(base, "Ongeldige token.")),
            Err(_) => Err(errors::authentication_failed(
                base,
                "Ongeldige token header. Token string mag geen ongeldige karakters bevatten.",
            )),
        },
        _ => Err(errors::authentication_failed(
            base,
            "Ongeldige token header. Token string mag geen spaties bevatten.",
        )),
    }
}
