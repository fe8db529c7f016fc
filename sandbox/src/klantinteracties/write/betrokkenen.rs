//! `/betrokkenen`: who took part in a klantcontact, possibly as a known partij.

use uuid::Uuid;

use super::form::{Form, NULLABLE, OPTIONAL, REQUIRED};
use super::{exists, groups, renderer, set, write, Resource, Row};
use crate::klantinteracties::model::Betrokkene;
use crate::klantinteracties::render::{self, path};
use crate::klantinteracties::store::Store;
use crate::klantinteracties::validate::enums;

pub(super) static RESOURCE: Resource = Resource {
    path: path::BETROKKENEN,
    write: write::<Betrokkene>,
    exists: exists::<Betrokkene>,
    delete: |store, uuid| store.delete_betrokkene(uuid).is_some(),
    render: renderer!(betrokkenen, render::betrokkene),
};

impl Row for Betrokkene {
    type Extra = ();

    fn stored<'s>(store: &'s Store, uuid: &Uuid) -> Option<&'s Betrokkene> {
        store.betrokkenen.get(uuid)
    }

    /// A betrokkene before anything is written to it. Its `hadKlantcontact`
    /// is required, so the nil placeholder never reaches the store.
    fn new() -> Betrokkene {
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

    fn read(form: &Form, store: &Store, row: &mut Betrokkene) {
        read_linked(form, store, row, None);
    }

    fn put(store: &mut Store, _form: &Form, row: Betrokkene, _old: Option<Betrokkene>, _extra: ()) {
        store.put_betrokkene(row);
    }
}

/// The fields of a betrokkene. `link` is the klantcontact of a
/// `maak-klantcontact` request, where `hadKlantcontact` is read-only.
pub(super) fn read_linked(form: &Form, store: &Store, row: &mut Betrokkene, link: Option<Uuid>) {
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
