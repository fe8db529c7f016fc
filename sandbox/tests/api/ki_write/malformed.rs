//! A batch of malformed requests to every write endpoint: bodies that are
//! not JSON or not objects, every field of a full valid body replaced by a
//! value of the wrong type, every text made huge, every foreign key pointed
//! at nothing, every required field left out. Each is a 400 problem that
//! names the field it is about; none is a 500.

use reqwest::Method;
use serde_json::{json, Value};

use super::client::{klantcontact_body, Answer, Ki};
use crate::helpers::spawn_app;

/// One write endpoint with a full valid body and its required fields.
struct Endpoint {
    path: &'static str,
    body: Value,
    required: &'static [&'static str],
    /// Whether it has PUT and PATCH on `{path}/{uuid}`.
    detail: bool,
}

/// Every leaf of a JSON value as (JSON pointer, dotted name, value).
fn leaves(value: &Value, pointer: String, name: String, out: &mut Vec<(String, String, Value)>) {
    let join = |name: &str, part: &str| {
        if name.is_empty() {
            part.to_string()
        } else {
            format!("{name}.{part}")
        }
    };
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                leaves(v, format!("{pointer}/{k}"), join(&name, k), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                leaves(
                    v,
                    format!("{pointer}/{i}"),
                    join(&name, &i.to_string()),
                    out,
                );
            }
        }
        leaf => out.push((pointer, name, leaf.clone())),
    }
}

fn with(body: &Value, pointer: &str, value: Value) -> Value {
    let mut body = body.clone();
    if let Some(slot) = body.pointer_mut(pointer) {
        *slot = value;
    }
    body
}

/// A 400 whose every `invalidParams` name starts with `prefix`.
#[track_caller]
fn refused_on(answer: &Answer, prefix: &str, what: &str) {
    assert_eq!(answer.status, 400, "{what}: {}", answer.body);
    assert_eq!(answer.body["status"], 400, "{what}");
    let invalid = answer.invalid();
    assert!(!invalid.is_empty(), "{what}: {}", answer.body);
    for (name, _) in invalid {
        assert!(
            name.starts_with(prefix),
            "{what}: {name} is not under {prefix}"
        );
    }
}

