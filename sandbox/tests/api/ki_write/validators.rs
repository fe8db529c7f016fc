//! Each validator of the sandbox refuses what Open Klant refuses, naming
//! the field, and accepts valid values.

use serde_json::{json, Value};

use super::client::{klantcontact_body, persoon, Ki};
use crate::helpers::spawn_app;

#[tokio::test]
async fn adressen_are_checked_part_by_part() {
    let app = spawn_app().await;
    let ki = Ki::new(&app);
    let with = |field: &str, adres: Value| {
        let mut body = persoon("A", "B");
        body[field] = adres;
        body
    };
    let valid = json!({"nummeraanduidingId": "0363200000218908", "straatnaam": "Janssenstraat",
                       "huisnummer": 12, "huisnummertoevoeging": "A", "postcode": "9823 SG",
                       "stad": "Tietjerksteradeel", "adresregel1": "", "land": "NL"});
    let created = ki
        .post("/partijen", with("correspondentieadres", valid.clone()))
        .await
        .expect(201);
    assert_eq!(created["correspondentieadres"]["huisnummertoevoeging"], "A");
    assert_eq!(
        created["correspondentieadres"]["nummeraanduidingId"],
        "0363200000218908"
    );
    ki.post(
        "/partijen",
        with(
            "bezoekadres",
            json!({"land": "BE", "adresregel1": "Rue Neuve 1"}),
        ),
    )
    .await
    .expect(201);

    // Django runs every validator of a field and reports each refusal.
    for (part, value, codes) in [
        ("postcode", json!("9823sg"), &["invalid"][..]),
        ("postcode", json!("0823 SG"), &["invalid"]),
        ("postcode", json!("9823  SG"), &["invalid", "max_length"]),
        ("land", json!("nl"), &["invalid"]),
        ("land", json!("XX"), &["invalid"]),
        ("land", json!("N"), &["invalid", "min_length"]),
        ("land", json!("NLD"), &["invalid", "max_length"]),
        ("nummeraanduidingId", json!("12345"), &["invalid"]),
        ("huisnummer", json!(0), &["min_value"]),
        ("huisnummer", json!(100000), &["max_value"]),
        ("huisnummer", json!("twaalf"), &["invalid"]),
        ("straatnaam", json!("s".repeat(256)), &["max_length"]),
        ("adresregel2", json!(["regel"]), &["invalid"]),
    ] {
        let mut adres = valid.clone();
        adres[part] = value.clone();
        let answer = ki.post("/partijen", with("bezoekadres", adres)).await;
        let name = format!("bezoekadres.{part}");
        let expected: Vec<(String, String)> = codes
            .iter()
            .map(|c| (name.clone(), c.to_string()))
            .collect();
        assert_eq!(answer.status, 400, "{part}: {value}");
        assert_eq!(answer.invalid(), expected, "{part}: {value}");
    }
    ki.post("/partijen", with("bezoekadres", json!("Janssenstraat 12")))
        .await
        .assert_refused("bezoekadres.nonFieldErrors", "invalid");
    let k = ki.klantcontact().await;
    ki.post(
        "/betrokkenen",
        json!({"hadKlantcontact": {"uuid": k}, "rol": "klant", "initiator": false,
               "correspondentieadres": {"land": "de"}}),
    )
    .await
    .assert_refused("correspondentieadres.land", "invalid");
}

