//! The two read operations of the Referentielijsten API over HTTP:
//! `GET /api/v1/tabellen` and `GET /api/v1/items`, with the real service's
//! filters, paging, problem bodies and `API-version` header.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::Utc;
use serde::Serialize;

use super::paging::{paginate, Query};
use super::{Item, Tabel, API_VERSION};
use crate::control::Cost;
use crate::problem::Problem;
use crate::SandboxState;

/// Routes under `/api/v1`.
pub(crate) fn router(_state: Arc<SandboxState>) -> Router<Arc<SandboxState>> {
    Router::new()
        .route("/api/v1/", get(root).fallback(method_not_allowed))
        .route(
            "/api/v1/tabellen",
            get(list_tabellen)
                .options(|| async { options("Tabel List") })
                .fallback(method_not_allowed),
        )
        .route(
            "/api/v1/items",
            get(list_items)
                .options(|| async { options("Item List") })
                .fallback(method_not_allowed),
        )
        .route_layer(axum::middleware::from_fn(acceptable))
        // Added after the JSON-only layer: these serve other types.
        .route("/api/v1/openapi.yaml", get(super::openapi::yaml))
        .route("/api/v1/openapi.json", get(super::openapi::json))
        .route("/api/v1/schema/", get(super::openapi::page))
}

/// `GET /api/v1/`: the links to the two resources.
async fn root(headers: HeaderMap) -> Response {
    let base = forwarded_base_url(&headers);
    versioned(
        axum::Json(serde_json::json!({
            "items": format!("{base}/api/v1/items"),
            "tabellen": format!("{base}/api/v1/tabellen"),
        }))
        .into_response(),
    )
}

/// `OPTIONS` on a list: DRF's metadata (recorded on 0.7.4).
fn options(name: &str) -> Response {
    let mut response = versioned(
        axum::Json(serde_json::json!({
            "name": name,
            "description": "",
            "renders": ["application/json"],
            "parses": ["application/json"],
        }))
        .into_response(),
    );
    response.headers_mut().insert(
        header::ALLOW,
        HeaderValue::from_static("GET, HEAD, OPTIONS"),
    );
    response
}

/// DRF's renderer choice with one renderer, JSON: an `Accept` no range of
/// which covers `application/json` is 406 `not_acceptable`, before any
/// parameter is looked at (recorded on 0.7.4: `application/xml`, `text/html`).
async fn acceptable(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let json = super::openapi::accepts(request.headers(), &["application/json"]);
    if json {
        return next.run(request).await;
    }
    let title = "Kan niet voldoen aan de opgegeven Accept header.";
    let problem = Problem::vng(
        StatusCode::NOT_ACCEPTABLE,
        "NotAcceptable",
        "not_acceptable",
        title,
    )
    .with_base(&crate::base_url(request.headers()));
    let mut response = versioned(problem.into_response());
    response.headers_mut().insert(
        header::ALLOW,
        HeaderValue::from_static("GET, HEAD, OPTIONS"),
    );
    response
}

/// The scheme and host the client used: `X-Forwarded-Proto: https` (a TLS
/// proxy in front) makes the links https, as the real service's
/// `SECURE_PROXY_SSL_HEADER` does (recorded on 0.7.4).
fn forwarded_base_url(headers: &HeaderMap) -> String {
    let base = crate::base_url(headers);
    let https = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"));
    match base.strip_prefix("http://") {
        Some(host) if https => format!("https://{host}"),
        _ => base,
    }
}

/// The `isGeldig` filter as django-filter's `BooleanFilter` reads it:
/// `true`/`True`/`1`, `false`/`False`/`0`, anything else filters nothing.
fn is_geldig(query: &Query) -> Option<bool> {
    match query.filter("isGeldig")? {
        "true" | "True" | "1" => Some(true),
        "false" | "False" | "0" => Some(false),
        _ => None,
    }
}

