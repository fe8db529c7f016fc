//! The roles × objects × confidentiality table over live updates: each role
//! set subscribes over WebSocket (`graphql-transport-ws`, its token in
//! `connection_init`) to the klantcontacten of an ordinary and of a
//! geheimhouding partij, to the interne taken of an actor and to the
//! changes of both partijen, and must receive exactly the events a query
//! would show it: the vertrouwelijk klantcontact (and the taak it led to)
//! only with `vertrouwelijk-lezen`, anything of the geheimhouding partij only
//! with `geheimhouding-lezen`, the ordinary ones always; a role without
//! `abonneren` gets `FORBIDDEN` on every subscription and nothing else.
//!
//! The same table over the other subscription path, SSE (the token in the
//! `Authorization` header, one stream per subscription): the same events,
//! the same refusals.
//!
//! Deterministic without timing: every role subscribes with `vanaf` set to
//! an event from before the writes, so the hub replays them in order, and
//! every stream ends with a marker event anyone may see (the geheimhouding
//! partij loses its indication for that), so "nothing else came" is exact.

use reqwest::Method;
use serde_json::{json, Value};

use super::{forbidden_errors, partij};
use crate::helpers::{mint_token, require_tokens, spawn_app_with, TestApp};
use crate::ki_client::Ki;
use crate::subscriptions::client::{Sse, Ws, TRANSPORT_WS};
use crate::subscriptions::een_event_id;
use klantbeeld_gateway::auth::Ability;

/// Role sets, and whether they may subscribe, read `vertrouwelijk`
/// klantcontacten and read partijen with `indicatieGeheimhouding`: the
/// default `[auth.roles]` (as in the queries' table), plus two roles this
/// test adds so that each reading right is seen on its own.
const ROLES: &[(&[&str], bool, bool, bool)] = &[
    (&[], false, false, false),
    (&["kcc-medewerker"], true, false, false),
    (&["kcc-vertrouwelijk"], false, true, true),
    (&["kcc-medewerker", "kcc-vertrouwelijk"], true, true, true),
    (&["partner"], false, false, false),
    (&["beheerder"], false, false, false),
    (&["onbekende-rol"], false, false, false),
    (
        &["kcc-medewerker", "alleen-vertrouwelijk"],
        true,
        true,
        false,
    ),
    (
        &["kcc-medewerker", "alleen-geheimhouding"],
        true,
        false,
        true,
    ),
];

/// Every stream ends with an event carrying this text.
const EINDE: &str = "einde";

const KLANTCONTACTEN: &str = r#"subscription($partij: ID!, $vanaf: ID) {
  klantcontactGeregistreerd(partij: $partij, vanaf: $vanaf) {
    id klantcontact { uuid onderwerp betrokkenen { partij { uuid naam } } } } }"#;

const TAKEN: &str = r#"subscription($actor: ID!, $vanaf: ID) {
  interneTaakGewijzigd(actor: $actor, vanaf: $vanaf) {
    id actie interneTaak { uuid toelichting aanleidinggevendKlantcontact { uuid onderwerp } } } }"#;

const PARTIJ: &str = r#"subscription($uuid: ID!, $vanaf: ID) {
  partijGewijzigd(uuid: $uuid, vanaf: $vanaf) { id actie partij { uuid interneNotitie } } }"#;

const MAAK_TAAK: &str = r#"mutation($input: MaakInterneTaakInput!) {
  maakInterneTaak(input: $input) { uuid } }"#;

/// What makes an event confidential.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Flag {
    Gewoon,
    Vertrouwelijk,
    Geheimhouding,
}

/// One subscription of every role: its operation, and the texts of the
/// events it carries before [`EINDE`], in order, with their flag.
struct Stroom {
    id: &'static str,
    query: &'static str,
    variables: Value,
    events: Vec<(String, Flag)>,
}

/// The text that tells an event apart: a klantcontact's onderwerp, a taak's
/// toelichting, a partij's interneNotitie.
fn tekst(result: &Value) -> String {
    assert!(result.get("errors").is_none(), "{result}");
    let event = result["data"]
        .as_object()
        .and_then(|d| d.values().next())
        .unwrap_or_else(|| panic!("an event: {result}"));
    [
        &event["klantcontact"]["onderwerp"],
        &event["interneTaak"]["toelichting"],
        &event["partij"]["interneNotitie"],
    ]
    .into_iter()
    .find_map(Value::as_str)
    .unwrap_or_else(|| panic!("a text in {event}"))
    .to_string()
}

