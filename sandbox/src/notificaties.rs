//! The sandbox's notifications: after every successful write to partijen,
//! klantcontacten or internetaken (and `POST /maak-klantcontact`), the
//! message Open Klant publishes through Open Notificaties is delivered to
//! the configured target, as Open Notificaties delivers it to an abonnement:
//! `POST` with the abonnement's `auth` as `Authorization`, retried with
//! backoff until a 2xx, asynchronously (the write's answer never waits),
//! one after the other in the order of the writes.
//!
//! Messages follow research `notificaties.md` §A.6: `hoofdObject` and
//! `resourceUrl` are the object's own URL, `kenmerken` the kanaal's
//! attributes as Open Klant sends them (booleans stay booleans). A deletion
//! takes its kenmerken from the object as it was before.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::Response;
use chrono::{SecondsFormat, Utc};
use serde_json::{json, Map, Value};
use tokio::sync::{mpsc, watch};
use uuid::Uuid;

use super::klantinteracties::render::{self, API_ROOT};
use super::klantinteracties::store::Store;
use super::{base_url, SandboxState};

/// How the sandbox delivers.
#[derive(Debug, Clone)]
pub struct Instellingen {
    /// Where to; `None` until [`Bezorging::richt_op`] names it.
    pub url: Option<String>,
    /// Sent verbatim as `Authorization`.
    pub auth: String,
    /// Attempts per notification.
    pub max_attempts: u32,
}

/// The delivery of notifications to one target.
pub struct Bezorging {
    target: watch::Sender<Option<String>>,
    auth: String,
    max_attempts: u32,
    client: reqwest::Client,
    /// The delivery worker's queue, started with the first message.
    queue: OnceLock<mpsc::UnboundedSender<Value>>,
}

impl Bezorging {
    pub(crate) fn new(instellingen: &Instellingen) -> Bezorging {
        Bezorging {
            target: watch::Sender::new(instellingen.url.clone()),
            auth: instellingen.auth.clone(),
            max_attempts: instellingen.max_attempts.max(1),
            client: reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap_or_default(),
            queue: OnceLock::new(),
        }
    }

    /// Names the target; notifications written before wait for it.
    pub fn richt_op(&self, url: String) {
        self.target.send_replace(Some(url));
    }

    /// Queues one message for delivery in the background.
    fn verstuur(&self, bericht: Value) {
        let queue = self.queue.get_or_init(|| {
            let (queue, berichten) = mpsc::unbounded_channel();
            tokio::spawn(bezorg(
                berichten,
                self.target.subscribe(),
                self.client.clone(),
                self.auth.clone(),
                self.max_attempts,
            ));
            queue
        });
        // The worker lives as long as the sandbox: sending cannot fail.
        let _ = queue.send(bericht);
    }
}

/// Delivers messages one after the other, in the order of the writes (a
/// stricter order than Open Notificaties promises, which tests rely on),
/// each retried with backoff until a 2xx or `attempts` tries.
async fn bezorg(
    mut berichten: mpsc::UnboundedReceiver<Value>,
    mut target: watch::Receiver<Option<String>>,
    client: reqwest::Client,
    auth: String,
    attempts: u32,
) {
    let url = match target.wait_for(Option::is_some).await {
        Ok(url) => url.clone().unwrap_or_default(),
        Err(_) => return,
    };
    while let Some(bericht) = berichten.recv().await {
        let mut wait = Duration::from_millis(100);
        let mut delivered = false;
        for attempt in 1..=attempts {
            let sent = client
                .post(&url)
                .header(header::AUTHORIZATION, &auth)
                .json(&bericht)
                .send()
                .await;
            match sent {
                Ok(r) if r.status().is_success() => {
                    delivered = true;
                    break;
                }
                Ok(r) => tracing::debug!(status = %r.status(), attempt, "notification refused"),
                Err(e) => {
                    tracing::debug!(error = %e.without_url(), attempt, "notification not delivered")
                }
            }
            if attempt < attempts {
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(Duration::from_secs(5));
            }
        }
        if !delivered {
            tracing::warn!(kanaal = %bericht["kanaal"], attempts, "notification dropped after every attempt");
        }
    }
}

/// A kanaal Open Klant publishes on.
struct Kanaal {
    naam: &'static str,
    resource: &'static str,
    /// The collection below the API root.
    path: &'static str,
    kenmerken: &'static [&'static str],
    render: fn(&Store, &Uuid, &str) -> Option<Value>,
}

const KANALEN: [Kanaal; 3] = [
    Kanaal {
        naam: "partijen",
        resource: "partij",
        path: render::path::PARTIJEN,
        kenmerken: &["nummer", "interneNotitie", "soortPartij"],
        render: |s, u, b| s.partijen.get(u).map(|r| render::partij(s, r, b)),
    },
    Kanaal {
        naam: "klantcontacten",
        resource: "klantcontact",
        path: render::path::KLANTCONTACTEN,
        kenmerken: &[
            "hoofdOnderwerpType",
            "indicatieContactGelukt",
            "verdereActieOndernomen",
        ],
        render: |s, u, b| {
            s.klantcontacten
                .get(u)
                .map(|r| render::klantcontact(s, r, b))
        },
    },
    Kanaal {
        naam: "internetaken",
        resource: "internetaak",
        path: render::path::INTERNETAKEN,
        kenmerken: &["nummer", "gevraagdeHandeling", "toelichting", "status"],
        render: |s, u, b| s.internetaken.get(u).map(|r| render::interne_taak(s, r, b)),
    },
];

