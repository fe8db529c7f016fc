//! Persisted operations over HTTP: automatic persisted queries as Apollo
//! Client and urql speak them (POST and GET), and trusted documents from a
//! manifest, with `documents.only_trusted` refusing every other document
//! before it is parsed, on every transport. `queries/manifest.json` is the
//! reference documents' manifest; a test keeps it in sync.

use std::collections::BTreeMap;

use reqwest::Method;
use serde_json::{json, Value};

use crate::csrf::{operation, websocket};
use crate::helpers::{mint_token, require_tokens, spawn_app, spawn_app_with, TestApp};
use crate::http_spec::{assert_persona, post_json, send, Answer};
use crate::subscriptions::client::Sse;

const C4161: &str = include_str!("../../queries/c4161-klantbeeld.graphql");
const PERSONA: &str = r#"{ partijOpNummer(nummer: "123454321") { nummer } }"#;
const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

fn sha256(text: &str) -> String {
    ring::digest::digest(&ring::digest::SHA256, text.as_bytes())
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn apq(text: &str) -> Value {
    json!({"persistedQuery": {"version": 1, "sha256Hash": sha256(text)}})
}

fn manifest_path() -> String {
    format!("{}/queries/manifest.json", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_manifest_holds_exactly_the_reference_documents() {
    let dir = format!("{}/queries", env!("CARGO_MANIFEST_DIR"));
    let mut expected = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "graphql") {
            let text = std::fs::read_to_string(&path).unwrap();
            expected.insert(sha256(&text), text);
        }
    }
    assert!(expected.len() >= 2);
    let expected = serde_json::to_string_pretty(&expected).unwrap() + "\n";
    if std::env::var_os("KLANTBEELD_WRITE_MANIFEST").is_some() {
        std::fs::write(manifest_path(), &expected).unwrap();
    }
    let actual = std::fs::read_to_string(manifest_path()).unwrap_or_default();
    assert!(
        actual == expected,
        "queries/manifest.json differs from queries/*.graphql; write it anew with \
         KLANTBEELD_WRITE_MANIFEST=1 cargo test --test api the_manifest_holds"
    );
}

async fn get(app: &TestApp, accept: &str, params: &[(&str, String)]) -> Answer {
    let qs = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params.iter().map(|(k, v)| (*k, v.as_str())))
        .finish();
    send(app, Method::GET, &qs, &[("accept", accept)], None).await
}

#[tokio::test]
async fn automatic_persisted_queries_as_apollo_and_urql_speak_them() {
    let app = spawn_app().await;
    app.reset_stats().await;
    // The hash alone, unknown: PersistedQueryNotFound, nothing asked of a register.
    for (accept, status) in [("application/json", 200), (GRAPHQL_RESPONSE, 400)] {
        let a = post_json(&app, accept, json!({"extensions": apq(PERSONA)})).await;
        assert_eq!(a.status, status, "{accept}: {}", a.text);
        assert_eq!(
            a.error(),
            (
                "PERSISTED_QUERY_NOT_FOUND".into(),
                "PersistedQueryNotFound".into()
            )
        );
        assert!(a.json().get("data").is_none());
    }
    assert_eq!(app.stats().await["totalRequests"], 0);
    // Hash and text: checked, kept, run.
    let wrong = post_json(
        &app,
        "application/json",
        json!({"query": PERSONA, "extensions": apq("{ __typename }")}),
    )
    .await;
    assert_eq!(wrong.status, 400);
    assert!(
        wrong
            .error()
            .1
            .contains("provided sha does not match query"),
        "{}",
        wrong.text
    );
    let first = post_json(
        &app,
        "application/json",
        json!({"query": PERSONA, "extensions": apq(PERSONA)}),
    )
    .await;
    assert_persona(&first);
    // From now on the hash alone, by POST and by GET.
    let post = post_json(
        &app,
        "application/json",
        json!({"extensions": apq(PERSONA)}),
    )
    .await;
    assert_persona(&post);
    let got = get(
        &app,
        GRAPHQL_RESPONSE,
        &[("extensions", apq(PERSONA).to_string())],
    )
    .await;
    assert_eq!(got.status, 200, "{}", got.text);
    assert_persona(&got);
    // Register data: no browser or shared cache may keep it, GET or not.
    for a in [&first, &post, &got] {
        assert_eq!(a.headers["cache-control"], "private, no-store");
    }
    // With variables, and the C4161 query.
    let vars = json!({"nummer": "123454321"});
    post_json(
        &app,
        "application/json",
        json!({"query": C4161, "variables": vars, "extensions": apq(C4161)}),
    )
    .await;
    let c4161 = get(
        &app,
        "application/json",
        &[
            ("extensions", apq(C4161).to_string()),
            ("variables", vars.to_string()),
        ],
    )
    .await;
    assert_persona(&c4161);
    // A persisted mutation is still not run over GET.
    let mutation = "mutation { registreerKlantcontact(input: {partij: \"x\", kanaal: \"telefoon\", onderwerp: \"o\"}) { uuid } }";
    post_json(
        &app,
        "application/json",
        json!({"query": mutation, "extensions": apq(mutation)}),
    )
    .await;
    let a = get(
        &app,
        "application/json",
        &[("extensions", apq(mutation).to_string())],
    )
    .await;
    assert_eq!(a.status, 405, "{}", a.text);
    // A bad persistedQuery is named.
    let a = post_json(
        &app,
        "application/json",
        json!({"extensions": {"persistedQuery": {"version": 2, "sha256Hash": sha256(PERSONA)}}}),
    )
    .await;
    assert_eq!(a.status, 400);
    assert!(a.error().1.contains("version 1"), "{}", a.text);
}

