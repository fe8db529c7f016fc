//! The authentication middleware of `/graphql`: the `Authorization` header
//! becomes a [`Principal`] in the request's extensions, or the request ends
//! with 401. Every refusal has the same body and header, whatever was wrong
//! (expired, wrong audience, bad signature, garbage): the reason goes to the
//! gateway's log only, so the answer teaches an attacker nothing.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::auth::{Authenticator, Principal};

/// Verifies the caller and passes the principal on to the handler.
pub async fn authenticate(
    State(auth): State<Arc<Authenticator>>,
    mut request: Request,
    next: Next,
) -> Response {
    let header = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    match auth.authorization(header).await {
        Ok(principal) => {
            request.extensions_mut().insert::<Principal>(principal);
            next.run(request).await
        }
        Err(_) => unauthorized(),
    }
}

/// The one 401 answer.
pub fn unauthorized() -> Response {
    let body = serde_json::json!({
        "errors": [{ "message": "unauthorized", "extensions": { "code": "UNAUTHENTICATED" } }]
    });
    (
        StatusCode::UNAUTHORIZED,
        [(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"klantbeeld\""),
        )],
        axum::Json(body),
    )
        .into_response()
}
