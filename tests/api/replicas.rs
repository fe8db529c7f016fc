//! Several replicas (`events.backend = "redis"`): two gateways share one
//! Redis of the test's own (a real `redis-server`) and one sandbox. Events,
//! `vanaf` and the deduplication of notifications hold across them, and a
//! Redis that goes away and comes back loses nothing the webhook accepted.
//! Also the replay buffer's byte bound (issue 17), which both backends keep.

use std::collections::BTreeMap;
use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{spawn_app_with, spawn_replica_with, RedisServer, TestApp};
use crate::operations::readyz;
use crate::subscriptions::client::{Sse, Ws, TRANSPORT_WS};
use crate::subscriptions::{klantcontact, wacht_tot_ze_luisteren, KLANTCONTACTEN};

/// Klantcontact events with no more than the onderwerp: no register call per event.
const ONDERWERPEN: &str = r#"subscription($partij: ID!, $vanaf: ID) {
  klantcontactGeregistreerd(partij: $partij, vanaf: $vanaf) { id klantcontact { onderwerp } } }"#;

/// Two replicas sharing `redis` and A's sandbox, both ready.
async fn twee_replicas(redis: &RedisServer) -> (TestApp, TestApp) {
    twee_replicas_met(redis, |_| {}).await
}

/// [`twee_replicas`] with `tweak` applied to both configurations.
async fn twee_replicas_met(
    redis: &RedisServer,
    tweak: impl Fn(&mut klantbeeld_gateway::config::Config),
) -> (TestApp, TestApp) {
    let both = |c: &mut klantbeeld_gateway::config::Config| {
        redis.configure(c);
        tweak(c);
    };
    let a = spawn_app_with(both).await;
    let b = spawn_replica_with(&a, both).await;
    klaar(&a).await;
    klaar(&b).await;
    (a, b)
}

