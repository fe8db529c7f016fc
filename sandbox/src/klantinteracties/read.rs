//! The GET side of the register: list and detail of every resource.
//!
//! Every resource is one [`Resource`] value (its path, table, renderer,
//! filters, ordering and `expand` root), and two generic handlers serve them
//! all, so that paging, strictness and problem bodies are the same
//! everywhere, as on the real server. The order of checks is Open Klant's:
//! unknown parameters, then bad values, then (detail) the uuid, then (list)
//! the page.

use std::sync::{Arc, PoisonError};

use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use serde_json::Value;
use uuid::Uuid;

use super::errors::{self, Rejection};
use super::expand::{self, Expander, Kind};
use super::filters::{self, Selection};
use super::model::*;
use super::paging::{self, Paging};
use super::query::{Params, Query};
use super::render::{self, path, API_ROOT};
use super::store::{Keyed, Store, Table};
use crate::control::Cost;
use crate::{base_url, SandboxState};

/// What a resource's two GET endpoints need to know.
pub(crate) struct Resource<T: 'static> {
    /// Path segment under `/klantinteracties/api/v1`.
    pub(crate) path: &'static str,
    pub(crate) table: fn(&Store) -> &Table<T>,
    pub(crate) render: fn(&Store, &T, &str) -> Value,
    pub(crate) select: for<'s, 'p, 'q> fn(&'s Store, &'p mut Params<'q>) -> Selection<'s, T>,
    /// The `expand` root, for the four resources that have one.
    pub(crate) expand: Option<Kind>,
    /// An ordering before `-pk`, newest first (klantcontacten: `-plaatsgevondenOp`).
    pub(crate) newest: Option<fn(&T) -> DateTime<Utc>>,
}

static PARTIJEN: Resource<Partij> = Resource {
    path: path::PARTIJEN,
    table: |s| &s.partijen,
    render: render::partij,
    select: filters::partijen,
    expand: Some(Kind::Partij),
    newest: None,
};
static PARTIJ_IDENTIFICATOREN: Resource<PartijIdentificator> = Resource {
    path: path::PARTIJ_IDENTIFICATOREN,
    table: |s| &s.partij_identificatoren,
    render: render::partij_identificator,
    select: filters::partij_identificatoren,
    expand: None,
    newest: None,
};
static BETROKKENEN: Resource<Betrokkene> = Resource {
    path: path::BETROKKENEN,
    table: |s| &s.betrokkenen,
    render: render::betrokkene,
    select: filters::betrokkenen,
    expand: Some(Kind::Betrokkene),
    newest: None,
};
static KLANTCONTACTEN: Resource<Klantcontact> = Resource {
    path: path::KLANTCONTACTEN,
    table: |s| &s.klantcontacten,
    render: render::klantcontact,
    select: filters::klantcontacten,
    expand: Some(Kind::Klantcontact),
    newest: Some(|k| k.plaatsgevonden_op),
};
static INTERNETAKEN: Resource<InterneTaak> = Resource {
    path: path::INTERNETAKEN,
    table: |s| &s.internetaken,
    render: render::interne_taak,
    select: filters::internetaken,
    expand: None,
    newest: None,
};
static ACTOREN: Resource<Actor> = Resource {
    path: path::ACTOREN,
    table: |s| &s.actoren,
    render: render::actor,
    select: filters::actoren,
    expand: None,
    newest: None,
};
static ACTORKLANTCONTACTEN: Resource<ActorKlantcontact> = Resource {
    path: path::ACTORKLANTCONTACTEN,
    table: |s| &s.actorklantcontacten,
    render: render::actorklantcontact,
    select: filters::actorklantcontacten,
    expand: None,
    newest: None,
};
static DIGITALEADRESSEN: Resource<DigitaalAdres> = Resource {
    path: path::DIGITALEADRESSEN,
    table: |s| &s.digitaleadressen,
    render: render::digitaal_adres,
    select: filters::digitaleadressen,
    expand: Some(Kind::DigitaalAdres),
    newest: None,
};
static ONDERWERPOBJECTEN: Resource<Onderwerpobject> = Resource {
    path: path::ONDERWERPOBJECTEN,
    table: |s| &s.onderwerpobjecten,
    render: render::onderwerpobject,
    select: filters::onderwerpobjecten,
    expand: None,
    newest: None,
};
static BIJLAGEN: Resource<Bijlage> = Resource {
    path: path::BIJLAGEN,
    table: |s| &s.bijlagen,
    render: render::bijlage,
    select: filters::bijlagen,
    expand: None,
    newest: None,
};
static REKENINGNUMMERS: Resource<Rekeningnummer> = Resource {
    path: path::REKENINGNUMMERS,
    table: |s| &s.rekeningnummers,
    render: render::rekeningnummer,
    select: filters::rekeningnummers,
    expand: None,
    newest: None,
};
static VERTEGENWOORDIGINGEN: Resource<Vertegenwoordiging> = Resource {
    path: path::VERTEGENWOORDIGINGEN,
    table: |s| &s.vertegenwoordigingen,
    render: render::vertegenwoordiging,
    select: filters::vertegenwoordigingen,
    expand: None,
    newest: None,
};
static CATEGORIEEN: Resource<Categorie> = Resource {
    path: path::CATEGORIEEN,
    table: |s| &s.categorieen,
    render: render::categorie,
    select: filters::categorieen,
    expand: None,
    newest: None,
};
static CATEGORIE_RELATIES: Resource<CategorieRelatie> = Resource {
    path: path::CATEGORIE_RELATIES,
    table: |s| &s.categorie_relaties,
    render: render::categorie_relatie,
    select: filters::categorie_relaties,
    expand: None,
    newest: None,
};

