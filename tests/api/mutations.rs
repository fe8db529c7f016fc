//! The KCC mutations end to end: what they write to the register, how a bad
//! input is refused before any register call (naming the field), and how
//! the register's own refusal comes back naming the input field.

use serde_json::{json, Value};

use crate::helpers::spawn_app;

const REGISTREER: &str = r#"mutation($input: RegistreerKlantcontactInput!) {
  registreerKlantcontact(input: $input) {
    uuid onderwerp inhoud vertrouwelijk kanaal { code }
    betrokkenen { rol initiator contactnaam { voornaam achternaam } partij { uuid }
                  digitaleAdressen { soortDigitaalAdres adres omschrijving } }
    onderwerpobjecten { onderwerpobjectidentificator { codeObjecttype objectId } } } }"#;

const MAAK_TAAK: &str = r#"mutation($input: MaakInterneTaakInput!) {
  maakInterneTaak(input: $input) { uuid gevraagdeHandeling status toegewezenAan { uuid } } }"#;

const WERK_BIJ: &str = r#"mutation($input: WerkInterneTaakBijInput!) {
  werkInterneTaakBij(input: $input) { uuid status toelichting afgehandeldOp toegewezenAan { uuid } } }"#;

/// The first error's `extensions`.
fn extensions(body: &Value) -> Value {
    assert!(body["data"].is_null(), "refused: {body}");
    body["errors"][0]["extensions"].clone()
}

