//! `/klantcontacten` and `POST /maak-klantcontact`, the convenience endpoint
//! that creates a klantcontact with an optional betrokkene and onderwerpobject
//! in one go, linked to it.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::Utc;
use serde_json::{Map, Value};
use uuid::Uuid;

use super::form::{Errors, Form, NULLABLE, OPTIONAL, REQUIRED};
use super::{
    answer_json, answer_problem, betrokkenen, exists, invalid, lock, non_blank, onderwerpobjecten,
    parse_body, renderer, set, write, Resource, Row,
};
use crate::klantinteracties::model::{Betrokkene, Klantcontact, Onderwerpobject};
use crate::klantinteracties::render::{self, path};
use crate::klantinteracties::store::Store;
use crate::klantinteracties::validate;
use crate::{base_url, SandboxState};

pub(super) static RESOURCE: Resource = Resource {
    path: path::KLANTCONTACTEN,
    write: write::<Klantcontact>,
    exists: exists::<Klantcontact>,
    delete: |store, uuid| store.delete_klantcontact(uuid).is_some(),
    render: renderer!(klantcontacten, render::klantcontact),
};

impl Row for Klantcontact {
    type Extra = ();

    fn stored<'s>(store: &'s Store, uuid: &Uuid) -> Option<&'s Klantcontact> {
        store.klantcontacten.get(uuid)
    }

    /// A klantcontact before anything is written to it; `plaatsgevondenOp`
    /// defaults to now, as in Open Klant.
    fn new() -> Klantcontact {
        Klantcontact {
            uuid: Uuid::new_v4(),
            nummer: None,
            referentienummer: None,
            kanaal: String::new(),
            onderwerp: String::new(),
            inhoud: String::new(),
            reactie: String::new(),
            indicatie_contact_gelukt: None,
            hoofd_onderwerp_type: String::new(),
            verdere_actie_ondernomen: false,
            taal: String::new(),
            vertrouwelijk: false,
            plaatsgevonden_op: Utc::now(),
            metadata: Default::default(),
        }
    }

    fn read(form: &Form, _store: &Store, row: &mut Klantcontact) {
        read_fields(form, row);
    }

    fn check(form: &Form, store: &Store, row: &Klantcontact, _extra: &()) {
        check_rules(form, row);
        check_unique(form, store, row);
    }

    fn put(
        store: &mut Store,
        _form: &Form,
        row: Klantcontact,
        _old: Option<Klantcontact>,
        _extra: (),
    ) {
        store.put_klantcontact(row);
    }
}

/// `nummer` and `referentienummer` are unique among klantcontacten
/// (recorded on 2.18.0: `klantcontact-duplicate-*`, 400 `unique`).
fn check_unique(form: &Form, store: &Store, row: &Klantcontact) {
    let taken = |value: &Option<String>, of: fn(&Klantcontact) -> &Option<String>| {
        value.as_ref().is_some_and(|v| {
            store
                .klantcontacten
                .newest_first()
                .any(|k| k.uuid != row.uuid && of(k).as_ref() == Some(v))
        })
    };
    if taken(&row.nummer, |k| &k.nummer) {
        form.errors().add(
            "nummer",
            "unique",
            "Er bestaat al een klantcontact met eenzelfde nummer.",
        );
    }
    if taken(&row.referentienummer, |k| &k.referentienummer) {
        form.errors().add(
            "referentienummer",
            "unique",
            "Er bestaat al een klantcontact met eenzelfde referentienummer.",
        );
    }
}

/// The fields of a klantcontact (read-only ones such as `hadBetrokkenen`
/// are ignored).
fn read_fields(form: &Form, row: &mut Klantcontact) {
    set(
        &mut row.nummer,
        form.text("nummer", NULLABLE, 10).map(non_blank),
    );
    set(
        &mut row.referentienummer,
        form.text_checked(
            "referentienummer",
            NULLABLE,
            10,
            &[validate::referentienummer],
        )
        .map(non_blank),
    );
    set(&mut row.kanaal, form.text("kanaal", REQUIRED, 50).flatten());
    set(
        &mut row.onderwerp,
        form.text("onderwerp", REQUIRED, 200).flatten(),
    );
    set(
        &mut row.inhoud,
        form.text("inhoud", OPTIONAL, 1000).flatten(),
    );
    set(
        &mut row.reactie,
        form.text("reactie", OPTIONAL, 4000).flatten(),
    );
    set(
        &mut row.indicatie_contact_gelukt,
        form.boolean("indicatieContactGelukt", NULLABLE),
    );
    set(
        &mut row.hoofd_onderwerp_type,
        form.text_checked("hoofdOnderwerpType", OPTIONAL, 200, &[validate::url])
            .flatten(),
    );
    set(
        &mut row.verdere_actie_ondernomen,
        form.boolean("verdereActieOndernomen", OPTIONAL).flatten(),
    );
    set(&mut row.taal, form.text("taal", REQUIRED, 3).flatten());
    set(
        &mut row.vertrouwelijk,
        form.boolean("vertrouwelijk", REQUIRED).flatten(),
    );
    set(
        &mut row.plaatsgevonden_op,
        form.datetime("plaatsgevondenOp", OPTIONAL).flatten(),
    );
    set(
        &mut row.metadata,
        form.string_map("metadata", OPTIONAL, 255),
    );
}

