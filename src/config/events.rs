//! Settings of live updates: the notification webhook, the optional
//! abonnement at a Notificaties API, the events hub, and the sandbox's own
//! delivery of notifications. Kept apart from the rest of the configuration
//! so that the events work reads as one piece.

use std::num::{NonZeroU32, NonZeroU64, NonZeroUsize};

use serde::Deserialize;

use super::{Config, ConfigError, Secret};

/// The webhook that receives notifications (Open Notificaties' consumer API).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotificatiesConfig {
    /// The path of the webhook, e.g. `/api/notificaties`.
    pub path: String,
    /// The `Authorization` value every delivery must carry.
    pub auth: String,
    /// The previous value during a rotation; empty for none.
    pub auth_previous: String,
    /// How long a notification is remembered to drop its duplicates.
    pub dedup_seconds: NonZeroU64,
    /// How many notifications are remembered at most.
    pub dedup_capacity: NonZeroU64,
    /// Accepted notifications waiting to be processed, at most.
    pub queue: NonZeroUsize,
    /// Attempts to fetch a notification's resource.
    pub fetch_attempts: NonZeroU32,
    pub abonnement: AbonnementConfig,
}

/// Registering the gateway's abonnement at a Notificaties API at start.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AbonnementConfig {
    /// Base URL of the Notificaties API (`…/api/v1`); empty: no registration.
    pub api_url: String,
    /// ZGW client id and secret: a HS256 JWT is signed with them.
    pub client_id: String,
    pub secret: String,
    /// Where Open Notificaties reaches the webhook.
    pub callback_url: String,
    /// Comma-separated kanalen.
    pub kanalen: String,
}

impl AbonnementConfig {
    /// Whether an abonnement is to be registered at all.
    pub fn enabled(&self) -> bool {
        !self.api_url.trim().is_empty()
    }

    /// The kanalen, trimmed, without empty entries.
    pub fn kanalen(&self) -> Vec<String> {
        self.kanalen
            .split(',')
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(str::to_string)
            .collect()
    }
}

/// The events hub.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventsConfig {
    pub backend: EventsBackend,
    /// Events kept for resuming subscriptions (with `redis`: the stream's
    /// `MAXLEN ~`).
    pub replay_buffer: usize,
    /// Events one resumption (`vanaf`) replays at most.
    pub max_replay: usize,
    /// Bytes of events (as written out) a replica keeps in memory at most,
    /// beside the count: a large object cannot make the buffer grow past it.
    pub replay_buffer_bytes: usize,
    pub redis: RedisConfig,
}

/// `events.backend`: where the hub keeps events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventsBackend {
    /// In the process: one replica.
    Memory,
    /// A Redis stream shared by every replica.
    Redis,
}

/// `[events.redis]`: the Redis whose stream every replica shares.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedisConfig {
    /// `redis://[user[:password]@]host:port[/db]`. A password in it is a
    /// credential: the URL is a [`Secret`].
    pub url: Secret,
    /// A file holding the password (a mounted Secret), instead of one in the URL.
    pub password_file: String,
    /// The password read from `password_file` (never set in the file itself).
    #[serde(skip)]
    pub password: Secret,
    /// The stream's key; the deduplication keys start with it too.
    pub stream: String,
    /// How long one attempt to connect or one command may take.
    pub timeout_ms: NonZeroU64,
}

impl std::fmt::Debug for RedisConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisConfig")
            .field("url", &self.url)
            .field("password_file", &self.password_file)
            .field("password", &self.password)
            .field("stream", &self.stream)
            .field("timeout_ms", &self.timeout_ms)
            .finish()
    }
}

/// The sandbox's delivery of notifications after writes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SandboxNotificatiesConfig {
    pub enabled: bool,
    /// The target; empty means the gateway of this process.
    pub url: String,
    /// Sent verbatim as `Authorization`.
    pub auth: String,
    /// Attempts per notification.
    pub max_attempts: u32,
}

/// The most events the replay buffer may hold.
const MAX_REPLAY_BUFFER: usize = 10_000_000;

