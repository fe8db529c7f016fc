//! `/_sandbox/*`: faults are validated and applied, stats count and reset.

use serde_json::json;

use crate::helpers::spawn_app;

#[tokio::test]
async fn faults_take_a_profile_and_reject_bad_settings() {
    let app = spawn_app().await;
    let post = |body: serde_json::Value| {
        app.client
            .post(format!("{}/_sandbox/faults", app.sandbox))
            .json(&body)
            .send()
    };
    let r = post(json!({"register": "klantinteracties", "profile": "openklant-2.18"}))
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let all: serde_json::Value = r.json().await.unwrap();
    assert_eq!(all["klantinteracties"]["latencyMs"], 15);
    assert_eq!(all["klantinteracties"]["perObjectMs"], 10);
    assert_eq!(all["klantinteracties"]["perExpandedObjectMs"], 25);
    assert_eq!(all["klantinteracties"]["maxConcurrency"], 8);

    for (body, says) in [
        (json!({"register": "bag"}), "register"),
        (json!({"latencyMs": 3}), "register"),
        (json!({"register": "brp", "errorRate": 2.0}), "errorRate"),
        (json!({"register": "brp", "latncyMs": 2}), "latncyMs"),
        (json!({"register": "brp", "profile": "slow"}), "slow"),
        (json!({"register": "brp", "latencyMs": "x"}), "invalid"),
    ] {
        let r = post(body.clone()).await.unwrap();
        assert_eq!(r.status(), 400, "{body}");
        let text = r.text().await.unwrap();
        assert!(text.contains(says), "{body}: {text}");
    }

    let r = app
        .client
        .delete(format!("{}/_sandbox/faults", app.sandbox))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let all: serde_json::Value = app
        .client
        .get(format!("{}/_sandbox/faults", app.sandbox))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(all["klantinteracties"]["latencyMs"], 0);
}

#[tokio::test]
async fn stats_count_by_register_and_route_and_reset() {
    let app = spawn_app().await;
    app.reset_stats().await;
    app.ki_get("/partijen").await;
    app.ki_get("/partijen").await;
    let stats = app.stats().await;
    let ki = &stats["registers"]["klantinteracties"];
    assert_eq!(ki["requests"], 2);
    assert_eq!(ki["byRoute"]["GET /klantinteracties/api/v1/partijen"], 2);
    assert_eq!(ki["byCall"]["GET /klantinteracties/api/v1/partijen"], 2);
    assert!(ki["maxInFlight"].as_u64().unwrap() >= 1);
    assert_eq!(stats["registers"]["brp"]["requests"], 0);
    app.reset_stats().await;
    assert_eq!(app.stats().await["totalRequests"], 0);
}

#[tokio::test]
async fn the_cost_model_is_counted_as_busy_time_and_limits_concurrency() {
    let app = spawn_app().await;
    app.set_faults(json!({"register": "klantinteracties", "latencyMs": 30, "maxConcurrency": 2}))
        .await;
    app.reset_stats().await;
    let calls = (0..6).map(|_| app.ki_get("/partijen"));
    futures::future::join_all(calls).await;
    let ki = &app.stats().await["registers"]["klantinteracties"];
    assert!(ki["busyMs"].as_u64().unwrap() >= 180, "{ki}");
    assert_eq!(ki["requests"], 6);
}
