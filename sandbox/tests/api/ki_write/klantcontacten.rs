//! Klantcontacten with their betrokkenen, interne taken, actoren,
//! onderwerpobjecten and actorklantcontacten; `maak-klantcontact`; the
//! cascades of their deletes.

use serde_json::{json, Value};

use super::client::{klantcontact_body, Ki};
use crate::helpers::spawn_app;

#[tokio::test]
async fn minimal_bodies_are_accepted_and_read_back() {
    let app = spawn_app().await;
    let ki = Ki::new(&app);
    let partij = ki.partij().await;
    let actor = ki.medewerker("Medewerker KCC").await;

    let klantcontact = ki
        .post("/klantcontacten", klantcontact_body())
        .await
        .expect(201);
    let k = klantcontact["uuid"].as_str().expect("uuid").to_string();
    assert_eq!(klantcontact["kanaal"], "Telefoon");
    assert_eq!(klantcontact["verdereActieOndernomen"], false);
    assert_eq!(klantcontact["indicatieContactGelukt"], json!(null));
    assert_eq!(klantcontact["hadBetrokkenen"], json!([]));

    let betrokkene = ki.betrokkene(&k, Some(&partij)).await;
    let taak = ki
        .post(
            "/internetaken",
            json!({"gevraagdeHandeling": "Terugbellen", "status": "te_verwerken",
                   "aanleidinggevendKlantcontact": {"uuid": k},
                   "toegewezenAanActoren": [{"uuid": actor}]}),
        )
        .await
        .expect(201);
    assert_eq!(taak["toegewezenAanActor"]["uuid"], actor.as_str());
    assert!(taak["toegewezenOp"].is_string());
    assert_eq!(taak["afgehandeldOp"], json!(null));

    let read = ki.get(&format!("/klantcontacten/{k}")).await.expect(200);
    assert_eq!(read["hadBetrokkenen"][0]["uuid"], betrokkene.as_str());
    assert_eq!(read["leiddeTotInterneTaken"][0]["uuid"], taak["uuid"]);
    let read = ki
        .get(&format!("/betrokkenen/{betrokkene}"))
        .await
        .expect(200);
    assert_eq!(read["wasPartij"]["uuid"], partij.as_str());
    assert_eq!(read["hadKlantcontact"]["uuid"], k.as_str());
}

#[tokio::test]
async fn read_only_fields_are_ignored_on_write() {
    let app = spawn_app().await;
    let ki = Ki::new(&app);
    let mut body = klantcontact_body();
    let foreign = "0b5f3a9e-7c1d-4a2b-8e6f-9d0c1b2a3e4f";
    body["uuid"] = json!(foreign);
    body["url"] = json!("https://elders.example/klantcontacten/1");
    body["hadBetrokkenen"] = json!([{"uuid": foreign}]);
    body["_expand"] = json!({"hadBetrokkenen": []});
    body["onbekendVeld"] = json!(1);
    let created = ki.post("/klantcontacten", body).await.expect(201);
    assert_ne!(created["uuid"], foreign);
    assert_eq!(created["hadBetrokkenen"], json!([]));
    assert!(created.get("_expand").is_none());
}

#[tokio::test]
async fn klantcontact_put_patch_and_the_rule_on_further_action() {
    let app = spawn_app().await;
    let ki = Ki::new(&app);
    let k = ki.klantcontact().await;
    let path = format!("/klantcontacten/{k}");

    let patched = ki
        .patch(
            &path,
            json!({"indicatieContactGelukt": false, "verdereActieOndernomen": true,
                   "referentienummer": "1234", "metadata": {"bron": "test"},
                   "hoofdOnderwerpType": "https://catalogi.example.nl/api/v1/zaaktypen/1"}),
        )
        .await
        .expect(200);
    assert_eq!(patched["referentienummer"], "1234");
    assert_eq!(patched["metadata"], json!({"bron": "test"}));
    assert_eq!(patched["onderwerp"], "Vraag over afval");

    // Contact succeeded and further action taken: refused, also when the
    // two come from the stored row and the request together.
    ki.patch(&path, json!({"indicatieContactGelukt": true}))
        .await
        .assert_refused("nonFieldErrors", "no-further-action-when-contact-succesful");
    let mut body = klantcontact_body();
    body["indicatieContactGelukt"] = json!(true);
    body["verdereActieOndernomen"] = json!(true);
    ki.post("/klantcontacten", body)
        .await
        .assert_refused("nonFieldErrors", "no-further-action-when-contact-succesful");

    ki.put(&path, json!({"kanaal": "E-mail"})).await.expect(400);
    let put = ki
        .put(
            &path,
            json!({"kanaal": "E-mail", "onderwerp": "Paspoort", "taal": "nld", "vertrouwelijk": true}),
        )
        .await
        .expect(200);
    assert_eq!(put["kanaal"], "E-mail");
    assert_eq!(put["vertrouwelijk"], true);
    assert_eq!(put["referentienummer"], "1234");
    assert_eq!(ki.get(&path).await.expect(200), put);
}

