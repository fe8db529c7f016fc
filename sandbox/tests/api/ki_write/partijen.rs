//! `/partijen` with their identificatoren: minimal bodies, PUT and PATCH
//! semantics, polymorphism, the identificator rules and delete cascades.

use serde_json::json;

use super::client::{bsn, identificator, persoon, Ki};
use crate::helpers::spawn_app;

#[tokio::test]
async fn partij_is_created_patched_put_and_deleted() {
    let app = spawn_app().await;
    let ki = Ki::new(&app);

    let created = ki
        .post("/partijen", persoon("Anton", "Oostrum"))
        .await
        .expect(201);
    let uuid = created["uuid"].as_str().expect("uuid").to_string();
    assert_eq!(created["url"], ki.url(&format!("/partijen/{uuid}")));
    assert_eq!(created["soortPartij"], "persoon");
    assert_eq!(created["indicatieActief"], true);
    assert_eq!(
        created["partijIdentificatie"]["volledigeNaam"],
        "Anton Oostrum"
    );
    assert_eq!(created["partijIdentificatoren"], json!([]));
    assert_eq!(
        ki.get(&format!("/partijen/{uuid}")).await.expect(200),
        created
    );

    let patched = ki
        .patch(
            &format!("/partijen/{uuid}"),
            json!({"voorkeurstaal": "nld", "bezoekadres": {
                "straatnaam": "Van Puffelenstraat", "huisnummer": 23, "postcode": "9823 SG",
                "stad": "Tietjerksteradeel", "land": "NL"}}),
        )
        .await
        .expect(200);
    assert_eq!(patched["voorkeurstaal"], "nld");
    assert_eq!(patched["bezoekadres"]["postcode"], "9823 SG");
    assert_eq!(patched["bezoekadres"]["huisnummer"], 23);
    assert_eq!(
        patched["partijIdentificatie"]["volledigeNaam"],
        "Anton Oostrum"
    );

    // PUT needs every required field; the fields it leaves out keep their value.
    ki.put(
        &format!("/partijen/{uuid}"),
        json!({"soortPartij": "organisatie"}),
    )
    .await
    .assert_refused("indicatieActief", "required");
    let put = ki
        .put(
            &format!("/partijen/{uuid}"),
            json!({"soortPartij": "organisatie", "indicatieActief": false,
                   "partijIdentificatie": {"naam": "Stichting Oostrum"}}),
        )
        .await
        .expect(200);
    assert_eq!(put["soortPartij"], "organisatie");
    assert_eq!(
        put["partijIdentificatie"],
        json!({"naam": "Stichting Oostrum"})
    );
    assert_eq!(put["indicatieActief"], false);
    assert_eq!(put["voorkeurstaal"], "nld");
    assert_eq!(ki.get(&format!("/partijen/{uuid}")).await.expect(200), put);

    ki.delete(&format!("/partijen/{uuid}")).await.expect(204);
    for answer in [
        ki.get(&format!("/partijen/{uuid}")).await,
        ki.delete(&format!("/partijen/{uuid}")).await,
        ki.patch(&format!("/partijen/{uuid}"), json!({})).await,
        ki.put("/partijen/not-a-uuid", json!({})).await,
    ] {
        assert_eq!(answer.expect(404)["code"], "not_found");
    }
}

#[tokio::test]
async fn contactpersoon_works_for_an_organisatie() {
    let app = spawn_app().await;
    let ki = Ki::new(&app);
    let organisatie = ki.organisatie("Gemeente Tietjerksteradeel").await;
    let persoon = ki.partij().await;

    let body = |werkgever: &str| {
        json!({"soortPartij": "contactpersoon", "indicatieActief": true,
               "partijIdentificatie": {"werkteVoorPartij": {"uuid": werkgever},
                   "contactnaam": {"voorletters": "J.", "voornaam": "Jan", "achternaam": "Jansen"}}})
    };
    let created = ki.post("/partijen", body(&organisatie)).await.expect(201);
    let identificatie = &created["partijIdentificatie"];
    assert_eq!(
        identificatie["werkteVoorPartij"]["uuid"],
        organisatie.as_str()
    );
    assert_eq!(identificatie["volledigeNaam"], "Jan Jansen");
    assert!(identificatie["uuid"].is_string());

    ki.post("/partijen", body(&persoon))
        .await
        .assert_refused("partijIdentificatie.werkteVoorPartij.uuid", "invalid");
    ki.post("/partijen", body("6a1f0d7e-1c2b-4e8f-9a3d-5b7c9e1f2a4b"))
        .await
        .assert_refused("partijIdentificatie.werkteVoorPartij.uuid", "invalid");

    // Deleting the organisatie leaves the contactpersoon without employer.
    let uuid = created["uuid"].as_str().expect("uuid");
    ki.delete(&format!("/partijen/{organisatie}"))
        .await
        .expect(204);
    let after = ki.get(&format!("/partijen/{uuid}")).await.expect(200);
    assert_eq!(
        after["partijIdentificatie"]["werkteVoorPartij"],
        json!(null)
    );
}

