//! Registering the gateway's abonnement at a Notificaties API (Open
//! Notificaties) at start, when `[notificaties.abonnement]` names one: an
//! abonnement with this gateway's callback URL is updated (PUT), else one is
//! created (POST), so that restarts do not pile up abonnementen that would
//! each deliver every notification again.
//!
//! It runs after the gateway listens: Open Notificaties posts a test message
//! to the callback while it checks the abonnement. Calls carry a ZGW JWT
//! (HS256, signed with the client secret), as the Notificaties API requires.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};

use crate::config::{AbonnementConfig, NotificatiesConfig};

/// Why the abonnement could not be registered.
#[derive(Debug, thiserror::Error)]
pub enum AbonnementError {
    #[error("the Notificaties API cannot be reached: {0}")]
    Onbereikbaar(String),
    #[error("the Notificaties API answered {status} to {operation}: {body}")]
    Geweigerd {
        operation: &'static str,
        status: u16,
        body: String,
    },
}

/// Creates or updates the abonnement; returns its URL.
pub async fn registreer(config: &NotificatiesConfig) -> Result<String, AbonnementError> {
    let a = &config.abonnement;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|e| AbonnementError::Onbereikbaar(e.to_string()))?;
    let base = a.api_url.trim().trim_end_matches('/');
    let bearer = format!("Bearer {}", zgw_jwt(&a.client_id, &a.secret, now()));
    let body = abonnement(a, &config.auth);

    let bestaande: Value = send(
        "GET /abonnement",
        client
            .get(format!("{base}/abonnement"))
            .header("Authorization", &bearer),
    )
    .await?;
    let eigen = bestaande
        .as_array()
        .into_iter()
        .flatten()
        .find(|ab| ab["callbackUrl"].as_str() == Some(a.callback_url.trim()))
        .and_then(|ab| ab["url"].as_str())
        // The API's own URL may name another host (as it saw the request):
        // the abonnement is addressed below the configured base.
        .and_then(|url| url.trim_end_matches('/').rsplit('/').next())
        .map(|uuid| format!("{base}/abonnement/{uuid}"));
    let answer: Value = match eigen {
        Some(url) => {
            send(
                "PUT /abonnement/{uuid}",
                client
                    .put(&url)
                    .header("Authorization", &bearer)
                    .json(&body),
            )
            .await?
        }
        None => {
            send(
                "POST /abonnement",
                client
                    .post(format!("{base}/abonnement"))
                    .header("Authorization", &bearer)
                    .json(&body),
            )
            .await?
        }
    };
    Ok(answer["url"].as_str().unwrap_or_default().to_string())
}

/// The abonnement body: the callback, the secret it must send back, and one
/// filter group per kanaal without filters (the gateway filters itself:
/// Open Klant's kenmerken carry no customer).
fn abonnement(a: &AbonnementConfig, auth: &str) -> Value {
    json!({
        "callbackUrl": a.callback_url.trim(),
        "auth": auth,
        "kanalen": a.kanalen().iter().map(|k| json!({"naam": k, "filters": {}})).collect::<Vec<_>>(),
    })
}

async fn send(
    operation: &'static str,
    request: reqwest::RequestBuilder,
) -> Result<Value, AbonnementError> {
    let response = request
        .send()
        .await
        .map_err(|e| AbonnementError::Onbereikbaar(e.without_url().to_string()))?;
    let status = response.status();
    let text = response
        .text()
        .await
        .map_err(|e| AbonnementError::Onbereikbaar(e.without_url().to_string()))?;
    if !status.is_success() {
        return Err(AbonnementError::Geweigerd {
            operation,
            status: status.as_u16(),
            body: text.chars().take(500).collect(),
        });
    }
    serde_json::from_str(&text).map_err(|e| AbonnementError::Geweigerd {
        operation,
        status: status.as_u16(),
        body: format!("not JSON: {e}"),
    })
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
    use super::*;

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

    #[test]
    fn the_body_names_each_kanaal() {
        let config = AbonnementConfig {
            api_url: "https://on.example/api/v1".into(),
            client_id: "c".into(),
            secret: "s".into(),
            callback_url: " https://gw.example/api/notificaties ".into(),
            kanalen: "partijen, klantcontacten,,internetaken".into(),
        };
        let body = abonnement(&config, "Bearer x");
        assert_eq!(body["callbackUrl"], "https://gw.example/api/notificaties");
        assert_eq!(body["auth"], "Bearer x");
        let namen: Vec<&str> = body["kanalen"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["naam"].as_str().unwrap())
            .collect();
        assert_eq!(namen, ["partijen", "klantcontacten", "internetaken"]);
    }
}