#[tokio::test]
async fn interne_taak_times_and_actors_are_the_servers() {
    let app = spawn_app().await;
    let ki = Ki::new(&app);
    let k = ki.klantcontact().await;
    let eerste = ki.medewerker("Eerste").await;
    let tweede = ki.medewerker("Tweede").await;
    let taak = ki.interne_taak(&k, &eerste).await;
    let path = format!("/internetaken/{taak}");
    let before = ki.get(&path).await.expect(200);

    let done = ki
        .patch(
            &path,
            json!({"status": "verwerkt", "toegewezenOp": "2001-01-01T00:00:00Z",
                   "toegewezenAanActoren": [{"uuid": tweede}, {"uuid": eerste}, {"uuid": tweede}]}),
        )
        .await
        .expect(200);
    assert_eq!(done["toegewezenOp"], before["toegewezenOp"]);
    assert!(done["afgehandeldOp"].is_string(), "{done}");
    assert_eq!(done["toegewezenAanActor"]["uuid"], tweede.as_str());
    assert_eq!(
        done["toegewezenAanActoren"].as_array().map(Vec::len),
        Some(2)
    );

    let reopened = ki
        .patch(&path, json!({"status": "te_verwerken"}))
        .await
        .expect(200);
    assert_eq!(reopened["afgehandeldOp"], json!(null));

    ki.patch(&path, json!({"status": "klaar"}))
        .await
        .assert_refused("status", "invalid_choice");
    ki.patch(&path, json!({"toegewezenAanActoren": [{"uuid": k}]}))
        .await
        .assert_refused("toegewezenAanActoren.0.uuid", "invalid");
    let taak = |extra: Value| {
        let mut body = json!({"gevraagdeHandeling": "Terugbellen", "status": "te_verwerken",
                              "aanleidinggevendKlantcontact": {"uuid": k}});
        if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
            b.extend(e.clone());
        }
        body
    };
    // One of toegewezenAanActor (deprecated) and toegewezenAanActoren.
    ki.post("/internetaken", taak(json!({})))
        .await
        .assert_refused("nonFieldErrors", "invalid");
    ki.post(
        "/internetaken",
        taak(json!({"toegewezenAanActor": {"uuid": eerste}, "toegewezenAanActoren": []})),
    )
    .await
    .assert_refused("nonFieldErrors", "invalid");
    let oud = ki
        .post(
            "/internetaken",
            taak(json!({"toegewezenAanActor": {"uuid": eerste}})),
        )
        .await
        .expect(201);
    assert_eq!(oud["toegewezenAanActoren"][0]["uuid"], eerste.as_str());
    ki.post(
        "/internetaken",
        taak(json!({"toegewezenAanActoren": [], "afgehandeldOp": "2024-03-01T10:00:00Z"})),
    )
    .await
    .assert_refused("afgehandeldOp", "invalid");
    let mut zonder_klantcontact = taak(json!({"toegewezenAanActoren": []}));
    if let Some(b) = zonder_klantcontact.as_object_mut() {
        b.remove("aanleidinggevendKlantcontact");
    }
    ki.post("/internetaken", zonder_klantcontact)
        .await
        .assert_refused("aanleidinggevendKlantcontact", "required");
}

