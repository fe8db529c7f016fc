//! The gateway's HTTP surface: GraphQL, GraphiQL and health.

pub mod authn;
pub mod context;
pub mod cors;
pub mod graphiql;
pub mod limits;
pub mod protect;
pub mod rate_limit;

use std::sync::Arc;

use async_graphql::BatchRequest;
use async_graphql_axum::{GraphQLBatchRequest, GraphQLResponse};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json, Router};

use crate::auth::Principal;
use crate::config::Config;
use crate::graphql::{self, Gateway, KlantbeeldSchema};

/// What the HTTP handlers share.
#[derive(Clone)]
struct AppState {
    schema: KlantbeeldSchema,
    gateway: Arc<Gateway>,
}

/// Why the router could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Registers(#[from] crate::registers::BuildError),
    #[error(transparent)]
    Auth(#[from] crate::auth::BuildError),
}

/// Builds the gateway's router.
pub fn router(config: Arc<Config>) -> Result<Router, BuildError> {
    let graphiql = config.server.graphiql;
    // Security: authentication, rate limit and body limit on /graphql, CORS on all.
    let graphql_route = protect::protect(get(graphql_handler).post(graphql_handler), &config)?;
    let cors = cors::layer(&config.cors);
    let gateway = Gateway::new(config)?;
    let state = AppState {
        schema: graphql::build(gateway.clone()),
        gateway,
    };
    let mut router = Router::new()
        .route("/graphql", graphql_route)
        .route("/healthz", get(healthz));
    if graphiql {
        router = router.route("/", get(graphiql::page));
    }
    Ok(router.with_state(state).layer(cors))
}

/// Executes a request (or a batch), each operation with its own loaders:
/// nothing loaded for one request is seen by another. Every operation
/// carries the request context (user and purpose, [`context`], bound to the
/// token by [`authn::bind_context`]) and the principal; a header that cannot
/// be used is a 400, a batch over `limits.max_batch` a refusal
/// (`limits::admit`), both before anything runs.
async fn graphql_handler(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    headers: HeaderMap,
    request: GraphQLBatchRequest,
) -> Response {
    let context = match context::request_context(&headers, &state.gateway.config.brp) {
        Ok(c) => authn::bind_context(c, &principal),
        Err(message) => {
            let body = serde_json::json!({"errors": [{
                "message": message,
                "extensions": {"code": "BAD_USER_INPUT"}
            }]});
            return (StatusCode::BAD_REQUEST, Json(body)).into_response();
        }
    };
    let admitted = limits::admit(
        request.into_inner(),
        &principal,
        &state.gateway.config.limits,
    );
    let batch = match admitted {
        Ok(batch) => batch,
        Err(refusal) => return refusal.into_response(),
    };
    let prepare = |r| graphql::prepare(r, &state.gateway, &context);
    let batch = match batch {
        BatchRequest::Single(r) => BatchRequest::Single(prepare(r)),
        BatchRequest::Batch(rs) => BatchRequest::Batch(rs.into_iter().map(prepare).collect()),
    };
    GraphQLResponse::from(state.schema.execute_batch(batch).await).into_response()
}

async fn healthz() -> impl IntoResponse {
    Json(serde_json::json!({ "status": "ok" }))
}
