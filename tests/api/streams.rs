//! What the streaming transports cost and how long they last (issue 16,
//! holes 3 and 4): each operation over a WebSocket takes a token of the
//! principal's rate limit, operations per WebSocket and WebSockets per
//! principal are capped, an event's visibility is judged once per event and
//! reading rights (not per subscriber, not per replay), a resumption
//! replays a bounded number of events, and an SSE stream ends when its
//! token expires, as a WebSocket does, also for a fractional `exp`.

use serde_json::{json, Value};

use crate::helpers::{mint_token, require_tokens, spawn_app_with, TestApp};
use crate::ki_client::Ki;
use crate::subscriptions::client::{Sse, Ws, TRANSPORT_WS, WAIT};
use crate::subscriptions::{
    een_event_id, klantcontact, wacht_tot_ze_luisteren, KLANTCONTACTEN, PARTIJ,
};

const TYPENAME: &str = "{ __typename }";

const TAKEN: &str = r#"subscription($actor: ID!, $vanaf: ID) {
  interneTaakGewijzigd(actor: $actor, vanaf: $vanaf) { id interneTaak { uuid toelichting } } }"#;

/// The error code of a result's first error, if any.
fn code(result: &Value) -> Option<&str> {
    result["errors"][0]["extensions"]["code"].as_str()
}

#[tokio::test]
async fn each_operation_over_a_websocket_takes_a_token_of_the_principals_rate_limit() {
    let app = spawn_app_with(|c| {
        require_tokens(c);
        c.rate_limit.enabled = true;
        // Hardly any refill: the burst is what the principal has.
        c.rate_limit.per_second = 0.001;
        c.rate_limit.burst = 5;
    })
    .await;
    let token = mint_token(&["kcc-medewerker"], json!({}));
    let mut ws = Ws::connect_as(&app, TRANSPORT_WS, &token).await;
    let mut answered = 0;
    let mut limited = 0;
    for i in 0..20 {
        let id = format!("q{i}");
        ws.subscribe(&id, TYPENAME, json!({})).await;
        let r = ws.next_of(&id).await;
        match code(&r) {
            None => {
                assert_eq!(r["data"]["__typename"], "Query", "{r}");
                answered += 1;
            }
            Some("RATE_LIMITED") => {
                assert_eq!(
                    r["errors"][0]["extensions"]["limit"],
                    "rate_limit.per_second"
                );
                limited += 1;
            }
            Some(other) => panic!("{other}: {r}"),
        }
        assert!(ws.next_of(&id).await.is_null(), "then complete");
    }
    assert_eq!((answered, limited), (5, 15));
    // One budget per principal, whichever transport: HTTP has none left.
    let (status, _) = app
        .post_graphql(Some(&token), &json!({"query": TYPENAME}))
        .await;
    assert_eq!(status, 429);
    // Another principal has a budget of its own.
    let other = mint_token(&["kcc-medewerker"], json!({"sub": "medewerker-2"}));
    let mut ws2 = Ws::connect_as(&app, TRANSPORT_WS, &other).await;
    ws2.subscribe("q", TYPENAME, json!({})).await;
    assert_eq!(code(&ws2.next_of("q").await), None);
}

#[tokio::test]
async fn operations_per_websocket_are_capped_and_their_places_come_back() {
    let app = spawn_app_with(|c| c.limits.max_operations_per_connection = 3).await;
    let partij = Ki::new(&app).partij().await;
    let mut ws = Ws::connect(&app, TRANSPORT_WS).await;
    for id in ["s1", "s2", "s3"] {
        ws.subscribe(id, PARTIJ, json!({"uuid": partij})).await;
    }
    // A fourth, even a query, is refused with the key to change.
    ws.subscribe("q1", TYPENAME, json!({})).await;
    let r = ws.next_of("q1").await;
    assert_eq!(code(&r), Some("LIMIT_EXCEEDED"), "{r}");
    assert_eq!(
        r["errors"][0]["extensions"]["limit"],
        "limits.max_operations_per_connection"
    );
    assert!(ws.next_of("q1").await.is_null(), "then complete");
    // A completed subscription gives its place back.
    ws.stop("s1").await;
    assert!(ws.next_of("s1").await.is_null(), "s1 completes");
    ws.subscribe("q2", TYPENAME, json!({})).await;
    let r = ws.next_of("q2").await;
    assert_eq!(r["data"]["__typename"], "Query", "{r}");
    // A query that finished gave its place back too.
    ws.subscribe("q3", TYPENAME, json!({})).await;
    assert_eq!(code(&ws.next_of("q3").await), None);
}

