//! Writes to the sandbox Klantinteracties: POST (201), PUT and PATCH (200)
//! and DELETE (204) on the paths of `specs/klantinteracties-openapi.yaml`,
//! with the validation Open Klant 2.18 applies, so that a client that writes
//! successfully to the sandbox writes successfully to the real register.
//!
//! This file holds the plumbing every resource shares: reading the body as
//! DRF does (415 for a non-JSON content type, `parse_error` for malformed
//! JSON, `nonFieldErrors` for a body that is not an object), 404 for an
//! unknown or malformed uuid in the path, one write lock per request so that
//! a write and its cascades are atomic, the steps of every write ([`write`]),
//! and the rendered resource as the answer. What a resource accepts lives in
//! its own module, as its [`Row`].

mod actoren;
mod betrokkenen;
mod bijlagen;
mod digitaleadressen;
pub(crate) mod form;
mod groups;
mod internetaken;
mod klantcontacten;
mod onderwerpobjecten;
mod partij_identificatoren;
mod partijen;

use std::sync::{Arc, RwLockWriteGuard};

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{post, MethodRouter};
use axum::Router;
use serde_json::{Map, Value};
use uuid::Uuid;

use self::form::{Errors, Form};
use super::errors::{self, validation, Rejection};
use super::render::API_ROOT;
use super::store::{Keyed, Store};
use crate::control::Cost;
use crate::problem::Problem;
use crate::{base_url, SandboxState};

/// Creates (`uuid` is `None`) or updates a row from a request body;
/// `partial` is true for PATCH. Returns the uuid of the written row.
type Write = fn(&mut Store, Option<Uuid>, &Map<String, Value>, bool) -> Result<Uuid, Errors>;

/// A resource's row as its write side reads, checks and stores it; [`write`]
/// runs these steps in the same order for every resource.
trait Row: Clone + Keyed {
    /// What reading the body gives besides the row, for `check` and `put`
    /// (a partij's links); `()` for most.
    type Extra;
    /// The stored row of `uuid`.
    fn stored<'s>(store: &'s Store, uuid: &Uuid) -> Option<&'s Self>;
    /// A row for a create, before anything is written to it.
    fn new() -> Self;
    /// Reads the body's fields into `row`; each refusal goes to the form's errors.
    fn read(form: &Form, store: &Store, row: &mut Self) -> Self::Extra;
    /// The object-level rules, checked once every field reads well.
    fn check(_form: &Form, _store: &Store, _row: &Self, _extra: &Self::Extra) {}
    /// Stores the checked row with what follows from it; `old` is the row as
    /// it was before an update.
    fn put(store: &mut Store, form: &Form, row: Self, old: Option<Self>, extra: Self::Extra);
}

/// The one write of every resource: the stored row (or a new one) with the
/// body's fields read into it, refused with every field error at once, then
/// with every object-level error at once, else stored.
fn write<R: Row>(
    store: &mut Store,
    uuid: Option<Uuid>,
    body: &Map<String, Value>,
    partial: bool,
) -> Result<Uuid, Errors> {
    let errors = Errors::new();
    let form = Form::new(body, partial, &errors);
    let old = uuid.and_then(|u| R::stored(store, &u).cloned());
    let mut row = old.clone().unwrap_or_else(R::new);
    let extra = R::read(&form, store, &mut row);
    errors.stop()?;
    R::check(&form, store, &row, &extra);
    errors.stop()?;
    let uuid = row.key();
    R::put(store, &form, row, old, extra);
    Ok(uuid)
}

/// Whether the store holds a `R` of `uuid`, for [`Resource::exists`].
fn exists<R: Row>(store: &Store, uuid: &Uuid) -> bool {
    R::stored(store, uuid).is_some()
}

/// One resource's write side.
struct Resource {
    /// The path segment under `/klantinteracties/api/v1`.
    path: &'static str,
    write: Write,
    exists: fn(&Store, &Uuid) -> bool,
    /// Deletes the row with what Open Klant cascades; false when it was not there.
    delete: fn(&mut Store, &Uuid) -> bool,
    render: fn(&Store, &Uuid, &str) -> Option<Value>,
}

