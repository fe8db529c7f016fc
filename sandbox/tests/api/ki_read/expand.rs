//! `expand` on partijen, klantcontacten, betrokkenen and digitaleadressen:
//! shapes, nesting, the loader's dedup, errors, and its cost.

use serde_json::{json, Value};

use super::*;
use crate::helpers::spawn_app;

fn expanded<'a>(item: &'a Value, name: &str) -> &'a Value {
    &item["_expand"][name]
}

#[tokio::test]
async fn the_persona_by_bsn_with_its_betrokkenen_and_klantcontacten() {
    let app = spawn_app().await;
    let body = ok(
        &app,
        &format!("/partijen?partijIdentificator__codeSoortObjectId=bsn&partijIdentificator__objectId={BSN}&expand=betrokkenen,betrokkenen.hadKlantcontact"),
    )
    .await;
    assert_eq!(body["count"], 1);
    let partij = &results(&body)[0];
    assert_eq!(partij["nummer"], PARTIJ_NUMMER);
    let betrokkenen = expanded(partij, "betrokkenen")
        .as_array()
        .expect("expanded");
    assert_eq!(
        betrokkenen.len(),
        partij["betrokkenen"].as_array().unwrap().len()
    );
    let mut contacts = Vec::new();
    for b in betrokkenen {
        assert_eq!(b["wasPartij"]["uuid"], partij["uuid"]);
        let k = expanded(b, "hadKlantcontact");
        assert_eq!(k["uuid"], b["hadKlantcontact"]["uuid"], "{b}");
        assert!(k["hadBetrokkenActoren"].is_array(), "a full klantcontact");
        contacts.push(k["nummer"].clone());
    }
    assert!(contacts.contains(&json!("234565432")));
    // Only what was asked for.
    assert!(expanded(partij, "digitaleAdressen").is_null());
    assert!(partij["_expand"].get("digitaleAdressen").is_none());
}

#[tokio::test]
async fn klantcontacten_expand_lists_and_their_empty_arrays() {
    let app = spawn_app().await;
    let contacts = persona_klantcontacten(
        &app,
        "&expand=leiddeTotInterneTaken,gingOverOnderwerpobjecten,omvatteBijlagen",
    )
    .await;
    let mut taken = 0;
    for k in &contacts {
        for (name, fks) in [
            ("leiddeTotInterneTaken", "leiddeTotInterneTaken"),
            ("gingOverOnderwerpobjecten", "gingOverOnderwerpobjecten"),
            ("omvatteBijlagen", "omvatteBijlagen"),
        ] {
            // Of the empty ones only the first is there (as `[]`), as Open
            // Klant 2.18.0 answers: an absent one is empty too.
            let empty = Vec::new();
            let items = match expanded(k, name) {
                Value::Null => &empty,
                v => v.as_array().expect("an array"),
            };
            let want: Vec<&Value> = k[fks]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| &f["url"])
                .collect();
            let got: Vec<&Value> = items.iter().map(|i| &i["url"]).collect();
            assert_eq!(got, want, "{name}");
        }
        taken += expanded(k, "leiddeTotInterneTaken")
            .as_array()
            .map_or(0, Vec::len);
        assert!(k["_expand"].get("hadBetrokkenen").is_none());
    }
    assert_eq!(taken, 18);
}

#[tokio::test]
async fn an_object_expanded_once_is_not_expanded_again_in_the_same_response() {
    let app = spawn_app().await;
    let contacts =
        persona_klantcontacten(&app, "&expand=hadBetrokkenen,hadBetrokkenen.wasPartij").await;
    assert_eq!(contacts.len(), 12);
    // Every contact's betrokkene was the persona: only the first occurrence
    // is filled in, the later ones get null although the FK is set.
    let was_partij: Vec<&Value> = contacts
        .iter()
        .map(|k| {
            let b = &expanded(k, "hadBetrokkenen")[0];
            assert!(!b["wasPartij"].is_null());
            &b["_expand"]["wasPartij"]
        })
        .collect();
    assert_eq!(was_partij[0]["nummer"], PARTIJ_NUMMER);
    assert!(
        was_partij[1..].iter().all(|p| p.is_null()),
        "{was_partij:?}"
    );
    // A detail is a response of its own: the partij is expanded again.
    let k = contacts[5]["uuid"].as_str().unwrap();
    let detail = ok(
        &app,
        &format!("/klantcontacten/{k}?expand=hadBetrokkenen,hadBetrokkenen.wasPartij"),
    )
    .await;
    assert_eq!(
        detail["_expand"]["hadBetrokkenen"][0]["_expand"]["wasPartij"]["nummer"],
        PARTIJ_NUMMER
    );

    // To-many expansions hold every related object met for the first time.
    let p = persona(&app).await;
    let body = ok(
        &app,
        &format!(
            "/partijen/{}?expand=digitaleAdressen",
            p["uuid"].as_str().unwrap()
        ),
    )
    .await;
    assert_eq!(
        body["_expand"]["digitaleAdressen"]
            .as_array()
            .unwrap()
            .len(),
        p["digitaleAdressen"].as_array().unwrap().len()
    );
}