/// Tokens required, the reference manifest, only trusted documents.
async fn trusted_app() -> TestApp {
    spawn_app_with(|c| {
        require_tokens(c);
        c.documents.manifest = manifest_path();
        c.documents.only_trusted = true;
    })
    .await
}

async fn post_as(app: &TestApp, token: &str, body: Value) -> Answer {
    let bearer = format!("Bearer {token}");
    send(
        app,
        Method::POST,
        "",
        &[
            ("content-type", "application/json"),
            ("authorization", &bearer),
        ],
        Some(body.to_string()),
    )
    .await
}

#[tokio::test]
async fn only_trusted_documents_run_for_principals_without_the_ability() {
    let app = trusted_app().await;
    let medewerker = mint_token(&["kcc-medewerker", "kcc-vertrouwelijk"], json!({}));
    let vars = json!({"nummer": "123454321"});
    // The manifest's document by id (both forms), by APQ hash, by identical text.
    for body in [
        json!({"documentId": format!("sha256:{}", sha256(C4161)), "variables": vars}),
        json!({"documentId": sha256(C4161), "variables": vars}),
        json!({"extensions": apq(C4161), "variables": vars}),
        json!({"query": C4161, "variables": vars}),
    ] {
        let a = post_as(&app, &medewerker, body.clone()).await;
        assert_eq!(a.status, 200, "{body}: {}", a.text);
        assert_persona(&a);
    }
    // Anything else is refused before it is parsed (even what does not
    // parse), without a register call.
    app.reset_stats().await;
    for text in [PERSONA, "{ partijOpNummer(", &format!("{C4161} ")] {
        let a = post_as(&app, &medewerker, json!({"query": text, "variables": vars})).await;
        assert_eq!(a.status, 403, "{text}: {}", a.text);
        let (code, message) = a.error();
        assert_eq!(code, "QUERY_NOT_IN_SAFELIST");
        assert!(
            message.contains("ad-hoc-documenten") && message.contains("documents.only_trusted"),
            "{message}"
        );
    }
    let unknown = post_as(&app, &medewerker, json!({"documentId": "sha256:0000"})).await;
    assert_eq!(
        (unknown.status, unknown.error().0.as_str()),
        (404, "PERSISTED_QUERY_NOT_IN_LIST")
    );
    let apq_unknown = post_as(&app, &medewerker, json!({"extensions": apq(PERSONA)})).await;
    assert_eq!(
        apq_unknown.error().0,
        "PERSISTED_QUERY_NOT_IN_LIST",
        "no registering: {}",
        apq_unknown.text
    );
    let register = post_as(
        &app,
        &medewerker,
        json!({"query": PERSONA, "extensions": apq(PERSONA)}),
    )
    .await;
    assert_eq!(register.status, 403);
    // Over SSE too.
    let sse = Sse::post(&app, Some(&medewerker), PERSONA, json!({})).await;
    assert_eq!(sse.status(), 403);
    assert_eq!(
        app.stats().await["totalRequests"],
        0,
        "nothing reached a register"
    );
    // A principal with ad-hoc-documenten runs any document, and registers APQ.
    let beheerder = mint_token(&["beheerder", "kcc-medewerker"], json!({}));
    let a = post_as(
        &app,
        &beheerder,
        json!({"query": PERSONA, "extensions": apq(PERSONA)}),
    )
    .await;
    assert_persona(&a);
    // Registered by one, still refused to the other.
    let a = post_as(&app, &medewerker, json!({"extensions": apq(PERSONA)})).await;
    assert_eq!(a.error().0, "PERSISTED_QUERY_NOT_IN_LIST");
}

