//! A refused lookup is indistinguishable from not found (issue 16, hole 2):
//! whoever may not read a partij with `indicatieGeheimhouding` learns from
//! no lookup, search route or error that a BSN or nummer belongs to one.

use serde_json::{json, Value};

use super::forbidden_errors;
use crate::helpers::{mint_token, require_tokens, spawn_app_with};
use crate::ki_client::{identificator, persoon, Ki};

/// Suzanne Moulin in the BRP test data: a person no generated partij has.
const BSN: &str = "999993653";
/// A valid BSN that neither register holds.
const NERGENS: &str = "123456782";

/// The answer with every occurrence of `bsn` replaced, so that the answers
/// for two BSNs compare.
fn zonder(body: &Value, bsn: &str) -> String {
    body.to_string().replace(bsn, "<bsn>")
}

#[tokio::test]
async fn a_geheim_partij_answers_as_a_partij_that_does_not_exist() {
    let app = spawn_app_with(require_tokens).await;
    let ki = Ki::new(&app);
    let naam = format!("Geheim{}", uuid::Uuid::new_v4().simple());
    let mut body = persoon("Suzanne", &naam);
    body["indicatieGeheimhouding"] = json!(true);
    body["nummer"] = json!("8820001");
    body["partijIdentificatoren"] = json!([identificator("natuurlijk_persoon", "bsn", "brp", BSN)]);
    let geheim = ki.create("/partijen", body).await;
    let medewerker = mint_token(&["kcc-medewerker"], json!({}));

    // By BSN: the same NOT_FOUND as for a BSN no partij has.
    let op_bsn =
        "query($w: String!) { partijOpIdentificator(soort: BSN, waarde: $w) { uuid naam } }";
    let refused = app.graphql_as(&medewerker, op_bsn, json!({"w": BSN})).await;
    let absent = app
        .graphql_as(&medewerker, op_bsn, json!({"w": NERGENS}))
        .await;
    eprintln!("hole 2, partijOpIdentificator of a geheim partij: {refused}");
    assert_eq!(zonder(&refused, BSN), zonder(&absent, NERGENS));
    assert_eq!(forbidden_errors(&refused), 0, "{refused}");
    assert!(!refused.to_string().contains(&geheim), "{refused}");

    // By nummer: likewise.
    let op_nummer = "query($n: String!) { partijOpNummer(nummer: $n) { uuid naam } }";
    let refused = app
        .graphql_as(&medewerker, op_nummer, json!({"n": "8820001"}))
        .await;
    let absent = app
        .graphql_as(&medewerker, op_nummer, json!({"n": "8820009"}))
        .await;
    assert_eq!(
        zonder(&refused, "8820001"),
        zonder(&absent, "8820009"),
        "{refused}"
    );

    // The BRP search route: the person's partij is null as for a person
    // without one (no FORBIDDEN naming geheimhouding).
    let search = r#"query { zoekPartijen(zoek: {geslachtsnaam: "Moulin", voornamen: "Suzanne",
        gemeenteVanInschrijving: "0599"}) { nodes { bron partij { uuid naam } persoon { burgerservicenummer } } } }"#;
    let body = app.graphql_as(&medewerker, search, json!({})).await;
    eprintln!("hole 2, zoekPartijen BRP route to a geheim partij: {body}");
    assert_eq!(
        body,
        json!({"data": {"zoekPartijen": {"nodes": [
            {"bron": "BRP", "partij": null, "persoon": {"burgerservicenummer": BSN}}]}}})
    );
    // The identificator route: the person as for a BSN no partij has.
    let by_bsn = r#"query($w: String!) { zoekPartijen(zoek: {identificator: {soort: BSN, waarde: $w}})
        { nodes { bron partij { uuid } persoon { burgerservicenummer } } } }"#;
    let body = app.graphql_as(&medewerker, by_bsn, json!({"w": BSN})).await;
    assert_eq!(
        body,
        json!({"data": {"zoekPartijen": {"nodes": [
            {"bron": "BRP", "partij": null, "persoon": {"burgerservicenummer": BSN}}]}}})
    );

    // Who may read it finds it every way.
    let vertrouwelijk = mint_token(&["kcc-medewerker", "kcc-vertrouwelijk"], json!({}));
    let body = app
        .graphql_as(&vertrouwelijk, op_bsn, json!({"w": BSN}))
        .await;
    assert_eq!(
        body["data"]["partijOpIdentificator"]["uuid"],
        geheim.as_str()
    );
    let body = app.graphql_as(&vertrouwelijk, search, json!({})).await;
    assert_eq!(
        body["data"]["zoekPartijen"]["nodes"][0]["partij"]["uuid"],
        geheim.as_str(),
        "{body}"
    );
}
