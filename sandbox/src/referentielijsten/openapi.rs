//! The service's own description, as Referentielijsten 0.7.4 serves it
//! (recorded, tests/contract/referentielijsten-0.7.4/): `/api/v1/openapi.yaml`
//! (YAML, 406 for an `Accept` that does not take it), `/api/v1/openapi.json`
//! and the `/api/v1/schema/` page. The document is the vendored spec
//! (`specs/referentielijsten-openapi.yaml`); drf-spectacular serves its
//! `info.version` with the build suffix, `0.2.0 (1)`.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Number, Value};
use yaml_rust2::{Yaml, YamlLoader};

use super::API_VERSION;

const SPEC: &str = include_str!("../../../specs/referentielijsten-openapi.yaml");
/// `info.version` as the running service reports it.
const SERVED_VERSION: &str = "0.2.0 (1)";
const YAML_TYPE: &str = "application/vnd.oai.openapi; charset=utf-8";

/// The YAML document with the served version.
fn yaml_text() -> String {
    SPEC.replacen(
        &format!("\n  version: {API_VERSION}\n"),
        &format!("\n  version: {SERVED_VERSION}\n"),
        1,
    )
}

/// `GET /api/v1/openapi.yaml`.
pub(crate) async fn yaml(headers: HeaderMap) -> Response {
    if !accepts(
        &headers,
        &["application/vnd.oai.openapi", "application/yaml"],
    ) {
        // DRF renders the 406 problem with the view's own renderer: YAML.
        let host = crate::base_url(&headers);
        let body = format!(
            "type: {host}/ref/fouten/NotAcceptable/\ncode: not_acceptable\n\
             title: Kan niet voldoen aan de opgegeven Accept header.\nstatus: 406\n\
             detail: Kan niet voldoen aan de opgegeven Accept header.\n"
        );
        return served(StatusCode::NOT_ACCEPTABLE, YAML_TYPE, body);
    }
    served(StatusCode::OK, YAML_TYPE, yaml_text())
}

/// `GET /api/v1/openapi.json`.
pub(crate) async fn json() -> Response {
    let document = YamlLoader::load_from_str(&yaml_text())
        .ok()
        .and_then(|docs| docs.into_iter().next())
        .map_or(Value::Null, |doc| to_json(&doc));
    served(StatusCode::OK, "application/json", document.to_string())
}

/// `GET /api/v1/schema/`: the page that shows the document (offline: a link
/// to it, where the real service loads ReDoc).
pub(crate) async fn page() -> Response {
    let body = "<!DOCTYPE html>\n<html>\n  <head>\n    <title>Referentielijsten API</title>\n    \
                <meta charset=\"utf-8\">\n  </head>\n  <body>\n    \
                <a href=\"../openapi.yaml\">openapi.yaml</a>\n  </body>\n</html>\n";
    served(StatusCode::OK, "text/html; charset=utf-8", body.to_string())
}

fn served(status: StatusCode, content_type: &'static str, body: String) -> Response {
    let mut response = (status, [(header::CONTENT_TYPE, content_type)], body).into_response();
    let headers = response.headers_mut();
    headers.insert("API-version", HeaderValue::from_static(API_VERSION));
    headers.insert(
        header::ALLOW,
        HeaderValue::from_static("GET, HEAD, OPTIONS"),
    );
    response
}

/// Whether some range of `Accept` covers one of `types` (no header: yes).
pub(super) fn accepts(headers: &HeaderMap, types: &[&str]) -> bool {
    let ranges: Vec<String> = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|r| {
            r.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .collect();
    ranges.is_empty()
        || ranges.iter().any(|r| {
            r == "*/*"
                || types
                    .iter()
                    .any(|t| r == t || r.strip_suffix("/*").is_some_and(|main| t.starts_with(main)))
        })
}

/// A YAML value as JSON (keys as strings).
fn to_json(yaml: &Yaml) -> Value {
    match yaml {
        Yaml::Hash(hash) => Value::Object(
            hash.iter()
                .map(|(k, v)| (key(k), to_json(v)))
                .collect::<Map<_, _>>(),
        ),
        Yaml::Array(items) => Value::Array(items.iter().map(to_json).collect()),
        Yaml::String(s) => Value::String(s.clone()),
        Yaml::Integer(i) => Value::Number((*i).into()),
        Yaml::Real(r) => r
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map_or_else(|| Value::String(r.clone()), Value::Number),
        Yaml::Boolean(b) => Value::Bool(*b),
        _ => Value::Null,
    }
}

fn key(yaml: &Yaml) -> String {
    match yaml {
        Yaml::String(s) => s.clone(),
        Yaml::Integer(i) => i.to_string(),
        Yaml::Real(r) => r.clone(),
        Yaml::Boolean(b) => b.to_string(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_served_document_is_the_vendored_spec_with_the_build_version() {
        let doc = to_json(&YamlLoader::load_from_str(&yaml_text()).unwrap()[0]);
        assert_eq!(doc["info"]["version"], SERVED_VERSION);
        assert_eq!(doc["info"]["title"], "Referentielijsten API");
        assert!(doc["paths"]["/api/v1/items"]["get"].is_object());
    }

    #[test]
    fn accept_ranges() {
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::ACCEPT, HeaderValue::from_str(v).unwrap());
            h
        };
        let yaml = ["application/vnd.oai.openapi"];
        assert!(accepts(&HeaderMap::new(), &yaml));
        assert!(accepts(&with("*/*"), &yaml));
        assert!(accepts(&with("application/*"), &yaml));
        assert!(!accepts(&with("application/json"), &yaml));
    }
}
