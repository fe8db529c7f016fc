//! RaadpleegMetBurgerservicenummer: the full `Persoon` in the v2 shape,
//! batches of at most 20 BSNs, unknown BSNs simply missing.

use chrono::{Datelike, NaiveDate};
use reqwest::StatusCode;
use serde_json::{json, Value};

use super::{assert_problem, bsns, personen, post, raadpleeg};
use crate::helpers::spawn_app;

fn leeftijd(geboren: NaiveDate) -> u64 {
    let vandaag = chrono::Local::now().date_naive();
    let mut jaren = vandaag.year() - geboren.year();
    if (vandaag.month(), vandaag.day()) < (geboren.month(), geboren.day()) {
        jaren -= 1;
    }
    jaren as u64
}

#[tokio::test]
async fn suzanne_moulin_in_the_v2_shape() {
    let app = spawn_app().await;
    let fields = [
        "burgerservicenummer",
        "naam",
        "geslacht",
        "leeftijd",
        "geboorte",
        "nationaliteiten",
        "verblijfplaats",
        "immigratie",
        "gemeenteVanInschrijving",
        "adressering",
    ];
    let p = personen(&app, raadpleeg(&["999993653"], &fields)).await;
    assert_eq!(p.len(), 1);
    let p = &p[0];
    let mut keys: Vec<&str> = p.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut verwacht = fields.to_vec();
    verwacht.sort_unstable();
    assert_eq!(keys, verwacht, "only what was asked: {p:#}");
    assert_eq!(
        p["naam"],
        json!({
            "voornamen": "Suzanne", "geslachtsnaam": "Moulin", "voorletters": "S.",
            "volledigeNaam": "Suzanne Moulin",
            "aanduidingNaamgebruik": {"code": "E", "omschrijving": "eigen geslachtsnaam"}
        })
    );
    assert_eq!(p["geslacht"], json!({"code": "V", "omschrijving": "vrouw"}));
    let geboren = NaiveDate::from_ymd_opt(1985, 12, 1).unwrap();
    assert_eq!(p["leeftijd"], leeftijd(geboren));
    assert_eq!(
        p["geboorte"],
        json!({
            "datum": {"type": "Datum", "datum": "1985-12-01", "langFormaat": "1 december 1985"},
            "land": {"code": "5001", "omschrijving": "Canada"},
            "plaats": {"omschrijving": "Thann"}
        })
    );
    assert_eq!(p["nationaliteiten"][0]["type"], "Nationaliteit");
    assert_eq!(
        p["nationaliteiten"][0]["nationaliteit"]["omschrijving"],
        "Franse"
    );
    assert_eq!(
        p["nationaliteiten"][0]["datumIngangGeldigheid"],
        json!({"type": "DatumOnbekend", "onbekend": true, "langFormaat": "onbekend"})
    );
    let v = &p["verblijfplaats"];
    assert_eq!(v["type"], "Adres");
    assert_eq!(
        v["verblijfadres"],
        json!({
            "officieleStraatnaam": "Boterdiep", "korteStraatnaam": "Boterdiep",
            "huisnummer": 31, "postcode": "3077AW", "woonplaats": "Rotterdam"
        })
    );
    assert_eq!(v["functieAdres"]["code"], "W");
    assert_eq!(v["adresseerbaarObjectIdentificatie"], "0599010000208579");
    assert_eq!(v["nummeraanduidingIdentificatie"], "0599200000219678");
    assert_eq!(v["datumVan"]["datum"], "2015-08-08");
    assert_eq!(
        p["immigratie"],
        json!({
            "landVanwaarIngeschreven": {"code": "5002", "omschrijving": "Frankrijk"},
            "datumVestigingInNederland": {"type": "Datum", "datum": "2013-11-02", "langFormaat": "2 november 2013"},
            "indicatieVestigingVanuitBuitenland": true
        })
    );
    assert_eq!(
        p["gemeenteVanInschrijving"],
        json!({"code": "0599", "omschrijving": "Rotterdam"})
    );
    assert_eq!(
        p["adressering"],
        json!({
            "aanhef": "Geachte mevrouw Moulin",
            "aanschrijfwijze": {"naam": "S. Moulin"},
            "gebruikInLopendeTekst": "mevrouw Moulin",
            "adresregel1": "Boterdiep 31",
            "adresregel2": "3077 AW  ROTTERDAM"
        })
    );
}

