//! Cross-site request forgery, path by path: nothing that writes runs from
//! a request a browser sends cross-site without a CORS preflight, and the
//! transports CORS does not guard (WebSocket, SSE) check `Origin` against
//! the allow-list. Each test counts the sandbox's writes: a refused
//! request writes nothing, and the same write from an allowed origin does
//! (so the count can move).

use futures::{SinkExt, StreamExt};
use reqwest::Method;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;

use crate::helpers::{mint_token, require_tokens, spawn_app, spawn_app_with, TestApp};
use crate::http_spec::{mutation_for, persona_uuid, send, write_mutation, writes};
use crate::subscriptions::client::WAIT;

const EVIL: &str = "http://evil.example";
/// In the development profile's `cors.allowed_origins` (`config.toml`).
const FRONT_END: &str = "http://localhost:3000";

/// `/graphql` or `/graphql/sse`.
fn url(app: &TestApp, path: &str) -> String {
    format!("{}{path}", app.gateway)
}

#[tokio::test]
async fn a_mutation_over_get_writes_nothing() {
    let app = spawn_app().await;
    let mutation = write_mutation(&app).await;
    let before = writes(&app).await;
    for path in ["/graphql", "/graphql/sse"] {
        let r = app
            .client
            .get(url(&app, path))
            .query(&[("query", mutation.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 405, "{path}");
        assert_eq!(r.headers()["allow"], "POST", "{path}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(
            body["errors"][0]["extensions"]["code"],
            "METHOD_NOT_ALLOWED"
        );
    }
    assert_eq!(writes(&app).await, before);
}

#[tokio::test]
async fn posts_a_form_or_text_can_make_write_nothing() {
    // What a page on another site can send without a preflight: text/plain,
    // a form, multipart (with or without an Origin: a form post to a
    // navigated window sends one, a no-cors fetch too).
    let app = spawn_app().await;
    let mutation = write_mutation(&app).await;
    let json_body = json!({ "query": mutation }).to_string();
    let form = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("query", &mutation)
        .finish();
    let before = writes(&app).await;
    for path in ["/graphql", "/graphql/sse"] {
        for (content_type, body) in [
            ("text/plain;charset=UTF-8", json_body.clone()),
            ("application/x-www-form-urlencoded", form.clone()),
            (
                "multipart/form-data; boundary=B",
                format!("--B\r\nContent-Disposition: form-data; name=\"query\"\r\n\r\n{mutation}\r\n--B--\r\n"),
            ),
        ] {
            for origin in [None, Some(EVIL), Some(FRONT_END)] {
                let mut r = app
                    .client
                    .post(url(&app, path))
                    .header("content-type", content_type)
                    .body(body.clone());
                if let Some(origin) = origin {
                    r = r.header("origin", origin);
                }
                let status = r.send().await.unwrap().status();
                // A foreign origin is refused first (403), any other for its type.
                let expected = if origin == Some(EVIL) { 403 } else { 415 };
                assert_eq!(status, expected, "{path} {content_type} {origin:?}");
            }
        }
    }
    assert_eq!(writes(&app).await, before);
}

#[tokio::test]
async fn a_json_post_from_a_foreign_origin_writes_nothing() {
    let app = spawn_app().await;
    let mutation = write_mutation(&app).await;
    let before = writes(&app).await;
    // A browser asks first, and is not allowed.
    let preflight = app
        .client
        .request(Method::OPTIONS, url(&app, "/graphql"))
        .header("origin", EVIL)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .send()
        .await
        .unwrap();
    assert!(preflight
        .headers()
        .get("access-control-allow-origin")
        .is_none());
    // Sent anyway (not a browser, or one that ignores CORS): refused.
    for path in ["/graphql", "/graphql/sse"] {
        let r = app
            .client
            .post(url(&app, path))
            .header("origin", EVIL)
            .json(&json!({ "query": mutation }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "{path}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["errors"][0]["extensions"]["code"], "FORBIDDEN");
        let message = body["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains("evil.example"), "{message}");
    }
    assert_eq!(writes(&app).await, before);
    // From the allowed front end, and from the gateway's own page, it writes.
    let own = app.gateway.clone();
    for origin in [FRONT_END, own.as_str()] {
        let answer = send(
            &app,
            Method::POST,
            "",
            &[("content-type", "application/json"), ("origin", origin)],
            Some(json!({ "query": mutation }).to_string()),
        )
        .await;
        assert_eq!(answer.status, 200, "{origin}: {}", answer.text);
        assert!(answer.json().get("errors").is_none(), "{}", answer.text);
    }
    assert_eq!(writes(&app).await, before + 2);
}

/// A raw `graphql-transport-ws` socket.
pub type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Opens `/graphql/ws` (with `Origin: origin` when given): the socket, or
/// the refusal's status.
pub async fn websocket(app: &TestApp, origin: Option<&str>) -> Result<Socket, u16> {
    let mut request = format!("{}/graphql/ws", app.gateway.replacen("http", "ws", 1))
        .into_client_request()
        .unwrap();
    let headers = request.headers_mut();
    headers.insert(
        "Sec-WebSocket-Protocol",
        HeaderValue::from_static("graphql-transport-ws"),
    );
    if let Some(origin) = origin {
        headers.insert("Origin", HeaderValue::from_str(origin).unwrap());
    }
    match tokio_tungstenite::connect_async(request).await {
        Ok((socket, _)) => Ok(socket),
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            Err(response.status().as_u16())
        }
        Err(e) => panic!("the upgrade failed otherwise: {e}"),
    }
}

/// Sends `connection_init` with `token`, then operation `id`; the first
/// `next` or `error` message for it, whole.
pub async fn operation(socket: &mut Socket, token: Option<&str>, id: &str, query: &str) -> Value {
    let send = |v: Value| Message::Text(v.to_string().into());
    if let Some(token) = token {
        let init = json!({"type": "connection_init", "payload": {"Authorization": format!("Bearer {token}")}});
        socket.send(send(init)).await.unwrap();
    }
    socket
        .send(send(
            json!({"id": id, "type": "subscribe", "payload": {"query": query}}),
        ))
        .await
        .unwrap();
    loop {
        let m = tokio::time::timeout(WAIT, socket.next())
            .await
            .expect("an answer within the guard time")
            .expect("open")
            .unwrap();
        if let Message::Text(text) = m {
            let v: Value = serde_json::from_str(&text).unwrap();
            if v["id"] == id && matches!(v["type"].as_str(), Some("next" | "error")) {
                return v;
            }
        }
    }
}

/// Runs `query` over an open socket (init, subscribe, the first result).
async fn over_socket(mut socket: Socket, token: &str, query: &str) -> Value {
    let answer = operation(&mut socket, Some(token), "1", query).await;
    assert_eq!(answer["type"], "next", "{answer}");
    answer["payload"].clone()
}

#[tokio::test]
async fn a_websocket_from_a_foreign_origin_is_refused() {
    let app = spawn_app().await;
    let mutation = write_mutation(&app).await;
    let before = writes(&app).await;
    for origin in [EVIL, "null", "http://127.0.0.1:1"] {
        assert_eq!(
            websocket(&app, Some(origin)).await.err(),
            Some(403),
            "{origin}"
        );
    }
    assert_eq!(writes(&app).await, before);
    // The allowed front end (loopback, listed) and the gateway's own page may.
    for origin in [FRONT_END.to_string(), app.gateway.clone()] {
        let socket = websocket(&app, Some(&origin)).await.expect("upgraded");
        let result = over_socket(socket, "any", &mutation).await;
        assert!(result.get("errors").is_none(), "{result}");
    }
    assert_eq!(writes(&app).await, before + 2);
}

#[tokio::test]
async fn the_development_profile_admits_only_loopback_origins() {
    let listed = "https://kcc.gemeente.example";
    let dev = spawn_app_with(|c| c.cors.allowed_origins = vec![listed.into()]).await;
    let mutation = write_mutation(&dev).await;
    let before = writes(&dev).await;
    assert_eq!(websocket(&dev, Some(listed)).await.err(), Some(403));
    let r = dev
        .client
        .post(url(&dev, "/graphql/sse"))
        .header("origin", listed)
        .json(&json!({ "query": mutation }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let body: Value = r.json().await.unwrap();
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("development profile"), "{message}");
    assert_eq!(writes(&dev).await, before);
    // With tokens the same listed origin may open a socket and write.
    let jwt = spawn_app_with(|c| {
        require_tokens(c);
        c.cors.allowed_origins = vec![listed.into()];
    })
    .await;
    let token = mint_token(&["kcc-medewerker"], json!({}));
    let mutation = mutation_for(&persona_uuid(&jwt, Some(&token)).await);
    let before = writes(&jwt).await;
    let socket = websocket(&jwt, Some(listed)).await.expect("upgraded");
    let result = over_socket(socket, &token, &mutation).await;
    assert!(result.get("errors").is_none(), "{result}");
    assert_eq!(writes(&jwt).await, before + 1);
}
