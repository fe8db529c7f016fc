//! The registers' OpenAPI specs as JSON Schema validators, so that tests can
//! check the sandbox's responses against the contract (`specs/`).
//!
//! OpenAPI 3.0 (Klantinteracties, Referentielijsten) marks nullability with
//! `nullable: true`, which JSON Schema does not know; it is rewritten into a
//! `null` type. OpenAPI 3.1 (BRP) is JSON Schema 2020-12 already.

use serde_json::{json, Value};
use yaml_rust2::YamlLoader;

use crate::yaml::to_json;

/// Loads `specs/<file>` (the repository's top-level `specs/`) as JSON.
pub fn load(file: &str) -> Value {
    let path = format!("{}/../specs/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let docs = YamlLoader::load_from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    to_json(&docs[0])
}

/// Rewrites OpenAPI 3.0 `nullable: true` into JSON Schema.
fn nullable_to_null_type(node: &mut Value) {
    match node {
        Value::Object(map) => {
            for v in map.values_mut() {
                nullable_to_null_type(v);
            }
            if map.remove("nullable") == Some(Value::Bool(true)) {
                if let Some(Value::String(t)) = map.get("type").cloned() {
                    map.insert("type".into(), json!([t, "null"]));
                    if let Some(Value::Array(values)) = map.get_mut("enum") {
                        values.push(Value::Null);
                    }
                } else {
                    let inner = Value::Object(std::mem::take(map));
                    map.insert("anyOf".into(), json!([inner, {"type": "null"}]));
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(nullable_to_null_type),
        _ => {}
    }
}

/// A validator for the component schema `name` of `spec` (from [`load`]).
pub fn validator(spec: &Value, name: &str) -> jsonschema::Validator {
    assert!(
        spec["components"]["schemas"].get(name).is_some(),
        "the spec has no component schema {name}"
    );
    let mut components = spec["components"].clone();
    nullable_to_null_type(&mut components);
    let schema = json!({
        "$ref": format!("#/components/schemas/{name}"),
        "components": components,
    });
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("schema {name} does not compile: {e}"))
}

/// Panics, listing every violation, when `instance` does not fit `validator`.
pub fn assert_valid(validator: &jsonschema::Validator, instance: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("  at {}: {}", e.instance_path, e))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not match the spec:\n{}\n{}",
        errors.join("\n"),
        serde_json::to_string_pretty(instance).unwrap_or_default()
    );
}

#[test]
fn every_component_schema_of_every_spec_compiles() {
    for file in [
        "klantinteracties-openapi.yaml",
        "brp-personen-openapi.yaml",
        "referentielijsten-openapi.yaml",
    ] {
        let spec = load(file);
        let names: Vec<String> = spec["components"]["schemas"]
            .as_object()
            .unwrap_or_else(|| panic!("{file} has component schemas"))
            .keys()
            .cloned()
            .collect();
        assert!(!names.is_empty(), "{file}");
        for name in names {
            validator(&spec, &name);
        }
    }
}

#[test]
fn nullable_fields_accept_null_and_required_fields_are_required() {
    let spec = load("klantinteracties-openapi.yaml");
    let v = validator(&spec, "KlantcontactForeignKey");
    assert!(!v.is_valid(&json!({})));
    let v = validator(&spec, "Klantcontact");
    let ok = json!({
        "uuid": "e8203b1b-f9e1-4fa1-96ce-2bcf36e061c2",
        "url": "http://x/klantinteracties/api/v1/klantcontacten/e8203b1b-f9e1-4fa1-96ce-2bcf36e061c2",
        "gingOverOnderwerpobjecten": [], "hadBetrokkenActoren": [], "omvatteBijlagen": [],
        "hadBetrokkenen": [], "leiddeTotInterneTaken": [],
        "nummer": null, "kanaal": "telefoon", "onderwerp": "x", "taal": "nld", "vertrouwelijk": false,
        "indicatieContactGelukt": null
    });
    assert_valid(&v, &ok, "a minimal klantcontact");
    let mut bad = ok.clone();
    bad["vertrouwelijk"] = json!("nee");
    assert!(!v.is_valid(&bad));
}
