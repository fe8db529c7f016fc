//! The events hub behind a small trait: a backend stores each event under
//! the next id and hands it to every subscriber, first the events after the
//! id a subscriber resumes from, then the live ones, in id order, each once.
//!
//! One replica keeps events in memory ([`super::memory::Memory`]). Several
//! replicas need a shared log; a Redis Streams backend fits this trait as it
//! is: `XADD` gives the id, `XRANGE (vanaf +` the replay, `XREAD BLOCK` the
//! live tail, `MAXLEN ~ n` the bounded buffer.

use std::sync::Arc;

use futures::future::BoxFuture;
use futures::stream::BoxStream;

use super::event::{Event, EventId, Gebeurtenis};

/// The events of one subscription: errors end it.
pub(crate) type EventStream = BoxStream<'static, Result<Arc<Event>, HubError>>;

/// Where events are kept and how they reach subscribers.
pub(crate) trait Backend: Send + Sync + 'static {
    /// Stores an event under the next id and hands it to live subscribers.
    fn publish(&self, gebeurtenis: Gebeurtenis) -> BoxFuture<'_, Result<Arc<Event>, HubError>>;

    /// The events after `vanaf` still kept, then every new one; without
    /// `vanaf`, only new ones. An id whose successors are no longer all kept
    /// is [`HubError::Verlopen`], never a silent gap; one with more
    /// successors than a resumption may replay (`events.max_replay`) is
    /// [`HubError::TeVeel`].
    fn subscribe(&self, vanaf: Option<EventId>) -> BoxFuture<'_, Result<EventStream, HubError>>;
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
        "{achter} events came after {vanaf}; a resumption replays at most {max} \
         (events.max_replay): reload with a query and subscribe again without vanaf"
    )]
    TeVeel {
        vanaf: EventId,
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
}
