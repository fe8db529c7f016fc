//! Who may use the streaming transports. A WebSocket whose
//! `connection_init` carries no valid token (when tokens are required) is
//! closed the protocol's way, the same way whatever was wrong, before any
//! operation runs; an operation before the acknowledgement closes it too.
//! SSE takes the `Authorization` header as `POST /graphql` does. The
//! principal of the connection decides what every operation over it shows;
//! in the development profile that is the development principal, token or
//! not.

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{json, Value};

use super::client::{Sse, Ws, LEGACY_WS, TRANSPORT_WS};
use super::KLANTCONTACTEN;
use crate::helpers::{
    mint_token, require_tokens, spawn_app, spawn_app_with, TestApp, AUDIENCE, ISSUER,
};
use crate::ki_client::Ki;

/// A vertrouwelijk klantcontact in the sandbox: its uuid.
async fn vertrouwelijk_klantcontact(app: &TestApp) -> String {
    let ki = Ki::new(app);
    let partij = ki.partij().await;
    let mut body = crate::ki_client::klantcontact_body();
    body["vertrouwelijk"] = json!(true);
    let made = ki
        .post(
            "/maak-klantcontact",
            json!({"klantcontact": body,
                   "betrokkene": {"wasPartij": {"uuid": partij}, "rol": "klant", "initiator": true}}),
        )
        .await
        .expect(201);
    made["klantcontact"]["uuid"].as_str().unwrap().to_string()
}

const KLANTCONTACT: &str = "query($u: ID!) { klantcontact(uuid: $u) { uuid vertrouwelijk } }";

/// The `connection_init` payloads that must be refused, by name.
fn bad_payloads() -> Vec<(&'static str, Option<Value>)> {
    let now = jsonwebtoken::get_current_timestamp();
    let expired = mint_token(&["kcc-medewerker"], json!({"exp": now - 120}));
    let mut bad_signature = mint_token(&["kcc-medewerker"], json!({}));
    let last = bad_signature.pop().unwrap();
    bad_signature.push(if last == 'A' { 'B' } else { 'A' });
    let other_key = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &json!({"iss": ISSUER, "aud": AUDIENCE, "sub": "x", "exp": now + 300, "roles": ["kcc-medewerker"]}),
        &EncodingKey::from_secret(b"another-secret-of-at-least-32-bytes!!").unwrap(),
    )
    .unwrap();
    let valid = mint_token(&["kcc-medewerker"], json!({}));
    let bearer = |t: &str| Some(json!({"Authorization": format!("Bearer {t}")}));
    vec![
        ("no payload", None),
        ("empty payload", Some(json!({}))),
        ("expired", bearer(&expired)),
        ("bad signature", bearer(&bad_signature)),
        ("signed with another key", bearer(&other_key)),
        ("garbage", bearer("not-a-jwt")),
        (
            "wrong scheme",
            Some(json!({"Authorization": format!("Basic {valid}")})),
        ),
        ("not a string", Some(json!({"Authorization": 42}))),
    ]
}

#[tokio::test]
async fn a_refused_connection_init_closes_with_4403_and_runs_nothing() {
    let app = spawn_app_with(require_tokens).await;
    let klantcontact = vertrouwelijk_klantcontact(&app).await;
    let partij = Ki::new(&app).partij().await;
    for (name, payload) in bad_payloads() {
        for protocol in [TRANSPORT_WS, LEGACY_WS] {
            app.reset_stats().await;
            let mut ws = Ws::open(&app, protocol).await;
            ws.init(payload.clone()).await;
            // Operations sent at once must not run either.
            ws.subscribe("q", KLANTCONTACT, json!({"u": klantcontact}))
                .await;
            ws.subscribe("k", KLANTCONTACTEN, json!({"partij": partij}))
                .await;
            let closed = ws.closed().await;
            let what = format!("{name} over {protocol}: {closed:?}");
            assert_eq!(
                closed.frame,
                Some((4403, "Forbidden".to_string())),
                "{what}"
            );
            if protocol == TRANSPORT_WS {
                assert!(closed.messages.is_empty(), "{what}");
            } else {
                // The legacy protocol says so in a message first.
                assert_eq!(
                    closed.messages,
                    [json!({"type": "connection_error", "payload": {"message": "Forbidden"}})],
                    "{what}"
                );
            }
            assert_eq!(app.stats().await["totalRequests"], 0, "{what}");
        }
    }
    // A valid token in the same place is acknowledged.
    let token = mint_token(&["kcc-medewerker"], json!({}));
    Ws::connect_as(&app, TRANSPORT_WS, &token)
        .await
        .close()
        .await;
}

