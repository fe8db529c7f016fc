//! Configuration: `config.toml`, overridden by `KLANTBEELD__SECTION__KEY`
//! environment variables, parsed into typed settings and validated once at
//! start. Every error names the key that is wrong (and the environment
//! variable, when that is where the value came from), so that an operator can
//! fix it from one line of output.
//!
//! A setting's type says what it may be where a type can: a choice is an
//! enum (serde's error names the allowed values), a number that must be
//! positive and has no other bound is a `NonZero*`, a log filter is parsed
//! as it is read ([`LogFilter`]). `validate.rs` (and the checks beside each
//! group of settings) keeps what a type cannot say: ranges, URLs, header
//! names and values, and rules between keys. Numbers that code sets
//! directly (the tests tune timeouts, concurrency and limits that way) stay
//! plain numbers, checked there too.

mod env;
mod events;
mod secret;
mod security;
mod telemetry;
mod validate;

pub use events::{
    AbonnementConfig, EventsBackend, EventsConfig, NotificatiesConfig, RedisConfig,
    SandboxNotificatiesConfig,
};
pub use secret::Secret;
pub use security::{
    AuthConfig, AuthMode, ClaimsConfig, CorsConfig, DocumentsConfig, LimitsConfig, RateLimitConfig,
};
pub use telemetry::{OtlpConfig, OtlpProtocol, TelemetryConfig, OTEL_ENDPOINT_VAR};

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::num::NonZeroU64;
use std::path::Path;

use serde::Deserialize;

/// The default configuration: gateway plus embedded sandbox on loopback.
pub const DEFAULT_TOML: &str = include_str!("../../config.toml");

/// The prefix of environment variables that override configuration keys.
pub(crate) const ENV_PREFIX: &str = "KLANTBEELD__";

/// A configuration error: which key, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("configuration key `{key}`{source_hint}: {message}")]
pub struct ConfigError {
    /// The dotted key, e.g. `registers.klantinteracties.max_concurrency`.
    pub key: String,
    pub message: String,
    /// ` (from KLANTBEELD__…)` when an environment variable set the key.
    source_hint: String,
}

impl ConfigError {
    pub(crate) fn new(key: impl Into<String>, message: impl Into<String>) -> Self {
        ConfigError {
            key: key.into(),
            message: message.into(),
            source_hint: String::new(),
        }
    }

    fn naming_var(mut self, var: Option<&String>) -> Self {
        if let Some(var) = var {
            self.source_hint = format!(" (from {var})");
        }
        self
    }
}

/// All settings of the gateway and its embedded sandbox.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub server: ServerConfig,
    pub log: LogConfig,
    pub telemetry: TelemetryConfig,
    pub sandbox: SandboxConfig,
    pub registers: RegistersConfig,
    pub planner: PlannerConfig,
    pub referentielijsten: ReferentielijstenConfig,
    pub cache: CacheConfig,
    pub auth: AuthConfig,
    pub limits: LimitsConfig,
    pub cors: CorsConfig,
    pub documents: DocumentsConfig,
    pub rate_limit: RateLimitConfig,
    pub brp: BrpConfig,
    pub verwerkingslog: VerwerkingslogConfig,
    pub notificaties: NotificatiesConfig,
    pub events: EventsConfig,
}

/// The gateway's own HTTP server.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerConfig {
    pub listen: SocketAddr,
    /// Serve GraphiQL at `/`.
    pub graphiql: bool,
    /// How long requests in flight may take to finish after a shutdown signal.
    pub shutdown_grace_ms: u64,
    /// How long after the signal `/readyz` is 503 while the listener still
    /// accepts, so that the Service stops sending first.
    pub shutdown_drain_ms: u64,
    /// How long `/readyz` keeps the registers' answers; 0 asks every time.
    pub readiness_cache_ms: u64,
    /// The whole of one GraphQL request (every register call and every wait
    /// for a slot); a client may ask for less with `Request-Timeout-Ms`.
    pub request_deadline_ms: u64,
    /// How long a WebSocket may stay open without a `connection_init`.
    pub connection_init_timeout_ms: u64,
    /// How long a connection may take to send a request's headers, whole.
    pub header_read_timeout_ms: u64,
    /// Connections open at once, at most; one beyond it is closed at once.
    pub max_connections: usize,
}

