//! Subscriptions end to end: WebSocket (both protocols) and SSE clients
//! subscribe, another client writes through the gateway, the subscribers
//! receive the events; after a disconnect `vanaf` resumes with nothing lost
//! and nothing twice, also while the sandbox delivers its notifications of
//! the same writes.

mod auth;
pub mod client;

use std::time::Duration;

use serde_json::{json, Value};

use self::client::{Sse, Ws, LEGACY_WS, TRANSPORT_WS};
use crate::helpers::{spawn_app, spawn_app_with, TestApp};

pub const KLANTCONTACTEN: &str = r#"subscription($partij: ID!, $vanaf: ID) {
  klantcontactGeregistreerd(partij: $partij, vanaf: $vanaf) {
    id klantcontact { uuid onderwerp betrokkenen { partij { uuid } } } } }"#;

pub const PARTIJ: &str = r#"subscription($uuid: ID!, $vanaf: ID) {
  partijGewijzigd(uuid: $uuid, vanaf: $vanaf) { id actie uuid partij { uuid interneNotitie } } }"#;

pub const TAKEN: &str = r#"subscription($actor: ID, $status: InterneTaakStatus) {
  interneTaakGewijzigd(actor: $actor, status: $status) {
    id actie uuid interneTaak { uuid gevraagdeHandeling status toelichting toegewezenAan { uuid } } } }"#;

/// Probe klantcontacten start with this; tests skip them.
const SONDE: &str = "sonde";

/// A subscription starts listening some time after it is sent, and the
/// protocols do not say when. Registers probe klantcontacten for `partij`
/// until each subscriber got one; later probes may still arrive and are
/// skipped by [`klantcontact`].
pub async fn wacht_tot_ze_luisteren(
    app: &TestApp,
    partij: &str,
    mut ws: Option<(&mut Ws, &str)>,
    mut sse: Option<&mut Sse>,
) {
    let mut ws_luistert = ws.is_none();
    let mut sse_luistert = sse.is_none();
    let pace = Duration::from_millis(200);
    for n in 0.. {
        if ws_luistert && sse_luistert {
            return;
        }
        assert!(n < 150, "the subscribers never started listening");
        app.registreer(partij, &format!("{SONDE} {n}")).await;
        if let Some((ws, id)) = ws.as_mut() {
            ws_luistert |= tokio::time::timeout(pace, ws.next_of(id)).await.is_ok();
        }
        if let Some(sse) = sse.as_mut() {
            sse_luistert |= tokio::time::timeout(pace, sse.next_result()).await.is_ok();
        }
    }
}

/// The id of an event after every write so far, for a later `vanaf`:
/// changes partij `sonde` in the sandbox (which notifies the gateway) until
/// `ws`, subscribed to its changes, has one; the sandbox notifies in the
/// order of its writes and the gateway handles them so.
pub async fn een_event_id(app: &TestApp, ws: &mut Ws, sonde: &str) -> String {
    ws.subscribe("start", PARTIJ, json!({"uuid": sonde})).await;
    for n in 0..150 {
        let (status, answer) = app
            .ki_write(
                reqwest::Method::PATCH,
                &format!("/partijen/{sonde}"),
                json!({"interneNotitie": format!("sonde {n}")}),
            )
            .await;
        assert_eq!(status, 200, "{answer}");
        let wait = Duration::from_millis(200);
        if let Ok(r) = tokio::time::timeout(wait, ws.next_of("start")).await {
            ws.stop("start").await;
            return r["data"]["partijGewijzigd"]["id"]
                .as_str()
                .expect("an event id")
                .to_string();
        }
    }
    panic!("the subscriber never started listening");
}

/// `(event id, onderwerp)` of a klantcontact event, `None` for a probe.
pub fn klantcontact(result: &Value) -> Option<(String, String)> {
    assert!(result.get("errors").is_none(), "{result}");
    let e = &result["data"]["klantcontactGeregistreerd"];
    let onderwerp = e["klantcontact"]["onderwerp"].as_str().unwrap().to_string();
    (!onderwerp.starts_with(SONDE)).then(|| (e["id"].as_str().unwrap().to_string(), onderwerp))
}

/// The next non-probe klantcontact event of WebSocket operation `id`.
async fn ws_klantcontact(ws: &mut Ws, id: &str) -> (String, String) {
    loop {
        if let Some(k) = klantcontact(&ws.next_of(id).await) {
            return k;
        }
    }
}

/// The next non-probe klantcontact event of an SSE stream.
async fn sse_klantcontact(sse: &mut Sse) -> (String, String) {
    loop {
        if let Some(k) = klantcontact(&sse.next_result().await) {
            return k;
        }
    }
}

