//! The events hub behind a small trait: a backend stores each event under
//! the next id and hands it to every subscriber, first the events after the
//! id a subscriber resumes from, then the live ones, in id order, each once.
//! It also holds what deduplication needs to be shared: the last state of
//! each object ([`Backend::publish`] drops a repeat) and the notifications
//! already accepted ([`Backend::claim`]).
//!
//! One replica keeps events in memory ([`super::memory::Memory`]); several
//! replicas share a Redis stream ([`super::redis::Redis`]): `XADD` gives the
//! id, `XRANGE` the replay, one `XREAD BLOCK` per replica the live tail,
//! `MAXLEN ~ n` the bounded log.

use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use futures::stream::BoxStream;

use super::event::{Event, EventId, Gebeurtenis, Onderwerp};

/// The events of one subscription: errors end it.
pub(crate) type EventStream = BoxStream<'static, Result<Arc<Event>, HubError>>;

/// Where events are kept and how they reach subscribers.
pub(crate) trait Backend: Send + Sync + 'static {
    /// Stores an event under the next id and hands it to live subscribers,
    /// unless it repeats the last event about its object (same
    /// [`Gebeurtenis::vingerafdruk`]): then `None`. A changed interne taak
    /// or partij gets the previous version as `vorige`.
    fn publish(
        &self,
        gebeurtenis: Gebeurtenis,
    ) -> BoxFuture<'_, Result<Option<Arc<Event>>, HubError>>;

    /// The events after `vanaf` still kept, then every new one; without
    /// `vanaf`, only new ones. An id whose successors are no longer all kept
    /// is [`HubError::Verlopen`], never a silent gap; one with more
    /// successors than a resumption may replay (`events.max_replay`) is
    /// [`HubError::TeVeel`].
    fn subscribe(&self, vanaf: Option<EventId>) -> BoxFuture<'_, Result<EventStream, HubError>>;

    /// Whether an event about `onderwerp` was published (and is remembered).
    fn gezien(&self, onderwerp: Onderwerp) -> BoxFuture<'_, Result<bool, HubError>>;

    /// Claims a notification by its key for the deduplication period:
    /// `true` the first time, `false` for a repeat.
    fn claim(&self, sleutel: String) -> BoxFuture<'_, Result<bool, HubError>>;

    /// How an external backend is doing (`/readyz`); `None` in the process.
    fn health(&self) -> Option<Health>;
}

/// How a hub is bounded, whichever the backend (with Redis, `count` is the
/// stream's `MAXLEN ~` and `bytes` bounds the replica's local ring).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bounds {
    /// Events kept for replay, at most.
    pub count: usize,
    /// Bytes of events kept for replay, at most.
    pub bytes: usize,
    /// Events one resumption (`vanaf`) replays at most.
    pub max_replay: usize,
    /// Objects and notifications remembered for deduplication, at most.
    pub dedup_capacity: u64,
    /// How long they are remembered.
    pub dedup_ttl: Duration,
}

/// An external backend's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Health {
    /// What it is, as `/readyz` names it (`redis`).
    pub name: &'static str,
    /// Why it is down, when it is.
    pub error: Option<String>,
}

/// What the hub reports for `/metrics` (connected to the metrics in `app.rs`).
pub(crate) trait Observer: Send + Sync + 'static {
    /// The bytes the replay buffer holds now.
    fn buffer_bytes(&self, bytes: usize);
    /// The external backend went up or down.
    fn backend_up(&self, up: bool);
    /// The stream reader connected again after a failure.
    fn reconnected(&self);
    /// How long after it was appended the newest event reached this replica.
    fn lag(&self, lag: Duration);
}

/// An observer that reports nowhere (unit tests).
#[cfg(test)]
pub(crate) struct NoObserver;

#[cfg(test)]
impl Observer for NoObserver {
    fn buffer_bytes(&self, _: usize) {}
    fn backend_up(&self, _: bool) {}
    fn reconnected(&self) {}
    fn lag(&self, _: Duration) {}
}

/// Why events cannot be handed out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum HubError {
    /// Events after `vanaf` were dropped from the replay buffer (or belong
    /// to an earlier run of an in-memory hub).
    #[error(
        "events after {vanaf} are no longer kept (the oldest kept is {oudste}); \
         reload with a query and subscribe again without vanaf"
    )]
    Verlopen { vanaf: EventId, oudste: String },
    /// Resuming from `vanaf` would replay more events than one resumption
    /// may (`events.max_replay`): each costs the subscriber's selection,
    /// and a client that is this far behind is better served by a query.
    #[error(
        "at least {achter} events came after {vanaf}; a resumption replays at most {max} \
         (events.max_replay): reload with a query and subscribe again without vanaf"
    )]
    TeVeel {
        vanaf: EventId,
        /// The events after `vanaf` (Redis counts them only to `max` + 1).
        achter: u64,
        max: usize,
    },
    /// An id this hub never handed out.
    #[error("event {vanaf} is unknown here (the newest is {nieuwste})")]
    Onbekend { vanaf: EventId, nieuwste: String },
    /// A subscriber fell so far behind that events it had not yet received
    /// were dropped from the buffer.
    #[error(
        "this subscription fell behind by more than the replay buffer after event {na}; \
         reload with a query and subscribe again"
    )]
    Achter { na: EventId },
    /// The shared backend cannot be reached: nothing is published or claimed.
    #[error("the events backend ({backend}) is unreachable: {reden}")]
    Onbereikbaar {
        backend: &'static str,
        reden: String,
    },
    /// The shared backend went away during a subscription: it ends, and
    /// the subscriber resumes with `vanaf` (its last event's id).
    #[error(
        "the events backend ({backend}) became unreachable; subscribe again with \
         vanaf: \"{na}\" to resume without a gap"
    )]
    Onderbroken { backend: &'static str, na: EventId },
}
