//! A circuit breaker per register: after `failures` calls in a row failed,
//! calls fail at once for a cool-down instead of waiting on a register that
//! is down (and adding to its load while it recovers). After the cool-down
//! one call goes through as a probe: success closes the breaker, failure
//! opens it for another cool-down. While the probe is out, other calls fail
//! at once.
//!
//! A call is one logical call: its retries are inside it (see `retry.rs`), so
//! a call retried twice that still fails counts once. What counts as a
//! failure is the layer's decision ([`super::retry::is_register_failure`]);
//! the breaker only counts. Time is passed in, so that the state machine is
//! tested without clocks.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The breaker's state, as metrics and `/readyz` show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakerState {
    Closed,
    Open,
    HalfOpen,
}

impl BreakerState {
    /// The name in metrics labels and JSON.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            BreakerState::Closed => "closed",
            BreakerState::Open => "open",
            BreakerState::HalfOpen => "half_open",
        }
    }
}

#[derive(Debug)]
enum Inner {
    Closed {
        failures: u32,
    },
    Open {
        until: Instant,
    },
    /// `probing`: the one probe call is out.
    HalfOpen {
        probing: bool,
    },
}

/// One register's circuit breaker.
#[derive(Debug)]
pub(crate) struct Breaker {
    failures: u32,
    cooldown: Duration,
    inner: Mutex<Inner>,
}

/// Leave to make a call; report how it went with [`Ticket::finish`]. A probe
/// ticket dropped unfinished (its caller went away) frees the probe slot.
#[derive(Debug)]
pub(crate) struct Ticket<'a> {
    breaker: &'a Breaker,
    probe: bool,
    finished: bool,
}

/// A call refused because the breaker is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rejected {
    /// The failures in a row that opened it.
    pub failures: u32,
    /// Until the next probe may go (zero while a probe is out).
    pub retry_in: Duration,
}

