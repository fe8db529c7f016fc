//! Live updates (ARCHITECTURE.md, decision 9): notifications come in through a
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
//! [`event::Gebeurtenis::vingerafdruk`]): a subscriber sees each change once.

pub(crate) mod abonnement;
pub(crate) mod event;
pub(crate) mod hub;
pub(crate) mod intake;
pub(crate) mod memory;
pub(crate) mod notificatie;
pub(crate) mod webhook;

use std::sync::Arc;
use std::time::Duration;

use event::{Event, EventId, Gebeurtenis, Onderwerp};
use hub::{Backend, EventStream, HubError};

use crate::config::Config;
use crate::registers::klantinteracties::{InterneTaak, Partij};

/// The hub as the rest of the gateway uses it.
pub(crate) struct Events {
    backend: Box<dyn Backend>,
    /// What the last event about each object said (bounded, expiring).
    laatste: moka::future::Cache<Onderwerp, Laatste>,
    /// Makes "compare with the last event, then publish" one step.
    publiceren: tokio::sync::Mutex<()>,
}

/// What is remembered of the last event about an object.
#[derive(Clone)]
struct Laatste {
    vingerafdruk: u64,
    /// For an interne taak: the taak as it was, the next event's `vorige`.
    interne_taak: Option<Arc<InterneTaak>>,
    /// For a partij: the partij as it was, the next event's `vorige`.
    partij: Option<Arc<Partij>>,
}

impl Events {
    /// The hub the configuration asks for.
    pub(crate) fn new(config: &Config) -> Events {
        Events::with_backend(
            Box::new(memory::Memory::new(
                config.events.replay_buffer,
                config.events.max_replay,
            )),
            config.notificaties.dedup_capacity.get(),
            Duration::from_secs(config.notificaties.dedup_seconds.get()),
        )
    }

    /// A hub over `backend`, remembering the last event of at most
    /// `capacity` objects for `ttl`.
    pub(crate) fn with_backend(backend: Box<dyn Backend>, capacity: u64, ttl: Duration) -> Events {
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
    pub(crate) async fn publish(
        &self,
        mut gebeurtenis: Gebeurtenis,
    ) -> Result<Option<Arc<Event>>, HubError> {
        let _one_at_a_time = self.publiceren.lock().await;
        let onderwerp = gebeurtenis.onderwerp();
        let vingerafdruk = gebeurtenis.vingerafdruk();
        let vorige = self.laatste.get(&onderwerp).await;
        if vorige
            .as_ref()
            .is_some_and(|v| v.vingerafdruk == vingerafdruk)
        {
            return Ok(None);
        }
        let mut interne_taak = None;
        let mut partij = None;
        match &mut gebeurtenis {
            Gebeurtenis::InterneTaakGewijzigd(t) => {
                t.vorige = vorige.and_then(|v| v.interne_taak);
                interne_taak = t.interne_taak.clone();
            }
            Gebeurtenis::PartijGewijzigd(p) => {
                p.vorige = vorige.and_then(|v| v.partij);
                partij = p.partij.clone();
            }
            Gebeurtenis::KlantcontactGeregistreerd(_) => {}
        }
        let event = self.backend.publish(gebeurtenis).await?;
        self.laatste
            .insert(
                onderwerp,
                Laatste {
                    vingerafdruk,
                    interne_taak,
                    partij,
                },
            )
            .await;
        Ok(Some(event))
    }

    /// Whether an event about `onderwerp` was published (and is remembered).
    pub(crate) async fn gezien(&self, onderwerp: Onderwerp) -> bool {
        self.laatste.contains_key(&onderwerp)
    }

    /// The events after `vanaf`, then the live ones (see [`Backend::subscribe`]).
    pub(crate) async fn subscribe(&self, vanaf: Option<EventId>) -> Result<EventStream, HubError> {
        self.backend.subscribe(vanaf).await
    }
}