#[tokio::test]
async fn an_operation_before_the_acknowledgement_closes_with_4401() {
    let app = spawn_app_with(require_tokens).await;
    let partij = Ki::new(&app).partij().await;
    let mut ws = Ws::open(&app, TRANSPORT_WS).await;
    ws.subscribe("k", KLANTCONTACTEN, json!({"partij": partij}))
        .await;
    let closed = ws.closed().await;
    assert_eq!(
        closed.frame,
        Some((4401, "Unauthorized".to_string())),
        "{closed:?}"
    );
    assert!(closed.messages.is_empty(), "{closed:?}");
}

#[tokio::test]
async fn a_socket_without_connection_init_is_closed_with_4408_and_an_initialised_one_stays() {
    let app = spawn_app_with(|config| {
        require_tokens(config);
        config.server.connection_init_timeout_ms = 300;
    })
    .await;
    let partij = Ki::new(&app).partij().await;
    let silent = Ws::open(&app, TRANSPORT_WS).await;
    // Connected well past the timeout: still served.
    let token = mint_token(&["kcc-medewerker"], json!({}));
    let mut served = Ws::connect_as(&app, TRANSPORT_WS, &token).await;
    let closed = silent.closed().await;
    assert_eq!(
        closed.frame,
        Some((4408, "Connection initialisation timeout".to_string())),
        "{closed:?}"
    );
    assert!(closed.messages.is_empty(), "{closed:?}");
    served
        .subscribe("k", KLANTCONTACTEN, json!({"partij": partij}))
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    let input = json!({"partij": partij, "onderwerp": "na de init-timeout"});
    app.registreer_als(Some(&token), input).await;
    let event = served.next_of("k").await;
    assert_eq!(
        event["data"]["klantcontactGeregistreerd"]["klantcontact"]["onderwerp"],
        "na de init-timeout",
        "{event}"
    );
    served.close().await;
}

#[tokio::test]
async fn a_connection_is_closed_with_4403_when_its_token_expires() {
    let app = spawn_app_with(|config| {
        require_tokens(config);
        config.auth.leeway_seconds = 0;
    })
    .await;
    let partij = Ki::new(&app).partij().await;
    let exp = jsonwebtoken::get_current_timestamp() + 2;
    let short = mint_token(&["kcc-medewerker"], json!({"exp": exp}));
    let mut ws = Ws::connect_as(&app, TRANSPORT_WS, &short).await;
    ws.subscribe("k", KLANTCONTACTEN, json!({"partij": partij}))
        .await;
    let closed = ws.closed().await;
    assert_eq!(
        closed.frame,
        Some((4403, "Forbidden".to_string())),
        "{closed:?}"
    );
    assert!(
        jsonwebtoken::get_current_timestamp() >= exp,
        "closed before the token expired"
    );
}

#[tokio::test]
async fn the_principal_of_connection_init_decides_what_operations_over_it_show() {
    let app = spawn_app_with(require_tokens).await;
    let klantcontact = vertrouwelijk_klantcontact(&app).await;
    let vars = json!({"u": klantcontact});
    // (roles, sees the vertrouwelijk klantcontact, may introspect)
    let table: &[(&[&str], bool, bool)] = &[
        (&["kcc-medewerker"], false, false),
        (&["kcc-medewerker", "kcc-vertrouwelijk"], true, false),
        (&["beheerder"], false, true),
    ];
    for (roles, vertrouwelijk, introspectie) in table {
        let mut ws = Ws::connect_as(&app, TRANSPORT_WS, &mint_token(roles, json!({}))).await;
        ws.subscribe("q", KLANTCONTACT, vars.clone()).await;
        let r = ws.next_of("q").await;
        let code = &r["errors"][0]["extensions"]["code"];
        if *vertrouwelijk {
            assert_eq!(
                r["data"]["klantcontact"]["uuid"],
                klantcontact.as_str(),
                "{roles:?}: {r}"
            );
        } else {
            assert_eq!(code, "FORBIDDEN", "{roles:?}: {r}");
            assert!(!r.to_string().contains(&klantcontact), "{roles:?}: {r}");
        }
        ws.subscribe("i", "{ __schema { queryType { name } } }", json!({}))
            .await;
        let r = ws.next_of("i").await;
        if *introspectie {
            assert_eq!(r["data"]["__schema"]["queryType"]["name"], "Query", "{r}");
        } else {
            assert_eq!(
                r["errors"][0]["extensions"]["ability"], "introspectie",
                "{roles:?}: {r}"
            );
        }
        ws.close().await;
    }
}

