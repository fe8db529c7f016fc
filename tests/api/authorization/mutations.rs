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
