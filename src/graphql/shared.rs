//! What every GraphQL request shares: the register clients, the shared
//! caches, the planner, the metrics, the verwerkingslog and the events hub.
//! `app.rs` builds it once, with the rest of the application; each request
//! gets its own loaders on top of it (`graphql::prepare`).

use std::sync::Arc;

use uuid::Uuid;

use super::planner::Planner;
use super::referentie::Referenties;
use crate::audit::Verwerkingslog;
use crate::config::Config;
use crate::events::Events;
use crate::registers::klantinteracties::Actor;
use crate::registers::Registers;
use crate::telemetry::Metrics;

/// The shared actor cache: actors change rarely and are not personal data of
/// the caller, so they are kept across requests (`cache.actor_*`).
pub(crate) type ActorCache = moka::future::Cache<Uuid, Arc<Actor>>;

/// State shared by all GraphQL requests of one process.
pub struct Shared {
    pub(crate) config: Arc<Config>,
    pub(crate) registers: Registers,
    /// Actors, shared across requests for `cache.actor_ttl_seconds`.
    pub(crate) actors: ActorCache,
    /// Reference tables, shared across requests.
    pub(crate) referenties: Arc<Referenties>,
    /// Learns from every Klantinteracties read (`app.rs` adds it as an
    /// observer of the register transport).
    pub(crate) planner: Arc<Planner>,
    pub(crate) metrics: Arc<Metrics>,
    /// Where every BRP lookup is recorded.
    pub(crate) verwerkingslog: Verwerkingslog,
    /// The events hub: mutations and notifications publish, subscriptions read.
    pub(crate) events: Arc<Events>,
    /// Whether an event may go to subscribers with given reading rights,
    /// decided once for all of them (`graphql::subscription`).
    pub(crate) beoordelingen: crate::graphql::subscription::Beoordelingen,
}
