//! The load generator: a number of closed-loop clients, or an open-loop fixed
//! rate, for a duration; it records every request's latency and every failure.
//!
//! Requests that started before the deadline are waited for, and throughput is
//! the successful requests over the time until the last one finished: in a
//! closed loop that is the rate the system really sustained.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use serde::Serialize;

/// Open requests at most in fixed-rate mode; a tick beyond it is a failure
/// ("overloaded") instead of an ever-growing queue in the bench itself.
const RATE_MAX_IN_FLIGHT: usize = 4096;

/// How the load is applied.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Mode {
    /// This many clients, each sending its next request when the last is answered.
    Concurrency(usize),
    /// This many requests a second, whatever the answers do.
    Rate(f64),
}

/// One load: its mode and how long requests are started.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub mode: Mode,
    pub duration: Duration,
}

/// Why one request failed: a short kind that failures are counted by, and
/// the first detail seen of that kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub kind: String,
    pub detail: String,
}

impl Failure {
    pub fn new(kind: impl Into<String>, detail: impl Into<String>) -> Failure {
        Failure {
            kind: kind.into(),
            detail: detail.into(),
        }
    }
}

/// Something the load generator can call: the `i`-th request of a run.
pub trait Operation: Send + Sync {
    fn call(&self, i: u64) -> BoxFuture<'static, Result<(), Failure>>;
}

/// Latency percentiles in milliseconds (nearest rank).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Latency {
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub mean_ms: f64,
}

impl Latency {
    /// The percentiles of latencies in microseconds; zeros for none.
    pub fn of(mut micros: Vec<u64>) -> Latency {
        if micros.is_empty() {
            return Latency::default();
        }
        micros.sort_unstable();
        let at = |q: f64| {
            let rank = ((q * micros.len() as f64).ceil() as usize).clamp(1, micros.len());
            micros[rank - 1] as f64 / 1000.0
        };
        let sum: u64 = micros.iter().sum();
        Latency {
            p50_ms: at(0.50),
            p90_ms: at(0.90),
            p99_ms: at(0.99),
            max_ms: at(1.0),
            mean_ms: sum as f64 / micros.len() as f64 / 1000.0,
        }
    }
}

/// Failures of one kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FailureCount {
    pub count: u64,
    pub first: String,
}

/// What one load measured.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    pub mode: Mode,
    pub ok: u64,
    pub errors: u64,
    /// Successful requests a second.
    pub throughput: f64,
    /// Of the successful requests.
    pub latency: Latency,
    pub failures: BTreeMap<String, FailureCount>,
    /// From the first request to the last answer, in seconds.
    pub elapsed_s: f64,
}

impl Outcome {
    /// All requests, successful or not.
    pub fn requests(&self) -> u64 {
        self.ok + self.errors
    }

    /// `None` when the load went through cleanly; else what went wrong, for
    /// the loud message: failures by kind, or no successful request at all.
    pub fn failure_summary(&self) -> Option<String> {
        if self.failures.is_empty() && self.ok > 0 {
            return None;
        }
        if self.failures.is_empty() {
            return Some("no request completed".into());
        }
        Some(
            self.failures
                .iter()
                .map(|(kind, f)| format!("{} × {kind} (first: {})", f.count, f.first))
                .collect::<Vec<_>>()
                .join("; "),
        )
    }
}

/// Per-client tally, merged at the end so that clients never contend.
#[derive(Default)]
struct Tally {
    micros: Vec<u64>,
    failures: BTreeMap<String, FailureCount>,
}

impl Tally {
    fn record(&mut self, started: Instant, result: Result<(), Failure>) {
        match result {
            Ok(()) => self.micros.push(started.elapsed().as_micros() as u64),
            Err(f) => {
                self.failures
                    .entry(f.kind)
                    .or_insert(FailureCount {
                        count: 0,
                        first: f.detail,
                    })
                    .count += 1
            }
        }
    }

