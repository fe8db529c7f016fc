//! Logging set-up: one place decides how the process reports what it does.

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