#[tokio::test]
async fn an_emigrated_countess_with_geheimhouding() {
    let app = spawn_app().await;
    let fields = [
        "burgerservicenummer",
        "naam",
        "verblijfplaats",
        "adressering",
        "kinderen",
    ];
    let p = personen(&app, raadpleeg(&["999993483"], &fields)).await;
    let p = &p[0];
    // Always delivered, never asked for.
    assert_eq!(p["geheimhoudingPersoonsgegevens"], true);
    assert_eq!(
        p["opschortingBijhouding"]["reden"],
        json!({"code": "E", "omschrijving": "emigratie"})
    );
    assert_eq!(p["opschortingBijhouding"]["datum"]["datum"], "2014-07-02");
    assert_eq!(
        p["naam"]["adellijkeTitelPredicaat"],
        json!({"code": "GI", "omschrijving": "gravin", "soort": "titel"})
    );
    assert_eq!(
        p["naam"]["volledigeNaam"],
        "Jacoba Magdalena gravin te Schaars"
    );
    let v = &p["verblijfplaats"];
    assert_eq!(v["type"], "VerblijfplaatsBuitenland");
    assert_eq!(
        v["verblijfadres"],
        json!({
            "regel1": "Rue du pomme 25", "regel2": "Bruxelles", "regel3": "postcode 1000",
            "land": {"code": "5010", "omschrijving": "België"}
        })
    );
    let a = &p["adressering"];
    assert_eq!(a["aanhef"], "Hooggeboren vrouwe");
    assert_eq!(
        a["aanschrijfwijze"],
        json!({"naam": "J.M. gravin te Schaars", "aanspreekvorm": "De hooggeboren vrouwe"})
    );
    assert_eq!(a["gebruikInLopendeTekst"], "gravin te Schaars");
    assert_eq!(a["adresregel1"], "Rue du pomme 25");
    assert_eq!(a["adresregel3"], "postcode 1000");
    assert_eq!(a["land"]["omschrijving"], "België");
    assert_eq!(p["kinderen"].as_array().map(Vec::len), Some(2));
    assert!(p["kinderen"][0]["naam"]["voornamen"].is_string());
}

#[tokio::test]
async fn other_kinds_of_verblijfplaats_and_the_deceased() {
    let app = spawn_app().await;
    let fields = [
        "burgerservicenummer",
        "verblijfplaats",
        "overlijden",
        "leeftijd",
        "rni",
    ];
    let p = personen(
        &app,
        raadpleeg(
            &["999997002", "999970239", "999990305", "999993586"],
            &fields[..4],
        ),
    )
    .await;
    assert_eq!(
        bsns(&p),
        ["999997002", "999970239", "999990305", "999993586"]
    );
    assert_eq!(p[0]["verblijfplaats"]["type"], "Locatie");
    assert_eq!(
        p[0]["verblijfplaats"]["verblijfadres"]["locatiebeschrijving"],
        "woonaak De Kabouter in Ruigoord"
    );
    // Deceased persons are always returned by raadplegen, without leeftijd.
    assert_eq!(p[1]["opschortingBijhouding"]["reden"]["code"], "O");
    assert_eq!(p[1]["overlijden"]["datum"]["datum"], "2020-08-01");
    assert!(p[1].get("leeftijd").is_none());
    // An RNI person: rni is always delivered.
    assert_eq!(p[2]["rni"].as_array().map(Vec::len), Some(2));
    assert_eq!(p[2]["verblijfplaats"]["type"], "VerblijfplaatsBuitenland");
    // Land 0000 and no address: verblijfplaats onbekend.
    assert_eq!(p[3]["verblijfplaats"]["type"], "VerblijfplaatsOnbekend");
    // rni may not be asked for.
    let (status, body) = post(&app, &raadpleeg(&["999990305"], &fields)).await;
    assert_problem(
        status,
        &body,
        StatusCode::BAD_REQUEST,
        "paramsValidation",
        &["fields[4]"],
    );
}

