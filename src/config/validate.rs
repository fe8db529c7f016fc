//! Checks that the types of the settings cannot express: ranges, URLs,
//! header names and values, rules between keys, and the numbers kept plain
//! (see the module documentation of `config`).

use super::{BrpAuthMethod, Config, ConfigError, RegisterConfig, VerwerkingslogTarget};

impl Config {
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        if self.server.shutdown_grace_ms == 0 {
            return Err(ConfigError::new(
                "server.shutdown_grace_ms",
                "must be at least 1",
            ));
        }
        for (key, value) in [
            (
                "server.request_deadline_ms",
                self.server.request_deadline_ms,
            ),
            (
                "server.connection_init_timeout_ms",
                self.server.connection_init_timeout_ms,
            ),
            (
                "server.header_read_timeout_ms",
                self.server.header_read_timeout_ms,
            ),
            ("server.max_connections", self.server.max_connections as u64),
        ] {
            if value == 0 {
                return Err(ConfigError::new(key, "must be at least 1"));
            }
        }
        check_one_of(
            "sandbox.profile",
            &self.sandbox.profile,
            &["none", "openklant-2.18"],
        )?;
        self.check_sandbox_release()?;
        if self.sandbox.enabled && self.sandbox.token.is_empty() {
            return Err(ConfigError::new("sandbox.token", "must not be empty"));
        }
        if self.sandbox.partijen > 2_000_000 {
            return Err(ConfigError::new(
                "sandbox.partijen",
                "at most 2000000 partijen can be generated",
            ));
        }
        for (name, reg) in [
            ("klantinteracties", &self.registers.klantinteracties),
            ("brp", &self.registers.brp),
            ("referentielijsten", &self.registers.referentielijsten),
        ] {
            self.check_register(name, reg)?;
        }
        for (key, value) in [
            ("planner.base_ms", self.planner.base_ms),
            ("planner.per_object_ms", self.planner.per_object_ms),
            (
                "planner.per_expanded_object_ms",
                self.planner.per_expanded_object_ms,
            ),
        ] {
            if !(value.is_finite() && value >= 0.0) {
                return Err(ConfigError::new(
                    key,
                    format!("must be a number of milliseconds ≥ 0, got {value}"),
                ));
            }
        }
        for (field, tabel) in &self.referentielijsten.tabellen {
            check_one_of(
                &format!("referentielijsten.tabellen.{field}"),
                field,
                &["kanaal", "taal", "voorkeurstaal", "land"],
            )
            .map_err(|e| {
                ConfigError::new(
                    e.key,
                    "maps no known field; known: kanaal, taal, voorkeurstaal, land",
                )
            })?;
            if tabel.trim().is_empty() || tabel.len() > 40 {
                return Err(ConfigError::new(
                    format!("referentielijsten.tabellen.{field}"),
                    "must be a table code of 1 to 40 characters",
                ));
            }
        }
        if !self.sandbox.brp_client_id.is_empty() {
            if self.sandbox.brp_client_secret.is_empty() {
                return Err(ConfigError::new(
                    "sandbox.brp_client_secret",
                    "must not be empty when sandbox.brp_client_id is set",
                ));
            }
            if self.sandbox.brp_token_ttl_seconds == 0 {
                return Err(ConfigError::new(
                    "sandbox.brp_token_ttl_seconds",
                    "must be at least 1",
                ));
            }
        }
        self.check_brp()?;
        if self.verwerkingslog.target == VerwerkingslogTarget::File
            && self.verwerkingslog.path.trim().is_empty()
        {
            return Err(ConfigError::new(
                "verwerkingslog.path",
                "must name a file when verwerkingslog.target is \"file\"",
            ));
        }
        self.check_auth()?;
        self.check_exposure()?;
        self.check_limits()?;
        self.check_cors()?;
        self.check_rate_limit()?;
        self.validate_telemetry()?;
        self.validate_events()
    }

    /// The BRP's purpose defaults, authentication and protocollering headers:
    /// everything that goes into a header must be able to.
    fn check_brp(&self) -> Result<(), ConfigError> {
        let brp = &self.brp;
        for (key, value) in [
            ("brp.default_doelbinding", &brp.default_doelbinding),
            ("brp.default_verwerking", &brp.default_verwerking),
            ("brp.default_gebruiker", &brp.default_gebruiker),
            (
                "brp.protocollering.origin_oin",
                &brp.protocollering.origin_oin,
            ),
        ] {
            check_header_value(key, value)?;
        }
        let p = &brp.protocollering;
        for (key, name) in [
            (
                "brp.protocollering.doelbinding_header",
                &p.doelbinding_header,
            ),
            ("brp.protocollering.verwerking_header", &p.verwerking_header),
            ("brp.protocollering.gebruiker_header", &p.gebruiker_header),
            ("brp.protocollering.origin_oin_header", &p.origin_oin_header),
        ] {
            check_header_name(key, name)?;
        }
        let auth = &brp.auth;
        let one_of = |key: &str, value: &str, file: &str| {
            if value.is_empty() == file.is_empty() {
                Err(ConfigError::new(
                    key,
                    format!("set exactly one of {key} and {key}_file"),
                ))
            } else {
                Ok(())
            }
        };
        match auth.method {
            BrpAuthMethod::None => {}
            BrpAuthMethod::ApiKey => {
                if auth.api_key_header.is_empty() {
                    return Err(ConfigError::new(
                        "brp.auth.api_key_header",
                        "must name the header for method \"api_key\"",
                    ));
                }
                check_header_name("brp.auth.api_key_header", &auth.api_key_header)?;
                one_of("brp.auth.api_key", &auth.api_key, &auth.api_key_file)?;
            }
            BrpAuthMethod::Oauth2 => {
                match url::Url::parse(&auth.token_url) {
                    Ok(u) if u.scheme() == "http" || u.scheme() == "https" => {}
                    // Empty means the embedded sandbox's token endpoint.
                    _ if auth.token_url.is_empty() && self.sandbox.enabled => {}
                    _ => {
                        return Err(ConfigError::new(
                            "brp.auth.token_url",
                            "must be an http(s) URL for method \"oauth2\" (empty: the sandbox's, when sandbox.enabled)",
                        ))
                    }
                }
                if auth.client_id.trim().is_empty() {
                    return Err(ConfigError::new(
                        "brp.auth.client_id",
                        "must not be empty for method \"oauth2\"",
                    ));
                }
                one_of(
                    "brp.auth.client_secret",
                    &auth.client_secret,
                    &auth.client_secret_file,
                )?;
            }
        }
        if auth.method != BrpAuthMethod::None && !self.registers.brp.token.is_empty() {
            return Err(ConfigError::new(
                "registers.brp.token",
                "must be empty when brp.auth.method is not \"none\" (one way to authenticate)",
            ));
        }
        Ok(())
    }

    /// `sandbox.openklant_release`: a release the sandbox can be.
    pub(super) fn check_sandbox_release(&self) -> Result<(), ConfigError> {
        match self.sandbox.openklant_release.trim() {
            "2.4" | "2.4.0" | "2.18" | "2.18.0" => Ok(()),
            other => Err(ConfigError::new(
                "sandbox.openklant_release",
                format!("must be \"2.18\" or \"2.4\", got {other:?}"),
            )),
        }
    }

    fn check_register(&self, name: &str, reg: &RegisterConfig) -> Result<(), ConfigError> {
        let key = |k: &str| format!("registers.{name}.{k}");
        if reg.base_url.is_empty() {
            if !self.sandbox.enabled {
                return Err(ConfigError::new(
                    key("base_url"),
                    "is empty, which means the embedded sandbox, but sandbox.enabled is false",
                ));
            }
        } else {
            check_http_url(&key("base_url"), &reg.base_url)?;
        }
        let release = reg.release.trim();
        if release != "auto" {
            if name != "klantinteracties" {
                return Err(ConfigError::new(
                    key("release"),
                    "is only for registers.klantinteracties; leave it \"auto\"",
                ));
            }
            if !is_open_klant_release(release) {
                return Err(ConfigError::new(
                    key("release"),
                    format!("must be \"auto\" or an Open Klant release from 2.4 on (e.g. \"2.4\", \"2.18\"), got {release:?}"),
                ));
            }
        }
        if reg.connect_timeout_ms == 0 {
            return Err(ConfigError::new(
                key("connect_timeout_ms"),
                "must be at least 1",
            ));
        }
        if reg.request_timeout_ms == 0 {
            return Err(ConfigError::new(
                key("request_timeout_ms"),
                "must be at least 1",
            ));
        }
        if reg.max_concurrency == 0 || reg.max_concurrency > 1024 {
            return Err(ConfigError::new(
                key("max_concurrency"),
                format!("must be between 1 and 1024, got {}", reg.max_concurrency),
            ));
        }
        if reg.retries > 10 {
            return Err(ConfigError::new(
                key("retries"),
                format!("must be between 0 and 10, got {}", reg.retries),
            ));
        }
        if reg.retries > 0 && reg.retry_backoff_ms == 0 {
            return Err(ConfigError::new(
                key("retry_backoff_ms"),
                "must be at least 1 when retries are on",
            ));
        }
        if reg.retry_backoff_max_ms < reg.retry_backoff_ms {
            return Err(ConfigError::new(
                key("retry_backoff_max_ms"),
                format!(
                    "must be at least retry_backoff_ms ({}), got {}",
                    reg.retry_backoff_ms, reg.retry_backoff_max_ms
                ),
            ));
        }
        if reg.breaker_failures == 0 || reg.breaker_failures > 10_000 {
            return Err(ConfigError::new(
                key("breaker_failures"),
                format!("must be between 1 and 10000, got {}", reg.breaker_failures),
            ));
        }
        if reg.breaker_cooldown_ms == 0 {
            return Err(ConfigError::new(
                key("breaker_cooldown_ms"),
                "must be at least 1",
            ));
        }
        if reg.breaker_cooldown_max_ms < reg.breaker_cooldown_ms {
            return Err(ConfigError::new(
                key("breaker_cooldown_max_ms"),
                format!(
                    "must be at least breaker_cooldown_ms ({}), got {}",
                    reg.breaker_cooldown_ms, reg.breaker_cooldown_max_ms
                ),
            ));
        }
        Ok(())
    }
}

