//! The security settings: inbound authentication (`[auth]`), what each role
//! may do (`[auth.roles]`), query limits (`[limits]`), CORS (`[cors]`) and
//! rate limiting (`[rate_limit]`), and their checks (called from
//! `validate.rs`).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::validate::check_http_url;
use super::{Config, ConfigError, Secret};
use crate::domain::Ability;

/// How callers of `/graphql` are authenticated.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthConfig {
    /// `development` (no token, every ability) or `jwt`.
    pub mode: AuthMode,
    /// Lets the development profile start on a non-loopback address or
    /// with registers that are not the sandbox ([`Config::check_exposure`]).
    pub unsafe_development_anywhere: bool,
    /// The `iss` tokens must carry (jwt mode).
    pub issuer: String,
    /// The `aud` tokens must carry (jwt mode).
    pub audience: String,
    /// Clock skew allowed on `exp` and `nbf`.
    pub leeway_seconds: u64,
    /// The HS256 shared secret; empty means HS256 is not accepted.
    pub hs256_secret: Secret,
    /// A file that holds the HS256 secret (instead of `hs256_secret`).
    pub hs256_secret_file: String,
    /// The identity provider's JWKS URL (RS256, ES256); empty means none.
    pub jwks_url: String,
    /// How long fetched keys are used before they are fetched again.
    pub jwks_ttl_seconds: u64,
    /// An unknown `kid` fetches the JWKS again, at most once per this long.
    pub jwks_min_refresh_seconds: u64,
    /// Which claims hold the subject, the roles and the purpose.
    pub claims: ClaimsConfig,
    /// Role (as the token names it) → the abilities it grants.
    pub roles: BTreeMap<String, Vec<Ability>>,
}

/// `auth.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthMode {
    /// No token needed: every request runs as the development principal.
    Development,
    /// Every request needs a valid bearer token.
    Jwt,
}

/// Claim names; a dotted name reaches into an object
/// (`realm_access.roles` for Keycloak).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimsConfig {
    pub subject: String,
    pub roles: String,
    pub purpose: String,
}

/// Query limits, all checked before any register call.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsConfig {
    /// Nesting of selections.
    pub max_depth: usize,
    /// Modelled cost: one per field, list fields times their page size.
    pub max_complexity: usize,
    /// Aliased fields in one document.
    pub max_aliases: usize,
    /// The query text of one operation, in bytes.
    pub max_document_bytes: usize,
    /// A whole HTTP request body (query, variables, batch), in bytes.
    pub max_body_bytes: usize,
    /// Operations in one batch request.
    pub max_batch: usize,
    /// Operations on one WebSocket at once.
    pub max_operations_per_connection: usize,
    /// WebSockets one principal holds open at once.
    pub max_connections_per_principal: usize,
}

/// Cross-origin requests from browsers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorsConfig {
    /// Origins allowed to call the gateway from a browser; empty allows none.
    pub allowed_origins: Vec<String>,
    /// How long a browser may cache a preflight answer.
    pub max_age_seconds: u64,
}

/// Persisted and trusted documents (`[documents]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentsConfig {
    /// The trusted documents' manifest (JSON, id → document); empty: none.
    pub manifest: String,
    /// Principals without `ad-hoc-documenten` may run only the manifest's documents.
    pub only_trusted: bool,
}

/// Requests per principal, as a token bucket.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimitConfig {
    pub enabled: bool,
    /// Tokens added per second: the sustained rate.
    pub per_second: f64,
    /// The bucket's size: requests allowed at once after a quiet spell.
    pub burst: u32,
}