#[tokio::test]
async fn identificatoren_are_written_with_the_partij_under_open_klants_rules() {
    let app = spawn_app().await;
    let ki = Ki::new(&app);
    let eerste = bsn(7);
    let tweede = bsn(8);

    let mut body = persoon("Anton", "Oostrum");
    body["partijIdentificatoren"] =
        json!([identificator("natuurlijk_persoon", "bsn", "brp", &eerste)]);
    let created = ki.post("/partijen", body.clone()).await.expect(201);
    let partij = created["uuid"].as_str().expect("uuid").to_string();
    let ids = created["partijIdentificatoren"].as_array().expect("list");
    assert_eq!(ids.len(), 1);
    assert_eq!(ids[0]["partijIdentificator"]["objectId"], eerste.as_str());
    assert_eq!(ids[0]["identificeerdePartij"]["uuid"], partij.as_str());
    let eerste_uuid = ids[0]["uuid"].as_str().expect("uuid").to_string();

    // Unique across partijen, on `__all__`.
    ki.post("/partijen", body)
        .await
        .assert_refused("__all__", "invalid");

    let with = |ids: serde_json::Value| {
        let mut b = persoon("X", "Y");
        b["partijIdentificatoren"] = ids;
        b
    };
    for (ids, name, code) in [
        (
            json!([identificator(
                "natuurlijk_persoon",
                "bsn",
                "brp",
                "123456789"
            )]),
            "partijIdentificatoren.0.partijIdentificatorObjectId",
            "invalid",
        ),
        (
            json!([identificator(
                "niet_natuurlijk_persoon",
                "bsn",
                "brp",
                &tweede
            )]),
            "partijIdentificatoren.0.partijIdentificatorCodeObjecttype",
            "invalid",
        ),
        (
            json!([identificator(
                "natuurlijk_persoon",
                "kvk_nummer",
                "brp",
                "12345678"
            )]),
            "partijIdentificatoren.0.partijIdentificatorCodeSoortObjectId",
            "invalid",
        ),
        (
            json!([identificator(
                "vestiging",
                "vestigingsnummer",
                "hr",
                "000012345678"
            )]),
            "partijIdentificatoren.0.subIdentificatorVan",
            "invalid",
        ),
        (
            json!([
                identificator("natuurlijk_persoon", "bsn", "brp", &tweede),
                identificator("natuurlijk_persoon", "bsn", "brp", &bsn(9))
            ]),
            "__all__",
            "invalid",
        ),
        (
            json!([{"partijIdentificator": {"codeObjecttype": "natuurlijk_persoon",
                    "codeSoortObjectId": "bsn", "codeRegister": "brp"}}]),
            "partijIdentificatoren.0.partijIdentificator.objectId",
            "required",
        ),
        (
            json!([identificator("natuurlijk_persoon", "bsn", "bag", &tweede)]),
            "partijIdentificatoren.0.partijIdentificator.codeRegister",
            "invalid_choice",
        ),
        (
            json!({"bsn": 1}),
            "partijIdentificatoren.nonFieldErrors",
            "not_a_list",
        ),
    ] {
        ki.post("/partijen", with(ids))
            .await
            .assert_refused(name, code);
    }

    // PUT replaces the list: the first BSN is deleted and free again.
    let put = ki
        .put(
            &format!("/partijen/{partij}"),
            json!({"soortPartij": "persoon", "indicatieActief": true,
                   "partijIdentificatoren": [identificator("natuurlijk_persoon", "bsn", "brp", &tweede)]}),
        )
        .await
        .expect(200);
    let ids = put["partijIdentificatoren"].as_array().expect("list");
    assert_eq!(ids.len(), 1);
    assert_eq!(ids[0]["partijIdentificator"]["objectId"], tweede.as_str());
    ki.get(&format!("/partij-identificatoren/{eerste_uuid}"))
        .await
        .expect(404);
    ki.post(
        "/partijen",
        with(json!([identificator(
            "natuurlijk_persoon",
            "bsn",
            "brp",
            &eerste
        )])),
    )
    .await
    .expect(201);

    // An item with its uuid is updated in place.
    let tweede_uuid = ids[0]["uuid"].as_str().expect("uuid").to_string();
    let derde = bsn(10);
    let mut item = identificator("natuurlijk_persoon", "bsn", "brp", &derde);
    item["uuid"] = json!(tweede_uuid);
    let patched = ki
        .patch(
            &format!("/partijen/{partij}"),
            json!({"partijIdentificatoren": [item]}),
        )
        .await
        .expect(200);
    assert_eq!(
        patched["partijIdentificatoren"][0]["uuid"],
        tweede_uuid.as_str()
    );
    assert_eq!(
        patched["partijIdentificatoren"][0]["partijIdentificator"]["objectId"],
        derde.as_str()
    );
}