#[tokio::test]
async fn digitale_adressen_are_checked_by_soort() {
    let app = spawn_app().await;
    let ki = Ki::new(&app);
    let partij = ki.partij().await;
    let body = |soort: &str, adres: &str| json!({"verstrektDoorPartij": {"uuid": partij}, "soortDigitaalAdres": soort, "adres": adres});
    for (soort, adres) in [
        ("email", "anton@example.nl"),
        ("email", "a.b+kcc@sub.gemeente.nl"),
        ("telefoonnummer", "0612345678"),
        ("telefoonnummer", "+31612345678"),
        ("telefoonnummer", "0031612345678"),
        ("overig", "@anton"),
    ] {
        let created = ki
            .post("/digitaleadressen", body(soort, adres))
            .await
            .expect(201);
        assert_eq!(created["adres"], adres);
        assert_eq!(created["verstrektDoorPartij"]["uuid"], partij.as_str());
    }
    for (soort, adres) in [
        ("email", "anton@"),
        ("email", "anton@example"),
        ("email", "anton example@x.nl"),
        ("telefoonnummer", "14020"),
        ("telefoonnummer", "06-12345678"),
        ("telefoonnummer", "08001234"),
    ] {
        ki.post("/digitaleadressen", body(soort, adres))
            .await
            .assert_refused("adres", "invalid");
    }
    ki.post("/digitaleadressen", body("fax", "0201234567"))
        .await
        .assert_refused("soortDigitaalAdres", "invalid_choice");
    ki.post(
        "/digitaleadressen",
        body("email", &format!("{}@x.nl", "a".repeat(80))),
    )
    .await
    .assert_refused("adres", "max_length");

    // The key verstrektDoorPartij is required, null is allowed.
    ki.post(
        "/digitaleadressen",
        json!({"soortDigitaalAdres": "email", "adres": "a@b.nl"}),
    )
    .await
    .assert_refused("verstrektDoorPartij", "required");
    ki.post(
        "/digitaleadressen",
        json!({"verstrektDoorPartij": null, "soortDigitaalAdres": "email", "adres": "a@b.nl"}),
    )
    .await
    .expect(201);
    ki.post(
        "/digitaleadressen",
        json!({"verstrektDoorPartij": {"uuid": "d3b07384-d9a0-4c9b-8f1e-2a7c5e6f8b90"},
               "soortDigitaalAdres": "email", "adres": "a@b.nl"}),
    )
    .await
    .assert_refused("verstrektDoorPartij.uuid", "invalid");
    ki.post(
        "/digitaleadressen",
        json!({"verstrektDoorPartij": null, "soortDigitaalAdres": "email", "adres": "a@b.nl",
               "isStandaardAdres": true}),
    )
    .await
    .assert_refused("isStandaardAdres", "invalid");
    let mut referentie = body("email", "a@b.nl");
    referentie["referentie"] = json!("met spatie");
    ki.post("/digitaleadressen", referentie)
        .await
        .assert_refused("referentie", "invalid");
}

#[tokio::test]
async fn one_standard_adres_per_partij_and_soort() {
    let app = spawn_app().await;
    let ki = Ki::new(&app);
    let partij = ki.partij().await;
    let adres = |soort: &str, adres: &str| {
        json!({"verstrektDoorPartij": {"uuid": partij}, "soortDigitaalAdres": soort,
               "adres": adres, "isStandaardAdres": true})
    };
    let eerste = ki
        .create("/digitaleadressen", adres("email", "a@b.nl"))
        .await;
    let telefoon = ki
        .create("/digitaleadressen", adres("telefoonnummer", "0612345678"))
        .await;
    let tweede = ki
        .create("/digitaleadressen", adres("email", "c@d.nl"))
        .await;
    let standaard = |v: Value| v["isStandaardAdres"].clone();
    assert_eq!(
        standaard(
            ki.get(&format!("/digitaleadressen/{eerste}"))
                .await
                .expect(200)
        ),
        false
    );
    assert_eq!(
        standaard(
            ki.get(&format!("/digitaleadressen/{tweede}"))
                .await
                .expect(200)
        ),
        true
    );
    assert_eq!(
        standaard(
            ki.get(&format!("/digitaleadressen/{telefoon}"))
                .await
                .expect(200)
        ),
        true
    );

    ki.patch(
        &format!("/digitaleadressen/{eerste}"),
        json!({"isStandaardAdres": true}),
    )
    .await
    .expect(200);
    assert_eq!(
        standaard(
            ki.get(&format!("/digitaleadressen/{tweede}"))
                .await
                .expect(200)
        ),
        false
    );

    // A PATCH of the address alone is checked against the stored soort.
    ki.patch(
        &format!("/digitaleadressen/{telefoon}"),
        json!({"adres": "a@b.nl"}),
    )
    .await
    .assert_refused("adres", "invalid");
    ki.delete(&format!("/digitaleadressen/{telefoon}"))
        .await
        .expect(204);
    ki.get(&format!("/digitaleadressen/{telefoon}"))
        .await
        .expect(404);
}