#[tokio::test]
async fn gezag_in_the_2_7_shape_names_the_people() {
    let app = spawn_app().await;
    let p = personen(
        &app,
        raadpleeg(
            &["999970021", "999970045"],
            &["burgerservicenummer", "gezag"],
        ),
    )
    .await;
    let eenhoofdig = &p[0]["gezag"][0];
    assert_eq!(eenhoofdig["type"], "EenhoofdigOuderlijkGezag");
    assert_eq!(
        eenhoofdig["minderjarige"]["burgerservicenummer"],
        "999970021"
    );
    assert_eq!(
        eenhoofdig["minderjarige"]["naam"]["volledigeNaam"],
        "Maya Maasland"
    );
    assert_eq!(
        eenhoofdig["minderjarige"]["leeftijd"],
        leeftijd(NaiveDate::from_ymd_opt(2015, 2, 1).unwrap())
    );
    assert_eq!(eenhoofdig["ouder"]["burgerservicenummer"], "999999126");
    assert!(eenhoofdig["ouder"]["naam"]["volledigeNaam"].is_string());
    // The pre-2.7 TweehoofdigOuderlijkGezag is served under its 2.7 name.
    let gezamenlijk = &p[1]["gezag"][0];
    assert_eq!(gezamenlijk["type"], "GezamenlijkOuderlijkGezag");
    assert_eq!(gezamenlijk["ouders"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn a_batch_holds_at_most_20_bsns_and_unknown_ones_are_missing() {
    let app = spawn_app().await;
    let twintig = [
        "999993653",
        "999993483",
        "999994086",
        "999999321",
        "999995492",
        "999991802",
        "999971104",
        "999970239",
        "999970008",
        "999970021",
        "999990160",
        "999990305",
        "999997002",
        "999993586",
        "999970045",
        "123456789",
        "999993653",
        "000000000",
        "999999999",
        "999990007",
    ];
    let p = personen(&app, raadpleeg(&twintig, &["burgerservicenummer"])).await;
    let gevonden = bsns(&p);
    // The unknown BSNs are left out, the duplicate is delivered once.
    assert_eq!(gevonden.len(), 16, "{gevonden:?}");
    assert!(!gevonden
        .iter()
        .any(|b| b == "123456789" || b == "999999999"));
    let mut een_en_twintig = twintig.to_vec();
    een_en_twintig.push("999993653");
    let (status, body) = post(&app, &raadpleeg(&een_en_twintig, &["burgerservicenummer"])).await;
    assert_problem(
        status,
        &body,
        StatusCode::BAD_REQUEST,
        "paramsValidation",
        &["burgerservicenummer"],
    );
    assert_eq!(body["invalidParams"][0]["code"], "maxItems");
    assert_eq!(
        body["invalidParams"][0]["reason"],
        "Array bevat meer dan 20 items."
    );
    // Nobody known: an empty list, never a 404.
    let p = personen(&app, raadpleeg(&["123456789"], &["burgerservicenummer"])).await;
    assert!(p.is_empty());
}

#[tokio::test]
async fn gemeente_van_inschrijving_limits_a_raadpleging() {
    let app = spawn_app().await;
    let mut body = raadpleeg(&["999993653", "999970239"], &["burgerservicenummer"]);
    body["gemeenteVanInschrijving"] = json!("0599");
    let p = personen(&app, body).await;
    assert_eq!(bsns(&p), ["999993653"]);
}

#[tokio::test]
async fn the_c4161_persona_is_served() {
    let app = spawn_app().await;
    let fields = [
        "burgerservicenummer",
        "naam",
        "geboorte",
        "verblijfplaats",
        "adressering",
        "leeftijd",
    ];
    let p = personen(&app, raadpleeg(&["999990007"], &fields)).await;
    assert_eq!(p.len(), 1, "the persona is in the register");
    let p: &Value = &p[0];
    assert_eq!(p["naam"]["volledigeNaam"], "Anton Bernardus van Oostrum");
    assert_eq!(p["naam"]["voorletters"], "A.B.");
    assert_eq!(p["geboorte"]["plaats"]["omschrijving"], "Leeuwarden");
    assert_eq!(
        p["leeftijd"],
        leeftijd(NaiveDate::from_ymd_opt(1971, 5, 17).unwrap())
    );
    let adres = &p["verblijfplaats"]["verblijfadres"];
    assert_eq!(adres["officieleStraatnaam"], "Van Puffelenstraat");
    assert_eq!(adres["huisnummer"], 23);
    assert_eq!(adres["postcode"], "9823SG");
    assert_eq!(p["adressering"]["aanhef"], "Geachte heer Van Oostrum");
    assert_eq!(
        p["adressering"]["adresregel2"],
        "9823 SG  TIETJERKSTERADEEL"
    );
}

/// Every official test person is served, in a shape that fits the spec.
/// The test data deliberately hold odd names and descriptions ("@", "/",
/// "+") that the spec's string patterns exclude; those values come through
/// verbatim, as from the real service, so only pattern mismatches may remain.
#[tokio::test]
async fn every_test_person_fits_the_persoon_schema() {
    let app = spawn_app().await;
    let path = format!("{}/../specs/brp-testdata.json", env!("CARGO_MANIFEST_DIR"));
    let testdata: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let alle: Vec<&str> = testdata
        .iter()
        .filter_map(|p| p["burgerservicenummer"].as_str())
        .collect();
    let fields = [
        "aNummer",
        "burgerservicenummer",
        "datumEersteInschrijvingGBA",
        "geslacht",
        "uitsluitingKiesrecht",
        "europeesKiesrecht",
        "leeftijd",
        "naam",
        "nationaliteiten",
        "geboorte",
        "overlijden",
        "verblijfplaats",
        "immigratie",
        "gemeenteVanInschrijving",
        "datumInschrijvingInGemeente",
        "adressering",
        "indicatieCurateleRegister",
        "indicatieGezagMinderjarige",
        "gezag",
        "verblijfstitel",
        "kinderen",
        "ouders",
        "partners",
    ];
    let spec = crate::openapi::load("brp-personen-openapi.yaml");
    let validator = crate::openapi::validator(&spec, "RaadpleegMetBurgerservicenummerResponse");
    let mut geleverd = 0;
    for twintig in alle.chunks(20) {
        let (status, body) = post(&app, &raadpleeg(twintig, &fields)).await;
        assert_eq!(status, StatusCode::OK);
        geleverd += body["personen"].as_array().map(Vec::len).unwrap_or(0);
        let anders: Vec<String> = validator
            .iter_errors(&body)
            .filter(|e| {
                !matches!(
                    e.kind,
                    jsonschema::error::ValidationErrorKind::Pattern { .. }
                )
            })
            .map(|e| format!("{}: {e}", e.instance_path))
            .collect();
        assert!(anders.is_empty(), "{anders:#?}");
    }
    assert_eq!(geleverd, alle.len());
}