/// The write a request is, if it is one that notifies.
struct Schrijfactie {
    kanaal: &'static Kanaal,
    actie: &'static str,
    /// The object's representation before a deletion.
    vooraf: Option<Value>,
    /// `maak-klantcontact` answers the klantcontact inside an envelope.
    omhulsel: Option<&'static str>,
}

/// The middleware around the Klantinteracties routes.
pub(crate) async fn layer(
    State(state): State<Arc<SandboxState>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(bezorging) = &state.notificaties else {
        return next.run(request).await;
    };
    let Some(schrijf) = schrijfactie(&state, &request) else {
        return next.run(request).await;
    };
    let base = base_url(request.headers());
    let response = next.run(request).await;
    if !response.status().is_success() {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, usize::MAX).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let object = match schrijf.vooraf {
        Some(v) => Some(v),
        None => serde_json::from_slice::<Value>(&bytes)
            .ok()
            .map(|v| match schrijf.omhulsel {
                Some(key) => v[key].clone(),
                None => v,
            }),
    };
    if let Some(object) = object.filter(Value::is_object) {
        bezorging.verstuur(bericht(schrijf.kanaal, schrijf.actie, &object, &base));
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Which kanaal and actie a request writes, if any (reading the object
/// first when it is about to be deleted).
fn schrijfactie(state: &SandboxState, request: &Request) -> Option<Schrijfactie> {
    let actie = match *request.method() {
        Method::POST => "create",
        Method::PUT => "update",
        Method::PATCH => "partial_update",
        Method::DELETE => "destroy",
        _ => return None,
    };
    let rest = request
        .uri()
        .path()
        .strip_prefix(API_ROOT)?
        .strip_prefix('/')?;
    if rest == "maak-klantcontact" && actie == "create" {
        return Some(Schrijfactie {
            kanaal: &KANALEN[1],
            actie,
            vooraf: None,
            omhulsel: Some("klantcontact"),
        });
    }
    let (collection, uuid) = match rest.split_once('/') {
        Some((c, u)) => (c, Some(u)),
        None => (rest, None),
    };
    let kanaal = KANALEN.iter().find(|k| k.path == collection)?;
    let vooraf = if actie == "destroy" {
        let uuid = Uuid::parse_str(uuid?).ok()?;
        let store = state
            .klantinteracties
            .read()
            .unwrap_or_else(|p| p.into_inner());
        Some((kanaal.render)(
            &store,
            &uuid,
            &base_url(request.headers()),
        )?)
    } else {
        None
    };
    Some(Schrijfactie {
        kanaal,
        actie,
        vooraf,
        omhulsel: None,
    })
}

/// The message Open Klant publishes about `object`.
fn bericht(kanaal: &Kanaal, actie: &str, object: &Value, base: &str) -> Value {
    let url = object["url"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| {
            format!(
                "{base}{API_ROOT}/{}/{}",
                kanaal.path,
                object["uuid"].as_str().unwrap_or_default()
            )
        });
    let kenmerken: Map<String, Value> = kanaal
        .kenmerken
        .iter()
        .filter_map(|k| object.get(*k).map(|v| (k.to_string(), v.clone())))
        .collect();
    json!({
        "kanaal": kanaal.naam,
        "hoofdObject": url,
        "resource": kanaal.resource,
        "resourceUrl": url,
        "actie": actie,
        "aanmaakdatum": Utc::now().to_rfc3339_opts(SecondsFormat::Micros, true),
        "kenmerken": kenmerken,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_carries_the_object_url_and_the_kanaals_kenmerken() {
        let taak = json!({"uuid": "u", "url": "http://s/klantinteracties/api/v1/internetaken/u",
                          "status": "te_verwerken", "gevraagdeHandeling": "Terugbellen",
                          "toelichting": "", "nummer": null, "aanleidinggevendKlantcontact": {}});
        let m = bericht(&KANALEN[2], "partial_update", &taak, "http://s");
        assert_eq!(m["kanaal"], "internetaken");
        assert_eq!(m["resource"], "internetaak");
        assert_eq!(m["hoofdObject"], m["resourceUrl"]);
        assert_eq!(
            m["resourceUrl"],
            "http://s/klantinteracties/api/v1/internetaken/u"
        );
        assert_eq!(
            m["kenmerken"],
            json!({"nummer": null, "gevraagdeHandeling": "Terugbellen", "toelichting": "", "status": "te_verwerken"})
        );
        assert!(m["aanmaakdatum"].as_str().unwrap().ends_with('Z'));
    }
}
