//! The gateway's HTTP surface: GraphQL, GraphiQL and health.

pub mod context;
pub mod graphiql;
pub mod subscriptions;

use std::sync::Arc;

use async_graphql::BatchRequest;
use async_graphql_axum::{GraphQLBatchRequest, GraphQLResponse};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};

use crate::config::Config;
use crate::graphql::{self, Gateway, KlantbeeldSchema};

/// What the HTTP handlers share.
#[derive(Clone)]
struct AppState {
    schema: KlantbeeldSchema,
    gateway: Arc<Gateway>,
}

/// Builds the gateway's router.
pub fn router(config: Arc<Config>) -> Result<Router, crate::registers::BuildError> {
    let graphiql = config.server.graphiql;
    let gateway = Gateway::new(config)?;
    let state = AppState {
        schema: graphql::build(gateway.clone()),
        gateway,
    };
    let mut router = Router::new()
        .route("/graphql", get(graphql_handler).post(graphql_handler))
        .route("/healthz", get(healthz))
        // Live updates: subscriptions out, notifications in.
        .merge(subscriptions::routes(state.schema.clone()))
        .merge(crate::events::webhook::routes(state.gateway.clone()));
    if graphiql {
        router = router.route("/", get(graphiql::page));
    }
    Ok(router.with_state(state))
}

/// Executes a request (or a batch), each operation with its own loaders:
/// nothing loaded for one request is seen by another. Every operation
/// carries the request context (user and purpose, [`context`]); a header
/// that cannot be used is a 400 before anything runs.
async fn graphql_handler(
    State(state): State<AppState>,
    headers: HeaderMap,
    request: GraphQLBatchRequest,
) -> Response {
    let context = match context::request_context(&headers, &state.gateway.config.brp) {
        Ok(c) => c,
        Err(message) => {
            let body = serde_json::json!({"errors": [{
                "message": message,
                "extensions": {"code": "BAD_USER_INPUT"}
            }]});
            return (StatusCode::BAD_REQUEST, Json(body)).into_response();
        }
    };
    let prepare = |r| graphql::prepare(r, &state.gateway, &context);
    let batch = match request.into_inner() {
        BatchRequest::Single(r) => BatchRequest::Single(prepare(r)),
        BatchRequest::Batch(rs) => BatchRequest::Batch(rs.into_iter().map(prepare).collect()),
    };
    GraphQLResponse::from(state.schema.execute_batch(batch).await).into_response()
}

async fn healthz() -> impl IntoResponse {
    Json(serde_json::json!({ "status": "ok" }))
}