/// The write routes, merged into the register's router.
pub(crate) fn routes() -> Router<Arc<SandboxState>> {
    let mut router = Router::new();
    for resource in [
        &partijen::RESOURCE,
        &betrokkenen::RESOURCE,
        &klantcontacten::RESOURCE,
        &internetaken::RESOURCE,
        &actoren::RESOURCE,
        &digitaleadressen::RESOURCE,
        &onderwerpobjecten::ACTORKLANTCONTACTEN,
        &bijlagen::RESOURCE,
    ] {
        router = router
            .route(&collection(resource.path), create_route(resource))
            .route(&detail(resource.path), detail_routes(resource));
    }
    let onderwerpobjecten = &onderwerpobjecten::RESOURCE;
    router
        .route(
            &collection(onderwerpobjecten.path),
            create_route(onderwerpobjecten),
        )
        .route(
            &detail(onderwerpobjecten.path),
            update_routes(onderwerpobjecten).delete(onderwerpobjecten::delete),
        )
        .route(
            &collection(partij_identificatoren::RESOURCE.path),
            create_route(&partij_identificatoren::RESOURCE),
        )
        .route(
            &detail(partij_identificatoren::RESOURCE.path),
            update_routes(&partij_identificatoren::RESOURCE).delete(partij_identificatoren::delete),
        )
        .route(
            &collection("maak-klantcontact"),
            post(klantcontacten::maak_klantcontact),
        )
        // The control layer already caps bodies at 4 MiB; within that, a
        // huge value is a field error (max_length), not axum's 2 MiB 413.
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
}

/// The largest body a write reads, as the sandbox's control layer allows.
const BODY_LIMIT: usize = 4 * 1024 * 1024;

fn collection(path: &str) -> String {
    format!("{API_ROOT}/{path}")
}

fn detail(path: &str) -> String {
    format!("{API_ROOT}/{path}/{{uuid}}")
}

fn create_route(resource: &'static Resource) -> MethodRouter<Arc<SandboxState>> {
    post(
        move |State(state): State<Arc<SandboxState>>, headers: HeaderMap, body: Bytes| async move {
            create(resource, &state, &headers, &body)
        },
    )
}

/// PUT and PATCH of a resource.
fn update_routes(resource: &'static Resource) -> MethodRouter<Arc<SandboxState>> {
    let update = move |partial: bool| {
        move |State(state): State<Arc<SandboxState>>,
              Path(uuid): Path<String>,
              headers: HeaderMap,
              body: Bytes| async move {
            update(resource, &state, &uuid, &headers, &body, partial)
        }
    };
    axum::routing::put(update(false)).patch(update(true))
}

/// PUT, PATCH and DELETE of a resource.
fn detail_routes(resource: &'static Resource) -> MethodRouter<Arc<SandboxState>> {
    update_routes(resource).delete(
        move |State(state): State<Arc<SandboxState>>,
              Path(uuid): Path<String>,
              headers: HeaderMap| async move { delete(resource, &state, &uuid, &headers) },
    )
}

fn create(resource: &Resource, state: &SandboxState, headers: &HeaderMap, body: &[u8]) -> Response {
    let base = base_url(headers);
    let body = match parse_body(headers, body) {
        Ok(body) => body,
        Err(problem) => return answer_problem(*problem, &base),
    };
    let mut store = lock(state);
    match (resource.write)(&mut store, None, &body, false) {
        Ok(uuid) => answer_resource(StatusCode::CREATED, resource, &store, &uuid, &base),
        Err(errors) => invalid(errors, &base),
    }
}

fn update(
    resource: &Resource,
    state: &SandboxState,
    uuid: &str,
    headers: &HeaderMap,
    body: &[u8],
    partial: bool,
) -> Response {
    let base = base_url(headers);
    let mut store = lock(state);
    let Some(uuid) = known(resource, &store, uuid) else {
        return not_found(&base);
    };
    let body = match parse_body(headers, body) {
        Ok(body) => body,
        Err(problem) => return answer_problem(*problem, &base),
    };
    match (resource.write)(&mut store, Some(uuid), &body, partial) {
        Ok(uuid) => answer_resource(StatusCode::OK, resource, &store, &uuid, &base),
        Err(errors) => invalid(errors, &base),
    }
}