/// Logging.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogConfig {
    pub format: LogFormat,
    /// A `tracing` filter, e.g. `info` or `klantbeeld_gateway=debug,info`.
    pub level: LogFilter,
}

/// `log.format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines, for a terminal.
    Pretty,
    /// One JSON object per line, for a log collector.
    Json,
}

impl LogFormat {
    /// The name in the configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            LogFormat::Pretty => "pretty",
            LogFormat::Json => "json",
        }
    }
}

/// Compares with the name in the configuration.
impl PartialEq<&str> for LogFormat {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// `log.level`: a `tracing` filter directive, checked when it is read.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct LogFilter(String);

impl TryFrom<String> for LogFilter {
    type Error = String;

    fn try_from(text: String) -> Result<LogFilter, String> {
        match tracing_subscriber::EnvFilter::try_new(&text) {
            Ok(_) => Ok(LogFilter(text)),
            Err(_) => Err(format!("{text:?} is not a valid log filter")),
        }
    }
}

impl AsRef<str> for LogFilter {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// The embedded sandbox registers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SandboxConfig {
    pub enabled: bool,
    pub listen: SocketAddr,
    /// The token the sandbox Klantinteracties accepts.
    pub token: Secret,
    pub seed: u64,
    pub partijen: usize,
    /// Cost model of the sandbox Klantinteracties at start: `none` or `openklant-2.18`.
    pub profile: String,
    /// The Open Klant release the sandbox Klantinteracties answers as:
    /// `2.18` (the default) or `2.4`.
    #[serde(default = "newest_openklant")]
    pub openklant_release: String,
    /// The OAuth2 client the sandbox BRP demands; empty: it takes no token.
    pub brp_client_id: String,
    pub brp_client_secret: Secret,
    /// Lifetime of the tokens the sandbox issues.
    pub brp_token_ttl_seconds: u64,
    /// Notifications the sandbox delivers after writes.
    pub notificaties: SandboxNotificatiesConfig,
}

/// The registers the gateway federates.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistersConfig {
    pub klantinteracties: RegisterConfig,
    pub brp: RegisterConfig,
    pub referentielijsten: RegisterConfig,
}

/// How to reach one register.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterConfig {
    /// Base URL; empty means the embedded sandbox's base path for this register.
    pub base_url: String,
    /// Sent as `Authorization: Token <token>` (Klantinteracties); empty sends none.
    pub token: Secret,
    /// A file that holds the token (instead of `token`).
    pub token_file: String,
    pub connect_timeout_ms: u64,
    pub request_timeout_ms: u64,
    /// Requests in flight at once, at most (Open Klant serves 8 at a time).
    pub max_concurrency: usize,
    /// Retries of a read after a transient failure (0: none).
    pub retries: u32,
    /// The first retry's backoff ceiling; it doubles per retry.
    pub retry_backoff_ms: u64,
    /// The largest backoff ceiling.
    pub retry_backoff_max_ms: u64,
    /// Failed calls in a row that open the circuit breaker.
    pub breaker_failures: u32,
    /// How long the breaker first stays open before it lets probes through;
    /// it doubles each time it opens again, up to `breaker_cooldown_max_ms`.
    pub breaker_cooldown_ms: u64,
    /// The longest cool-down.
    pub breaker_cooldown_max_ms: u64,
    /// `/readyz` is 503 while this register is down.
    pub required: bool,
    /// Klantinteracties only: the Open Klant release (`2.4` … `2.18`) the
    /// gateway takes the register to be, or `auto` (the default): read from
    /// the register's `API-version`.
    #[serde(default = "auto")]
    pub release: String,
}

fn newest_openklant() -> String {
    "2.18".to_string()
}

fn auto() -> String {
    "auto".to_string()
}

/// How the planner chooses between `expand` and lists plus single GETs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlannerConfig {
    /// `auto`, `always` or `never`.
    pub expand: ExpandMode,
    /// The modelled cost of a Klantinteracties call, before observations refine it.
    pub base_ms: f64,
    pub per_object_ms: f64,
    pub per_expanded_object_ms: f64,
    /// Refine the cost model from observed latencies.
    pub learn: bool,
}

/// The planner's `expand` setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExpandMode {
    Auto,
    Always,
    Never,
}

/// Reference lists: which table gives the meaning of which field.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferentielijstenConfig {
    pub ttl_seconds: NonZeroU64,
    /// GraphQL field (`kanaal`, `taal`, `voorkeurstaal`, `land`) → table code.
    pub tabellen: BTreeMap<String, String>,
}

