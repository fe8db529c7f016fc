//! What the observers of scenario (d) saw, shared by their tasks: when each
//! event was written, who has it, how long it took to reach each of them,
//! and anything seen twice. The subscribers and the pollers report into the
//! same tally, so both are measured the same way.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use crate::load::Latency;

/// The onderwerp of measured event `i`.
pub fn onderwerp(i: usize) -> String {
    format!("bench {i}")
}

/// The onderwerp of readiness probe `k` (not measured).
pub fn probe(k: usize) -> String {
    format!("probe {k}")
}

/// The tally of one measured run.
pub struct Tally {
    /// When the write of event `i` started.
    sent: Vec<OnceLock<Instant>>,
    /// Observers that have event `i`.
    received: Vec<AtomicU64>,
    /// Microseconds from write to receipt, every observer and event.
    latencies: Mutex<Vec<u64>>,
    duplicates: AtomicU64,
    /// Observers that have seen a probe (and so are known to listen).
    ready: AtomicUsize,
    /// What went wrong in an observer (its connection, its stream).
    failures: Mutex<Vec<String>>,
}

/// One observer's own memory of what it saw.
#[derive(Default)]
pub struct Seen {
    probe: bool,
    events: Vec<bool>,
    /// A poller sees every contact again in each answer: not a duplicate.
    polls: bool,
}

impl Seen {
    /// The memory of a poller.
    pub fn poller() -> Seen {
        Seen {
            polls: true,
            ..Seen::default()
        }
    }
}

impl Tally {
    pub fn new(events: usize) -> Arc<Tally> {
        Arc::new(Tally {
            sent: (0..events).map(|_| OnceLock::new()).collect(),
            received: (0..events).map(|_| AtomicU64::new(0)).collect(),
            latencies: Mutex::new(Vec::new()),
            duplicates: AtomicU64::new(0),
            ready: AtomicUsize::new(0),
            failures: Mutex::new(Vec::new()),
        })
    }

    /// An observer saw a klantcontact with this onderwerp.
    pub fn saw(&self, onderwerp: &str, seen: &mut Seen) {
        let now = Instant::now();
        if onderwerp.starts_with("probe ") {
            if !seen.probe {
                seen.probe = true;
                self.ready.fetch_add(1, Ordering::Relaxed);
            }
            return;
        }
        let Some(i) = onderwerp
            .strip_prefix("bench ")
            .and_then(|i| i.parse::<usize>().ok())
            .filter(|&i| i < self.sent.len())
        else {
            return;
        };
        if seen.events.len() <= i {
            seen.events.resize(self.sent.len(), false);
        }
        if seen.events[i] {
            if !seen.polls {
                self.duplicates.fetch_add(1, Ordering::Relaxed);
            }
            return;
        }
        seen.events[i] = true;
        if let Some(sent) = self.sent[i].get() {
            let micros = now.saturating_duration_since(*sent).as_micros() as u64;
            if let Ok(mut l) = self.latencies.lock() {
                l.push(micros);
            }
        }
        self.received[i].fetch_add(1, Ordering::Relaxed);
    }

    /// An observer that listens without needing a probe (a poller after its
    /// first answer).
    pub fn listening(&self, seen: &mut Seen) {
        if !seen.probe {
            seen.probe = true;
            self.ready.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// The number of measured events.
    pub fn events(&self) -> usize {
        self.sent.len()
    }

    pub fn ready(&self) -> usize {
        self.ready.load(Ordering::Relaxed)
    }

    pub fn fail(&self, what: String) {
        if let Ok(mut f) = self.failures.lock() {
            f.push(what);
        }
    }

    pub fn failures(&self) -> Vec<String> {
        self.failures.lock().map(|f| f.clone()).unwrap_or_default()
    }

    /// Marks event `i` as being written now.
    pub fn sending(&self, i: usize) {
        let _ = self.sent[i].set(Instant::now());
    }

    /// Waits until `observers` have event `i`, at most `wait`; whether they did.
    pub async fn wait_for(&self, i: usize, observers: usize, wait: Duration) -> bool {
        let deadline = Instant::now() + wait;
        loop {
            if self.received[i].load(Ordering::Relaxed) >= observers as u64 {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }

    pub fn delivered(&self) -> u64 {
        self.received
            .iter()
            .map(|r| r.load(Ordering::Relaxed))
            .sum()
    }

    pub fn duplicates(&self) -> u64 {
        self.duplicates.load(Ordering::Relaxed)
    }

    pub fn latency(&self) -> Latency {
        Latency::of(self.latencies.lock().map(|l| l.clone()).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_each_event_once_per_observer() {
        let tally = Tally::new(2);
        let (mut a, mut b) = (Seen::default(), Seen::default());
        tally.saw(&probe(0), &mut a);
        tally.saw(&probe(1), &mut a);
        assert_eq!(tally.ready(), 1);
        tally.sending(0);
        tally.saw(&onderwerp(0), &mut a);
        tally.saw(&onderwerp(0), &mut b);
        tally.saw(&onderwerp(0), &mut b);
        tally.saw("bench 7", &mut a);
        tally.saw("iets anders", &mut a);
        let mut poller = Seen::poller();
        tally.saw(&onderwerp(0), &mut poller);
        tally.saw(&onderwerp(0), &mut poller);
        assert_eq!(tally.delivered(), 3);
        assert_eq!(tally.duplicates(), 1);
        assert_eq!(tally.latencies.lock().unwrap().len(), 3);
    }
}
