//! Live updates (ARCHITECTURE.md, decision 9): notifications come in through a
//! webhook, the gateway's own mutations report what they wrote, and both
//! become domain events in one hub; GraphQL subscriptions read from it.
//!
//! - [`event`]: the events and their ids.
//! - [`hub`]: the backend trait; [`memory`]: the in-memory backend (one
//!   replica); [`redis`]: a Redis stream shared by several replicas;
//!   [`ring`]: a replica's replay buffer, bounded by count and bytes.
//! - [`notificatie`]: a notification as Open Notificaties delivers it.
//! - [`webhook`]: the consumer endpoint (auth, deduplication through the
//!   backend, 204 at once).
//! - [`intake`]: a notification → the register's object → a domain event,
//!   and the shared caches it invalidates.
//! - [`abonnement`]: registering at a Notificaties API at start.
//!
//! Delivery is at-least-once and the same change may arrive both from a
//! mutation and from its notification, so [`Events::publish`] publishes an
//! event only when it tells something new about its object (see
//! [`event::Gebeurtenis::vingerafdruk`]): a subscriber sees each change once.

pub(crate) mod abonnement;
pub(crate) mod event;
pub(crate) mod hub;
pub(crate) mod intake;
pub(crate) mod memory;
pub(crate) mod notificatie;
pub(crate) mod redis;
pub(crate) mod ring;
pub(crate) mod webhook;

use std::sync::Arc;
use std::time::Duration;

use event::{Event, EventId, Gebeurtenis, Onderwerp};
use hub::{Backend, EventStream, Health, HubError, Observer};

use crate::config::{Config, EventsBackend};

/// The hub as the rest of the gateway uses it.
pub(crate) struct Events {
    backend: Box<dyn Backend>,
}

impl Events {
    /// The hub the configuration asks for, reporting to `observer`. With
    /// `redis` it starts the replica's stream reader (on the runtime), and
    /// starts even while Redis is down: queries and mutations do not need it.
    pub(crate) fn new(config: &Config, observer: Arc<dyn Observer>) -> Events {
        let bounds = hub::Bounds {
            count: config.events.replay_buffer,
            bytes: config.events.replay_buffer_bytes,
            max_replay: config.events.max_replay,
            dedup_capacity: config.notificaties.dedup_capacity.get(),
            dedup_ttl: Duration::from_secs(config.notificaties.dedup_seconds.get()),
        };
        let backend: Box<dyn Backend> = match config.events.backend {
            EventsBackend::Memory => Box::new(memory::Memory::new(bounds, observer)),
            EventsBackend::Redis => {
                Box::new(redis::Redis::start(&config.events.redis, bounds, observer))
            }
        };
        Events { backend }
    }

    /// Publishes `gebeurtenis` unless it repeats the last event about the
    /// same object; `None` when it did.
    pub(crate) async fn publish(
        &self,
        gebeurtenis: Gebeurtenis,
    ) -> Result<Option<Arc<Event>>, HubError> {
        self.backend.publish(gebeurtenis).await
    }

    /// Whether an event about `onderwerp` was published (and is remembered).
    pub(crate) async fn gezien(&self, onderwerp: Onderwerp) -> Result<bool, HubError> {
        self.backend.gezien(onderwerp).await
    }

    /// The events after `vanaf`, then the live ones (see [`Backend::subscribe`]).
    pub(crate) async fn subscribe(&self, vanaf: Option<EventId>) -> Result<EventStream, HubError> {
        self.backend.subscribe(vanaf).await
    }

    /// Claims a notification's key (see [`Backend::claim`]).
    pub(crate) async fn claim(&self, sleutel: String) -> Result<bool, HubError> {
        self.backend.claim(sleutel).await
    }

    /// The external backend's state, when there is one.
    pub(crate) fn health(&self) -> Option<Health> {
        self.backend.health()
    }
}
