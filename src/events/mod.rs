//! Live updates (DESIGN.md decision 9): notifications come in through a
//! webhook, the gateway's own mutations report what they wrote, and both
//! become domain events in one hub; GraphQL subscriptions read from it.
//!
//! - [`event`]: the events and their ids.
//! - [`hub`]: the backend trait; [`memory`]: the in-memory backend.
//! - [`notificatie`]: a notification as Open Notificaties delivers it.
//! - [`webhook`]: the consumer endpoint (auth, 204 at once, deduplication).
//! - [`intake`]: a notification → the register's object → a domain event,
//!   and the shared caches it invalidates.
//! - [`abonnement`]: registering at a Notificaties API at start.
//!
//! Delivery is at-least-once and the same change may arrive both from a
//! mutation and from its notification, so [`Events::publish`] publishes an
//! event only when it tells something new about its object (see
//! [`event::Gebeurtenis::herhaalt`]): a subscriber sees each change once.

pub mod abonnement;
pub mod event;
pub mod hub;
pub mod intake;
pub mod memory;
pub mod notificatie;
pub mod webhook;

use std::sync::Arc;
use std::time::Duration;

use event::{Event, EventId, Gebeurtenis, InterneTaakGewijzigd, Onderwerp};
use hub::{Backend, EventStream, HubError};

use crate::config::Config;

/// The hub as the rest of the gateway uses it.
pub struct Events {
    backend: Box<dyn Backend>,
    /// The last event published about each object (bounded, expiring).
    laatste: moka::future::Cache<Onderwerp, Arc<Event>>,
    /// Makes "compare with the last event, then publish" one step.
    publiceren: tokio::sync::Mutex<()>,
}

impl Events {
    /// The hub the configuration asks for.
    pub fn new(config: &Config) -> Events {
        Events::with_backend(
            Box::new(memory::Memory::new(config.events.replay_buffer)),
            config.notificaties.dedup_capacity,
            Duration::from_secs(config.notificaties.dedup_seconds),
        )
    }

    /// A hub over `backend`, remembering the last event of at most
    /// `capacity` objects for `ttl`.
    pub fn with_backend(backend: Box<dyn Backend>, capacity: u64, ttl: Duration) -> Events {
        Events {
            backend,
            laatste: moka::future::Cache::builder()
                .max_capacity(capacity)
                .time_to_live(ttl)
                .build(),
            publiceren: tokio::sync::Mutex::new(()),
        }
    }

    /// Publishes `gebeurtenis` unless it repeats the last event about the
    /// same object; `None` when it did. A changed interne taak gets the
    /// previous version as `vorige`.
    pub async fn publish(
        &self,
        mut gebeurtenis: Gebeurtenis,
    ) -> Result<Option<Arc<Event>>, HubError> {
        let _one_at_a_time = self.publiceren.lock().await;
        let onderwerp = gebeurtenis.onderwerp();
        let vorige = self.laatste.get(&onderwerp).await;
        if let Some(v) = &vorige {
            if gebeurtenis.herhaalt(&v.gebeurtenis) {
                return Ok(None);
            }
        }
        if let (
            Gebeurtenis::InterneTaakGewijzigd(nieuw),
            Some(Gebeurtenis::InterneTaakGewijzigd(InterneTaakGewijzigd {
                interne_taak: Some(oud),
                ..
            })),
        ) = (&mut gebeurtenis, vorige.as_ref().map(|v| &v.gebeurtenis))
        {
            nieuw.vorige = Some(oud.clone());
        }
        let event = self.backend.publish(gebeurtenis).await?;
        self.laatste.insert(onderwerp, event.clone()).await;
        Ok(Some(event))
    }

    /// Whether an event about `onderwerp` was published (and is remembered).
    pub async fn gezien(&self, onderwerp: Onderwerp) -> bool {
        self.laatste.contains_key(&onderwerp)
    }

    /// The last event published about `onderwerp`, if remembered.
    pub async fn laatste(&self, onderwerp: Onderwerp) -> Option<Arc<Event>> {
        self.laatste.get(&onderwerp).await
    }

    /// The events after `vanaf`, then the live ones (see [`Backend::subscribe`]).
    pub async fn subscribe(&self, vanaf: Option<EventId>) -> Result<EventStream, HubError> {
        self.backend.subscribe(vanaf).await
    }
}
