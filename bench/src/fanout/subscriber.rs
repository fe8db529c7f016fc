//! Subscribers as a partner system runs them: a WebSocket to the gateway
//! speaking `graphql-transport-ws`, one or more `klantcontactGeregistreerd`
//! subscriptions on it (each an observer of its own), every `next`
//! reported to the [`Tally`].

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;

use super::tally::{Seen, Tally};

/// What each subscriber selects: the event id and a little of the contact.
pub const SUBSCRIPTION: &str = "subscription($partij: ID!) {
  klantcontactGeregistreerd(partij: $partij) { id klantcontact { uuid onderwerp plaatsgevondenOp } } }";

/// How long the handshake may take.
const HANDSHAKE: Duration = Duration::from_secs(30);

/// Connects, subscribes `count` times to the klantcontacten of `partij` and
/// leaves a task reading the events; aborting the task closes the connection.
pub async fn subscribe(
    ws_url: &str,
    partij: &str,
    count: usize,
    tally: Arc<Tally>,
) -> Result<JoinHandle<()>, String> {
    let mut request = ws_url
        .into_client_request()
        .map_err(|e| format!("{ws_url}: {e}"))?;
    request.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        HeaderValue::from_static("graphql-transport-ws"),
    );
    let (mut socket, _) =
        tokio::time::timeout(HANDSHAKE, tokio_tungstenite::connect_async(request))
            .await
            .map_err(|_| format!("{ws_url}: no WebSocket within {HANDSHAKE:?}"))?
            .map_err(|e| format!("{ws_url}: {e}"))?;
    let send = |v: Value| Message::Text(v.to_string().into());
    socket
        .send(send(json!({"type": "connection_init", "payload": {}})))
        .await
        .map_err(|e| format!("connection_init: {e}"))?;
    let ack = tokio::time::timeout(HANDSHAKE, socket.next())
        .await
        .map_err(|_| "no connection_ack".to_string())?;
    match ack {
        Some(Ok(m)) if message_type(&m).as_deref() == Some("connection_ack") => {}
        other => return Err(format!("expected connection_ack, got {other:?}")),
    }
    for id in 1..=count {
        socket
            .send(send(json!({"id": id.to_string(), "type": "subscribe",
                "payload": {"query": SUBSCRIPTION, "variables": {"partij": partij}}})))
            .await
            .map_err(|e| format!("subscribe: {e}"))?;
    }
    Ok(tokio::spawn(async move {
        // What each subscription on this socket has seen.
        let mut seen: HashMap<String, Seen> = HashMap::new();
        while let Some(message) = socket.next().await {
            let text = match message {
                Ok(Message::Text(text)) => text,
                Ok(Message::Close(frame)) => {
                    tally.fail(format!("the gateway closed the connection: {frame:?}"));
                    return;
                }
                Ok(_) => continue,
                Err(e) => {
                    tally.fail(format!("WebSocket error: {e}"));
                    return;
                }
            };
            let Ok(body) = serde_json::from_str::<Value>(&text) else {
                tally.fail(format!("not JSON: {text}"));
                return;
            };
            match body["type"].as_str() {
                Some("next") => {
                    let k = &body["payload"]["data"]["klantcontactGeregistreerd"]["klantcontact"];
                    let id = body["id"].as_str().unwrap_or_default().to_string();
                    match k["onderwerp"].as_str() {
                        Some(onderwerp) => tally.saw(onderwerp, seen.entry(id).or_default()),
                        None => tally.fail(format!("an event without a klantcontact: {text}")),
                    }
                }
                Some("ping") => {
                    let _ = socket.send(send(json!({"type": "pong"}))).await;
                }
                Some("pong") => {}
                _ => {
                    tally.fail(format!("unexpected message: {text}"));
                    return;
                }
            }
        }
    }))
}

fn message_type(message: &Message) -> Option<String> {
    let Message::Text(text) = message else {
        return None;
    };
    let body: Value = serde_json::from_str(text).ok()?;
    body["type"].as_str().map(str::to_string)
}