/// The refusal of a subscription to a principal without `abonneren`.
fn assert_refused(r: &Value, what: &str) {
    assert_eq!(forbidden_errors(r), 1, "{what}: {r}");
    assert_eq!(
        r["errors"][0]["extensions"]["ability"], "abonneren",
        "{what}"
    );
    let message = r["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("abonneren"), "{what}: {message}");
}

/// Reads stream `id` up to the event with `text`.
async fn tot(ws: &mut Ws, id: &str, text: &str) {
    while tekst(&ws.next_of(id).await) != text {}
}

/// A writer's interne taak for `klantcontact`, assigned to `actor`.
async fn taak(app: &TestApp, token: &str, klantcontact: &str, actor: &str, toelichting: &str) {
    let body = app
        .graphql_as(
            token,
            MAAK_TAAK,
            json!({"input": {"klantcontact": klantcontact, "gevraagdeHandeling": "Terugbellen",
                             "toelichting": toelichting, "actoren": [actor]}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
}

/// Changes a partij in the sandbox (which notifies the gateway).
async fn wijzig(app: &TestApp, partij: &str, body: Value) {
    let (status, answer) = app
        .ki_write(Method::PATCH, &format!("/partijen/{partij}"), body)
        .await;
    assert_eq!(status, 200, "{answer}");
}

#[tokio::test]
async fn each_role_receives_exactly_the_events_a_query_would_show_it() {
    let app = spawn_app_with(|c| {
        require_tokens(c);
        c.sandbox.notificaties.enabled = true;
        c.auth.roles.insert(
            "alleen-vertrouwelijk".into(),
            vec![Ability::VertrouwelijkLezen],
        );
        c.auth.roles.insert(
            "alleen-geheimhouding".into(),
            vec![Ability::GeheimhoudingLezen],
        );
    })
    .await;
    let ki = Ki::new(&app);
    let open = partij(&ki, false, "8810001").await;
    let geheim = partij(&ki, true, "8810002").await;
    let sonde = partij(&ki, false, "8810003").await;
    let actor = ki.medewerker("Medewerker Live").await;
    // The observer may see everything and writes: it orders the writes.
    let schrijver = mint_token(&["kcc-medewerker", "kcc-vertrouwelijk"], json!({}));
    let mut waarnemer = Ws::connect_as(&app, TRANSPORT_WS, &schrijver).await;

    // The starting point: an event after every write above.
    let vanaf = een_event_id(&app, &mut waarnemer, &sonde.uuid).await;

    let tag = uuid::Uuid::new_v4().simple().to_string();
    let t = |naam: &str| format!("{naam}-{tag}");
    let mut stromen = vec![
        Stroom {
            id: "klantcontacten gewone partij",
            query: KLANTCONTACTEN,
            variables: json!({"partij": open.uuid}),
            events: vec![(t("kv"), Flag::Vertrouwelijk), (t("ko"), Flag::Gewoon)],
        },
        Stroom {
            id: "klantcontacten geheime partij",
            query: KLANTCONTACTEN,
            variables: json!({"partij": geheim.uuid}),
            events: vec![(t("kg"), Flag::Geheimhouding)],
        },
        Stroom {
            id: "interne taken",
            query: TAKEN,
            variables: json!({"actor": actor}),
            events: vec![(t("tv"), Flag::Vertrouwelijk), (t("to"), Flag::Gewoon)],
        },
        Stroom {
            id: "gewone partij",
            query: PARTIJ,
            variables: json!({"uuid": open.uuid}),
            events: vec![(t("po"), Flag::Gewoon)],
        },
        Stroom {
            id: "geheime partij",
            query: PARTIJ,
            variables: json!({"uuid": geheim.uuid}),
            events: vec![(t("pg"), Flag::Geheimhouding)],
        },
    ];
    for s in &mut stromen {
        s.variables["vanaf"] = json!(vanaf);
        waarnemer
            .subscribe(s.id, s.query, s.variables.clone())
            .await;
    }

    // The writes, each seen by the observer before the next (a partij
    // event carries the partij as it is when the notification is handled).
    let registreer = |partij: &str, onderwerp: String, vertrouwelijk: bool| {
        let input =
            json!({"partij": partij, "onderwerp": onderwerp, "vertrouwelijk": vertrouwelijk});
        app.registreer_als(Some(&schrijver), input)
    };
    let k_vertrouwelijk = registreer(&open.uuid, t("kv"), true).await;
    tot(&mut waarnemer, stromen[0].id, &t("kv")).await;
    let k_open = registreer(&open.uuid, t("ko"), false).await;
    tot(&mut waarnemer, stromen[0].id, &t("ko")).await;
    registreer(&geheim.uuid, t("kg"), false).await;
    tot(&mut waarnemer, stromen[1].id, &t("kg")).await;
    taak(&app, &schrijver, &k_vertrouwelijk, &actor, &t("tv")).await;
    tot(&mut waarnemer, stromen[2].id, &t("tv")).await;
    taak(&app, &schrijver, &k_open, &actor, &t("to")).await;
    tot(&mut waarnemer, stromen[2].id, &t("to")).await;
    wijzig(&app, &open.uuid, json!({"interneNotitie": t("po")})).await;
    tot(&mut waarnemer, stromen[3].id, &t("po")).await;
    wijzig(&app, &geheim.uuid, json!({"interneNotitie": t("pg")})).await;
    tot(&mut waarnemer, stromen[4].id, &t("pg")).await;
    // The markers: the geheim partij first becomes an ordinary one.
    wijzig(
        &app,
        &geheim.uuid,
        json!({"indicatieGeheimhouding": false, "interneNotitie": EINDE}),
    )
    .await;
    tot(&mut waarnemer, stromen[4].id, EINDE).await;
    registreer(&geheim.uuid, EINDE.into(), false).await;
    tot(&mut waarnemer, stromen[1].id, EINDE).await;
    registreer(&open.uuid, EINDE.into(), false).await;
    tot(&mut waarnemer, stromen[0].id, EINDE).await;
    taak(&app, &schrijver, &k_open, &actor, EINDE).await;
    tot(&mut waarnemer, stromen[2].id, EINDE).await;
    wijzig(&app, &open.uuid, json!({"interneNotitie": EINDE})).await;
    tot(&mut waarnemer, stromen[3].id, EINDE).await;
    waarnemer.close().await;

    let mut checked = 0;
    for (roles, abonneren, vertrouwelijk, geheimhouding) in ROLES {
        let mag = |flag: Flag| match flag {
            Flag::Gewoon => true,
            Flag::Vertrouwelijk => *vertrouwelijk,
            Flag::Geheimhouding => *geheimhouding,
        };
        // What stream `s` must carry before EINDE.
        let expected = |s: &Stroom| -> Vec<String> {
            s.events
                .iter()
                .filter(|(_, flag)| mag(*flag))
                .map(|(text, _)| text.clone())
                .collect()
        };
        // Nothing withheld shows anywhere in what a path carried.
        let nothing_withheld = |carried: &str, path: &str| {
            let withheld = stromen
                .iter()
                .flat_map(|s| &s.events)
                .filter(|(_, flag)| !mag(*flag) || !abonneren)
                .map(|(text, _)| text.as_str());
            let vertrouwelijk_uuid =
                (!vertrouwelijk || !abonneren).then_some(k_vertrouwelijk.as_str());
            for secret in withheld.chain(vertrouwelijk_uuid) {
                assert!(
                    !carried.contains(secret),
                    "roles {roles:?}: {secret} leaked over {path}"
                );
            }
        };
        let token = mint_token(roles, json!({}));

        // The WebSocket path: every stream on one connection.
        let mut ws = Ws::connect_as(&app, TRANSPORT_WS, &token).await;
        for s in &stromen {
            ws.subscribe(s.id, s.query, s.variables.clone()).await;
        }
        for s in &stromen {
            let what = format!("roles {roles:?}, {}", s.id);
            if !abonneren {
                let r = ws.next_of(s.id).await;
                assert_refused(&r, &what);
                assert!(ws.next_of(s.id).await.is_null(), "{what}: then complete");
                continue;
            }
            let mut received = Vec::new();
            loop {
                let text = tekst(&ws.next_of(s.id).await);
                if text == EINDE {
                    break;
                }
                received.push(text);
            }
            assert_eq!(received, expected(s), "{what}");
            checked += 1;
        }
        nothing_withheld(&ws.transcript, "a WebSocket");
        ws.close().await;

        // The SSE path: one stream per subscription, the same events.
        let mut carried = String::new();
        for s in &stromen {
            let what = format!("roles {roles:?}, {} over SSE", s.id);
            let mut sse = Sse::start_as(&app, Some(&token), s.query, s.variables.clone()).await;
            if !abonneren {
                let r = sse.next_result().await;
                assert_refused(&r, &what);
                assert_eq!(sse.next().await.0, "complete", "{what}");
                carried.push_str(&r.to_string());
                continue;
            }
            let mut received = Vec::new();
            loop {
                let r = sse.next_result().await;
                carried.push_str(&r.to_string());
                let text = tekst(&r);
                if text == EINDE {
                    break;
                }
                received.push(text);
            }
            assert_eq!(received, expected(s), "{what}");
            checked += 1;
        }
        nothing_withheld(&carried, "SSE");
    }
    let subscribers = ROLES.iter().filter(|r| r.1).count();
    // Each subscription path: WebSocket and SSE.
    assert_eq!(checked, 2 * subscribers * stromen.len());
    assert!(subscribers >= 4 && subscribers < ROLES.len());
}
