//! The query roots beside the klantbeeld: look-ups by identificator, single
//! objects, an actor's work list as a connection, and whole reference lists.

use serde_json::{json, Value};

use crate::helpers::spawn_app;

fn data(body: &Value) -> &Value {
    assert!(body.get("errors").is_none(), "{body:#}");
    &body["data"]
}

#[tokio::test]
async fn a_partij_is_found_by_bsn_and_its_contacts_come_newest_first() {
    let app = spawn_app().await;
    let body = app
        .graphql(
            r#"{ partijOpIdentificator(soort: BSN, waarde: "999990007") {
                   nummer naam soortPartij contactnaam { voornaam achternaam }
                   klantcontacten(first: 5) { edges { cursor node { nummer plaatsgevondenOp } } pageInfo { hasNextPage } }
                   alle: klantcontacten { edges { node { plaatsgevondenOp } } } } }"#,
            json!({}),
        )
        .await;
    let p = &data(&body)["partijOpIdentificator"];
    assert_eq!(p["nummer"], "123454321");
    assert_eq!(p["soortPartij"], "PERSOON");
    assert_eq!(p["contactnaam"]["achternaam"], "Oostrum");
    assert_eq!(p["klantcontacten"]["edges"].as_array().unwrap().len(), 5);
    assert_eq!(p["klantcontacten"]["pageInfo"]["hasNextPage"], true);
    let dates: Vec<chrono::DateTime<chrono::FixedOffset>> = p["alle"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            chrono::DateTime::parse_from_rfc3339(e["node"]["plaatsgevondenOp"].as_str().unwrap())
                .unwrap()
        })
        .collect();
    assert_eq!(dates.len(), 12);
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "not newest first: {dates:?}"
    );

    // The next page continues after the cursor.
    let cursor = p["klantcontacten"]["edges"][4]["cursor"]
        .as_str()
        .unwrap()
        .to_string();
    let body = app
        .graphql(
            r#"query($after: String) { partijOpIdentificator(soort: BSN, waarde: "999990007") {
                   klantcontacten(first: 10, after: $after) { edges { node { plaatsgevondenOp } } pageInfo { hasNextPage hasPreviousPage } } } }"#,
            json!({ "after": cursor }),
        )
        .await;
    let page = &data(&body)["partijOpIdentificator"]["klantcontacten"];
    assert_eq!(page["edges"].as_array().unwrap().len(), 7);
    assert_eq!(page["pageInfo"]["hasNextPage"], false);
    assert_eq!(page["pageInfo"]["hasPreviousPage"], true);
}

#[tokio::test]
async fn single_objects_and_an_actors_work_list() {
    let app = spawn_app().await;
    let body = app
        .graphql(
            r#"{ partijOpNummer(nummer: "123454321") { betrokkenen { klantcontact { uuid nummer
                   interneTaken { uuid nummer toegewezenAan { uuid } } } } } }"#,
            json!({}),
        )
        .await;
    let betrokkenen = data(&body)["partijOpNummer"]["betrokkenen"]
        .as_array()
        .unwrap()
        .clone();
    let contact = betrokkenen
        .iter()
        .map(|b| &b["klantcontact"])
        .find(|k| k["nummer"] == "234565432")
        .expect("klantcontact 234565432")
        .clone();
    let taak = contact["interneTaken"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["nummer"] == "334565432")
        .expect("interne taak 334565432")
        .clone();
    let actor = taak["toegewezenAan"][0]["uuid"]
        .as_str()
        .unwrap()
        .to_string();

    let body = app
        .graphql(
            r#"query($k: ID!, $t: ID!, $a: ID!) {
                 klantcontact(uuid: $k) { nummer betrokkenen { rol contactnaam { achternaam } } interneTaken { nummer } }
                 interneTaak(uuid: $t) { gevraagdeHandeling aanleidinggevendKlantcontact { nummer } }
                 actor(uuid: $a) { naam soortActor ... on Medewerker { functie } }
                 werk: interneTaken(actor: $a, status: TE_VERWERKEN, first: 2) {
                   edges { cursor node { status toegewezenAan { uuid } } } pageInfo { hasNextPage } } }"#,
            json!({ "k": contact["uuid"], "t": taak["uuid"], "a": actor }),
        )
        .await;
    let d = data(&body);
    assert_eq!(d["klantcontact"]["nummer"], "234565432");
    assert_eq!(
        d["klantcontact"]["betrokkenen"][0]["contactnaam"]["achternaam"],
        "Oostrum"
    );
    assert_eq!(d["interneTaak"]["gevraagdeHandeling"], "Terugbellen");
    assert_eq!(
        d["interneTaak"]["aanleidinggevendKlantcontact"]["nummer"],
        "234565432"
    );
    assert_eq!(d["actor"]["soortActor"], "MEDEWERKER");
    let werk = d["werk"]["edges"].as_array().unwrap();
    assert!(!werk.is_empty() && werk.len() <= 2, "{werk:?}");
    for e in werk {
        assert_eq!(e["node"]["status"], "TE_VERWERKEN");
        let assigned: Vec<&str> = e["node"]["toegewezenAan"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["uuid"].as_str().unwrap())
            .collect();
        assert!(assigned.contains(&actor.as_str()));
    }
}

#[tokio::test]
async fn a_reference_list_with_validity() {
    let app = spawn_app().await;
    let body = app
        .graphql(r#"{ referentielijst(tabel: "TAAL") { tabel waarden { code naam geldig einddatumGeldigheid } } }"#, json!({}))
        .await;
    let lijst = &data(&body)["referentielijst"];
    let waarden = lijst["waarden"].as_array().unwrap();
    let nld = waarden.iter().find(|w| w["code"] == "nld").expect("nld");
    assert_eq!(nld["naam"], "Nederlands");
    assert_eq!(nld["geldig"], true);
    // The sandbox holds expired or not-yet-valid items too; they are marked.
    assert!(waarden.iter().any(|w| w["geldig"] == false), "{lijst:#}");
}
