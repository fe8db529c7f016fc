//! Clients of the streaming transports, written from the protocols (not
//! from the server's code): GraphQL over WebSocket in both subprotocols, and
//! GraphQL over SSE (distinct connections mode) read chunk by chunk. Plus
//! writes straight to the sandbox, and the partij and actor every test of
//! live updates starts from.

use std::collections::VecDeque;
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::helpers::TestApp;

/// Long enough for any event on a loaded machine; only a guard against a
/// hang, never an assertion on time.
pub const WAIT: Duration = Duration::from_secs(30);

/// `graphql-transport-ws`, the current protocol.
pub const TRANSPORT_WS: &str = "graphql-transport-ws";
/// `graphql-ws`, the legacy Apollo protocol.
pub const LEGACY_WS: &str = "graphql-ws";

/// A GraphQL WebSocket connection.
pub struct Ws {
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
    protocol: &'static str,
    /// Results of other operations, read while waiting for one.
    pending: VecDeque<(String, Value)>,
    /// Every text message received, in order: what a check for leaks reads.
    pub transcript: String,
}

/// How the server ended a connection it refused.
#[derive(Debug)]
pub struct Closed {
    /// The text messages before the close.
    pub messages: Vec<Value>,
    /// The close frame's code and reason; `None` when the connection ended
    /// without one.
    pub frame: Option<(u16, String)>,
}

impl Ws {
    /// Connects, sends `connection_init` with credentials, waits for the ack
    /// (the development profile takes any).
    pub async fn connect(app: &TestApp, protocol: &'static str) -> Ws {
        Ws::connect_as(app, protocol, "test").await
    }

    /// Connects with `token` in `connection_init`, waits for the ack.
    pub async fn connect_as(app: &TestApp, protocol: &'static str, token: &str) -> Ws {
        let mut ws = Ws::open(app, protocol).await;
        ws.init(Some(json!({"Authorization": format!("Bearer {token}")})))
            .await;
        ws.acknowledged().await;
        ws
    }

    /// Waits for `connection_ack`.
    pub async fn acknowledged(&mut self) {
        let ack = self.receive().await;
        assert_eq!(ack["type"], "connection_ack", "{ack}");
    }

    /// Waits for `connection_ack`; `Err` with what came instead (a close,
    /// the end of the connection, or another message).
    pub async fn try_acknowledged(&mut self) -> Result<(), String> {
        loop {
            match self.socket.next().await {
                Some(Ok(Message::Text(text))) => {
                    let value: Value = serde_json::from_str(&text).unwrap();
                    return match value["type"].as_str() {
                        Some("connection_ack") => Ok(()),
                        Some("ka" | "ping" | "pong") => continue,
                        _ => Err(text.to_string()),
                    };
                }
                Some(Ok(Message::Close(frame))) => return Err(format!("closed: {frame:?}")),
                Some(Ok(_)) => continue,
                None | Some(Err(_)) => return Err("the connection ended".into()),
            }
        }
    }

    /// The WebSocket handshake only: nothing sent yet.
    pub async fn open(app: &TestApp, protocol: &'static str) -> Ws {
        let url = format!("{}/graphql/ws", app.gateway.replacen("http", "ws", 1));
        let mut request = url.into_client_request().unwrap();
        request
            .headers_mut()
            .insert("Sec-WebSocket-Protocol", HeaderValue::from_static(protocol));
        let (socket, response) = tokio_tungstenite::connect_async(request).await.unwrap();
        assert_eq!(
            response.headers()["sec-websocket-protocol"],
            protocol,
            "the server speaks the protocol asked for"
        );
        Ws {
            socket,
            protocol,
            pending: VecDeque::new(),
            transcript: String::new(),
        }
    }

    /// Sends `connection_init` with `payload` (none when `None`).
    pub async fn init(&mut self, payload: Option<Value>) {
        let mut message = json!({"type": "connection_init"});
        if let Some(p) = payload {
            message["payload"] = p;
        }
        self.send(message).await;
    }