    fn merge(&mut self, other: Tally) {
        self.micros.extend(other.micros);
        for (kind, f) in other.failures {
            let entry = self.failures.entry(kind).or_insert(FailureCount {
                count: 0,
                first: f.first,
            });
            entry.count += f.count;
        }
    }
}

/// Runs `op` according to `plan` and measures it.
pub async fn run(op: Arc<dyn Operation>, plan: Plan) -> Outcome {
    let start = Instant::now();
    let deadline = start + plan.duration;
    let counter = Arc::new(AtomicU64::new(0));
    let mut handles = Vec::new();
    match plan.mode {
        Mode::Concurrency(clients) => {
            for _ in 0..clients {
                let op = op.clone();
                let counter = counter.clone();
                handles.push(tokio::spawn(async move {
                    let mut tally = Tally::default();
                    while Instant::now() < deadline {
                        let i = counter.fetch_add(1, Ordering::Relaxed);
                        let started = Instant::now();
                        let result = op.call(i).await;
                        tally.record(started, result);
                    }
                    tally
                }));
            }
        }
        Mode::Rate(per_second) => {
            let interval = Duration::from_secs_f64(1.0 / per_second);
            let in_flight = Arc::new(AtomicUsize::new(0));
            let mut overloaded = Tally::default();
            let mut k: u32 = 0;
            loop {
                let scheduled = start + interval * k;
                if scheduled >= deadline {
                    break;
                }
                tokio::time::sleep_until(scheduled.into()).await;
                k = k.saturating_add(1);
                if in_flight.load(Ordering::Relaxed) >= RATE_MAX_IN_FLIGHT {
                    overloaded.record(
                        scheduled,
                        Err(Failure::new(
                            "overloaded",
                            format!("{RATE_MAX_IN_FLIGHT} requests open at once"),
                        )),
                    );
                    continue;
                }
                in_flight.fetch_add(1, Ordering::Relaxed);
                let op = op.clone();
                let in_flight = in_flight.clone();
                let i = counter.fetch_add(1, Ordering::Relaxed);
                handles.push(tokio::spawn(async move {
                    let mut tally = Tally::default();
                    let result = op.call(i).await;
                    tally.record(scheduled, result);
                    in_flight.fetch_sub(1, Ordering::Relaxed);
                    tally
                }));
            }
            handles.push(tokio::spawn(async move { overloaded }));
        }
    }
    let mut tally = Tally::default();
    for handle in handles {
        match handle.await {
            Ok(t) => tally.merge(t),
            Err(e) => tally.merge(Tally {
                micros: Vec::new(),
                failures: BTreeMap::from([(
                    "bench task panicked".to_string(),
                    FailureCount {
                        count: 1,
                        first: e.to_string(),
                    },
                )]),
            }),
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    let ok = tally.micros.len() as u64;
    let errors = tally.failures.values().map(|f| f.count).sum();
    Outcome {
        mode: plan.mode,
        ok,
        errors,
        throughput: if elapsed > 0.0 {
            ok as f64 / elapsed
        } else {
            0.0
        },
        latency: Latency::of(tally.micros),
        failures: tally.failures,
        elapsed_s: elapsed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let l = Latency::of((1..=100).map(|ms| ms * 1000).collect());
        assert_eq!(l.p50_ms, 50.0);
        assert_eq!(l.p90_ms, 90.0);
        assert_eq!(l.p99_ms, 99.0);
        assert_eq!(l.max_ms, 100.0);
        assert_eq!(l.mean_ms, 50.5);
    }

    #[test]
    fn no_success_is_a_failure() {
        let outcome = Outcome {
            mode: Mode::Concurrency(1),
            ok: 0,
            errors: 0,
            throughput: 0.0,
            latency: Latency::default(),
            failures: BTreeMap::new(),
            elapsed_s: 1.0,
        };
        assert!(outcome.failure_summary().is_some());
    }
}
