//! The klantbeeld read path (C4161 steps 2, 5, 6): the reference query
//! returns exactly what the registers hold, every code with its meaning.
//! The expected answer is built from the sandbox's own REST answers, so the
//! test checks the gateway against the registers, not against itself.

use serde_json::{json, Map, Value};

use crate::helpers::{spawn_app, TestApp};

const C4161: &str = include_str!("../../queries/c4161-klantbeeld.graphql");

/// `""` and absent are "no value"; GraphQL says `null`.
fn text(v: &Value) -> Value {
    match v {
        Value::String(s) if s.is_empty() => Value::Null,
        Value::String(_) => v.clone(),
        _ => Value::Null,
    }
}

fn upper(v: &Value) -> Value {
    json!(v.as_str().unwrap_or_default().to_uppercase())
}

/// A register date-time as GraphQL renders it (RFC 3339 with offset).
fn instant(v: &Value) -> Value {
    match v
        .as_str()
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
    {
        Some(d) => json!(d.to_rfc3339()),
        None => Value::Null,
    }
}

/// The sandbox's reference tables, by table and code.
struct Tables(Map<String, Value>);

impl Tables {
    async fn load(app: &TestApp) -> Tables {
        let mut tables = Map::new();
        for tabel in ["KANAAL", "TAAL", "LAND"] {
            let mut items = Map::new();
            let mut url = Some(format!(
                "{}/api/v1/items?tabel__code={tabel}&pageSize=500",
                app.sandbox
            ));
            while let Some(u) = url {
                let page: Value = app
                    .client
                    .get(&u)
                    .send()
                    .await
                    .unwrap()
                    .json()
                    .await
                    .unwrap();
                for item in page["results"].as_array().unwrap() {
                    items.insert(
                        item["code"].as_str().unwrap().to_string(),
                        item["naam"].clone(),
                    );
                }
                url = page["next"].as_str().map(str::to_string);
            }
            assert!(!items.is_empty(), "table {tabel} is empty in the sandbox");
            tables.insert(tabel.to_string(), Value::Object(items));
        }
        Tables(tables)
    }

    /// `{code, naam}` as the query selects it, or `null` for no code.
    fn waarde(&self, tabel: &str, code: &Value) -> Value {
        match code.as_str() {
            None | Some("") => Value::Null,
            Some(c) => {
                json!({ "code": c, "naam": self.0[tabel].get(c).cloned().unwrap_or(Value::Null) })
            }
        }
    }
}

/// A gegevensgroep the register answers as absent: `null`, or (as Open Klant
/// renders one that was never filled) an object whose fields are all `""`
/// or `null`. GraphQL shows both as `null`.
fn absent(group: &Value) -> bool {
    match group {
        Value::Null => true,
        Value::Object(m) => m.values().all(|v| v.is_null() || v.as_str() == Some("")),
        _ => false,
    }
}

fn adres(a: &Value, tables: &Tables) -> Value {
    if absent(a) {
        return Value::Null;
    }
    json!({
        "nummeraanduidingId": text(&a["nummeraanduidingId"]),
        "adresregel1": text(&a["adresregel1"]),
        "adresregel2": text(&a["adresregel2"]),
        "adresregel3": text(&a["adresregel3"]),
        "land": tables.waarde("LAND", &a["land"]),
    })
}

fn actor(a: &Value) -> Value {
    let id = &a["actoridentificator"];
    let mut v = json!({
        "uuid": a["uuid"],
        "naam": a["naam"],
        "soortActor": upper(&a["soortActor"]),
        "indicatieActief": a["indicatieActief"],
        "actoridentificator": if absent(id) { Value::Null } else { json!({
            "objectId": text(&id["objectId"]),
            "codeObjecttype": text(&id["codeObjecttype"]),
            "codeSoortObjectId": text(&id["codeSoortObjectId"]),
            "codeRegister": text(&id["codeRegister"]),
        })},
    });
    let part = &a["actorIdentificatie"];
    let own: &[&str] = match a["soortActor"].as_str() {
        Some("medewerker") => &["functie", "emailadres", "telefoonnummer"],
        Some("geautomatiseerde_actor") => &["functie", "omschrijving"],
        Some("organisatorische_eenheid") => &["omschrijving", "emailadres", "telefoonnummer"],
        other => panic!("unexpected soortActor {other:?}"),
    };
    for f in own {
        v[*f] = text(&part[*f]);
    }
    v
}

