//! Every resource's list and detail, and its filters, checked against what
//! the listed objects themselves say.

use serde_json::Value;

use super::*;
use crate::helpers::spawn_app;

/// The uuid at the end of a resource URL.
fn tail(url: &Value) -> String {
    url.as_str()
        .and_then(|u| u.rsplit('/').next())
        .expect("a url")
        .to_string()
}

#[tokio::test]
async fn every_resource_lists_and_its_detail_is_the_listed_object() {
    let app = spawn_app().await;
    for resource in RESOURCES {
        let r = app.ki_get(&format!("/{resource}")).await;
        assert_eq!(r.status(), 200, "{resource}");
        assert_eq!(r.headers()["API-version"], "0.9.0");
        assert_eq!(r.headers()["content-type"], "application/json");
        let body: Value = r.json().await.unwrap();
        assert!(body["count"].is_u64(), "{resource}: {body}");
        for item in results(&body).iter().take(3) {
            let url = item["url"].as_str().expect("url");
            assert!(url.starts_with(&format!(
                "{}/klantinteracties/api/v1/{resource}/",
                app.sandbox
            )));
            let detail = ok(&app, &format!("/{resource}/{}", tail(&item["url"]))).await;
            let mut listed = item.clone();
            if let Some(o) = listed.as_object_mut() {
                o.remove("_expand");
            }
            assert_eq!(detail, listed, "{resource}");
        }
    }
}

#[tokio::test]
async fn partijen_filter_on_identificatoren_nummer_soort_and_adres() {
    let app = spawn_app().await;
    let partij = persona(&app).await;
    let uuid = partij["uuid"].as_str().unwrap();
    assert_eq!(partij["soortPartij"], "persoon");
    assert_eq!(
        partij["partijIdentificatoren"][0]["partijIdentificator"]["objectId"],
        BSN
    );
    assert_eq!(
        partij["partijIdentificatie"]["volledigeNaam"],
        "Anton van Oostrum"
    );

    let by_nummer = ok(&app, &format!("/partijen?nummer={PARTIJ_NUMMER}")).await;
    assert_eq!(uuids(&by_nummer), [uuid]);
    // Each identificator part is matched on its own (an EXISTS per part).
    let by_parts = ok(&app, &format!("/partijen?partijIdentificator__codeRegister=brp&partijIdentificator__objectId={BSN}&soortPartij=persoon&indicatieActief=true")).await;
    assert_eq!(uuids(&by_parts), [uuid]);
    let wrong_soort = ok(
        &app,
        &format!("/partijen?partijIdentificator__objectId={BSN}&soortPartij=organisatie"),
    )
    .await;
    assert_eq!(wrong_soort["count"], 0);
    let adres = partij["bezoekadres"]["nummeraanduidingId"]
        .as_str()
        .unwrap();
    let by_adres = ok(
        &app,
        &format!("/partijen?bezoekadresNummeraanduidingId={adres}"),
    )
    .await;
    assert!(uuids(&by_adres).contains(&uuid.to_string()));

    let all = ok(&app, "/partijen?pageSize=500").await;
    for soort in ["persoon", "organisatie", "contactpersoon"] {
        let some = ok(&app, &format!("/partijen?soortPartij={soort}&pageSize=500")).await;
        assert!(results(&some).iter().all(|p| p["soortPartij"] == soort));
        let expected = results(&all)
            .iter()
            .filter(|p| p["soortPartij"] == soort)
            .count();
        assert_eq!(some["count"].as_u64(), Some(expected as u64), "{soort}");
    }
    // Not a boolean: django-filter leaves the filter off.
    let odd = ok(&app, "/partijen?indicatieActief=misschien").await;
    assert_eq!(odd["count"], all["count"]);
}