#[tokio::test]
async fn actoren_are_polymorphic_on_soort_actor() {
    let app = spawn_app().await;
    let ki = Ki::new(&app);
    let eenheid = ki
        .post(
            "/actoren",
            json!({"naam": "Team Burgerzaken", "soortActor": "organisatorische_eenheid",
                   "actorIdentificatie": {"omschrijving": "Balie", "emailadres": "balie@gemeente.nl",
                                          "telefoonnummer": "+31201234567"}}),
        )
        .await
        .expect(201);
    assert_eq!(
        eenheid["actorIdentificatie"]["emailadres"],
        "balie@gemeente.nl"
    );
    let uuid = eenheid["uuid"].as_str().expect("uuid");

    let robot = ki
        .patch(
            &format!("/actoren/{uuid}"),
            json!({"soortActor": "geautomatiseerde_actor",
                   "actorIdentificatie": {"functie": "Chatbot"}}),
        )
        .await
        .expect(200);
    assert_eq!(robot["soortActor"], "geautomatiseerde_actor");
    assert_eq!(robot["actorIdentificatie"]["functie"], "Chatbot");
    assert_eq!(robot["naam"], "Team Burgerzaken");
    assert_eq!(ki.get(&format!("/actoren/{uuid}")).await.expect(200), robot);

    let medewerker = |identificatie: Value| json!({"naam": "M", "soortActor": "medewerker", "actorIdentificatie": identificatie});
    for (identificatie, name, code) in [
        (
            json!({"functie": "KCC", "telefoonnummer": "14020"}),
            "actorIdentificatie.telefoonnummer",
            "invalid",
        ),
        (
            json!({"functie": "KCC"}),
            "actorIdentificatie.telefoonnummer",
            "required",
        ),
        (
            json!({"functie": "KCC", "telefoonnummer": "0612345678", "emailadres": "geen-mail"}),
            "actorIdentificatie.emailadres",
            "invalid",
        ),
        (
            json!({"functie": "x".repeat(41), "telefoonnummer": "0612345678"}),
            "actorIdentificatie.functie",
            "max_length",
        ),
    ] {
        ki.post("/actoren", medewerker(identificatie))
            .await
            .assert_refused(name, code);
    }
    ki.post("/actoren", json!({"naam": "X", "soortActor": "robot"}))
        .await
        .assert_refused("soortActor", "invalid_choice");
}

#[tokio::test]
async fn deleting_a_klantcontact_takes_what_hangs_under_it() {
    let app = spawn_app().await;
    let ki = Ki::new(&app);
    let partij = ki.partij().await;
    let actor = ki.medewerker("M").await;
    let k = ki.klantcontact().await;
    let betrokkene = ki.betrokkene(&k, Some(&partij)).await;
    let taak = ki.interne_taak(&k, &actor).await;
    let onderwerp = ki
        .create("/onderwerpobjecten", json!({"klantcontact": {"uuid": k}}))
        .await;
    let deelname = ki
        .create(
            "/actorklantcontacten",
            json!({"actor": {"uuid": actor}, "klantcontact": {"uuid": k}}),
        )
        .await;
    let read = ki.get(&format!("/klantcontacten/{k}")).await.expect(200);
    assert_eq!(read["hadBetrokkenActoren"][0]["uuid"], actor.as_str());
    assert_eq!(
        read["gingOverOnderwerpobjecten"][0]["uuid"],
        onderwerp.as_str()
    );

    ki.delete(&format!("/klantcontacten/{k}")).await.expect(204);
    for path in [
        format!("/klantcontacten/{k}"),
        format!("/betrokkenen/{betrokkene}"),
        format!("/internetaken/{taak}"),
        format!("/onderwerpobjecten/{onderwerp}"),
        format!("/actorklantcontacten/{deelname}"),
    ] {
        ki.get(&path).await.expect(404);
    }
    ki.get(&format!("/partijen/{partij}")).await.expect(200);
    ki.get(&format!("/actoren/{actor}")).await.expect(200);
}

#[tokio::test]
async fn an_actor_takes_part_in_a_klantcontact_once() {
    let app = spawn_app().await;
    let ki = Ki::new(&app);
    let actor = ki.medewerker("M").await;
    let k = ki.klantcontact().await;
    let body = json!({"actor": {"uuid": actor}, "klantcontact": {"uuid": k}});
    let deelname = ki.create("/actorklantcontacten", body.clone()).await;
    ki.post("/actorklantcontacten", body)
        .await
        .assert_refused("nonFieldErrors", "unique");
    ki.delete(&format!("/actorklantcontacten/{deelname}"))
        .await
        .expect(204);
    let read = ki.get(&format!("/klantcontacten/{k}")).await.expect(200);
    assert_eq!(read["hadBetrokkenActoren"], json!([]));
}

