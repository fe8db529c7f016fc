//! `fields`: exactly what was asked for (a group whole, a Waardetabel or
//! date whole), the always-delivered fields added, inOnderzoek next to the
//! fields it concerns, and every wrong path a 400.

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::{assert_problem, personen, post, raadpleeg};
use crate::helpers::{spawn_app, TestApp};

async fn een(app: &TestApp, bsn: &str, fields: &[&str]) -> Value {
    let p = personen(app, raadpleeg(&[bsn], fields)).await;
    assert_eq!(p.len(), 1, "{bsn}");
    p[0].clone()
}

fn datum(iso: &str, lang: &str) -> Value {
    json!({"type": "Datum", "datum": iso, "langFormaat": lang})
}

#[tokio::test]
async fn only_the_requested_fields_come_back() {
    let app = spawn_app().await;
    assert_eq!(
        een(&app, "999993653", &["naam.voornamen"]).await,
        json!({"naam": {"voornamen": "Suzanne"}})
    );
    assert_eq!(
        een(
            &app,
            "999993653",
            &["naam.geslachtsnaam", "burgerservicenummer"]
        )
        .await,
        json!({"burgerservicenummer": "999993653", "naam": {"geslachtsnaam": "Moulin"}})
    );
    // A sub-field of a Waardetabel or a date gives the whole object.
    for f in ["geslacht", "geslacht.code", "geslacht.omschrijving"] {
        assert_eq!(
            een(&app, "999993653", &[f]).await,
            json!({"geslacht": {"code": "V", "omschrijving": "vrouw"}}),
            "{f}"
        );
    }
    for f in [
        "geboorte.datum",
        "geboorte.datum.jaar",
        "geboorte.datum.type",
        "geboorte.datum.onbekend",
    ] {
        assert_eq!(
            een(&app, "999993653", &[f]).await,
            json!({"geboorte": {"datum": datum("1985-12-01", "1 december 1985")}}),
            "{f}"
        );
    }
    // A requested field without a value is left out, with its empty group.
    assert_eq!(
        een(&app, "999993653", &["naam.adellijkeTitelPredicaat"]).await,
        json!({})
    );
    // Polymorphic objects say what they are.
    assert_eq!(
        een(
            &app,
            "999993653",
            &["verblijfplaats.verblijfadres.postcode"]
        )
        .await,
        json!({"verblijfplaats": {"type": "Adres", "verblijfadres": {"postcode": "3077AW"}}})
    );
}

#[tokio::test]
async fn fields_of_relations_and_their_onderzoek() {
    let app = spawn_app().await;
    assert_eq!(
        een(&app, "999970008", &["partners.burgerservicenummer"]).await,
        json!({"partners": [{"burgerservicenummer": "999970148"}]})
    );
    let p = een(&app, "999970008", &["kinderen.naam.voornamen"]).await;
    let kinderen = p["kinderen"].as_array().expect("kinderen");
    assert_eq!(kinderen.len(), 3);
    // Gloria's whole category is in onderzoek: her voornamen are too.
    assert_eq!(
        kinderen[0],
        json!({"naam": {"voornamen": "Gloria", "inOnderzoek": {
            "voornamen": true, "datumIngangOnderzoek": datum("2022-08-25", "25 augustus 2022")}}})
    );
    // Gijs's geboorte is in onderzoek, not asked for: nothing extra.
    assert_eq!(kinderen[1], json!({"naam": {"voornamen": "Gijs"}}));
}

#[tokio::test]
async fn in_onderzoek_comes_with_the_fields_it_concerns() {
    let app = spawn_app().await;
    // 999970318: burgerservicenummer (01.20) in onderzoek.
    assert_eq!(
        een(
            &app,
            "999970318",
            &["burgerservicenummer", "naam.voornamen"]
        )
        .await["inOnderzoek"],
        json!({"burgerservicenummer": true, "datumIngangOnderzoekPersoon": datum("2020-02-02", "2 februari 2020")})
    );
    assert!(een(&app, "999970318", &["naam.voornamen"])
        .await
        .get("inOnderzoek")
        .is_none());
    // 999994086: geboortedatum (01.03.10) in onderzoek: leeftijd and geboorte.datum.
    let p = een(&app, "999994086", &["leeftijd", "geboorte.datum"]).await;
    assert_eq!(p["inOnderzoek"]["leeftijd"], true);
    assert_eq!(p["geboorte"]["inOnderzoek"]["datum"], true);
    assert!(p["geboorte"]["inOnderzoek"].get("plaats").is_none());
    let p = een(&app, "999994086", &["naam"]).await;
    assert!(p.get("inOnderzoek").is_none() && p["naam"].get("inOnderzoek").is_none());
}

#[tokio::test]
async fn search_results_are_persoon_beperkt() {
    let app = spawn_app().await;
    let body = json!({"type": "ZoekMetPostcodeEnHuisnummer", "postcode": "3077AW", "huisnummer": 31,
        "fields": ["burgerservicenummer", "geboorte", "adressering", "naam.volledigeNaam"]});
    let p = personen(&app, body).await;
    let moulin = p
        .iter()
        .find(|p| p["burgerservicenummer"] == "999993653")
        .expect("found");
    assert_eq!(
        moulin,
        &json!({
            "burgerservicenummer": "999993653",
            "geboorte": {"datum": datum("1985-12-01", "1 december 1985")},
            "adressering": {"adresregel1": "Boterdiep 31", "adresregel2": "3077 AW  ROTTERDAM"},
            "naam": {"volledigeNaam": "Suzanne Moulin"}
        })
    );
}

