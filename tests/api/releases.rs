//! One gateway for Open Klant 2.4 to 2.18 (issue 18): the same answers
//! from the sandbox as Open Klant 2.4 and as 2.18 (the C4161 klantbeeld,
//! the search, the three mutations), the release detected and shown, writes
//! a release would drop refused before any write, and no row a register
//! returns against the filter asked ever shown.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::Response;
use serde_json::{json, Value};

use crate::helpers::{spawn_app_with, TestApp};

const PERSONA: &str = "123454321";

async fn app(release: &'static str) -> TestApp {
    spawn_app_with(|c| c.sandbox.openklant_release = release.into()).await
}

fn klantbeeld_query() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/queries/c4161-klantbeeld.graphql"
    ))
    .expect("the C4161 query")
}

/// The C4161 klantbeeld, failing on any error.
async fn klantbeeld(app: &TestApp) -> Value {
    let body = app
        .graphql(&klantbeeld_query(), json!({"nummer": PERSONA}))
        .await;
    assert!(body.get("errors").is_none(), "{body:#}");
    body["data"].clone()
}

const ZOEK: &str = "query($zoek: PartijZoekvraag!) { zoekPartijen(zoek: $zoek) { nodes { bron partij { nummer identificatoren { codeSoortObjectId objectId } bezoekadres { adresregel1 land { code naam } landcodeGba } } } } }";

/// The search routes of Klantinteracties, each with what it finds.
async fn zoek_alle(app: &TestApp) -> Vec<Value> {
    let vragen = [
        json!({"identificator": {"soort": "BSN", "waarde": "999990007"}}),
        json!({"telefoonnummer": "06-1234 5678"}),
        json!({"emailadres": "a.vanoostrum@kpnmail.nl"}),
        json!({"bezoekadres": {"adresregel1": "Van Puffelenstraat 23", "land": "NL"}}),
        json!({"bezoekadres": {"nummeraanduidingId": "0737200000230023"}}),
        json!({"contactnaam": {"voornaam": "Anton", "achternaam": "Oostrum"}}),
    ];
    let mut out = Vec::new();
    for zoek in vragen {
        let body = app.graphql(ZOEK, json!({ "zoek": zoek })).await;
        assert!(body.get("errors").is_none(), "{zoek}: {body:#}");
        out.push(json!({"zoek": zoek, "nodes": body["data"]["zoekPartijen"]["nodes"]}));
    }
    out
}

#[tokio::test]
async fn the_klantbeeld_and_the_search_are_the_same_on_2_4_and_2_18() {
    let (nieuw, oud) = tokio::join!(app("2.18"), app("2.4"));
    let a = klantbeeld(&nieuw).await;
    let b = klantbeeld(&oud).await;
    // Every field the query selects exists on both releases.
    assert_eq!(a, b);
    let partij = &b["partijOpNummer"];
    // 2.4 references identificatoren only: the gateway fetched them.
    assert_eq!(
        partij["identificatoren"],
        json!([{"codeObjecttype": "natuurlijk_persoon", "codeSoortObjectId": "bsn",
                "objectId": "999990007", "codeRegister": "brp"}])
    );
    // 2.4 stores 6030: shown as ISO with its name.
    assert_eq!(partij["bezoekadres"]["land"]["code"], "NL");
    assert_eq!(partij["bezoekadres"]["land"]["naam"], "Nederland");

    let za = zoek_alle(&nieuw).await;
    let zb = zoek_alle(&oud).await;
    assert_eq!(za, zb);
    for z in &zb {
        assert_eq!(
            z["nodes"][0]["partij"]["nummer"], PERSONA,
            "{z}: finds the persona"
        );
        assert_eq!(
            z["nodes"][0]["partij"]["bezoekadres"]["landcodeGba"],
            "6030"
        );
    }

    // Each knows which release it speaks to.
    for (app, release, api) in [(&nieuw, "2.18", "0.9.0"), (&oud, "2.4", "0.0.3")] {
        let (_, ready) = crate::operations::readyz(app).await;
        let r = &ready["registers"]["klantinteracties"]["release"];
        assert_eq!(r["openKlant"], release, "{ready:#}");
        assert_eq!(r["apiVersion"], api, "{ready:#}");
        let metrics = app.metrics().await;
        assert_eq!(
            metrics.sum(
                "klantbeeld_register_release",
                &[("register", "klantinteracties"), ("release", release)]
            ),
            1.0
        );
    }
}

