//! The verwerkingslog and the purpose of BRP lookups: every lookup leaves
//! exactly one pair of records (intent before the call, outcome after, one
//! id); the purpose comes with the request and goes upstream in the
//! protocollering headers; no purpose, or a log that cannot be written,
//! means no BRP call at all.
//!
//! The helpers here (an app with its own log file, the records, the BRP's
//! POSTs as the sandbox saw them) serve the other BRP tests too.

use std::path::PathBuf;

use klantbeeld_gateway::config::{Config, VerwerkingslogTarget};
use serde_json::{json, Value};

use crate::helpers::{spawn_app_with, TestApp};

/// The sandbox BRP's one route, as `/_sandbox/stats` counts it.
pub const BRP_ROUTE: &str = "POST /haalcentraal/api/brp/personen";

/// A verwerkingslog file of one test, removed when dropped.
pub struct LogFile(pub PathBuf);

impl Drop for LogFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

impl LogFile {
    /// The records written so far, one JSON object per line.
    pub fn records(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.0)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).expect("each line is JSON"))
            .collect()
    }

    /// The records paired by `id`, checking that each id has exactly one
    /// intent followed by one outcome; returns the outcomes in order.
    pub fn lookups(&self) -> Vec<Value> {
        let records = self.records();
        let mut outcomes = Vec::new();
        for (i, r) in records.iter().enumerate() {
            let same: Vec<&Value> = records.iter().filter(|o| o["id"] == r["id"]).collect();
            assert_eq!(same.len(), 2, "one pair per id: {records:#?}");
            if r["fase"] == "uitkomst" {
                let intent = records[..i]
                    .iter()
                    .find(|o| o["id"] == r["id"])
                    .expect("the intent comes first");
                assert_eq!(intent["fase"], "voornemen");
                assert!(intent.get("uitkomst").is_none());
                for key in [
                    "gebruiker",
                    "doelbinding",
                    "verwerking",
                    "handeling",
                    "fields",
                ] {
                    assert_eq!(intent[key], r[key], "{key}");
                }
                outcomes.push(r.clone());
            }
        }
        outcomes
    }
}

/// An app (with `tweak` applied) whose verwerkingslog is a fresh file.
pub async fn app_with_log(tweak: impl FnOnce(&mut Config)) -> (TestApp, LogFile) {
    let path = std::env::temp_dir().join(format!("verwerkingslog-{}.jsonl", uuid::Uuid::new_v4()));
    let file = path.display().to_string();
    let app = spawn_app_with(|c| {
        c.verwerkingslog.target = VerwerkingslogTarget::File;
        c.verwerkingslog.path = file;
        tweak(c);
    })
    .await;
    (app, LogFile(path))
}

/// The POSTs the sandbox BRP served since the last reset.
pub async fn brp_posts(app: &TestApp) -> u64 {
    app.stats().await["registers"]["brp"]["byRoute"][BRP_ROUTE]
        .as_u64()
        .unwrap_or(0)
}

/// The requests the sandbox BRP received (`{call, body, headers}`), oldest first.
pub async fn brp_requests(app: &TestApp) -> Vec<Value> {
    app.stats().await["registers"]["brp"]["recentBodies"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The `extensions.code` of each error.
pub fn codes(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| {
                    e["extensions"]["code"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string()
                })
                .collect()
        })
        .unwrap_or_default()
}

const PERSOON: &str = r#"{ persoon(bsn: "999990007") { naam { volledigeNaam } } }"#;

#[tokio::test]
async fn every_lookup_leaves_one_intent_and_one_outcome() {
    let (app, log) = app_with_log(|_| {}).await;
    let purpose = [
        ("X-Gebruiker", "medewerker-0042"),
        ("X-Doelbinding", "BRPKCC-Klantcontact"),
        ("X-Verwerking", "klantbeeld tonen"),
    ];
    let body = app.graphql_with_headers(PERSOON, json!({}), &purpose).await;
    assert_eq!(
        body["data"]["persoon"]["naam"]["volledigeNaam"], "Anton Bernardus van Oostrum",
        "{body:#}"
    );
    let lookups = log.lookups();
    assert_eq!(lookups.len(), 1, "{:#?}", log.records());
    let r = &lookups[0];
    assert_eq!(r["soort"], "verwerkingslog");
    assert_eq!(r["register"], "brp");
    assert_eq!(r["handeling"], "RaadpleegMetBurgerservicenummer");
    assert_eq!(r["gebruiker"], "medewerker-0042");
    assert_eq!(r["doelbinding"], "BRPKCC-Klantcontact");
    assert_eq!(r["verwerking"], "klantbeeld tonen");
    assert_eq!(r["burgerservicenummers"], json!(["999990007"]));
    assert_eq!(
        r["fields"],
        json!(["burgerservicenummer", "naam.volledigeNaam"])
    );
    assert_eq!(
        r["uitkomst"],
        json!({"status": "geleverd", "burgerservicenummers": ["999990007"]})
    );
    assert!(chrono::DateTime::parse_from_rfc3339(r["tijdstip"].as_str().unwrap()).is_ok());

    // The purpose went upstream in the protocollering headers.
    let sent = brp_requests(&app).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0]["headers"],
        json!({
            "x-gebruiker": "medewerker-0042",
            "x-doelbinding": "BRPKCC-Klantcontact",
            "x-verwerking": "klantbeeld tonen"
        })
    );

    // A BRP search and the person it finds: two lookups, two pairs. The
    // search's record names its parameters, never their values.
    let body = app
        .graphql(
            r#"{ zoekPartijen(zoek: {geslachtsnaam: "Oostrum", geboortedatum: "1971-05-17"}) {
                   nodes { bron persoon { leeftijd } } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        body["data"]["zoekPartijen"]["nodes"][0]["bron"], "BRP",
        "{body:#}"
    );
    let lookups = log.lookups();
    assert_eq!(lookups.len(), 3);
    let zoek = &lookups[1];
    assert_eq!(zoek["handeling"], "ZoekMetGeslachtsnaamEnGeboortedatum");
    assert_eq!(
        zoek["zoekparameters"],
        json!(["geboortedatum", "geslachtsnaam"])
    );
    assert!(zoek.get("burgerservicenummers").is_none());
    assert_eq!(zoek["fields"], json!(["burgerservicenummer"]));
    assert_eq!(
        zoek["uitkomst"]["burgerservicenummers"],
        json!(["999990007"])
    );
    let text = std::fs::read_to_string(&log.0).unwrap();
    assert!(!text.contains("Oostrum") && !text.contains("1971-05-17"));
    // The development defaults stand in for absent headers.
    assert_eq!(zoek["gebruiker"], "ontwikkelaar");
    assert_eq!(
        lookups[2]["fields"],
        json!(["burgerservicenummer", "leeftijd"])
    );
}

