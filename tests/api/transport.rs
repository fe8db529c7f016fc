//! The listener and `/metrics` against a hostile client (issue 16, hole 5):
//! a connection that trickles its headers (slowloris) is closed after
//! `server.header_read_timeout_ms`; connections beyond
//! `server.max_connections` are closed at once, and a closed one frees its
//! place; an `operationName` that names no operation of the document never
//! becomes a metrics label.

use std::time::Duration;

use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{spawn_app_with, TestApp};

/// Only a guard against a hang, never an assertion on time.
const WAIT: Duration = Duration::from_secs(30);

/// A TCP connection to the gateway.
async fn connect(app: &TestApp) -> TcpStream {
    TcpStream::connect(app.gateway.trim_start_matches("http://"))
        .await
        .expect("the gateway accepts TCP")
}

/// Reads until the server closes the connection; what it sent.
async fn until_closed(stream: &mut TcpStream) -> String {
    let mut got = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        let read = tokio::time::timeout(WAIT, stream.read(&mut buf))
            .await
            .expect("the server closes the connection within the guard time");
        match read {
            Ok(0) | Err(_) => return String::from_utf8_lossy(&got).into_owned(),
            Ok(n) => got.extend_from_slice(&buf[..n]),
        }
    }
}

/// A whole `GET /healthz` on a fresh connection: whether it was answered 200.
async fn healthz(app: &TestApp) -> bool {
    let mut stream = connect(app).await;
    let request = "GET /healthz HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n";
    if stream.write_all(request.as_bytes()).await.is_err() {
        return false;
    }
    until_closed(&mut stream).await.starts_with("HTTP/1.1 200")
}

#[tokio::test]
async fn connections_that_trickle_their_headers_are_closed() {
    let app = spawn_app_with(|c| c.server.header_read_timeout_ms = 300).await;
    let mut slow = Vec::new();
    for _ in 0..50 {
        let mut stream = connect(&app).await;
        // Headers begun, never ended.
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: gateway\r\nX-Slow: 1")
            .await
            .unwrap();
        slow.push(stream);
    }
    for stream in &mut slow {
        let answer = until_closed(stream).await;
        // Closed, without an answer, or with a 408.
        assert!(
            answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
            "{answer}"
        );
    }
    assert!(healthz(&app).await, "whole requests are still served");
}

#[tokio::test]
async fn connections_beyond_the_cap_are_closed_at_once_and_a_closed_one_frees_its_place() {
    let app = spawn_app_with(|c| c.server.max_connections = 5).await;
    let mut held = Vec::new();
    for _ in 0..5 {
        held.push(connect(&app).await);
    }
    // The listener takes connections in the order they came: the sixth is
    // over the cap and closed without an answer.
    let mut sixth = connect(&app).await;
    let _ = sixth
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: gateway\r\n\r\n")
        .await;
    assert_eq!(until_closed(&mut sixth).await, "");
    drop(held.pop());
    let mut served = false;
    for _ in 0..100 {
        if healthz(&app).await {
            served = true;
            break;
        }
    }
    assert!(served, "the place of a closed connection came back");
}

#[tokio::test]
async fn only_operation_names_of_the_document_become_metrics_labels() {
    let app = spawn_app_with(|_| {}).await;
    let name = |i: usize| format!("Verzonnen{i}x{}", uuid::Uuid::new_v4().simple());
    let names: Vec<String> = (0..20).map(name).collect();
    for n in &names {
        // A document without that operation: refused, and no label.
        let body = json!({"query": "query Echt { __typename }", "operationName": n});
        app.post_graphql(None, &body).await;
        // A document that does not parse: no label either.
        let body = json!({"query": "query {", "operationName": n});
        app.post_graphql(None, &body).await;
    }
    let body = json!({"query": "query Echt { __typename } query Ander { __typename }",
                      "operationName": "Ander"});
    let (status, text) = app.post_graphql(None, &body).await;
    assert_eq!(status, 200, "{text}");
    let metrics = app.metrics().await;
    let labels: Vec<&str> = metrics
        .0
        .iter()
        .filter(|s| s.name.starts_with("klantbeeld_graphql_operation"))
        .filter_map(|s| s.labels.get("operation").map(String::as_str))
        .collect();
    assert!(labels.contains(&"Ander"), "{labels:?}");
    for n in &names {
        assert!(!labels.contains(&n.as_str()), "{n} became a label");
    }
}