#[tokio::test]
async fn binnenland_aliases_never_deliver_foreign_data() {
    let app = spawn_app().await;
    let fields = [
        "burgerservicenummer",
        "verblijfplaatsBinnenland",
        "adresseringBinnenland.adresregel1",
    ];
    let p = personen(&app, raadpleeg(&["999993653", "999993483"], &fields)).await;
    assert_eq!(p[0]["verblijfplaats"]["type"], "Adres");
    assert_eq!(p[0]["adressering"], json!({"adresregel1": "Boterdiep 31"}));
    assert!(p[1].get("verblijfplaats").is_none() && p[1].get("adressering").is_none());
}

#[tokio::test]
async fn wrong_fields_are_400() {
    let app = spawn_app().await;
    let niet_bestaand = "Parameter bevat een niet bestaande veldnaam.";
    let niet_toegestaan = "Parameter bevat een niet toegestane veldnaam.";
    for (fields, naam, reden) in [
        (vec!["anummer"], "fields[0]", niet_bestaand),
        (
            vec!["burgerservicenummer", "naam.bestaatNiet"],
            "fields[1]",
            niet_bestaand,
        ),
        (vec!["inOnderzoek"], "fields[0]", niet_toegestaan),
        (
            vec!["naam.inOnderzoek.voornamen"],
            "fields[0]",
            niet_toegestaan,
        ),
        (
            vec!["geheimhoudingPersoonsgegevens"],
            "fields[0]",
            niet_toegestaan,
        ),
        (
            vec!["opschortingBijhouding.reden"],
            "fields[0]",
            niet_toegestaan,
        ),
        (
            vec!["verblijfplaats.indicatieVastgesteldVerblijftNietOpAdres"],
            "fields[0]",
            niet_toegestaan,
        ),
    ] {
        let (status, body) = post(&app, &raadpleeg(&["999993653"], &fields)).await;
        assert_problem(
            status,
            &body,
            StatusCode::BAD_REQUEST,
            "paramsValidation",
            &[naam],
        );
        assert_eq!(body["invalidParams"][0]["code"], "fields");
        assert_eq!(body["invalidParams"][0]["reason"], reden, "{fields:?}");
    }
    // Persoon fields do not exist on PersoonBeperkt, gezag only on GezagPersoonBeperkt.
    for (soort, extra, field) in [
        (
            "ZoekMetPostcodeEnHuisnummer",
            json!({"postcode": "3077AW", "huisnummer": 31}),
            "aNummer",
        ),
        (
            "ZoekMetPostcodeEnHuisnummer",
            json!({"postcode": "3077AW", "huisnummer": 31}),
            "verblijfplaats",
        ),
        (
            "ZoekMetPostcodeEnHuisnummer",
            json!({"postcode": "3077AW", "huisnummer": 31}),
            "gezag",
        ),
        (
            "ZoekMetPostcodeEnHuisnummer",
            json!({"postcode": "3077AW", "huisnummer": 31}),
            "naam.aanduidingNaamgebruik",
        ),
    ] {
        let mut body = extra;
        body["type"] = json!(soort);
        body["fields"] = json!(["burgerservicenummer", field]);
        let (status, problem) = post(&app, &body).await;
        assert_problem(
            status,
            &problem,
            StatusCode::BAD_REQUEST,
            "paramsValidation",
            &["fields[1]"],
        );
    }
    let gezag = json!({"type": "ZoekMetAdresseerbaarObjectIdentificatie",
        "adresseerbaarObjectIdentificatie": "0599010000208579", "fields": ["gezag.type"]});
    personen(&app, gezag).await;
    // Pattern, count and type of the list.
    let (status, body) = post(&app, &raadpleeg(&["999993653"], &["a*nummer"])).await;
    assert_problem(
        status,
        &body,
        StatusCode::BAD_REQUEST,
        "paramsValidation",
        &["fields[0]"],
    );
    assert_eq!(
        body["invalidParams"][0]["reason"],
        r"Waarde voldoet niet aan patroon ^[a-zA-Z0-9\._]{1,200}$."
    );
    let veel: Vec<String> = (0..131)
        .map(|_| "burgerservicenummer".to_string())
        .collect();
    let veel: Vec<&str> = veel.iter().map(String::as_str).collect();
    let (status, body) = post(&app, &raadpleeg(&["999993653"], &veel)).await;
    assert_problem(
        status,
        &body,
        StatusCode::BAD_REQUEST,
        "paramsValidation",
        &["fields"],
    );
    assert_eq!(body["invalidParams"][0]["code"], "maxItems");
    personen(&app, raadpleeg(&["999993653"], &veel[..130])).await;
    let (status, body) = post(&app, &raadpleeg(&["999993653"], &[])).await;
    assert_problem(
        status,
        &body,
        StatusCode::BAD_REQUEST,
        "paramsValidation",
        &["fields"],
    );
    assert_eq!(body["invalidParams"][0]["code"], "minItems");
    let mut als_tekst = raadpleeg(&["999993653"], &[]);
    als_tekst["fields"] = json!("burgerservicenummer,geslacht");
    let (status, body) = post(&app, &als_tekst).await;
    assert_problem(
        status,
        &body,
        StatusCode::BAD_REQUEST,
        "paramsValidation",
        &["fields"],
    );
    assert_eq!(body["invalidParams"][0]["code"], "array");
    let mut zonder = raadpleeg(&["999993653"], &[]);
    zonder.as_object_mut().unwrap().remove("fields");
    let (status, body) = post(&app, &zonder).await;
    assert_problem(
        status,
        &body,
        StatusCode::BAD_REQUEST,
        "paramsCombination",
        &["fields"],
    );
    assert_eq!(
        body["title"],
        "Minimale combinatie van parameters moet worden opgegeven."
    );
}
