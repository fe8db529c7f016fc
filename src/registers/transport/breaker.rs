//! A circuit breaker per register: after `failures` calls in a row failed,
//! calls fail at once for a cool-down instead of waiting on a register that
//! is down (and adding to its load while it recovers).
//!
//! The cool-down follows the register: it starts at `cooldown` and doubles
//! each time the breaker opens again without having closed in between, up to
//! `cooldown_max`; a close resets it. After the cool-down the breaker is
//! half-open and lets up to [`PROBES`] real calls through at once: the
//! first that succeeds closes it, one that fails opens it again (for the
//! next, longer cool-down). And it closes as soon as the register answers
//! again, whatever the cool-down says: a readiness probe that finds the
//! register up closes an open breaker ([`Breaker::probed`]), and one that
//! finds it down while closed opens it, so that `/readyz` and the breaker
//! never disagree for longer than one probe.
//!
//! A call is one logical call: its retries are inside it (see `retry.rs`), so
//! a call retried twice that still fails counts once. What counts as a
//! failure is the layer's decision ([`super::retry::is_register_failure`]);
//! the breaker only counts. Time is passed in, so that the state machine is
//! tested without clocks.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Real calls let through at once while half-open: more than one, so that a
/// single unlucky call does not decide alone, and few, so that a register
/// still down is not flooded.
pub(crate) const PROBES: u32 = 3;

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
enum State {
    Closed {
        failures: u32,
    },
    Open {
        until: Instant,
    },
    /// `probing`: the probe calls out now.
    HalfOpen {
        probing: u32,
    },
}

#[derive(Debug)]
struct Inner {
    state: State,
    /// The cool-down of the next opening.
    next_cooldown: Duration,
}

/// One register's circuit breaker.
#[derive(Debug)]
pub(crate) struct Breaker {
    failures: u32,
    cooldown: Duration,
    cooldown_max: Duration,
    inner: Mutex<Inner>,
}

/// Leave to make a call; report how it went with [`Ticket::finish`]. A probe
/// ticket dropped unfinished (its caller went away) frees its probe slot.
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
    /// Until the next probe may go (zero while the probes are out).
    pub retry_in: Duration,
}