#[tokio::test]
async fn klantcontacten_of_the_persona_by_partij_bsn_and_betrokkene() {
    let app = spawn_app().await;
    let contacts = persona_klantcontacten(&app, "").await;
    assert_eq!(contacts.len(), 12);
    // Newest first by plaatsgevondenOp.
    let moments: Vec<&str> = contacts
        .iter()
        .map(|k| k["plaatsgevondenOp"].as_str().unwrap())
        .collect();
    let mut sorted = moments.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(moments, sorted);
    assert!(contacts.iter().any(|k| k["nummer"] == "234565432"));

    let by_bsn = ok(&app, &format!("/klantcontacten?hadBetrokkene__wasPartij__partijIdentificator__codeSoortObjectId=bsn&hadBetrokkene__wasPartij__partijIdentificator__objectId={BSN}")).await;
    let expected: Vec<&Value> = contacts.iter().map(|k| &k["uuid"]).collect();
    let got: Vec<&Value> = results(&by_bsn).iter().map(|k| &k["uuid"]).collect();
    assert_eq!(got, expected);

    let first = &contacts[0];
    let betrokkene = &first["hadBetrokkenen"][0]["url"];
    for query in [
        format!("hadBetrokkene__url={}", betrokkene.as_str().unwrap()),
        format!("hadBetrokkene__uuid={}", tail(betrokkene)),
    ] {
        let one = ok(&app, &format!("/klantcontacten?{query}")).await;
        assert_eq!(uuids(&one), [first["uuid"].as_str().unwrap()], "{query}");
    }
    // icontains on onderwerp, in any case.
    let word = first["onderwerp"]
        .as_str()
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .to_uppercase();
    let by_word = ok(
        &app,
        &format!("/klantcontacten?onderwerp={word}&pageSize=500"),
    )
    .await;
    assert!(uuids(&by_word).contains(&first["uuid"].as_str().unwrap().to_string()));
    // leiddeTotInterneTaken splits the twelve.
    let partij = persona(&app).await;
    let p = partij["uuid"].as_str().unwrap();
    let with = ok(
        &app,
        &format!("/klantcontacten?hadBetrokkene__wasPartij__uuid={p}&leiddeTotInterneTaken=true"),
    )
    .await;
    let without = ok(
        &app,
        &format!("/klantcontacten?hadBetrokkene__wasPartij__uuid={p}&leiddeTotInterneTaken=false"),
    )
    .await;
    let with_taken = contacts
        .iter()
        .filter(|k| !k["leiddeTotInterneTaken"].as_array().unwrap().is_empty())
        .count();
    assert_eq!(with["count"].as_u64(), Some(with_taken as u64));
    assert_eq!(without["count"].as_u64(), Some((12 - with_taken) as u64));
    // A URL without a uuid at its end matches nothing (no 400).
    let none = ok(
        &app,
        "/klantcontacten?hadBetrokkene__url=http://elders/geen-uuid",
    )
    .await;
    assert_eq!(none["count"], 0);
}

#[tokio::test]
async fn internetaken_and_actoren_of_the_persona() {
    let app = spawn_app().await;
    let contacts = persona_klantcontacten(&app, "").await;
    let mut taken = Vec::new();
    for k in &contacts {
        let body = ok(
            &app,
            &format!(
                "/internetaken?aanleidinggevendKlantcontact__uuid={}",
                k["uuid"].as_str().unwrap()
            ),
        )
        .await;
        assert_eq!(
            body["count"].as_u64(),
            Some(k["leiddeTotInterneTaken"].as_array().unwrap().len() as u64)
        );
        taken.extend(results(&body).iter().cloned());
    }
    assert_eq!(taken.len(), 18);
    let terugbellen = taken
        .iter()
        .find(|t| t["nummer"] == "334565432")
        .expect("the C4161 taak");
    assert_eq!(terugbellen["gevraagdeHandeling"], "Terugbellen");
    assert_eq!(terugbellen["status"], "te_verwerken");
    assert_eq!(
        terugbellen["toegewezenAanActor"],
        terugbellen["toegewezenAanActoren"][0]
    );

    let by_nummer = ok(&app, "/internetaken?klantcontact__nummer=234565432").await;
    assert!(results(&by_nummer)
        .iter()
        .any(|t| t["nummer"] == "334565432"));
    let actor = tail(&terugbellen["toegewezenAanActor"]["url"]);
    let of_actor = ok(
        &app,
        &format!("/internetaken?toegewezenAanActor__uuid={actor}&status=te_verwerken&pageSize=500"),
    )
    .await;
    assert!(results(&of_actor)
        .iter()
        .all(|t| t["status"] == "te_verwerken"
            && t["toegewezenAanActoren"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| tail(&a["url"]) == actor)));
    assert!(uuids(&of_actor).contains(&terugbellen["uuid"].as_str().unwrap().to_string()));

    let mut actoren: Vec<String> = taken
        .iter()
        .flat_map(|t| {
            t["toegewezenAanActoren"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| tail(&a["url"]))
        })
        .collect();
    actoren.sort();
    actoren.dedup();
    assert_eq!(actoren.len(), 5);
    let mut soorten = Vec::new();
    for a in &actoren {
        let actor = ok(&app, &format!("/actoren/{a}")).await;
        soorten.push(actor["soortActor"].as_str().unwrap().to_string());
        let naam = actor["naam"].as_str().unwrap().to_lowercase();
        let by_naam = ok(
            &app,
            &format!("/actoren?naam={}&pageSize=500", &naam[1..naam.len() - 1]),
        )
        .await;
        assert!(uuids(&by_naam).contains(a), "naam icontains");
    }
    soorten.sort();
    soorten.dedup();
    assert_eq!(soorten.len(), 3, "actors of all three kinds");
    let medewerkers = ok(&app, "/actoren?soortActor=medewerker&pageSize=500").await;
    assert!(results(&medewerkers)
        .iter()
        .all(|a| a["soortActor"] == "medewerker"));
}

