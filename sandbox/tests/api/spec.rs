//! The sandbox Klantinteracties against its contract,
//! `specs/klantinteracties-openapi.yaml`, black-box:
//!
//! (a) every GET path accepts exactly the query parameters the spec lists for
//!     it: each with a valid value is accepted, and every parameter the spec
//!     lists for some other path is rejected as unknown;
//! (b) list and detail responses, also with every `expand`, validate against
//!     the spec's response schemas, and so does every object inlined under
//!     `_expand`, at any depth.

use std::collections::{BTreeSet, HashMap};

use serde_json::{json, Map, Value};

use crate::helpers::{spawn_app, TestApp};
use crate::openapi;

const SPEC: &str = "klantinteracties-openapi.yaml";
const API: &str = "/klantinteracties/api/v1";

/// The GET paths of the spec with their query parameters (name → schema).
fn get_paths(spec: &Value) -> Vec<(String, Map<String, Value>)> {
    spec["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .filter_map(|(path, ops)| {
            let parameters = ops["get"]["parameters"].as_array()?;
            let query = parameters
                .iter()
                .filter(|p| p["in"] == "query")
                .map(|p| {
                    (
                        p["name"].as_str().unwrap_or_default().to_string(),
                        p["schema"].clone(),
                    )
                })
                .collect();
            Some((path.clone(), query))
        })
        .collect()
}

/// A value the spec allows for a parameter of `name` with `schema`,
/// encoded for a query string.
fn valid_value(name: &str, schema: &Value) -> String {
    url::form_urlencoded::byte_serialize(raw_value(name, schema).as_bytes()).collect()
}

fn raw_value(name: &str, schema: &Value) -> String {
    let some_uuid = "7a4f1a9e-2c47-4a8b-9a3a-1b1f7c2f6a10";
    if let Some(first) = schema["enum"].get(0).or(schema["items"]["enum"].get(0)) {
        return first.as_str().unwrap_or_default().to_string();
    }
    match (schema["type"].as_str(), schema["format"].as_str()) {
        (_, Some("uuid")) => some_uuid.into(),
        (_, Some("uri")) => format!("http://elders{API}/x/{some_uuid}"),
        (_, Some("date")) => "2024-01-01".into(),
        (_, Some("date-time")) => "2024-01-01T10:00:00+01:00".into(),
        (Some("boolean"), _) => "true".into(),
        (Some("integer"), _) if name == "pageSize" => "10".into(),
        (Some("integer"), _) => "1".into(),
        _ => "x".into(),
    }
}

/// A concrete URL for a spec path: a detail path gets the uuid of a listed
/// object, or an unknown one when the list is empty (then 404 is the answer
/// to an accepted request).
async fn concrete(app: &TestApp, path: &str) -> String {
    let Some(list) = path.strip_suffix("/{uuid}") else {
        return path.to_string();
    };
    let body: Value = app.ki_get(list).await.json().await.expect("a list");
    let uuid = body["results"][0]["uuid"]
        .as_str()
        .unwrap_or("7a4f1a9e-2c47-4a8b-9a3a-1b1f7c2f6a10")
        .to_string();
    format!("{list}/{uuid}")
}

#[tokio::test]
async fn every_path_accepts_exactly_the_query_parameters_the_spec_lists() {
    let app = spawn_app().await;
    let spec = openapi::load(SPEC);
    let paths = get_paths(&spec);
    let mut everywhere: Vec<(String, Value)> = Vec::new();
    for (_, params) in &paths {
        for (name, schema) in params {
            if !everywhere.iter().any(|(n, _)| n == name) {
                everywhere.push((name.clone(), schema.clone()));
            }
        }
    }
    assert!(
        everywhere.len() > 100,
        "{} parameters in the spec",
        everywhere.len()
    );
    for (path, params) in &paths {
        let url = concrete(&app, path).await;
        let missing = url.ends_with("7a4f1a9e-2c47-4a8b-9a3a-1b1f7c2f6a10");
        for (name, schema) in params {
            let value = valid_value(name, schema);
            let r = app.ki_get(&format!("{url}?{name}={value}")).await;
            let status = r.status().as_u16();
            let expected = if missing { 404 } else { 200 };
            assert_eq!(
                status,
                expected,
                "{path}?{name}={value}: {}",
                r.text().await.unwrap_or_default()
            );
        }
        for (name, schema) in everywhere.iter().filter(|(n, _)| !params.contains_key(n)) {
            let value = valid_value(name, schema);
            let (status, body) = {
                let r = app.ki_get(&format!("{url}?{name}={value}")).await;
                (
                    r.status().as_u16(),
                    r.json::<Value>().await.unwrap_or(Value::Null),
                )
            };
            assert_eq!(status, 400, "{path} must not know {name}");
            assert_eq!(
                body["invalidParams"][0]["code"], "unknown-parameters",
                "{path}?{name}"
            );
            assert_eq!(
                body["invalidParams"][0]["reason"],
                format!("Onbekende query parameters: {name}"),
                "{path}"
            );
        }
    }
}

