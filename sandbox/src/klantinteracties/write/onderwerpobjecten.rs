//! `/onderwerpobjecten` (what a klantcontact was about, or the earlier
//! klantcontact it followed up) with its cascading DELETE, and
//! `/actorklantcontacten` (which actors took part in a klantcontact).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use uuid::Uuid;

use super::form::{Form, NULLABLE, REQUIRED};
use super::{
    answer_json, exists, groups, lock, not_found, renderer, set, with_cost, write, Resource, Row,
};
use crate::klantinteracties::model::{ActorKlantcontact, Onderwerpobject};
use crate::klantinteracties::render::{self, path};
use crate::klantinteracties::store::Store;
use crate::{base_url, SandboxState};

pub(super) static RESOURCE: Resource = Resource {
    path: path::ONDERWERPOBJECTEN,
    write: write::<Onderwerpobject>,
    exists: exists::<Onderwerpobject>,
    delete: |store, uuid| store.delete_onderwerpobject(uuid).is_some(),
    render: renderer!(onderwerpobjecten, render::onderwerpobject),
};

impl Row for Onderwerpobject {
    type Extra = ();

    fn stored<'s>(store: &'s Store, uuid: &Uuid) -> Option<&'s Onderwerpobject> {
        store.onderwerpobjecten.get(uuid)
    }

    /// An onderwerpobject before anything is written to it.
    fn new() -> Onderwerpobject {
        Onderwerpobject {
            uuid: Uuid::new_v4(),
            klantcontact: None,
            was_klantcontact: None,
            onderwerpobjectidentificator: None,
        }
    }

    fn read(form: &Form, store: &Store, row: &mut Onderwerpobject) {
        read_linked(form, store, row, None);
    }

    fn put(
        store: &mut Store,
        _form: &Form,
        row: Onderwerpobject,
        _old: Option<Onderwerpobject>,
        _extra: (),
    ) {
        store.put_onderwerpobject(row);
    }
}

/// The fields of an onderwerpobject. `link` is the klantcontact of a
/// `maak-klantcontact` request, where `klantcontact` is read-only.
pub(super) fn read_linked(
    form: &Form,
    store: &Store,
    row: &mut Onderwerpobject,
    link: Option<Uuid>,
) {
    let klantcontact_exists = |u: &Uuid| store.klantcontacten.get(u).is_some();
    match link {
        Some(k) => row.klantcontact = Some(k),
        None => set(
            &mut row.klantcontact,
            form.fk(
                "klantcontact",
                NULLABLE,
                "Klantcontact",
                klantcontact_exists,
            ),
        ),
    }
    set(
        &mut row.was_klantcontact,
        form.fk(
            "wasKlantcontact",
            NULLABLE,
            "Klantcontact",
            klantcontact_exists,
        ),
    );
    set(
        &mut row.onderwerpobjectidentificator,
        groups::object_identificator(form, "onderwerpobjectidentificator"),
    );
}

/// `DELETE /onderwerpobjecten/{uuid}[?cascade=true]`. Without cascade the
/// object alone goes (204). With cascade its klantcontact goes too, unless
/// another onderwerpobject still refers to that klantcontact, together with
/// the digitale adressen its betrokkenen gave that belong to no partij; the
/// answer (200) lists the klantcontacten kept: the object's `wasKlantcontact`
/// and a klantcontact that had to stay.
pub(super) async fn delete(
    State(state): State<Arc<SandboxState>>,
    Path(uuid): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let base = base_url(&headers);
    let mut store = lock(&state);
    let Some(object) = Uuid::parse_str(&uuid)
        .ok()
        .and_then(|u| store.onderwerpobjecten.get(&u).cloned())
    else {
        return not_found(&base);
    };
    let cascade = matches!(
        query.get("cascade").map(String::as_str),
        Some("true" | "True" | "1")
    );
    if !cascade {
        store.delete_onderwerpobject(&object.uuid);
        return with_cost(StatusCode::NO_CONTENT.into_response());
    }
    let mut behouden = Vec::new();
    if let Some(w) = object.was_klantcontact {
        behouden.push(render::url(&base, path::KLANTCONTACTEN, &w));
    }
    if let Some(k) = object.klantcontact {
        let idx = &store.idx;
        let still_used = idx
            .onderwerpobjecten_by_klantcontact
            .of(&k)
            .iter()
            .chain(idx.onderwerpobjecten_by_was_klantcontact.of(&k))
            .any(|o| *o != object.uuid);
        if still_used {
            behouden.push(render::url(&base, path::KLANTCONTACTEN, &k));
        } else {
            delete_klantcontact_with_adressen(&mut store, &k);
        }
    }
    store.delete_onderwerpobject(&object.uuid);
    answer_json(StatusCode::OK, json!({ "behouden": behouden }))
}

/// Deletes a klantcontact and the digitale adressen that only its
/// betrokkenen gave (no partij holds them).
fn delete_klantcontact_with_adressen(store: &mut Store, klantcontact: &Uuid) {
    let orphans: Vec<Uuid> = store
        .idx
        .betrokkenen_by_klantcontact
        .of(klantcontact)
        .iter()
        .flat_map(|b| store.idx.digitaleadressen_by_betrokkene.of(b))
        .filter(|d| {
            store
                .digitaleadressen
                .get(d)
                .is_some_and(|d| d.verstrekt_door_partij.is_none())
        })
        .copied()
        .collect();
    for d in orphans {
        store.delete_digitaal_adres(&d);
    }
    store.delete_klantcontact(klantcontact);
}

pub(super) static ACTORKLANTCONTACTEN: Resource = Resource {
    path: path::ACTORKLANTCONTACTEN,
    write: write::<ActorKlantcontact>,
    exists: exists::<ActorKlantcontact>,
    delete: |store, uuid| store.delete_actorklantcontact(uuid).is_some(),
    render: renderer!(actorklantcontacten, render::actorklantcontact),
};

impl Row for ActorKlantcontact {
    type Extra = ();

    fn stored<'s>(store: &'s Store, uuid: &Uuid) -> Option<&'s ActorKlantcontact> {
        store.actorklantcontacten.get(uuid)
    }

    fn new() -> ActorKlantcontact {
        ActorKlantcontact {
            uuid: Uuid::new_v4(),
            actor: Uuid::nil(),
            klantcontact: Uuid::nil(),
        }
    }

    fn read(form: &Form, store: &Store, row: &mut ActorKlantcontact) {
        set(
            &mut row.actor,
            form.fk("actor", REQUIRED, "Actor", |u| {
                store.actoren.get(u).is_some()
            })
            .flatten(),
        );
        set(
            &mut row.klantcontact,
            form.fk("klantcontact", REQUIRED, "Klantcontact", |u| {
                store.klantcontacten.get(u).is_some()
            })
            .flatten(),
        );
    }

    /// An actor takes part in a klantcontact once: the pair is unique.
    fn check(form: &Form, store: &Store, row: &ActorKlantcontact, _extra: &()) {
        let taken = store
            .idx
            .actorklantcontacten_by_klantcontact
            .of(&row.klantcontact)
            .iter()
            .filter(|ak| **ak != row.uuid)
            .filter_map(|ak| store.actorklantcontacten.get(ak))
            .any(|ak| ak.actor == row.actor);
        if taken {
            form.errors().add(
                "nonFieldErrors",
                "unique",
                "De velden actor, klantcontact moeten een unieke set zijn.",
            );
        }
    }

    fn put(
        store: &mut Store,
        _form: &Form,
        row: ActorKlantcontact,
        _old: Option<ActorKlantcontact>,
        _extra: (),
    ) {
        store.put_actorklantcontact(row);
    }
}