/// `GET /api/v1/tabellen?code=&isGeldig=&page=&pageSize=`.
async fn list_tabellen(
    State(state): State<Arc<SandboxState>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let query = Query::parse(raw.as_deref());
    let now = Utc::now();
    let code = query.filter("code").filter(|c| !c.is_empty());
    let geldig = is_geldig(&query);
    let rows: Vec<&Tabel> = state
        .referentielijsten
        .tabellen
        .iter()
        .rev()
        .filter(|t| code.is_none_or(|c| t.code == c))
        .filter(|t| match geldig {
            Some(true) => t.geldig_op(now),
            Some(false) => t.vervallen_op(now),
            None => true,
        })
        .collect();
    page_response(&rows, &query, &headers, "/api/v1/tabellen")
}

/// `GET /api/v1/items?tabel__code=&isGeldig=&page=&pageSize=`.
async fn list_items(
    State(state): State<Arc<SandboxState>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let query = Query::parse(raw.as_deref());
    let base = crate::base_url(&headers);
    let Some(code) = query.filter("tabel__code").filter(|c| !c.is_empty()) else {
        let problem = Problem::vng(
            StatusCode::BAD_REQUEST,
            "ValidationError",
            "invalid",
            "Ongeldige invoer.",
        )
        .invalid("tabel__code", "required", "Dit veld is vereist.")
        .with_base(&base);
        return versioned(problem.into_response());
    };
    let now = Utc::now();
    let geldig = is_geldig(&query);
    let rows: Vec<&Item> = state
        .referentielijsten
        .tabel(code)
        .map(|t| {
            t.items
                .iter()
                .rev()
                .filter(|i| match geldig {
                    Some(true) => i.geldig_op(now),
                    Some(false) => i.ongeldig_op(now),
                    None => true,
                })
                .collect()
        })
        .unwrap_or_default();
    page_response(&rows, &query, &headers, "/api/v1/items")
}

/// A page of `rows` as the body of a 200, or the 404 of a page that does not exist.
fn page_response<T: Serialize>(
    rows: &[&T],
    query: &Query,
    headers: &HeaderMap,
    path: &str,
) -> Response {
    let base = forwarded_base_url(headers);
    let page = match paginate(rows, query, &format!("{base}{path}")) {
        Ok(p) => p,
        Err(_) => {
            let problem = Problem::vng(
                StatusCode::NOT_FOUND,
                "NotFound",
                "not_found",
                "Niet gevonden.",
            )
            .detail("Ongeldige pagina.")
            .with_base(&base);
            return versioned(problem.into_response());
        }
    };
    let returned = page.results.len();
    let body = serde_json::json!({
        "count": page.count,
        "next": page.next,
        "previous": page.previous,
        "results": page.results,
    });
    let mut response = (
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response();
    response.extensions_mut().insert(Cost {
        returned,
        expanded: 0,
    });
    versioned(response)
}

/// Any method but GET (and HEAD) on a list: DRF's 405.
async fn method_not_allowed(method: Method, headers: HeaderMap) -> Response {
    let text = format!("Methode \"{method}\" niet toegestaan.");
    let problem = Problem::vng(
        StatusCode::METHOD_NOT_ALLOWED,
        "MethodNotAllowed",
        "method_not_allowed",
        &text,
    )
    .with_base(&crate::base_url(&headers));
    let mut response = versioned(problem.into_response());
    response.headers_mut().insert(
        header::ALLOW,
        HeaderValue::from_static("GET, HEAD, OPTIONS"),
    );
    response
}

/// Adds the `API-version` header every answer of the service carries.
fn versioned(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert("API-version", HeaderValue::from_static(API_VERSION));
    response
}

/// An API version the service does not have (`/api/v2/…`): its JSON 404.
pub(crate) fn unknown_version_response(headers: &HeaderMap) -> Response {
    let problem = Problem::vng(
        StatusCode::NOT_FOUND,
        "NotFound",
        "not_found",
        "Niet gevonden.",
    )
    .detail("Ongeldige versie in URL-pad.")
    .with_base(&crate::base_url(headers));
    let mut response = versioned(problem.into_response());
    response.headers_mut().insert(
        header::ALLOW,
        HeaderValue::from_static("GET, HEAD, OPTIONS"),
    );
    response
}
