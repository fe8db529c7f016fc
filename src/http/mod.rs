//! The gateway's HTTP surface: GraphQL, the playground, health, readiness
//! and metrics, every request observed by [`request::observe`].

pub mod accept;
pub mod authn;
pub mod cors;
mod documents;
mod execute;
pub mod grondslag;
pub mod listener;
pub mod origin;
pub mod over_http;
pub mod persisted;
pub mod playground;
pub mod protect;
pub mod ready;
pub mod request;
pub mod shutdown;
pub mod subscriptions;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};

use crate::app::App;
use crate::auth::Authenticator;
use crate::auth::{Ability, Principal};
use crate::graphql::{self, KlantbeeldSchema, Shared, Suggestions};
use crate::telemetry::{metrics, Spans};
use ready::Readiness;

/// What the HTTP handlers share.
#[derive(Clone)]
pub struct AppState {
    schemas: Schemas,
    documents: Arc<documents::Documents>,
    /// Automatic persisted queries and trusted documents.
    persisted: Arc<persisted::Persisted>,
    app: Arc<App>,
    readiness: Arc<Readiness>,
    /// Verifies callers; the WebSocket route uses it for `connection_init`.
    auth: Arc<Authenticator>,
    /// The rate limiter of `protect`, when enabled: a batch's further
    /// operations, and each operation over a WebSocket, take their tokens
    /// from it.
    limiter: Option<Arc<crate::limits::rate::RateLimiter>>,
    /// The graceful shut-down's phase (`/readyz`, subscriptions).
    stopping: shutdown::Stopping,
    /// WebSockets per principal and operations per WebSocket.
    connections: Arc<crate::limits::stream::Connections>,
}

/// The executable schemas, each in two kinds: with "Did you mean …"
/// suggestions in validation errors, for callers who may introspect the
/// schema, and without, for everyone else ([`Suggestions`]).
#[derive(Clone)]
struct Schemas {
    shown: SchemaPair,
    hidden: SchemaPair,
}

/// A schema with and without extensions.
#[derive(Clone)]
struct SchemaPair {
    /// With the limits and event-loader extensions: streaming transports,
    /// and the refusals of `POST /graphql`.
    checked: KlantbeeldSchema,
    /// Without extensions: `POST /graphql` within the limits (`execute`).
    unchecked: KlantbeeldSchema,
}

impl Schemas {
    fn new(gateway: &Arc<Shared>) -> Schemas {
        let pair = |suggestions| SchemaPair {
            checked: graphql::build(gateway.clone(), suggestions),
            unchecked: graphql::build_unchecked(gateway.clone(), suggestions),
        };
        Schemas {
            shown: pair(Suggestions::Shown),
            hidden: pair(Suggestions::Hidden),
        }
    }

    /// The schemas for `principal`'s requests.
    fn of(&self, principal: &Principal) -> &SchemaPair {
        if principal.can(Ability::Introspectie) {
            &self.shown
        } else {
            &self.hidden
        }
    }
}

/// Why the router could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Auth(#[from] crate::auth::BuildError),
    /// The trusted documents' manifest cannot be used (the message names
    /// the key).
    #[error("{0}")]
    Documents(String),
}

/// Builds the gateway's router over the built application; `spans` makes
/// the requests' exported spans; `stopping` is the graceful shut-down's
/// phase, which start-up moves.
pub fn router(
    app: Arc<App>,
    spans: Spans,
    stopping: shutdown::Stopping,
) -> Result<Router, BuildError> {
    let config = &app.config;
    let graphiql = config.server.graphiql;
    let keep_readiness = Duration::from_millis(config.server.readiness_cache_ms);
    // Security: authentication, rate limit and body limit on /graphql and
    // /graphql/sse, the same authentication for /graphql/ws, CORS on all.
    let protection = protect::Protection::new(config)?;
    // In front of that: the Origin check of every GraphQL transport
    // (`origin`), and for /graphql the media type of the answer (`accept`).
    let origins = Arc::new(origin::OriginPolicy::new(config));
    let graphql_route = protection
        .protect(
            get(execute::handler)
                .post(execute::handler)
                .fallback(execute::other_method),
        )
        .layer(from_fn_with_state(origins.clone(), origin::guard))
        .layer(from_fn(accept::negotiate));
    let cors = cors::layer(&config.cors);
    let persisted = persisted::Persisted::new(&config.documents, &config.limits)
        .map_err(BuildError::Documents)?;
    let webhook = crate::events::webhook::routes(&config.notificaties, app.intake.clone());
    let state = AppState {
        schemas: Schemas::new(&app.graphql),
        documents: Arc::new(documents::Documents::new(&config.limits)),
        persisted: Arc::new(persisted),
        app: app.clone(),
        readiness: Arc::new(Readiness::new(keep_readiness)),
        auth: protection.auth.clone(),
        limiter: protection.limiter(),
        stopping: stopping.clone(),
        connections: crate::limits::stream::Connections::new(&config.limits),
    };
    let mut router = Router::new()
        .route("/graphql", graphql_route)
        .route("/healthz", get(healthz))
        .route("/readyz", get(ready::readyz))
        .route("/metrics", get(metrics_text))
        // Live updates: subscriptions out, notifications in.
        .merge(subscriptions::routes(&protection, &origins))
        .merge(webhook);
    if graphiql {
        router = router.merge(playground::routes());
    }
    Ok(router
        .with_state(state)
        .layer(axum::middleware::from_fn_with_state(
            stopping,
            shutdown::cut_at_grace,
        ))
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