#[tokio::test]
async fn a_nested_path_without_its_parent_expands_nothing() {
    let app = spawn_app().await;
    let contacts = persona_klantcontacten(&app, "&expand=hadBetrokkenen.wasPartij").await;
    // A list item carries `_expand` always; here it stays empty.
    assert!(contacts.iter().all(|k| k["_expand"] == json!({})));
    let p = persona(&app).await;
    let detail = ok(
        &app,
        &format!(
            "/partijen/{}?expand=betrokkenen.hadKlantcontact",
            p["uuid"].as_str().unwrap()
        ),
    )
    .await;
    assert!(detail.get("_expand").is_none());
    let plain = ok(&app, &format!("/partijen/{}", p["uuid"].as_str().unwrap())).await;
    assert!(plain.get("_expand").is_none());
}

#[tokio::test]
async fn repeated_and_comma_separated_expand_are_the_same() {
    let app = spawn_app().await;
    let p = persona(&app).await;
    let u = p["uuid"].as_str().unwrap();
    let comma = ok(
        &app,
        &format!("/partijen/{u}?expand=betrokkenen,digitaleAdressen,categorieRelaties"),
    )
    .await;
    let repeated = ok(
        &app,
        &format!(
            "/partijen/{u}?expand=betrokkenen&expand=digitaleAdressen&expand=categorieRelaties"
        ),
    )
    .await;
    assert_eq!(comma, repeated);
    assert!(comma["_expand"]["categorieRelaties"].is_array());
    let empty = ok(&app, &format!("/partijen/{u}?expand=")).await;
    assert!(empty.get("_expand").is_none());
}

#[tokio::test]
async fn betrokkenen_and_digitaleadressen_expand_down_to_the_interne_taken() {
    let app = spawn_app().await;
    let p = persona(&app).await;
    let u = p["uuid"].as_str().unwrap();
    let b = ok(
        &app,
        &format!("/betrokkenen?wasPartij__uuid={u}&expand=digitaleAdressen"),
    )
    .await;
    assert!(results(&b)
        .iter()
        .all(|b| b["_expand"]["digitaleAdressen"].is_array()));

    // Three levels deep; each level only where the one above was filled in.
    let all = ok(&app, "/digitaleadressen?pageSize=500&expand=verstrektDoorBetrokkene,verstrektDoorBetrokkene.hadKlantcontact,verstrektDoorBetrokkene.hadKlantcontact.leiddeTotInterneTaken").await;
    for d in results(&all) {
        let by = &d["_expand"]["verstrektDoorBetrokkene"];
        if d["verstrektDoorBetrokkene"].is_null() {
            assert!(by.is_null());
        } else if !by.is_null() {
            let k = &by["_expand"]["hadKlantcontact"];
            if !k.is_null() {
                assert!(k["_expand"]["leiddeTotInterneTaken"].is_array());
            }
        }
    }
    let adres = p["digitaleAdressen"][0]["uuid"].as_str().unwrap();
    let detail = ok(
        &app,
        &format!("/digitaleadressen/{adres}?expand=verstrektDoorBetrokkene"),
    )
    .await;
    assert_eq!(
        detail["_expand"]["verstrektDoorBetrokkene"].is_null(),
        detail["verstrektDoorBetrokkene"].is_null()
    );
}

#[tokio::test]
async fn bad_expand_values_and_expand_where_there_is_none_are_400() {
    let app = spawn_app().await;
    let (status, body) = get(&app, "/partijen?expand=betrokkenen,kinderen").await;
    assert_eq!(status, 400);
    assert_eq!(body["invalidParams"][0]["name"], "expand");
    assert_eq!(body["invalidParams"][0]["code"], "invalid_choice");
    assert_eq!(
        body["invalidParams"][0]["reason"],
        "Selecteer een geldige keuze. kinderen is geen beschikbare keuze."
    );
    let (status, _) = get(
        &app,
        "/klantcontacten?expand=hadBetrokkenen.hadKlantcontact",
    )
    .await;
    assert_eq!(status, 400);
    for path in [
        "/actoren?expand=x",
        "/internetaken?expand=",
        "/partijen?expand[]=betrokkenen",
    ] {
        let (status, body) = get(&app, path).await;
        assert_eq!(status, 400, "{path}");
        assert_eq!(
            body["invalidParams"][0]["code"], "unknown-parameters",
            "{path}"
        );
    }
}

#[tokio::test]
async fn expanded_objects_count_in_the_cost_model() {
    let app = spawn_app().await;
    let p = persona(&app).await;
    let u = p["uuid"].as_str().unwrap();
    let n = p["betrokkenen"].as_array().unwrap().len() as u64;
    app.set_faults(
        json!({"register": "klantinteracties", "perObjectMs": 3, "perExpandedObjectMs": 5}),
    )
    .await;
    app.reset_stats().await;
    ok(
        &app,
        &format!("/partijen/{u}?expand=betrokkenen,betrokkenen.hadKlantcontact"),
    )
    .await;
    let stats = app.stats().await;
    // One partij returned, n betrokkenen and their n klantcontacten expanded.
    assert_eq!(
        stats["registers"]["klantinteracties"]["busyMs"],
        json!(3 + 5 * 2 * n)
    );
}
