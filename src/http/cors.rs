//! CORS: browsers may call the gateway only from the origins in
//! `cors.allowed_origins`; an empty list allows no cross-origin call. The
//! layer answers preflight requests itself, before authentication (a
//! preflight carries no credentials).

use std::time::Duration;

use axum::http::{header, HeaderName, HeaderValue, Method};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::config::CorsConfig;

/// The CORS layer for `config` (its origins were checked at start).
pub fn layer(config: &CorsConfig) -> CorsLayer {
    let origins: Vec<HeaderValue> = config
        .allowed_origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o.trim_end_matches('/')).ok())
        .collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            HeaderName::from_static(super::execute::DEADLINE_HEADER),
        ])
        .expose_headers([HeaderName::from_static("retry-after")])
        .max_age(Duration::from_secs(config.max_age_seconds))
}