#[tokio::test]
async fn klantcontact_fields_are_checked() {
    let app = spawn_app().await;
    let ki = Ki::new(&app);
    for (field, value, name, code) in [
        ("kanaal", json!("k".repeat(51)), "kanaal", "max_length"),
        ("kanaal", json!(""), "kanaal", "blank"),
        ("onderwerp", json!(null), "onderwerp", "null"),
        ("taal", json!("nederlands"), "taal", "max_length"),
        (
            "vertrouwelijk",
            json!("misschien"),
            "vertrouwelijk",
            "invalid",
        ),
        (
            "referentienummer",
            json!("12a"),
            "referentienummer",
            "invalid",
        ),
        (
            "referentienummer",
            json!("12345678901"),
            "referentienummer",
            "max_length",
        ),
        ("nummer", json!({"n": 1}), "nummer", "invalid"),
        (
            "plaatsgevondenOp",
            json!("gisteren"),
            "plaatsgevondenOp",
            "invalid",
        ),
        (
            "hoofdOnderwerpType",
            json!("zaaktype 1"),
            "hoofdOnderwerpType",
            "invalid",
        ),
        ("reactie", json!("r".repeat(4001)), "reactie", "max_length"),
        (
            "metadata",
            json!({"bron": "b".repeat(256)}),
            "metadata.bron",
            "max_length",
        ),
        ("metadata", json!(["bron"]), "metadata", "not_a_dict"),
        (
            "indicatieContactGelukt",
            json!("soms"),
            "indicatieContactGelukt",
            "invalid",
        ),
    ] {
        let mut body = klantcontact_body();
        body[field] = value;
        ki.post("/klantcontacten", body)
            .await
            .assert_refused(name, code);
    }
    let mut zonder_taal = klantcontact_body();
    zonder_taal.as_object_mut().map(|b| b.remove("taal"));
    ki.post("/klantcontacten", zonder_taal)
        .await
        .assert_refused("taal", "required");

    // DRF's lenient readings: numbers as text, "true" as a boolean, an
    // offset-less time as Amsterdam time.
    let mut lenient = klantcontact_body();
    lenient["referentienummer"] = json!(42);
    lenient["vertrouwelijk"] = json!("true");
    lenient["plaatsgevondenOp"] = json!("2024-07-15T10:00:00");
    let created = ki.post("/klantcontacten", lenient).await.expect(201);
    assert_eq!(created["referentienummer"], "42");
    assert_eq!(created["vertrouwelijk"], true);
    let read = ki
        .get(&format!(
            "/klantcontacten/{}",
            created["uuid"].as_str().expect("uuid")
        ))
        .await
        .expect(200);
    let at = chrono::DateTime::parse_from_rfc3339(read["plaatsgevondenOp"].as_str().expect("time"))
        .expect("rfc 3339");
    assert_eq!(at.to_utc().to_rfc3339(), "2024-07-15T08:00:00+00:00");
}

#[tokio::test]
async fn betrokkene_fields_and_foreign_keys_are_checked() {
    let app = spawn_app().await;
    let ki = Ki::new(&app);
    let k = ki.klantcontact().await;
    let body = || json!({"hadKlantcontact": {"uuid": k}, "rol": "klant", "initiator": true});
    ki.post("/betrokkenen", body()).await.expect(201);
    for (field, value, name, code) in [
        ("rol", json!("baas"), "rol", "invalid_choice"),
        ("initiator", json!(null), "initiator", "null"),
        (
            "hadKlantcontact",
            json!({"uuid": "geen-uuid"}),
            "hadKlantcontact.uuid",
            "invalid",
        ),
        (
            "hadKlantcontact",
            json!({}),
            "hadKlantcontact.uuid",
            "required",
        ),
        (
            "hadKlantcontact",
            json!("de uuid"),
            "hadKlantcontact.nonFieldErrors",
            "invalid",
        ),
        ("hadKlantcontact", json!(null), "hadKlantcontact", "null"),
        ("wasPartij", json!({"uuid": k}), "wasPartij.uuid", "invalid"),
        (
            "organisatienaam",
            json!("o".repeat(201)),
            "organisatienaam",
            "max_length",
        ),
        (
            "contactnaam",
            json!({"voorletters": "ABCDEFGHIJK"}),
            "contactnaam.voorletters",
            "max_length",
        ),
    ] {
        let mut b = body();
        b[field] = value;
        ki.post("/betrokkenen", b).await.assert_refused(name, code);
    }
}
