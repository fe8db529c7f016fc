//! Bearer token verification with the `jsonwebtoken` crate: HS256 with the
//! configured secret, RS256 and ES256 with the keys of the JWKS. Signature,
//! `iss`, `aud`, `exp` and `nbf` are checked (with `auth.leeway_seconds`);
//! then the configured claims become a [`Principal`].
//!
//! The algorithm decides the key, never the other way round: HS256 is only
//! checked against the shared secret, RS256/ES256 only against JWKS keys of
//! that algorithm. So a token signed with HMAC over the provider's public key
//! (the HS/RS confusion) finds no key, and `alg: none` is not an algorithm
//! the crate parses at all.

use std::collections::BTreeMap;
use std::time::Duration;

use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::Value;

use super::jwks::Jwks;
use super::principal::{Ability, Principal};
use crate::config::{AuthConfig, ClaimsConfig};

/// A token longer than this is refused before it is decoded.
const MAX_TOKEN_BYTES: usize = 16 * 1024;

/// Why a token was refused: for the gateway's own log, never for the caller.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Rejected(pub String);

fn rejected(reason: impl Into<String>) -> Rejected {
    Rejected(reason.into())
}

/// Verifies tokens as `[auth]` configures.
pub struct JwtVerifier {
    hs256: Option<DecodingKey>,
    jwks: Option<Jwks>,
    validation: Validation,
    claims: ClaimsConfig,
    roles: BTreeMap<String, Vec<Ability>>,
}

/// Why the verifier could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("auth.hs256_secret cannot be used as a key")]
    Secret,
    #[error("cannot build the JWKS client: {0}")]
    Jwks(String),
}

impl JwtVerifier {
    /// A verifier for the keys, issuer and audience of `config`.
    pub fn new(config: &AuthConfig) -> Result<JwtVerifier, BuildError> {
        let hs256 = if config.hs256_secret.is_empty() {
            None
        } else {
            Some(
                DecodingKey::from_secret(config.hs256_secret.expose().as_bytes())
                    .map_err(|_| BuildError::Secret)?,
            )
        };
        let jwks = if config.jwks_url.trim().is_empty() {
            None
        } else {
            Some(
                Jwks::new(
                    config.jwks_url.trim(),
                    Duration::from_secs(config.jwks_ttl_seconds),
                    Duration::from_secs(config.jwks_min_refresh_seconds),
                )
                .map_err(|e| BuildError::Jwks(e.without_url().to_string()))?,
            )
        };
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = config.leeway_seconds;
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.validate_aud = true;
        validation.set_issuer(&[config.issuer.trim()]);
        validation.set_audience(&[config.audience.trim()]);
        validation.set_required_spec_claims(&["exp", "iss", "aud"]);
        Ok(JwtVerifier {
            hs256,
            jwks,
            validation,
            claims: config.claims.clone(),
            roles: config.roles.clone(),
        })
    }

    /// The principal of a valid `token`, or why it is not valid.
    pub async fn verify(&self, token: &str) -> Result<Principal, Rejected> {
        if token.len() > MAX_TOKEN_BYTES {
            return Err(rejected("token too long"));
        }
        let header = jsonwebtoken::decode_header(token)
            .map_err(|e| rejected(format!("unreadable header: {e}")))?;
        let key = match header.alg {
            Algorithm::HS256 => self.hs256.clone(),
            Algorithm::RS256 | Algorithm::ES256 => match &self.jwks {
                Some(jwks) => jwks
                    .key(header.kid.as_deref(), header.alg)
                    .await
                    .map(|k| (*k).clone()),
                None => None,
            },
            _ => None,
        }
        .ok_or_else(|| rejected(format!("no key for alg {:?}", header.alg)))?;
        let mut validation = self.validation.clone();
        validation.algorithms = vec![header.alg];
        let data = jsonwebtoken::decode::<Value>(token, &key, &validation)
            .map_err(|e| rejected(format!("{:?}", e.kind())))?;
        self.principal(&data.claims)
    }

    /// Maps the configured claims to a principal.
    fn principal(&self, claims: &Value) -> Result<Principal, Rejected> {
        let subject = match claim(claims, &self.claims.subject) {
            Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
            Some(Value::Number(n)) => n.to_string(),
            _ => return Err(rejected(format!("no {} claim", self.claims.subject))),
        };
        let roles = match claim(claims, &self.claims.roles) {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            Some(Value::String(s)) => s.split_whitespace().map(str::to_string).collect(),
            _ => Vec::new(),
        };
        let purpose = match claim(claims, &self.claims.purpose) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            _ => None,
        };
        let mut principal = Principal::new(subject, roles, purpose, &self.roles);
        // `exp` is a NumericDate: a JSON number, which may have a fraction
        // (RFC 7519, 2). Read as a number, rounded down (the earlier second):
        // one read only as an integer left a fractional `exp` unexpiring.
        principal.expires = claims
            .get("exp")
            .and_then(Value::as_f64)
            .filter(|exp| exp.is_finite())
            .map(|exp| exp.max(0.0).floor() as u64);
        Ok(principal)
    }
}

/// The claim at a dotted `path` (`realm_access.roles`).
fn claim<'a>(claims: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(claims, |v, part| v.get(part))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_are_found_by_dotted_path() {
        let v = serde_json::json!({"sub": "a", "realm_access": {"roles": ["x"]}});
        assert_eq!(claim(&v, "sub"), Some(&Value::String("a".into())));
        assert_eq!(
            claim(&v, "realm_access.roles"),
            Some(&serde_json::json!(["x"]))
        );
        assert_eq!(claim(&v, "realm_access.groups"), None);
        assert_eq!(claim(&v, "sub.deeper"), None);
    }
}