fn digitaal_adres(d: &Value) -> Value {
    json!({
        "soortDigitaalAdres": upper(&d["soortDigitaalAdres"]),
        "adres": d["adres"],
        "omschrijving": text(&d["omschrijving"]),
    })
}

impl TestApp {
    async fn ki(&self, path: &str) -> Value {
        let r = self.ki_get(path).await;
        assert_eq!(r.status(), 200, "GET {path}");
        r.json().await.unwrap()
    }

    /// The C4161 answer, built from the sandbox's REST answers.
    async fn expected_klantbeeld(&self, nummer: &str) -> Value {
        let tables = Tables::load(self).await;
        let list = self.ki(&format!("/partijen?nummer={nummer}")).await;
        let p = &list["results"][0];
        let uuid_of = |fk: &Value| fk["uuid"].as_str().unwrap().to_string();

        let mut digitale = Vec::new();
        for fk in p["digitaleAdressen"].as_array().unwrap() {
            digitale.push(digitaal_adres(
                &self.ki(&format!("/digitaleadressen/{}", uuid_of(fk))).await,
            ));
        }
        let voorkeur = match p["voorkeursDigitaalAdres"].is_null() {
            true => Value::Null,
            false => digitaal_adres(
                &self
                    .ki(&format!(
                        "/digitaleadressen/{}",
                        uuid_of(&p["voorkeursDigitaalAdres"])
                    ))
                    .await,
            ),
        };
        let identificatoren: Vec<Value> = p["partijIdentificatoren"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                let g = &i["partijIdentificator"];
                json!({
                    "codeObjecttype": g["codeObjecttype"],
                    "codeSoortObjectId": g["codeSoortObjectId"],
                    "objectId": g["objectId"],
                    "codeRegister": g["codeRegister"],
                })
            })
            .collect();

        let mut betrokkenen = Vec::new();
        for fk in p["betrokkenen"].as_array().unwrap() {
            let b = self.ki(&format!("/betrokkenen/{}", uuid_of(fk))).await;
            let k = self
                .ki(&format!(
                    "/klantcontacten/{}",
                    uuid_of(&b["hadKlantcontact"])
                ))
                .await;
            let mut taken = Vec::new();
            for t in k["leiddeTotInterneTaken"].as_array().unwrap() {
                let t = self.ki(&format!("/internetaken/{}", uuid_of(t))).await;
                let mut toegewezen = Vec::new();
                for a in t["toegewezenAanActoren"].as_array().unwrap() {
                    toegewezen.push(actor(&self.ki(&format!("/actoren/{}", uuid_of(a))).await));
                }
                taken.push(json!({
                    "uuid": t["uuid"],
                    "nummer": text(&t["nummer"]),
                    "gevraagdeHandeling": t["gevraagdeHandeling"],
                    "toelichting": text(&t["toelichting"]),
                    "status": upper(&t["status"]),
                    "toegewezenAan": toegewezen,
                }));
            }
            let naam = &b["contactnaam"];
            betrokkenen.push(json!({
                "uuid": b["uuid"],
                "rol": upper(&b["rol"]),
                "organisatienaam": text(&b["organisatienaam"]),
                "initiator": b["initiator"],
                "contactnaam": if absent(naam) { Value::Null } else { json!({
                    "voorletters": text(&naam["voorletters"]),
                    "voornaam": text(&naam["voornaam"]),
                    "voorvoegselAchternaam": text(&naam["voorvoegselAchternaam"]),
                    "achternaam": text(&naam["achternaam"]),
                })},
                "bezoekadres": adres(&b["bezoekadres"], &tables),
                "correspondentieadres": adres(&b["correspondentieadres"], &tables),
                "klantcontact": {
                    "uuid": k["uuid"],
                    "nummer": text(&k["nummer"]),
                    "kanaal": tables.waarde("KANAAL", &k["kanaal"]),
                    "onderwerp": k["onderwerp"],
                    "inhoud": text(&k["inhoud"]),
                    "indicatieContactGelukt": k["indicatieContactGelukt"],
                    "taal": tables.waarde("TAAL", &k["taal"]),
                    "vertrouwelijk": k["vertrouwelijk"],
                    "plaatsgevondenOp": instant(&k["plaatsgevondenOp"]),
                    "actoren": k["hadBetrokkenActoren"].as_array().unwrap().iter().map(actor).collect::<Vec<_>>(),
                    "interneTaken": taken,
                },
            }));
        }

