//! The six searches: matching (case- and diacritics-insensitive, wildcards),
//! `PersoonBeperkt` results, deceased persons only when asked for, and the
//! caps of 10 (name searches) and 30 (address searches).

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::{assert_problem, bsns, personen, post};
use crate::helpers::spawn_app;

fn zoek(soort: &str, params: Value, fields: &[&str]) -> Value {
    let mut body = params;
    body["type"] = json!(soort);
    body["fields"] = json!(fields);
    body
}

const GEBOORTEDATUM: &str = "ZoekMetGeslachtsnaamEnGeboortedatum";
const NAAM_GEMEENTE: &str = "ZoekMetNaamEnGemeenteVanInschrijving";
const POSTCODE: &str = "ZoekMetPostcodeEnHuisnummer";
const STRAAT: &str = "ZoekMetStraatHuisnummerEnGemeenteVanInschrijving";
const NUMMERAANDUIDING: &str = "ZoekMetNummeraanduidingIdentificatie";
const ADRESSEERBAAR_OBJECT: &str = "ZoekMetAdresseerbaarObjectIdentificatie";

#[tokio::test]
async fn name_searches_match_case_insensitively_and_with_wildcards() {
    let app = spawn_app().await;
    for naam in ["Moulin", "MOULIN", "moul*"] {
        let p = personen(
            &app,
            zoek(
                GEBOORTEDATUM,
                json!({"geslachtsnaam": naam, "geboortedatum": "1985-12-01"}),
                &["burgerservicenummer", "naam"],
            ),
        )
        .await;
        assert_eq!(bsns(&p), ["999993653"], "{naam}");
        // PersoonBeperkt: no aanduidingNaamgebruik in naam.
        assert_eq!(
            p[0]["naam"],
            json!({"voornamen": "Suzanne", "geslachtsnaam": "Moulin", "voorletters": "S.", "volledigeNaam": "Suzanne Moulin"})
        );
    }
    let p = personen(
        &app,
        zoek(NAAM_GEMEENTE, json!({"geslachtsnaam": "moulin", "voornamen": "SUZANNE", "gemeenteVanInschrijving": "0599"}), &["burgerservicenummer"]),
    )
    .await;
    assert_eq!(bsns(&p), ["999993653"]);
    let p = personen(
        &app,
        zoek(NAAM_GEMEENTE, json!({"geslachtsnaam": "moulin", "voornamen": "SUZANNE", "gemeenteVanInschrijving": "0518"}), &["burgerservicenummer"]),
    )
    .await;
    assert!(p.is_empty(), "registered in 0599, not 0518");
    // Diacritics need not be typed: Żywiałowska, Inönü.
    for (naam, datum, bsn) in [
        ("zywialowska", "1965-09-17", "999990172"),
        ("INONU", "1976-02-02", "999990603"),
        ("Inönü", "1976-02-02", "999990603"),
    ] {
        let p = personen(
            &app,
            zoek(
                GEBOORTEDATUM,
                json!({"geslachtsnaam": naam, "geboortedatum": datum}),
                &["burgerservicenummer"],
            ),
        )
        .await;
        assert_eq!(bsns(&p), [bsn], "{naam}");
    }
    // A part of a name without the wildcard matches nothing.
    let p = personen(
        &app,
        zoek(
            GEBOORTEDATUM,
            json!({"geslachtsnaam": "Moul", "geboortedatum": "1985-12-01"}),
            &["burgerservicenummer"],
        ),
    )
    .await;
    assert!(p.is_empty());
}

#[tokio::test]
async fn address_searches_find_the_residents() {
    let app = spawn_app().await;
    for postcode in ["3077AW", "3077 aw"] {
        let p = personen(
            &app,
            zoek(
                POSTCODE,
                json!({"postcode": postcode, "huisnummer": 31}),
                &["burgerservicenummer", "adressering"],
            ),
        )
        .await;
        assert!(bsns(&p).contains(&"999993653".to_string()), "{postcode}");
        let moulin = p
            .iter()
            .find(|p| p["burgerservicenummer"] == "999993653")
            .unwrap();
        // PersoonBeperkt: the adresregels only.
        assert_eq!(
            moulin["adressering"],
            json!({"adresregel1": "Boterdiep 31", "adresregel2": "3077 AW  ROTTERDAM"})
        );
        assert!(moulin.get("verblijfplaats").is_none());
    }
    for straat in ["Boterdiep", "BOTERDIEP", "*oterdiep", "Boterdi*"] {
        let p = personen(
            &app,
            zoek(
                STRAAT,
                json!({"straat": straat, "huisnummer": 31, "gemeenteVanInschrijving": "0599"}),
                &["burgerservicenummer"],
            ),
        )
        .await;
        assert!(bsns(&p).contains(&"999993653".to_string()), "{straat}");
    }
    let p = personen(
        &app,
        zoek(
            NUMMERAANDUIDING,
            json!({"nummeraanduidingIdentificatie": "0599200000219678"}),
            &["burgerservicenummer"],
        ),
    )
    .await;
    assert!(bsns(&p).contains(&"999993653".to_string()));
    let p = personen(
        &app,
        zoek(
            ADRESSEERBAAR_OBJECT,
            json!({"adresseerbaarObjectIdentificatie": "0599010000208579"}),
            &["burgerservicenummer", "gezag"],
        ),
    )
    .await;
    assert!(bsns(&p).contains(&"999993653".to_string()));
    // Grotemarkt 4 has 16 residents: within the cap of 30.
    let p = personen(
        &app,
        zoek(
            POSTCODE,
            json!({"postcode": "3011PA", "huisnummer": 4}),
            &["burgerservicenummer"],
        ),
    )
    .await;
    assert_eq!(p.len(), 16);
    // geslachtsnaam narrows a postcode search (since 2.6).
    let p = personen(
        &app,
        zoek(
            POSTCODE,
            json!({"postcode": "3011PA", "huisnummer": 4, "geslachtsnaam": "goede"}),
            &["burgerservicenummer"],
        ),
    )
    .await;
    assert_eq!(bsns(&p), ["999995662"]);
    let p = personen(
        &app,
        zoek(
            POSTCODE,
            json!({"postcode": "3011pa", "huisnummer": "22", "geslachtsnaam": "GOEDE"}),
            &["burgerservicenummer"],
        ),
    )
    .await;
    assert_eq!(bsns(&p), ["000009891", "999991176", "999995601"]);
}

