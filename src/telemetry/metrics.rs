//! Prometheus metrics, served at `/metrics` in the OpenMetrics text format:
//! GraphQL operations by name and outcome with their latency, register calls
//! by register and status with their latency, retries, calls not made, cache
//! hits and misses, and the state of every register's circuit breaker.
//!
//! Built on `prometheus-client`, the Prometheus project's own Rust client:
//! typed label sets, the exposition format kept right by its maintainers,
//! and four small dependencies. Register calls are recorded through plain
//! labels (register name, status, reason, breaker state): telemetry knows
//! nothing of the registers; `app.rs` adapts the register transport's
//! observer hook to these calls.
//!
//! Operation names come from clients: the HTTP layer passes only a name
//! that an operation of the document has (`http::documents`), and the label
//! takes at most [`MAX_OPERATIONS`] distinct names of at most
//! [`MAX_NAME_BYTES`]; others count as `other`.

use std::collections::HashSet;
use std::sync::Mutex;
use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::{Registry, Unit};

/// The content type of [`Metrics::render`].
pub(crate) const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// Distinct operation names the labels keep.
pub(crate) const MAX_OPERATIONS: usize = 100;

/// Longer operation names count as `other`.
pub(crate) const MAX_NAME_BYTES: usize = 100;

/// Latency buckets in seconds, 5 ms to 10 s.
const BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 7.5, 10.0,
];

fn histogram() -> Histogram {
    Histogram::new(BUCKETS)
}

