//! The security settings: inbound authentication (`[auth]`), what each role
//! may do (`[auth.roles]`), query limits (`[limits]`), CORS (`[cors]`) and
//! rate limiting (`[rate_limit]`). Their checks are in `validate.rs`.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::Secret;
use crate::auth::Ability;

/// How callers of `/graphql` are authenticated.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthConfig {
    /// `development` (no token, every ability) or `jwt`.
    pub mode: AuthMode,
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
