//! Decoding of BRP answers shaped like the Haal Centraal 2.7 spec, and the
//! request bodies the client builds.

use chrono::NaiveDate;
use serde_json::{json, Value};

use super::*;

fn decode<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).unwrap_or_else(|e| panic!("decodes: {e}"))
}

#[test]
fn a_full_persoon_with_polymorphic_dates_verblijfplaats_and_relations() {
    let antwoord: Antwoord<Persoon> = decode(json!({
        "type": "RaadpleegMetBurgerservicenummer",
        "personen": [{
            "burgerservicenummer": "999993653", "aNummer": "1234567890", "leeftijd": 38,
            "geslacht": {"code": "V", "omschrijving": "vrouw"},
            "datumEersteInschrijvingGBA": {"type": "Datum", "datum": "1985-03-01", "langFormaat": "1 maart 1985"},
            "naam": {"voornamen": "Suzanne", "geslachtsnaam": "Moulin", "voorletters": "S.",
                     "volledigeNaam": "Suzanne Moulin", "aanduidingNaamgebruik": {"code": "E", "omschrijving": "eigen geslachtsnaam"},
                     "adellijkeTitelPredicaat": {"code": "JV", "omschrijving": "jonkvrouw", "soort": "predicaat"},
                     "inOnderzoek": {"geslachtsnaam": true, "voornamen": false,
                                     "datumIngangOnderzoek": {"type": "JaarMaandDatum", "jaar": 2020, "maand": 4, "langFormaat": "april 2020"}}},
            "geboorte": {"datum": {"type": "JaarDatum", "jaar": 1985, "langFormaat": "1985"},
                         "land": {"code": "5001", "omschrijving": "Canada"}, "plaats": {"omschrijving": "Montreal"}},
            "overlijden": {"datum": {"type": "DatumOnbekend", "onbekend": true, "langFormaat": "onbekend"}},
            "nationaliteiten": [
                {"type": "Nationaliteit", "nationaliteit": {"code": "0057", "omschrijving": "Franse"},
                 "redenOpname": {"code": "301", "omschrijving": "Vaststelling"}},
                {"type": "BehandeldAlsNederlander", "redenOpname": {"code": "310"}},
                {"type": "DubbeleNationaliteit", "x": 1}
            ],
            "verblijfplaats": {"type": "Adres", "functieAdres": {"code": "W", "omschrijving": "woonadres"},
                               "verblijfadres": {"officieleStraatnaam": "Boterdiep", "korteStraatnaam": "Boterdiep", "huisnummer": 31,
                                                 "postcode": "3077AW", "woonplaats": "Rotterdam"},
                               "adresseerbaarObjectIdentificatie": "0599010000208579",
                               "datumVan": {"type": "Datum", "datum": "2010-06-01", "langFormaat": "1 juni 2010"}},
            "gemeenteVanInschrijving": {"code": "0599", "omschrijving": "Rotterdam"},
            "adressering": {"aanhef": "Geachte mevrouw Moulin", "adresregel1": "Boterdiep 31", "adresregel2": "3077 AW  ROTTERDAM",
                            "aanschrijfwijze": {"naam": "S. Moulin", "aanspreekvorm": "mevrouw"},
                            "land": {"code": "6030", "omschrijving": "Nederland"}},
            "partners": [{"burgerservicenummer": "999993660", "soortVerbintenis": {"code": "H", "omschrijving": "huwelijk"},
                          "naam": {"voornamen": "Pierre", "geslachtsnaam": "Moulin"},
                          "aangaanHuwelijkPartnerschap": {"datum": {"type": "Datum", "datum": "2012-08-04", "langFormaat": "4 augustus 2012"},
                                                          "plaats": {"code": "0599", "omschrijving": "Rotterdam"}}}],
            "kinderen": [{"burgerservicenummer": "999993670", "naam": {"voornamen": "Lea"}}],
            "ouders": [{"ouderAanduiding": "1", "naam": {"geslachtsnaam": "Tremblay"}}],
            "gezag": [
                {"type": "GezamenlijkOuderlijkGezag", "minderjarige": {"burgerservicenummer": "999993670", "leeftijd": 9},
                 "ouders": [{"burgerservicenummer": "999993653", "naam": {"volledigeNaam": "Suzanne Moulin"}},
                            {"burgerservicenummer": "999993660"}]},
                {"type": "GezamenlijkGezag", "ouder": {"burgerservicenummer": "999993653"}, "derde": {"type": "OnbekendeDerde"}},
                {"type": "TijdelijkGeenGezag", "toelichting": "Tijdelijk geen gezag", "inOnderzoek": true}
            ],
            "opschortingBijhouding": {"reden": {"code": "O", "omschrijving": "overlijden"},
                                      "datum": {"type": "Datum", "datum": "2024-01-02", "langFormaat": "2 januari 2024"}},
            "inOnderzoek": {"burgerservicenummer": true,
                            "datumIngangOnderzoekPersoon": {"type": "Datum", "datum": "2022-01-01", "langFormaat": "1 januari 2022"}},
            "nieuwVeld": "genegeerd"
        }]
    }));
    let p = &antwoord.personen[0];
    assert_eq!(p.burgerservicenummer.as_deref(), Some("999993653"));
    assert_eq!(p.a_nummer.as_deref(), Some("1234567890"));
    assert_eq!(
        p.datum_eerste_inschrijving_gba
            .as_ref()
            .and_then(Datum::datum),
        NaiveDate::from_ymd_opt(1985, 3, 1)
    );
    let naam = p.naam.clone().unwrap_or_default();
    assert_eq!(
        naam.aanduiding_naamgebruik.and_then(|w| w.code).as_deref(),
        Some("E")
    );
    assert_eq!(
        naam.adellijke_titel_predicaat
            .and_then(|t| t.soort)
            .as_deref(),
        Some("predicaat")
    );
    let onderzoek = naam.in_onderzoek.unwrap_or_default();
    assert_eq!(
        onderzoek.in_onderzoek().collect::<Vec<_>>(),
        ["geslachtsnaam"]
    );
    assert_eq!(
        onderzoek
            .datums
            .get("datumIngangOnderzoek")
            .and_then(Datum::jaar),
        Some(2020)
    );

    let geboorte = p.geboorte.clone().unwrap_or_default();
    assert!(matches!(
        geboorte.datum,
        Some(Datum::Jaar(JaarDatum {
            jaar: Some(1985),
            ..
        }))
    ));
    assert_eq!(
        geboorte.plaats.map(|w| (w.code, w.omschrijving)),
        Some((None, Some("Montreal".into())))
    );
    let overlijden = p.overlijden.clone().and_then(|o| o.datum);
    assert!(matches!(&overlijden, Some(Datum::DatumOnbekend(_))));
    assert_eq!(
        overlijden.as_ref().and_then(Datum::lang_formaat),
        Some("onbekend")
    );

    let soorten: Vec<&str> = p
        .nationaliteiten
        .iter()
        .map(Nationaliteit::type_name)
        .collect();
    assert_eq!(
        soorten,
        [
            "Nationaliteit",
            "BehandeldAlsNederlander",
            "DubbeleNationaliteit"
        ]
    );
    assert!(matches!(&p.nationaliteiten[2], Nationaliteit::Onbekend(v) if v["x"] == 1));

    let Some(Verblijfplaats::Adres(adres)) = &p.verblijfplaats else {
        panic!("an Adres: {:?}", p.verblijfplaats)
    };
    let verblijfadres = adres.verblijfadres.clone().unwrap_or_default();
    assert_eq!(
        (verblijfadres.huisnummer, verblijfadres.postcode.as_deref()),
        (Some(31), Some("3077AW"))
    );
    assert_eq!(
        adres.adresseerbaar_object_identificatie.as_deref(),
        Some("0599010000208579")
    );

    let adressering = p.adressering.clone().unwrap_or_default();
    assert_eq!(adressering.adresregel1.as_deref(), Some("Boterdiep 31"));
    assert_eq!(
        adressering
            .aanschrijfwijze
            .and_then(|a| a.aanspreekvorm)
            .as_deref(),
        Some("mevrouw")
    );

    assert_eq!(
        p.partners[0]
            .soort_verbintenis
            .clone()
            .and_then(|w| w.code)
            .as_deref(),
        Some("H")
    );
    let aangaan = p.partners[0]
        .aangaan_huwelijk_partnerschap
        .clone()
        .and_then(|a| a.datum);
    assert_eq!(
        aangaan.as_ref().and_then(Datum::datum),
        NaiveDate::from_ymd_opt(2012, 8, 4)
    );
    assert_eq!(p.kinderen.len(), 1);
    assert_eq!(p.ouders[0].ouder_aanduiding.as_deref(), Some("1"));

    let Gezagsrelatie::GezamenlijkOuderlijkGezag(gezag) = &p.gezag[0] else {
        panic!("joint parental authority: {:?}", p.gezag[0])
    };
    assert_eq!(gezag.ouders.len(), 2);
    assert_eq!(
        gezag.minderjarige.as_ref().and_then(|m| m.leeftijd),
        Some(9)
    );
    assert!(
        matches!(&p.gezag[1], Gezagsrelatie::GezamenlijkGezag(g) if matches!(g.derde, Some(Derde::OnbekendeDerde(_))))
    );
    assert!(
        matches!(&p.gezag[2], Gezagsrelatie::TijdelijkGeenGezag(g) if g.in_onderzoek == Some(true))
    );

    assert_eq!(
        p.opschorting_bijhouding
            .clone()
            .and_then(|o| o.reden)
            .and_then(|r| r.code)
            .as_deref(),
        Some("O")
    );
    let onderzoek = p.in_onderzoek.clone().unwrap_or_default();
    assert_eq!(
        onderzoek.in_onderzoek().collect::<Vec<_>>(),
        ["burgerservicenummer"]
    );
    assert!(onderzoek.datums.contains_key("datumIngangOnderzoekPersoon"));

    // Written back, the polymorphic parts keep their `type`.
    let back = serde_json::to_value(p).unwrap_or_default();
    assert_eq!(back["verblijfplaats"]["type"], "Adres");
    assert_eq!(back["geboorte"]["datum"]["type"], "JaarDatum");
    assert_eq!(back["nationaliteiten"][2]["type"], "DubbeleNationaliteit");
}