#[tokio::test]
async fn a_vestiging_hangs_under_a_kvk_nummer_that_cannot_be_dropped_under_it() {
    let app = spawn_app().await;
    let ki = Ki::new(&app);
    let organisatie = |ids: serde_json::Value| {
        json!({"soortPartij": "organisatie", "indicatieActief": true,
               "partijIdentificatie": {"naam": "Bakkerij"}, "partijIdentificatoren": ids})
    };
    let kvk = identificator("niet_natuurlijk_persoon", "kvk_nummer", "hr", "69599084");
    let hoofd = ki
        .post("/partijen", organisatie(json!([kvk])))
        .await
        .expect(201);
    let hoofd_uuid = hoofd["uuid"].as_str().expect("uuid").to_string();
    let kvk_uuid = hoofd["partijIdentificatoren"][0]["uuid"]
        .as_str()
        .expect("uuid")
        .to_string();

    let mut vestiging = identificator("vestiging", "vestigingsnummer", "hr", "000038509504");
    vestiging["subIdentificatorVan"] = json!({"uuid": kvk_uuid});
    let filiaal = ki
        .post("/partijen", organisatie(json!([vestiging.clone()])))
        .await
        .expect(201);
    assert_eq!(
        filiaal["partijIdentificatoren"][0]["subIdentificatorVan"]["uuid"],
        kvk_uuid.as_str()
    );

    // A vestiging under something else than a kvk_nummer is refused.
    let filiaal_id = filiaal["partijIdentificatoren"][0]["uuid"]
        .as_str()
        .expect("uuid");
    let mut onder_vestiging = identificator("vestiging", "vestigingsnummer", "hr", "000038509505");
    onder_vestiging["subIdentificatorVan"] = json!({"uuid": filiaal_id});
    ki.post("/partijen", organisatie(json!([onder_vestiging])))
        .await
        .assert_refused("partijIdentificatoren.0.subIdentificatorVan", "invalid");

    // The kvk_nummer cannot leave its partij while a vestiging points to it.
    ki.patch(
        &format!("/partijen/{hoofd_uuid}"),
        json!({"partijIdentificatoren": []}),
    )
    .await
    .assert_refused("nonFieldErrors", "invalid");
}

#[tokio::test]
async fn deleting_a_partij_takes_its_adressen_identificatoren_and_betrokkenen() {
    let app = spawn_app().await;
    let ki = Ki::new(&app);
    let mut body = persoon("Anton", "Oostrum");
    body["partijIdentificatoren"] =
        json!([identificator("natuurlijk_persoon", "bsn", "brp", &bsn(3))]);
    let partij = ki.post("/partijen", body).await.expect(201);
    let uuid = partij["uuid"].as_str().expect("uuid").to_string();
    let identificator_uuid = partij["partijIdentificatoren"][0]["uuid"]
        .as_str()
        .expect("uuid")
        .to_string();
    let adres = ki
        .create(
            "/digitaleadressen",
            json!({"verstrektDoorPartij": {"uuid": uuid}, "adres": "anton@example.nl",
                   "soortDigitaalAdres": "email"}),
        )
        .await;
    let klantcontact = ki.klantcontact().await;
    let betrokkene = ki.betrokkene(&klantcontact, Some(&uuid)).await;

    let read = ki.get(&format!("/partijen/{uuid}")).await.expect(200);
    assert_eq!(read["digitaleAdressen"][0]["uuid"], adres.as_str());
    assert_eq!(read["betrokkenen"][0]["uuid"], betrokkene.as_str());

    ki.delete(&format!("/partijen/{uuid}")).await.expect(204);
    ki.get(&format!("/digitaleadressen/{adres}"))
        .await
        .expect(404);
    ki.get(&format!("/partij-identificatoren/{identificator_uuid}"))
        .await
        .expect(404);
    // Its betrokkenen go with it (recorded on 2.18.0).
    ki.get(&format!("/betrokkenen/{betrokkene}"))
        .await
        .expect(404);
}

