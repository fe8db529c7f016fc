//! The sandbox BRP Personen register (Haal Centraal BRP Personen bevragen
//! 2.7): `POST /haalcentraal/api/brp/personen` with its seven query types,
//! served from the official test persons plus the data set's generated
//! persons, as strict as the real service (content negotiation, parameter
//! validation, `fields`, search caps, problem+json bodies).
//!
//! `gba` holds the persons in the mock's internal shape, `convert` (with
//! `datum`, `naam`, `adressering`, `gezag`, `onderzoek`) turns them into v2,
//! `query` validates requests, `search` finds persons, `fields` derives the
//! allowed paths from the spec and projects the response.

mod adressering;
mod convert;
mod datum;
mod fields;
mod gba;
mod gezag;
mod naam;
mod onderzoek;
mod query;
mod search;
mod store;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use serde_json::{json, Value};

pub(crate) use store::Store;

use super::control::Cost;
use super::problem::{InvalidParam, Problem};
use super::SandboxState;

/// The path of the one operation.
const PAD: &str = "/haalcentraal/api/brp/personen";

/// What the BRP names as the content type it supports, in 406 and 415.
const ONDERSTEUND: &str = "Ondersteunde content type: application/json; charset=utf-8.";

/// Routes under `/haalcentraal/api/brp/personen`.
pub(crate) fn router(_state: Arc<SandboxState>) -> Router<Arc<SandboxState>> {
    Router::new().route(PAD, any(personen))
}

/// A header value as the BRP compares it: lower case, no whitespace.
fn genormaliseerd(v: &header::HeaderValue) -> String {
    String::from_utf8_lossy(v.as_bytes())
        .to_lowercase()
        .split_whitespace()
        .collect()
}

/// Every `Accept` value must be JSON or `*/*` (an absent one is fine).
fn accept_ok(headers: &HeaderMap) -> bool {
    headers.get_all(header::ACCEPT).iter().all(|v| {
        let v = genormaliseerd(v);
        v.is_empty()
            || [
                "*/*",
                "*/*;charset=utf-8",
                "application/json",
                "application/json;charset=utf-8",
            ]
            .contains(&v.as_str())
    })
}

/// Every `Content-Type` value must be JSON in UTF-8 (an absent one is fine).
fn content_type_ok(headers: &HeaderMap) -> bool {
    headers.get_all(header::CONTENT_TYPE).iter().all(|v| {
        let v = genormaliseerd(v);
        v.is_empty() || ["application/json", "application/json;charset=utf-8"].contains(&v.as_str())
    })
}

/// 400 `paramsValidation` (or `paramsCombination` when a required
/// parameter is missing), naming every parameter in error.
fn ongeldig(fouten: Vec<InvalidParam>) -> Problem {
    let verplicht = fouten.iter().any(|f| f.code == "required");
    let (code, title) = if verplicht {
        (
            "paramsCombination",
            "Minimale combinatie van parameters moet worden opgegeven.",
        )
    } else {
        (
            "paramsValidation",
            "Een of meerdere parameters zijn niet correct.",
        )
    };
    let namen: Vec<&str> = fouten.iter().map(|f| f.name.as_str()).collect();
    let mut problem = Problem::brp(StatusCode::BAD_REQUEST, code, title, PAD).detail(format!(
        "De foutieve parameter(s) zijn: {}.",
        namen.join(", ")
    ));
    problem.invalid_params = fouten;
    problem
}

async fn personen(
    State(state): State<Arc<SandboxState>>,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if method != Method::POST {
        let mut p = Problem::brp(
            StatusCode::METHOD_NOT_ALLOWED,
            "methodNotAllowed",
            "Gebruikte bevragingsmethode is niet toegestaan.",
            PAD,
        )
        .detail("Alleen POST is toegestaan.");
        p.type_uri = "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.5".into();
        return p.into_response();
    }
    if !accept_ok(&headers) {
        return Problem::brp(
            StatusCode::NOT_ACCEPTABLE,
            "notAcceptable",
            "Gevraagde content type wordt niet ondersteund.",
            PAD,
        )
        .detail(ONDERSTEUND)
        .into_response();
    }
    if !content_type_ok(&headers) {
        return Problem::brp(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupportedMediaType",
            "Media Type wordt niet ondersteund.",
            PAD,
        )
        .detail(ONDERSTEUND)
        .into_response();
    }
    let q = match query::parse(&body) {
        Ok(q) => q,
        Err(query::Fout::GeenJson) => {
            return Problem::brp(
                StatusCode::BAD_REQUEST,
                "paramsValidation",
                "De bevraging bevat een fout.",
                PAD,
            )
            .detail("Request body is geen geldige JSON.")
            .into_response()
        }
        Err(query::Fout::Params(fouten)) => return ongeldig(fouten).into_response(),
    };
    let gevonden = match search::zoek(&state.brp, &q) {
        Ok(g) => g,
        Err(search::TeVeel(max)) => {
            return Problem::brp(
                StatusCode::BAD_REQUEST,
                "tooManyResults",
                "Teveel zoekresultaten.",
                PAD,
            )
            .detail(format!(
                "Meer dan maximum van {max} zoekresultaten gevonden. Verfijn de zoekopdracht."
            ))
            .into_response()
        }
    };
    let ctx = convert::Context {
        store: &state.brp,
        vandaag: chrono::Local::now().date_naive(),
    };
    let schema = query::response_schema(q.soort);
    let personen: Vec<Value> = gevonden
        .iter()
        .map(|p| fields::project(&convert::persoon(p, &ctx), schema, &q.fields))
        .collect();
    let cost = Cost {
        returned: personen.len(),
        expanded: 0,
    };
    let mut response = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        json!({ "type": q.soort, "personen": personen }).to_string(),
    )
        .into_response();
    response.extensions_mut().insert(cost);
    response
}
