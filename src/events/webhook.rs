//! The consumer webhook (`specs/notificaties-consumer-webhook-openapi.yaml`):
//! `POST <notificaties.path>` with a `Notificatie`, answered `204` at once.
//!
//! In this order: the `Authorization` header is checked before the body is
//! looked at (401 when missing, 403 when wrong, as Open Notificaties tests
//! when an abonnement is made), the body is checked (400 naming the fields),
//! a place in the intake queue is reserved, the notification is claimed in
//! the events backend (shared by every replica with Redis: a notification
//! delivered to two replicas, or twice to one, is processed once) and
//! queued for the intake worker. A full queue or an unreachable backend
//! answers 503 and claims nothing, so that the sender's retry is processed:
//! nothing accepted is lost.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use serde_json::json;
use tokio::sync::mpsc;

use super::intake::Intake;
use super::notificatie::{Notificatie, Ongeldig};
use super::Events;
use crate::config::NotificatiesConfig;

/// The webhook's state.
struct Webhook {
    /// The accepted `Authorization` values (current, and previous during a rotation).
    accepted: Vec<Vec<u8>>,
    /// Where notifications are claimed, by [`Notificatie::sleutel`].
    events: Arc<Events>,
    queue: mpsc::Sender<Notificatie>,
}

/// The webhook route at `config.path`, and its worker handing what it
/// accepts to `intake`, started on the runtime.
pub(crate) fn routes<S: Clone + Send + Sync + 'static>(
    config: &NotificatiesConfig,
    intake: Arc<Intake>,
) -> Router<S> {
    let path = config.path.clone();
    let (queue, received) = mpsc::channel(config.queue.get());
    let webhook = Arc::new(Webhook {
        accepted: [&config.auth, &config.auth_previous]
            .into_iter()
            .filter(|a| !a.is_empty())
            .map(|a| a.as_bytes().to_vec())
            .collect(),
        events: intake.events().clone(),
        queue,
    });
    tokio::spawn(work(intake, received));
    Router::new()
        .route(&path, post(receive))
        .with_state(webhook)
}

/// Processes queued notifications one at a time, in the order they came,
/// until the webhook is gone: events follow the order of arrival. A fetch
/// takes tens of milliseconds, ample for a contact centre's rate of
/// changes; a burst waits in the queue.
async fn work(intake: Arc<Intake>, mut received: mpsc::Receiver<Notificatie>) {
    while let Some(n) = received.recv().await {
        intake.verwerk(&n).await;
    }
}

async fn receive(State(webhook): State<Arc<Webhook>>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(given) = headers.get(header::AUTHORIZATION) else {
        return fout(
            StatusCode::UNAUTHORIZED,
            "not_authenticated",
            "Authenticatiegegevens zijn niet opgegeven.",
        );
    };
    if !webhook
        .accepted
        .iter()
        .any(|a| constant_time_eq(a, given.as_bytes()))
    {
        return fout(
            StatusCode::FORBIDDEN,
            "permission_denied",
            "U heeft geen toestemming om deze actie uit te voeren.",
        );
    }
    let notificatie = match Notificatie::parse(&body) {
        Ok(n) => n,
        Err(fouten) => return validatiefout(&fouten),
    };
    // A place first: a claim is only made for what will be queued.
    let Ok(plaats) = webhook.queue.try_reserve() else {
        tracing::warn!("notification queue full: answered 503 for the sender to retry");
        return niet_nu();
    };
    match webhook.events.claim(notificatie.sleutel()).await {
        Ok(true) => {
            plaats.send(notificatie);
            accepted()
        }
        Ok(false) => {
            tracing::debug!(kanaal = %notificatie.kanaal, "duplicate notification dropped");
            accepted()
        }
        Err(e) => {
            tracing::warn!(error = %e, "notification not claimed: answered 503 for the sender to retry");
            niet_nu()
        }
    }
}

/// 503: the sender tries again later.
fn niet_nu() -> Response {
    fout(
        StatusCode::SERVICE_UNAVAILABLE,
        "service_unavailable",
        "De notificatie kan nu niet worden verwerkt; probeer het later opnieuw.",
    )
}

/// Compares without stopping at the first difference, so the time taken
/// tells nothing about how much of a guessed secret was right.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The API version of the consumer spec, on every answer.
const API_VERSION: &str = "1.0.0";

fn accepted() -> Response {
    (
        StatusCode::NO_CONTENT,
        [("API-version", HeaderValue::from_static(API_VERSION))],
    )
        .into_response()
}

/// A `Fout` problem body.
fn fout(status: StatusCode, code: &str, detail: &str) -> Response {
    problem(
        status,
        json!({
            "type": format!("urn:klantbeeld:fouten:{code}"),
            "code": code,
            "title": status.canonical_reason().unwrap_or("Fout"),
            "status": status.as_u16(),
            "detail": detail,
            "instance": format!("urn:uuid:{}", uuid::Uuid::new_v4()),
        }),
    )
}

/// A `ValidatieFout` problem body naming each bad field.
fn validatiefout(fouten: &[Ongeldig]) -> Response {
    let status = StatusCode::BAD_REQUEST;
    problem(
        status,
        json!({
            "type": "urn:klantbeeld:fouten:invalid",
            "code": "invalid",
            "title": "Invalid input.",
            "status": status.as_u16(),
            "detail": "De notificatie is ongeldig.",
            "instance": format!("urn:uuid:{}", uuid::Uuid::new_v4()),
            "invalid-params": fouten
                .iter()
                .map(|f| json!({"name": f.name, "code": f.code, "reason": f.reason}))
                .collect::<Vec<_>>(),
        }),
    )
}

fn problem(status: StatusCode, body: serde_json::Value) -> Response {
    (
        status,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/problem+json"),
            ),
            (
                header::HeaderName::from_static("api-version"),
                HeaderValue::from_static(API_VERSION),
            ),
        ],
        body.to_string(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::constant_time_eq;

    #[test]
    fn secrets_compare_whole() {
        assert!(constant_time_eq(b"Bearer abc", b"Bearer abc"));
        assert!(!constant_time_eq(b"Bearer abc", b"Bearer abd"));
        assert!(!constant_time_eq(b"Bearer abc", b"Bearer ab"));
        assert!(!constant_time_eq(b"", b"x"));
    }
}