#[tokio::test]
async fn a_partij_links_digitale_adressen_and_prefers_one_of_them() {
    let app = spawn_app().await;
    let ki = Ki::new(&app);
    let adres =
        |a: &str| json!({"verstrektDoorPartij": null, "adres": a, "soortDigitaalAdres": "email"});
    let eerste = ki.create("/digitaleadressen", adres("a@example.nl")).await;
    let tweede = ki.create("/digitaleadressen", adres("b@example.nl")).await;

    let mut body = persoon("Anton", "Oostrum");
    body["digitaleAdressen"] = json!([{"uuid": eerste}]);
    body["voorkeursDigitaalAdres"] = json!({"uuid": tweede});
    ki.post("/partijen", body.clone())
        .await
        .assert_refused("voorkeursDigitaalAdres", "invalid");

    body["voorkeursDigitaalAdres"] = json!({"uuid": eerste});
    let partij = ki.post("/partijen", body).await.expect(201);
    assert_eq!(partij["digitaleAdressen"][0]["uuid"], eerste.as_str());
    assert_eq!(partij["voorkeursDigitaalAdres"]["uuid"], eerste.as_str());
    let adres = ki
        .get(&format!("/digitaleadressen/{eerste}"))
        .await
        .expect(200);
    assert_eq!(adres["verstrektDoorPartij"]["uuid"], partij["uuid"]);

    // Relinking to the second releases the first and the preference.
    let uuid = partij["uuid"].as_str().expect("uuid");
    let relinked = ki
        .patch(
            &format!("/partijen/{uuid}"),
            json!({"digitaleAdressen": [{"uuid": tweede}]}),
        )
        .await
        .expect(200);
    assert_eq!(
        relinked["digitaleAdressen"],
        json!([{"uuid": tweede, "url": ki.url(&format!("/digitaleadressen/{tweede}"))}])
    );
    assert_eq!(relinked["voorkeursDigitaalAdres"], json!(null));
    let adres = ki
        .get(&format!("/digitaleadressen/{eerste}"))
        .await
        .expect(200);
    assert_eq!(adres["verstrektDoorPartij"], json!(null));
}

#[tokio::test]
async fn the_generated_persona_is_written_like_any_partij() {
    let app = spawn_app().await;
    let ki = Ki::new(&app);
    let found = ki
        .get("/partijen?partijIdentificator__codeSoortObjectId=bsn&partijIdentificator__objectId=999990007")
        .await
        .expect(200);
    let persona = &found["results"][0];
    let uuid = persona["uuid"]
        .as_str()
        .expect("the persona is in every data set");
    let old = persona["partijIdentificatoren"][0]["uuid"].clone();

    // Writing its own BSN again (without uuid) replaces the identificator
    // and clashes with nothing.
    let put = ki
        .patch(
            &format!("/partijen/{uuid}"),
            json!({"voorkeurstaal": "fry", "partijIdentificatoren": [
                identificator("natuurlijk_persoon", "bsn", "brp", "999990007")]}),
        )
        .await
        .expect(200);
    assert_eq!(put["voorkeurstaal"], "fry");
    assert_eq!(put["nummer"], persona["nummer"]);
    assert_eq!(put["betrokkenen"], persona["betrokkenen"]);
    let ids = put["partijIdentificatoren"].as_array().expect("list");
    assert_eq!(ids.len(), 1);
    assert_ne!(ids[0]["uuid"], old);

    // Another partij cannot take it.
    let mut body = persoon("Ander", "Persoon");
    body["partijIdentificatoren"] = json!([identificator(
        "natuurlijk_persoon",
        "bsn",
        "brp",
        "999990007"
    )]);
    ki.post("/partijen", body)
        .await
        .assert_refused("__all__", "invalid");
}