#[test]
fn the_other_verblijfplaatsen_and_an_unknown_one() {
    let buitenland: Verblijfplaats = decode(json!({"type": "VerblijfplaatsBuitenland",
        "verblijfadres": {"regel1": "Rue de la Loi 1", "regel2": "1000 Bruxelles", "land": {"code": "5010", "omschrijving": "België"}}}));
    assert!(matches!(&buitenland, Verblijfplaats::Buitenland(b)
        if b.verblijfadres.as_ref().and_then(|a| a.regel2.as_deref()) == Some("1000 Bruxelles")));
    let locatie: Verblijfplaats = decode(
        json!({"type": "Locatie", "verblijfadres": {"locatiebeschrijving": "Woonboot bij de Amstel"}}),
    );
    assert!(matches!(&locatie, Verblijfplaats::Locatie(l)
        if l.verblijfadres.as_ref().and_then(|a| a.locatiebeschrijving.as_deref()) == Some("Woonboot bij de Amstel")));
    let onbekend: Verblijfplaats = decode(
        json!({"type": "VerblijfplaatsOnbekend", "datumVan": {"type": "DatumOnbekend", "onbekend": true}}),
    );
    assert!(matches!(
        onbekend,
        Verblijfplaats::VerblijfplaatsOnbekend(_)
    ));
    let nieuw: Verblijfplaats = decode(json!({"type": "Ruimtestation"}));
    assert_eq!(nieuw.type_name(), "Ruimtestation");
    // Older mock data writes the house number as a string.
    let oud: VerblijfadresBinnenland = decode(json!({"huisnummer": "103"}));
    assert_eq!(oud.huisnummer, Some(103));
    assert!(
        serde_json::from_value::<VerblijfadresBinnenland>(json!({"huisnummer": "honderd"}))
            .is_err()
    );
}

