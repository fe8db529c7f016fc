//! `/bijlagen`: the documents a klantcontact came with (POST, PUT, PATCH,
//! DELETE), as Open Klant 2.18.0 writes them (recorded: `bijlage-*`).

use uuid::Uuid;

use super::form::{Form, NULLABLE};
use super::{exists, groups, renderer, set, write, Resource, Row};
use crate::klantinteracties::model::Bijlage;
use crate::klantinteracties::render::{self, path};
use crate::klantinteracties::store::Store;

pub(super) static RESOURCE: Resource = Resource {
    path: path::BIJLAGEN,
    write: write::<Bijlage>,
    exists: exists::<Bijlage>,
    delete: |store, uuid| store.delete_bijlage(uuid).is_some(),
    render: renderer!(bijlagen, render::bijlage),
};

impl Row for Bijlage {
    type Extra = ();

    fn stored<'s>(store: &'s Store, uuid: &Uuid) -> Option<&'s Bijlage> {
        store.bijlagen.get(uuid)
    }

    fn new() -> Bijlage {
        Bijlage {
            uuid: Uuid::new_v4(),
            was_bijlage_van_klantcontact: None,
            bijlageidentificator: None,
        }
    }

    fn read(form: &Form, store: &Store, row: &mut Bijlage) {
        set(
            &mut row.was_bijlage_van_klantcontact,
            form.fk("wasBijlageVanKlantcontact", NULLABLE, "Klantcontact", |u| {
                store.klantcontacten.get(u).is_some()
            }),
        );
        set(
            &mut row.bijlageidentificator,
            groups::object_identificator(form, "bijlageidentificator"),
        );
    }

    fn put(store: &mut Store, _form: &Form, row: Bijlage, _old: Option<Bijlage>, _extra: ()) {
        store.put_bijlage(row);
    }
}