/// The object-level rule of Open Klant 2.18: a successful contact needs no
/// further action by the system where it took place.
fn check_rules(form: &Form, row: &Klantcontact) {
    if row.indicatie_contact_gelukt == Some(true) && row.verdere_actie_ondernomen {
        form.errors().add(
            &form.name("nonFieldErrors"),
            "no-further-action-when-contact-succesful",
            "verdereActieOndernomen kan niet true zijn als indicatieContactGelukt true is.",
        );
    }
}

/// `POST /maak-klantcontact`: `{klantcontact, betrokkene?, onderwerpobject?}`,
/// created together (or not at all) and answered with all three.
pub(super) async fn maak_klantcontact(
    State(state): State<Arc<SandboxState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let base = base_url(&headers);
    let body = match parse_body(&headers, &body) {
        Ok(body) => body,
        Err(problem) => return answer_problem(*problem, &base),
    };
    let mut store = lock(&state);
    match maak(&mut store, &body) {
        Ok(made) => {
            let mut answer = Map::new();
            if let Some(k) = store.klantcontacten.get(&made.klantcontact) {
                answer.insert(
                    "klantcontact".into(),
                    render::klantcontact(&store, k, &base),
                );
            }
            // A part not sent is `null` in the answer (recorded on 2.18.0,
            // `maak-klantcontact-alleen-klantcontact`).
            let betrokkene = made
                .betrokkene
                .and_then(|u| store.betrokkenen.get(&u))
                .map_or(Value::Null, |b| render::betrokkene(&store, b, &base));
            answer.insert("betrokkene".into(), betrokkene);
            let onderwerpobject = made
                .onderwerpobject
                .and_then(|u| store.onderwerpobjecten.get(&u))
                .map_or(Value::Null, |o| render::onderwerpobject(&store, o, &base));
            answer.insert("onderwerpobject".into(), onderwerpobject);
            answer_json(StatusCode::CREATED, Value::Object(answer))
        }
        Err(errors) => invalid(errors, &base),
    }
}

/// What `maak-klantcontact` created.
struct Made {
    klantcontact: Uuid,
    betrokkene: Option<Uuid>,
    onderwerpobject: Option<Uuid>,
}

fn maak(store: &mut Store, body: &Map<String, Value>) -> Result<Made, Errors> {
    let errors = Errors::new();
    let form = Form::new(body, false, &errors);
    let mut klantcontact = Klantcontact::new();
    let link = Some(klantcontact.uuid);
    let klantcontact_form = form.object("klantcontact", REQUIRED).flatten();
    if let Some(f) = &klantcontact_form {
        read_fields(f, &mut klantcontact);
    }
    let betrokkene = form.object("betrokkene", NULLABLE).flatten().map(|f| {
        let mut row = Betrokkene::new();
        betrokkenen::read_linked(&f, store, &mut row, link);
        row
    });
    let onderwerpobject = form.object("onderwerpobject", NULLABLE).flatten().map(|f| {
        let mut row = Onderwerpobject::new();
        onderwerpobjecten::read_linked(&f, store, &mut row, link);
        row
    });
    errors.stop()?;
    if let Some(f) = &klantcontact_form {
        check_rules(f, &klantcontact);
    }
    errors.stop()?;
    let made = Made {
        klantcontact: klantcontact.uuid,
        betrokkene: betrokkene.as_ref().map(|b| b.uuid),
        onderwerpobject: onderwerpobject.as_ref().map(|o| o.uuid),
    };
    store.put_klantcontact(klantcontact);
    if let Some(b) = betrokkene {
        store.put_betrokkene(b);
    }
    if let Some(o) = onderwerpobject {
        store.put_onderwerpobject(o);
    }
    Ok(made)
}
