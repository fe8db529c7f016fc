//! `/digitaleadressen`: e-mail addresses, telephone numbers and other
//! digital addresses given by a partij or by a betrokkene.

use uuid::Uuid;

use super::form::{Form, NULLABLE, OPTIONAL, REQUIRED, REQUIRED_NULLABLE};
use super::{exists, renderer, set, write, Resource, Row};
use crate::klantinteracties::model::DigitaalAdres;
use crate::klantinteracties::render::{self, path};
use crate::klantinteracties::store::Store;
use crate::klantinteracties::validate::{self, enums, Invalid};

pub(super) static RESOURCE: Resource = Resource {
    path: path::DIGITALEADRESSEN,
    write: write::<DigitaalAdres>,
    exists: exists::<DigitaalAdres>,
    delete: |store, uuid| store.delete_digitaal_adres(uuid).is_some(),
    render: renderer!(digitaleadressen, render::digitaal_adres),
};

/// Open Klant 2.18 requires the key `verstrektDoorPartij` (null allowed),
/// checks `adres` by `soortDigitaalAdres`, allows `isStandaardAdres` only
/// on an address of a partij and keeps one standard address per partij and
/// soort.
impl Row for DigitaalAdres {
    type Extra = ();

    fn stored<'s>(store: &'s Store, uuid: &Uuid) -> Option<&'s DigitaalAdres> {
        store.digitaleadressen.get(uuid)
    }

    fn new() -> DigitaalAdres {
        DigitaalAdres {
            uuid: Uuid::new_v4(),
            verstrekt_door_betrokkene: None,
            verstrekt_door_partij: None,
            adres: String::new(),
            soort_digitaal_adres: String::new(),
            is_standaard_adres: false,
            omschrijving: String::new(),
            referentie: String::new(),
            verificatie_datum: None,
        }
    }

    fn read(form: &Form, store: &Store, row: &mut DigitaalAdres) {
        read_fields(form, store, row);
    }

    fn check(form: &Form, _store: &Store, row: &DigitaalAdres, _extra: &()) {
        if row.is_standaard_adres && row.verstrekt_door_partij.is_none() {
            form.refuse(
                "isStandaardAdres",
                Invalid::because(
                    "`is_standaard_adres` kan alleen gezet worden als `verstrekt_door_partij` niet leeg is.",
                ),
            );
        }
    }

    fn put(
        store: &mut Store,
        _form: &Form,
        row: DigitaalAdres,
        old: Option<DigitaalAdres>,
        _extra: (),
    ) {
        let uuid = row.uuid;
        let standaard = row
            .is_standaard_adres
            .then(|| (row.verstrekt_door_partij, row.soort_digitaal_adres.clone()));
        move_to_partij(store, old.and_then(|o| o.verstrekt_door_partij), &row);
        store.put_digitaal_adres(row);
        if let Some((Some(partij), soort)) = standaard {
            reset_standaard(store, &partij, &soort, &uuid);
        }
    }
}

fn read_fields(form: &Form, store: &Store, row: &mut DigitaalAdres) {
    set(
        &mut row.verstrekt_door_betrokkene,
        form.fk("verstrektDoorBetrokkene", NULLABLE, "Betrokkene", |u| {
            store.betrokkenen.get(u).is_some()
        }),
    );
    set(
        &mut row.verstrekt_door_partij,
        form.fk("verstrektDoorPartij", REQUIRED_NULLABLE, "Partij", |u| {
            store.partijen.get(u).is_some()
        }),
    );
    let adres = form.text("adres", REQUIRED, 80).flatten();
    let soort = form
        .choice("soortDigitaalAdres", REQUIRED, enums::SOORT_DIGITAAL_ADRES)
        .flatten();
    // Open Klant checks a written adres (only then) by the soort of the
    // request, or else the stored one, along with the other fields.
    if let Some(adres) = &adres {
        let soort = soort.as_deref().unwrap_or(&row.soort_digitaal_adres);
        let by_soort = match soort {
            "email" => validate::email(adres),
            "telefoonnummer" => validate::telefoonnummer(adres),
            _ => Ok(()),
        };
        if let Err(e) = by_soort {
            form.refuse("adres", e);
        }
    }
    set(&mut row.adres, adres);
    set(&mut row.soort_digitaal_adres, soort);
    set(
        &mut row.is_standaard_adres,
        form.boolean("isStandaardAdres", OPTIONAL).flatten(),
    );
    set(
        &mut row.omschrijving,
        form.text("omschrijving", OPTIONAL, 40).flatten(),
    );
    set(
        &mut row.referentie,
        form.text_checked("referentie", OPTIONAL, 50, &[validate::slug])
            .flatten(),
    );
    set(
        &mut row.verificatie_datum,
        form.date("verificatieDatum", NULLABLE),
    );
}

/// Keeps the partij rows' own `digitaleAdressen` lists in step with the
/// address's `verstrektDoorPartij` (the store's index follows by itself).
pub(super) fn move_to_partij(store: &mut Store, from: Option<Uuid>, adres: &DigitaalAdres) {
    if from != adres.verstrekt_door_partij {
        if let Some(p) = from.and_then(|p| store.partijen.get_mut(&p)) {
            p.digitale_adressen.retain(|d| *d != adres.uuid);
            if p.voorkeurs_digitaal_adres == Some(adres.uuid) {
                p.voorkeurs_digitaal_adres = None;
            }
        }
    }
    if let Some(p) = adres
        .verstrekt_door_partij
        .and_then(|p| store.partijen.get_mut(&p))
    {
        if !p.digitale_adressen.contains(&adres.uuid) {
            p.digitale_adressen.push(adres.uuid);
        }
    }
}

/// Only one standard address per partij and soort: the others lose the mark.
fn reset_standaard(store: &mut Store, partij: &Uuid, soort: &str, keep: &Uuid) {
    let others: Vec<DigitaalAdres> = store
        .idx
        .digitaleadressen_by_partij
        .of(partij)
        .iter()
        .filter(|d| *d != keep)
        .filter_map(|d| store.digitaleadressen.get(d))
        .filter(|d| d.is_standaard_adres && d.soort_digitaal_adres == soort)
        .cloned()
        .collect();
    for mut other in others {
        other.is_standaard_adres = false;
        store.put_digitaal_adres(other);
    }
}