#[tokio::test]
async fn registreer_klantcontact_writes_contact_betrokkene_onderwerpobject_and_adressen() {
    let app = spawn_app().await;
    let partij = app.nieuwe_partij("Registratie").await;
    let zaak = "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a";
    let body = app
        .graphql(
            REGISTREER,
            json!({"input": {
                "partij": partij, "kanaal": "telefoon", "onderwerp": " Vraag over de afvalpas ",
                "inhoud": "Pas kwijt", "vertrouwelijk": true,
                "betrokkene": {"contactnaam": {"voornaam": "Anton", "achternaam": "van Oostrum"},
                               "digitaleAdressen": [
                                   {"soort": "TELEFOONNUMMER", "adres": "06-12345678", "omschrijving": "terugbellen"},
                                   {"soort": "EMAIL", "adres": "anton@example.nl"}]},
                "onderwerpobject": {"codeObjecttype": "zaak", "codeRegister": "open-zaak",
                                    "codeSoortObjectId": "uuid", "objectId": zaak}}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body:#}");
    let k = &body["data"]["registreerKlantcontact"];
    assert_eq!(k["onderwerp"], "Vraag over de afvalpas");
    assert_eq!(k["vertrouwelijk"], true);
    assert_eq!(k["kanaal"]["code"], "telefoon");
    let b = &k["betrokkenen"][0];
    assert_eq!(
        (b["rol"].as_str(), b["initiator"].as_bool()),
        (Some("KLANT"), Some(true))
    );
    assert_eq!(b["partij"]["uuid"], partij.as_str());
    assert_eq!(b["contactnaam"]["achternaam"], "van Oostrum");
    let mut adressen: Vec<(String, String)> = b["digitaleAdressen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["soortDigitaalAdres"].as_str().unwrap().into(),
                a["adres"].as_str().unwrap().into(),
            )
        })
        .collect();
    adressen.sort();
    assert_eq!(
        adressen,
        [
            ("EMAIL".into(), "anton@example.nl".into()),
            ("TELEFOONNUMMER".into(), "0612345678".into())
        ]
    );
    assert_eq!(
        k["onderwerpobjecten"][0]["onderwerpobjectidentificator"]["objectId"],
        zaak
    );

    // In the register, as Open Klant holds it.
    let uuid = k["uuid"].as_str().unwrap();
    let stored: Value = app
        .ki_get(&format!("/klantcontacten/{uuid}?expand=hadBetrokkenen"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(stored["inhoud"], "Pas kwijt");
    assert_eq!(
        stored["_expand"]["hadBetrokkenen"][0]["wasPartij"]["uuid"],
        partij.as_str()
    );
}

#[tokio::test]
async fn an_interne_taak_is_made_and_worked_on() {
    let app = spawn_app().await;
    let partij = app.nieuwe_partij("Taak").await;
    let klantcontact = app.registreer(&partij, "Terugbelverzoek").await;
    let (a, b) = (
        app.nieuwe_medewerker("A").await,
        app.nieuwe_medewerker("B").await,
    );

    let body = app
        .graphql(
            MAAK_TAAK,
            json!({"input": {"klantcontact": klantcontact, "gevraagdeHandeling": "Terugbellen",
                             "actoren": [a, a, b]}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body:#}");
    let taak = &body["data"]["maakInterneTaak"];
    assert_eq!(taak["status"], "TE_VERWERKEN");
    assert_eq!(
        taak["toegewezenAan"],
        json!([{"uuid": a}, {"uuid": b}]),
        "each actor once"
    );

    let body = app
        .graphql(
            WERK_BIJ,
            json!({"input": {"uuid": taak["uuid"], "status": "VERWERKT", "toelichting": "Teruggebeld",
                             "actoren": [b]}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body:#}");
    let taak = &body["data"]["werkInterneTaakBij"];
    assert_eq!(taak["status"], "VERWERKT");
    assert_eq!(taak["toelichting"], "Teruggebeld");
    assert!(
        taak["afgehandeldOp"].is_string(),
        "the register sets it: {taak}"
    );
    assert_eq!(taak["toegewezenAan"], json!([{"uuid": b}]));
}

#[tokio::test]
async fn bad_input_is_refused_naming_the_field_without_any_register_call() {
    let app = spawn_app().await;
    let partij = "3f1e4a8e-7f25-4d57-9f0a-0c0f4d5b2e11";
    let registreer = |extra: Value| {
        let mut input = json!({"partij": partij, "kanaal": "telefoon", "onderwerp": "Vraag"});
        for (k, v) in extra.as_object().unwrap() {
            input[k] = v.clone();
        }
        json!({ "input": input })
    };
    let adres = |soort: &str, adres: &str| json!({"betrokkene": {"digitaleAdressen": [{"soort": soort, "adres": adres}]}});
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            REGISTREER,
            registreer(json!({"partij": "geen-uuid"})),
            "input.partij",
        ),
        (
            REGISTREER,
            registreer(json!({"onderwerp": "  "})),
            "input.onderwerp",
        ),
        (
            REGISTREER,
            registreer(json!({"kanaal": "k".repeat(51)})),
            "input.kanaal",
        ),
        (
            REGISTREER,
            registreer(json!({"taal": "nederlands"})),
            "input.taal",
        ),
        (
            REGISTREER,
            registreer(json!({"reactie": "r".repeat(4001)})),
            "input.reactie",
        ),
        (
            REGISTREER,
            registreer(json!({"referentienummer": "12a"})),
            "input.referentienummer",
        ),
        (
            REGISTREER,
            registreer(json!({"indicatieContactGelukt": true, "verdereActieOndernomen": true})),
            "input.verdereActieOndernomen",
        ),
        (
            REGISTREER,
            registreer(adres("TELEFOONNUMMER", "0800-1234")),
            "input.betrokkene.digitaleAdressen[0].adres",
        ),
        (
            REGISTREER,
            registreer(adres("EMAIL", "anton@example")),
            "input.betrokkene.digitaleAdressen[0].adres",
        ),
        (
            REGISTREER,
            registreer(json!({"betrokkene": {"contactnaam": {"voorletters": "ABCDEFGHIJK"}}})),
            "input.betrokkene.contactnaam.voorletters",
        ),
        (
            MAAK_TAAK,
            json!({"input": {"klantcontact": partij, "gevraagdeHandeling": "Bellen", "actoren": []}}),
            "input.actoren",
        ),
        (
            MAAK_TAAK,
            json!({"input": {"klantcontact": partij, "gevraagdeHandeling": "h".repeat(201), "actoren": [partij]}}),
            "input.gevraagdeHandeling",
        ),
        (WERK_BIJ, json!({"input": {"uuid": partij}}), "input"),
        (
            WERK_BIJ,
            json!({"input": {"uuid": partij, "toelichting": "t".repeat(1001)}}),
            "input.toelichting",
        ),
    ];
    app.reset_stats().await;
    for (mutation, variables, field) in cases {
        let body = app.graphql(mutation, variables.clone()).await;
        let ext = extensions(&body);
        assert_eq!(ext["code"], "BAD_USER_INPUT", "{variables}: {body}");
        assert_eq!(ext["field"], field, "{variables}: {body}");
        assert!(
            ext.get("register").is_none(),
            "refused by the gateway itself"
        );
    }
    assert_eq!(
        app.stats().await["totalRequests"],
        0,
        "no register was called"
    );
}

#[tokio::test]
async fn the_registers_refusal_names_the_input_field() {
    let app = spawn_app().await;
    let onbekend = "3f1e4a8e-7f25-4d57-9f0a-0c0f4d5b2e11";
    let body = app
        .graphql(
            REGISTREER,
            json!({"input": {"partij": onbekend, "kanaal": "telefoon", "onderwerp": "Vraag"}}),
        )
        .await;
    let ext = extensions(&body);
    assert_eq!(
        (
            ext["code"].as_str(),
            ext["field"].as_str(),
            ext["register"].as_str()
        ),
        (
            Some("BAD_USER_INPUT"),
            Some("input.partij"),
            Some("klantinteracties")
        ),
        "{body}"
    );

    let partij = app.nieuwe_partij("Onbekende actor").await;
    let klantcontact = app.registreer(&partij, "Vraag").await;
    let body = app
        .graphql(
            MAAK_TAAK,
            json!({"input": {"klantcontact": klantcontact, "gevraagdeHandeling": "Bellen", "actoren": [onbekend]}}),
        )
        .await;
    let ext = extensions(&body);
    assert_eq!(ext["code"], "BAD_USER_INPUT", "{body}");
    assert!(
        ext["field"].as_str().unwrap().starts_with("input.actoren"),
        "{body}"
    );

    let body = app
        .graphql(
            WERK_BIJ,
            json!({"input": {"uuid": onbekend, "status": "VERWERKT"}}),
        )
        .await;
    assert_eq!(extensions(&body)["code"], "NOT_FOUND", "{body}");
}