type Histograms<L> = Family<L, Histogram, fn() -> Histogram>;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OperationOutcome {
    operation: String,
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Operation {
    operation: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RegisterStatus {
    register: &'static str,
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RegisterLabel {
    register: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RegisterReason {
    register: &'static str,
    reason: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RegisterRelease {
    register: &'static str,
    api_version: String,
    release: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RegisterFilter {
    register: &'static str,
    resource: String,
    filter: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RegisterState {
    register: &'static str,
    state: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CacheResult {
    cache: &'static str,
    result: &'static str,
}

/// How a GraphQL operation ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Data and no errors.
    Ok,
    /// Data with errors: a partial result.
    Partial,
    /// Errors and no data.
    Error,
}

impl Outcome {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Partial => "partial",
            Outcome::Error => "error",
        }
    }
}

/// The gateway's metrics.
#[derive(Debug)]
pub(crate) struct Metrics {
    registry: Registry,
    operations: Family<OperationOutcome, Counter>,
    operation_seconds: Histograms<Operation>,
    upstream_calls: Family<RegisterStatus, Counter>,
    upstream_seconds: Histograms<RegisterLabel>,
    upstream_retries: Family<RegisterLabel, Counter>,
    upstream_skipped: Family<RegisterReason, Counter>,
    cache: Family<CacheResult, Counter>,
    breaker_state: Family<RegisterLabel, Gauge>,
    breaker_transitions: Family<RegisterState, Counter>,
    register_release: Family<RegisterRelease, Gauge>,
    rows_dropped: Family<RegisterFilter, Counter>,
    /// The release last reported per register (its gauge goes to 0 when
    /// another is reported).
    last_release: Mutex<std::collections::HashMap<&'static str, RegisterRelease>>,
    events_buffer_bytes: Gauge,
    events_backend_up: Gauge,
    events_reconnects: Counter,
    events_lag_ms: Gauge,
    names: Mutex<HashSet<String>>,
}

impl Metrics {
    /// Registers every metric; the breaker of each of `registers` is
    /// reported closed from the start.
    pub(crate) fn new(registers: &[&'static str]) -> Metrics {
        let mut registry = Registry::with_prefix("klantbeeld");
        let m = Metrics {
            operations: Family::default(),
            operation_seconds: Family::new_with_constructor(histogram),
            upstream_calls: Family::default(),
            upstream_seconds: Family::new_with_constructor(histogram),
            upstream_retries: Family::default(),
            upstream_skipped: Family::default(),
            cache: Family::default(),
            breaker_state: Family::default(),
            breaker_transitions: Family::default(),
            register_release: Family::default(),
            rows_dropped: Family::default(),
            last_release: Mutex::new(Default::default()),
            events_buffer_bytes: Gauge::default(),
            events_backend_up: Gauge::default(),
            events_reconnects: Counter::default(),
            events_lag_ms: Gauge::default(),
            names: Mutex::new(HashSet::new()),
            registry: Registry::default(),
        };
        let r = &mut registry;
        r.register(
            "graphql_operations",
            "GraphQL operations by name and outcome (ok, partial, error)",
            m.operations.clone(),
        );
        r.register_with_unit(
            "graphql_operation_duration",
            "Time to execute a GraphQL operation",
            Unit::Seconds,
            m.operation_seconds.clone(),
        );
        r.register(
            "upstream_calls",
            "Register calls (each try) by register and HTTP status, or timeout/unreachable",
            m.upstream_calls.clone(),
        );
        r.register_with_unit(
            "upstream_call_duration",
            "Time of a register call, from sending until the whole body was read",
            Unit::Seconds,
            m.upstream_seconds.clone(),
        );
        r.register(
            "upstream_retries",
            "Register calls that were retries",
            m.upstream_retries.clone(),
        );
        r.register(
            "upstream_skipped",
            "Register calls not made: breaker open, or failed earlier in the request",
            m.upstream_skipped.clone(),
        );
        r.register(
            "cache_lookups",
            "Lookups in the shared caches (actor, referentielijst) by result (hit, miss)",
            m.cache.clone(),
        );
        r.register(
            "breaker_state",
            "Circuit breaker per register: 0 closed, 1 open, 2 half-open",
            m.breaker_state.clone(),
        );
        r.register(
            "breaker_transitions",
            "Moves of a circuit breaker, by the state it moved to",
            m.breaker_transitions.clone(),
        );
        r.register(
            "register_release",
            "The release detected (or configured) per register: 1 for the current one, with its API-version",
            m.register_release.clone(),
        );
        r.register(
            "register_rows_dropped",
            "List rows a register returned that did not match the filter asked, dropped and never shown",
            m.rows_dropped.clone(),
        );
        r.register_with_unit(
            "events_buffer",
            "Bytes of events this replica keeps for replay (bounded by events.replay_buffer_bytes)",
            Unit::Bytes,
            m.events_buffer_bytes.clone(),
        );
        r.register(
            "events_backend_up",
            "Whether this replica reads the shared events stream (Redis): 1 up, 0 down",
            m.events_backend_up.clone(),
        );
        r.register(
            "events_backend_reconnects",
            "Times this replica's reader of the events stream connected again after a failure",
            m.events_reconnects.clone(),
        );
        r.register(
            "events_stream_lag_milliseconds",
            "How long after Redis appended it the newest event reached this replica",
            m.events_lag_ms.clone(),
        );
        for &register in registers {
            m.breaker_state
                .get_or_create(&RegisterLabel { register })
                .set(BreakerGauge::Closed.value());
        }
        Metrics { registry, ..m }
    }

    /// The bytes the replay buffer holds.
    pub(crate) fn events_buffer_bytes(&self, bytes: usize) {
        self.events_buffer_bytes
            .set(i64::try_from(bytes).unwrap_or(i64::MAX));
    }

    /// The shared events backend went up or down.
    pub(crate) fn events_backend_up(&self, up: bool) {
        self.events_backend_up.set(i64::from(up));
    }

    /// The events stream's reader connected again.
    pub(crate) fn events_reconnected(&self) {
        self.events_reconnects.inc();
    }

    /// The lag of the newest event read from the stream.
    pub(crate) fn events_lag(&self, lag: Duration) {
        self.events_lag_ms
            .set(i64::try_from(lag.as_millis()).unwrap_or(i64::MAX));
    }

    /// The OpenMetrics text of every metric.
    pub(crate) fn render(&self) -> String {
        let mut text = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }

    /// Counts a GraphQL operation (`None`: anonymous).
    pub(crate) fn operation(&self, name: Option<&str>, outcome: Outcome, took: Duration) {
        let operation = self.operation_label(name);
        self.operations
            .get_or_create(&OperationOutcome {
                operation: operation.clone(),
                outcome: outcome.as_str(),
            })
            .inc();
        self.operation_seconds
            .get_or_create(&Operation { operation })
            .observe(took.as_secs_f64());
    }

    fn operation_label(&self, name: Option<&str>) -> String {
        let Some(name) = name.filter(|n| !n.is_empty()) else {
            return "anonymous".to_string();
        };
        if name.len() > MAX_NAME_BYTES {
            return "other".to_string();
        }
        let mut names = self.names.lock().unwrap_or_else(|e| e.into_inner());
        if names.contains(name) {
            return name.to_string();
        }
        if names.len() < MAX_OPERATIONS {
            names.insert(name.to_string());
            return name.to_string();
        }
        "other".to_string()
    }

    /// Counts a lookup in a shared cache (`actor`, `referentielijst`).
    pub(crate) fn cache_lookup(&self, cache: &'static str, hit: bool) {
        let result = if hit { "hit" } else { "miss" };
        self.cache
            .get_or_create(&CacheResult { cache, result })
            .inc();
    }

    /// Counts one register call (one try, `attempt` from 1): `status` is the
    /// HTTP status, or why none came (`timeout`, `unreachable`).
    pub(crate) fn upstream_call(
        &self,
        register: &'static str,
        status: String,
        took: Duration,
        attempt: u32,
    ) {
        self.upstream_calls
            .get_or_create(&RegisterStatus { register, status })
            .inc();
        self.upstream_seconds
            .get_or_create(&RegisterLabel { register })
            .observe(took.as_secs_f64());
        if attempt > 1 {
            self.upstream_retries
                .get_or_create(&RegisterLabel { register })
                .inc();
        }
    }

    /// Counts a register call not made, and why (`reason`).
    pub(crate) fn upstream_skipped(&self, register: &'static str, reason: &'static str) {
        self.upstream_skipped
            .get_or_create(&RegisterReason { register, reason })
            .inc();
    }

    /// Records the release a register was found to be; an earlier one is set
    /// to 0.
    pub(crate) fn register_release(
        &self,
        register: &'static str,
        api_version: &str,
        release: &str,
    ) {
        let key = RegisterRelease {
            register,
            api_version: api_version.to_string(),
            release: release.to_string(),
        };
        let mut last = self.last_release.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(old) = last.insert(register, key.clone()) {
            if old != key {
                self.register_release.get_or_create(&old).set(0);
            }
        }
        self.register_release.get_or_create(&key).set(1);
    }

    /// Counts `count` rows a register returned that did not match the filter asked.
    pub(crate) fn rows_dropped(
        &self,
        register: &'static str,
        resource: &str,
        filter: &str,
        count: u64,
    ) {
        self.rows_dropped
            .get_or_create(&RegisterFilter {
                register,
                resource: resource.to_string(),
                filter: filter.to_string(),
            })
            .inc_by(count);
    }

    /// Records that a register's breaker moved to `state`.
    pub(crate) fn breaker_moved(&self, register: &'static str, state: BreakerGauge) {
        self.breaker_state
            .get_or_create(&RegisterLabel { register })
            .set(state.value());
        self.breaker_transitions
            .get_or_create(&RegisterState {
                register,
                state: state.label(),
            })
            .inc();
    }
}

/// A circuit breaker's state as the `breaker_state` gauge shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BreakerGauge {
    Closed,
    Open,
    HalfOpen,
}

impl BreakerGauge {
    /// The label of `breaker_transitions`.
    fn label(self) -> &'static str {
        match self {
            BreakerGauge::Closed => "closed",
            BreakerGauge::Open => "open",
            BreakerGauge::HalfOpen => "half_open",
        }
    }

    /// The value of `breaker_state`.
    fn value(self) -> i64 {
        match self {
            BreakerGauge::Closed => 0,
            BreakerGauge::Open => 1,
            BreakerGauge::HalfOpen => 2,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_beyond_the_cap_count_as_other() {
        let m = Metrics::new(&["klantinteracties", "brp", "referentielijsten"]);
        for i in 0..MAX_OPERATIONS + 5 {
            m.operation(Some(&format!("Op{i}")), Outcome::Ok, Duration::ZERO);
        }
        m.operation(None, Outcome::Error, Duration::ZERO);
        m.operation(
            Some(&"L".repeat(MAX_NAME_BYTES + 1)),
            Outcome::Ok,
            Duration::ZERO,
        );
        let text = m.render();
        assert!(
            text.contains(r#"operation="Op0",outcome="ok"} 1"#),
            "{text}"
        );
        assert!(text.contains(r#"operation="other",outcome="ok"} 6"#));
        assert!(text.contains(r#"operation="anonymous",outcome="error"} 1"#));
        assert!(text.contains(r#"klantbeeld_breaker_state{register="brp"} 0"#));
        assert!(text.trim_end().ends_with("# EOF"));
    }
}