#[tokio::test]
async fn ws_and_sse_receive_writes_and_resume_after_a_disconnect_without_loss_or_repeats() {
    // The sandbox notifies the gateway of every write, too: each change
    // arrives twice (mutation and notification) and must be shown once.
    let app = spawn_app_with(|c| c.sandbox.notificaties.enabled = true).await;
    let partij = app.nieuwe_partij("Live").await;
    let ander = app.nieuwe_partij("Ander").await;
    let vars = json!({"partij": partij});

    let mut ws = Ws::connect(&app, TRANSPORT_WS).await;
    ws.subscribe("k", KLANTCONTACTEN, vars.clone()).await;
    let mut sse = Sse::start(&app, KLANTCONTACTEN, vars.clone()).await;
    wacht_tot_ze_luisteren(&app, &partij, Some((&mut ws, "k")), Some(&mut sse)).await;

    app.registreer(&partij, "een").await;
    let (id_ws, onderwerp_ws) = ws_klantcontact(&mut ws, "k").await;
    let (id_sse, onderwerp_sse) = sse_klantcontact(&mut sse).await;
    assert_eq!(
        (onderwerp_ws.as_str(), onderwerp_sse.as_str()),
        ("een", "een")
    );
    assert_eq!(id_ws, id_sse, "one event, one id, on every transport");

    // Both go away; the writes go on.
    ws.close().await;
    drop(sse);
    for onderwerp in ["twee", "drie", "vier"] {
        app.registreer(&partij, onderwerp).await;
    }
    app.registreer(&ander, "niet voor deze partij").await;

    // The sandbox delivers its notifications in the order of the writes and
    // the gateway handles them in that order: once the change of the partij
    // written now is seen, every notification of the contacts above was
    // handled, and had one been shown again it would already be in the hub.
    let mut ws = Ws::connect(&app, LEGACY_WS).await;
    let resume = json!({"partij": partij, "vanaf": id_ws});
    ws.subscribe("k", KLANTCONTACTEN, resume.clone()).await;
    ws.subscribe("p", PARTIJ, json!({"uuid": partij, "vanaf": id_ws}))
        .await;
    let (status, _) = app
        .ki_write(
            reqwest::Method::PATCH,
            &format!("/partijen/{partij}"),
            json!({"interneNotitie": "grens"}),
        )
        .await;
    assert_eq!(status, 200);
    loop {
        let p = ws.next_of("p").await;
        assert!(p.get("errors").is_none(), "{p}");
        if p["data"]["partijGewijzigd"]["partij"]["interneNotitie"] == "grens" {
            break;
        }
    }
    app.registreer(&partij, "vijf").await;

    let mut via_ws = Vec::new();
    while via_ws.last().map(String::as_str) != Some("vijf") {
        via_ws.push(ws_klantcontact(&mut ws, "k").await.1);
    }
    assert_eq!(via_ws, ["twee", "drie", "vier", "vijf"]);

    let mut sse = Sse::start(&app, KLANTCONTACTEN, resume).await;
    let mut via_sse = Vec::new();
    while via_sse.last().map(String::as_str) != Some("vijf") {
        via_sse.push(sse_klantcontact(&mut sse).await.1);
    }
    assert_eq!(via_sse, ["twee", "drie", "vier", "vijf"]);
}

