//! Finding the partij (`zoekPartijen`, C4161 step 2): each search route
//! over the registers as they answer, where each hit matched, persons in the
//! BRP without a partij, the BRP's "too many results", paging, and input
//! refused before any call.

use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::verwerkingslog::{app_with_log, brp_posts, brp_requests, codes};

const PERSONA: &str = "123454321";

/// Runs `zoekPartijen` with `zoek` (GraphQL input text) and `selection`
/// below each node; returns the nodes, failing on any error.
async fn zoek(app: &TestApp, zoek: &str, selection: &str) -> Vec<Value> {
    let body = app
        .graphql(
            &format!("{{ zoekPartijen(zoek: {zoek}) {{ nodes {{ {selection} }} }} }}"),
            json!({}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{zoek}: {body:#}");
    body["data"]["zoekPartijen"]["nodes"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The calls the sandbox Klantinteracties served, by route.
async fn ki_routes(app: &TestApp) -> Value {
    app.stats().await["registers"]["klantinteracties"]["byRoute"].clone()
}

#[tokio::test]
async fn each_klantinteracties_route_finds_the_persona_there() {
    let (app, _log) = app_with_log(|_| {}).await;
    let routes = [
        (
            r#"{identificator: {soort: BSN, waarde: "999990007"}}"#,
            "partijen",
        ),
        (
            r#"{emailadres: "A.vanOostrum@KPNmail.nl"}"#,
            "digitaleadressen",
        ),
        (r#"{telefoonnummer: "06-1234 5678"}"#, "digitaleadressen"),
        (
            r#"{bezoekadres: {adresregel1: "Van Puffelenstraat 23", land: "NL"}}"#,
            "partijen",
        ),
        (
            r#"{correspondentieadres: {adresregel1: "Janssenstraat 12", land: "NL"}}"#,
            "partijen",
        ),
        (
            r#"{contactnaam: {voornaam: "Anton", achternaam: "Oostrum"}}"#,
            "betrokkenen",
        ),
    ];
    for (args, resource) in routes {
        app.reset_stats().await;
        let nodes = zoek(&app, args, "bron partij { nummer }").await;
        assert_eq!(
            nodes,
            [json!({"bron": "KLANTINTERACTIES", "partij": {"nummer": PERSONA}})],
            "{args}"
        );
        let routes = ki_routes(&app).await;
        assert!(
            routes[format!("GET /klantinteracties/api/v1/{resource}")].as_u64() >= Some(1),
            "{args}: {routes:#}"
        );
        assert_eq!(
            brp_posts(&app).await,
            0,
            "{args}: no BRP call unless selected"
        );
    }

    // Selecting the hit's person consults the BRP through the partij's BSN.
    app.reset_stats().await;
    let nodes = zoek(
        &app,
        r#"{telefoonnummer: "0612345678"}"#,
        "persoon { naam { volledigeNaam } }",
    )
    .await;
    assert_eq!(
        nodes[0]["persoon"]["naam"]["volledigeNaam"],
        "Anton Bernardus van Oostrum"
    );
    assert_eq!(brp_posts(&app).await, 1);
}

#[tokio::test]
async fn a_brp_search_leads_to_the_partij_or_to_a_person_without_one() {
    let (app, log) = app_with_log(|_| {}).await;
    let selection = "bron partij { nummer } persoon { burgerservicenummer naam { volledigeNaam } }";
    let anton = json!({"bron": "BRP", "partij": {"nummer": PERSONA},
        "persoon": {"burgerservicenummer": "999990007", "naam": {"volledigeNaam": "Anton Bernardus van Oostrum"}}});
    let suzanne = json!({"bron": "BRP", "partij": null,
        "persoon": {"burgerservicenummer": "999993653", "naam": {"volledigeNaam": "Suzanne Moulin"}}});

    // Each BRP query type, chosen by the arguments given.
    let searches = [
        (
            r#"{geslachtsnaam: "Oostrum", geboortedatum: "1971-05-17"}"#,
            "ZoekMetGeslachtsnaamEnGeboortedatum",
            &anton,
        ),
        (
            r#"{nummeraanduidingIdentificatie: "0737200000230023"}"#,
            "ZoekMetNummeraanduidingIdentificatie",
            &anton,
        ),
        (
            r#"{adresseerbaarObjectIdentificatie: "0737010000230023"}"#,
            "ZoekMetAdresseerbaarObjectIdentificatie",
            &anton,
        ),
        (
            r#"{postcode: "3077 aw", huisnummer: 31}"#,
            "ZoekMetPostcodeEnHuisnummer",
            &suzanne,
        ),
        (
            r#"{geslachtsnaam: "Moulin", voornamen: "Suzanne", gemeenteVanInschrijving: "0599"}"#,
            "ZoekMetNaamEnGemeenteVanInschrijving",
            &suzanne,
        ),
        (
            r#"{straat: "Boterdiep", huisnummer: 31, gemeenteVanInschrijving: "0599"}"#,
            "ZoekMetStraatHuisnummerEnGemeenteVanInschrijving",
            &suzanne,
        ),
    ];
    for (args, soort, expected) in searches {
        app.reset_stats().await;
        let nodes = zoek(&app, args, selection).await;
        assert_eq!(nodes, std::slice::from_ref(expected), "{args}");
        // The search asks only for BSNs; the person is then consulted with
        // the selection's fields.
        let sent = brp_requests(&app).await;
        assert_eq!(sent.len(), 2, "{args}: {sent:#?}");
        assert_eq!(sent[0]["body"]["type"], soort);
        assert_eq!(sent[0]["body"]["fields"], json!(["burgerservicenummer"]));
        assert_eq!(sent[1]["body"]["type"], "RaadpleegMetBurgerservicenummer");
        assert_eq!(
            sent[1]["body"]["fields"],
            json!(["burgerservicenummer", "naam.volledigeNaam"])
        );
    }
    assert_eq!(log.lookups().len(), 2 * searches.len());

    // A BSN no partij has: the person, found in the BRP with one lookup
    // that already asks what the hit's `persoon` selects.
    app.reset_stats().await;
    let nodes = zoek(
        &app,
        r#"{identificator: {soort: BSN, waarde: "999993653"}}"#,
        selection,
    )
    .await;
    assert_eq!(nodes, [suzanne]);
    assert_eq!(brp_posts(&app).await, 1);
    // And a BSN that neither register knows finds nothing.
    let nodes = zoek(
        &app,
        r#"{identificator: {soort: BSN, waarde: "123456782"}}"#,
        "bron",
    )
    .await;
    assert!(nodes.is_empty());
}

#[tokio::test]
async fn too_many_results_asks_to_refine_the_search() {
    let (app, log) = app_with_log(|_| {}).await;
    let body = app
        .graphql(
            r#"{ zoekPartijen(zoek: {geslachtsnaam: "Digid*", geboortedatum: "1919-12-19"}) { nodes { bron } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(codes(&body), ["BAD_USER_INPUT"], "{body:#}");
    let error = &body["errors"][0];
    assert_eq!(error["extensions"]["reason"], "TOO_MANY_RESULTS");
    assert_eq!(error["extensions"]["register"], "brp");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("refine the search"),
        "{error:#}"
    );
    assert_eq!(brp_posts(&app).await, 1);
    let lookups = log.lookups();
    assert_eq!(lookups.len(), 1);
    assert_eq!(lookups[0]["uitkomst"]["status"], "mislukt");
    assert_eq!(lookups[0]["uitkomst"]["code"], "BAD_USER_INPUT");
}

#[tokio::test]
async fn bad_or_mixed_arguments_are_refused_before_any_call() {
    let (app, log) = app_with_log(|_| {}).await;
    for (args, field) in [
        ("{}", "zoek"),
        (r#"{emailadres: "a@b.nl", geslachtsnaam: "Jansen"}"#, "zoek"),
        (r#"{postcode: "0823 SG", huisnummer: 1}"#, "postcode"),
        (r#"{postcode: "9823 SG"}"#, "huisnummer"),
        (r#"{telefoonnummer: "14 020"}"#, "telefoonnummer"),
        (r#"{emailadres: "geen adres"}"#, "emailadres"),
        (r#"{geslachtsnaam: "Oostrum"}"#, "zoek"),
        (
            r#"{straat: "Boterdiep", huisnummer: 31, gemeenteVanInschrijving: "599"}"#,
            "gemeenteVanInschrijving",
        ),
        (
            r#"{postcode: "9823 SG", huisnummer: 23, voornamen: "Anton"}"#,
            "voornamen",
        ),
        (
            r#"{telefoonnummer: "0612345678", inclusiefOverledenPersonen: true}"#,
            "inclusiefOverledenPersonen",
        ),
    ] {
        let body = app
            .graphql(
                &format!("{{ zoekPartijen(zoek: {args}) {{ nodes {{ bron }} }} }}"),
                json!({}),
            )
            .await;
        assert_eq!(codes(&body), ["BAD_USER_INPUT"], "{args}: {body:#}");
        assert_eq!(body["errors"][0]["extensions"]["field"], field, "{args}");
    }
    assert_eq!(app.stats().await["totalRequests"], 0);
    assert!(log.records().is_empty());
}

#[tokio::test]
async fn hits_come_as_a_connection_with_cursors() {
    let (app, _log) = app_with_log(|_| {}).await;
    let page = |after: Option<String>| {
        let app = &app;
        async move {
            let body = app
                .graphql(
                    r#"query($after: String) { zoekPartijen(zoek: {bezoekadres: {land: "NL"}}, first: 3, after: $after) {
                           edges { cursor node { partij { uuid } } } pageInfo { hasNextPage hasPreviousPage endCursor } } }"#,
                    json!({ "after": after }),
                )
                .await;
            assert!(body.get("errors").is_none(), "{body:#}");
            body["data"]["zoekPartijen"].clone()
        }
    };
    let first = page(None).await;
    let second = page(first["pageInfo"]["endCursor"].as_str().map(str::to_string)).await;
    let uuids = |p: &Value| -> Vec<String> {
        p["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["partij"]["uuid"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(uuids(&first).len(), 3);
    assert_eq!(uuids(&second).len(), 3);
    assert!(uuids(&first).iter().all(|u| !uuids(&second).contains(u)));
    assert_eq!(first["pageInfo"]["hasNextPage"], true);
    assert_eq!(first["pageInfo"]["hasPreviousPage"], false);
    assert_eq!(second["pageInfo"]["hasPreviousPage"], true);
    assert_eq!(second["edges"][0]["cursor"], "3");
}

#[tokio::test]
async fn the_reference_search_runs_as_it_is() {
    let (app, _log) = app_with_log(|_| {}).await;
    let body = app
        .graphql(
            include_str!("../../queries/zoek-partij.graphql"),
            json!({"zoek": {"postcode": "9823 SG", "huisnummer": 23}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body:#}");
    let edges = body["data"]["zoekPartijen"]["edges"].as_array().unwrap();
    let persona = edges
        .iter()
        .map(|e| &e["node"])
        .find(|n| n["partij"]["nummer"] == PERSONA)
        .expect("the persona lives at 9823 SG 23");
    assert_eq!(persona["bron"], "BRP");
    assert_eq!(persona["persoon"]["burgerservicenummer"], "999990007");
    assert_eq!(
        persona["persoon"]["adressering"]["adresregel1"],
        "Van Puffelenstraat 23"
    );
    assert_eq!(
        persona["partij"]["bezoekadres"]["adresregel1"],
        "Van Puffelenstraat 23"
    );
}
