//! The sandbox Klantinteracties register (Open Klant 2.18, API 0.9.0).

pub mod model;
pub mod render;
pub mod store;
pub mod validate;
pub mod write;

use std::sync::Arc;

use axum::Router;

use super::SandboxState;

/// Routes under `/klantinteracties/api/v1`.
pub fn router(_state: Arc<SandboxState>) -> Router<Arc<SandboxState>> {
    write::routes()
}