#[tokio::test]
async fn websockets_per_principal_are_capped_and_a_closed_one_frees_its_place() {
    let app = spawn_app_with(|c| {
        require_tokens(c);
        c.limits.max_connections_per_principal = 2;
    })
    .await;
    let a = mint_token(&["kcc-medewerker"], json!({}));
    let b = mint_token(&["kcc-medewerker"], json!({"sub": "medewerker-2"}));
    let first = Ws::connect_as(&app, TRANSPORT_WS, &a).await;
    let _second = Ws::connect_as(&app, TRANSPORT_WS, &a).await;
    let mut third = Ws::open(&app, TRANSPORT_WS).await;
    third
        .init(Some(json!({"Authorization": format!("Bearer {a}")})))
        .await;
    let closed = third.closed().await;
    assert_eq!(
        closed.frame,
        Some((4429, "Too many connections".to_string())),
        "{closed:?}"
    );
    // Another principal has places of its own.
    let mut other = Ws::connect_as(&app, TRANSPORT_WS, &b).await;
    other.subscribe("q", TYPENAME, json!({})).await;
    assert_eq!(code(&other.next_of("q").await), None);
    // Closing one gives its place back (once the server has seen it close).
    first.close().await;
    let mut acked = false;
    for _ in 0..100 {
        let mut ws = Ws::open(&app, TRANSPORT_WS).await;
        ws.init(Some(json!({"Authorization": format!("Bearer {a}")})))
            .await;
        if let Ok(Ok(())) = tokio::time::timeout(WAIT, ws.try_acknowledged()).await {
            acked = true;
            break;
        }
    }
    assert!(acked, "a closed connection's place came back");
}

#[tokio::test]
async fn an_sse_stream_ends_when_its_token_expires() {
    let app = spawn_app_with(|c| {
        require_tokens(c);
        c.auth.leeway_seconds = 0;
    })
    .await;
    let partij = Ki::new(&app).partij().await;
    let exp = jsonwebtoken::get_current_timestamp() + 2;
    let short = mint_token(&["kcc-medewerker"], json!({"exp": exp}));
    let mut sse = Sse::start_as(
        &app,
        Some(&short),
        KLANTCONTACTEN,
        json!({"partij": partij}),
    )
    .await;
    // Without events the stream carries nothing until the token expires;
    // then a last result says why, and the stream completes.
    let (event, data) = sse.next().await;
    assert_eq!(event, "next", "{data}");
    let last: Value = serde_json::from_str(&data).unwrap();
    assert_eq!(code(&last), Some("UNAUTHENTICATED"), "{last}");
    assert!(
        jsonwebtoken::get_current_timestamp() >= exp,
        "not before exp"
    );
    assert_eq!(sse.next().await.0, "complete");
}

#[tokio::test]
async fn a_websocket_whose_token_has_a_fractional_exp_is_closed_when_it_expires() {
    let app = spawn_app_with(|c| {
        require_tokens(c);
        c.auth.leeway_seconds = 0;
    })
    .await;
    let exp = jsonwebtoken::get_current_timestamp() as f64 + 2.5;
    let short = mint_token(&["kcc-medewerker"], json!({"exp": exp}));
    let ws = Ws::connect_as(&app, TRANSPORT_WS, &short).await;
    let closed = ws.closed().await;
    assert_eq!(
        closed.frame,
        Some((4403, "Forbidden".to_string())),
        "{closed:?}"
    );
}

/// Klantinteracties reads of klantcontacten the sandbox has answered.
async fn klantcontact_reads(app: &TestApp) -> u64 {
    let stats = app.stats().await;
    stats["registers"]["klantinteracties"]["byRoute"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(route, _)| route.starts_with("GET ") && route.contains("/klantcontacten"))
        .map(|(_, n)| n.as_u64().unwrap())
        .sum()
}