/// The GET routes of all fourteen resources.
pub(crate) fn routes() -> Router<Arc<SandboxState>> {
    let router = Router::new();
    let router = add(router, &PARTIJEN);
    let router = add(router, &PARTIJ_IDENTIFICATOREN);
    let router = add(router, &BETROKKENEN);
    let router = add(router, &KLANTCONTACTEN);
    let router = add(router, &INTERNETAKEN);
    let router = add(router, &ACTOREN);
    let router = add(router, &ACTORKLANTCONTACTEN);
    let router = add(router, &DIGITALEADRESSEN);
    let router = add(router, &ONDERWERPOBJECTEN);
    let router = add(router, &BIJLAGEN);
    let router = add(router, &REKENINGNUMMERS);
    let router = add(router, &VERTEGENWOORDIGINGEN);
    let router = add(router, &CATEGORIEEN);
    add(router, &CATEGORIE_RELATIES)
}

fn add<T: Keyed + Send + Sync>(
    router: Router<Arc<SandboxState>>,
    resource: &'static Resource<T>,
) -> Router<Arc<SandboxState>> {
    let list = move |State(state): State<Arc<SandboxState>>, headers: HeaderMap, uri: Uri| async move {
        respond(&state, &headers, |store, base| {
            list(resource, store, base, &uri)
        })
    };
    let detail = move |State(state): State<Arc<SandboxState>>, headers: HeaderMap, uri: Uri| async move {
        respond(&state, &headers, |store, base| {
            detail(resource, store, base, &uri)
        })
    };
    router
        .route(&format!("{API_ROOT}/{}", resource.path), get(list))
        .route(
            &format!("{API_ROOT}/{}/{{uuid}}", resource.path),
            get(detail),
        )
}

/// Runs `answer` on the store under its read lock and turns the outcome
/// into a response carrying its [`Cost`].
fn respond(
    state: &SandboxState,
    headers: &HeaderMap,
    answer: impl FnOnce(&Store, &str) -> Result<(Value, Cost), Rejection>,
) -> Response {
    let base = base_url(headers);
    let store = state
        .klantinteracties
        .read()
        .unwrap_or_else(PoisonError::into_inner);
    match answer(&store, &base) {
        Ok((body, cost)) => {
            let mut response = Json(body).into_response();
            response.extensions_mut().insert(cost);
            response
        }
        Err(problem) => (*problem).into_response(),
    }
}

