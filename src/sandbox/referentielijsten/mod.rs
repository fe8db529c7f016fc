//! The sandbox Referentielijsten register (maykinmedia Referentielijsten API 0.2).

use std::sync::Arc;

use axum::Router;

use super::SandboxState;

/// The tables and items the sandbox serves.
#[derive(Debug, Default)]
pub struct Store {}

impl Store {
    /// The standard tables: KANAAL, TAAL, LAND, …
    pub fn standard() -> Store {
        Store {}
    }
}

/// Routes under `/api/v1`.
pub fn router(_state: Arc<SandboxState>) -> Router<Arc<SandboxState>> {
    Router::new().route(
        "/api/v1/tabellen",
        axum::routing::any(|| async { axum::http::StatusCode::NOT_IMPLEMENTED }),
    )
}