#[tokio::test]
async fn only_trusted_documents_over_a_websocket() {
    let app = trusted_app().await;
    let medewerker = mint_token(&["kcc-medewerker", "kcc-vertrouwelijk"], json!({}));
    let mut socket = websocket(&app, None).await.unwrap();
    // What goes over a socket is checked as over HTTP: the trusted document
    // runs (once its variables are there), another is refused.
    let refused = operation(&mut socket, Some(&medewerker), "1", PERSONA).await;
    assert_eq!(refused["type"], "error", "{refused}");
    assert_eq!(
        refused["payload"][0]["extensions"]["code"], "QUERY_NOT_IN_SAFELIST",
        "{refused}"
    );
    let trusted = operation(&mut socket, None, "2", C4161).await;
    assert_eq!(trusted["type"], "next", "{trusted}");
    let errors = trusted["payload"]["errors"].to_string();
    assert!(
        errors.contains("nummer"),
        "it ran (and wants its variable): {errors}"
    );
    // A principal with ad-hoc-documenten may send any.
    let beheerder = mint_token(&["beheerder", "kcc-medewerker"], json!({}));
    let mut socket = websocket(&app, None).await.unwrap();
    let free = operation(&mut socket, Some(&beheerder), "1", PERSONA).await;
    assert_eq!(
        free["payload"]["data"]["partijOpNummer"]["nummer"], "123454321",
        "{free}"
    );
}

#[tokio::test]
async fn the_development_principal_may_send_any_document() {
    let app = spawn_app_with(|c| {
        c.documents.manifest = manifest_path();
        c.documents.only_trusted = true;
    })
    .await;
    let a = post_json(&app, "application/json", json!({"query": PERSONA})).await;
    assert_persona(&a);
}

#[tokio::test]
async fn a_manifest_that_cannot_be_used_stops_the_start() {
    for (manifest, only_trusted, says) in [
        (
            "/nonexistent/manifest.json",
            false,
            "documents.manifest: cannot read",
        ),
        ("", true, "documents.only_trusted"),
    ] {
        let mut config = klantbeeld_gateway::config::Config::development();
        config.server.listen = "127.0.0.1:0".parse().unwrap();
        config.sandbox.listen = "127.0.0.1:0".parse().unwrap();
        config.documents.manifest = manifest.into();
        config.documents.only_trusted = only_trusted;
        let e = klantbeeld_gateway::startup::Application::build(config)
            .await
            .err()
            .expect("refused");
        assert!(e.to_string().contains(says), "{e}");
    }
    // The reference manifest is fine.
    let app = spawn_app_with(|c| c.documents.manifest = manifest_path()).await;
    let a = post_json(
        &app,
        "application/json",
        json!({"documentId": sha256(C4161), "variables": {"nummer": "123454321"}}),
    )
    .await;
    assert_persona(&a);
}
