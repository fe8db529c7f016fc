//! The shared HTTP layer: timeouts, refused connections, broken answers and
//! the concurrency limit map to the right error kinds and hold.

use klantbeeld_gateway::graphql::error::ErrorCode;
use klantbeeld_gateway::registers::klantinteracties::Partij;
use klantbeeld_gateway::registers::referentielijsten::Item;
use klantbeeld_gateway::registers::{ErrorKind, Register};
use serde_json::json;

use super::{config_for, list_page, observe, registers};
use crate::helpers::spawn_app;

#[tokio::test]
async fn a_register_that_does_not_answer_in_time_is_a_timeout() {
    let app = spawn_app().await;
    app.set_faults(json!({"register": "klantinteracties", "timeoutRate": 1.0}))
        .await;
    let mut config = config_for(&app);
    config.klantinteracties.request_timeout_ms = 300;
    let registers = registers(&config);
    let seen = observe(&registers);

    let err = list_page::<Partij>(&registers.klantinteracties, &[], &[])
        .await
        .expect_err("the sandbox holds the request");
    assert!(matches!(err.kind, ErrorKind::Timeout { .. }), "{err:?}");
    assert_eq!(err.code(), "UPSTREAM_TIMEOUT");
    assert_eq!(err.register, Register::Klantinteracties);
    let message = err.to_string();
    assert!(message.contains("Klantinteracties"), "{message}");
    assert!(message.contains("GET /partijen"), "{message}");
    assert!(!message.contains(&app.token), "{message}");
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].error, Some("UPSTREAM_TIMEOUT"));
}

#[tokio::test]
async fn a_refused_connection_is_unavailable() {
    let app = spawn_app().await;
    // A port that was just free: nothing listens there.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap();
    let mut config = config_for(&app);
    config.referentielijsten.base_url = format!("http://{closed}/api/v1");
    let registers = registers(&config);

    let err = registers
        .referentielijsten
        .items("KANAAL")
        .await
        .expect_err("nothing listens");
    assert!(matches!(err.kind, ErrorKind::Unavailable { .. }), "{err:?}");
    assert_eq!(err.code(), "UPSTREAM_UNAVAILABLE");
    assert!(
        err.to_string()
            .starts_with("Referentielijsten is unavailable"),
        "{err}"
    );
    // The query string (here a table code, elsewhere a BSN) stays out.
    assert!(!err.to_string().contains("KANAAL"), "{err}");
}

#[tokio::test]
async fn a_truncated_body_is_malformed_and_a_server_error_is_upstream() {
    let app = spawn_app().await;
    let registers = registers(&config_for(&app));

    app.set_faults(json!({"register": "referentielijsten", "malformedRate": 1.0}))
        .await;
    let err = registers
        .referentielijsten
        .items("KANAAL")
        .await
        .unwrap_err();
    assert!(matches!(err.kind, ErrorKind::Malformed { .. }), "{err:?}");
    assert_eq!(err.code(), "UPSTREAM_ERROR");

    app.set_faults(json!({"register": "referentielijsten", "errorRate": 1.0}))
        .await;
    let err = registers.referentielijsten.tabellen().await.unwrap_err();
    assert!(
        matches!(
            &err.kind,
            ErrorKind::Upstream {
                status: 500,
                problem: Some(_)
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.code(), "UPSTREAM_ERROR");
}

#[tokio::test]
async fn calls_in_flight_never_exceed_each_register_limit() {
    let app = spawn_app().await;
    for register in ["klantinteracties", "referentielijsten"] {
        app.set_faults(json!({"register": register, "latencyMs": 60}))
            .await;
    }
    let mut config = config_for(&app);
    config.klantinteracties.max_concurrency = 3;
    config.referentielijsten.max_concurrency = 2;
    let registers = registers(&config);
    app.reset_stats().await;

    // 30 calls to each register at once.
    let ki = &registers.klantinteracties;
    let query = [("pageSize", "1".to_string())];
    let ki_calls = (0..30).map(|_| list_page::<Partij>(ki, &query, &[]));
    let handle = registers.referentielijsten.handle();
    let rl_calls = (0..30).map(|_| {
        let url = handle.url("/items", &[("tabel__code", "KANAAL".to_string())]);
        handle.all_pages::<Item>(url, "/items")
    });
    let (ki_answers, rl_answers) = futures::future::join(
        futures::future::join_all(ki_calls),
        futures::future::join_all(rl_calls),
    )
    .await;
    assert!(ki_answers.iter().all(Result::is_ok));
    assert!(rl_answers.iter().all(Result::is_ok));

    let stats = app.stats().await;
    for (register, limit) in [("klantinteracties", 3), ("referentielijsten", 2)] {
        let s = &stats["registers"][register];
        assert_eq!(s["requests"], 30, "{register}: {s}");
        assert_eq!(s["maxInFlight"], limit, "{register}: {s}");
    }
}
