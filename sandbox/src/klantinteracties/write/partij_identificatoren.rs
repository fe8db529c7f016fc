//! `/partij-identificatoren` (POST, PUT, PATCH, DELETE) and the
//! `partijIdentificatoren` a partij is written with (POST, PUT and PATCH
//! of `/partijen`), atomically and under Open Klant's rules
//! (`specs/klantinteracties-openapi.yaml`, tag `partij-identificatoren`):
//!
//! - the register fixes the objecttype and the objecttype the kind of id
//!   (brp/natuurlijk_persoon/bsn; hr/niet_natuurlijk_persoon/rsin|kvk_nummer;
//!   hr/vestiging/vestigingsnummer), and the id is checked by kind (BSN and
//!   RSIN elfproef, KvK 8 digits, vestigingsnummer 12 digits);
//! - a vestigingsnummer is a sub-identificator of an existing kvk_nummer;
//! - an identificator is unique across all partijen, and a partij has each
//!   kind at most once (both refused on `__all__`);
//! - the list written is the partij's whole list: an item with a `uuid`
//!   updates that identificator, one without creates a new one, and the
//!   partij's identificatoren left out are deleted, unless another
//!   identificator still points to them.

use std::collections::HashSet;
use std::sync::Arc;

use axum::extract::{Path as AxumPath, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use super::form::{Errors, Form, NULLABLE, OPTIONAL, REQUIRED};
use super::{exists, invalid, lock, not_found, renderer, set, with_cost, write, Resource, Row};
use crate::klantinteracties::model::{PartijIdentificator, PartijIdentificatorGroep};
use crate::klantinteracties::render::{self, path};
use crate::klantinteracties::store::{object_id_key, Store};
use crate::klantinteracties::validate::{self, enums, Invalid};
use crate::{base_url, SandboxState};

const FIELD: &str = "partijIdentificatoren";

/// Open Klant's refusals (as recorded on 2.18.0, all `__all__`/`invalid`
/// or `nonFieldErrors`/`invalid`).
const UNIQUE: &str =
    "`PartijIdentificator` moet uniek zijn, er bestaat er al een met deze gegevenscombinatie.";
const SOORT_UNIQUE: &str = "`CodeSoortObjectId` moet uniek zijn voor de Partij.";
const PROTECTED: &str = "Cannot delete some instances of model 'PartijIdentificator' because they \
     are referenced through protected foreign keys: 'PartijIdentificator.sub_identificator_van'.";

/// `/partij-identificatoren` on its own: POST, PUT, PATCH and DELETE.
pub(super) static RESOURCE: Resource = Resource {
    path: path::PARTIJ_IDENTIFICATOREN,
    write: write::<PartijIdentificator>,
    exists: exists::<PartijIdentificator>,
    delete: |store, uuid| store.delete_partij_identificator(uuid).is_some(),
    render: renderer!(partij_identificatoren, render::partij_identificator),
};

impl Row for PartijIdentificator {
    type Extra = ();

    fn stored<'s>(store: &'s Store, uuid: &Uuid) -> Option<&'s PartijIdentificator> {
        store.partij_identificatoren.get(uuid)
    }

    fn new() -> PartijIdentificator {
        PartijIdentificator {
            uuid: Uuid::new_v4(),
            identificeerde_partij: None,
            andere_partij_identificator: String::new(),
            partij_identificator: PartijIdentificatorGroep::default(),
            sub_identificator_van: None,
        }
    }

    fn read(form: &Form, store: &Store, row: &mut PartijIdentificator) {
        set(
            &mut row.identificeerde_partij,
            form.fk("identificeerdePartij", NULLABLE, "Partij", |u| {
                store.partijen.get(u).is_some()
            }),
        );
        if let Some(andere) = form.text("anderePartijIdentificator", OPTIONAL, 200) {
            row.andere_partij_identificator = andere.unwrap_or_default();
        }
        if let Some(g) = form.object("partijIdentificator", REQUIRED).flatten() {
            let groep = &mut row.partij_identificator;
            let choice = |slot: &mut String, name: &str, choices| {
                if let Some(Some(v)) = g.choice(name, REQUIRED, choices) {
                    *slot = v;
                }
            };
            choice(
                &mut groep.code_objecttype,
                "codeObjecttype",
                enums::CODE_OBJECTTYPE,
            );
            choice(
                &mut groep.code_soort_object_id,
                "codeSoortObjectId",
                enums::CODE_SOORT_OBJECT_ID,
            );
            choice(
                &mut groep.code_register,
                "codeRegister",
                enums::CODE_REGISTER,
            );
            if let Some(Some(id)) = g.text("objectId", REQUIRED, 200) {
                groep.object_id = id;
            }
        }
        set(
            &mut row.sub_identificator_van,
            form.fk(
                "subIdentificatorVan",
                NULLABLE,
                "PartijIdentificator",
                |u| store.partij_identificatoren.get(u).is_some(),
            ),
        );
    }

    /// The rules of one identificator (the first it breaks), then its
    /// uniqueness: the same identificator nowhere else, and each kind once
    /// per partij.
    fn check(form: &Form, store: &Store, row: &PartijIdentificator, _extra: &()) {
        let groep = &row.partij_identificator;
        if let Some((field, e)) = rules(store, Some(row.uuid), groep, row.sub_identificator_van) {
            form.refuse(field, e);
            return;
        }
        let others = |u: &Uuid| *u != row.uuid;
        let clash = store
            .idx
            .identificatoren_by_object_id
            .of(&object_id_key(&groep.object_id))
            .iter()
            .filter(|u| others(u))
            .filter_map(|u| store.partij_identificatoren.get(u))
            .any(|other| {
                other.partij_identificator == *groep
                    && (row.sub_identificator_van.is_none()
                        || other.sub_identificator_van == row.sub_identificator_van)
            });
        if clash {
            form.errors().add("__all__", "invalid", UNIQUE);
        }
        let soort_taken = row.identificeerde_partij.is_some_and(|p| {
            store
                .idx
                .identificatoren_by_partij
                .of(&p)
                .iter()
                .filter(|u| others(u))
                .filter_map(|u| store.partij_identificatoren.get(u))
                .any(|other| {
                    other.partij_identificator.code_soort_object_id == groep.code_soort_object_id
                })
        });
        if soort_taken {
            form.errors().add("__all__", "invalid", SOORT_UNIQUE);
        }
    }

    fn put(
        store: &mut Store,
        _form: &Form,
        row: PartijIdentificator,
        _old: Option<PartijIdentificator>,
        _extra: (),
    ) {
        store.put_partij_identificator(row);
    }
}

