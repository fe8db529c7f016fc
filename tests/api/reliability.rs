//! Reliability, second round (issue 17): one deadline per request and
//! admission control, a breaker that follows the register and a `/readyz`
//! that follows the breaker, and a graceful shut-down that clients can tell
//! from a network fault. The answers' shape, codes and call counts are
//! asserted, never time (the timing is measured in `bench/`, subcommand
//! `deadline`).

use futures::future::join_all;
use serde_json::{json, Value};

use crate::helpers::{spawn_app_with, Metrics, TestApp};
use crate::operations::readyz;
use crate::subscriptions::client::{Sse, Ws, TRANSPORT_WS};
use crate::subscriptions::{wacht_tot_ze_luisteren, KLANTCONTACTEN};

const C4161: &str = include_str!("../../queries/c4161-klantbeeld.graphql");

/// The C4161 query plus a root field that needs only Referentielijsten.
fn with_kanalen() -> String {
    C4161.replacen(
        "  partijOpNummer(",
        "  kanalen: referentielijst(tabel: \"KANAAL\") { tabel waarden { code naam } }\n  partijOpNummer(",
        1,
    )
}

fn vars() -> Value {
    json!({ "nummer": "123454321" })
}

/// Klantinteracties calls the sandbox served.
async fn ki_requests(app: &TestApp) -> u64 {
    app.stats().await["registers"]["klantinteracties"]["requests"]
        .as_u64()
        .unwrap_or(0)
}

fn breaker(m: &Metrics, register: &str) -> f64 {
    m.sum("klantbeeld_breaker_state", &[("register", register)])
}

/// Every error has `code` and a path; Klantinteracties' among them (what
/// else runs out of time at the deadline fails the same way).
fn assert_ki_errors(body: &Value, code: &str) {
    let errors = body["errors"].as_array().expect("errors");
    assert!(!errors.is_empty(), "{body:#}");
    for e in errors {
        assert_eq!(e["extensions"]["code"], code, "{e:#}");
        assert!(e["path"].as_array().is_some_and(|p| !p.is_empty()), "{e:#}");
    }
    assert!(
        errors
            .iter()
            .any(|e| e["extensions"]["register"] == "klantinteracties"),
        "{body:#}"
    );
}

/// Klantinteracties answering each call after `latency_ms`, far below its
/// own timeout (10 s) and at the scale of a 1 s request deadline, as 3 s
/// and 9 s are at the default 8 s: the deadline, not the call timeout, ends
/// the request.
async fn slow_ki(latency_ms: u64) -> TestApp {
    let app = spawn_app_with(|c| {
        c.server.request_deadline_ms = 1_000;
        c.registers.klantinteracties.retries = 0;
    })
    .await;
    app.set_faults(json!({"register": "klantinteracties", "latencyMs": latency_ms}))
        .await;
    app.reset_stats().await;
    app
}

#[tokio::test]
async fn a_register_slower_than_the_stages_allow_gives_a_partial_result_at_its_path() {
    // 3/8 of the deadline per call: the partij comes, the later stages of
    // the klantbeeld do not fit.
    let app = slow_ki(375).await;
    let body = app.graphql(&with_kanalen(), vars()).await;
    assert_ki_errors(&body, "UPSTREAM_TIMEOUT");
    let kanalen = body["data"]["kanalen"]["waarden"].as_array();
    assert!(kanalen.is_some_and(|k| !k.is_empty()), "{body:#}");
    let partij = &body["data"]["partijOpNummer"];
    assert_eq!(partij["nummer"], "123454321", "{body:#}");
    // Each error is at a path below the partij that the deadline cut off.
    for e in body["errors"].as_array().unwrap() {
        assert_eq!(e["path"][0], "partijOpNummer", "{e:#}");
        assert!(e["path"].as_array().unwrap().len() > 1, "{e:#}");
    }
    let m = app.metrics().await;
    assert_eq!(
        breaker(&m, "klantinteracties"),
        0.0,
        "the request's time is not the register's fault"
    );
}