        json!({
            "uuid": p["uuid"],
            "nummer": p["nummer"],
            "soortPartij": upper(&p["soortPartij"]),
            "indicatieGeheimhouding": p["indicatieGeheimhouding"],
            "indicatieActief": p["indicatieActief"],
            "interneNotitie": text(&p["interneNotitie"]),
            "voorkeurstaal": tables.waarde("TAAL", &p["voorkeurstaal"]),
            "bezoekadres": adres(&p["bezoekadres"], &tables),
            "correspondentieadres": adres(&p["correspondentieadres"], &tables),
            "voorkeursDigitaalAdres": voorkeur,
            "digitaleAdressen": digitale,
            "identificatoren": identificatoren,
            "betrokkenen": betrokkenen,
        })
    }
}

/// Every `null` in the answer, by path: the persona has a value everywhere
/// the seed's tables name one, and every code has a meaning.
fn nulls(v: &Value, path: String, out: &mut Vec<String>) {
    match v {
        Value::Null => out.push(path),
        Value::Object(m) => m
            .iter()
            .for_each(|(k, v)| nulls(v, format!("{path}.{k}"), out)),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, v)| nulls(v, format!("{path}[{i}]"), out)),
        _ => {}
    }
}

#[tokio::test]
async fn the_c4161_query_returns_exactly_what_the_registers_hold() {
    let app = spawn_app().await;
    let body = app.graphql(C4161, json!({ "nummer": "123454321" })).await;
    assert!(body.get("errors").is_none(), "errors: {body:#}");
    let actual = &body["data"]["partijOpNummer"];
    let expected = app.expected_klantbeeld("123454321").await;
    assert_eq!(
        actual,
        &expected,
        "the gateway's klantbeeld differs from the registers' data:\ngateway: {actual:#}\nregisters: {expected:#}"
    );

    // The persona of C4161 (Anton van Oostrum, nummer 123454321).
    assert_eq!(
        actual["bezoekadres"]["adresregel1"],
        "Van Puffelenstraat 23"
    );
    assert_eq!(
        actual["correspondentieadres"]["adresregel1"],
        "Janssenstraat 12"
    );
    let contacten = actual["betrokkenen"].as_array().unwrap();
    assert_eq!(contacten.len(), 12);
    let taken: usize = contacten
        .iter()
        .map(|b| b["klantcontact"]["interneTaken"].as_array().unwrap().len())
        .sum();
    assert_eq!(taken, 18);
    let terugbellen = contacten
        .iter()
        .flat_map(|b| b["klantcontact"]["interneTaken"].as_array().unwrap())
        .find(|t| t["nummer"] == "334565432")
        .expect("interne taak 334565432");
    assert_eq!(terugbellen["gevraagdeHandeling"], "Terugbellen");
    assert_eq!(terugbellen["status"], "TE_VERWERKEN");
    assert_eq!(terugbellen["toegewezenAan"][0]["soortActor"], "MEDEWERKER");

    // Every code shown with its meaning.
    let mut missing = Vec::new();
    nulls(actual, "partij".into(), &mut missing);
    let unexplained: Vec<&String> = missing.iter().filter(|p| p.ends_with(".naam")).collect();
    assert!(
        unexplained.is_empty(),
        "codes without meaning: {unexplained:?}"
    );
}