#[tokio::test]
async fn a_taak_event_is_judged_once_for_a_hundred_subscribers_and_ten_replays() {
    let app = spawn_app_with(|c| {
        require_tokens(c);
        c.sandbox.notificaties.enabled = true;
    })
    .await;
    let ki = Ki::new(&app);
    let sonde = ki.partij().await;
    let actor = ki.medewerker("Medewerker Fanout").await;
    // The observer reads everything: it needs no judgement, and it finds an
    // event id from before the taak.
    let alles = mint_token(&["kcc-medewerker", "kcc-vertrouwelijk"], json!({}));
    let mut waarnemer = Ws::connect_as(&app, TRANSPORT_WS, &alles).await;
    let vanaf = een_event_id(&app, &mut waarnemer, &sonde).await;
    let klantcontact = ki.klantcontact().await;
    let taak = ki.interne_taak(&klantcontact, &actor).await;
    waarnemer
        .subscribe("taak", TAKEN, json!({"actor": actor, "vanaf": vanaf}))
        .await;
    let r = waarnemer.next_of("taak").await;
    assert_eq!(
        r["data"]["interneTaakGewijzigd"]["interneTaak"]["uuid"],
        taak.as_str(),
        "{r}"
    );
    // Every notification before the taak's has been handled: from here on
    // only judgements read klantcontacten.
    let before = klantcontact_reads(&app).await;

    // 100 subscriptions without vertrouwelijk-lezen on 5 connections, each
    // replaying the taak event; then 10 more replays of it.
    let token = mint_token(&["kcc-medewerker"], json!({}));
    let variables = json!({"actor": actor, "vanaf": vanaf});
    let mut connections = Vec::new();
    for _ in 0..5 {
        let mut ws = Ws::connect_as(&app, TRANSPORT_WS, &token).await;
        for i in 0..20 {
            ws.subscribe(&format!("t{i}"), TAKEN, variables.clone())
                .await;
        }
        connections.push(ws);
    }
    for ws in &mut connections {
        for i in 0..20 {
            let r = ws.next_of(&format!("t{i}")).await;
            assert_eq!(
                r["data"]["interneTaakGewijzigd"]["interneTaak"]["uuid"],
                taak.as_str(),
                "{r}"
            );
        }
    }
    let mut replays = Ws::connect_as(&app, TRANSPORT_WS, &token).await;
    for i in 0..10 {
        let id = format!("r{i}");
        replays.subscribe(&id, TAKEN, variables.clone()).await;
        let r = replays.next_of(&id).await;
        assert_eq!(
            r["data"]["interneTaakGewijzigd"]["interneTaak"]["uuid"],
            taak.as_str(),
            "{r}"
        );
    }
    let judgements = klantcontact_reads(&app).await - before;
    assert_eq!(judgements, 1, "one read for 110 subscribers of one event");
}

#[tokio::test]
async fn a_resumption_replays_at_most_max_replay_events() {
    let app = spawn_app_with(|c| c.events.max_replay = 5).await;
    let partij = Ki::new(&app).partij().await;
    let mut ws = Ws::connect(&app, TRANSPORT_WS).await;
    ws.subscribe("live", KLANTCONTACTEN, json!({"partij": partij}))
        .await;
    wacht_tot_ze_luisteren(&app, &partij, Some((&mut ws, "live")), None).await;
    let mut ids = Vec::new();
    for n in 0..8 {
        app.registreer(&partij, &format!("gebeurtenis {n}")).await;
        loop {
            if let Some((id, _)) = klantcontact(&ws.next_of("live").await) {
                ids.push(id);
                break;
            }
        }
    }
    // After the first: 7 events, more than 5.
    ws.subscribe(
        "ver",
        KLANTCONTACTEN,
        json!({"partij": partij, "vanaf": ids[0]}),
    )
    .await;
    let r = ws.next_of("ver").await;
    assert_eq!(code(&r), Some("LIMIT_EXCEEDED"), "{r}");
    assert_eq!(r["errors"][0]["extensions"]["limit"], "events.max_replay");
    assert_eq!(r["errors"][0]["extensions"]["field"], "vanaf");
    // After the third: 5, within it.
    ws.subscribe(
        "dichtbij",
        KLANTCONTACTEN,
        json!({"partij": partij, "vanaf": ids[2]}),
    )
    .await;
    let first = klantcontact(&ws.next_of("dichtbij").await).expect("an event");
    assert_eq!(first.0, ids[3]);
}
