//! How the process reports what it does: logs (`tracing`, pretty or JSON),
//! the request context every register call carries ([`request`], with the
//! W3C trace of [`trace`]), Prometheus metrics ([`metrics`]), and, when
//! `[telemetry.otlp]` names a collector, OpenTelemetry spans ([`spans`]).
//!
//! Every log line inside a request carries the request's span: its
//! `request_id`, `trace_id` (the exported spans' trace id) and `principal`
//! (the token's subject, or `unauthenticated` when it was refused); the line that ends
//! a GraphQL operation adds its name, outcome, duration and the number of
//! register calls it made.

pub(crate) mod metrics;
pub(crate) mod request;
pub(crate) mod spans;
pub(crate) mod trace;

pub(crate) use metrics::Metrics;
pub(crate) use request::{spawn, RequestContext};
pub(crate) use spans::{CallSpan, Spans};
pub(crate) use trace::TraceParent;

use tracing_subscriber::{fmt, EnvFilter};

use crate::config::LogConfig;

/// Installs the global subscriber. `RUST_LOG`, when set, wins over the config.
/// Calling it twice is harmless (tests start many apps in one process).
pub fn init(log: &LogConfig) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(&log.level));
    let builder = fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = if log.format == "json" {
        builder.json().flatten_event(true).try_init()
    } else {
        builder.try_init()
    };
}
