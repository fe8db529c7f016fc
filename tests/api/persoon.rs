//! The person register through the gateway: `persoon`, `personen` and
//! `Partij.persoon` ask the BRP for exactly the selected fields, batch BSNs
//! by 20 a POST, check the elfproef before any call, fail on their own when
//! the BRP does, and authenticate as configured (none, API key, OAuth2).

use klantbeeld_gateway::config::BrpAuthMethod;
use klantbeeld_gateway::domain::Bsn;
use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::verwerkingslog::{app_with_log, brp_posts, brp_requests, codes};

const C4161: &str = include_str!("../../queries/c4161-klantbeeld.graphql");

/// The `fields` of each POST the sandbox BRP received.
async fn fields_sent(app: &TestApp) -> Vec<Value> {
    brp_requests(app)
        .await
        .iter()
        .map(|r| r["body"]["fields"].clone())
        .collect()
}

#[tokio::test]
async fn the_brp_is_asked_exactly_for_the_selection() {
    let (app, _log) = app_with_log(|_| {}).await;
    let cases = [
        (
            r#"{ persoon(bsn: "999990007") { naam { volledigeNaam } } }"#,
            json!(["burgerservicenummer", "naam.volledigeNaam"]),
        ),
        // A date or a Waardetabel is asked whole; fields the BRP always
        // delivers are never asked; `__typename` of the verblijfplaats asks
        // its `type`.
        (
            r#"{ persoon(bsn: "999993653") {
                   geboorte { datum { jaar langFormaat } } geslacht { code }
                   geheimhoudingPersoonsgegevens inOnderzoek { velden } opschortingBijhouding { reden { code } }
                   verblijfplaats { __typename ... on VerblijfplaatsAdres { verblijfadres { postcode } } } } }"#,
            json!([
                "burgerservicenummer",
                "geboorte.datum",
                "geslacht",
                "verblijfplaats.type",
                "verblijfplaats.verblijfadres.postcode"
            ]),
        ),
        // Through the partij's BSN, with a fragment, and a skipped field.
        (
            r#"{ partijOpNummer(nummer: "123454321") { nummer persoon {
                   ...Kort adressering { adresregel1 } partners @skip(if: true) { naam { voornamen } } } } }
               fragment Kort on Persoon { burgerservicenummer leeftijd }"#,
            json!(["burgerservicenummer", "adressering.adresregel1", "leeftijd"]),
        ),
    ];
    for (query, fields) in cases {
        app.reset_stats().await;
        let body = app.graphql(query, json!({})).await;
        assert!(body.get("errors").is_none(), "{body:#}");
        assert_eq!(fields_sent(&app).await, [fields], "{query}");
    }

    // What came back is the register's data.
    let body = app
        .graphql(
            r#"{ persoon(bsn: "999993653") { burgerservicenummer naam { volledigeNaam }
                   geboorte { datum { type datum } land { omschrijving } }
                   verblijfplaats { __typename ... on VerblijfplaatsAdres { verblijfadres { officieleStraatnaam huisnummer postcode } } }
                   partners { naam { voornamen geslachtsnaam } soortVerbintenis { code } }
                   nationaliteiten { type nationaliteit { omschrijving } } } }"#,
            json!({}),
        )
        .await;
    let p = &body["data"]["persoon"];
    assert_eq!(p["naam"]["volledigeNaam"], "Suzanne Moulin", "{body:#}");
    assert_eq!(p["geboorte"]["land"]["omschrijving"], "Canada");
    assert_eq!(p["verblijfplaats"]["__typename"], "VerblijfplaatsAdres");
    assert_eq!(
        p["verblijfplaats"]["verblijfadres"],
        json!({"officieleStraatnaam": "Boterdiep", "huisnummer": 31, "postcode": "3077AW"})
    );
    assert_eq!(p["partners"][0]["soortVerbintenis"]["code"], "H");
    assert_eq!(
        p["nationaliteiten"][0]["nationaliteit"]["omschrijving"],
        "Franse"
    );
}