/// OpenAPI's `discriminator` (which JSON Schema ignores, and without which a
/// `oneOf` of open objects matches several branches) as conditionals on the
/// discriminating property.
fn discriminators_as_conditionals(node: &mut Value) {
    match node {
        Value::Object(map) => {
            for v in map.values_mut() {
                discriminators_as_conditionals(v);
            }
            let Some(discriminator) = map.remove("discriminator") else {
                return;
            };
            let property = discriminator["propertyName"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            let mapping = discriminator["mapping"]
                .as_object()
                .cloned()
                .unwrap_or_default();
            map.remove("oneOf");
            let branches: Vec<Value> = mapping
                .iter()
                .map(|(value, target)| {
                    json!({
                        "if": {"properties": {&property: {"const": value}}, "required": [&property]},
                        "then": {"$ref": target},
                    })
                })
                .collect();
            let values: Vec<&String> = mapping.keys().collect();
            map.insert("type".into(), json!("object"));
            map.insert("required".into(), json!([&property]));
            map.insert("properties".into(), json!({&property: {"enum": values}}));
            map.insert("allOf".into(), Value::Array(branches));
        }
        Value::Array(items) => items.iter_mut().for_each(discriminators_as_conditionals),
        _ => {}
    }
}

/// Django stores an unset text field as `""` and DRF renders it so; the
/// spec's patterns, lengths and formats describe written values. A writable
/// constrained string (not a uuid) may therefore also be blank.
fn blank_strings_allowed(node: &mut Value) {
    match node {
        Value::Object(map) => {
            for v in map.values_mut() {
                blank_strings_allowed(v);
            }
            let constrained = ["pattern", "minLength", "format"]
                .iter()
                .any(|k| map.contains_key(*k));
            if map.get("type") == Some(&json!("string"))
                && constrained
                && map.get("format") != Some(&json!("uuid"))
                && map.get("readOnly") != Some(&json!(true))
            {
                let original = Value::Object(std::mem::take(map));
                map.insert("anyOf".into(), json!([original, {"const": ""}]));
            }
        }
        Value::Array(items) => items.iter_mut().for_each(blank_strings_allowed),
        _ => {}
    }
}

/// The spec as the server's responses follow it (see the two rewrites).
fn served_spec() -> Value {
    let mut spec = openapi::load(SPEC);
    discriminators_as_conditionals(&mut spec["components"]);
    blank_strings_allowed(&mut spec["components"]);
    spec
}

/// The component schema of each name under `_expand`.
fn expanded_schema(name: &str) -> &'static str {
    match name {
        "betrokkenen" | "hadBetrokkenen" | "verstrektDoorBetrokkene" => "Betrokkene",
        "hadKlantcontact" => "Klantcontact",
        "wasPartij" => "Partij",
        "digitaleAdressen" => "DigitaalAdres",
        "leiddeTotInterneTaken" => "InterneTaak",
        "gingOverOnderwerpobjecten" => "Onderwerpobject",
        "omvatteBijlagen" => "Bijlage",
        "categorieRelaties" => "CategorieRelatie",
        other => panic!("unexpected _expand name {other}"),
    }
}

/// Validators by component schema name, compiled once.
struct Validators<'a> {
    spec: &'a Value,
    compiled: HashMap<String, jsonschema::Validator>,
}

impl Validators<'_> {
    fn get(&mut self, name: &str) -> &jsonschema::Validator {
        let spec = self.spec;
        self.compiled
            .entry(name.to_string())
            .or_insert_with(|| openapi::validator(spec, name))
    }

    /// Validates every object under `_expand` of `item`, at any depth;
    /// returns how many it checked.
    fn check_expanded(&mut self, item: &Value, what: &str) -> usize {
        let Some(expand) = item["_expand"].as_object() else {
            return 0;
        };
        let mut checked = 0;
        for (name, value) in expand {
            let objects: Vec<&Value> = match value {
                Value::Array(items) => items.iter().collect(),
                Value::Null => Vec::new(),
                object => vec![object],
            };
            for object in objects {
                let validator = self.get(expanded_schema(name));
                openapi::assert_valid(validator, object, &format!("{what} _expand.{name}"));
                checked += 1 + self.check_expanded(object, what);
            }
        }
        checked
    }
}

