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

use tracing_subscriber::filter::{FilterExt, LevelFilter, Targets};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter, Layer};

use crate::config::LogConfig;

/// Crates whose logs below `info` show what goes over the wire: at `trace`
/// tungstenite logs every WebSocket frame (the bearer token of a
/// `connection_init`, BSN variables, BRP answers), hyper, h2 and reqwest
/// headers and bodies. Whatever `log.level` (or `RUST_LOG`) says, their
/// lines stop at `info`: no log level makes the gateway write a token or
/// personal data.
pub(crate) const WIRE_CRATES: [&str; 7] = [
    "tungstenite",
    "tokio_tungstenite",
    "hyper",
    "hyper_util",
    "h2",
    "reqwest",
    "rustls",
];

/// The most the [`WIRE_CRATES`] may log.
const WIRE_CAP: LevelFilter = LevelFilter::INFO;

/// What may be logged besides `log.level`: everything, except the
/// [`WIRE_CRATES`] above [`WIRE_CAP`].
pub(crate) fn wire_cap() -> Targets {
    Targets::new()
        .with_default(LevelFilter::TRACE)
        .with_targets(WIRE_CRATES.map(|c| (c, WIRE_CAP)))
}

/// Installs the global subscriber. `RUST_LOG`, when set, wins over the
/// config; neither lifts the cap of the [`WIRE_CRATES`]. Calling it twice
/// is harmless (tests start many apps in one process).
pub fn init(log: &LogConfig) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(&log.level));
    let filter = filter.and(wire_cap());
    let lines = fmt::layer().with_writer(std::io::stderr);
    let registry = tracing_subscriber::registry();
    let _ = if log.format == "json" {
        registry
            .with(lines.json().flatten_event(true).with_filter(filter))
            .try_init()
    } else {
        registry.with(lines.with_filter(filter)).try_init()
    };
}

#[cfg(test)]
mod tests {
    use tracing::Level;

    use super::*;

    #[test]
    fn the_wire_crates_stop_at_info_and_the_gateway_does_not() {
        let cap = wire_cap();
        for c in WIRE_CRATES {
            assert!(
                !cap.would_enable(&format!("{c}::protocol"), &Level::TRACE),
                "{c}"
            );
            assert!(!cap.would_enable(c, &Level::DEBUG), "{c}");
            assert!(cap.would_enable(c, &Level::INFO), "{c}");
        }
        assert!(cap.would_enable("klantbeeld_gateway::events", &Level::TRACE));
    }
}