#[tokio::test]
async fn betrokkenen_digitaleadressen_and_the_rest_follow_their_parents() {
    let app = spawn_app().await;
    let partij = persona(&app).await;
    let p = partij["uuid"].as_str().unwrap();
    let betrokkenen = ok(
        &app,
        &format!("/betrokkenen?wasPartij__uuid={p}&pageSize=500"),
    )
    .await;
    assert_eq!(
        betrokkenen["count"].as_u64(),
        Some(partij["betrokkenen"].as_array().unwrap().len() as u64)
    );
    assert!(results(&betrokkenen)
        .iter()
        .all(|b| tail(&b["wasPartij"]["url"]) == p));
    let by_nummer = ok(
        &app,
        &format!("/betrokkenen?wasPartij__nummer={PARTIJ_NUMMER}&pageSize=500"),
    )
    .await;
    assert_eq!(by_nummer["count"], betrokkenen["count"]);

    let adressen = ok(
        &app,
        &format!("/digitaleadressen?verstrektDoorPartij__uuid={p}"),
    )
    .await;
    let listed: Vec<String> = partij["digitaleAdressen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| tail(&d["url"]))
        .collect();
    let mut got = uuids(&adressen);
    got.sort();
    let mut want = listed.clone();
    want.sort();
    assert_eq!(got, want);
    for d in results(&adressen) {
        let soort = d["soortDigitaalAdres"].as_str().unwrap();
        let same = ok(
            &app,
            &format!(
                "/digitaleadressen?verstrektDoorPartij__url={}&soortDigitaalAdres={soort}",
                partij["url"].as_str().unwrap()
            ),
        )
        .await;
        assert!(uuids(&same).contains(&d["uuid"].as_str().unwrap().to_string()));
        let part = &d["adres"].as_str().unwrap()[1..4].to_uppercase();
        let by_part = ok(
            &app,
            &format!("/digitaleadressen?adres__icontains={part}&pageSize=500"),
        )
        .await;
        assert!(uuids(&by_part).contains(&d["uuid"].as_str().unwrap().to_string()));
    }
    let geverifieerd = ok(
        &app,
        &format!("/digitaleadressen?verstrektDoorPartij__uuid={p}&isGeverifieerd=true"),
    )
    .await;
    assert!(results(&geverifieerd)
        .iter()
        .all(|d| !d["verificatieDatum"].is_null()));

    let rekening = tail(&partij["rekeningnummers"][0]["url"]);
    let by_uuid = ok(&app, &format!("/rekeningnummers?uuid={rekening}")).await;
    assert_eq!(uuids(&by_uuid), std::slice::from_ref(&rekening));
    let iban = results(&by_uuid)[0]["iban"].as_str().unwrap().to_string();
    let by_iban = ok(&app, &format!("/rekeningnummers?iban={iban}")).await;
    assert_eq!(uuids(&by_iban), [rekening]);

    let contacts = persona_klantcontacten(&app, "").await;
    for k in &contacts {
        let kuuid = k["uuid"].as_str().unwrap();
        for (resource, field) in [
            ("onderwerpobjecten", "gingOverOnderwerpobjecten"),
            ("bijlagen", "omvatteBijlagen"),
            ("betrokkenen", "hadBetrokkenen"),
        ] {
            let filter = if resource == "betrokkenen" {
                "hadKlantcontact__uuid"
            } else {
                "klantcontact__uuid"
            };
            let body = ok(&app, &format!("/{resource}?{filter}={kuuid}")).await;
            let mut got = uuids(&body);
            got.sort();
            let mut want: Vec<String> = k[field]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| tail(&o["url"]))
                .collect();
            want.sort();
            assert_eq!(got, want, "{resource} of {kuuid}");
        }
        let aks = ok(
            &app,
            &format!(
                "/actorklantcontacten?klantcontact__url={}",
                k["url"].as_str().unwrap()
            ),
        )
        .await;
        let actors: Vec<String> = results(&aks)
            .iter()
            .map(|ak| tail(&ak["actor"]["url"]))
            .collect();
        let inline: Vec<String> = k["hadBetrokkenActoren"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["uuid"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(actors, inline);
    }
    // The follow-up chain: an onderwerpobject that was an earlier klantcontact.
    let chain = ok(&app, "/onderwerpobjecten?pageSize=500").await;
    if let Some(o) = results(&chain)
        .iter()
        .find(|o| !o["wasKlantcontact"].is_null())
    {
        let earlier = tail(&o["wasKlantcontact"]["url"]);
        let by_was = ok(
            &app,
            &format!(
                "/klantcontacten?wasOnderwerpobject__uuid={}",
                o["uuid"].as_str().unwrap()
            ),
        )
        .await;
        assert_eq!(uuids(&by_was), [earlier]);
    }
}