impl Config {
    /// The checks of the settings in this file.
    pub(super) fn validate_events(&self) -> Result<(), ConfigError> {
        let n = &self.notificaties;
        if !n.path.starts_with('/') || n.path.len() < 2 || n.path.contains(['?', '#', ' ']) {
            return Err(ConfigError::new(
                "notificaties.path",
                format!("{:?} must be a path such as /api/notificaties", n.path),
            ));
        }
        if n.path.starts_with("/graphql") || n.path == "/healthz" {
            return Err(ConfigError::new(
                "notificaties.path",
                format!("{:?} is taken by the gateway itself", n.path),
            ));
        }
        header_value("notificaties.auth", &n.auth, false)?;
        header_value("notificaties.auth_previous", &n.auth_previous, true)?;
        let a = &n.abonnement;
        if a.enabled() {
            http_url("notificaties.abonnement.api_url", &a.api_url)?;
            http_url("notificaties.abonnement.callback_url", &a.callback_url)?;
            for (key, value) in [
                ("notificaties.abonnement.client_id", &a.client_id),
                ("notificaties.abonnement.secret", &a.secret),
            ] {
                if value.trim().is_empty() {
                    return Err(ConfigError::new(
                        key,
                        "must be set when notificaties.abonnement.api_url is",
                    ));
                }
            }
            if a.kanalen().is_empty() {
                return Err(ConfigError::new(
                    "notificaties.abonnement.kanalen",
                    "names no kanaal",
                ));
            }
        }
        if self.events.replay_buffer == 0 || self.events.replay_buffer > MAX_REPLAY_BUFFER {
            return Err(ConfigError::new(
                "events.replay_buffer",
                format!("must be between 1 and {MAX_REPLAY_BUFFER}"),
            ));
        }
        if self.events.max_replay == 0 || self.events.max_replay > self.events.replay_buffer {
            return Err(ConfigError::new(
                "events.max_replay",
                "must be between 1 and events.replay_buffer",
            ));
        }
        if self.events.replay_buffer_bytes < MIN_REPLAY_BUFFER_BYTES {
            return Err(ConfigError::new(
                "events.replay_buffer_bytes",
                format!("must be at least {MIN_REPLAY_BUFFER_BYTES}"),
            ));
        }
        if self.events.backend == EventsBackend::Redis {
            self.validate_redis()?;
        }
        let s = &self.sandbox.notificaties;
        if s.enabled {
            if !s.url.is_empty() {
                http_url("sandbox.notificaties.url", &s.url)?;
            }
            header_value("sandbox.notificaties.auth", &s.auth, false)?;
            if s.max_attempts == 0 {
                return Err(ConfigError::new(
                    "sandbox.notificaties.max_attempts",
                    "must be at least 1",
                ));
            }
        }
        Ok(())
    }
}

/// The smallest byte bound: one ordinary event must fit.
const MIN_REPLAY_BUFFER_BYTES: usize = 64 * 1024;

impl Config {
    /// The `[events.redis]` checks, when the backend is Redis. Errors name
    /// the key and never repeat the URL (it may hold a password).
    fn validate_redis(&self) -> Result<(), ConfigError> {
        let r = &self.events.redis;
        if r.url.is_empty() {
            return Err(ConfigError::new(
                "events.redis.url",
                "must be set when events.backend is \"redis\" (redis://host:6379)",
            ));
        }
        match url::Url::parse(r.url.expose().trim()) {
            Ok(u) if u.scheme() == "redis" && u.host().is_some() => {
                if u.password().is_some() && !r.password.is_empty() {
                    return Err(ConfigError::new(
                        "events.redis.password_file",
                        "set either a password in events.redis.url or events.redis.password_file, not both",
                    ));
                }
            }
            Ok(u) => {
                return Err(ConfigError::new(
                    "events.redis.url",
                    format!(
                    "must be a redis:// URL with a host, not {}: (this build has no TLS to Redis)",
                    u.scheme()
                ),
                ))
            }
            Err(e) => {
                return Err(ConfigError::new(
                    "events.redis.url",
                    format!("is not a URL ({e})"),
                ))
            }
        }
        let stream = r.stream.trim();
        if stream.is_empty() || stream.len() > 200 || stream.contains(char::is_whitespace) {
            return Err(ConfigError::new(
                "events.redis.stream",
                "must be a key of 1 to 200 characters without spaces",
            ));
        }
        Ok(())
    }
}

/// A value that can be sent as an HTTP header (and, unless `may_be_empty`, is set).
fn header_value(key: &str, value: &str, may_be_empty: bool) -> Result<(), ConfigError> {
    if value.is_empty() {
        return if may_be_empty {
            Ok(())
        } else {
            Err(ConfigError::new(key, "must not be empty"))
        };
    }
    if value.len() > 1000 || axum::http::HeaderValue::from_str(value).is_err() {
        return Err(ConfigError::new(
            key,
            "must be at most 1000 visible characters, as an Authorization header",
        ));
    }
    Ok(())
}

