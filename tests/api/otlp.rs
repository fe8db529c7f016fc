//! OpenTelemetry export over OTLP/HTTP: a tiny collector inside the test
//! (an axum server that keeps every `POST /v1/traces`) receives the spans of
//! a klantbeeld; the spans are checked against the sandbox's own record of
//! the register calls and the `traceparent`s they carried. The binary itself
//! shows what only its own log can: the logged trace id is the exported one,
//! SIGTERM flushes, a failed export is a warning and fails no request, no
//! exporter starts without an endpoint, and a bad endpoint stops it naming
//! the key.

use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Router;
use klantbeeld_gateway::config::{OtlpProtocol, OTEL_ENDPOINT_VAR};
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::{any_value, KeyValue};
use opentelemetry_proto::tonic::trace::v1::span::SpanKind;
use prost::Message;
use serde_json::{json, Value};

use crate::helpers::{mint_token, require_tokens, spawn_app_with, TestApp, HS256_SECRET};
use crate::verwerkingslog::app_with_log;

const C4161: &str = include_str!("../../queries/c4161-klantbeeld.graphql");

/// One `POST /v1/traces` as the collector received it.
#[derive(Debug, Clone)]
struct Received {
    content_type: String,
    api_key: Option<String>,
    body: Bytes,
}

/// A collector on a random port that answers every export with 200.
struct Collector {
    /// The base URL, as `telemetry.otlp.endpoint` takes it.
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
}

