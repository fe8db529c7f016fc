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
            app.ki_calls(&["POST", "PATCH"]).await,
            app.ki_calls(&["GET"]).await,
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

/// Whether a role may write: the ability `schrijven`, which of the default
/// roles only `kcc-medewerker` grants.
fn schrijft(roles: &[&str]) -> bool {
    roles.contains(&"kcc-medewerker")
}

#[tokio::test]
async fn every_role_writes_exactly_the_targets_it_may_read() {
    // The roles × objects table of the queries (mod.rs), over the mutation
    // paths: each write on an open and on a confidential target, for every
    // default role. A write goes through only with `schrijven` and, on a
    // confidential target, the ability to read it; otherwise FORBIDDEN
    // naming the ability missing, nothing written, nothing of the target
    // in the answer.
    let app = spawn_app_with(require_tokens).await;
    let ki = Ki::new(&app);
    let open = super::partij(&ki, false, "8820001").await;
    let geheim = super::partij(&ki, true, "8820002").await;
    let open_contact = super::klantcontact(&ki, false, &open.uuid).await;
    let vertrouwelijk = super::klantcontact(&ki, true, &open.uuid).await;
    let actor = ki.medewerker("Medewerker Tabel").await;
    let open_taak = super::interne_taak(&ki, &open_contact.uuid, &actor).await;
    let vertrouwelijke_taak = super::interne_taak(&ki, &vertrouwelijk.uuid, &actor).await;
    const BIJWERKEN: &str = "mutation($input: WerkInterneTaakBijInput!) {
       werkInterneTaakBij(input: $input) { uuid toelichting } }";
    const MAKEN: &str = "mutation($input: MaakInterneTaakInput!) {
       maakInterneTaak(input: $input) { uuid aanleidinggevendKlantcontact { onderwerp } } }";
    const REGISTREREN: &str = "mutation($input: RegistreerKlantcontactInput!) {
       registreerKlantcontact(input: $input) { uuid } }";
    // (path, mutation, input, the target's marker text, the reading ability
    // a confidential target needs, or None for an open one).
    let targets: [(&str, &str, Value, &str, Option<&str>); 6] = [
        (
            "werkInterneTaakBij (taak at an open klantcontact)",
            BIJWERKEN,
            json!({"input": {"uuid": open_taak.uuid, "toelichting": "bijgewerkt"}}),
            &open_taak.text,
            None,
        ),
        (
            "werkInterneTaakBij (taak at a vertrouwelijk klantcontact)",
            BIJWERKEN,
            json!({"input": {"uuid": vertrouwelijke_taak.uuid, "toelichting": "bijgewerkt"}}),
            &vertrouwelijke_taak.text,
            Some("vertrouwelijk-lezen"),
        ),
        (
            "maakInterneTaak (at an open klantcontact)",
            MAKEN,
            json!({"input": {"klantcontact": open_contact.uuid, "gevraagdeHandeling": "Terugbellen",
                             "actoren": [actor]}}),
            &open_contact.text,
            None,
        ),
        (
            "maakInterneTaak (at a vertrouwelijk klantcontact)",
            MAKEN,
            json!({"input": {"klantcontact": vertrouwelijk.uuid, "gevraagdeHandeling": "Terugbellen",
                             "actoren": [actor]}}),
            &vertrouwelijk.text,
            Some("vertrouwelijk-lezen"),
        ),
        (
            "registreerKlantcontact (open partij)",
            REGISTREREN,
            json!({"input": {"partij": open.uuid, "kanaal": "telefoon", "onderwerp": "Tabel"}}),
            &open.text,
            None,
        ),
        (
            "registreerKlantcontact (geheim partij)",
            REGISTREREN,
            json!({"input": {"partij": geheim.uuid, "kanaal": "telefoon", "onderwerp": "Tabel"}}),
            &geheim.text,
            Some("geheimhouding-lezen"),
        ),
    ];
    let mut checked = 0;
    for (roles, vertrouwelijk_lezen, geheimhouding_lezen) in super::ROLES {
        let token = mint_token(roles, json!({}));
        for (path, query, variables, text, ability) in &targets {
            app.reset_stats().await;
            let body = app.graphql_as(&token, query, variables.clone()).await;
            let answer = body.to_string();
            let writes = app.ki_calls(&["POST", "PATCH"]).await;
            let reads_it = match *ability {
                None => true,
                Some("vertrouwelijk-lezen") => *vertrouwelijk_lezen,
                Some(_) => *geheimhouding_lezen,
            };
            let what = format!("roles {roles:?}, {path}: {writes} writes: {answer}");
            if schrijft(roles) && reads_it {
                assert!(body.get("errors").is_none(), "should write: {what}");
                assert!(writes >= 1, "the write reached the register: {what}");
            } else {
                let missing = if schrijft(roles) {
                    ability.unwrap()
                } else {
                    "schrijven"
                };
                assert_eq!(writes, 0, "nothing written: {what}");
                assert_eq!(forbidden_errors(&body), 1, "{what}");
                assert_eq!(
                    body["errors"][0]["extensions"]["ability"], missing,
                    "{what}"
                );
                assert!(body["data"].is_null(), "{what}");
                if ability.is_some() {
                    assert!(!answer.contains(*text), "target leaked: {what}");
                }
            }
            checked += 1;
        }
    }
    assert_eq!(checked, super::ROLES.len() * targets.len());
}
