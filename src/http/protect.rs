//! What stands in front of the GraphQL routes that take requests over HTTP
//! (`/graphql`, `/graphql/sse`), outermost first: authentication
//! (`authn`), rate limiting per principal (`rate_limit`), the body size
//! (`limits`). The order matters: an unauthenticated request is refused
//! before its body is read, and the rate limit counts per known principal.
//! CORS (`cors`) wraps the whole router.
//!
//! One [`Protection`] serves every route: one authenticator (one JWKS
//! cache; the WebSocket route verifies its `connection_init` with it too)
//! and one rate limiter (one budget per principal, whichever route it uses).

use std::sync::Arc;

use axum::middleware::from_fn_with_state;
use axum::routing::MethodRouter;

use super::rate_limit::RateLimiter;
use super::{authn, limits, rate_limit};
use crate::auth::{Authenticator, BuildError};
use crate::config::Config;

/// The layers of the GraphQL routes, built once from the configuration.
#[derive(Clone)]
pub struct Protection {
    /// Verifies the callers of every GraphQL transport.
    pub auth: Arc<Authenticator>,
    limiter: Option<Arc<RateLimiter>>,
    max_body_bytes: usize,
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
            max_body_bytes: config.limits.max_body_bytes,
        })
    }

    /// `route` behind authentication, rate limiting and the body limit.
    pub fn protect<S>(&self, route: MethodRouter<S>) -> MethodRouter<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        let mut route = route.layer(from_fn_with_state(self.max_body_bytes, limits::limit_body));
        if let Some(limiter) = &self.limiter {
            route = route.layer(from_fn_with_state(limiter.clone(), rate_limit::limit));
        }
        route.layer(from_fn_with_state(self.auth.clone(), authn::authenticate))
    }
}