fn http_url(key: &str, value: &str) -> Result<(), ConfigError> {
    match url::Url::parse(value.trim()) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => Ok(()),
        _ => Err(ConfigError::new(
            key,
            format!("{value:?} is not an http(s) URL"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, DEFAULT_TOML};

    fn key_of(vars: &[(&str, &str)]) -> String {
        let vars = vars.iter().map(|(k, v)| (k.to_string(), v.to_string()));
        Config::from_toml(DEFAULT_TOML, vars).unwrap_err().key
    }

    #[test]
    fn bad_event_settings_name_their_key() {
        for (vars, key) in [
            (
                vec![("KLANTBEELD__NOTIFICATIES__PATH", "api")],
                "notificaties.path",
            ),
            (
                vec![("KLANTBEELD__NOTIFICATIES__PATH", "/graphql/ws")],
                "notificaties.path",
            ),
            (
                vec![("KLANTBEELD__NOTIFICATIES__AUTH", "")],
                "notificaties.auth",
            ),
            (
                vec![("KLANTBEELD__NOTIFICATIES__AUTH", "Bearer a\nb")],
                "notificaties.auth",
            ),
            (
                vec![("KLANTBEELD__NOTIFICATIES__QUEUE", "0")],
                "notificaties.queue",
            ),
            (
                vec![("KLANTBEELD__EVENTS__BACKEND", "redis")],
                "events.redis.url",
            ),
            (
                vec![
                    ("KLANTBEELD__EVENTS__BACKEND", "redis"),
                    ("KLANTBEELD__EVENTS__REDIS__URL", "http://cache:6379"),
                ],
                "events.redis.url",
            ),
            (
                vec![
                    ("KLANTBEELD__EVENTS__BACKEND", "redis"),
                    ("KLANTBEELD__EVENTS__REDIS__URL", "redis://cache:6379"),
                    ("KLANTBEELD__EVENTS__REDIS__STREAM", "two words"),
                ],
                "events.redis.stream",
            ),
            (
                vec![("KLANTBEELD__EVENTS__REPLAY_BUFFER_BYTES", "10")],
                "events.replay_buffer_bytes",
            ),
            (
                vec![("KLANTBEELD__EVENTS__REPLAY_BUFFER", "0")],
                "events.replay_buffer",
            ),
            (
                vec![("KLANTBEELD__SANDBOX__NOTIFICATIES__URL", "nowhere")],
                "sandbox.notificaties.url",
            ),
            (
                vec![(
                    "KLANTBEELD__NOTIFICATIES__ABONNEMENT__API_URL",
                    "https://on.example/api/v1",
                )],
                "notificaties.abonnement.callback_url",
            ),
            (
                vec![
                    (
                        "KLANTBEELD__NOTIFICATIES__ABONNEMENT__API_URL",
                        "https://on.example/api/v1",
                    ),
                    (
                        "KLANTBEELD__NOTIFICATIES__ABONNEMENT__CALLBACK_URL",
                        "https://gw.example/api/notificaties",
                    ),
                ],
                "notificaties.abonnement.client_id",
            ),
        ] {
            assert_eq!(key_of(&vars), key, "{vars:?}");
        }
    }

    #[test]
    fn a_redis_password_never_shows() {
        let vars = [
            ("KLANTBEELD__EVENTS__BACKEND", "redis"),
            (
                "KLANTBEELD__EVENTS__REDIS__URL",
                "redis://:hunter2-redis@cache:6379/0",
            ),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()));
        let c = Config::from_toml(DEFAULT_TOML, vars.clone()).unwrap();
        assert_eq!(c.events.backend, crate::config::EventsBackend::Redis);
        assert!(!format!("{:?}", c.events).contains("hunter2"));
        // An error about the URL does not repeat it.
        let mut bad = vars.to_vec();
        bad[1].1 = "redis//:hunter2-redis@cache".into();
        let e = Config::from_toml(DEFAULT_TOML, bad).unwrap_err();
        assert_eq!(e.key, "events.redis.url");
        assert!(!e.to_string().contains("hunter2"), "{e}");
    }

    #[test]
    fn the_default_delivers_to_the_gateway_with_the_shared_secret() {
        let c = Config::development();
        assert!(c.sandbox.notificaties.enabled);
        assert!(c.sandbox.notificaties.url.is_empty());
        assert_eq!(c.sandbox.notificaties.auth, c.notificaties.auth);
        assert!(!c.notificaties.abonnement.enabled());
    }
}