    /// Reads until the server closes the connection: what came before, and
    /// the close frame.
    pub async fn closed(mut self) -> Closed {
        let mut messages = Vec::new();
        loop {
            let message = tokio::time::timeout(WAIT, self.socket.next())
                .await
                .expect("the server closes within the guard time");
            match message {
                Some(Ok(Message::Text(text))) => {
                    messages.push(serde_json::from_str(&text).unwrap())
                }
                Some(Ok(Message::Close(frame))) => {
                    return Closed {
                        messages,
                        frame: frame.map(|f| (u16::from(f.code), f.reason.to_string())),
                    }
                }
                Some(Ok(_)) => {}
                None | Some(Err(_)) => {
                    return Closed {
                        messages,
                        frame: None,
                    }
                }
            }
        }
    }

    async fn send(&mut self, message: Value) {
        self.socket
            .send(Message::Text(message.to_string().into()))
            .await
            .unwrap();
    }

    /// The next protocol message, keep-alives skipped.
    async fn receive(&mut self) -> Value {
        loop {
            let message = tokio::time::timeout(WAIT, self.socket.next())
                .await
                .expect("a message within the guard time")
                .expect("the connection is open")
                .unwrap();
            if let Message::Text(text) = message {
                self.transcript.push_str(&text);
                self.transcript.push('\n');
                let value: Value = serde_json::from_str(&text).unwrap();
                if !matches!(value["type"].as_str(), Some("ka" | "ping" | "pong")) {
                    return value;
                }
            }
        }
    }

    /// Starts operation `id`.
    pub async fn subscribe(&mut self, id: &str, query: &str, variables: Value) {
        let kind = if self.protocol == TRANSPORT_WS {
            "subscribe"
        } else {
            "start"
        };
        self.send(
            json!({"id": id, "type": kind, "payload": {"query": query, "variables": variables}}),
        )
        .await;
    }

    /// The next result of operation `id` (others are kept for later).
    pub async fn next_of(&mut self, id: &str) -> Value {
        if let Some(at) = self.pending.iter().position(|(i, _)| i == id) {
            return self.pending.remove(at).map(|(_, v)| v).unwrap_or_default();
        }
        loop {
            let m = self.receive().await;
            let this = m["id"].as_str().unwrap_or_default().to_string();
            let payload = match m["type"].as_str() {
                Some("next" | "data") => m["payload"].clone(),
                Some("complete") => Value::Null,
                _ => panic!("unexpected message {m}"),
            };
            if this == id {
                return payload;
            }
            self.pending.push_back((this, payload));
        }
    }

    /// Stops operation `id` and waits for its `complete`.
    pub async fn stop(&mut self, id: &str) {
        let kind = if self.protocol == TRANSPORT_WS {
            "complete"
        } else {
            "stop"
        };
        self.send(json!({"id": id, "type": kind})).await;
    }

    /// Closes the connection.
    pub async fn close(mut self) {
        let _ = self.socket.close(None).await;
    }
}

/// One GraphQL-over-SSE operation, read event by event.
pub struct Sse {
    response: reqwest::Response,
    buffer: String,
}

impl Sse {
    /// Posts the operation and checks the stream's content type.
    pub async fn start(app: &TestApp, query: &str, variables: Value) -> Sse {
        Sse::start_as(app, None, query, variables).await
    }