/// `DELETE /partij-identificatoren/{uuid}`: a kvk_nummer that a
/// vestigingsnummer hangs under is protected (400, recorded on 2.18.0).
pub(super) async fn delete(
    State(state): State<Arc<SandboxState>>,
    AxumPath(uuid): AxumPath<String>,
    headers: HeaderMap,
) -> Response {
    let base = base_url(&headers);
    let mut store = lock(&state);
    let Some(uuid) = Uuid::parse_str(&uuid)
        .ok()
        .filter(|u| store.partij_identificatoren.get(u).is_some())
    else {
        return not_found(&base);
    };
    let protected = store
        .partij_identificatoren
        .newest_first()
        .any(|i| i.sub_identificator_van == Some(uuid));
    if protected {
        let errors = Errors::new();
        errors.add("nonFieldErrors", "invalid", PROTECTED);
        return invalid(errors, &base);
    }
    store.delete_partij_identificator(&uuid);
    with_cost(StatusCode::NO_CONTENT.into_response())
}

/// The rules of one identificator, in Open Klant's order; the first broken.
fn rules(
    store: &Store,
    own: Option<Uuid>,
    groep: &PartijIdentificatorGroep,
    sub: Option<Uuid>,
) -> Option<(&'static str, Invalid)> {
    [
        (
            "partijIdentificatorCodeObjecttype",
            validate::partij_objecttype_for_register(&groep.code_register, &groep.code_objecttype),
        ),
        (
            "partijIdentificatorCodeSoortObjectId",
            validate::partij_soort_for_objecttype(
                &groep.code_objecttype,
                &groep.code_soort_object_id,
            ),
        ),
        (
            "partijIdentificatorObjectId",
            validate::partij_object_id(&groep.code_soort_object_id, &groep.object_id),
        ),
        ("subIdentificatorVan", check_sub(store, own, groep, sub)),
    ]
    .into_iter()
    .find_map(|(field, r)| r.err().map(|e| (field, e)))
}

