//! The gateway's HTTP surface: GraphQL, GraphiQL, health, readiness and
//! metrics, every request observed by [`request::observe`].

pub mod authn;
pub mod cors;
mod documents;
mod execute;
pub mod graphiql;
pub mod grondslag;
pub mod protect;
pub mod ready;
pub mod request;
pub mod subscriptions;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};

use crate::app::App;
use crate::auth::Authenticator;
use crate::graphql::{self, KlantbeeldSchema};
use crate::telemetry::{metrics, Spans};
use ready::Readiness;

/// What the HTTP handlers share.
#[derive(Clone)]
pub struct AppState {
    /// With the limits and event-loader extensions: streaming transports,
    /// and the refusals of `POST /graphql`.
    schema: KlantbeeldSchema,
    /// Without extensions: `POST /graphql` within the limits (`execute`).
    unchecked: KlantbeeldSchema,
    documents: Arc<documents::Documents>,
    app: Arc<App>,
    readiness: Arc<Readiness>,
    /// Verifies callers; the WebSocket route uses it for `connection_init`.
    auth: Arc<Authenticator>,
}

/// Builds the gateway's router over the built application; `spans` makes
/// the requests' exported spans.
pub fn router(app: Arc<App>, spans: Spans) -> Result<Router, crate::auth::BuildError> {
    let config = &app.config;
    let graphiql = config.server.graphiql;
    let keep_readiness = Duration::from_millis(config.server.readiness_cache_ms);
    // Security: authentication, rate limit and body limit on /graphql and
    // /graphql/sse, the same authentication for /graphql/ws, CORS on all.
    let protection = protect::Protection::new(config)?;
    let graphql_route = protection.protect(get(execute::handler).post(execute::handler));
    let cors = cors::layer(&config.cors);
    let webhook = crate::events::webhook::routes(&config.notificaties, app.intake.clone());
    let state = AppState {
        schema: graphql::build(app.graphql.clone()),
        unchecked: graphql::build_unchecked(app.graphql.clone()),
        documents: Arc::new(documents::Documents::new(&config.limits)),
        app: app.clone(),
        readiness: Arc::new(Readiness::new(keep_readiness)),
        auth: protection.auth.clone(),
    };
    let mut router = Router::new()
        .route("/graphql", graphql_route)
        .route("/healthz", get(healthz))
        .route("/readyz", get(ready::readyz))
        .route("/metrics", get(metrics_text))
        // Live updates: subscriptions out, notifications in.
        .merge(subscriptions::routes(&protection))
        .merge(webhook);
    if graphiql {
        router = router.route("/", get(graphiql::page));
    }
    Ok(router
        .with_state(state)
        .layer(axum::middleware::from_fn_with_state(
            spans,
            request::observe,
        ))
        .layer(cors))
}

/// `GET /healthz`: the process is up (no register is asked).
async fn healthz() -> impl IntoResponse {
    Json(serde_json::json!({ "status": "ok" }))
}

/// `GET /metrics`: Prometheus (OpenMetrics) text.
async fn metrics_text(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(CONTENT_TYPE, metrics::CONTENT_TYPE)],
        state.app.metrics.render(),
    )
}
