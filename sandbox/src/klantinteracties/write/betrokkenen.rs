//! `/betrokkenen`: who took part in a klantcontact, possibly as a known partij.

use serde_json::{Map, Value};
use uuid::Uuid;

use super::form::{Errors, Form, NULLABLE, OPTIONAL, REQUIRED};
use super::{exists, groups, renderer, set, Resource};
use crate::klantinteracties::model::Betrokkene;
use crate::klantinteracties::render::{self, path};
use crate::klantinteracties::store::Store;
use crate::klantinteracties::validate::enums;

pub(super) static RESOURCE: Resource = Resource {
    path: path::BETROKKENEN,
    write,
    exists: exists!(betrokkenen),
    delete: |store, uuid| store.delete_betrokkene(uuid).is_some(),
    render: renderer!(betrokkenen, render::betrokkene),
};

fn write(
    store: &mut Store,
    uuid: Option<Uuid>,
    body: &Map<String, Value>,
    partial: bool,
) -> Result<Uuid, Errors> {
    let errors = Errors::new();
    let form = Form::new(body, partial, &errors);
    let mut row = uuid
        .and_then(|u| store.betrokkenen.get(&u).cloned())
        .unwrap_or_else(new);
    read(&form, store, &mut row, None);
    errors.stop()?;
    let uuid = row.uuid;
    store.put_betrokkene(row);
    Ok(uuid)
}

/// A betrokkene before anything is written to it. Its `hadKlantcontact` is
/// required, so the nil placeholder never reaches the store.
pub(super) fn new() -> Betrokkene {
    Betrokkene {
        uuid: Uuid::new_v4(),
        was_partij: None,
        had_klantcontact: Uuid::nil(),
        bezoekadres: None,
        correspondentieadres: None,
        contactnaam: None,
        rol: String::new(),
        organisatienaam: String::new(),
        initiator: false,
    }
}

/// The fields of a betrokkene. `link` is the klantcontact of a
/// `maak-klantcontact` request, where `hadKlantcontact` is read-only.
pub(super) fn read(form: &Form, store: &Store, row: &mut Betrokkene, link: Option<Uuid>) {
    let partij_exists = |u: &Uuid| store.partijen.get(u).is_some();
    set(
        &mut row.was_partij,
        form.fk("wasPartij", NULLABLE, "Partij", partij_exists),
    );
    match link {
        Some(k) => row.had_klantcontact = k,
        None => set(
            &mut row.had_klantcontact,
            form.fk("hadKlantcontact", REQUIRED, "Klantcontact", |u| {
                store.klantcontacten.get(u).is_some()
            })
            .flatten(),
        ),
    }
    set(&mut row.bezoekadres, groups::adres(form, "bezoekadres"));
    set(
        &mut row.correspondentieadres,
        groups::adres(form, "correspondentieadres"),
    );
    set(
        &mut row.contactnaam,
        groups::contactnaam(form, "contactnaam"),
    );
    set(
        &mut row.rol,
        form.choice("rol", REQUIRED, enums::ROL).flatten(),
    );
    set(
        &mut row.organisatienaam,
        form.text("organisatienaam", OPTIONAL, 200).flatten(),
    );
    set(
        &mut row.initiator,
        form.boolean("initiator", REQUIRED).flatten(),
    );
}
