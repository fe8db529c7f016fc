//! The sandbox BRP Personen register over HTTP: the seven query types,
//! `fields`, the search caps and the errors as Haal Centraal BRP Personen
//! bevragen 2.7 answers them, with successful responses validated against
//! the spec's response schemas.

mod fields;
mod fouten;
mod raadplegen;
mod zoeken;

use std::sync::OnceLock;

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::openapi;

/// The path of the one operation.
pub const PAD: &str = "/haalcentraal/api/brp/personen";

/// POSTs a JSON body as a client of the real service would.
pub async fn post(app: &TestApp, body: &Value) -> (StatusCode, Value) {
    let r = app
        .client
        .post(format!("{}{PAD}", app.sandbox))
        .header("Accept", "application/json")
        .json(body)
        .send()
        .await
        .expect("sandbox answers");
    let status = r.status();
    let body = r.json().await.expect("JSON body");
    (status, body)
}

/// A 200 response, validated against the spec's schema for its type.
pub async fn personen(app: &TestApp, body: Value) -> Vec<Value> {
    let (status, response) = post(app, &body).await;
    assert_eq!(status, StatusCode::OK, "{body} gave {response:#}");
    assert_eq!(response["type"], body["type"]);
    valid(&response);
    response["personen"]
        .as_array()
        .cloned()
        .expect("personen is a list")
}

/// Validates a response against `<type>Response` of the BRP spec.
pub fn valid(response: &Value) {
    static SPEC: OnceLock<Value> = OnceLock::new();
    let spec = SPEC.get_or_init(|| openapi::load("brp-personen-openapi.yaml"));
    let soort = response["type"].as_str().expect("type");
    let validator = openapi::validator(spec, &format!("{soort}Response"));
    openapi::assert_valid(&validator, response, soort);
}

/// A raadpleging of the given BSNs.
pub fn raadpleeg(bsns: &[&str], fields: &[&str]) -> Value {
    json!({
        "type": "RaadpleegMetBurgerservicenummer",
        "burgerservicenummer": bsns,
        "fields": fields,
    })
}

/// The BSNs of a list of persons.
pub fn bsns(personen: &[Value]) -> Vec<String> {
    personen
        .iter()
        .map(|p| p["burgerservicenummer"].as_str().expect("bsn").to_string())
        .collect()
}

/// Checks a problem body: status, `code`, the BRP's shape, and the names of
/// the parameters in error (in order).
pub fn assert_problem(
    status: StatusCode,
    body: &Value,
    verwacht: StatusCode,
    code: &str,
    namen: &[&str],
) {
    assert_eq!(status, verwacht, "{body:#}");
    assert_eq!(body["code"], code, "{body:#}");
    assert_eq!(body["status"], verwacht.as_u16());
    assert_eq!(body["instance"], PAD);
    for key in ["type", "title", "detail"] {
        assert!(
            body[key].as_str().is_some_and(|s| !s.is_empty()),
            "{key} in {body:#}"
        );
    }
    let gegeven: Vec<&str> = body["invalidParams"]
        .as_array()
        .map(|a| a.iter().filter_map(|p| p["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(gegeven, namen, "{body:#}");
    if !namen.is_empty() {
        assert_eq!(
            body["detail"],
            format!("De foutieve parameter(s) zijn: {}.", namen.join(", "))
        );
    }
}