#[tokio::test]
async fn an_address_search_by_adresregel_alone_is_refused_on_every_release() {
    for release in ["2.18", "2.4"] {
        let app = app(release).await;
        let body = app
            .graphql(
                ZOEK,
                json!({"zoek": {"bezoekadres": {"adresregel1": "Bestaat niet 1"}}}),
            )
            .await;
        let e = &body["errors"][0];
        assert_eq!(e["extensions"]["code"], "BAD_USER_INPUT", "{body:#}");
        assert!(
            e["message"].as_str().unwrap().contains("adresregel"),
            "{body:#}"
        );
        // With a part the register filters on, what it finds is checked
        // against the adresregel: no partij lives at "Bestaat niet 1".
        let body = app
            .graphql(
                ZOEK,
                json!({"zoek": {"bezoekadres": {"adresregel1": "Bestaat niet 1", "land": "NL"}}}),
            )
            .await;
        assert!(body.get("errors").is_none(), "{body:#}");
        assert_eq!(
            body["data"]["zoekPartijen"]["nodes"],
            json!([]),
            "{release}"
        );
    }
}

const REGISTREER: &str = r#"mutation($input: RegistreerKlantcontactInput!) {
  registreerKlantcontact(input: $input) {
    onderwerp inhoud taal { code } vertrouwelijk indicatieContactGelukt kanaal { code }
    betrokkenen { rol initiator contactnaam { voornaam achternaam } partij { nummer }
                  digitaleAdressen { soortDigitaalAdres adres omschrijving } }
    uuid } }"#;

const MAAK_TAAK: &str = r#"mutation($input: MaakInterneTaakInput!) {
  maakInterneTaak(input: $input) { uuid gevraagdeHandeling toelichting status toegewezenAan { naam } } }"#;

const WERK_BIJ: &str = r#"mutation($input: WerkInterneTaakBijInput!) {
  werkInterneTaakBij(input: $input) { gevraagdeHandeling toelichting status toegewezenAan { naam } } }"#;

