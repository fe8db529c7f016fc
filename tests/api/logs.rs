//! What the process writes to its log at the most verbose level (issue 16,
//! hole 6): the binary runs with `log.level = "trace"`, a WebSocket client
//! sends a bearer token in `connection_init`, a BSN as a variable and asks
//! the BRP for a person; none of the three shows in the log, because the
//! crates that log what goes over the wire (tungstenite, hyper, h2,
//! reqwest) stop at `info` whatever the level says.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;

/// Only a guard against a hang.
const WAIT: Duration = Duration::from_secs(60);

const TOKEN: &str = "geheim-token-uit-connection-init-4161";
const BSN: &str = "999993653";

#[tokio::test]
async fn at_trace_level_no_token_bsn_or_brp_answer_reaches_the_log() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_klantbeeld-gateway"))
        .env("KLANTBEELD__LOG__LEVEL", "trace")
        .env("KLANTBEELD__LOG__FORMAT", "json")
        .env("KLANTBEELD__SERVER__LISTEN", "127.0.0.1:0")
        .env("KLANTBEELD__SANDBOX__LISTEN", "127.0.0.1:0")
        .env("KLANTBEELD__SANDBOX__PARTIJEN", "20")
        .env_remove("RUST_LOG")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    // Drained all along: a full pipe would stop the process.
    let log = Arc::new(Mutex::new(String::new()));
    let (address, listening) = mpsc::channel();
    let reader = {
        let stderr = child.stderr.take().unwrap();
        let log = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Ok(v) = serde_json::from_str::<Value>(&line) {
                    if let Some(url) = v["graphql"].as_str() {
                        let _ = address.send(url.to_string());
                    }
                }
                let mut log = log.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        })
    };
    let graphql = listening.recv_timeout(WAIT).expect("the gateway listens");
    let ws_url = graphql.replacen("http", "ws", 1) + "/ws";

    let mut request = ws_url.into_client_request().unwrap();
    request.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        HeaderValue::from_static("graphql-transport-ws"),
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    let send = |v: Value| Message::Text(v.to_string().into());
    socket
        .send(send(json!({"type": "connection_init",
                          "payload": {"Authorization": format!("Bearer {TOKEN}")}})))
        .await
        .unwrap();
    let query = r#"query($bsn: String!, $nummer: String!) {
      partijOpIdentificator(soort: BSN, waarde: $bsn) { nummer }
      partijOpNummer(nummer: $nummer) { persoon { naam { volledigeNaam } } } }"#;
    socket
        .send(send(json!({"id": "1", "type": "subscribe",
            "payload": {"query": query, "variables": {"bsn": BSN, "nummer": "123454321"}}})))
        .await
        .unwrap();
    let mut answer = String::new();
    while let Ok(Some(Ok(message))) = tokio::time::timeout(WAIT, socket.next()).await {
        if let Message::Text(text) = message {
            if text.contains("\"complete\"") {
                break;
            }
            answer.push_str(&text);
        }
    }
    let _ = socket.close(None).await;
    // The BRP answered: its answer is what must not be logged.
    let naam = "Oostrum";
    assert!(answer.contains(naam), "{answer}");
    child.kill().unwrap();
    child.wait().unwrap();
    reader.join().unwrap();
    let log = log.lock().unwrap();
    assert!(log.contains("gateway listening"), "the log was read");
    for secret in [TOKEN, BSN, naam] {
        assert!(!log.contains(secret), "{secret} is in the log");
    }
}