/// Reads `expand` (where the resource has it) and rejects unknown
/// parameters and bad values.
fn check(
    resource: &Resource<impl Keyed>,
    params: &mut Params,
    base: &str,
) -> Result<Vec<String>, Rejection> {
    let paths = resource
        .expand
        .map(|root| expand::read(params, root))
        .unwrap_or_default();
    let unknown = params.unknown();
    if !unknown.is_empty() {
        return Err(errors::unknown_parameters(base, &unknown));
    }
    if !params.errors().is_empty() {
        return Err(errors::validation(base, params.errors().to_vec()));
    }
    Ok(paths)
}

/// `GET /<resource>`.
fn list<T: Keyed>(
    resource: &Resource<T>,
    store: &Store,
    base: &str,
    uri: &Uri,
) -> Result<(Value, Cost), Rejection> {
    let query = Query::parse(uri.query());
    let mut params = Params::new(&query);
    params.accept("page");
    params.accept("pageSize");
    let selection = (resource.select)(store, &mut params);
    let paths = check(resource, &mut params, base)?;
    let mut rows = if params.matches_nothing() {
        Vec::new()
    } else {
        selection.run((resource.table)(store))
    };
    let page = Paging::read(&query)
        .page(rows.len())
        .ok_or_else(|| errors::not_found(base, "Ongeldige pagina."))?;
    order_window(&mut rows, page.range.clone(), resource.newest);
    let mut expander = Expander::new(store, base, paths);
    let results: Vec<Value> = rows[page.range.clone()]
        .iter()
        .map(|(row, _)| {
            let mut value = (resource.render)(store, row, base);
            if let Some(root) = resource.expand {
                expander.expand(root, &row.key(), &mut value);
                // In a list every item of an expandable resource carries
                // `_expand`, `{}` when nothing was asked (recorded on 2.18.0,
                // e.g. `gw-partij-op-bsn`); a detail carries it only when asked.
                if let Some(object) = value.as_object_mut() {
                    object
                        .entry("_expand")
                        .or_insert_with(|| Value::Object(Default::default()));
                }
            }
            value
        })
        .collect();
    let cost = Cost {
        returned: results.len(),
        expanded: expander.expanded,
    };
    Ok((
        paging::envelope(&page, results, base, uri.path(), &query),
        cost,
    ))
}

/// Puts the rows of `window` in place and in order. Rows come newest created
/// first; with a `newest` key they are ordered by it first, and only as far
/// as the window needs (a full sort of millions of contacts would be waste).
fn order_window<T>(
    rows: &mut [(&T, u64)],
    window: std::ops::Range<usize>,
    newest: Option<fn(&T) -> DateTime<Utc>>,
) {
    let Some(key) = newest else { return };
    if window.is_empty() {
        return;
    }
    let cmp = |a: &(&T, u64), b: &(&T, u64)| (key(b.0), b.1).cmp(&(key(a.0), a.1));
    if window.end < rows.len() {
        rows.select_nth_unstable_by(window.end - 1, cmp);
    }
    let head = &mut rows[..window.end];
    if window.start > 0 {
        head.select_nth_unstable_by(window.start, cmp);
    }
    head[window.start..].sort_unstable_by(cmp);
}

/// `GET /<resource>/{uuid}`: a malformed or unknown uuid is 404.
fn detail<T: Keyed>(
    resource: &Resource<T>,
    store: &Store,
    base: &str,
    uri: &Uri,
) -> Result<(Value, Cost), Rejection> {
    let query = Query::parse(uri.query());
    let mut params = Params::new(&query);
    let paths = check(resource, &mut params, base)?;
    let not_found = || errors::not_found(base, "Niet gevonden.");
    let segment = uri.path().rsplit('/').next().unwrap_or("");
    let uuid = Uuid::parse_str(segment).map_err(|_| not_found())?;
    let row = (resource.table)(store).get(&uuid).ok_or_else(not_found)?;
    let mut value = (resource.render)(store, row, base);
    let mut expander = Expander::new(store, base, paths);
    if let Some(root) = resource.expand {
        expander.expand(root, &uuid, &mut value);
    }
    let cost = Cost {
        returned: 1,
        expanded: expander.expanded,
    };
    Ok((value, cost))
}