#[test]
fn a_persoon_beperkt_from_a_search_and_an_empty_answer() {
    let antwoord: Antwoord<PersoonBeperkt> = decode(json!({
        "type": "ZoekMetAdresseerbaarObjectIdentificatie",
        "personen": [
            {"burgerservicenummer": "999990007", "naam": {"volledigeNaam": "Anton van Oostrum"},
             "geboorte": {"datum": {"type": "Datum", "datum": "1970-02-03", "langFormaat": "3 februari 1970"}},
             "adressering": {"adresregel1": "Van Puffelenstraat 23"}, "geheimhoudingPersoonsgegevens": true,
             "gezag": [{"type": "Voogdij", "derden": [{"burgerservicenummer": "999990008"}]}]},
            {}
        ]
    }));
    assert_eq!(antwoord.personen.len(), 2);
    let p = &antwoord.personen[0];
    assert_eq!(p.geheimhouding_persoonsgegevens, Some(true));
    assert!(matches!(&p.gezag[0], Gezagsrelatie::Voogdij(g) if g.derden.len() == 1));
    assert_eq!(antwoord.personen[1], PersoonBeperkt::default());
    let leeg: Antwoord<Persoon> =
        decode(json!({"type": "RaadpleegMetBurgerservicenummer", "personen": []}));
    assert!(leeg.personen.is_empty());
}

#[test]
fn request_bodies_carry_type_fields_and_only_given_parameters() {
    let vraag = Zoekvraag::ZoekMetPostcodeEnHuisnummer(PostcodeEnHuisnummer {
        postcode: "9823SG".into(),
        huisnummer: 23,
        geboortedatum: NaiveDate::from_ymd_opt(1970, 2, 3),
        ..PostcodeEnHuisnummer::default()
    });
    let fields = with_bsn_field(&["naam", "burgerservicenummer", " ", "naam", "geboorte.datum"]);
    assert_eq!(fields, ["burgerservicenummer", "naam", "geboorte.datum"]);
    let body = serde_json::to_value(Zoek {
        vraag: &vraag,
        fields: &fields,
    })
    .unwrap_or_default();
    assert_eq!(
        body,
        json!({"type": "ZoekMetPostcodeEnHuisnummer", "postcode": "9823SG", "huisnummer": 23,
               "geboortedatum": "1970-02-03", "fields": ["burgerservicenummer", "naam", "geboorte.datum"]})
    );
    let bsns = vec!["999990007".to_string()];
    let body = serde_json::to_value(Raadpleeg {
        kind: "RaadpleegMetBurgerservicenummer",
        burgerservicenummer: &bsns,
        fields: &fields,
    })
    .unwrap_or_default();
    assert_eq!(body["type"], "RaadpleegMetBurgerservicenummer");
    assert_eq!(body["burgerservicenummer"], json!(["999990007"]));
    assert!(is_bsn("999990007"));
    for bad in ["99999000", "9999900071", "99999000x", ""] {
        assert!(!is_bsn(bad), "{bad}");
    }
}