#[tokio::test]
async fn bad_input_and_unknown_objects_are_errors_with_codes_and_no_upstream_call_for_bad_input() {
    let app = spawn_app().await;
    let cases = [
        (
            r#"{ partij(uuid: "not-a-uuid") { uuid } }"#,
            "BAD_USER_INPUT",
            false,
        ),
        (
            r#"{ klantcontact(uuid: "123") { uuid } }"#,
            "BAD_USER_INPUT",
            false,
        ),
        (
            r#"{ partijOpIdentificator(soort: BSN, waarde: "123456789") { uuid } }"#,
            "BAD_USER_INPUT",
            false,
        ),
        (
            r#"{ partijOpIdentificator(soort: KVK_NUMMER, waarde: "12") { uuid } }"#,
            "BAD_USER_INPUT",
            false,
        ),
        (
            r#"{ partijOpNummer(nummer: "") { uuid } }"#,
            "BAD_USER_INPUT",
            false,
        ),
        (
            r#"{ partijOpNummer(nummer: "999999999") { uuid } }"#,
            "NOT_FOUND",
            true,
        ),
        (
            r#"{ partij(uuid: "00000000-0000-4000-8000-000000000000") { uuid } }"#,
            "NOT_FOUND",
            true,
        ),
        (
            r#"{ interneTaak(uuid: "00000000-0000-4000-8000-000000000000") { uuid } }"#,
            "NOT_FOUND",
            true,
        ),
        (
            r#"{ referentielijst(tabel: "BESTAAT_NIET") { tabel } }"#,
            "NOT_FOUND",
            true,
        ),
    ];
    for (query, code, calls_upstream) in cases {
        app.reset_stats().await;
        let r = app
            .client
            .post(format!("{}/graphql", app.gateway))
            .json(&json!({ "query": query }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{query}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(
            body["errors"][0]["extensions"]["code"], code,
            "{query}: {body}"
        );
        let calls = app.stats().await["totalRequests"].as_u64().unwrap();
        assert_eq!(calls > 0, calls_upstream, "{query}: {calls} upstream calls");
    }
}

#[tokio::test]
async fn a_failing_register_is_named_and_the_rest_of_the_klantbeeld_stays() {
    let app = spawn_app().await;
    app.set_faults(json!({"register": "referentielijsten", "errorRate": 1.0}))
        .await;
    let body = app.graphql(C4161, json!({ "nummer": "123454321" })).await;
    let partij = &body["data"]["partijOpNummer"];
    assert_eq!(partij["nummer"], "123454321", "{body:#}");
    assert_eq!(partij["betrokkenen"].as_array().unwrap().len(), 12);
    // The code is there; its meaning is an error naming the register.
    assert_eq!(partij["voorkeurstaal"]["code"], "nld");
    assert!(partij["voorkeurstaal"]["naam"].is_null());
    let errors = body["errors"].as_array().expect("errors");
    assert!(
        errors
            .iter()
            .all(|e| e["extensions"]["register"] == "referentielijsten"),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .all(|e| e["extensions"]["code"] == "UPSTREAM_ERROR"),
        "{errors:#?}"
    );
    assert!(errors[0]["message"]
        .as_str()
        .unwrap()
        .to_lowercase()
        .contains("referentielijsten"));

    app.set_faults(json!({"register": "klantinteracties", "errorRate": 1.0}))
        .await;
    let body = app.graphql(C4161, json!({ "nummer": "123454321" })).await;
    assert!(body["data"]["partijOpNummer"].is_null());
    assert_eq!(
        body["errors"][0]["extensions"]["register"], "klantinteracties",
        "{body:#}"
    );
}
