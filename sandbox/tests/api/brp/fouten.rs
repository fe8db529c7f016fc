//! Malformed requests: each a 4xx `application/problem+json` body naming
//! what is wrong, as the BRP answers; content negotiation is strict.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use super::{assert_problem, raadpleeg, PAD};
use crate::helpers::{spawn_app, TestApp};

/// Sends a raw request; returns status, content type and JSON body.
async fn raw(
    app: &TestApp,
    method: Method,
    headers: &[(&str, &str)],
    body: &str,
) -> (StatusCode, String, Value) {
    let mut r = app
        .client
        .request(method, format!("{}{PAD}", app.sandbox))
        .body(body.to_string());
    for (k, v) in headers {
        r = r.header(*k, *v);
    }
    let r = r.send().await.expect("sandbox answers");
    let status = r.status();
    let ct = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = r.json().await.unwrap_or(Value::Null);
    (status, ct, body)
}

fn geldig() -> String {
    raadpleeg(&["999993653"], &["burgerservicenummer"]).to_string()
}

#[tokio::test]
async fn content_negotiation_is_strict() {
    let app = spawn_app().await;
    let json_ct = ("Content-Type", "application/json");
    for ct in [
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON;Charset=UTF-8",
    ] {
        let (status, _, _) = raw(&app, Method::POST, &[("Content-Type", ct)], &geldig()).await;
        assert_eq!(status, StatusCode::OK, "{ct}");
    }
    for ct in [
        "application/xml",
        "text/csv",
        "application/json; charset=cp1252",
        "*/*",
        "text/plain",
    ] {
        let (status, content_type, body) =
            raw(&app, Method::POST, &[("Content-Type", ct)], &geldig()).await;
        assert_eq!(content_type, "application/problem+json", "{ct}");
        assert_problem(
            status,
            &body,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupportedMediaType",
            &[],
        );
    }
    for accept in ["application/json", "*/*", "application/json; charset=utf-8"] {
        let (status, _, _) = raw(
            &app,
            Method::POST,
            &[json_ct, ("Accept", accept)],
            &geldig(),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{accept}");
    }
    for accept in ["application/xml", "text/html"] {
        let (status, _, body) = raw(
            &app,
            Method::POST,
            &[json_ct, ("Accept", accept)],
            &geldig(),
        )
        .await;
        assert_problem(
            status,
            &body,
            StatusCode::NOT_ACCEPTABLE,
            "notAcceptable",
            &[],
        );
    }
    let (status, _, body) = raw(&app, Method::GET, &[], "").await;
    assert_problem(
        status,
        &body,
        StatusCode::METHOD_NOT_ALLOWED,
        "methodNotAllowed",
        &[],
    );
}

#[tokio::test]
async fn a_body_that_is_not_a_json_object_is_400() {
    let app = spawn_app().await;
    for body in [
        "",
        "{",
        "[]",
        "\"RaadpleegMetBurgerservicenummer\"",
        "{\"type\": }",
    ] {
        let (status, content_type, problem) = raw(
            &app,
            Method::POST,
            &[("Content-Type", "application/json")],
            body,
        )
        .await;
        assert_eq!(content_type, "application/problem+json");
        assert_problem(
            status,
            &problem,
            StatusCode::BAD_REQUEST,
            "paramsValidation",
            &[],
        );
        assert_eq!(
            problem["detail"], "Request body is geen geldige JSON.",
            "{body}"
        );
    }
}

#[tokio::test]
async fn every_malformed_parameter_is_named() {
    let app = spawn_app().await;
    let f = json!(["burgerservicenummer"]);
    let cases: Vec<(Value, &str, Vec<&str>, Vec<&str>)> = vec![
        (
            json!({"fields": f}),
            "paramsCombination",
            vec!["type"],
            vec!["required"],
        ),
        (
            json!({"type": "ZoekMetIets", "fields": f}),
            "paramsValidation",
            vec!["type"],
            vec!["value"],
        ),
        (
            json!({"type": 12, "fields": f}),
            "paramsValidation",
            vec!["type"],
            vec!["value"],
        ),
        (
            json!({"type": "RaadpleegMetBurgerservicenummer", "fields": f}),
            "paramsCombination",
            vec!["burgerservicenummer"],
            vec!["required"],
        ),
        (
            json!({"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": "999994086,999994086", "fields": f}),
            "paramsValidation",
            vec!["burgerservicenummer"],
            vec!["array"],
        ),
        (
            json!({"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": [], "fields": f}),
            "paramsValidation",
            vec!["burgerservicenummer"],
            vec!["minItems"],
        ),
        (
            json!({"type": "RaadpleegMetBurgerservicenummer",
                "burgerservicenummer": ["1234567890", "999993653", "<script>123456789</script>", 999993653], "fields": f}),
            "paramsValidation",
            vec!["burgerservicenummer[0]", "burgerservicenummer[2]"],
            vec!["pattern", "pattern"],
        ),
        (
            json!({"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": ["999993653"],
                "inclusiefOverledenPersonen": true, "gemeenteVanInschijving": "0363", "fields": f}),
            "paramsValidation",
            vec!["gemeenteVanInschijving", "inclusiefOverledenPersonen"],
            vec!["unknownParam", "unknownParam"],
        ),
        (
            json!({"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": ["999993653"],
                "gemeenteVanInschrijving": "123", "fields": f}),
            "paramsValidation",
            vec!["gemeenteVanInschrijving"],
            vec!["pattern"],
        ),
        (
            json!({"type": "ZoekMetGeslachtsnaamEnGeboortedatum", "geslachtsnaam": "Mo*", "geboortedatum": "15-11-1956",
                "geslacht": "X", "voorvoegsel": "van der de la", "fields": f}),
            "paramsValidation",
            vec!["geslachtsnaam", "geboortedatum", "voorvoegsel", "geslacht"],
            vec!["pattern", "date", "pattern", "pattern"],
        ),
        (
            json!({"type": "ZoekMetGeslachtsnaamEnGeboortedatum", "geslachtsnaam": "Moulin", "geboortedatum": "1985-02-30", "fields": f}),
            "paramsValidation",
            vec!["geboortedatum"],
            vec!["date"],
        ),
        (
            json!({"type": "ZoekMetNaamEnGemeenteVanInschrijving", "geslachtsnaam": "Moulin", "fields": f}),
            "paramsCombination",
            vec!["voornamen", "gemeenteVanInschrijving"],
            vec!["required", "required"],
        ),
        (
            json!({"type": "ZoekMetPostcodeEnHuisnummer", "postcode": "0123AB", "huisnummer": 0,
                "huisletter": "AB", "huisnummertoevoeging": "12345", "inclusiefOverledenPersonen": "ja", "fields": f}),
            "paramsValidation",
            vec![
                "postcode",
                "huisnummer",
                "huisletter",
                "huisnummertoevoeging",
                "inclusiefOverledenPersonen",
            ],
            vec!["pattern", "minimum", "pattern", "pattern", "boolean"],
        ),
        (
            json!({"type": "ZoekMetPostcodeEnHuisnummer", "postcode": "3077AW", "huisnummer": 100000, "fields": f}),
            "paramsValidation",
            vec!["huisnummer"],
            vec!["maximum"],
        ),
        (
            json!({"type": "ZoekMetPostcodeEnHuisnummer", "postcode": "3077AW", "huisnummer": "31a", "fields": f}),
            "paramsValidation",
            vec!["huisnummer"],
            vec!["integer"],
        ),
        (
            json!({"type": "ZoekMetPostcodeEnHuisnummer", "postcode": ["3077AW"], "huisnummer": 31, "fields": f}),
            "paramsValidation",
            vec!["postcode"],
            vec!["pattern"],
        ),
        (
            json!({"type": "ZoekMetStraatHuisnummerEnGemeenteVanInschrijving", "straat": "Bot*",
                "huisnummer": 31, "gemeenteVanInschrijving": "0599", "fields": f}),
            "paramsValidation",
            vec!["straat"],
            vec!["pattern"],
        ),
        (
            json!({"type": "ZoekMetNummeraanduidingIdentificatie", "nummeraanduidingIdentificatie": "0000000000000000", "fields": f}),
            "paramsValidation",
            vec!["nummeraanduidingIdentificatie"],
            vec!["pattern"],
        ),
        (
            json!({"type": "ZoekMetAdresseerbaarObjectIdentificatie", "adresseerbaarObjectIdentificatie": "12345", "voornamen": "Jan", "fields": f}),
            "paramsValidation",
            vec!["adresseerbaarObjectIdentificatie", "voornamen"],
            vec!["pattern", "unknownParam"],
        ),
    ];
    for (body, code, namen, codes) in cases {
        let (status, content_type, problem) = raw(
            &app,
            Method::POST,
            &[("Content-Type", "application/json")],
            &body.to_string(),
        )
        .await;
        assert_eq!(content_type, "application/problem+json", "{body}");
        assert_problem(status, &problem, StatusCode::BAD_REQUEST, code, &namen);
        let gegeven: Vec<&str> = problem["invalidParams"]
            .as_array()
            .map(|a| a.iter().filter_map(|p| p["code"].as_str()).collect())
            .unwrap_or_default();
        assert_eq!(gegeven, codes, "{body}");
    }
}
