//! Checks that serde cannot express: ranges, URLs, names from a closed set.

use super::{AuthMode, Config, ConfigError, RegisterConfig};

impl Config {
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        check_one_of("log.format", &self.log.format, &["pretty", "json"])?;
        if tracing_subscriber::EnvFilter::try_new(&self.log.level).is_err() {
            return Err(ConfigError::new(
                "log.level",
                format!("{:?} is not a valid log filter", self.log.level),
            ));
        }
        check_one_of(
            "sandbox.profile",
            &self.sandbox.profile,
            &["none", "openklant-2.18"],
        )?;
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
        if self.referentielijsten.ttl_seconds == 0 {
            return Err(ConfigError::new(
                "referentielijsten.ttl_seconds",
                "must be at least 1",
            ));
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
        if self.cache.actor_ttl_seconds == 0 {
            return Err(ConfigError::new(
                "cache.actor_ttl_seconds",
                "must be at least 1",
            ));
        }
        if self.cache.actor_capacity == 0 {
            return Err(ConfigError::new(
                "cache.actor_capacity",
                "must be at least 1",
            ));
        }
        self.check_auth()?;
        self.check_limits()?;
        self.check_cors()?;
        self.check_rate_limit()
    }

    fn check_auth(&self) -> Result<(), ConfigError> {
        let auth = &self.auth;
        for (key, claim) in [
            ("auth.claims.subject", &auth.claims.subject),
            ("auth.claims.roles", &auth.claims.roles),
            ("auth.claims.purpose", &auth.claims.purpose),
        ] {
            if claim.trim().is_empty() || claim.split('.').any(str::is_empty) {
                return Err(ConfigError::new(
                    key,
                    "must name a claim (a.b reaches into a)",
                ));
            }
        }
        if auth.roles.keys().any(|r| r.trim().is_empty()) {
            return Err(ConfigError::new(
                "auth.roles",
                "a role name must not be empty",
            ));
        }
        if auth.leeway_seconds > 300 {
            return Err(ConfigError::new(
                "auth.leeway_seconds",
                format!(
                    "at most 300 seconds of clock skew, got {}",
                    auth.leeway_seconds
                ),
            ));
        }
        for (key, value) in [
            ("auth.jwks_ttl_seconds", auth.jwks_ttl_seconds),
            (
                "auth.jwks_min_refresh_seconds",
                auth.jwks_min_refresh_seconds,
            ),
        ] {
            if value > 86_400 {
                return Err(ConfigError::new(key, "at most 86400 seconds"));
            }
        }
        // HS256 with a short secret can be brute-forced offline from one token.
        if !auth.hs256_secret.is_empty() && auth.hs256_secret.expose().len() < 32 {
            return Err(ConfigError::new(
                "auth.hs256_secret",
                "must be at least 32 bytes (RFC 7518 §3.2)",
            ));
        }
        if !auth.jwks_url.is_empty() {
            check_http_url("auth.jwks_url", &auth.jwks_url)?;
        }
        if auth.mode == AuthMode::Jwt {
            if auth.issuer.trim().is_empty() {
                return Err(ConfigError::new(
                    "auth.issuer",
                    "is required when auth.mode is jwt",
                ));
            }
            if auth.audience.trim().is_empty() {
                return Err(ConfigError::new(
                    "auth.audience",
                    "is required when auth.mode is jwt",
                ));
            }
            if auth.hs256_secret.is_empty() && auth.jwks_url.is_empty() {
                return Err(ConfigError::new(
                    "auth.jwks_url",
                    "auth.mode jwt needs a key: set auth.jwks_url or auth.hs256_secret(_file)",
                ));
            }
        }
        Ok(())
    }

    fn check_limits(&self) -> Result<(), ConfigError> {
        let l = &self.limits;
        for (key, value, max) in [
            ("limits.max_depth", l.max_depth, 100),
            ("limits.max_complexity", l.max_complexity, 1_000_000),
            ("limits.max_aliases", l.max_aliases, 10_000),
            ("limits.max_document_bytes", l.max_document_bytes, 10 << 20),
            ("limits.max_body_bytes", l.max_body_bytes, 100 << 20),
            ("limits.max_batch", l.max_batch, 1_000),
        ] {
            if value == 0 || value > max {
                return Err(ConfigError::new(
                    key,
                    format!("must be between 1 and {max}, got {value}"),
                ));
            }
        }
        if l.max_document_bytes > l.max_body_bytes {
            return Err(ConfigError::new(
                "limits.max_document_bytes",
                "must not exceed limits.max_body_bytes (the body holds the document)",
            ));
        }
        Ok(())
    }

    fn check_cors(&self) -> Result<(), ConfigError> {
        for origin in &self.cors.allowed_origins {
            let key = "cors.allowed_origins";
            let parsed = url::Url::parse(origin).map_err(|_| {
                ConfigError::new(
                    key,
                    format!("{origin:?} is not an origin (scheme://host[:port])"),
                )
            })?;
            let bare = parsed.origin().ascii_serialization();
            if !matches!(parsed.scheme(), "http" | "https") || bare != origin.trim_end_matches('/')
            {
                return Err(ConfigError::new(
                    key,
                    format!("{origin:?} is not an origin: scheme://host[:port], no path, no *"),
                ));
            }
        }
        Ok(())
    }

    fn check_rate_limit(&self) -> Result<(), ConfigError> {
        let r = &self.rate_limit;
        if !(r.per_second.is_finite() && r.per_second > 0.0) {
            return Err(ConfigError::new(
                "rate_limit.per_second",
                format!("must be a number of requests > 0, got {}", r.per_second),
            ));
        }
        if r.burst == 0 {
            return Err(ConfigError::new("rate_limit.burst", "must be at least 1"));
        }
        Ok(())
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
        Ok(())
    }
}

fn check_http_url(key: &str, value: &str) -> Result<(), ConfigError> {
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