#[tokio::test]
async fn maak_klantcontact_creates_and_links_all_three() {
    let app = spawn_app().await;
    let ki = Ki::new(&app);
    let partij = ki.partij().await;
    let eerder = ki.klantcontact().await;
    let made = ki
        .post(
            "/maak-klantcontact",
            json!({
                "klantcontact": klantcontact_body(),
                "betrokkene": {"wasPartij": {"uuid": partij}, "rol": "klant", "initiator": true,
                               "contactnaam": {"voornaam": "Anton", "achternaam": "Oostrum"},
                               "hadKlantcontact": {"uuid": eerder}},
                "onderwerpobject": {"wasKlantcontact": {"uuid": eerder},
                    "onderwerpobjectidentificator": {"objectId": "1", "codeObjecttype": "zaak",
                        "codeRegister": "open-zaak", "codeSoortObjectId": "uuid"}},
            }),
        )
        .await
        .expect(201);
    let k = made["klantcontact"]["uuid"]
        .as_str()
        .expect("uuid")
        .to_string();
    assert_eq!(made["betrokkene"]["hadKlantcontact"]["uuid"], k.as_str());
    assert_eq!(made["betrokkene"]["volledigeNaam"], "Anton Oostrum");
    assert_eq!(made["onderwerpobject"]["klantcontact"]["uuid"], k.as_str());
    assert_eq!(
        made["onderwerpobject"]["wasKlantcontact"]["uuid"],
        eerder.as_str()
    );
    let read = ki.get(&format!("/klantcontacten/{k}")).await.expect(200);
    assert_eq!(
        read["hadBetrokkenen"][0],
        made["klantcontact"]["hadBetrokkenen"][0]
    );
    assert_eq!(
        read["gingOverOnderwerpobjecten"].as_array().map(Vec::len),
        Some(1)
    );

    let only = ki
        .post(
            "/maak-klantcontact",
            json!({"klantcontact": klantcontact_body()}),
        )
        .await
        .expect(201);
    // What was not sent is `null` (recorded on 2.18.0).
    assert_eq!(only["betrokkene"], Value::Null);
    assert_eq!(only["onderwerpobject"], Value::Null);

    let count = |v: Value| v["count"].as_u64();
    let before = count(ki.get("/klantcontacten").await.expect(200));
    ki.post("/maak-klantcontact", json!({}))
        .await
        .assert_refused("klantcontact", "required");
    ki.post(
        "/maak-klantcontact",
        json!({"klantcontact": klantcontact_body(), "betrokkene": {"rol": "baas", "initiator": true}}),
    )
    .await
    .assert_refused("betrokkene.rol", "invalid_choice");
    let mut zonder_kanaal = klantcontact_body();
    zonder_kanaal["kanaal"] = json!(null);
    ki.post("/maak-klantcontact", json!({"klantcontact": zonder_kanaal}))
        .await
        .assert_refused("klantcontact.kanaal", "null");
    assert_eq!(count(ki.get("/klantcontacten").await.expect(200)), before);
}

#[tokio::test]
async fn deleting_an_onderwerpobject_with_cascade_keeps_the_earlier_klantcontact() {
    let app = spawn_app().await;
    let ki = Ki::new(&app);
    let eerder = ki.klantcontact().await;
    let later = ki.klantcontact().await;
    let object = ki
        .create(
            "/onderwerpobjecten",
            json!({"klantcontact": {"uuid": later}, "wasKlantcontact": {"uuid": eerder}}),
        )
        .await;
    let answer = ki
        .delete(&format!("/onderwerpobjecten/{object}?cascade=true"))
        .await
        .expect(200);
    assert_eq!(
        answer,
        json!({"behouden": [ki.url(&format!("/klantcontacten/{eerder}"))]})
    );
    ki.get(&format!("/klantcontacten/{later}"))
        .await
        .expect(404);
    ki.get(&format!("/onderwerpobjecten/{object}"))
        .await
        .expect(404);
    ki.get(&format!("/klantcontacten/{eerder}"))
        .await
        .expect(200);

    // Without cascade only the object goes.
    let object = ki
        .create(
            "/onderwerpobjecten",
            json!({"klantcontact": {"uuid": eerder}}),
        )
        .await;
    let answer = ki.delete(&format!("/onderwerpobjecten/{object}")).await;
    assert_eq!(answer.status, 204);
    ki.get(&format!("/klantcontacten/{eerder}"))
        .await
        .expect(200);
}