/// Shared caches.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CacheConfig {
    pub actor_ttl_seconds: NonZeroU64,
    pub actor_capacity: NonZeroU64,
}

/// How the gateway uses the BRP: the purpose defaults, authentication and
/// the protocollering headers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BrpConfig {
    /// Used when a request carries no `X-Doelbinding`; empty: none.
    pub default_doelbinding: String,
    /// Used when a request carries no `X-Verwerking`; empty: none.
    pub default_verwerking: String,
    /// Used when a request carries no `X-Gebruiker`; empty: none.
    pub default_gebruiker: String,
    pub auth: BrpAuthConfig,
    pub protocollering: ProtocolleringConfig,
}

/// How the gateway authenticates to the BRP.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BrpAuthConfig {
    pub method: BrpAuthMethod,
    pub api_key_header: String,
    pub api_key: String,
    pub api_key_file: String,
    pub token_url: String,
    pub client_id: String,
    pub client_secret: String,
    pub client_secret_file: String,
    pub scope: String,
    pub resource_server: String,
    pub refresh_before_expiry_seconds: u64,
}

impl std::fmt::Debug for BrpAuthConfig {
    // Leaves the secrets out: a configuration may be logged.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BrpAuthConfig")
            .field("method", &self.method)
            .field("api_key_header", &self.api_key_header)
            .field("api_key_file", &self.api_key_file)
            .field("token_url", &self.token_url)
            .field("client_id", &self.client_id)
            .field("client_secret_file", &self.client_secret_file)
            .field("scope", &self.scope)
            .field("resource_server", &self.resource_server)
            .finish_non_exhaustive()
    }
}

/// `brp.auth.method`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BrpAuthMethod {
    None,
    ApiKey,
    Oauth2,
}

/// The headers that carry a lookup's purpose upstream; an empty name sends
/// nothing.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProtocolleringConfig {
    pub doelbinding_header: String,
    pub verwerking_header: String,
    pub gebruiker_header: String,
    pub origin_oin_header: String,
    pub origin_oin: String,
}

/// Where the verwerkingslog goes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerwerkingslogConfig {
    pub target: VerwerkingslogTarget,
    /// The file for `target = "file"`.
    pub path: String,
}

/// `verwerkingslog.target`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VerwerkingslogTarget {
    Stdout,
    File,
}

impl Config {
    /// Loads `path` (or the built-in default when `None`), applies the
    /// environment's `KLANTBEELD__…` overrides (and `OTEL_EXPORTER_OTLP_ENDPOINT`
    /// to an empty `telemetry.otlp.endpoint`), and validates the result.
    pub fn load(
        path: Option<&Path>,
        vars: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Config, ConfigError> {
        let text = match path {
            Some(p) => std::fs::read_to_string(p).map_err(|e| {
                ConfigError::new("(file)", format!("cannot read {}: {e}", p.display()))
            })?,
            None => DEFAULT_TOML.to_string(),
        };
        Config::from_toml(&text, vars)
    }

    /// Parses a TOML document, applies overrides and validates.
    pub fn from_toml(
        text: &str,
        vars: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Config, ConfigError> {
        let mut table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            ConfigError::new("(file)", format!("not valid TOML: {}", e.message().trim()))
        })?;
        let vars: Vec<(String, String)> = vars.into_iter().collect();
        let mut from_env = env::apply(&mut table, vars.iter().cloned())?;
        telemetry::endpoint_from_standard_var(&mut table, &vars, &mut from_env);
        let mut config: Config = serde_path_to_error::deserialize(toml::Value::Table(table))
            .map_err(|e| {
                let key = e.path().to_string();
                let var = from_env.get(&key);
                ConfigError::new(key.clone(), e.into_inner().message().trim().to_string())
                    .naming_var(var)
            })?;
        secret::resolve_files(&mut config).map_err(|e| {
            let var = from_env.get(&e.key).cloned();
            e.naming_var(var.as_ref())
        })?;
        config.validate().map_err(|e| {
            let var = from_env.get(&e.key).cloned();
            e.naming_var(var.as_ref())
        })?;
        Ok(config)
    }

    /// The development default, as `cargo run` uses it.
    pub fn development() -> Config {
        Config::from_toml(DEFAULT_TOML, []).expect("the built-in config.toml is valid")
    }
}
