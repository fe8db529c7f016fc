//! Writes to the sandbox Klantinteracties: POST, PUT, PATCH and DELETE.

use std::sync::Arc;

use axum::Router;

use crate::sandbox::SandboxState;

/// The write routes, merged into the register's router.
pub fn routes() -> Router<Arc<SandboxState>> {
    Router::new()
}
