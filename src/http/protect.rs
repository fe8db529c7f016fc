//! What stands in front of the GraphQL routes that take requests over HTTP
//! (`/graphql`, `/graphql/sse`), outermost first: authentication
//! (`authn`), rate limiting per principal ([`rate_limit`]), the body size
//! ([`limit_body`]). The order matters: an unauthenticated request is
//! refused before its body is read, and the rate limit counts per known
//! principal. CORS (`cors`) wraps the whole router. The limits themselves
//! are `crate::limits`'; this is their axum glue.
//!
//! One [`Protection`] serves every route: one authenticator (one JWKS
//! cache; the WebSocket route verifies its `connection_init` with it too)
//! and one rate limiter (one budget per principal, whichever route it uses).

use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;

use super::authn;
use crate::auth::{Authenticator, BuildError, Principal};
use crate::config::Config;
use crate::limits::rate::{retry_after_seconds, RateLimiter};
use crate::limits::request::BodyLimit;
use crate::limits::Refusal;

/// The layers of the GraphQL routes, built once from the configuration.
#[derive(Clone)]
pub struct Protection {
    /// Verifies the callers of every GraphQL transport.
    pub auth: Arc<Authenticator>,
    limiter: Option<Arc<RateLimiter>>,
    body: BodyLimit,
}

impl Protection {
    /// The authenticator, rate limiter and body limit `config` asks for.
    pub fn new(config: &Config) -> Result<Protection, BuildError> {
        Ok(Protection {
            auth: Arc::new(Authenticator::new(&config.auth)?),
            limiter: config
                .rate_limit
                .enabled
                .then(|| Arc::new(RateLimiter::new(&config.rate_limit))),
            body: BodyLimit::new(&config.limits),
        })
    }

    /// The rate limiter, when `rate_limit.enabled`: the GraphQL endpoint
    /// takes a token for each further operation of a batch, and the
    /// WebSocket route, which is not behind [`Protection::protect`], one per
    /// operation.
    pub fn limiter(&self) -> Option<Arc<RateLimiter>> {
        self.limiter.clone()
    }

    /// `route` behind authentication, rate limiting and the body limit.
    pub fn protect<S>(&self, route: MethodRouter<S>) -> MethodRouter<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        let mut route = route.layer(from_fn_with_state(self.body, limit_body));
        if let Some(limiter) = &self.limiter {
            route = route.layer(from_fn_with_state(limiter.clone(), rate_limit));
        }
        route.layer(from_fn_with_state(self.auth.clone(), authn::authenticate))
    }
}

/// A refused request: `status` and one `LIMIT_EXCEEDED` error naming the limit.
pub(super) fn refused(status: StatusCode, refusal: &Refusal) -> Response {
    let body = serde_json::json!({ "errors": [refusal.error()] });
    (status, axum::Json(body)).into_response()
}

/// Reads the body up to `limits.max_body_bytes`; a longer one ends the
/// request with 413 before the rest is read.
async fn limit_body(State(limit): State<BodyLimit>, request: Request, next: Next) -> Response {
    let too_large = || refused(StatusCode::PAYLOAD_TOO_LARGE, &limit.refusal());
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| !limit.admits(n)) {
        return too_large();
    }
    let (parts, body) = request.into_parts();
    match axum::body::to_bytes(body, limit.max()).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(_) => too_large(),
    }
}

/// After authentication, one token per request (a batch's further
/// operations take theirs in `execute`); 429 with `Retry-After` when the
/// principal has none left.
async fn rate_limit(
    State(limiter): State<Arc<RateLimiter>>,
    request: Request,
    next: Next,
) -> Response {
    let subject = request
        .extensions()
        .get::<Principal>()
        .map(|p| p.subject.clone())
        .unwrap_or_default();
    match limiter.take(&subject, Instant::now()) {
        Ok(()) => next.run(request).await,
        Err(wait) => too_many(retry_after_seconds(wait)),
    }
}

/// 429 with `Retry-After`: the principal has no tokens left.
pub(super) fn too_many(seconds: u64) -> Response {
    let body = serde_json::json!({ "errors": [crate::limits::rate::refused(seconds)] });
    (
        StatusCode::TOO_MANY_REQUESTS,
        [(header::RETRY_AFTER, HeaderValue::from(seconds))],
        axum::Json(body),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_many_says_when_to_come_back() {
        let r = too_many(2);
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.headers()[header::RETRY_AFTER], "2");
    }
}