/// Waits until `app` reads the stream (its reader connects in the background).
async fn klaar(app: &TestApp) {
    for _ in 0..400 {
        let (status, body) = readyz(app).await;
        if status == 200 {
            assert_eq!(body["events"]["status"], "up", "{body}");
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{} never became ready", app.gateway);
}

/// Posts a notification to `app`'s webhook; the status.
async fn notificeer(app: &TestApp, body: &Value) -> u16 {
    app.client
        .post(format!("{}/api/notificaties", app.gateway))
        .header("Authorization", "Bearer sandbox-notificaties-klantbeeld")
        .json(body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// A klantcontact written straight into the sandbox for `partij` (no event:
/// only a notification brings it); its notification, as Open Klant sends it.
async fn rechtstreeks(app: &TestApp, partij: &str, onderwerp: &str) -> Value {
    let (status, body) = app
        .ki_write(
            Method::POST,
            "/maak-klantcontact",
            json!({"klantcontact": {"kanaal": "balie", "onderwerp": onderwerp, "taal": "nld",
                                    "vertrouwelijk": false},
                   "betrokkene": {"wasPartij": {"uuid": partij}, "rol": "klant", "initiator": true}}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let uuid = body["klantcontact"]["uuid"].as_str().unwrap();
    let url = format!(
        "{}/klantinteracties/api/v1/klantcontacten/{uuid}",
        app.sandbox
    );
    json!({"kanaal": "klantcontacten", "hoofdObject": url, "resource": "klantcontact",
           "resourceUrl": url, "actie": "create",
           "aanmaakdatum": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Nanos, true),
           "kenmerken": {}})
}

/// Non-probe klantcontact events of WebSocket operation `id` until `laatste`
/// was among them: `(id, onderwerp)` in order.
async fn tot(ws: &mut Ws, id: &str, laatste: &str) -> Vec<(String, String)> {
    let mut seen = Vec::new();
    while !seen.iter().any(|(_, o): &(String, String)| o == laatste) {
        if let Some(k) = klantcontact(&ws.next_of(id).await) {
            seen.push(k);
        }
    }
    seen
}

fn onderwerpen(events: &[(String, String)]) -> Vec<&str> {
    events.iter().map(|(_, o)| o.as_str()).collect()
}

#[tokio::test]
async fn a_subscriber_on_one_replica_hears_of_mutations_and_notifications_on_the_other_once() {
    let redis = RedisServer::start().await;
    let (a, b) = twee_replicas(&redis).await;
    let partij = a.nieuwe_partij("Replica").await;
    let mut ws = Ws::connect(&b, TRANSPORT_WS).await;
    ws.subscribe("k", KLANTCONTACTEN, json!({"partij": partij}))
        .await;
    // Probes registered on A until B's subscriber hears them.
    wacht_tot_ze_luisteren(&a, &partij, Some((&mut ws, "k")), None).await;

    a.registreer(&partij, "via A").await;
    let seen = tot(&mut ws, "k", "via A").await;
    assert_eq!(onderwerpen(&seen), ["via A"]);

    // Written in the register, notified to both replicas (Open
    // Notificaties' Service may reach either, or both after a retry).
    let melding = rechtstreeks(&a, &partij, "rechtstreeks").await;
    assert_eq!(notificeer(&a, &melding).await, 204);
    assert_eq!(notificeer(&b, &melding).await, 204);
    assert_eq!(notificeer(&a, &melding).await, 204);
    let seen = tot(&mut ws, "k", "rechtstreeks").await;
    assert_eq!(onderwerpen(&seen), ["rechtstreeks"]);
    // The notification of a klantcontact registered through A, to B: no second event.
    let uuid = a.registreer(&partij, "slot").await;
    let url = format!(
        "{}/klantinteracties/api/v1/klantcontacten/{uuid}",
        a.sandbox
    );
    let mut melding = melding;
    melding["resourceUrl"] = json!(url);
    melding["hoofdObject"] = json!(url);
    assert_eq!(notificeer(&b, &melding).await, 204);
    b.registreer(&partij, "einde").await;
    let seen = tot(&mut ws, "k", "einde").await;
    assert_eq!(onderwerpen(&seen), ["slot", "einde"]);

    // One stream, one id per event: a subscriber on A resuming from the
    // first id sees the same events under the same ids.
    let eerste = seen[0].0.clone();
    let mut op_a = Ws::connect(&a, TRANSPORT_WS).await;
    op_a.subscribe(
        "k",
        KLANTCONTACTEN,
        json!({"partij": partij, "vanaf": eerste}),
    )
    .await;
    let again = tot(&mut op_a, "k", "einde").await;
    assert_eq!(again, seen[1..]);
}

#[tokio::test]
async fn a_subscriber_resumes_on_the_other_replica_with_vanaf_without_loss_or_repeats() {
    let redis = RedisServer::start().await;
    let (a, b) = twee_replicas(&redis).await;
    let partij = a.nieuwe_partij("Hervat").await;
    let mut ws = Ws::connect(&a, TRANSPORT_WS).await;
    ws.subscribe("k", ONDERWERPEN, json!({"partij": partij}))
        .await;
    wacht_tot_ze_luisteren(&a, &partij, Some((&mut ws, "k")), None).await;
    a.registreer(&partij, "een").await;
    let n = tot(&mut ws, "k", "een").await[0].0.clone();
    ws.close().await;

    b.registreer(&partij, "twee").await;
    a.registreer(&partij, "drie").await;
    let melding = rechtstreeks(&a, &partij, "vier").await;
    assert_eq!(notificeer(&b, &melding).await, 204);
    // The notification's event is in the stream before "vijf" is written.
    let mut kijker = Ws::connect(&b, TRANSPORT_WS).await;
    kijker
        .subscribe("k", ONDERWERPEN, json!({"partij": partij, "vanaf": n}))
        .await;
    tot(&mut kijker, "k", "vier").await;

    let mut ws = Ws::connect(&b, TRANSPORT_WS).await;
    ws.subscribe("k", ONDERWERPEN, json!({"partij": partij, "vanaf": n}))
        .await;
    b.registreer(&partij, "vijf").await;
    let seen = tot(&mut ws, "k", "vijf").await;
    assert_eq!(onderwerpen(&seen), ["twee", "drie", "vier", "vijf"]);
    assert!(seen.iter().all(|(id, _)| *id > n), "{seen:?}");

    // An id Redis never gave is refused, naming vanaf.
    let mut s = Sse::start(
        &b,
        ONDERWERPEN,
        json!({"partij": partij, "vanaf": "99999999999999-0"}),
    )
    .await;
    let r = s.next_result().await;
    let ext = &r["errors"][0]["extensions"];
    assert_eq!(
        (ext["code"].as_str(), ext["field"].as_str()),
        (Some("BAD_USER_INPUT"), Some("vanaf")),
        "{r}"
    );
}

#[tokio::test]
async fn resuming_before_what_the_stream_trimmed_is_the_explicit_error() {
    let redis = RedisServer::start().await;
    let (a, b) = twee_replicas_met(&redis, |c| c.events.replay_buffer = 2).await;
    let partij = a.nieuwe_partij("Kort").await;
    let mut sse = Sse::start(&b, ONDERWERPEN, json!({"partij": partij})).await;
    wacht_tot_ze_luisteren(&a, &partij, None, Some(&mut sse)).await;
    a.registreer(&partij, "een").await;
    let eerste = loop {
        if let Some((id, o)) = klantcontact(&sse.next_result().await) {
            assert_eq!(o, "een");
            break id;
        }
    };
    for i in 0..10 {
        a.registreer(&partij, &format!("later {i}")).await;
    }
    let mut te_oud = Sse::start(&b, ONDERWERPEN, json!({"partij": partij, "vanaf": eerste})).await;
    let r = te_oud.next_result().await;
    let ext = &r["errors"][0]["extensions"];
    assert_eq!(
        (ext["code"].as_str(), ext["field"].as_str()),
        (Some("EVENTS_EXPIRED"), Some("vanaf")),
        "{r}"
    );
}

#[tokio::test]
async fn redis_going_away_during_writes_loses_nothing_the_webhook_accepted() {
    let mut redis = RedisServer::start().await;
    let (a, b) = twee_replicas(&redis).await;
    let partij = a.nieuwe_partij("Storing").await;
    let ander = a.nieuwe_partij("Elders").await;
    let mut ws = Ws::connect(&b, TRANSPORT_WS).await;
    ws.subscribe("k", ONDERWERPEN, json!({"partij": partij}))
        .await;
    wacht_tot_ze_luisteren(&a, &partij, Some((&mut ws, "k")), None).await;

    // Thirty writes, notified alternately to A and B, as Open Notificaties
    // would: a 503 is delivered again later.
    let mut geweigerd = Vec::new();
    let mut verwacht = Vec::new();
    for i in 0..30 {
        if i == 10 {
            redis.stop();
            // Down: queries and mutations go on; readiness and the webhook say so.
            for replica in [&a, &b] {
                let mut n = 0;
                let body = loop {
                    let (status, body) = readyz(replica).await;
                    if status == 503 {
                        break body;
                    }
                    n += 1;
                    assert!(n < 200, "still ready without Redis: {body}");
                    tokio::time::sleep(Duration::from_millis(25)).await;
                };
                assert_eq!(body["events"]["status"], "down", "{body}");
                assert_eq!(body["events"]["backend"], "redis", "{body}");
            }
            let q = a
                .graphql(
                    "query($u: ID!) { partij(uuid: $u) { uuid } }",
                    json!({"u": partij}),
                )
                .await;
            assert_eq!(q["data"]["partij"]["uuid"], partij.as_str(), "{q}");
            a.registreer(&ander, "tijdens de storing").await;
        }
        if i == 20 {
            redis.restart().await;
        }
        let onderwerp = format!("k{i:02}");
        let melding = rechtstreeks(&a, &partij, &onderwerp).await;
        let replica = if i % 2 == 0 { &a } else { &b };
        match notificeer(replica, &melding).await {
            204 => {}
            503 => geweigerd.push(melding),
            other => panic!("the webhook answered {other}"),
        }
        verwacht.push(onderwerp);
    }
    assert!(
        geweigerd.len() >= 5,
        "Redis was down for ten notifications, {} refused",
        geweigerd.len()
    );
    klaar(&a).await;
    klaar(&b).await;
    for melding in &geweigerd {
        assert_eq!(notificeer(&b, melding).await, 204);
    }

    // The subscription was ended with an error that says where to resume.
    let mut seen: Vec<(String, String)> = Vec::new();
    let vanaf = loop {
        let r = ws.next_of("k").await;
        if let Some(errors) = r.get("errors") {
            let ext = &errors[0]["extensions"];
            assert_eq!(ext["code"], "EVENTS_UNAVAILABLE", "{r}");
            let message = errors[0]["message"].as_str().unwrap();
            let (_, rest) = message.split_once("vanaf: \"").expect(message);
            let vanaf = rest.split('"').next().unwrap().to_string();
            if let Some((last, _)) = seen.last() {
                assert_eq!(&vanaf, last, "resume after the last event received");
            }
            assert!(ws.next_of("k").await.is_null(), "then complete");
            break vanaf;
        }
        if let Some(k) = klantcontact(&r) {
            seen.push(k);
        }
    };
    let mut ws = Ws::connect(&a, TRANSPORT_WS).await;
    ws.subscribe("k", ONDERWERPEN, json!({"partij": partij, "vanaf": vanaf}))
        .await;
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for (_, o) in &seen {
        *count.entry(o.clone()).or_default() += 1;
    }
    while verwacht.iter().any(|o| !count.contains_key(o)) {
        if let Some((_, o)) = klantcontact(&ws.next_of("k").await) {
            *count.entry(o).or_default() += 1;
        }
    }
    let twice: Vec<_> = count.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "{twice:?}");
    let metrics = b.metrics().await;
    assert!(metrics.sum("klantbeeld_events_backend_reconnects_total", &[]) >= 1.0);
    assert_eq!(metrics.sum("klantbeeld_events_backend_up", &[]), 1.0);
}

#[tokio::test]
async fn a_thousand_events_on_a_partij_with_two_thousand_betrokkenen_stay_within_the_byte_bound() {
    const BOUND: usize = 256 * 1024;
    let app = spawn_app_with(|c| c.events.replay_buffer_bytes = BOUND).await;
    let partij = app.nieuwe_partij("Veel").await;
    let mut meldingen = Vec::new();
    for i in 0..2000 {
        meldingen.push(rechtstreeks(&app, &partij, &format!("k{i:04}")).await);
    }
    let mut ws = Ws::connect(&app, TRANSPORT_WS).await;
    ws.subscribe("k", ONDERWERPEN, json!({"partij": partij}))
        .await;
    wacht_tot_ze_luisteren(&app, &partij, Some((&mut ws, "k")), None).await;
    for melding in &meldingen[..1000] {
        assert_eq!(notificeer(&app, melding).await, 204);
    }
    let mut ids = Vec::new();
    while ids.len() < 1000 {
        if let Some((id, _)) = klantcontact(&ws.next_of("k").await) {
            ids.push(id);
        }
    }
    let bytes = app
        .metrics()
        .await
        .sum("klantbeeld_events_buffer_bytes", &[]);
    assert!(bytes > 0.0 && bytes <= BOUND as f64, "{bytes}");
    // Events carry the partij's reference, not the partij with its two
    // thousand betrokkenen: many fit; the first ones were dropped, and
    // resuming before them is the explicit error.
    let resume = |vanaf: &str| json!({"partij": partij, "vanaf": vanaf});
    let mut recent = Sse::start(&app, ONDERWERPEN, resume(&ids[949])).await;
    let r = recent.next_result().await;
    assert!(r.get("errors").is_none(), "{r}");
    let mut oud = Sse::start(&app, ONDERWERPEN, resume(&ids[0])).await;
    let r = oud.next_result().await;
    assert_eq!(
        r["errors"][0]["extensions"]["code"], "EVENTS_EXPIRED",
        "{r}"
    );
}

#[tokio::test]
async fn a_resumption_through_redis_replays_at_most_max_replay_events() {
    // Issue 16's cap on a replay holds with the shared stream too: counted
    // in Redis, refused before anything is replayed.
    let redis = RedisServer::start().await;
    let (a, b) = twee_replicas_met(&redis, |c| c.events.max_replay = 3).await;
    let partij = a.nieuwe_partij("Ingehaald").await;
    let mut sse = Sse::start(&b, ONDERWERPEN, json!({"partij": partij})).await;
    wacht_tot_ze_luisteren(&a, &partij, None, Some(&mut sse)).await;
    let mut ids = Vec::new();
    for n in 0..6 {
        a.registreer(&partij, &format!("stap {n}")).await;
        loop {
            if let Some((id, o)) = klantcontact(&sse.next_result().await) {
                if o == format!("stap {n}") {
                    ids.push(id);
                    break;
                }
            }
        }
    }
    // After the first: five more, beyond the cap of three.
    let mut ver = Sse::start(&b, ONDERWERPEN, json!({"partij": partij, "vanaf": ids[0]})).await;
    let r = ver.next_result().await;
    let ext = &r["errors"][0]["extensions"];
    assert_eq!(
        (
            ext["code"].as_str(),
            ext["limit"].as_str(),
            ext["field"].as_str()
        ),
        (
            Some("LIMIT_EXCEEDED"),
            Some("events.max_replay"),
            Some("vanaf")
        ),
        "{r}"
    );
    // After the third: three, within it, replayed on the other replica.
    let mut dichtbij =
        Sse::start(&a, ONDERWERPEN, json!({"partij": partij, "vanaf": ids[2]})).await;
    let mut gekregen = Vec::new();
    while gekregen.len() < 3 {
        let r = dichtbij.next_result().await;
        assert!(r.get("errors").is_none(), "{r}");
        if let Some((id, _)) = klantcontact(&r) {
            gekregen.push(id);
        }
    }
    assert_eq!(gekregen, ids[3..].to_vec());
}

#[tokio::test]
async fn the_deletion_of_a_partij_on_one_replica_reaches_who_may_read_it_on_the_other() {
    // The partij's last known state, on which the deletion is filtered
    // (a geheim one to geheimhouding readers, another to every reader),
    // is shared through Redis: the replica that hears the deletion is not
    // the one whose subscribers decide on it.
    let redis = RedisServer::start().await;
    let (a, b) = twee_replicas_met(&redis, crate::helpers::require_tokens).await;
    crate::notificaties::een_verwijdering(&a, &b, true).await;
    crate::notificaties::een_verwijdering(&a, &b, false).await;
}

#[tokio::test]
async fn at_sigterm_a_subscriber_is_told_to_resume_and_resumes_on_a_new_instance_without_loss() {
    // Issue 17: a rolling update. The replica going away closes its
    // WebSockets with 1001 naming vanaf; events written meanwhile (on the
    // replica that stays) are all there when the subscriber resumes on an
    // instance started after the first one went.
    let redis = RedisServer::start().await;
    let a = spawn_app_with(|c| redis.configure(c)).await;
    let b = spawn_replica_with(&a, |c| {
        redis.configure(c);
        c.server.shutdown_drain_ms = 100;
        c.server.shutdown_grace_ms = 5_000;
    })
    .await;
    klaar(&a).await;
    klaar(&b).await;
    let partij = a.nieuwe_partij("Rollend").await;
    let mut ws = Ws::connect(&b, TRANSPORT_WS).await;
    ws.subscribe("k", ONDERWERPEN, json!({"partij": partij}))
        .await;
    wacht_tot_ze_luisteren(&a, &partij, Some((&mut ws, "k")), None).await;
    a.registreer(&partij, "een").await;
    let n = tot(&mut ws, "k", "een").await.last().unwrap().0.clone();

    b.shutdown.shutdown();
    a.registreer(&partij, "twee").await;
    crate::reliability::told_to_resume(ws).await;
    b.stopped.await.unwrap().expect("stopped cleanly");
    a.registreer(&partij, "drie").await;

    let c = spawn_replica_with(&a, |c| redis.configure(c)).await;
    klaar(&c).await;
    let mut hervat = Ws::connect(&c, TRANSPORT_WS).await;
    hervat
        .subscribe("k", ONDERWERPEN, json!({"partij": partij, "vanaf": n}))
        .await;
    a.registreer(&partij, "vier").await;
    let seen = tot(&mut hervat, "k", "vier").await;
    assert_eq!(onderwerpen(&seen), ["twee", "drie", "vier"], "{seen:?}");
}