pub(super) fn check_http_url(key: &str, value: &str) -> Result<(), ConfigError> {
    match url::Url::parse(value) {
        Ok(u) if u.scheme() == "http" || u.scheme() == "https" => Ok(()),
        Ok(u) => Err(ConfigError::new(
            key,
            format!("scheme must be http or https, got {}", u.scheme()),
        )),
        Err(e) => Err(ConfigError::new(
            key,
            format!("{value:?} is not a URL: {e}"),
        )),
    }
}

/// Empty, or text a header can carry: visible ASCII and spaces, at most 200.
fn check_header_value(key: &str, value: &str) -> Result<(), ConfigError> {
    if value.len() > 200 || !value.bytes().all(|b| b == b' ' || b.is_ascii_graphic()) {
        return Err(ConfigError::new(
            key,
            "must be at most 200 visible ASCII characters (it is sent as a header)",
        ));
    }
    Ok(())
}

/// Empty, or a valid HTTP header name.
fn check_header_name(key: &str, name: &str) -> Result<(), ConfigError> {
    if !name.is_empty() && reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_err() {
        return Err(ConfigError::new(
            key,
            format!("{name:?} is not a valid HTTP header name"),
        ));
    }
    Ok(())
}

fn check_one_of(key: &str, value: &str, allowed: &[&str]) -> Result<(), ConfigError> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(ConfigError::new(
            key,
            format!("{value:?} is not one of {}", allowed.join(", ")),
        ))
    }
}

