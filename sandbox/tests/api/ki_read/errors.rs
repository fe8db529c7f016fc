//! Strictness and problem bodies: token auth, 406, unknown parameters, bad
//! values, bad uuids and pages, on every GET endpoint.

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;

use super::*;
use crate::helpers::spawn_app;
use crate::openapi;

/// One request and the problem it must get.
struct Case {
    path: String,
    headers: Vec<(&'static str, HeaderValue)>,
    status: u16,
    code: &'static str,
    /// The `invalidParams[0]` (name, code) of a 400.
    invalid: Option<(String, &'static str)>,
}

fn case(path: String, status: u16, code: &'static str) -> Case {
    Case {
        path,
        headers: Vec::new(),
        status,
        code,
        invalid: None,
    }
}

fn bad_value(path: String, name: &str, code: &'static str) -> Case {
    Case {
        invalid: Some((name.to_string(), code)),
        ..case(path, 400, "invalid")
    }
}

fn with(mut c: Case, header: &'static str, value: HeaderValue) -> Case {
    c.headers.push((header, value));
    c
}

/// Sends `case` (with the token unless it sets `authorization`) and checks
/// the status and the problem body.
async fn check(app: &crate::helpers::TestApp, c: &Case) {
    let mut headers = HeaderMap::new();
    headers.insert(
        "authorization",
        HeaderValue::from_str(&format!("Token {}", app.token)).unwrap(),
    );
    for (name, value) in &c.headers {
        headers.insert(HeaderName::from_static(name), value.clone());
    }
    let r = app
        .client
        .get(format!("{}/klantinteracties/api/v1{}", app.sandbox, c.path))
        .headers(headers)
        .send()
        .await
        .expect("sandbox answers");
    let what = format!("GET {} {:?}", c.path, c.headers);
    assert_eq!(r.status().as_u16(), c.status, "{what}");
    assert_eq!(r.headers()["content-type"], "application/json", "{what}");
    assert_eq!(r.headers()["API-version"], "0.9.0", "{what}");
    if c.status == 401 {
        assert_eq!(r.headers()["www-authenticate"], "Token", "{what}");
    }
    let body: Value = r.json().await.unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(body["status"], c.status, "{what}: {body}");
    assert_eq!(body["code"], c.code, "{what}: {body}");
    assert!(
        body["title"].as_str().is_some_and(|t| !t.is_empty()),
        "{what}: {body}"
    );
    assert!(body["detail"].is_string(), "{what}: {body}");
    assert!(
        body["instance"]
            .as_str()
            .is_some_and(|i| i.starts_with("urn:uuid:")),
        "{what}"
    );
    let type_uri = body["type"].as_str().unwrap_or_default();
    assert!(
        type_uri.starts_with(&app.sandbox) && type_uri.contains("/ref/fouten/"),
        "{what}: {type_uri}"
    );
    if let Some((name, code)) = &c.invalid {
        assert_eq!(
            body["invalidParams"][0]["name"],
            name.as_str(),
            "{what}: {body}"
        );
        assert_eq!(body["invalidParams"][0]["code"], *code, "{what}: {body}");
    }
}

/// The bad requests for one resource: its list and its detail, with bad
/// values for every uuid, enum, date and date-time parameter the spec lists.
fn cases(spec: &Value, resource: &str) -> Vec<Case> {
    let list = format!("/{resource}");
    let missing = "/7a4f1a9e-2c47-4a8b-9a3a-1b1f7c2f6a10";
    let mut all = vec![
        Case {
            invalid: Some(("nonFieldErrors".into(), "unknown-parameters")),
            ..case(format!("{list}?onbekend=1"), 400, "invalid")
        },
        case(format!("{list}?page=0"), 404, "not_found"),
        case(format!("{list}?page=-7"), 404, "not_found"),
        case(
            format!("{list}?page=999999999999999999999999"),
            404,
            "not_found",
        ),
        case(format!("{list}?page=%00%FF"), 404, "not_found"),
        case(format!("{list}/geen-uuid"), 404, "not_found"),
        case(format!("{list}/{}", "x".repeat(5000)), 404, "not_found"),
        case(format!("{list}{missing}"), 404, "not_found"),
        Case {
            invalid: Some(("nonFieldErrors".into(), "unknown-parameters")),
            ..case(format!("{list}{missing}?page=1"), 400, "invalid")
        },
    ];
    for path in [list.clone(), format!("{list}{missing}")] {
        all.push(with(
            case(path.clone(), 401, "not_authenticated"),
            "authorization",
            HeaderValue::from_static(""),
        ));
        all.push(with(
            case(path.clone(), 401, "not_authenticated"),
            "authorization",
            HeaderValue::from_static("Bearer abc"),
        ));
        for bad in ["Token", "Token een twee", "Token fout", "token  fout"] {
            all.push(with(
                case(path.clone(), 401, "authentication_failed"),
                "authorization",
                HeaderValue::from_static(bad),
            ));
        }
        let not_utf8 = HeaderValue::from_bytes(b"Token \xff\xfe").expect("opaque bytes");
        all.push(with(
            case(path.clone(), 401, "authentication_failed"),
            "authorization",
            not_utf8,
        ));
        for accept in ["application/problem+json", "text/html", "zomaar wat"] {
            all.push(with(
                case(path.clone(), 406, "not_acceptable"),
                "accept",
                HeaderValue::from_static(accept),
            ));
        }
    }
    let parameters = spec["paths"][&list]["get"]["parameters"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for p in parameters {
        let name = p["name"].as_str().unwrap_or_default();
        let schema = &p["schema"];
        let bad = if schema["format"] == "uuid" {
            Some(("geen-uuid", "invalid"))
        } else if schema["enum"].is_array() {
            Some(("onzin", "invalid_choice"))
        } else if schema["format"] == "date" {
            Some(("31-02-2024x", "invalid"))
        } else if schema["format"] == "date-time" {
            Some(("gisteren", "invalid"))
        } else if schema["type"] == "array" {
            Some(("onzin", "invalid_choice"))
        } else {
            None
        };
        if let Some((value, code)) = bad {
            all.push(bad_value(format!("{list}?{name}={value}"), name, code));
            if name == "expand" {
                all.push(bad_value(
                    format!("{list}{missing}?expand={value}"),
                    name,
                    code,
                ));
            }
        }
    }
    all
}

#[tokio::test]
async fn every_get_endpoint_answers_bad_requests_with_the_right_problem() {
    let app = spawn_app().await;
    let spec = openapi::load("klantinteracties-openapi.yaml");
    let mut checked = 0;
    for resource in RESOURCES {
        for c in cases(&spec, resource) {
            check(&app, &c).await;
            checked += 1;
        }
    }
    assert!(checked > 14 * 30, "{checked} requests checked");
}

#[tokio::test]
async fn acceptable_media_types_and_the_token_in_any_case() {
    let app = spawn_app().await;
    for accept in [
        "application/json",
        "*/*",
        "application/*",
        "text/html, application/json;q=0.9",
        "application/json; charset=utf-8",
    ] {
        let r = app
            .client
            .get(format!("{}/klantinteracties/api/v1/actoren", app.sandbox))
            .header("Authorization", format!("tOkEn {}", app.token))
            .header("Accept", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "Accept: {accept}");
    }
}

#[tokio::test]
async fn unknown_parameters_are_named_and_bad_values_all_reported() {
    let app = spawn_app().await;
    let (status, body) = get(&app, "/partijen?zzz=1&ordering=-pk&uuid__in=a,b").await;
    assert_eq!(status, 400);
    assert_eq!(body["code"], "invalid");
    assert_eq!(body["title"], "Ongeldige invoer.");
    assert_eq!(
        body["invalidParams"],
        serde_json::json!([{"name": "nonFieldErrors", "code": "unknown-parameters", "reason": "Onbekende query parameters: ordering, uuid__in, zzz"}])
    );
    let (status, body) = get(&app, "/digitaleadressen?verstrektDoorPartij__uuid=x&soortDigitaalAdres=fax&verificatieDatum__gt=gisteren").await;
    assert_eq!(status, 400);
    let names: Vec<&str> = body["invalidParams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "verstrektDoorPartij__uuid",
            "soortDigitaalAdres",
            "verificatieDatum__gt"
        ]
    );
    assert_eq!(
        body["invalidParams"][0]["reason"],
        "Voer een geldige UUID in."
    );
}