#[tokio::test]
async fn deceased_persons_are_found_only_when_asked_for() {
    let app = spawn_app().await;
    let params = json!({"geslachtsnaam": "Saasveld", "geboortedatum": "1998-12-01"});
    let p = personen(
        &app,
        zoek(GEBOORTEDATUM, params.clone(), &["burgerservicenummer"]),
    )
    .await;
    assert!(p.is_empty());
    let mut met = params;
    met["inclusiefOverledenPersonen"] = json!(true);
    let p = personen(&app, zoek(GEBOORTEDATUM, met, &["burgerservicenummer"])).await;
    assert_eq!(bsns(&p), ["999970239"]);
    assert_eq!(p[0]["opschortingBijhouding"]["reden"]["code"], "O");
    // Same at an address.
    let adres = json!({"postcode": "2511CA", "huisnummer": 77});
    let p = personen(
        &app,
        zoek(POSTCODE, adres.clone(), &["burgerservicenummer"]),
    )
    .await;
    assert!(!bsns(&p).contains(&"999970239".to_string()));
    let mut met = adres;
    met["inclusiefOverledenPersonen"] = json!(true);
    let p = personen(&app, zoek(POSTCODE, met, &["burgerservicenummer"])).await;
    assert!(bsns(&p).contains(&"999970239".to_string()));
}

#[tokio::test]
async fn too_many_results_is_a_400_with_the_cap() {
    let app = spawn_app().await;
    // 262 DigiD test persons share a birth date and a name prefix.
    let naam = zoek(
        GEBOORTEDATUM,
        json!({"geslachtsnaam": "Digid*", "geboortedatum": "1919-12-19"}),
        &["burgerservicenummer"],
    );
    let (status, body) = post(&app, &naam).await;
    assert_problem(
        status,
        &body,
        StatusCode::BAD_REQUEST,
        "tooManyResults",
        &[],
    );
    assert_eq!(body["title"], "Teveel zoekresultaten.");
    assert_eq!(
        body["detail"],
        "Meer dan maximum van 10 zoekresultaten gevonden. Verfijn de zoekopdracht."
    );
    let (status, body) = post(
        &app,
        &zoek(NAAM_GEMEENTE, json!({"geslachtsnaam": "dig*", "voornamen": "dig*", "gemeenteVanInschrijving": "1916"}), &["burgerservicenummer"]),
    )
    .await;
    assert_problem(
        status,
        &body,
        StatusCode::BAD_REQUEST,
        "tooManyResults",
        &[],
    );
    // 253 persons at 2272BV 54: over the address cap of 30.
    let (status, body) = post(
        &app,
        &zoek(
            POSTCODE,
            json!({"postcode": "2272BV", "huisnummer": 54}),
            &["burgerservicenummer"],
        ),
    )
    .await;
    assert_problem(
        status,
        &body,
        StatusCode::BAD_REQUEST,
        "tooManyResults",
        &[],
    );
    assert_eq!(
        body["detail"],
        "Meer dan maximum van 30 zoekresultaten gevonden. Verfijn de zoekopdracht."
    );
    // Refined, the same search is fine.
    let p = personen(
        &app,
        zoek(GEBOORTEDATUM, json!({"geslachtsnaam": "Digid 1 100600116 geslachtsnaam", "geboortedatum": "1919-12-19"}), &["burgerservicenummer"]),
    )
    .await;
    assert_eq!(bsns(&p), ["100600116"]);
}

#[tokio::test]
async fn an_empty_result_is_an_empty_list() {
    let app = spawn_app().await;
    let (status, body) = post(
        &app,
        &zoek(
            POSTCODE,
            json!({"postcode": "9999ZZ", "huisnummer": 1}),
            &["burgerservicenummer"],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!({"type": POSTCODE, "personen": []}));
}