#[tokio::test]
async fn malformed_bodies_are_400_problems_never_500() {
    let app = spawn_app().await;
    let ki = Ki::new(&app);
    let partij = ki.partij().await;
    let k = ki.klantcontact().await;
    let eerder = ki.klantcontact().await;
    let actor = ki.medewerker("M").await;
    let betrokkene = ki.betrokkene(&k, Some(&partij)).await;
    let adres = json!({"nummeraanduidingId": "0363200000218908", "straatnaam": "Janssenstraat",
                       "huisnummer": 12, "huisnummertoevoeging": "", "postcode": "9823 SG",
                       "stad": "Tietjerksteradeel", "adresregel1": "a", "adresregel2": "b",
                       "adresregel3": "c", "land": "NL"});
    let naam = json!({"voorletters": "A.", "voornaam": "Anton", "voorvoegselAchternaam": "van",
                      "achternaam": "Oostrum"});
    let identificator = json!({"objectId": "1", "codeObjecttype": "zaak", "codeRegister": "oz",
                               "codeSoortObjectId": "uuid"});
    let mut klantcontact = klantcontact_body();
    for (field, value) in [
        ("nummer", json!("0000000001")),
        ("referentienummer", json!("12")),
        ("inhoud", json!("inhoud")),
        ("reactie", json!("reactie")),
        ("indicatieContactGelukt", json!(false)),
        (
            "hoofdOnderwerpType",
            json!("https://oz.example.nl/zaaktypen/1"),
        ),
        ("verdereActieOndernomen", json!(true)),
        ("metadata", json!({"bron": "test"})),
    ] {
        klantcontact[field] = value;
    }
    let betrokkene_body = json!({"wasPartij": {"uuid": partij}, "bezoekadres": adres,
        "correspondentieadres": adres, "contactnaam": naam, "rol": "vertegenwoordiger",
        "organisatienaam": "Org", "initiator": false});
    let onderwerp_body = json!({"wasKlantcontact": {"uuid": eerder},
        "onderwerpobjectidentificator": identificator});
    let with_klantcontact = |mut body: Value, field: &str| {
        body[field] = json!({"uuid": k});
        body
    };

    let endpoints = [
        Endpoint {
            path: "/partijen",
            body: json!({"nummer": "123", "interneNotitie": "n", "soortPartij": "persoon",
                "partijIdentificatie": {"contactnaam": naam}, "indicatieGeheimhouding": false,
                "indicatieActief": true, "voorkeurstaal": "nld", "bezoekadres": adres,
                "correspondentieadres": adres, "digitaleAdressen": [], "rekeningnummers": [],
                "voorkeursDigitaalAdres": null, "voorkeursRekeningnummer": null,
                "partijIdentificatoren": []}),
            required: &["soortPartij", "indicatieActief"],
            detail: true,
        },
        Endpoint {
            path: "/betrokkenen",
            body: with_klantcontact(betrokkene_body.clone(), "hadKlantcontact"),
            required: &["hadKlantcontact", "rol", "initiator"],
            detail: true,
        },
        Endpoint {
            path: "/klantcontacten",
            body: klantcontact.clone(),
            required: &["kanaal", "onderwerp", "taal", "vertrouwelijk"],
            detail: true,
        },
        Endpoint {
            path: "/internetaken",
            body: json!({"nummer": "1", "referentienummer": "2", "gevraagdeHandeling": "Bellen",
                "aanleidinggevendKlantcontact": {"uuid": k}, "toegewezenAanActoren": [{"uuid": actor}], "toelichting": "t",
                "status": "verwerkt", "afgehandeldOp": "2024-03-01T12:00:00+01:00"}),
            required: &[
                "gevraagdeHandeling",
                "aanleidinggevendKlantcontact",
                "status",
            ],
            detail: true,
        },
        Endpoint {
            path: "/actoren",
            body: json!({"naam": "M", "soortActor": "medewerker", "indicatieActief": true,
                "actoridentificator": identificator, "actorIdentificatie": {"functie": "KCC",
                "emailadres": "m@gemeente.nl", "telefoonnummer": "0201234567"}}),
            required: &["naam", "soortActor"],
            detail: true,
        },
        Endpoint {
            path: "/digitaleadressen",
            body: json!({"verstrektDoorBetrokkene": {"uuid": betrokkene},
                "verstrektDoorPartij": {"uuid": partij}, "adres": "a@b.nl",
                "soortDigitaalAdres": "email", "isStandaardAdres": true, "omschrijving": "privé",
                "referentie": "prive-mail", "verificatieDatum": "2024-03-01"}),
            required: &["verstrektDoorPartij", "adres", "soortDigitaalAdres"],
            detail: true,
        },
        Endpoint {
            path: "/onderwerpobjecten",
            body: with_klantcontact(onderwerp_body.clone(), "klantcontact"),
            required: &[],
            detail: true,
        },
        Endpoint {
            path: "/actorklantcontacten",
            body: json!({"actor": {"uuid": actor}, "klantcontact": {"uuid": eerder}}),
            required: &["actor", "klantcontact"],
            detail: true,
        },
        Endpoint {
            path: "/maak-klantcontact",
            body: json!({"klantcontact": klantcontact, "betrokkene": betrokkene_body,
                         "onderwerpobject": onderwerp_body}),
            required: &["klantcontact"],
            detail: false,
        },
    ];

    let mut requests = 0;
    for endpoint in &endpoints {
        let created = ki.post(endpoint.path, endpoint.body.clone()).await;
        assert_eq!(created.status, 201, "{}: {}", endpoint.path, created.body);
        let mut targets = vec![(Method::POST, endpoint.path.to_string())];
        if endpoint.detail {
            let detail = format!(
                "{}/{}",
                endpoint.path,
                created.body["uuid"].as_str().expect("uuid")
            );
            targets.push((Method::PUT, detail.clone()));
            targets.push((Method::PATCH, detail));
        }

        for (method, path) in &targets {
            let what = |m: &str| format!("{method} {path} {m}");
            // Bodies that are not an object, or not JSON at all.
            for (raw, name, code) in [
                ("{\"kanaal\": ", "", "parse_error"),
                ("not json", "", "parse_error"),
                (&"[".repeat(1000), "", "parse_error"),
                ("[1, 2]", "nonFieldErrors", "invalid"),
                ("\"tekst\"", "nonFieldErrors", "invalid"),
                ("42", "nonFieldErrors", "invalid"),
                ("true", "nonFieldErrors", "invalid"),
                ("null", "nonFieldErrors", "null"),
            ] {
                let answer = ki.raw(method.clone(), path, "application/json", raw).await;
                requests += 1;
                assert_eq!(answer.status, 400, "{}", what(raw));
                if name.is_empty() {
                    assert_eq!(answer.body["code"], code, "{}", what(raw));
                    // Not a validation error: no `invalidParams` (recorded on 2.18.0).
                    assert!(answer.body.get("invalidParams").is_none(), "{}", what(raw));
                } else {
                    assert_eq!(
                        answer.invalid(),
                        vec![(name.into(), code.into())],
                        "{}",
                        what(raw)
                    );
                }
            }
            let answer = ki.raw(method.clone(), path, "text/plain", "{}").await;
            requests += 1;
            assert_eq!(answer.status, 415, "{}", what("text/plain"));
            assert_eq!(answer.body["code"], "unsupported_media_type");

            // Each field in turn of the wrong type, each text huge, each
            // foreign key pointing at nothing.
            let fields: Vec<String> = endpoint
                .body
                .as_object()
                .map(|o| o.keys().cloned().collect())
                .unwrap_or_default();
            for field in &fields {
                let answer = ki
                    .send(
                        method.clone(),
                        path,
                        Some(&with(&endpoint.body, &format!("/{field}"), json!([[]]))),
                    )
                    .await;
                requests += 1;
                refused_on(&answer, field, &what(&format!("{field}: [[]]")));
            }
            let mut all = Vec::new();
            leaves(&endpoint.body, String::new(), String::new(), &mut all);
            for (pointer, name, value) in all {
                if name.ends_with("uuid") {
                    let body = with(&endpoint.body, &pointer, json!(uuid::Uuid::new_v4()));
                    let answer = ki.send(method.clone(), path, Some(&body)).await;
                    requests += 1;
                    answer.assert_refused(&name, "invalid");
                } else if value.is_string() {
                    let body = with(&endpoint.body, &pointer, json!("9".repeat(5000)));
                    let answer = ki.send(method.clone(), path, Some(&body)).await;
                    requests += 1;
                    refused_on(&answer, &name, &what(&format!("{name}: huge")));
                }
            }
            // Required fields left out (a PATCH may leave anything out).
            for field in endpoint.required {
                let mut body = endpoint.body.clone();
                body.as_object_mut().map(|b| b.remove(*field));
                let answer = ki.send(method.clone(), path, Some(&body)).await;
                requests += 1;
                if *method == Method::PATCH {
                    assert_eq!(answer.status, 200, "{}", what(field));
                } else {
                    answer.assert_refused(field, "required");
                }
            }
        }
    }
    // A body of megabytes is still a field error, not a failure.
    let mut huge = klantcontact_body();
    huge["onderwerp"] = json!("x".repeat(3 * 1024 * 1024));
    ki.post("/klantcontacten", huge)
        .await
        .assert_refused("onderwerp", "max_length");
    assert!(requests > 500, "the batch ran {requests} requests");
}

#[tokio::test]
async fn writes_need_the_token_and_carry_the_api_version() {
    let app = spawn_app().await;
    let ki = Ki::new(&app);
    let url = ki.url("/klantcontacten");
    let without = app
        .client
        .post(&url)
        .json(&klantcontact_body())
        .send()
        .await
        .expect("sandbox answers");
    assert_eq!(without.status(), 401);
    let wrong = app
        .client
        .delete(format!("{url}/{}", uuid::Uuid::new_v4()))
        .header("Authorization", "Token verkeerd")
        .send()
        .await
        .expect("sandbox answers");
    assert_eq!(wrong.status(), 401);

    let created = app
        .client
        .post(&url)
        .header("Authorization", format!("Token {}", app.token))
        .json(&klantcontact_body())
        .send()
        .await
        .expect("sandbox answers");
    assert_eq!(created.status(), 201);
    assert_eq!(created.headers()["API-version"], "0.9.0");
    assert_eq!(created.headers()["content-type"], "application/json");
}