impl Breaker {
    /// Opens after `failures` failed calls in a row (at least 1), first for
    /// `cooldown`, doubling up to `cooldown_max` (at least `cooldown`).
    pub(crate) fn new(failures: u32, cooldown: Duration, cooldown_max: Duration) -> Breaker {
        Breaker {
            failures: failures.max(1),
            cooldown,
            cooldown_max: cooldown_max.max(cooldown),
            inner: Mutex::new(Inner {
                state: State::Closed { failures: 0 },
                next_cooldown: cooldown,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // The state is a plain value: a panic elsewhere cannot leave it torn.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The current state.
    pub(crate) fn state(&self) -> BreakerState {
        match self.lock().state {
            State::Closed { .. } => BreakerState::Closed,
            State::Open { .. } => BreakerState::Open,
            State::HalfOpen { .. } => BreakerState::HalfOpen,
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
        match inner.state {
            State::Closed { .. } => (Ok(ticket(false)), None),
            State::Open { until } if now >= until => {
                inner.state = State::HalfOpen { probing: 1 };
                (Ok(ticket(true)), Some(BreakerState::HalfOpen))
            }
            State::Open { until } => (
                Err(Rejected {
                    failures: self.failures,
                    retry_in: until - now,
                }),
                None,
            ),
            State::HalfOpen { probing } if probing < PROBES => {
                inner.state = State::HalfOpen {
                    probing: probing + 1,
                };
                (Ok(ticket(true)), None)
            }
            State::HalfOpen { .. } => (
                Err(Rejected {
                    failures: self.failures,
                    retry_in: Duration::ZERO,
                }),
                None,
            ),
        }
    }

    /// Opens for the next cool-down, and doubles the one after (up to the cap).
    fn open(&self, inner: &mut Inner, now: Instant) -> Option<BreakerState> {
        inner.state = State::Open {
            until: now + inner.next_cooldown,
        };
        inner.next_cooldown = inner.next_cooldown.saturating_mul(2).min(self.cooldown_max);
        Some(BreakerState::Open)
    }

    fn close(&self, inner: &mut Inner) -> Option<BreakerState> {
        inner.state = State::Closed { failures: 0 };
        inner.next_cooldown = self.cooldown;
        Some(BreakerState::Closed)
    }

    fn record(&self, probe: bool, success: bool, now: Instant) -> Option<BreakerState> {
        let mut inner = self.lock();
        match (&mut inner.state, success) {
            // A probe ending after another probe decided: the state stands.
            (State::Closed { .. } | State::Open { .. }, _) if probe => None,
            (State::Closed { failures }, true) => {
                *failures = 0;
                None
            }
            (State::Closed { failures }, false) => {
                *failures += 1;
                if *failures >= self.failures {
                    self.open(&mut inner, now)
                } else {
                    None
                }
            }
            (State::HalfOpen { .. }, true) if probe => self.close(&mut inner),
            (State::HalfOpen { .. }, false) if probe => self.open(&mut inner, now),
            // A call admitted before the breaker opened, ending after: the
            // probes decide, not it.
            _ => None,
        }
    }

    /// What a readiness probe (outside the breaker, see `probe.rs`) found at
    /// `now`: the register answering closes the breaker at once, whatever
    /// the cool-down; the register down opens a closed breaker (the calls
    /// would fail too), and leaves an open one as it is.
    pub(crate) fn probed(&self, up: bool, now: Instant) -> Option<BreakerState> {
        let mut inner = self.lock();
        match (&inner.state, up) {
            (State::Closed { .. }, true) => None,
            (_, true) => self.close(&mut inner),
            (State::Closed { .. }, false) => self.open(&mut inner, now),
            (State::HalfOpen { .. }, false) => self.open(&mut inner, now),
            (State::Open { .. }, false) => None,
        }
    }
}

impl Ticket<'_> {
    /// Whether this call is a half-open probe.
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
            if let State::HalfOpen { probing } = &mut inner.state {
                *probing = probing.saturating_sub(1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COOL: Duration = Duration::from_millis(100);
    const CAP: Duration = Duration::from_millis(350);

    fn call(b: &Breaker, now: Instant, success: bool) -> Option<BreakerState> {
        match b.admit(now).0 {
            Ok(t) => t.finish(success, now),
            Err(r) => panic!("rejected: {r:?}"),
        }
    }

    #[test]
    fn opens_after_n_failures_in_a_row_and_a_success_resets_the_count() {
        let b = Breaker::new(3, COOL, CAP);
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
    fn half_open_lets_a_few_probes_through_and_the_first_success_closes() {
        let b = Breaker::new(1, COOL, CAP);
        let t0 = Instant::now();
        call(&b, t0, false);
        let later = t0 + COOL;
        let (first, moved) = b.admit(later);
        assert_eq!(moved, Some(BreakerState::HalfOpen));
        let first = first.expect("probe admitted");
        assert!(first.is_probe());
        let others: Vec<_> = (1..PROBES)
            .map(|_| b.admit(later).0.expect("another probe"))
            .collect();
        // The rest wait for the probes.
        assert_eq!(b.admit(later).0.expect_err("full").retry_in, Duration::ZERO);
        // A late probe after the first one decided changes nothing.
        assert_eq!(first.finish(true, later), Some(BreakerState::Closed));
        for probe in others {
            assert_eq!(probe.finish(false, later), None);
        }
        assert_eq!(b.state(), BreakerState::Closed);
    }

    #[test]
    fn the_cool_down_doubles_up_to_the_cap_and_a_close_resets_it() {
        let b = Breaker::new(1, COOL, CAP);
        let mut now = Instant::now();
        call(&b, now, false);
        // Each failed probe opens for twice as long: 100, 200, 350 (cap), 350.
        for expected in [COOL, COOL * 2, CAP, CAP] {
            let rejected = b.admit(now).0.expect_err("open");
            assert_eq!(rejected.retry_in, expected);
            now += expected;
            assert_eq!(call(&b, now, false), Some(BreakerState::Open));
        }
        now += CAP;
        assert_eq!(call(&b, now, true), Some(BreakerState::Closed));
        call(&b, now, false);
        assert_eq!(b.admit(now).0.expect_err("open").retry_in, COOL);
    }

    #[test]
    fn a_probe_of_the_register_closes_at_once_and_a_failed_one_opens() {
        let b = Breaker::new(5, COOL, CAP);
        let t0 = Instant::now();
        assert_eq!(b.probed(true, t0), None);
        assert_eq!(b.probed(false, t0), Some(BreakerState::Open));
        assert_eq!(b.probed(false, t0), None, "open stays open");
        // Long before the cool-down ends, the register answers again.
        assert_eq!(b.probed(true, t0 + COOL / 10), Some(BreakerState::Closed));
        assert_eq!(call(&b, t0 + COOL / 10, true), None);
    }

    #[test]
    fn an_abandoned_probe_frees_its_slot_and_late_calls_do_not_decide() {
        let b = Breaker::new(1, COOL, CAP);
        let t0 = Instant::now();
        let early = b.admit(t0).0.expect("closed");
        call(&b, t0, false);
        // A call admitted while closed, ending while open: no change.
        assert_eq!(early.finish(true, t0), None);
        assert_eq!(b.state(), BreakerState::Open);

        let later = t0 + COOL;
        let held: Vec<_> = (0..PROBES)
            .map(|_| b.admit(later).0.expect("probe"))
            .collect();
        assert!(b.admit(later).0.is_err());
        drop(held);
        assert_eq!(b.state(), BreakerState::HalfOpen);
        let probe = b.admit(later).0.expect("the slots are free again");
        assert!(probe.is_probe());
        assert_eq!(probe.finish(true, later), Some(BreakerState::Closed));
    }
}