#[tokio::test]
async fn a_failed_lookup_is_recorded_with_its_error() {
    let (app, log) = app_with_log(|_| {}).await;
    app.set_faults(json!({"register": "brp", "errorRate": 1.0}))
        .await;
    let body = app.graphql(PERSOON, json!({})).await;
    assert_eq!(codes(&body), ["UPSTREAM_ERROR"], "{body:#}");
    let lookups = log.lookups();
    assert_eq!(lookups.len(), 1);
    assert_eq!(lookups[0]["uitkomst"]["status"], "mislukt");
    assert_eq!(lookups[0]["uitkomst"]["code"], "UPSTREAM_ERROR");
}

#[tokio::test]
async fn an_unwritable_log_refuses_the_lookup_with_zero_brp_calls() {
    let missing_dir = std::env::temp_dir()
        .join(format!("geen-map-{}", uuid::Uuid::new_v4()))
        .join("verwerkingslog.jsonl");
    let path = missing_dir.display().to_string();
    let app = spawn_app_with(|c| {
        c.verwerkingslog.target = VerwerkingslogTarget::File;
        c.verwerkingslog.path = path.clone();
    })
    .await;
    let body = app
        .graphql(
            r#"{ partijOpNummer(nummer: "123454321") { nummer persoon { naam { volledigeNaam } } } }"#,
            json!({}),
        )
        .await;
    // The Klantinteracties data stands; the person is refused.
    assert_eq!(
        body["data"]["partijOpNummer"]["nummer"], "123454321",
        "{body:#}"
    );
    assert!(body["data"]["partijOpNummer"]["persoon"].is_null());
    assert_eq!(codes(&body), ["AUDIT_LOG_UNAVAILABLE"]);
    // Where the log lives on the server is none of the caller's business.
    let text = body.to_string();
    assert!(
        !text.contains("geen-map-") && !text.contains("verwerkingslog.jsonl"),
        "{text}"
    );
    assert_eq!(
        body["errors"][0]["path"],
        json!(["partijOpNummer", "persoon"])
    );
    assert_eq!(brp_posts(&app).await, 0);

    let body = app
        .graphql(
            r#"{ zoekPartijen(zoek: {postcode: "3077AW", huisnummer: 31}) { nodes { bron } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(codes(&body), ["AUDIT_LOG_UNAVAILABLE"], "{body:#}");
    assert!(!body.to_string().contains(&path), "{body}");
    assert_eq!(brp_posts(&app).await, 0);
}

#[tokio::test]
async fn without_a_purpose_there_is_no_lookup() {
    let (app, log) = app_with_log(|c| {
        c.brp.default_doelbinding = String::new();
        c.brp.default_verwerking = String::new();
    })
    .await;
    let body = app
        .graphql_with_headers(PERSOON, json!({}), &[("X-Gebruiker", "medewerker-7")])
        .await;
    assert_eq!(codes(&body), ["FORBIDDEN"], "{body:#}");
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("doelbinding, verwerking"), "{message}");
    assert_eq!(brp_posts(&app).await, 0);
    assert!(log.records().is_empty());

    // With the purpose in the headers the same lookup is made, and logged.
    let body = app
        .graphql_with_headers(
            PERSOON,
            json!({}),
            &[
                ("X-Gebruiker", "medewerker-7"),
                ("X-Doelbinding", "BRPKCC"),
                ("X-Verwerking", "klantbeeld"),
            ],
        )
        .await;
    assert!(body.get("errors").is_none(), "{body:#}");
    assert_eq!(brp_posts(&app).await, 1);
    assert_eq!(log.lookups().len(), 1);

    // A purpose that cannot travel as a header is refused before anything runs.
    let response = app
        .client
        .post(format!("{}/graphql", app.gateway))
        .header("X-Doelbinding", "   ")
        .json(&json!({ "query": PERSOON }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(codes(&body), ["BAD_USER_INPUT"]);
    assert_eq!(brp_posts(&app).await, 1);
}
