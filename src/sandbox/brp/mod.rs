//! The sandbox BRP Personen register (Haal Centraal BRP Personen bevragen 2.x).

use std::sync::Arc;

use axum::Router;

use super::dataset::Persoon;
use super::SandboxState;

/// The persons the sandbox BRP serves.
#[derive(Debug, Default)]
pub struct Store {}

impl Store {
    /// The official test persons plus the data set's own persons.
    pub fn new(_personen: &[Persoon]) -> Store {
        Store {}
    }
}

/// Routes under `/haalcentraal/api/brp/personen`.
pub fn router(_state: Arc<SandboxState>) -> Router<Arc<SandboxState>> {
    Router::new().route(
        "/haalcentraal/api/brp/personen",
        axum::routing::any(|| async { axum::http::StatusCode::NOT_IMPLEMENTED }),
    )
}
