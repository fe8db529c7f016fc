//! What the layer tells its observers: every call it made (the planner
//! learns costs from them, the metrics count them), every call it did not
//! make (breaker open, or the register already failed this request), and
//! every move of a breaker. Several observers can listen at once.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use super::breaker::BreakerState;
use crate::registers::error::{Register, RegisterError};

/// One call as the observers see it: one try, so a retried call is seen
/// once per try, with `attempt` counting from 1.
#[derive(Debug, Clone, Copy)]
pub struct CallRecord<'a> {
    pub register: Register,
    /// `GET`, `POST`, `PATCH` or `PUT`.
    pub method: &'a str,
    /// The path template below the base URL, e.g. `/klantcontacten/{uuid}`
    /// or `/klantcontacten` (one record per page of a list).
    pub template: &'a str,
    /// Objects in the answer: the results of a page, the persons of a BRP
    /// answer, 1 for a single object, 0 on failure.
    pub objects: usize,
    /// Objects the register inlined through `expand`, at any depth.
    pub expanded: usize,
    /// From sending until the whole body was read.
    pub elapsed: Duration,
    /// Waiting for a permit of the register's concurrency limit before that.
    pub queued: Duration,
    /// The HTTP status of the answer; `None` when none came (refused,
    /// timed out, broken off).
    pub status: Option<u16>,
    /// 1 for the first try, 2 for the first retry, …
    pub attempt: u32,
    /// The failure, if the call failed.
    pub error: Option<&'a RegisterError>,
}

/// Why a call was not made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// The register's circuit breaker is open.
    BreakerOpen,
    /// The same call, or the register as a whole (timeout, unavailable),
    /// already failed in this request; its error is returned again.
    FailedInRequest,
    /// The waits for the register's slots exceed what the request's
    /// deadline allows: refused at once (admission control).
    Shed,
}

impl Skip {
    /// The name in metrics labels.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Skip::BreakerOpen => "breaker_open",
            Skip::FailedInRequest => "failed_in_request",
            Skip::Shed => "shed",
        }
    }
}

/// Receives what the layer does. Only [`CallObserver::observe`] is required;
/// any `Fn(&CallRecord)` closure is an observer of calls.
pub trait CallObserver: Send + Sync + 'static {
    /// A call was made (one try).
    fn observe(&self, call: &CallRecord<'_>);

    /// A call was not made.
    fn skipped(&self, _register: Register, _why: Skip) {}

    /// A register's circuit breaker moved to `state`.
    fn breaker(&self, _register: Register, _state: BreakerState) {}

    /// The client found which release of its register it speaks to
    /// (`api_version` as the register sent it, `release` as the gateway
    /// reads it, e.g. `2.4`).
    fn release(&self, _register: Register, _api_version: &str, _release: &str) {}

    /// The client dropped `count` rows of a list because they did not match
    /// the filter asked (`resource` e.g. `/klantcontacten`, `filter` the
    /// parameter or check that failed).
    fn rows_dropped(&self, _register: Register, _resource: &str, _filter: &str, _count: u64) {}
}

impl<F: Fn(&CallRecord<'_>) + Send + Sync + 'static> CallObserver for F {
    fn observe(&self, call: &CallRecord<'_>) {
        self(call)
    }
}

/// The observers of one layer, each told everything in the order added.
#[derive(Default)]
pub(crate) struct Observers {
    list: RwLock<Vec<Arc<dyn CallObserver>>>,
}

impl Observers {
    /// Adds an observer.
    pub(crate) fn add(&self, observer: Arc<dyn CallObserver>) {
        self.list
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .push(observer);
    }

    /// Tells every observer; the list is copied first, so that an observer
    /// may add another without a deadlock.
    pub(crate) fn each(&self, tell: impl Fn(&dyn CallObserver)) {
        let list = self.list.read().unwrap_or_else(|e| e.into_inner()).clone();
        for observer in &list {
            tell(observer.as_ref());
        }
    }
}
