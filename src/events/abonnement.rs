//! Registering the gateway's abonnement at a Notificaties API (Open
//! Notificaties) at start, when `[notificaties.abonnement]` names one: an
//! abonnement with this gateway's callback URL is updated (PUT), else one is
//! created (POST), so that restarts do not pile up abonnementen that would
//! each deliver every notification again.
//!
//! It runs after the gateway listens: Open Notificaties posts a test message
//! to the callback while it checks the abonnement. The calls go through the
//! Notificaties client over the shared register transport
//! (`registers::notificaties`, which signs them).

use crate::config::{AbonnementConfig, NotificatiesConfig};
use crate::registers::notificaties::{AbonnementKanaal, NieuwAbonnement, Notificaties};
use crate::registers::RegisterError;

/// Creates or updates the abonnement through `api`; returns its URL.
pub(crate) async fn registreer(
    api: &Notificaties,
    config: &NotificatiesConfig,
) -> Result<String, RegisterError> {
    let a = &config.abonnement;
    let body = abonnement(a, &config.auth);
    let bestaande = api.abonnementen().await?;
    // The API's own URL may name another host (as it saw the request): the
    // abonnement is addressed by its id below the configured base.
    let eigen = bestaande
        .iter()
        .find(|ab| ab.callback_url == a.callback_url.trim())
        .and_then(|ab| ab.url.trim_end_matches('/').rsplit('/').next());
    let answer = match eigen {
        Some(id) => api.werk_abonnement_bij(id, &body).await?,
        None => api.maak_abonnement(&body).await?,
    };
    Ok(answer.url)
}

/// The abonnement body: the callback, the secret it must send back, and one
/// filter group per kanaal without filters (the gateway filters itself:
/// Open Klant's kenmerken carry no customer).
fn abonnement(a: &AbonnementConfig, auth: &str) -> NieuwAbonnement {
    NieuwAbonnement {
        callback_url: a.callback_url.trim().to_string(),
        auth: auth.to_string(),
        kanalen: a
            .kanalen()
            .iter()
            .map(|k| AbonnementKanaal {
                naam: k.to_string(),
                filters: Default::default(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_names_each_kanaal() {
        let config = AbonnementConfig {
            api_url: "https://on.example/api/v1".into(),
            client_id: "c".into(),
            secret: "s".into(),
            callback_url: " https://gw.example/api/notificaties ".into(),
            kanalen: "partijen, klantcontacten,,internetaken".into(),
        };
        let body = serde_json::to_value(abonnement(&config, "Bearer x")).unwrap();
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