impl Config {
    pub(super) fn check_auth(&self) -> Result<(), ConfigError> {
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

    pub(super) fn check_limits(&self) -> Result<(), ConfigError> {
        let l = &self.limits;
        for (key, value, max) in [
            ("limits.max_depth", l.max_depth, 100),
            ("limits.max_complexity", l.max_complexity, 1_000_000),
            ("limits.max_aliases", l.max_aliases, 10_000),
            ("limits.max_document_bytes", l.max_document_bytes, 10 << 20),
            ("limits.max_body_bytes", l.max_body_bytes, 100 << 20),
            ("limits.max_batch", l.max_batch, 1_000),
            (
                "limits.max_operations_per_connection",
                l.max_operations_per_connection,
                100_000,
            ),
            (
                "limits.max_connections_per_principal",
                l.max_connections_per_principal,
                1_000_000,
            ),
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

    /// The development profile gives every caller every ability without a
    /// token: it may run only where nobody else can reach it (a loopback
    /// `server.listen`) and only over the sandbox's made-up data (every
    /// register the embedded sandbox, or on loopback where a sandbox of its
    /// own runs), unless `auth.unsafe_development_anywhere` says otherwise.
    /// Checked at load and again at start (tests and embedders change a
    /// loaded configuration).
    pub fn check_exposure(&self) -> Result<(), ConfigError> {
        if self.auth.mode != AuthMode::Development || self.auth.unsafe_development_anywhere {
            return Ok(());
        }
        let advice = "use auth.mode = \"jwt\" (deploy/config.production.toml), or, for a \
                      deliberate demo only, auth.unsafe_development_anywhere = true";
        if !self.server.listen.ip().is_loopback() {
            return Err(ConfigError::new(
                "auth.mode",
                format!(
                    "is \"development\" (no token, every caller gets every ability) but \
                     server.listen {} is not a loopback address: {advice}",
                    self.server.listen
                ),
            ));
        }
        for (name, reg) in [
            ("klantinteracties", &self.registers.klantinteracties),
            ("brp", &self.registers.brp),
            ("referentielijsten", &self.registers.referentielijsten),
        ] {
            let host = url::Url::parse(reg.base_url.trim())
                .ok()
                .and_then(|u| u.host().map(|h| h.to_owned()));
            let on_loopback = match host {
                Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
                Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
                Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
                None => false,
            };
            if !reg.base_url.trim().is_empty() && !on_loopback {
                return Err(ConfigError::new(
                    "auth.mode",
                    format!(
                        "is \"development\" (no token, every caller gets every ability) but \
                         registers.{name}.base_url is not the sandbox (neither empty nor on \
                         loopback): {advice}"
                    ),
                ));
            }
        }
        Ok(())
    }

    pub(super) fn check_cors(&self) -> Result<(), ConfigError> {
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

    pub(super) fn check_rate_limit(&self) -> Result<(), ConfigError> {
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
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, DEFAULT_TOML};
    use crate::domain::Ability;

    fn with(vars: &[(&str, &str)]) -> Result<Config, String> {
        Config::from_toml(
            DEFAULT_TOML,
            vars.iter().map(|(k, v)| (k.to_string(), v.to_string())),
        )
        .map_err(|e| e.to_string())
    }

    #[test]
    fn jwt_mode_needs_issuer_audience_and_a_key() {
        let e = with(&[("KLANTBEELD__AUTH__MODE", "jwt")]).unwrap_err();
        assert!(e.contains("auth.issuer"), "{e}");
        let e = with(&[
            ("KLANTBEELD__AUTH__MODE", "jwt"),
            ("KLANTBEELD__AUTH__ISSUER", "https://idp"),
            ("KLANTBEELD__AUTH__AUDIENCE", "kb"),
        ])
        .unwrap_err();
        assert!(
            e.contains("auth.jwks_url") && e.contains("needs a key"),
            "{e}"
        );
        let ok = with(&[
            ("KLANTBEELD__AUTH__MODE", "jwt"),
            ("KLANTBEELD__AUTH__ISSUER", "https://idp"),
            ("KLANTBEELD__AUTH__AUDIENCE", "kb"),
            ("KLANTBEELD__AUTH__JWKS_URL", "https://idp/certs"),
        ]);
        assert!(ok.is_ok(), "{ok:?}");
    }

    #[test]
    fn a_short_secret_an_origin_with_a_path_and_an_unknown_ability_are_refused() {
        let e = with(&[("KLANTBEELD__AUTH__HS256_SECRET", "kort")]).unwrap_err();
        assert!(
            e.contains("at least 32 bytes") && !e.contains("kort"),
            "{e}"
        );
        let e =
            with(&[("KLANTBEELD__CORS__ALLOWED_ORIGINS", "https://a.example/app")]).unwrap_err();
        assert!(e.contains("cors.allowed_origins"), "{e}");
        let e = with(&[("KLANTBEELD__AUTH__ROLES__KCC-MEDEWERKER", "alles-lezen")]).unwrap_err();
        assert!(e.contains("auth.roles"), "{e}");
        let e = with(&[("KLANTBEELD__LIMITS__MAX_DOCUMENT_BYTES", "999999999")]).unwrap_err();
        assert!(e.contains("limits.max_document_bytes"), "{e}");
    }

    #[test]
    fn lists_and_new_roles_come_from_comma_separated_variables() {
        let c = with(&[
            (
                "KLANTBEELD__CORS__ALLOWED_ORIGINS",
                "https://a.example, https://b.example:8443",
            ),
            (
                "KLANTBEELD__AUTH__ROLES__TOEZICHT",
                "introspectie,brp-lezen",
            ),
        ])
        .unwrap();
        assert_eq!(
            c.cors.allowed_origins,
            ["https://a.example", "https://b.example:8443"]
        );
        assert_eq!(
            c.auth.roles["toezicht"],
            [Ability::Introspectie, Ability::BrpLezen]
        );
    }
}
