//! The sandbox Klantinteracties register (Open Klant 2.18, API 0.9.0), served
//! under `/klantinteracties/api/v1` as the real server serves it: the same
//! resources, filters, `expand`, paging, token authentication and problem
//! bodies (research `klantinteracties.md`).
//!
//! `read` answers the GETs, `write` the POST, PUT, PATCH and DELETE; both
//! render through `render`, and `auth` guards them all. With
//! `openklant_release = "2.4"`, `release24` turns it into Open Klant 2.4.0.

pub(crate) mod auth;
pub(crate) mod errors;
pub(crate) mod expand;
pub(crate) mod filters;
pub(crate) mod model;
pub(crate) mod paging;
pub(crate) mod query;
pub(crate) mod read;
pub(crate) mod release24;
pub(crate) mod render;
pub(crate) mod store;
pub(crate) mod time;
pub(crate) mod validate;
pub(crate) mod write;

use std::sync::Arc;

use axum::Router;

use super::SandboxState;

/// All routes of the register, read and write, behind the token check.
pub(crate) fn router(state: Arc<SandboxState>) -> Router<Arc<SandboxState>> {
    read::routes()
        .merge(write::routes())
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::layer,
        ))
        // Outermost: Open Klant 2.4 reshapes what goes in and comes out.
        .route_layer(axum::middleware::from_fn_with_state(
            state,
            release24::layer,
        ))
}
