//! The Notificaties API client (Open Notificaties): the abonnementen, which
//! the gateway lists, creates and updates at start (`events::abonnement`).
//! Over the shared transport like every register: reads are retried, the
//! breaker and the metrics see its calls, and an error is a
//! [`RegisterError`] that names the operation, never a URL or the token.
//!
//! Every call carries a ZGW JWT (HS256 over the client id, signed with the
//! client secret), made afresh per call, as the Notificaties API requires.

use std::time::{SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::error::{ErrorKind, RegisterError};
use super::transport::RegisterHandle;
use crate::registers::tolerant::null_as_default;

/// An abonnement as the API answers it; only what the gateway reads.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct Abonnement {
    /// The abonnement's own URL (built from the host the API saw).
    #[serde(deserialize_with = "null_as_default")]
    pub url: String,
    #[serde(deserialize_with = "null_as_default")]
    pub callback_url: String,
}

/// An abonnement to create or to replace one with.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NieuwAbonnement {
    pub callback_url: String,
    /// The `Authorization` value the API sends with each notification.
    pub auth: String,
    pub kanalen: Vec<AbonnementKanaal>,
}

/// A kanaal of an abonnement, with its filters on the kenmerken.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AbonnementKanaal {
    pub naam: String,
    pub filters: serde_json::Map<String, serde_json::Value>,
}

/// Client of a Notificaties API (`…/api/v1`).
#[derive(Clone)]
pub(crate) struct Notificaties {
    handle: RegisterHandle,
    client_id: String,
    secret: String,
}

impl std::fmt::Debug for Notificaties {
    // Leaves the secret out.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Notificaties")
            .field("handle", &self.handle)
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

/// Where an abonnement lives below the base URL.
const ABONNEMENT: &str = "/abonnement";
const DETAIL: &str = "/abonnement/{uuid}";

impl Notificaties {
    /// A client that signs its calls as `client_id` with `secret`.
    pub(crate) fn new(handle: RegisterHandle, client_id: &str, secret: &str) -> Notificaties {
        Notificaties {
            handle,
            client_id: client_id.to_string(),
            secret: secret.to_string(),
        }
    }

    /// Every abonnement the API holds for this client.
    pub(crate) async fn abonnementen(&self) -> Result<Vec<Abonnement>, RegisterError> {
        let headers = self.headers(ABONNEMENT)?;
        let url = self.handle.url(ABONNEMENT, &[]);
        self.handle
            .get_with_headers(url, ABONNEMENT, &headers)
            .await
    }

    /// Creates an abonnement.
    pub(crate) async fn maak_abonnement(
        &self,
        abonnement: &NieuwAbonnement,
    ) -> Result<Abonnement, RegisterError> {
        let headers = self.headers(ABONNEMENT)?;
        let url = self.handle.url(ABONNEMENT, &[]);
        self.handle
            .write_with_headers(Method::POST, url, ABONNEMENT, abonnement, &headers)
            .await
    }

    /// Replaces the abonnement `id` (the last segment of its URL; only
    /// letters, digits, `-` and `_` are taken, so that an id the API sent
    /// cannot lead the call elsewhere).
    pub(crate) async fn werk_abonnement_bij(
        &self,
        id: &str,
        abonnement: &NieuwAbonnement,
    ) -> Result<Abonnement, RegisterError> {
        let safe = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !safe {
            return Err(self.handle.error(
                &Method::PUT,
                DETAIL,
                ErrorKind::Malformed {
                    reason: "the abonnement's id is not a path segment".into(),
                },
            ));
        }
        let headers = self.headers(DETAIL)?;
        let url = self.handle.url(&format!("{ABONNEMENT}/{id}"), &[]);
        self.handle
            .write_with_headers(Method::PUT, url, DETAIL, abonnement, &headers)
            .await
    }

    /// The `Authorization` header with a fresh ZGW JWT.
    fn headers(&self, template: &str) -> Result<HeaderMap, RegisterError> {
        let token = zgw_jwt(&self.client_id, &self.secret, now());
        let mut value = HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
            self.handle.error(
                &Method::GET,
                template,
                ErrorKind::Malformed {
                    reason: "the ZGW JWT cannot be sent as a header".into(),
                },
            )
        })?;
        value.set_sensitive(true);
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, value);
        Ok(headers)
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A ZGW JWT: HS256 over `{iss, iat, client_id, user_id, user_representation}`.
fn zgw_jwt(client_id: &str, secret: &str, iat: u64) -> String {
    let header = json!({"alg": "HS256", "typ": "JWT"});
    let claims = json!({
        "iss": client_id,
        "iat": iat,
        "client_id": client_id,
        "user_id": client_id,
        "user_representation": "klantbeeld-gateway",
    });
    let signing_input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret.as_bytes());
    let signature = ring::hmac::sign(&key, signing_input.as_bytes());
    format!(
        "{signing_input}.{}",
        URL_SAFE_NO_PAD.encode(signature.as_ref())
    )
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use serde_json::Value;

    use super::*;
    use crate::config::{Config, RegisterConfig};
    use crate::registers::transport::{AuthScheme, HttpLayer};
    use crate::registers::Register;

    #[tokio::test]
    async fn an_abonnement_id_that_is_not_one_path_segment_is_refused_before_any_call() {
        // Nothing listens on port 9: a call that went out would be
        // `unavailable`, not `malformed`.
        let config = RegisterConfig {
            base_url: "http://127.0.0.1:9/api/v1".into(),
            ..Config::development().registers.klantinteracties
        };
        let layer = HttpLayer::new([&config]).unwrap_or_else(|e| panic!("{e}"));
        let handle = RegisterHandle::new(
            Arc::clone(&layer),
            Register::Notificaties,
            &config,
            AuthScheme::Bearer,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let api = Notificaties::new(handle, "klantbeeld", "geheim");
        let body = NieuwAbonnement {
            callback_url: "https://gw.example/api/notificaties".into(),
            auth: "Bearer x".into(),
            kanalen: Vec::new(),
        };
        for id in ["", "..", ".", "7?admin=1", "7#x", "a%2F..", "../../other"] {
            let err = api
                .werk_abonnement_bij(id, &body)
                .await
                .expect_err("refused");
            assert_eq!(err.kind.name(), "malformed", "{id:?}: {err}");
            assert_eq!(err.operation, "PUT /abonnement/{uuid}");
        }
        let err = api
            .werk_abonnement_bij("7", &body)
            .await
            .expect_err("nothing listens");
        assert_eq!(err.kind.name(), "unavailable", "{err}");
    }

    #[test]
    fn the_jwt_is_hs256_over_the_zgw_claims() {
        let token = zgw_jwt("klantbeeld", "geheim", 1_700_000_000);
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts.len(), 3);
        let claims: Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
        assert_eq!(claims["client_id"], "klantbeeld");
        assert_eq!(claims["iat"], 1_700_000_000);
        let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, b"geheim");
        let signed = format!("{}.{}", parts[0], parts[1]);
        let signature = URL_SAFE_NO_PAD.decode(parts[2]).unwrap();
        assert!(ring::hmac::verify(&key, signed.as_bytes(), &signature).is_ok());
        assert!(ring::hmac::verify(
            &ring::hmac::Key::new(ring::hmac::HMAC_SHA256, b"ander"),
            signed.as_bytes(),
            &signature
        )
        .is_err());
    }
}