/// `2.<minor>` or `2.<minor>.<patch>` with a minor of at least 4: the
/// releases whose API the gateway knows (the register client reads a
/// release between two known ones as the older).
fn is_open_klant_release(name: &str) -> bool {
    let parts: Vec<&str> = name.split('.').collect();
    let number = |p: &&str| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit());
    matches!(parts.len(), 2 | 3)
        && parts.iter().all(number)
        && parts[0] == "2"
        && parts[1].parse::<u32>().is_ok_and(|m| m >= 4)
}

#[cfg(test)]
mod tests {
    use crate::config::{BrpAuthMethod, Config, VerwerkingslogTarget, DEFAULT_TOML};

    /// A change to the development config and the key it makes wrong.
    type Case = (Box<dyn FnOnce(&mut Config)>, &'static str);

    /// The key the development config names as wrong after `tweak`.
    fn wrong_key(tweak: impl FnOnce(&mut Config)) -> Option<String> {
        let mut config = Config::development();
        tweak(&mut config);
        config.validate().err().map(|e| e.key)
    }

    #[test]
    fn brp_and_verwerkingslog_settings_that_cannot_work_name_their_key() {
        assert_eq!(wrong_key(|_| {}), None);
        let cases: Vec<Case> = vec![
            (
                Box::new(|c| c.brp.auth.method = BrpAuthMethod::ApiKey),
                "brp.auth.api_key",
            ),
            (
                Box::new(|c| {
                    c.brp.auth.method = BrpAuthMethod::Oauth2;
                    c.brp.auth.client_secret = "s".into();
                }),
                "brp.auth.client_id",
            ),
            (
                Box::new(|c| {
                    c.brp.auth.method = BrpAuthMethod::Oauth2;
                    c.brp.auth.client_id = "id".into();
                    c.brp.auth.client_secret = "s".into();
                    c.brp.auth.client_secret_file = "/run/secrets/brp".into();
                }),
                "brp.auth.client_secret",
            ),
            (
                Box::new(|c| {
                    c.sandbox.enabled = false;
                    c.registers.brp.base_url = "https://brp.example".into();
                    c.registers.klantinteracties.base_url = "https://ok.example".into();
                    c.registers.referentielijsten.base_url = "https://rl.example".into();
                    c.brp.auth.method = BrpAuthMethod::Oauth2;
                    c.brp.auth.client_id = "id".into();
                    c.brp.auth.client_secret = "s".into();
                }),
                "brp.auth.token_url",
            ),
            (
                Box::new(|c| {
                    c.brp.auth.method = BrpAuthMethod::ApiKey;
                    c.brp.auth.api_key = "k".into();
                    c.registers.brp.token = "t".into();
                }),
                "registers.brp.token",
            ),
            (
                Box::new(|c| c.brp.protocollering.gebruiker_header = "x gebruiker".into()),
                "brp.protocollering.gebruiker_header",
            ),
            (
                Box::new(|c| c.brp.default_doelbinding = "regel\neen".into()),
                "brp.default_doelbinding",
            ),
            (
                Box::new(|c| c.verwerkingslog.target = VerwerkingslogTarget::File),
                "verwerkingslog.path",
            ),
            (
                Box::new(|c| c.sandbox.brp_client_id = "klantbeeld".into()),
                "sandbox.brp_client_secret",
            ),
        ];
        for (tweak, key) in cases {
            assert_eq!(wrong_key(tweak).as_deref(), Some(key));
        }
    }

    fn with(var: &str, value: &str) -> Result<Config, crate::config::ConfigError> {
        Config::from_toml(DEFAULT_TOML, [(var.to_string(), value.to_string())])
    }

    #[test]
    fn releases_are_checked_and_only_klantinteracties_has_one() {
        for ok in ["auto", "2.4", "2.18", "2.10.3"] {
            let c = with("KLANTBEELD__REGISTERS__KLANTINTERACTIES__RELEASE", ok);
            assert!(c.is_ok(), "{ok}");
        }
        for (var, value, key) in [
            (
                "KLANTBEELD__REGISTERS__KLANTINTERACTIES__RELEASE",
                "2.3",
                "registers.klantinteracties.release",
            ),
            (
                "KLANTBEELD__REGISTERS__KLANTINTERACTIES__RELEASE",
                "latest",
                "registers.klantinteracties.release",
            ),
            (
                "KLANTBEELD__REGISTERS__BRP__RELEASE",
                "2.4",
                "registers.brp.release",
            ),
            (
                "KLANTBEELD__SANDBOX__OPENKLANT_RELEASE",
                "2.10",
                "sandbox.openklant_release",
            ),
        ] {
            let e = with(var, value).err().map(|e| e.key);
            assert_eq!(e.as_deref(), Some(key), "{var}={value}");
        }
        assert!(with("KLANTBEELD__SANDBOX__OPENKLANT_RELEASE", "2.4").is_ok());
    }

    #[test]
    fn resilience_keys_are_overridable_and_checked() {
        let c = with("KLANTBEELD__REGISTERS__BRP__BREAKER_FAILURES", "7")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.registers.brp.breaker_failures, 7);
        let c = with("KLANTBEELD__REGISTERS__KLANTINTERACTIES__REQUIRED", "false")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(!c.registers.klantinteracties.required);
        for (var, value, key) in [
            (
                "KLANTBEELD__REGISTERS__KLANTINTERACTIES__RETRIES",
                "11",
                "registers.klantinteracties.retries",
            ),
            (
                "KLANTBEELD__REGISTERS__BRP__RETRY_BACKOFF_MAX_MS",
                "10",
                "registers.brp.retry_backoff_max_ms",
            ),
            (
                "KLANTBEELD__REGISTERS__REFERENTIELIJSTEN__BREAKER_FAILURES",
                "0",
                "registers.referentielijsten.breaker_failures",
            ),
            (
                "KLANTBEELD__REGISTERS__BRP__BREAKER_COOLDOWN_MS",
                "0",
                "registers.brp.breaker_cooldown_ms",
            ),
            (
                "KLANTBEELD__SERVER__SHUTDOWN_GRACE_MS",
                "0",
                "server.shutdown_grace_ms",
            ),
            (
                "KLANTBEELD__SERVER__CONNECTION_INIT_TIMEOUT_MS",
                "0",
                "server.connection_init_timeout_ms",
            ),
        ] {
            let e = with(var, value).expect_err(var);
            assert_eq!(e.key, key);
            assert!(e.to_string().contains(var), "{e}");
        }
        let c =
            with("KLANTBEELD__SERVER__READINESS_CACHE_MS", "0").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.server.readiness_cache_ms, 0);
    }

    #[test]
    fn a_value_its_type_refuses_names_the_key_the_variable_and_what_is_allowed() {
        for (var, value, key, says) in [
            (
                "KLANTBEELD__EVENTS__BACKEND",
                "kafka",
                "events.backend",
                "expected `memory` or `redis`",
            ),
            (
                "KLANTBEELD__LOG__FORMAT",
                "xml",
                "log.format",
                "expected `pretty` or `json`",
            ),
            (
                "KLANTBEELD__LOG__LEVEL",
                "klantbeeld=luid",
                "log.level",
                "is not a valid log filter",
            ),
            (
                "KLANTBEELD__CACHE__ACTOR_CAPACITY",
                "0",
                "cache.actor_capacity",
                "nonzero",
            ),
            (
                "KLANTBEELD__NOTIFICATIES__FETCH_ATTEMPTS",
                "-1",
                "notificaties.fetch_attempts",
                "nonzero",
            ),
            (
                "KLANTBEELD__REFERENTIELIJSTEN__TTL_SECONDS",
                "0",
                "referentielijsten.ttl_seconds",
                "nonzero",
            ),
        ] {
            let e = with(var, value).expect_err(var);
            assert_eq!(e.key, key);
            let line = e.to_string();
            assert!(line.contains(var) && line.contains(says), "{line}");
        }
        let c = Config::development();
        assert_eq!(c.log.format, crate::config::LogFormat::Pretty);
        assert_eq!(c.log.level.as_ref(), "info");
        assert_eq!(c.events.backend, crate::config::EventsBackend::Memory);
    }
}
