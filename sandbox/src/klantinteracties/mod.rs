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

use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;

use super::SandboxState;
use crate::problem::Problem;

/// All routes of the register, read and write, behind the token check.
pub(crate) fn router(state: Arc<SandboxState>) -> Router<Arc<SandboxState>> {
    read::routes()
        .merge(write::routes())
        .route_layer(axum::middleware::from_fn(method_not_allowed))
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

/// A method the path does not take: DRF's 405 problem (recorded on 2.18.0,
/// `method-not-allowed-*`), with the `Allow` the router computed. Its title
/// is literally `Methode "{method}" niet toegestaan.`, as Open Klant sends it.
async fn method_not_allowed(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let base = crate::base_url(request.headers());
    let response = next.run(request).await;
    if response.status() != StatusCode::METHOD_NOT_ALLOWED {
        return response;
    }
    let allow = response.headers().get(header::ALLOW).cloned();
    let mut problem = Problem::vng(
        StatusCode::METHOD_NOT_ALLOWED,
        "MethodNotAllowed",
        "method_not_allowed",
        "Methode \"{method}\" niet toegestaan.",
    )
    .detail(format!("Methode \"{method}\" niet toegestaan."))
    .with_base(&base)
    .into_response();
    if let Some(allow) = allow {
        problem.headers_mut().insert(header::ALLOW, allow);
    }
    problem
}