/// The three mutations on the persona; their answers without uuids.
async fn muteer(app: &TestApp) -> Vec<Value> {
    let beeld = klantbeeld(app).await;
    let partij = beeld["partijOpNummer"]["uuid"]
        .as_str()
        .unwrap()
        .to_string();
    let actor = beeld["partijOpNummer"]["betrokkenen"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|b| {
            b["klantcontact"]["interneTaken"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .flat_map(|t| t["toegewezenAan"].as_array().cloned().unwrap_or_default())
        .map(|a| a["uuid"].as_str().unwrap().to_string())
        .next()
        .expect("the persona's taken have actors");
    let body = app
        .graphql(
            REGISTREER,
            json!({"input": {"partij": partij, "kanaal": "telefoon", "onderwerp": "Afvalpas",
                "inhoud": "Pas kwijt", "indicatieContactGelukt": true,
                "betrokkene": {"contactnaam": {"voornaam": "Anton", "achternaam": "van Oostrum"},
                    "digitaleAdressen": [{"soort": "TELEFOONNUMMER", "adres": "0612345678", "omschrijving": "terugbellen"}]}}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body:#}");
    let mut k = body["data"]["registreerKlantcontact"].clone();
    let kc = k["uuid"].take();
    let body = app
        .graphql(
            MAAK_TAAK,
            json!({"input": {"klantcontact": kc, "gevraagdeHandeling": "Terugbellen",
                             "toelichting": "Graag voor 17 uur", "actoren": [actor]}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body:#}");
    let mut t = body["data"]["maakInterneTaak"].clone();
    let taak = t["uuid"].take();
    let body = app
        .graphql(
            WERK_BIJ,
            json!({"input": {"uuid": taak, "status": "VERWERKT", "toelichting": "Teruggebeld"}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body:#}");
    vec![k, t, body["data"]["werkInterneTaakBij"].clone()]
}

#[tokio::test]
async fn the_three_mutations_answer_the_same_on_2_4_and_2_18() {
    let (nieuw, oud) = tokio::join!(app("2.18"), app("2.4"));
    let a = muteer(&nieuw).await;
    let b = muteer(&oud).await;
    assert_eq!(a, b);
    assert_eq!(b[2]["status"], "VERWERKT");
}

#[tokio::test]
async fn fields_2_4_does_not_store_are_refused_before_any_write() {
    let app = app("2.4").await;
    let beeld = klantbeeld(&app).await;
    let partij = beeld["partijOpNummer"]["uuid"]
        .as_str()
        .unwrap()
        .to_string();
    const WRITES: &[&str] = &["POST", "PUT", "PATCH", "DELETE"];
    let before = app.ki_calls(WRITES).await;
    let body = app
        .graphql(
            REGISTREER,
            json!({"input": {"partij": partij, "kanaal": "telefoon", "onderwerp": "Afvalpas",
                "reactie": "Nieuwe pas besteld", "referentienummer": "4711",
                "betrokkene": {"digitaleAdressen": [{"soort": "TELEFOONNUMMER", "adres": "0612345678"}]}}}),
        )
        .await;
    assert!(body["data"].is_null(), "{body:#}");
    let e = &body["errors"][0];
    assert_eq!(e["extensions"]["code"], "BAD_USER_INPUT", "{body:#}");
    let velden: Vec<&str> = e["extensions"]["invalidParams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        velden,
        [
            "input.reactie",
            "input.referentienummer",
            "input.betrokkene.digitaleAdressen[0].omschrijving"
        ]
    );
    assert!(
        e["message"].as_str().unwrap().contains("Open Klant 2.4"),
        "{body:#}"
    );
    assert_eq!(app.ki_calls(WRITES).await, before, "nothing was written");

    // The same input without them is written.
    let body = app
        .graphql(
            REGISTREER,
            json!({"input": {"partij": partij, "kanaal": "telefoon", "onderwerp": "Afvalpas"}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body:#}");
    assert!(app.ki_calls(WRITES).await > before);
}

/// A register that ignores every filter (as Open Klant 2.4 ignores one it
/// does not know): a proxy in front of the sandbox that forwards each call
/// with only `page`, `pageSize` and `expand` left of its query.
async fn filter_blind_register(sandbox: String) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = Arc::new((reqwest::Client::new(), sandbox));
    let router = axum::Router::new().fallback(forward).with_state(state);
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{addr}")
}

async fn forward(
    State(state): State<Arc<(reqwest::Client, String)>>,
    request: Request,
) -> Response {
    let (client, sandbox) = &*state;
    let (parts, body) = request.into_parts();
    let kept: Vec<(String, String)> =
        url::form_urlencoded::parse(parts.uri.query().unwrap_or_default().as_bytes())
            .into_owned()
            .filter(|(k, _)| matches!(k.as_str(), "page" | "pageSize" | "expand"))
            .collect();
    let mut url = url::Url::parse(&format!("{sandbox}{}", parts.uri.path())).unwrap();
    if !kept.is_empty() {
        url.query_pairs_mut().extend_pairs(kept);
    }
    let body = axum::body::to_bytes(body, usize::MAX).await.unwrap();
    let mut call = client.request(parts.method, url).body(body.to_vec());
    // The Host goes along, so that `next` links point at the proxy again.
    for (name, value) in parts.headers.iter() {
        call = call.header(name, value);
    }
    let answer = call.send().await.unwrap();
    let status = answer.status();
    let headers = answer.headers().clone();
    let bytes = answer.bytes().await.unwrap();
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    for (name, value) in headers.iter().filter(|(n, _)| *n != "content-length") {
        response.headers_mut().insert(name, value.clone());
    }
    response
}

#[tokio::test]
async fn a_register_that_ignores_filters_cannot_make_the_gateway_show_a_row_that_does_not_match() {
    let direct = app("2.18").await;
    let want_beeld = klantbeeld(&direct).await;
    let want_zoek = zoek_alle(&direct).await;

    let proxy = filter_blind_register(direct.sandbox.clone()).await;
    let blind = spawn_app_with(|c| {
        c.registers.klantinteracties.base_url = format!("{proxy}/klantinteracties/api/v1");
    })
    .await;
    // The proxy serves the other app's sandbox (the same seed and data):
    // every list comes back unfiltered, and the answers stay the same.
    assert_eq!(klantbeeld(&blind).await, want_beeld);
    assert_eq!(zoek_alle(&blind).await, want_zoek);
    let dropped = blind.metrics().await.sum(
        "klantbeeld_register_rows_dropped_total",
        &[("register", "klantinteracties")],
    );
    assert!(dropped > 50.0, "rows dropped: {dropped}");
}
