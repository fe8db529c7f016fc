//! Writes need `schrijven`: every mutation refuses a role without it with
//! `FORBIDDEN` before any register call (the sandbox serves nothing), and
//! runs the same input for a role with it.

use serde_json::{json, Value};

use super::forbidden_errors;
use crate::helpers::{mint_token, require_tokens, spawn_app_with};
use crate::ki_client::Ki;

#[tokio::test]
async fn a_role_without_schrijven_is_refused_every_mutation_before_any_register_call() {
    let app = spawn_app_with(require_tokens).await;
    let ki = Ki::new(&app);
    let partij = ki.partij().await;
    let klantcontact = ki.klantcontact().await;
    let actor = ki.medewerker("Medewerker Schrijven").await;
    let taak = ki.interne_taak(&klantcontact, &actor).await;
    let mutations: [(&str, &str, Value); 3] = [
        (
            "registreerKlantcontact",
            "mutation($input: RegistreerKlantcontactInput!) {
               registreerKlantcontact(input: $input) { uuid } }",
            json!({"input": {"partij": partij, "kanaal": "telefoon", "onderwerp": "Schrijven"}}),
        ),
        (
            "maakInterneTaak",
            "mutation($input: MaakInterneTaakInput!) { maakInterneTaak(input: $input) { uuid } }",
            json!({"input": {"klantcontact": klantcontact, "gevraagdeHandeling": "Terugbellen",
                             "actoren": [actor]}}),
        ),
        (
            "werkInterneTaakBij",
            "mutation($input: WerkInterneTaakBijInput!) {
               werkInterneTaakBij(input: $input) { uuid } }",
            json!({"input": {"uuid": taak, "toelichting": "bijgewerkt"}}),
        ),
    ];
    let zonder: &[&[&str]] = &[
        &[],
        &["kcc-vertrouwelijk"],
        &["partner"],
        &["beheerder"],
        &["onbekende-rol"],
    ];
    for roles in zonder {
        let token = mint_token(roles, json!({}));
        for (name, query, variables) in &mutations {
            app.reset_stats().await;
            let body = app.graphql_as(&token, query, variables.clone()).await;
            let what = format!("{roles:?} {name}: {body}");
            assert_eq!(forbidden_errors(&body), 1, "{what}");
            let error = &body["errors"][0];
            assert_eq!(error["extensions"]["ability"], "schrijven", "{what}");
            assert!(
                error["message"].as_str().unwrap().contains("schrijven"),
                "{what}"
            );
            assert_eq!(error["path"], json!([name]), "{what}");
            assert!(body["data"].is_null(), "{what}");
            assert_eq!(app.stats().await["totalRequests"], 0, "{what}");
        }
    }
    // The same input goes through for a role with the ability.
    let token = mint_token(&["kcc-medewerker"], json!({}));
    for (name, query, variables) in &mutations {
        app.reset_stats().await;
        let body = app.graphql_as(&token, query, variables.clone()).await;
        assert!(body.get("errors").is_none(), "{name}: {body}");
        assert!(body["data"][name]["uuid"].is_string(), "{name}: {body}");
        let calls = app.stats().await["totalRequests"].as_u64().unwrap();
        assert!(calls >= 1, "{name}: the write reached the register");
    }
}

/// The register calls of one kind (`"PATCH"`, `"POST"`, …) since the last
/// reset, over every Klantinteracties route.
pub(super) async fn calls_of(app: &crate::helpers::TestApp, method: &str) -> u64 {
    let routes = app.stats().await["registers"]["klantinteracties"]["byRoute"].clone();
    routes.as_object().map_or(0, |routes| {
        routes
            .iter()
            .filter(|(route, _)| route.starts_with(&format!("{method} ")))
            .map(|(_, n)| n.as_u64().unwrap_or(0))
            .sum()
    })
}

#[tokio::test]
async fn writes_load_and_guard_their_target_before_writing() {
    // Issue 16, hole 1: a write reaches an object only when a query would
    // show it. As a kcc-medewerker (schrijven, not vertrouwelijk-lezen nor
    // geheimhouding-lezen) each write on a confidential target is FORBIDDEN
    // before anything is written; with the reading ability it goes through.
    let app = spawn_app_with(require_tokens).await;
    let ki = Ki::new(&app);
    let open = super::partij(&ki, false, "8810001").await;
    let geheim = super::partij(&ki, true, "8810002").await;
    let vertrouwelijk = super::klantcontact(&ki, true, &open.uuid).await;
    let actor = ki.medewerker("Medewerker Doel").await;
    let taak = super::interne_taak(&ki, &vertrouwelijk.uuid, &actor).await;
    let writes: [(&str, &str, Value, &str); 3] = [
        (
            "werkInterneTaakBij",
            "mutation($input: WerkInterneTaakBijInput!) {
               werkInterneTaakBij(input: $input) { uuid toelichting toegewezenAan { uuid } } }",
            json!({"input": {"uuid": taak.uuid, "toelichting": "overschreven"}}),
            "vertrouwelijk-lezen",
        ),
        (
            "maakInterneTaak",
            "mutation($input: MaakInterneTaakInput!) { maakInterneTaak(input: $input) { uuid } }",
            json!({"input": {"klantcontact": vertrouwelijk.uuid, "gevraagdeHandeling": "Terugbellen",
                             "toelichting": "op een vertrouwelijk contact", "actoren": [actor]}}),
            "vertrouwelijk-lezen",
        ),
        (
            "registreerKlantcontact",
            "mutation($input: RegistreerKlantcontactInput!) {
               registreerKlantcontact(input: $input) { uuid } }",
            json!({"input": {"partij": geheim.uuid, "kanaal": "telefoon", "onderwerp": "Geheim"}}),
            "geheimhouding-lezen",
        ),
    ];
    let medewerker = mint_token(&["kcc-medewerker"], json!({}));
    for (name, query, variables, ability) in &writes {
        app.reset_stats().await;
        let body = app.graphql_as(&medewerker, query, variables.clone()).await;
        let text = body.to_string();
        let (writes, reads) = (
            calls_of(&app, "POST").await + calls_of(&app, "PATCH").await,
            calls_of(&app, "GET").await,
        );
        eprintln!("hole 1, {name} as kcc-medewerker: {writes} writes, {reads} reads: {text}");
        assert_eq!(writes, 0, "{name}: nothing is written: {text}");
        assert_eq!(forbidden_errors(&body), 1, "{name}: {text}");
        assert_eq!(
            body["errors"][0]["extensions"]["ability"], *ability,
            "{text}"
        );
        assert!(body["data"].is_null(), "{name}: {text}");
        assert!(!text.contains(&taak.text), "{name}: {text}");
    }
    // The taak is as it was.
    let stored = ki
        .get(&format!("/internetaken/{}", taak.uuid))
        .await
        .expect(200);
    assert_eq!(stored["toelichting"], taak.text.as_str());

    // A role that may read the targets writes them.
    let beide = mint_token(&["kcc-medewerker", "kcc-vertrouwelijk"], json!({}));
    for (name, query, variables, _) in &writes {
        let body = app.graphql_as(&beide, query, variables.clone()).await;
        assert!(body.get("errors").is_none(), "{name}: {body}");
        assert!(body["data"][name]["uuid"].is_string(), "{name}: {body}");
    }
    let stored = ki
        .get(&format!("/internetaken/{}", taak.uuid))
        .await
        .expect(200);
    assert_eq!(stored["toelichting"], "overschreven");
}