/// The `$ref` name of a GET path's 200 response.
fn response_schema(spec: &Value, path: &str) -> String {
    spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        .as_str()
        .and_then(|r| r.rsplit('/').next())
        .unwrap_or_else(|| panic!("{path} has a 200 schema"))
        .to_string()
}

#[tokio::test]
async fn list_and_detail_responses_match_the_spec_schemas() {
    let app = spawn_app().await;
    let spec = served_spec();
    let mut validators = Validators {
        spec: &spec,
        compiled: HashMap::new(),
    };
    let mut expanded = 0;
    let mut details = 0;
    for (path, params) in get_paths(&spec) {
        if path.ends_with("/{uuid}") {
            continue;
        }
        let expand = params
            .get("expand")
            .and_then(|s| s["items"]["enum"].as_array())
            .map(|values| {
                let all: BTreeSet<&str> = values.iter().filter_map(Value::as_str).collect();
                format!("expand={}", all.into_iter().collect::<Vec<_>>().join(","))
            });
        let list_schema = response_schema(&spec, &path);
        let detail_schema = response_schema(&spec, &format!("{path}/{{uuid}}"));
        for query in [Some("pageSize=500".to_string()), expand.clone()]
            .into_iter()
            .flatten()
        {
            let r = app.ki_get(&format!("{path}?{query}")).await;
            assert_eq!(r.status(), 200, "{path}?{query}");
            let body: Value = r.json().await.unwrap();
            openapi::assert_valid(
                validators.get(&list_schema),
                &body,
                &format!("GET {path}?{query}"),
            );
            for item in body["results"].as_array().unwrap() {
                expanded += validators.check_expanded(item, &path);
            }
            for item in body["results"].as_array().unwrap().iter().take(5) {
                let uuid = item["uuid"].as_str().unwrap();
                let detail_query = expand.clone().map(|e| format!("?{e}")).unwrap_or_default();
                let detail: Value = app
                    .ki_get(&format!("{path}/{uuid}{detail_query}"))
                    .await
                    .json()
                    .await
                    .unwrap();
                let what = format!("GET {path}/{uuid}{detail_query}");
                openapi::assert_valid(validators.get(&detail_schema), &detail, &what);
                expanded += validators.check_expanded(&detail, &path);
                details += 1;
            }
        }
    }
    assert!(details > 20, "{details} details checked");
    assert!(expanded > 50, "{expanded} expanded objects checked");
}

#[test]
fn the_rewrites_keep_the_schemas_strict() {
    let spec = served_spec();
    let actor = openapi::validator(&spec, "Actor");
    let medewerker = json!({
        "uuid": "7a4f1a9e-2c47-4a8b-9a3a-1b1f7c2f6a10",
        "url": "http://h/klantinteracties/api/v1/actoren/7a4f1a9e-2c47-4a8b-9a3a-1b1f7c2f6a10",
        "naam": "M", "soortActor": "medewerker", "indicatieActief": true,
        "actoridentificator": null,
        "actorIdentificatie": {"functie": "KCC", "emailadres": "", "telefoonnummer": "0612345678"}
    });
    openapi::assert_valid(&actor, &medewerker, "a medewerker with a blank emailadres");
    let mut no_functie = medewerker.clone();
    no_functie["actorIdentificatie"] = json!({"telefoonnummer": "0612345678"});
    assert!(!actor.is_valid(&no_functie), "a medewerker needs a functie");
    let mut bad_phone = medewerker.clone();
    bad_phone["actorIdentificatie"]["telefoonnummer"] = json!("0800-1234");
    assert!(
        !actor.is_valid(&bad_phone),
        "patterns still hold for non-blank values"
    );
    let mut bad_soort = medewerker;
    bad_soort["soortActor"] = json!("robot");
    assert!(!actor.is_valid(&bad_soort));
    let fk = openapi::validator(&spec, "PartijForeignKey");
    assert!(
        !fk.is_valid(&json!({"uuid": "", "url": "http://h/x"})),
        "a blank uuid is not a uuid"
    );
}