#[tokio::test]
async fn a_register_slower_than_the_deadline_gives_one_call_and_a_timeout() {
    // 9/8 of the deadline: not even the partij; and after the deadline
    // nothing more is asked.
    let app = slow_ki(1_125).await;
    let body = app.graphql(&with_kanalen(), vars()).await;
    assert!(body["data"]["partijOpNummer"].is_null(), "{body:#}");
    assert_ki_errors(&body, "UPSTREAM_TIMEOUT");
    assert_eq!(body["errors"][0]["path"][0], "partijOpNummer");
    let kanalen = body["data"]["kanalen"]["waarden"].as_array();
    assert!(kanalen.is_some_and(|k| !k.is_empty()), "{body:#}");
    assert_eq!(ki_requests(&app).await, 1);
}

#[tokio::test]
async fn a_client_may_ask_for_a_shorter_deadline_not_for_a_bad_one() {
    let app = spawn_app_with(|c| c.registers.klantinteracties.retries = 0).await;
    app.set_faults(json!({"register": "klantinteracties", "latencyMs": 1_500}))
        .await;
    let body = app
        .graphql_with_headers(C4161, vars(), &[("Request-Timeout-Ms", "300")])
        .await;
    assert!(body["data"]["partijOpNummer"].is_null(), "{body:#}");
    assert_ki_errors(&body, "UPSTREAM_TIMEOUT");

    for bad in ["soon", "0", "-5", "1.5"] {
        let r = app
            .client
            .post(format!("{}/graphql", app.gateway))
            .header("Request-Timeout-Ms", bad)
            .json(&json!({"query": C4161, "variables": vars()}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{bad}");
        let text = r.text().await.unwrap();
        assert!(text.contains("request-timeout-ms"), "{bad}: {text}");
    }
}

#[tokio::test]
async fn work_that_cannot_get_a_slot_in_time_is_refused_at_once_others_are_unaffected() {
    let app = spawn_app_with(|c| {
        c.server.request_deadline_ms = 1_000;
        let ki = &mut c.registers.klantinteracties;
        ki.max_concurrency = 1;
        ki.retries = 0;
        ki.breaker_failures = 10_000;
    })
    .await;
    app.set_faults(json!({"register": "klantinteracties", "latencyMs": 600}))
        .await;
    // One request first, so that the gateway knows how long a call holds
    // the register's one slot.
    app.graphql(C4161, vars()).await;

    let slow = (0..8).map(|_| app.graphql(C4161, vars()));
    let kanalen = "{ referentielijst(tabel: \"KANAAL\") { waarden { code } } }";
    let fast = app.graphql(kanalen, json!({}));
    let (answers, fast) = tokio::join!(join_all(slow), fast);

    // Requests that need no slow register are unaffected.
    assert!(fast["errors"].is_null(), "{fast:#}");
    assert!(fast["data"]["referentielijst"]["waarden"].is_array());
    // Every slow request is answered; those the queue could not serve in
    // time are refused with UPSTREAM_UNAVAILABLE and a retryAfter.
    let mut shed = 0;
    for body in &answers {
        let codes: Vec<&str> = body["errors"]
            .as_array()
            .map(|e| {
                e.iter()
                    .filter_map(|e| e["extensions"]["code"].as_str())
                    .collect()
            })
            .unwrap_or_default();
        assert!(
            codes
                .iter()
                .all(|c| matches!(*c, "UPSTREAM_UNAVAILABLE" | "UPSTREAM_TIMEOUT")),
            "{body:#}"
        );
        if let Some(e) = body["errors"].as_array().and_then(|e| {
            e.iter()
                .find(|e| e["extensions"]["code"] == "UPSTREAM_UNAVAILABLE")
        }) {
            assert!(e["extensions"]["retryAfter"].as_u64() >= Some(1), "{e:#}");
            assert!(
                e["message"].as_str().unwrap().contains("overloaded"),
                "{e:#}"
            );
            shed += 1;
        }
    }
    assert!(shed >= 1, "nothing was refused: {answers:#?}");
    let m = app.metrics().await;
    let skipped = m.sum(
        "klantbeeld_upstream_skipped_total",
        &[("register", "klantinteracties"), ("reason", "shed")],
    );
    // At least one refusal per refused request (concurrent calls of one
    // request may each be refused).
    assert!(skipped >= shed as f64, "{skipped} < {shed}");
}

/// Three failed queries open Klantinteracties' breaker.
async fn open_the_breaker(app: &TestApp) {
    app.set_faults(json!({"register": "klantinteracties", "errorRate": 1.0}))
        .await;
    for _ in 0..3 {
        let body = app.graphql(C4161, vars()).await;
        assert_eq!(body["errors"][0]["extensions"]["code"], "UPSTREAM_ERROR");
    }
    assert_eq!(breaker(&app.metrics().await, "klantinteracties"), 1.0);
}

fn breaker_app(cache_ms: u64) -> impl FnOnce(&mut klantbeeld_gateway::config::Config) {
    move |c| {
        c.server.readiness_cache_ms = cache_ms;
        let ki = &mut c.registers.klantinteracties;
        ki.breaker_failures = 3;
        // Far longer than the test: only the register answering closes it.
        ki.breaker_cooldown_ms = 600_000;
        ki.breaker_cooldown_max_ms = 600_000;
        ki.retries = 0;
    }
}

#[tokio::test]
async fn readyz_is_503_while_a_required_registers_breaker_is_open_even_with_a_fresh_probe() {
    // The probe is kept for ten minutes: only the breaker can change the answer.
    let app = spawn_app_with(breaker_app(600_000)).await;
    assert_eq!(readyz(&app).await.0, 200);
    open_the_breaker(&app).await;
    let (status, body) = readyz(&app).await;
    assert_eq!(status, 503, "{body:#}");
    assert_eq!(body["registers"]["klantinteracties"]["breaker"], "open");
    assert_eq!(
        body["registers"]["klantinteracties"]["status"], "up",
        "the kept probe"
    );

    // A register that is not required: its open breaker shows, readiness stands.
    let app = spawn_app_with(|c| {
        c.server.readiness_cache_ms = 600_000;
        let r = &mut c.registers.referentielijsten;
        r.breaker_failures = 1;
        r.retries = 0;
    })
    .await;
    assert_eq!(readyz(&app).await.0, 200);
    app.set_faults(json!({"register": "referentielijsten", "errorRate": 1.0}))
        .await;
    app.graphql(
        "{ referentielijst(tabel: \"KANAAL\") { waarden { code } } }",
        json!({}),
    )
    .await;
    let (status, body) = readyz(&app).await;
    assert_eq!(status, 200, "{body:#}");
    assert_eq!(body["registers"]["referentielijsten"]["breaker"], "open");
}

#[tokio::test]
async fn a_register_back_is_served_again_after_one_probe_not_after_the_cool_down() {
    let app = spawn_app_with(breaker_app(0)).await;
    open_the_breaker(&app).await;
    let (status, body) = readyz(&app).await;
    assert_eq!(status, 503, "{body:#}");
    assert_eq!(body["registers"]["klantinteracties"]["status"], "down");

    // The register is back (the fault lifted, as after a restart).
    app.client
        .delete(format!("{}/_sandbox/faults", app.sandbox))
        .send()
        .await
        .unwrap();
    // Without a probe the breaker stays open for its (ten-minute) cool-down.
    let body = app.graphql(C4161, vars()).await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "UPSTREAM_UNAVAILABLE"
    );
    assert!(body["errors"][0]["extensions"]["retryAfter"].as_u64() > Some(60));
    // One probe finds it up: ready, the breaker closed, full answers at once.
    let (status, body) = readyz(&app).await;
    assert_eq!(status, 200, "{body:#}");
    assert_eq!(body["registers"]["klantinteracties"]["breaker"], "closed");
    let body = app.graphql(C4161, vars()).await;
    assert!(body["errors"].is_null(), "{body:#}");
    let betrokkenen = body["data"]["partijOpNummer"]["betrokkenen"].as_array();
    assert_eq!(betrokkenen.map(Vec::len), Some(12));
    let m = app.metrics().await;
    assert_eq!(breaker(&m, "klantinteracties"), 0.0);
}

#[tokio::test]
async fn each_register_gives_the_same_code_for_the_same_fault() {
    // A 500 from each register, alone: the same code everywhere.
    let query = C4161
        .replacen(
            "  partijOpNummer(",
            "  kanalen: referentielijst(tabel: \"KANAAL\") { waarden { code } }\n  partijOpNummer(",
            1,
        )
        .replacen(
            "    nummer\n",
            "    nummer\n    persoon { burgerservicenummer }\n",
            1,
        );
    for register in ["klantinteracties", "brp", "referentielijsten"] {
        let app = spawn_app_with(|c| {
            for r in [
                &mut c.registers.klantinteracties,
                &mut c.registers.brp,
                &mut c.registers.referentielijsten,
            ] {
                r.retries = 0;
                r.breaker_failures = 10_000;
            }
        })
        .await;
        app.set_faults(json!({"register": register, "errorRate": 1.0}))
            .await;
        let body = app.graphql(&query, vars()).await;
        let errors = body["errors"].as_array().expect("errors");
        assert!(!errors.is_empty(), "{register}");
        for e in errors {
            assert_eq!(e["extensions"]["register"], register, "{e:#}");
            assert_eq!(
                e["extensions"]["code"], "UPSTREAM_ERROR",
                "{register}: {e:#}"
            );
        }
    }
}

/// An app whose shut-down drains for a moment and cuts at `grace_ms`.
async fn stopping_app(grace_ms: u64) -> TestApp {
    spawn_app_with(|c| {
        c.server.shutdown_drain_ms = 300;
        c.server.shutdown_grace_ms = grace_ms;
        c.server.readiness_cache_ms = 0;
    })
    .await
}

#[tokio::test]
async fn at_shutdown_readyz_turns_503_first_then_subscribers_are_told_to_resume_with_vanaf() {
    let app = stopping_app(20_000).await;
    let partij = app.nieuwe_partij("Afsluiting").await;
    let mut ws = Ws::connect(&app, TRANSPORT_WS).await;
    ws.subscribe("k", KLANTCONTACTEN, json!({"partij": partij}))
        .await;
    let mut sse = Sse::start(&app, KLANTCONTACTEN, json!({"partij": partij})).await;
    wacht_tot_ze_luisteren(&app, &partij, Some((&mut ws, "k")), Some(&mut sse)).await;

    app.shutdown.shutdown();
    // Still accepting, already not ready: the Service stops sending first.
    let (status, body) = readyz(&app).await;
    assert_eq!(status, 503, "{body:#}");
    assert_eq!(body["status"], "shutting down");

    told_to_resume(ws).await;

    let (event, data) = loop {
        let (event, data) = sse.next().await;
        if event != "next" {
            break (event, data);
        }
    };
    assert_eq!(event, "going-away", "{data}");
    assert!(data.contains("vanaf"), "{data}");
    app.stopped.await.unwrap().expect("stopped cleanly");
}

#[tokio::test]
async fn a_request_still_running_at_the_grace_deadline_is_answered_so() {
    let app = stopping_app(800).await;
    // Slower than the grace period, within the register's timeout and the
    // request's deadline: only the shut-down can end it.
    app.set_faults(json!({"register": "klantinteracties", "latencyMs": 6_000}))
        .await;
    let in_flight = app.in_flight(C4161, vars()).await;
    app.shutdown.shutdown();
    let answer = in_flight
        .await
        .unwrap()
        .expect("an answer, not a broken connection");
    assert_eq!(answer.status(), 503);
    assert_eq!(answer.headers()["retry-after"], "1");
    let body: Value = answer.json().await.unwrap();
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "SHUTTING_DOWN",
        "{body:#}"
    );
    app.stopped.await.unwrap().expect("stopped");
}

/// Waits for `ws` to be closed by a gateway going away: close 1001 with a
/// reason that names `vanaf`, and no `complete` (the client is to
/// subscribe again, not to stop).
pub(crate) async fn told_to_resume(ws: Ws) {
    let closed = ws.closed().await;
    let (code, reason) = closed
        .frame
        .expect("a close frame, not a broken connection");
    assert_eq!(code, 1001, "{reason}");
    assert!(reason.contains("vanaf"), "{reason}");
    assert!(
        closed.messages.iter().all(|m| m["type"] != "complete"),
        "{:?}",
        closed.messages
    );
}