/// One identificator of the request, read and checked on its own.
pub(super) struct Item {
    uuid: Option<Uuid>,
    andere: String,
    groep: PartijIdentificatorGroep,
    sub: Option<Uuid>,
}

impl Item {
    /// Whether `other` (stored or earlier in the request) takes this item's
    /// place in the global uniqueness rule: the same four parts and, when
    /// this item is a sub-identificator, the same parent.
    fn clashes_with(&self, groep: &PartijIdentificatorGroep, sub: Option<Uuid>) -> bool {
        self.groep == *groep && (self.sub.is_none() || self.sub == sub)
    }
}

/// The list in the body: `None` when absent (or null: nothing changes).
pub(super) fn read(form: &Form, store: &Store) -> Option<Vec<Item>> {
    let items = form.list(FIELD, NULLABLE)??;
    Some(items.iter().filter_map(|f| read_item(f, store)).collect())
}

fn read_item(form: &Form, store: &Store) -> Option<Item> {
    let before = form.errors().len();
    // Set by the register from the partij written; named without the
    // item's index (recorded on 2.18.0, `partij-create-identificeerde-partij-set`).
    if form
        .body_value("identificeerdePartij")
        .is_some_and(|v| !v.is_null())
    {
        form.errors().add(
            &format!("{FIELD}.identificeerdePartij"),
            "invalid",
            "Het veld `identificeerde_partij` wordt automatisch ingesteld en dient niet te worden opgegeven.",
        );
    }
    let uuid = form.uuid("uuid", OPTIONAL).flatten();
    let andere = form
        .text("anderePartijIdentificator", OPTIONAL, 200)
        .flatten()
        .unwrap_or_default();
    let groep = form
        .object("partijIdentificator", REQUIRED)
        .flatten()
        .map(|g| {
            let choice = |name: &str, choices| {
                g.choice(name, REQUIRED, choices)
                    .flatten()
                    .unwrap_or_default()
            };
            PartijIdentificatorGroep {
                code_objecttype: choice("codeObjecttype", enums::CODE_OBJECTTYPE),
                code_soort_object_id: choice("codeSoortObjectId", enums::CODE_SOORT_OBJECT_ID),
                object_id: g
                    .text("objectId", REQUIRED, 200)
                    .flatten()
                    .unwrap_or_default(),
                code_register: choice("codeRegister", enums::CODE_REGISTER),
            }
        });
    let sub = form
        .fk(
            "subIdentificatorVan",
            NULLABLE,
            "PartijIdentificator",
            |u| store.partij_identificatoren.get(u).is_some(),
        )
        .flatten();
    let groep = groep?;
    if form.errors().len() != before {
        return None;
    }
    // Open Klant stops at the first rule an identificator breaks.
    if let Some((field, e)) = rules(store, uuid, &groep, sub) {
        form.refuse(field, e);
    }
    Some(Item {
        uuid,
        andere,
        groep,
        sub,
    })
}

