//! The BRP client against the sandbox: raadplegen in requests of at most 20
//! BSNs merged by BSN, the v2 shapes of an official test person and the
//! persona, a search, and problem bodies.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use klantbeeld_gateway::graphql::error::ErrorCode;
use klantbeeld_gateway::registers::brp::{PostcodeEnHuisnummer, Verblijfplaats, Zoekvraag};
use klantbeeld_gateway::registers::{ErrorKind, Register};
use serde_json::{json, Value};

use super::{config_for, observe, registers};
use crate::helpers::spawn_app;

const PERSONA_BSN: &str = "999990007";
const MOULIN: &str = "999993653";
const PERSONEN: &str = "POST /haalcentraal/api/brp/personen";

/// BSNs of the official test persons (`specs/brp-testdata.json`).
fn test_bsns(n: usize) -> Vec<String> {
    let text = std::fs::read_to_string("specs/brp-testdata.json").expect("test data");
    let personen: Vec<Value> = serde_json::from_str(&text).expect("a JSON list");
    personen
        .iter()
        .filter_map(|p| p["burgerservicenummer"].as_str())
        .filter(|b| b.starts_with("9999") && *b != PERSONA_BSN)
        .take(n)
        .map(String::from)
        .collect()
}

#[tokio::test]
async fn raadplegen_45_bsns_takes_3_concurrent_posts_merged_by_bsn() {
    let app = spawn_app().await;
    app.set_faults(json!({"register": "brp", "latencyMs": 80}))
        .await;
    let mut config = config_for(&app);
    config.brp.max_concurrency = 2;
    let registers = registers(&config);
    let seen = observe(&registers);
    let mut bsns = test_bsns(44);
    bsns.push(PERSONA_BSN.into());
    bsns.push("12345".into()); // never sent: not a BSN
    app.reset_stats().await;

    let personen = registers.brp.raadpleeg(&bsns, &["naam"]).await.unwrap();

    let stats = &app.stats().await["registers"]["brp"];
    assert_eq!(stats["byRoute"][PERSONEN], 3, "{stats}");
    assert_eq!(stats["maxInFlight"], 2, "bounded by the limit: {stats}");
    let bodies: Vec<&Value> = stats["recentBodies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| &b["body"])
        .collect();
    let mut sizes: Vec<usize> = bodies
        .iter()
        .map(|b| b["burgerservicenummer"].as_array().map_or(0, Vec::len))
        .collect();
    sizes.sort();
    assert_eq!(sizes, [5, 20, 20]);
    let sent: BTreeSet<&str> = bodies
        .iter()
        .flat_map(|b| b["burgerservicenummer"].as_array().unwrap())
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(sent, bsns[..45].iter().map(String::as_str).collect());
    for body in &bodies {
        assert_eq!(body["type"], "RaadpleegMetBurgerservicenummer");
        assert_eq!(body["fields"], json!(["burgerservicenummer", "naam"]));
    }

    assert!(personen.keys().all(|bsn| bsns.contains(bsn)));
    assert!(personen.len() > 40, "{} of 45 found", personen.len());
    let persona = &personen[PERSONA_BSN];
    assert_eq!(
        persona
            .naam
            .as_ref()
            .and_then(|n| n.geslachtsnaam.as_deref()),
        Some("Oostrum")
    );
    assert!(persona.verblijfplaats.is_none(), "only what was asked for");

    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 3);
    assert!(seen
        .iter()
        .all(|s| s.register == Register::Brp && s.method == "POST" && s.template == "/personen"));
    assert_eq!(
        seen.iter().map(|s| s.objects).sum::<usize>(),
        personen.len()
    );
}

#[tokio::test]
async fn an_official_test_person_in_the_v2_shape() {
    let app = spawn_app().await;
    let registers = registers(&config_for(&app));
    let fields = [
        "naam",
        "geboorte",
        "verblijfplaats",
        "adressering",
        "gemeenteVanInschrijving",
    ];
    let personen = registers.brp.raadpleeg(&[MOULIN], &fields).await.unwrap();
    let p = &personen[MOULIN];
    let naam = p.naam.clone().unwrap_or_default();
    assert_eq!(naam.voornamen.as_deref(), Some("Suzanne"));
    assert_eq!(naam.volledige_naam.as_deref(), Some("Suzanne Moulin"));
    let geboorte = p.geboorte.clone().unwrap_or_default();
    assert_eq!(
        geboorte.datum.and_then(|d| d.datum()),
        NaiveDate::from_ymd_opt(1985, 12, 1)
    );
    assert_eq!(
        geboorte.land.and_then(|l| l.omschrijving).as_deref(),
        Some("Canada")
    );
    let Some(Verblijfplaats::Adres(adres)) = &p.verblijfplaats else {
        panic!("an Adres: {:?}", p.verblijfplaats)
    };
    let verblijfadres = adres.verblijfadres.clone().unwrap_or_default();
    assert_eq!(
        verblijfadres.officiele_straatnaam.as_deref(),
        Some("Boterdiep")
    );
    assert_eq!(verblijfadres.huisnummer, Some(31));
    assert_eq!(verblijfadres.woonplaats.as_deref(), Some("Rotterdam"));
    assert_eq!(
        p.gemeente_van_inschrijving
            .clone()
            .and_then(|g| g.code)
            .as_deref(),
        Some("0599")
    );
    assert!(p
        .adressering
        .as_ref()
        .and_then(|a| a.adresregel1.clone())
        .is_some());
}

#[tokio::test]
async fn a_search_by_postcode_and_huisnummer() {
    let app = spawn_app().await;
    let registers = registers(&config_for(&app));
    let vraag = Zoekvraag::ZoekMetPostcodeEnHuisnummer(PostcodeEnHuisnummer {
        postcode: "3077AW".into(),
        huisnummer: 31,
        ..PostcodeEnHuisnummer::default()
    });
    let gevonden = registers
        .brp
        .zoek(&vraag, &["naam.volledigeNaam"])
        .await
        .unwrap();
    assert!(
        gevonden
            .iter()
            .any(|p| p.burgerservicenummer.as_deref() == Some(MOULIN)),
        "{gevonden:?}"
    );
}

#[tokio::test]
async fn nothing_to_ask_makes_no_call_and_bad_fields_are_a_decoded_problem() {
    let app = spawn_app().await;
    let registers = registers(&config_for(&app));
    app.reset_stats().await;
    let none = registers
        .brp
        .raadpleeg(&["", "abc", "1234567890"], &["naam"])
        .await
        .unwrap();
    assert!(none.is_empty());
    assert_eq!(app.stats().await["registers"]["brp"]["requests"], 0);

    let err = registers
        .brp
        .raadpleeg(&[PERSONA_BSN], &["naam", "bestaatNiet"])
        .await
        .unwrap_err();
    assert_eq!(err.code(), "BAD_USER_INPUT");
    let ErrorKind::BadRequest {
        problem: Some(problem),
    } = &err.kind
    else {
        panic!("a 400 with a problem: {err:?}")
    };
    assert_eq!(problem.code.as_deref(), Some("paramsValidation"));
    assert_eq!(problem.invalid_params[0].name, "fields[2]");
    assert_eq!(problem.invalid_params[0].code, "fields");
    assert!(
        err.to_string().starts_with("BRP rejected POST /personen"),
        "{err}"
    );
    // The BSN asked for is not in the message.
    assert!(!err.to_string().contains(PERSONA_BSN), "{err}");
}