#[tokio::test]
async fn sse_takes_the_authorization_header_as_graphql_does() {
    let app = spawn_app_with(require_tokens).await;
    let klantcontact = vertrouwelijk_klantcontact(&app).await;
    let partij = Ki::new(&app).partij().await;
    // No token, or a bad one: the 401 of POST /graphql, to the byte.
    let (status, reference) = app
        .post_graphql(None, &json!({"query": "{ __typename }"}))
        .await;
    assert_eq!(status, 401);
    for token in [None, Some("not-a-jwt")] {
        let r = Sse::post(&app, token, KLANTCONTACTEN, json!({"partij": partij})).await;
        assert_eq!(r.status(), 401, "{token:?}");
        assert_eq!(
            r.headers()["www-authenticate"],
            "Bearer realm=\"klantbeeld\""
        );
        assert_eq!(r.text().await.unwrap(), reference, "{token:?}");
    }
    // A role without abonneren: FORBIDDEN, then the end.
    let partner = mint_token(&["partner"], json!({}));
    let mut sse = Sse::start_as(
        &app,
        Some(&partner),
        KLANTCONTACTEN,
        json!({"partij": partij}),
    )
    .await;
    let r = sse.next_result().await;
    assert_eq!(r["errors"][0]["extensions"]["code"], "FORBIDDEN", "{r}");
    assert_eq!(r["errors"][0]["extensions"]["ability"], "abonneren", "{r}");
    assert_eq!(sse.next().await.0, "complete");
    // The token's abilities decide what a query over SSE shows.
    for (roles, sees) in [
        (&["kcc-medewerker"][..], false),
        (&["kcc-vertrouwelijk"][..], true),
    ] {
        let token = mint_token(roles, json!({}));
        let mut sse =
            Sse::start_as(&app, Some(&token), KLANTCONTACT, json!({"u": klantcontact})).await;
        let r = sse.next_result().await;
        assert_eq!(
            r.to_string().contains(&klantcontact),
            sees,
            "{roles:?}: {r}"
        );
    }
}

#[tokio::test]
async fn in_the_development_profile_a_connection_without_token_has_every_right() {
    let app = spawn_app().await;
    let klantcontact = vertrouwelijk_klantcontact(&app).await;
    let mut ws = Ws::open(&app, TRANSPORT_WS).await;
    ws.init(None).await;
    ws.acknowledged().await;
    ws.subscribe("q", KLANTCONTACT, json!({"u": klantcontact}))
        .await;
    // The BRP needs the request context: the upgrade's defaults serve.
    ws.subscribe(
        "p",
        r#"{ persoon(bsn: "999990007") { burgerservicenummer } }"#,
        json!({}),
    )
    .await;
    let r = ws.next_of("q").await;
    assert_eq!(r["data"]["klantcontact"]["vertrouwelijk"], true, "{r}");
    let r = ws.next_of("p").await;
    assert_eq!(
        r["data"]["persoon"]["burgerservicenummer"], "999990007",
        "{r}"
    );
    ws.close().await;
    let mut sse = Sse::start(
        &app,
        r#"{ persoon(bsn: "999990007") { burgerservicenummer } }"#,
        json!({}),
    )
    .await;
    let r = sse.next_result().await;
    assert_eq!(
        r["data"]["persoon"]["burgerservicenummer"], "999990007",
        "{r}"
    );
}