/// A vestigingsnummer hangs under a kvk_nummer, and nothing else hangs
/// under anything.
fn check_sub(
    store: &Store,
    own: Option<Uuid>,
    groep: &PartijIdentificatorGroep,
    sub: Option<Uuid>,
) -> Result<(), Invalid> {
    let vestiging = groep.code_soort_object_id == "vestigingsnummer";
    let Some(sub) = sub else {
        if vestiging {
            return Err(Invalid::because(
                "Voor de Identificator met CodeSoortObjectId = `vestigingsnummer` is het verplicht om \
                 een `sub_identifier_van` met CodeSoortObjectId = `kvk_nummer` te kiezen.",
            ));
        }
        return Ok(());
    };
    if Some(sub) == own {
        return Err(Invalid::because(
            "Kan zichzelf niet selecteren als `sub_identificator_van`.",
        ));
    }
    if !vestiging {
        return Err(Invalid::because(
            "Alleen een identifier met code_soort_object_id kan een `sub_identificator_van' hebben.",
        ));
    }
    let parent_is_kvk = store
        .partij_identificatoren
        .get(&sub)
        .is_some_and(|p| p.partij_identificator.code_soort_object_id == "kvk_nummer");
    if !parent_is_kvk {
        return Err(Invalid::because(
            "Het is alleen mogelijk om sub_identifier_vans te selecteren die CodeSoortObjectId = `kvk_nummer` hebben.",
        ));
    }
    Ok(())
}

/// The partij's identificatoren that the written list leaves out.
fn left_out(store: &Store, partij: &Uuid, items: &[Item]) -> Vec<Uuid> {
    let kept: HashSet<Uuid> = items.iter().filter_map(|i| i.uuid).collect();
    store
        .idx
        .identificatoren_by_partij
        .of(partij)
        .iter()
        .filter(|u| !kept.contains(u))
        .copied()
        .collect()
}

/// The rules across identificatoren, once each item is valid on its own.
pub(super) fn check(form: &Form, store: &Store, partij: &Uuid, items: &[Item]) {
    let errors = form.errors();
    let mut soorten = HashSet::new();
    if items
        .iter()
        .any(|i| !soorten.insert(i.groep.code_soort_object_id.as_str()))
    {
        errors.add("__all__", "invalid", SOORT_UNIQUE);
    }
    let removed: HashSet<Uuid> = left_out(store, partij, items).into_iter().collect();
    let rewritten: HashSet<Uuid> = items.iter().filter_map(|i| i.uuid).collect();
    let clash = items.iter().enumerate().any(|(n, item)| {
        let stored = store
            .idx
            .identificatoren_by_object_id
            .of(&object_id_key(&item.groep.object_id))
            .iter()
            .filter(|u| !removed.contains(u) && !rewritten.contains(u))
            .filter_map(|u| store.partij_identificatoren.get(u))
            .any(|other| {
                item.clashes_with(&other.partij_identificator, other.sub_identificator_van)
            });
        let earlier = items[..n]
            .iter()
            .any(|other| item.clashes_with(&other.groep, other.sub));
        stored || earlier
    });
    if clash {
        errors.add("__all__", "invalid", UNIQUE);
    }
    if removed.is_empty() {
        return;
    }
    // Django protects a kvk_nummer that a vestigingsnummer points to, even
    // when that vestigingsnummer goes in the same write (recorded on
    // 2.18.0, `put-partij-organisatie-identificatoren-leeg`).
    let still_pointed_to = store
        .partij_identificatoren
        .newest_first()
        .filter(|i| !rewritten.contains(&i.uuid))
        .filter_map(|i| i.sub_identificator_van)
        .chain(items.iter().filter_map(|i| i.sub))
        .any(|sub| removed.contains(&sub));
    if still_pointed_to {
        errors.add("nonFieldErrors", "invalid", PROTECTED);
    }
}

/// Makes `items` the partij's identificatoren.
pub(super) fn apply(store: &mut Store, partij: Uuid, items: Vec<Item>) {
    for gone in left_out(store, &partij, &items) {
        store.delete_partij_identificator(&gone);
    }
    for item in items {
        store.put_partij_identificator(PartijIdentificator {
            uuid: item.uuid.unwrap_or_else(Uuid::new_v4),
            identificeerde_partij: Some(partij),
            andere_partij_identificator: item.andere,
            partij_identificator: item.groep,
            sub_identificator_van: item.sub,
        });
    }
}