fn delete(resource: &Resource, state: &SandboxState, uuid: &str, headers: &HeaderMap) -> Response {
    let mut store = lock(state);
    match Uuid::parse_str(uuid) {
        Ok(uuid) if (resource.delete)(&mut store, &uuid) => {
            with_cost(StatusCode::NO_CONTENT.into_response())
        }
        _ => not_found(&base_url(headers)),
    }
}

/// The uuid of the path when it names an existing row (a malformed uuid is
/// a 404 too, as the path pattern of Open Klant does not match it).
fn known(resource: &Resource, store: &Store, uuid: &str) -> Option<Uuid> {
    Uuid::parse_str(uuid)
        .ok()
        .filter(|u| (resource.exists)(store, u))
}

/// The store for writing. A writer that panicked cannot have left a row
/// half-written (rows are replaced whole), so a poisoned lock is still usable.
fn lock(state: &SandboxState) -> RwLockWriteGuard<'_, Store> {
    state
        .klantinteracties
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The request body as DRF's `JSONParser` reads it: an empty body is an
/// empty object, another content type is 415, malformed JSON is
/// `parse_error`, and a body that is not an object fails validation.
fn parse_body(headers: &HeaderMap, body: &[u8]) -> Result<Map<String, Value>, Rejection> {
    if body.is_empty() {
        return Ok(Map::new());
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let media_type = content_type.split(';').next().unwrap_or("").trim();
    if !media_type.eq_ignore_ascii_case("application/json") {
        return Err(Box::new(Problem::vng(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UnsupportedMediaType",
            "unsupported_media_type",
            &format!("Ongeldige mediatype \"{content_type}\" in aanvraag."),
        )));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(Value::Null) => Err(root_error("null", "Dit veld mag niet null zijn.".into())),
        Ok(other) => Err(root_error(
            "invalid",
            format!(
                "Ongeldige data. Verwacht een dictionary, kreeg een {}.",
                form::python_type(&other)
            ),
        )),
        Err(e) => Err(Box::new(
            Problem::vng(
                StatusCode::BAD_REQUEST,
                "ParseError",
                "parse_error",
                "Misvormd verzoek.",
            )
            .detail(format!("JSON parse error - {e}")),
        )),
    }
}

/// A validation error on the body as a whole.
fn root_error(code: &str, reason: String) -> Rejection {
    let errors = Errors::new();
    errors.add("nonFieldErrors", code, reason);
    validation("", errors.into_invalid())
}

/// The 400 answer to a body that fails validation.
fn invalid(errors: Errors, base: &str) -> Response {
    answer_problem(*validation(base, errors.into_invalid()), base)
}

/// 404 for an unknown or malformed uuid in the path, as the GETs answer it.
fn not_found(base: &str) -> Response {
    answer_problem(*errors::not_found(base, "Niet gevonden."), base)
}

/// Adds what the cost model needs: a write answers one resource.
fn with_cost(mut response: Response) -> Response {
    response.extensions_mut().insert(Cost {
        returned: 1,
        expanded: 0,
    });
    response
}

fn answer_problem(problem: Problem, base: &str) -> Response {
    with_cost(problem.with_base(base).into_response())
}

fn answer_json(status: StatusCode, body: Value) -> Response {
    with_cost((status, axum::Json(body)).into_response())
}

fn answer_resource(
    status: StatusCode,
    resource: &Resource,
    store: &Store,
    uuid: &Uuid,
    base: &str,
) -> Response {
    match (resource.render)(store, uuid, base) {
        Some(body) => answer_json(status, body),
        // The row was written under this lock; not finding it is a bug here.
        None => answer_problem(
            Problem::vng(
                StatusCode::INTERNAL_SERVER_ERROR,
                "APIException",
                "error",
                "Er is een serverfout opgetreden.",
            ),
            base,
        ),
    }
}

/// Sets `slot` when a reader produced a value.
fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *slot = value;
    }
}

/// Nullable text written blank is kept as null (`nummer`, `referentienummer`).
fn non_blank(value: Option<String>) -> Option<String> {
    value.filter(|s| !s.is_empty())
}

/// Renders a row of `table` by uuid, for [`Resource::render`].
macro_rules! renderer {
    ($table:ident, $render:path) => {
        |store: &Store, uuid: &Uuid, base: &str| {
            store.$table.get(uuid).map(|row| $render(store, row, base))
        }
    };
}
use renderer;