    /// [`Sse::start`] with `Authorization: Bearer <token>` (none when `None`).
    pub async fn start_as(
        app: &TestApp,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> Sse {
        let response = Sse::post(app, token, query, variables).await;
        assert_eq!(response.status(), 200);
        assert!(response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream"));
        Sse {
            response,
            buffer: String::new(),
        }
    }

    /// The bare answer to posting the operation.
    pub async fn post(
        app: &TestApp,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> reqwest::Response {
        let mut request = app
            .client
            .post(format!("{}/graphql/sse", app.gateway))
            .header("Accept", "text/event-stream")
            .json(&json!({"query": query, "variables": variables}));
        if let Some(t) = token {
            request = request.bearer_auth(t);
        }
        request.send().await.unwrap()
    }

    /// The next event: `(event, data)`; SSE comments (keep-alives) skipped.
    pub async fn next(&mut self) -> (String, String) {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut event = String::new();
                let mut data = Vec::new();
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        event = v.trim_start().to_string();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push(v.strip_prefix(' ').unwrap_or(v).to_string());
                    }
                }
                if event.is_empty() && data.is_empty() {
                    continue;
                }
                return (event, data.join("\n"));
            }
            let chunk = tokio::time::timeout(WAIT, self.response.chunk())
                .await
                .expect("an event within the guard time")
                .unwrap()
                .expect("the stream is open");
            self.buffer.push_str(std::str::from_utf8(&chunk).unwrap());
        }
    }

    /// The payload of the next `next` event.
    pub async fn next_result(&mut self) -> Value {
        let (event, data) = self.next().await;
        assert_eq!(event, "next", "{data}");
        serde_json::from_str(&data).unwrap()
    }
}

impl TestApp {
    /// A write straight to the sandbox Klantinteracties (not through the
    /// gateway); answers the status and the body.
    pub async fn ki_write(&self, method: reqwest::Method, path: &str, body: Value) -> (u16, Value) {
        let r = self
            .client
            .request(
                method,
                format!("{}/klantinteracties/api/v1{path}", self.sandbox),
            )
            .header("Authorization", format!("Token {}", self.token))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// A new persoon in the sandbox; its uuid.
    pub async fn nieuwe_partij(&self, achternaam: &str) -> String {
        let (status, p) = self
            .ki_write(
                reqwest::Method::POST,
                "/partijen",
                json!({"soortPartij": "persoon", "indicatieActief": true,
                       "partijIdentificatie": {"contactnaam": {"voornaam": "Test", "achternaam": achternaam}}}),
            )
            .await;
        assert_eq!(status, 201, "{p}");
        p["uuid"].as_str().unwrap().to_string()
    }

    /// A new medewerker in the sandbox; its uuid.
    pub async fn nieuwe_medewerker(&self, naam: &str) -> String {
        let (status, a) = self
            .ki_write(
                reqwest::Method::POST,
                "/actoren",
                json!({"naam": naam, "soortActor": "medewerker", "indicatieActief": true,
                       "actorIdentificatie": {"functie": "KCC", "emailadres": "kcc@gemeente.nl",
                                              "telefoonnummer": "0201234567"}}),
            )
            .await;
        assert_eq!(status, 201, "{a}");
        a["uuid"].as_str().unwrap().to_string()
    }

    /// Registers a klantcontact for `partij` through the gateway; its uuid.
    pub async fn registreer(&self, partij: &str, onderwerp: &str) -> String {
        self.registreer_als(None, json!({"partij": partij, "onderwerp": onderwerp}))
            .await
    }

    /// Registers a klantcontact through the gateway as the holder of
    /// `token` (none: the development principal); `input` is added to a
    /// telephone contact. Its uuid.
    pub async fn registreer_als(&self, token: Option<&str>, input: Value) -> String {
        let mut invoer = json!({"kanaal": "telefoon"});
        if let (Some(i), Some(extra)) = (invoer.as_object_mut(), input.as_object()) {
            i.extend(extra.clone());
        }
        let (status, text) = self
            .post_graphql(
                token,
                &json!({"query": r#"mutation($input: RegistreerKlantcontactInput!) {
                     registreerKlantcontact(input: $input) { uuid } }"#,
                        "variables": {"input": invoer}}),
            )
            .await;
        assert_eq!(status, 200, "{text}");
        let body: Value = serde_json::from_str(&text).unwrap();
        assert!(body.get("errors").is_none(), "{body}");
        body["data"]["registreerKlantcontact"]["uuid"]
            .as_str()
            .unwrap()
            .to_string()
    }
}