impl Collector {
    async fn start() -> Collector {
        let received = Arc::new(Mutex::new(Vec::new()));
        let app = Router::new()
            .route("/v1/traces", axum::routing::post(receive))
            .with_state(received.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Collector { url, received }
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// Every span received, in any protocol.
    fn spans(&self) -> Vec<Exported> {
        self.received().iter().flat_map(decode).collect()
    }
}

async fn receive(
    State(received): State<Arc<Mutex<Vec<Received>>>>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    received.lock().unwrap().push(Received {
        content_type: header("content-type").unwrap_or_default(),
        api_key: header("x-api-key"),
        body,
    });
    StatusCode::OK
}

/// One exported span, ids in hex, attribute values as text.
#[derive(Debug, Clone)]
struct Exported {
    service: String,
    trace_id: String,
    span_id: String,
    /// Empty for a root span.
    parent_id: String,
    name: String,
    kind: i32,
    attributes: BTreeMap<String, String>,
}

impl Exported {
    fn attribute(&self, key: &str) -> &str {
        self.attributes.get(key).map_or("", String::as_str)
    }

    /// Everything the span says, for the search for secrets.
    fn text(&self) -> String {
        format!("{} {} {:?}", self.service, self.name, self.attributes)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn text_of(kv: &KeyValue) -> String {
    match kv.value.as_ref().and_then(|v| v.value.as_ref()) {
        Some(any_value::Value::StringValue(s)) => s.clone(),
        Some(any_value::Value::IntValue(i)) => i.to_string(),
        Some(any_value::Value::BoolValue(b)) => b.to_string(),
        Some(any_value::Value::DoubleValue(d)) => d.to_string(),
        other => format!("{other:?}"),
    }
}

/// The spans of one export, protobuf or JSON as its content type says.
fn decode(r: &Received) -> Vec<Exported> {
    let request = match r.content_type.as_str() {
        "application/x-protobuf" => {
            ExportTraceServiceRequest::decode(r.body.as_ref()).expect("an OTLP protobuf body")
        }
        "application/json" => serde_json::from_slice(&r.body).expect("an OTLP JSON body"),
        other => panic!("unexpected content type {other:?}"),
    };
    let mut spans = Vec::new();
    for rs in request.resource_spans {
        let resource = rs.resource.map(|r| r.attributes).unwrap_or_default();
        let service = resource
            .iter()
            .find(|kv| kv.key == "service.name")
            .map(text_of)
            .unwrap_or_default();
        for span in rs.scope_spans.into_iter().flat_map(|s| s.spans) {
            spans.push(Exported {
                service: service.clone(),
                trace_id: hex(&span.trace_id),
                span_id: hex(&span.span_id),
                parent_id: hex(&span.parent_span_id),
                name: span.name,
                kind: span.kind,
                attributes: span
                    .attributes
                    .iter()
                    .map(|kv| (kv.key.clone(), text_of(kv)))
                    .collect(),
            });
        }
    }
    spans
}

fn of_kind(spans: &[Exported], kind: SpanKind) -> Vec<Exported> {
    spans
        .iter()
        .filter(|s| s.kind == kind as i32)
        .cloned()
        .collect()
}

/// A fresh 32-hex-digit trace id.
fn new_trace_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// The register calls the sandbox served since the last reset, and the
/// `traceparent`s they carried.
async fn register_calls(app: &TestApp) -> (u64, Vec<String>) {
    let stats = app.stats().await;
    let mut calls = 0;
    let mut traceparents = Vec::new();
    for register in ["klantinteracties", "brp", "referentielijsten"] {
        let r = &stats["registers"][register];
        calls += r["requests"].as_u64().unwrap_or(0);
        for t in r["recentTraceparents"].as_array().into_iter().flatten() {
            traceparents.push(t.as_str().unwrap().to_string());
        }
    }
    (calls, traceparents)
}

/// Stops the app gracefully and waits until it has stopped (and flushed).
async fn stop(app: TestApp) {
    app.shutdown.shutdown();
    app.stopped
        .await
        .expect("the app task ends")
        .expect("the app stops cleanly");
}

/// Posts `query` with `variables`, the bearer `token` when given and the
/// `traceparent` when given; the answer's body (which must be 200).
async fn post(
    app: &TestApp,
    token: Option<&str>,
    traceparent: Option<&str>,
    query: &str,
    variables: Value,
) -> Value {
    let mut r = app
        .client
        .post(format!("{}/graphql", app.gateway))
        .json(&json!({ "query": query, "variables": variables }));
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    if let Some(t) = traceparent {
        r = r.header("traceparent", t);
    }
    let r = r.send().await.expect("gateway answers");
    assert_eq!(r.status(), 200);
    r.json().await.expect("gateway answers JSON")
}

/// The klantbeeld with the person from the BRP, so that a BSN travels.
fn klantbeeld_met_persoon() -> String {
    C4161.replacen(
        "    uuid\n",
        "    uuid\n    persoon { burgerservicenummer naam { volledigeNaam } }\n",
        1,
    )
}

/// Whether `text` holds nine digits in a row (a BSN, or a partij nummer).
fn has_nine_digits(text: &str) -> bool {
    text.as_bytes()
        .windows(9)
        .any(|w| w.iter().all(u8::is_ascii_digit))
}

#[tokio::test]
async fn a_klantbeeld_is_one_server_span_with_a_client_span_per_register_call() {
    let collector = Collector::start().await;
    let api_key = format!("otlp-key-{}", uuid::Uuid::new_v4().simple());
    // The BRP lookups' verwerkingslog goes to a file of its own.
    let (app, _verwerkingslog) = app_with_log(|c| {
        require_tokens(c);
        let otlp = &mut c.telemetry.otlp;
        otlp.endpoint = collector.url.clone();
        otlp.service_name = "klantbeeld-test".into();
        otlp.headers = format!("x-api-key={api_key}").into();
    })
    .await;
    app.reset_stats().await;
    let token = mint_token(&["kcc-medewerker", "kcc-vertrouwelijk"], json!({}));
    let (trace_id, caller_span) = (new_trace_id(), "00f067aa0ba902b7");
    let body = post(
        &app,
        Some(&token),
        Some(&format!("00-{trace_id}-{caller_span}-01")),
        &klantbeeld_met_persoon(),
        json!({ "nummer": "123454321" }),
    )
    .await;
    assert!(body["errors"].is_null(), "{body:#}");
    let bsn = body["data"]["partijOpNummer"]["persoon"]["burgerservicenummer"]
        .as_str()
        .expect("the BRP answered")
        .to_string();
    let (calls, traceparents) = register_calls(&app).await;
    let sandbox_token = app.token.clone();
    stop(app).await;

    let received = collector.received();
    assert!(!received.is_empty(), "spans were flushed at shutdown");
    for r in &received {
        assert_eq!(r.content_type, "application/x-protobuf", "the default");
        assert_eq!(r.api_key.as_deref(), Some(api_key.as_str()));
    }
    let spans = collector.spans();
    let servers = of_kind(&spans, SpanKind::Server);
    assert_eq!(servers.len(), 1, "{spans:#?}");
    let server = &servers[0];
    assert_eq!(server.trace_id, trace_id, "the caller's trace");
    assert_eq!(
        server.parent_id, caller_span,
        "the caller's span is the parent"
    );
    assert_eq!(server.service, "klantbeeld-test");
    assert_eq!(server.name, "POST /graphql");
    assert_eq!(server.attribute("graphql.operation.name"), "Klantbeeld");
    assert_eq!(server.attribute("klantbeeld.outcome"), "ok");
    assert_eq!(server.attribute("enduser.id"), "medewerker-1");
    assert_eq!(server.attribute("http.response.status_code"), "200");

    let clients = of_kind(&spans, SpanKind::Client);
    assert_eq!(clients.len() + 1, spans.len(), "no other spans: {spans:#?}");
    assert_eq!(clients.len() as u64, calls, "one span per register call");
    let registers: HashSet<&str> = clients
        .iter()
        .map(|c| c.attribute("klantbeeld.register"))
        .collect();
    assert_eq!(
        registers,
        HashSet::from(["klantinteracties", "brp", "referentielijsten"])
    );
    for c in &clients {
        assert_eq!(c.trace_id, trace_id);
        assert_eq!(c.parent_id, server.span_id, "{c:?}");
        let template = c.attribute("url.template");
        assert!(
            template.starts_with('/') && !template.contains('?'),
            "{c:?}"
        );
        assert_eq!(
            c.name,
            format!("{} {template}", c.attribute("http.request.method"))
        );
        assert_eq!(c.attribute("klantbeeld.attempt"), "1");
        assert!(
            c.attribute("http.response.status_code").starts_with('2'),
            "{c:?}"
        );
    }
    // Every traceparent a register saw names the span of its call.
    let client_ids: HashSet<&str> = clients.iter().map(|c| c.span_id.as_str()).collect();
    assert_eq!(traceparents.len() as u64, calls);
    let seen: HashSet<String> = traceparents
        .iter()
        .map(|t| {
            assert!(
                t.starts_with(&format!("00-{trace_id}-")) && t.ends_with("-01"),
                "{t}"
            );
            t.split('-').nth(2).unwrap().to_string()
        })
        .collect();
    assert_eq!(seen, client_ids.iter().map(|s| s.to_string()).collect());

    // No credential and no BSN (nor any nine-digit number) in any span.
    for span in &spans {
        let text = span.text();
        for secret in [&token, HS256_SECRET, &sandbox_token, &api_key, &bsn] {
            assert!(!text.contains(secret), "{text}");
        }
        assert!(!has_nine_digits(&text), "{text}");
    }
}

#[tokio::test]
async fn the_sampling_ratio_decides_for_traces_started_here_a_caller_for_its_own() {
    let collector = Collector::start().await;
    let app = spawn_app_with(|c| {
        c.telemetry.otlp.endpoint = collector.url.clone();
        c.telemetry.otlp.sampling_ratio = 0.0;
    })
    .await;
    let query = "{ partijOpNummer(nummer: \"123454321\") { uuid } }";
    app.reset_stats().await;
    post(&app, None, None, query, json!({})).await;
    let (_, not_sampled) = register_calls(&app).await;
    assert!(!not_sampled.is_empty());
    assert!(
        not_sampled.iter().all(|t| t.ends_with("-00")),
        "{not_sampled:?}"
    );

    let trace_id = new_trace_id();
    let caller = format!("00-{trace_id}-00f067aa0ba902b7-01");
    app.reset_stats().await;
    post(&app, None, Some(&caller), query, json!({})).await;
    let (calls, _) = register_calls(&app).await;
    stop(app).await;

    let spans = collector.spans();
    assert_eq!(spans.len() as u64, calls + 1, "{spans:#?}");
    assert!(spans.iter().all(|s| s.trace_id == trace_id), "{spans:#?}");
}

#[tokio::test]
async fn without_an_endpoint_nothing_is_exported_and_calls_keep_the_callers_trace() {
    let collector = Collector::start().await;
    let app = spawn_app_with(|c| {
        // Everything but the endpoint.
        c.telemetry.otlp.headers = "x-api-key=k".into();
        c.telemetry.otlp.protocol = OtlpProtocol::HttpJson;
    })
    .await;
    let trace_id = new_trace_id();
    let caller = format!("00-{trace_id}-00f067aa0ba902b7-01");
    app.reset_stats().await;
    let body = post(
        &app,
        None,
        Some(&caller),
        C4161,
        json!({ "nummer": "123454321" }),
    )
    .await;
    assert!(body["errors"].is_null(), "{body:#}");
    let (calls, traceparents) = register_calls(&app).await;
    stop(app).await;

    assert!(collector.received().is_empty());
    // The registers still get the caller's trace, each call its own span id.
    assert_eq!(traceparents.len() as u64, calls);
    let ids: HashSet<&str> = traceparents
        .iter()
        .map(|t| {
            assert!(t.starts_with(&format!("00-{trace_id}-")), "{t}");
            t.split('-').nth(2).unwrap()
        })
        .collect();
    assert_eq!(ids.len() as u64, calls);
}

#[test]
fn a_bad_endpoint_stops_the_binary_naming_the_key_and_the_variable() {
    for (var, value) in [
        ("KLANTBEELD__TELEMETRY__OTLP__ENDPOINT", "collector:4318"),
        ("KLANTBEELD__TELEMETRY__OTLP__ENDPOINT", "ftp://collector"),
        ("OTEL_EXPORTER_OTLP_ENDPOINT", "not a url"),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_klantbeeld-gateway"))
            .env(var, value)
            .output()
            .expect("the binary runs");
        assert_eq!(out.status.code(), Some(2), "{var}={value}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
        assert!(
            stderr.contains("telemetry.otlp.endpoint") && stderr.contains(var),
            "{stderr}"
        );
    }
}

/// The gateway binary as a child process with JSON logs at `info`, every
/// line it writes kept.
struct Binary {
    child: Child,
    lines: Arc<Mutex<Vec<Value>>>,
    reader: std::thread::JoinHandle<()>,
    /// `http://…/graphql` of the gateway.
    graphql: String,
}

impl Binary {
    /// Starts the binary on random ports with `vars` set (and no
    /// `OTEL_EXPORTER_OTLP_ENDPOINT` or `RUST_LOG` of the test's own).
    fn start(vars: &[(&str, &str)]) -> Binary {
        let mut command = Command::new(env!("CARGO_BIN_EXE_klantbeeld-gateway"));
        command
            .env_remove("RUST_LOG")
            .env_remove(OTEL_ENDPOINT_VAR)
            .env("KLANTBEELD__LOG__FORMAT", "json")
            .env("KLANTBEELD__LOG__LEVEL", "info")
            .env("KLANTBEELD__SERVER__LISTEN", "127.0.0.1:0")
            .env("KLANTBEELD__SANDBOX__LISTEN", "127.0.0.1:0")
            .env("KLANTBEELD__SANDBOX__PARTIJEN", "20")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in vars {
            command.env(k, v);
        }
        let mut child = command.spawn().expect("the binary starts");
        let stderr = child.stderr.take().expect("stderr is piped");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let (listening, graphql) = mpsc::channel();
        let reader = {
            let lines = lines.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    let value = serde_json::from_str(&line).unwrap_or(Value::String(line));
                    if value["message"] == "gateway listening" {
                        let _ = listening.send(value["graphql"].as_str().unwrap_or("").to_string());
                    }
                    lines.lock().unwrap().push(value);
                }
            })
        };
        match graphql.recv_timeout(Duration::from_secs(60)) {
            Ok(graphql) => Binary {
                child,
                lines,
                reader,
                graphql,
            },
            Err(_) => {
                let _ = child.kill();
                panic!("the gateway did not start: {:?}", lines.lock().unwrap());
            }
        }
    }

    /// Sends SIGTERM and waits (off the runtime, which may serve the
    /// collector the binary flushes to) until it exits; its exit status and
    /// every line it logged.
    async fn terminate(self) -> (ExitStatus, Vec<Value>) {
        let Binary {
            mut child,
            lines,
            reader,
            ..
        } = self;
        let signalled = Command::new("sh")
            .args(["-c", &format!("kill -TERM {}", child.id())])
            .status()
            .expect("sh runs");
        assert!(signalled.success());
        let status = tokio::task::spawn_blocking(move || {
            let deadline = Instant::now() + Duration::from_secs(60);
            loop {
                if let Some(status) = child.try_wait().expect("the child can be waited for") {
                    return status;
                }
                if Instant::now() > deadline {
                    let _ = child.kill();
                    panic!("the gateway did not stop after SIGTERM");
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        })
        .await
        .expect("the wait ends");
        reader.join().expect("the reader ends");
        let lines = lines.lock().unwrap().clone();
        (status, lines)
    }

    /// Runs the small query `Kort` on the binary; its answer.
    async fn kort(&self) -> Value {
        let query = "query Kort($nummer: String!) { partijOpNummer(nummer: $nummer) { nummer } }";
        reqwest::Client::new()
            .post(&self.graphql)
            .json(&json!({ "query": query, "variables": { "nummer": "123454321" } }))
            .send()
            .await
            .expect("the gateway answers")
            .json()
            .await
            .expect("JSON")
    }
}

/// The log lines with `message`.
fn with_message<'a>(lines: &'a [Value], message: &str) -> Vec<&'a Value> {
    lines.iter().filter(|l| l["message"] == message).collect()
}

#[tokio::test]
async fn the_binary_logs_the_exported_trace_id_and_flushes_on_sigterm() {
    let collector = Collector::start().await;
    let binary = Binary::start(&[
        // The standard variable, with the configuration's endpoint empty.
        (OTEL_ENDPOINT_VAR, &collector.url),
        ("KLANTBEELD__TELEMETRY__OTLP__PROTOCOL", "http/json"),
        // No export on a timer within the test: only the flush delivers.
        ("OTEL_BSP_SCHEDULE_DELAY", "600000"),
    ]);
    let body = binary.kort().await;
    assert_eq!(
        body["data"]["partijOpNummer"]["nummer"], "123454321",
        "{body:#}"
    );
    assert!(collector.received().is_empty(), "nothing before the flush");
    let (status, lines) = binary.terminate().await;
    assert!(status.success(), "{status:?}: {lines:#?}");

    assert_eq!(with_message(&lines, "exporting spans over OTLP").len(), 1);
    let received = collector.received();
    assert!(!received.is_empty(), "flushed at SIGTERM: {lines:#?}");
    assert!(received
        .iter()
        .all(|r| r.content_type == "application/json"));
    let spans = collector.spans();
    let servers = of_kind(&spans, SpanKind::Server);
    assert_eq!(servers.len(), 1, "{spans:#?}");
    let server = &servers[0];
    assert_eq!(server.parent_id, "", "a trace started here");
    assert_eq!(server.service, "klantbeeld-gateway");
    assert_eq!(server.attribute("graphql.operation.name"), "Kort");
    assert_eq!(server.attribute("enduser.id"), "development");
    let finished: Vec<&Value> = with_message(&lines, "request finished")
        .into_iter()
        .filter(|l| l["span"]["path"] == "/graphql")
        .collect();
    assert_eq!(finished.len(), 1, "{lines:#?}");
    assert_eq!(finished[0]["span"]["trace_id"], server.trace_id.as_str());
    assert_eq!(finished[0]["span"]["principal"], "development");
    let clients = of_kind(&spans, SpanKind::Client);
    assert_eq!(
        clients.len() as u64,
        finished[0]["upstream_calls"].as_u64().unwrap()
    );
    assert!(clients.iter().all(|c| c.parent_id == server.span_id));
}

#[tokio::test]
async fn a_failed_export_is_a_warning_and_without_an_endpoint_no_exporter_starts() {
    // A port that was free a moment ago: nothing listens there.
    let gone = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let binary = Binary::start(&[
        ("KLANTBEELD__TELEMETRY__OTLP__ENDPOINT", &gone),
        ("KLANTBEELD__TELEMETRY__OTLP__TIMEOUT_MS", "2000"),
    ]);
    for _ in 0..3 {
        let body = binary.kort().await;
        assert_eq!(
            body["data"]["partijOpNummer"]["nummer"], "123454321",
            "{body:#}"
        );
    }
    let (status, lines) = binary.terminate().await;
    assert!(status.success(), "{status:?}");
    let failed = with_message(&lines, "OTLP export failed: spans dropped");
    assert!(!failed.is_empty(), "{lines:#?}");
    assert!(failed.iter().all(|l| l["level"] == "WARN"));

    let binary = Binary::start(&[]);
    let body = binary.kort().await;
    assert_eq!(
        body["data"]["partijOpNummer"]["nummer"], "123454321",
        "{body:#}"
    );
    let (status, lines) = binary.terminate().await;
    assert!(status.success(), "{status:?}");
    assert_eq!(with_message(&lines, "gateway listening").len(), 1);
    let otlp: Vec<&Value> = lines
        .iter()
        .filter(|l| l.to_string().contains("OTLP"))
        .collect();
    assert!(otlp.is_empty(), "{otlp:#?}");
}
