//! Who is calling the gateway, and what they may do: the one home of
//! authentication and authorization.
//!
//! Authentication: a request carries a bearer JWT (`auth.mode = "jwt"`) or
//! runs as the development principal (`auth.mode = "development"`, the
//! default profile). The result is a [`Principal`] with the abilities its
//! roles grant. Authorization: which objects and operations those abilities
//! open ([`rules`]), and the reading rights a subscription carries
//! ([`Inzage`]); the GraphQL layer enforces them with thin calls
//! (`graphql::guard`).
//!
//! The same verification serves HTTP (`Authorization` header, in
//! `http::authn`, also for GraphQL over SSE) and the WebSocket
//! `connection_init` message ([`Authenticator::connection_init`], called
//! from async-graphql's `on_connection_init` in `http::subscriptions`).

mod inzage;
mod jwks;
mod jwt;
mod principal;
pub(crate) mod rules;

pub(crate) use inzage::Inzage;
pub(crate) use jwt::{BuildError, Rejected};
pub use principal::{Ability, Principal};

use crate::config::{AuthConfig, AuthMode};

/// A request without a valid token. What was wrong is logged by the
/// gateway, never told to the caller: every refusal looks the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("unauthorized")]
pub(crate) struct Unauthorized;

/// Turns the credentials of a request into a principal.
pub(crate) enum Authenticator {
    /// Every request is the development principal.
    Development(Principal),
    /// Every request needs a valid bearer JWT.
    Jwt(Box<jwt::JwtVerifier>),
}

impl Authenticator {
    /// The authenticator `config` asks for. In development mode it logs a
    /// warning: that profile must not reach production.
    pub fn new(config: &AuthConfig) -> Result<Authenticator, BuildError> {
        match config.mode {
            AuthMode::Development if config.unsafe_development_anywhere => {
                tracing::error!(
                    "auth.mode is \"development\" with auth.unsafe_development_anywhere = true: \
                     anyone who reaches this gateway reads and writes everything without a \
                     token, also beyond loopback and over real registers"
                );
                Ok(Authenticator::Development(Principal::development(
                    &config.roles,
                )))
            }
            AuthMode::Development => {
                tracing::warn!(
                    "auth.mode is \"development\": requests need no token and run as a \
                     development principal with every ability; do not use this in production"
                );
                Ok(Authenticator::Development(Principal::development(
                    &config.roles,
                )))
            }
            AuthMode::Jwt => Ok(Authenticator::Jwt(Box::new(jwt::JwtVerifier::new(config)?))),
        }
    }

    /// The principal for an `Authorization` header value (`Bearer <jwt>`).
    pub async fn authorization(&self, header: Option<&str>) -> Result<Principal, Unauthorized> {
        let verifier = match self {
            Authenticator::Development(p) => return Ok(p.clone()),
            Authenticator::Jwt(v) => v,
        };
        let token = header.and_then(bearer).ok_or_else(|| {
            tracing::info!(reason = "no bearer token", "request refused: 401");
            Unauthorized
        })?;
        verifier.verify(token).await.map_err(|Rejected(reason)| {
            tracing::info!(%reason, "request refused: 401");
            Unauthorized
        })
    }

    /// The principal for a graphql-ws `connection_init` payload: its
    /// `Authorization` (or `authorization`) entry holds `Bearer <jwt>`, as
    /// GraphQL clients send it.
    pub async fn connection_init(
        &self,
        payload: &serde_json::Value,
    ) -> Result<Principal, Unauthorized> {
        let header = ["Authorization", "authorization"]
            .iter()
            .find_map(|k| payload.get(*k).and_then(serde_json::Value::as_str));
        self.authorization(header).await
    }
}

/// The token of `Bearer <token>` (the scheme is case-insensitive, RFC 7235).
fn bearer(header: &str) -> Option<&str> {
    let (scheme, token) = header.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn the_bearer_scheme_is_case_insensitive_and_needs_a_token() {
        assert_eq!(bearer("Bearer abc"), Some("abc"));
        assert_eq!(bearer("bearer  abc "), Some("abc"));
        assert_eq!(bearer("Basic abc"), None);
        assert_eq!(bearer("Bearer "), None);
        assert_eq!(bearer("abc"), None);
    }

    #[tokio::test]
    async fn connection_init_is_verified_like_the_header() {
        let mut config = Config::development().auth;
        config.mode = AuthMode::Jwt;
        config.issuer = "https://idp.example".into();
        config.audience = "klantbeeld".into();
        config.hs256_secret = "0123456789abcdef0123456789abcdef".into();
        let auth = Authenticator::new(&config).unwrap();
        let token = jsonwebtoken::encode(
            &jsonwebtoken::Header::default(),
            &serde_json::json!({"sub": "u1", "iss": "https://idp.example",
                "aud": "klantbeeld", "exp": jsonwebtoken::get_current_timestamp() + 60,
                "roles": ["kcc-vertrouwelijk"]}),
            &jsonwebtoken::EncodingKey::from_secret(config.hs256_secret.expose().as_bytes())
                .unwrap(),
        )
        .unwrap();
        let payload = serde_json::json!({ "Authorization": format!("Bearer {token}") });
        let p = auth.connection_init(&payload).await.unwrap();
        assert_eq!(p.subject, "u1");
        assert!(p.can(Ability::VertrouwelijkLezen));
        assert_eq!(
            auth.connection_init(&serde_json::json!({})).await,
            Err(Unauthorized)
        );
        let tampered = serde_json::json!({ "authorization": format!("Bearer {token}x") });
        assert_eq!(auth.connection_init(&tampered).await, Err(Unauthorized));
    }
}
