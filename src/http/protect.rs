//! What stands in front of `/graphql`, outermost first: authentication
//! (`authn`), rate limiting per principal (`rate_limit`), the body size
//! (`limits`). The order matters: an unauthenticated request is refused
//! before its body is read, and the rate limit counts per known principal.
//! CORS (`cors`) wraps the whole router.

use std::sync::Arc;

use axum::middleware::from_fn_with_state;
use axum::routing::MethodRouter;

use super::rate_limit::RateLimiter;
use super::{authn, limits, rate_limit};
use crate::auth::{Authenticator, BuildError};
use crate::config::Config;

/// `route` behind authentication, rate limiting and the body limit.
pub fn protect<S>(route: MethodRouter<S>, config: &Config) -> Result<MethodRouter<S>, BuildError>
where
    S: Clone + Send + Sync + 'static,
{
    let auth = Arc::new(Authenticator::new(&config.auth)?);
    let mut route = route.layer(from_fn_with_state(
        config.limits.max_body_bytes,
        limits::limit_body,
    ));
    if config.rate_limit.enabled {
        let limiter = Arc::new(RateLimiter::new(&config.rate_limit));
        route = route.layer(from_fn_with_state(limiter, rate_limit::limit));
    }
    Ok(route.layer(from_fn_with_state(auth, authn::authenticate)))
}