#[tokio::test]
async fn persons_are_batched_by_field_set_and_twenty_a_post() {
    let (app, log) = app_with_log(|_| {}).await;
    // The first 45 official test persons with a valid BSN.
    let testdata: Vec<Value> =
        serde_json::from_str(include_str!("../../specs/brp-testdata.json")).unwrap();
    let bsns: Vec<String> = testdata
        .iter()
        .filter_map(|p| p["burgerservicenummer"].as_str())
        .filter(|b| b.starts_with("9999") && Bsn::parse(b).is_ok())
        .take(45)
        .map(str::to_string)
        .collect();
    assert_eq!(bsns.len(), 45);
    let body = app
        .graphql(
            "query($bsns: [String!]!) { personen(bsns: $bsns) { burgerservicenummer leeftijd } }",
            json!({ "bsns": bsns }),
        )
        .await;
    let personen = body["data"]["personen"].as_array().expect("personen");
    let found: Vec<&str> = personen
        .iter()
        .filter_map(|p| p["burgerservicenummer"].as_str())
        .collect();
    assert_eq!(found, bsns, "{body:#}");
    assert_eq!(brp_posts(&app).await, 3);
    let mut sizes: Vec<usize> = brp_requests(&app)
        .await
        .iter()
        .map(|r| r["body"]["burgerservicenummer"].as_array().unwrap().len())
        .collect();
    sizes.sort();
    assert_eq!(sizes, [5, 20, 20]);
    // One lookup: one pair of records for all 45.
    let lookups = log.lookups();
    assert_eq!(lookups.len(), 1);
    assert_eq!(
        lookups[0]["burgerservicenummers"].as_array().unwrap().len(),
        45
    );

    // 25 fields in one document share the loader: one lookup, 2 POSTs.
    app.reset_stats().await;
    let aliases: String = bsns[..25]
        .iter()
        .enumerate()
        .map(|(i, b)| format!(r#"p{i}: persoon(bsn: "{b}") {{ leeftijd }} "#))
        .collect();
    let body = app.graphql(&format!("{{ {aliases} }}"), json!({})).await;
    assert!(body.get("errors").is_none(), "{body:#}");
    assert_eq!(brp_posts(&app).await, 2);
    assert_eq!(log.lookups().len(), 2);

    // The loader is keyed by (BSN, fields): the same person selected two
    // ways is two lookups, each asking only its own fields; two persons
    // selected alike are one.
    app.reset_stats().await;
    let body = app
        .graphql(
            r#"{ a: persoon(bsn: "999990007") { leeftijd } b: persoon(bsn: "999990007") { geslacht { code } }
                 c: persoon(bsn: "999993653") { leeftijd } }"#,
            json!({}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body:#}");
    let mut sent: Vec<(Value, Value)> = brp_requests(&app)
        .await
        .iter()
        .map(|r| {
            // The order of BSNs within one POST is not part of the contract.
            let mut bsns: Vec<String> = r["body"]["burgerservicenummer"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|b| b.as_str().map(str::to_string))
                .collect();
            bsns.sort();
            (r["body"]["fields"].clone(), json!(bsns))
        })
        .collect();
    sent.sort_by_key(|(f, _)| f.to_string());
    assert_eq!(
        sent,
        [
            (
                json!(["burgerservicenummer", "geslacht"]),
                json!(["999990007"])
            ),
            (
                json!(["burgerservicenummer", "leeftijd"]),
                json!(["999990007", "999993653"])
            ),
        ]
    );
}

#[tokio::test]
async fn a_bad_bsn_makes_no_upstream_call() {
    let (app, log) = app_with_log(|_| {}).await;
    for query in [
        r#"{ persoon(bsn: "999990008") { leeftijd } }"#,
        r#"{ persoon(bsn: "99999000") { leeftijd } }"#,
        r#"{ personen(bsns: ["999990007", "123456789"]) { leeftijd } }"#,
        r#"{ zoekPartijen(zoek: {identificator: {soort: BSN, waarde: "999990008"}}) { nodes { bron } } }"#,
    ] {
        let body = app.graphql(query, json!({})).await;
        assert_eq!(codes(&body), ["BAD_USER_INPUT"], "{query}: {body:#}");
    }
    let stats = app.stats().await;
    assert_eq!(stats["totalRequests"], 0, "{stats:#}");
    assert!(log.records().is_empty());

    // A valid BSN the BRP does not know: one call, NOT_FOUND.
    let body = app
        .graphql(r#"{ persoon(bsn: "123456782") { leeftijd } }"#, json!({}))
        .await;
    assert_eq!(codes(&body), ["NOT_FOUND"], "{body:#}");
    assert_eq!(body["errors"][0]["extensions"]["register"], "brp");
    assert_eq!(brp_posts(&app).await, 1);
}

#[tokio::test]
async fn with_the_brp_failing_the_klantbeeld_keeps_all_klantinteracties_data() {
    let (app, _log) = app_with_log(|_| {}).await;
    let nummer = json!({ "nummer": "123454321" });
    let gezond = app.graphql(C4161, nummer.clone()).await;
    assert!(gezond.get("errors").is_none(), "{gezond:#}");

    app.set_faults(json!({"register": "brp", "errorRate": 1.0}))
        .await;
    let met_persoon = C4161.replacen(
        "partijOpNummer(nummer: $nummer) {",
        "partijOpNummer(nummer: $nummer) { persoon { naam { volledigeNaam } }",
        1,
    );
    assert_ne!(met_persoon, C4161);
    let mut body = app.graphql(&met_persoon, nummer).await;
    // A 500, the same code as from every register.
    assert_eq!(codes(&body), ["UPSTREAM_ERROR"], "{body:#}");
    let error = &body["errors"][0];
    assert_eq!(error["extensions"]["register"], "brp");
    assert_eq!(error["path"], json!(["partijOpNummer", "persoon"]));
    let partij = body["data"]["partijOpNummer"]
        .as_object_mut()
        .expect("partij");
    // The failed field is null (async-graphql leaves it out of the object).
    assert!(partij.remove("persoon").unwrap_or(Value::Null).is_null());
    assert_eq!(body["data"], gezond["data"]);
}

#[tokio::test]
async fn oauth2_tokens_are_fetched_once_reused_and_refreshed() {
    let secret = std::env::temp_dir().join(format!("brp-secret-{}", uuid::Uuid::new_v4()));
    std::fs::write(&secret, "geheim-klantbeeld-123\n").unwrap();
    let secret_file = secret.display().to_string();
    let oauth = |ttl: u64, file: String| {
        move |c: &mut klantbeeld_gateway::config::Config| {
            c.sandbox.brp_client_id = "klantbeeld-gateway".into();
            c.sandbox.brp_client_secret = "geheim-klantbeeld-123".into();
            c.sandbox.brp_token_ttl_seconds = ttl;
            c.brp.auth.method = BrpAuthMethod::Oauth2;
            c.brp.auth.client_id = "klantbeeld-gateway".into();
            c.brp.auth.client_secret_file = file;
        }
    };
    let query = r#"{ persoon(bsn: "999990007") { leeftijd } }"#;
    let tokens = |stats: &Value| stats["oauth"]["tokensIssued"].as_u64().unwrap_or(0);

    let (app, _log) = app_with_log(oauth(3600, secret_file.clone())).await;
    for _ in 0..3 {
        let body = app.graphql(query, json!({})).await;
        assert!(body.get("errors").is_none(), "{body:#}");
    }
    let stats = app.stats().await;
    assert_eq!(tokens(&stats), 1, "{stats:#}");
    assert_eq!(brp_posts(&app).await, 3);

    // A token that lives one second is fetched again once it is near its end.
    let (app, _log) = app_with_log(oauth(1, secret_file.clone())).await;
    let body = app.graphql(query, json!({})).await;
    assert!(body.get("errors").is_none(), "{body:#}");
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    let body = app.graphql(query, json!({})).await;
    assert!(body.get("errors").is_none(), "{body:#}");
    assert_eq!(tokens(&app.stats().await), 2);
    let _ = std::fs::remove_file(&secret);

    // A wrong secret gets no token: FORBIDDEN, and the BRP is not called.
    let (app, _log) = app_with_log(|c| {
        oauth(3600, String::new())(c);
        c.brp.auth.client_secret = "fout-geheim-9876".into();
    })
    .await;
    let body = app.graphql(query, json!({})).await;
    assert_eq!(codes(&body), ["FORBIDDEN"], "{body:#}");
    assert!(
        !body.to_string().contains("fout-geheim"),
        "the secret stays out"
    );
    let stats = app.stats().await;
    assert_eq!(tokens(&stats), 0);
    assert_eq!(stats["oauth"]["refused"], 1);
    assert_eq!(brp_posts(&app).await, 0);

    // Without a token the sandbox BRP refuses (401): FORBIDDEN.
    let (app, _log) = app_with_log(|c| {
        oauth(3600, String::new())(c);
        c.brp.auth.method = BrpAuthMethod::None;
    })
    .await;
    let body = app.graphql(query, json!({})).await;
    assert_eq!(codes(&body), ["FORBIDDEN"], "{body:#}");
}

#[tokio::test]
async fn an_api_key_goes_in_its_header() {
    let (app, _log) = app_with_log(|c| {
        c.brp.auth.method = BrpAuthMethod::ApiKey;
        c.brp.auth.api_key_header = "x-api-key".into();
        c.brp.auth.api_key = "sleutel-0123".into();
        c.brp.protocollering.origin_oin = "00000001234567890000".into();
    })
    .await;
    let body = app
        .graphql(r#"{ persoon(bsn: "999990007") { leeftijd } }"#, json!({}))
        .await;
    assert!(body.get("errors").is_none(), "{body:#}");
    let sent = brp_requests(&app).await;
    assert_eq!(sent[0]["headers"]["x-api-key"], "sleutel-0123");
    assert_eq!(sent[0]["headers"]["x-origin-oin"], "00000001234567890000");
}