impl Breaker {
    /// Opens after `failures` failed calls in a row (at least 1), for `cooldown`.
    pub(crate) fn new(failures: u32, cooldown: Duration) -> Breaker {
        Breaker {
            failures: failures.max(1),
            cooldown,
            inner: Mutex::new(Inner::Closed { failures: 0 }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // The state is a plain value: a panic elsewhere cannot leave it torn.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The current state.
    pub(crate) fn state(&self) -> BreakerState {
        match *self.lock() {
            Inner::Closed { .. } => BreakerState::Closed,
            Inner::Open { .. } => BreakerState::Open,
            Inner::HalfOpen { .. } => BreakerState::HalfOpen,
        }
    }

    /// Asks leave for a call at `now`. The second value is the state the
    /// breaker moved to, if it moved (open → half-open when the cool-down is over).
    pub(crate) fn admit(
        &self,
        now: Instant,
    ) -> (Result<Ticket<'_>, Rejected>, Option<BreakerState>) {
        let mut inner = self.lock();
        let ticket = |probe| Ticket {
            breaker: self,
            probe,
            finished: false,
        };
        match *inner {
            Inner::Closed { .. } => (Ok(ticket(false)), None),
            Inner::Open { until } if now >= until => {
                *inner = Inner::HalfOpen { probing: true };
                (Ok(ticket(true)), Some(BreakerState::HalfOpen))
            }
            Inner::Open { until } => (
                Err(Rejected {
                    failures: self.failures,
                    retry_in: until - now,
                }),
                None,
            ),
            Inner::HalfOpen { probing: false } => {
                *inner = Inner::HalfOpen { probing: true };
                (Ok(ticket(true)), None)
            }
            Inner::HalfOpen { probing: true } => (
                Err(Rejected {
                    failures: self.failures,
                    retry_in: Duration::ZERO,
                }),
                None,
            ),
        }
    }

    fn record(&self, probe: bool, success: bool, now: Instant) -> Option<BreakerState> {
        let mut inner = self.lock();
        let open = Inner::Open {
            until: now + self.cooldown,
        };
        match (&mut *inner, success) {
            (Inner::Closed { failures }, true) => {
                *failures = 0;
                None
            }
            (Inner::Closed { failures }, false) => {
                *failures += 1;
                if *failures >= self.failures {
                    *inner = open;
                    Some(BreakerState::Open)
                } else {
                    None
                }
            }
            (Inner::HalfOpen { .. }, true) if probe => {
                *inner = Inner::Closed { failures: 0 };
                Some(BreakerState::Closed)
            }
            (Inner::HalfOpen { .. }, false) if probe => {
                *inner = open;
                Some(BreakerState::Open)
            }
            // A call admitted before the breaker opened, ending after: the
            // probe decides, not it.
            _ => None,
        }
    }
}

impl Ticket<'_> {
    /// Whether this call is the half-open probe.
    #[cfg(test)]
    fn is_probe(&self) -> bool {
        self.probe
    }

    /// Records the call's outcome at `now`; returns the state the breaker
    /// moved to, if it moved.
    pub(crate) fn finish(mut self, success: bool, now: Instant) -> Option<BreakerState> {
        self.finished = true;
        self.breaker.record(self.probe, success, now)
    }
}

impl Drop for Ticket<'_> {
    fn drop(&mut self) {
        if self.probe && !self.finished {
            let mut inner = self.breaker.lock();
            if let Inner::HalfOpen { probing } = &mut *inner {
                *probing = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COOL: Duration = Duration::from_millis(100);

    fn call(b: &Breaker, now: Instant, success: bool) -> Option<BreakerState> {
        match b.admit(now).0 {
            Ok(t) => t.finish(success, now),
            Err(r) => panic!("rejected: {r:?}"),
        }
    }

    #[test]
    fn opens_after_n_failures_in_a_row_and_a_success_resets_the_count() {
        let b = Breaker::new(3, COOL);
        let t0 = Instant::now();
        assert_eq!(call(&b, t0, false), None);
        assert_eq!(call(&b, t0, false), None);
        assert_eq!(call(&b, t0, true), None);
        assert_eq!(call(&b, t0, false), None);
        assert_eq!(call(&b, t0, false), None);
        assert_eq!(b.state(), BreakerState::Closed);
        assert_eq!(call(&b, t0, false), Some(BreakerState::Open));
        let rejected = b.admit(t0 + COOL / 2).0.expect_err("open");
        assert_eq!(rejected.failures, 3);
        assert_eq!(rejected.retry_in, COOL / 2);
    }

    #[test]
    fn after_the_cool_down_one_probe_goes_and_decides() {
        let b = Breaker::new(1, COOL);
        let t0 = Instant::now();
        call(&b, t0, false);
        let later = t0 + COOL;
        let (probe, moved) = b.admit(later);
        let probe = probe.expect("probe admitted");
        assert!(probe.is_probe());
        assert_eq!(moved, Some(BreakerState::HalfOpen));
        // Everyone else waits for the probe.
        assert!(b.admit(later).0.is_err());
        assert_eq!(probe.finish(false, later), Some(BreakerState::Open));
        assert!(b.admit(later + COOL / 2).0.is_err());

        let again = later + COOL;
        let probe = b.admit(again).0.expect("second probe");
        assert_eq!(probe.finish(true, again), Some(BreakerState::Closed));
        assert_eq!(b.state(), BreakerState::Closed);
        assert_eq!(call(&b, again, true), None);
    }

    #[test]
    fn an_abandoned_probe_frees_the_slot_and_late_calls_do_not_decide() {
        let b = Breaker::new(1, COOL);
        let t0 = Instant::now();
        let early = b.admit(t0).0.expect("closed");
        call(&b, t0, false);
        // A call admitted while closed, ending while open: no change.
        assert_eq!(early.finish(true, t0), None);
        assert_eq!(b.state(), BreakerState::Open);

        let later = t0 + COOL;
        drop(b.admit(later).0.expect("probe"));
        assert_eq!(b.state(), BreakerState::HalfOpen);
        let probe = b.admit(later).0.expect("the slot is free again");
        assert!(probe.is_probe());
        assert_eq!(probe.finish(true, later), Some(BreakerState::Closed));
    }
}
