//! One deadline per inbound request, and the admission of calls against it.
//!
//! Timeouts per register call add up: a klantbeeld resolves in stages, and
//! each stage may wait for a slot of the register's concurrency limit before
//! its call even starts. So the request as a whole gets one deadline
//! (`server.request_deadline_ms`, or less when the client asks), kept in its
//! [`RequestContext`] like the memory of failed calls, and every wait for a
//! slot, every try and every retry's backoff gets only the time that is
//! left. The HTTP layer sets it ([`Deadline::start`]); the transport reads
//! it; nothing in between (no GraphQL code) passes it along.
//!
//! Admission: when the calls already waiting for a register's slots would
//! take longer than the request has left, a new call is refused at once
//! instead of joining a queue it cannot leave in time ([`Queue::admit`]).
//! When the queue is longer than even a whole request's budget, the
//! register is overloaded: `Unavailable` with a `retry_after` (load is shed);
//! when only this request's remaining time is too short, the request ran out
//! of time: `OutOfTime`. A register that answers quickly never has such a
//! queue, so requests that need no slow register are unaffected.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::telemetry::RequestContext;

/// The deadline of one request: when it must be answered. Unset (the
/// default) for work outside an inbound GraphQL request (readiness probes,
/// the notifications' intake), which keeps only the per-call timeouts.
#[derive(Debug, Default)]
pub(crate) struct Deadline {
    /// When, and the whole budget the request had.
    at: Mutex<Option<(Instant, Duration)>>,
}

impl Deadline {
    /// Gives the request of `context` `budget` from now. A second call can
    /// only make the deadline earlier.
    pub(crate) fn start(context: &RequestContext, budget: Duration) {
        let deadline = context.kept::<Deadline>();
        let at = Instant::now() + budget;
        let mut slot = deadline.at.lock().unwrap_or_else(|e| e.into_inner());
        *slot = match *slot {
            Some(earlier) if earlier.0 <= at => Some(earlier),
            _ => Some((at, budget)),
        };
    }

    /// The deadline of the request this code runs for and its whole
    /// budget, if it has one.
    pub(super) fn current() -> Option<(Instant, Duration)> {
        let context = RequestContext::current()?;
        let deadline = context.kept::<Deadline>();
        let at = *deadline.at.lock().unwrap_or_else(|e| e.into_inner());
        at
    }
}

/// The time left until `deadline` at `now` (zero once it passed).
pub(super) fn left(deadline: Instant, now: Instant) -> Duration {
    deadline.saturating_duration_since(now)
}

/// A register's queue for its slots: how many calls wait, and how long a
/// call holds a slot (a moving average of the last calls).
#[derive(Debug, Default)]
pub(super) struct Queue {
    waiting: AtomicUsize,
    /// Microseconds; 0 until the first call finished.
    held_us: AtomicU64,
}

/// A call's place in the queue: counted as waiting until dropped.
pub(super) struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Queue {
    /// Counts a call as waiting for a slot until the guard is dropped.
    pub(super) fn wait(&self) -> Waiting<'_> {
        self.waiting.fetch_add(1, Ordering::Relaxed);
        Waiting(&self.waiting)
    }

    /// The calls waiting now.
    pub(super) fn waiting(&self) -> usize {
        self.waiting.load(Ordering::Relaxed)
    }

    /// Records how long a call held its slot: the average moves an eighth
    /// of the way towards it (the first call sets it).
    pub(super) fn held(&self, took: Duration) {
        let took = took.as_micros().min(u64::MAX as u128) as u64;
        let _ = self
            .held_us
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |avg| {
                Some(if avg == 0 {
                    took.max(1)
                } else {
                    avg - avg / 8 + took / 8
                })
            });
    }

    /// The expected wait for a slot of a new call, with `free` slots free
    /// now out of `slots`: nothing while one is free, else a slot's hold
    /// time for every `slots` calls ahead of it (those waiting, plus the
    /// ones in flight).
    pub(super) fn expected_wait(&self, free: usize, slots: usize) -> Duration {
        if free > 0 {
            return Duration::ZERO;
        }
        let held = Duration::from_micros(self.held_us.load(Ordering::Relaxed));
        let ahead = self.waiting.load(Ordering::Relaxed) / slots.max(1) + 1;
        held.saturating_mul(ahead as u32)
    }

    /// `Err(expected wait)` when calls already queue for the register's
    /// slots and a call with `left` until its deadline would wait longer
    /// than that. Without a queue a call is admitted even when every slot is
    /// busy: it waits at most until its deadline, and the calls in flight
    /// may end sooner than a whole hold time.
    pub(super) fn admit(&self, free: usize, slots: usize, left: Duration) -> Result<(), Duration> {
        if self.waiting() == 0 {
            return Ok(());
        }
        let wait = self.expected_wait(free, slots);
        if wait >= left && !wait.is_zero() {
            Err(wait)
        } else {
            Ok(())
        }
    }
}

/// Shared by every handle of a register (the handle is cloned freely).
pub(super) type SharedQueue = Arc<Queue>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telemetry::TraceParent;

    #[test]
    fn a_queue_that_cannot_clear_in_time_refuses_and_a_free_slot_admits() {
        let q = Queue::default();
        let s = Duration::from_secs;
        // Nothing known yet, nothing free: admitted (no basis to refuse).
        assert_eq!(q.admit(0, 8, s(1)), Ok(()));
        q.held(s(5));
        // A free slot: no wait, whatever the hold time.
        assert_eq!(q.admit(1, 8, s(1)), Ok(()));
        // None free but no queue: admitted, to wait until its deadline at most.
        assert_eq!(q.admit(0, 8, s(1)), Ok(()));
        // One waiting: a hold time ahead at least.
        let one = q.wait();
        assert_eq!(q.admit(0, 8, s(6)), Ok(()));
        assert_eq!(q.admit(0, 8, s(4)), Err(s(5)));
        drop(one);
        // Sixteen waiting on eight slots: two rounds before, then its own.
        let guards: Vec<_> = (0..16).map(|_| q.wait()).collect();
        assert_eq!(q.expected_wait(0, 8), s(15));
        assert_eq!(q.admit(0, 8, s(14)), Err(s(15)));
        drop(guards);
        assert_eq!(q.expected_wait(0, 8), s(5));
        // The average follows the register down.
        for _ in 0..64 {
            q.held(Duration::from_millis(10));
        }
        assert!(q.expected_wait(0, 8) < Duration::from_millis(20));
    }

    #[test]
    fn the_deadline_lives_in_the_request_and_only_gets_earlier() {
        let context = RequestContext::new(TraceParent::start(), None);
        Deadline::start(&context, Duration::from_secs(8));
        Deadline::start(&context, Duration::from_secs(60));
        let at = futures::executor::block_on(context.clone().scope(async { Deadline::current() }));
        let (at, budget) = at.expect("a deadline");
        assert_eq!(budget, Duration::from_secs(8));
        assert!(at <= Instant::now() + Duration::from_secs(8));
        assert_eq!(
            futures::executor::block_on(async { Deadline::current() }),
            None
        );
    }
}
