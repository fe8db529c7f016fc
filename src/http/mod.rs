//! The gateway's HTTP surface: GraphQL, GraphiQL and health.

pub mod graphiql;

use std::sync::Arc;

use axum::response::IntoResponse;
use axum::routing::{get, get_service};
use axum::{Json, Router};

use crate::config::Config;

/// Builds the gateway's router.
pub fn router(config: Arc<Config>) -> Result<Router, crate::graphql::BuildError> {
    let schema = crate::graphql::build(&config)?;
    let mut router = Router::new()
        .route(
            "/graphql",
            get_service(async_graphql_axum::GraphQL::new(schema.clone()))
                .post_service(async_graphql_axum::GraphQL::new(schema)),
        )
        .route("/healthz", get(healthz));
    if config.server.graphiql {
        router = router.route("/", get(graphiql::page));
    }
    Ok(router)
}

async fn healthz() -> impl IntoResponse {
    Json(serde_json::json!({ "status": "ok" }))
}