#[tokio::test]
async fn a_work_list_hears_of_taken_assigned_to_it_and_of_those_that_leave_it() {
    let app = spawn_app().await;
    let partij = app.nieuwe_partij("Taak").await;
    let (mijn, ander) = (
        app.nieuwe_medewerker("Mijn").await,
        app.nieuwe_medewerker("Ander").await,
    );
    let klantcontact = app.registreer(&partij, "vraag").await;

    let mut ws = Ws::connect(&app, LEGACY_WS).await;
    ws.subscribe("t", TAKEN, json!({"actor": mijn, "status": "TE_VERWERKEN"}))
        .await;
    // Until it listens: taken assigned to the medewerker, skipped below.
    let maak =
        r#"mutation($input: MaakInterneTaakInput!) { maakInterneTaak(input: $input) { uuid } }"#;
    let nieuwe_taak = |actor: String, handeling: &'static str| json!({"input": {"klantcontact": klantcontact, "gevraagdeHandeling": handeling, "actoren": [actor]}});
    let mut n = 0;
    loop {
        assert!(n < 150, "the subscriber never started listening");
        n += 1;
        let b = app.graphql(maak, nieuwe_taak(mijn.clone(), "Sonde")).await;
        assert!(b.get("errors").is_none(), "{b}");
        if tokio::time::timeout(Duration::from_millis(200), ws.next_of("t"))
            .await
            .is_ok()
        {
            break;
        }
    }
    // Not for this list: another medewerker's taak.
    let b = app
        .graphql(maak, nieuwe_taak(ander.clone(), "Niet voor mij"))
        .await;
    assert!(b.get("errors").is_none(), "{b}");
    // For this list: a new taak, then handed to the other medewerker.
    let b = app
        .graphql(maak, nieuwe_taak(mijn.clone(), "Terugbellen"))
        .await;
    let taak = b["data"]["maakInterneTaak"]["uuid"]
        .as_str()
        .unwrap()
        .to_string();
    let werk = r#"mutation($input: WerkInterneTaakBijInput!) {
        werkInterneTaakBij(input: $input) { uuid status } }"#;
    let b = app
        .graphql(
            werk,
            json!({"input": {"uuid": taak, "actoren": [ander], "toelichting": "overgedragen"}}),
        )
        .await;
    assert!(b.get("errors").is_none(), "{b}");

    // Everything but the probes, up to the hand-over: the other
    // medewerker's taak never comes.
    let mut seen = Vec::new();
    loop {
        let e = ws.next_of("t").await["data"]["interneTaakGewijzigd"].clone();
        if e["interneTaak"]["gevraagdeHandeling"] == "Sonde" {
            continue;
        }
        seen.push(e.clone());
        if e["actie"] == "PARTIAL_UPDATE" {
            break;
        }
    }
    let samenvatting: Vec<(&str, &str)> = seen
        .iter()
        .map(|e| {
            (
                e["actie"].as_str().unwrap(),
                e["interneTaak"]["gevraagdeHandeling"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        samenvatting,
        [("CREATE", "Terugbellen"), ("PARTIAL_UPDATE", "Terugbellen")]
    );
    assert_eq!(seen[1]["uuid"], taak.as_str());
    assert_eq!(seen[1]["interneTaak"]["toelichting"], "overgedragen");
    assert_eq!(
        seen[1]["interneTaak"]["toegewezenAan"],
        json!([{"uuid": ander}])
    );

    // Stopping ends the operation with `complete`.
    ws.stop("t").await;
    while !ws.next_of("t").await.is_null() {}
}

#[tokio::test]
async fn vanaf_older_than_the_buffer_or_unknown_is_an_error_not_a_gap() {
    let app = spawn_app_with(|c| c.events.replay_buffer = 2).await;
    let partij = app.nieuwe_partij("Buffer").await;
    let mut sse = Sse::start(&app, KLANTCONTACTEN, json!({"partij": partij})).await;
    wacht_tot_ze_luisteren(&app, &partij, None, Some(&mut sse)).await;
    app.registreer(&partij, "een").await;
    let (eerste, _) = sse_klantcontact(&mut sse).await;
    for onderwerp in ["twee", "drie", "vier"] {
        app.registreer(&partij, onderwerp).await;
    }
    // Kept: drie and vier; resuming after een would skip twee.
    let errors = |body: Value| body["errors"][0]["extensions"].clone();
    let mut te_oud = Sse::start(
        &app,
        KLANTCONTACTEN,
        json!({"partij": partij, "vanaf": eerste}),
    )
    .await;
    let ext = errors(te_oud.next_result().await);
    assert_eq!(ext["code"], "EVENTS_EXPIRED", "{ext}");
    assert_eq!(ext["field"], "vanaf");
    assert_eq!(te_oud.next().await.0, "complete");

    let (epoch, seq) = eerste.split_once('-').unwrap();
    let onbekend = format!("{epoch}-{}", seq.parse::<u64>().unwrap() + 1000);
    for vanaf in [onbekend.as_str(), "gisteren"] {
        let mut s = Sse::start(
            &app,
            KLANTCONTACTEN,
            json!({"partij": partij, "vanaf": vanaf}),
        )
        .await;
        let ext = errors(s.next_result().await);
        assert_eq!(
            (ext["code"].as_str(), ext["field"].as_str()),
            (Some("BAD_USER_INPUT"), Some("vanaf"))
        );
    }
}

#[tokio::test]
async fn queries_and_mutations_run_over_sse_too() {
    let app = spawn_app().await;
    let partij = app.nieuwe_partij("Over SSE").await;
    let mut sse = Sse::start(
        &app,
        "query($uuid: ID!) { partij(uuid: $uuid) { uuid naam } }",
        json!({"uuid": partij}),
    )
    .await;
    let result = sse.next_result().await;
    assert_eq!(
        result["data"]["partij"]["uuid"],
        partij.as_str(),
        "{result}"
    );
    let (event, data) = sse.next().await;
    assert_eq!((event.as_str(), data.as_str()), ("complete", ""));
}
