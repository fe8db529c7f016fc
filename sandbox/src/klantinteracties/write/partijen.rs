//! `/partijen`: persons, organisations and contactpersonen, polymorphic on
//! `soortPartij`, written with their `partijIdentificatoren` (see
//! `partij_identificatoren`) and the digitale adressen and rekeningnummers
//! they hold.

use uuid::Uuid;

use super::form::{Form, NULLABLE, OPTIONAL, REQUIRED};
use super::{
    digitaleadressen, exists, groups, non_blank, partij_identificatoren, renderer, set, write,
    Resource, Row,
};
use crate::klantinteracties::model::{Partij, PartijIdentificatie};
use crate::klantinteracties::render::{self, path};
use crate::klantinteracties::store::Store;
use crate::klantinteracties::validate::{enums, Invalid};

pub(super) static RESOURCE: Resource = Resource {
    path: path::PARTIJEN,
    write: write::<Partij>,
    exists: exists::<Partij>,
    delete,
    render: renderer!(partijen, render::partij),
};

/// Links written in the body to rows the partij holds by their foreign key.
pub(super) struct Links {
    digitale_adressen: Option<Vec<Uuid>>,
    voorkeurs_digitaal_adres: Option<Option<Uuid>>,
    rekeningnummers: Option<Vec<Uuid>>,
    voorkeurs_rekeningnummer: Option<Option<Uuid>>,
}

impl Row for Partij {
    /// The links to digitale adressen and rekeningnummers, and the
    /// partijIdentificatoren, when the body writes them.
    type Extra = (Links, Option<Vec<partij_identificatoren::Item>>);

    fn stored<'s>(store: &'s Store, uuid: &Uuid) -> Option<&'s Partij> {
        store.partijen.get(uuid)
    }

    fn new() -> Partij {
        Partij {
            uuid: Uuid::new_v4(),
            nummer: None,
            interne_notitie: String::new(),
            identificatie: empty("persoon", None),
            digitale_adressen: Vec::new(),
            voorkeurs_digitaal_adres: None,
            rekeningnummers: Vec::new(),
            voorkeurs_rekeningnummer: None,
            indicatie_geheimhouding: None,
            indicatie_actief: true,
            voorkeurstaal: String::new(),
            bezoekadres: None,
            correspondentieadres: None,
        }
    }

    fn read(form: &Form, store: &Store, row: &mut Partij) -> Self::Extra {
        read_fields(form, store, row);
        let links = read_links(form, store);
        (links, partij_identificatoren::read(form, store))
    }

    fn check(form: &Form, store: &Store, row: &Partij, (links, identificatoren): &Self::Extra) {
        check_voorkeur(
            form,
            "voorkeursDigitaalAdres",
            "Het voorkeurs adres moet een gelinkte digitaal adres zijn.",
            links.voorkeurs_digitaal_adres,
            links
                .digitale_adressen
                .as_deref()
                .unwrap_or(store.idx.digitaleadressen_by_partij.of(&row.uuid)),
        );
        check_voorkeur(
            form,
            "voorkeursRekeningnummer",
            "Het voorkeurs rekeningnummer moet een gelinkte rekeningnummer zijn.",
            links.voorkeurs_rekeningnummer,
            links
                .rekeningnummers
                .as_deref()
                .unwrap_or(store.idx.rekeningnummers_by_partij.of(&row.uuid)),
        );
        if let Some(items) = identificatoren {
            partij_identificatoren::check(form, store, &row.uuid, items);
        }
    }

    fn put(
        store: &mut Store,
        _form: &Form,
        mut row: Partij,
        _old: Option<Partij>,
        (links, identificatoren): Self::Extra,
    ) {
        let uuid = row.uuid;
        apply_links(store, &mut row, links);
        store.put_partij(row);
        if let Some(items) = identificatoren {
            partij_identificatoren::apply(store, uuid, items);
        }
    }
}

/// The partij's own fields, its kind and its identification.
fn read_fields(form: &Form, store: &Store, row: &mut Partij) {
    set(
        &mut row.nummer,
        form.text("nummer", NULLABLE, 10).map(non_blank),
    );
    set(
        &mut row.interne_notitie,
        form.text("interneNotitie", OPTIONAL, 1000).flatten(),
    );
    let soort = form
        .choice("soortPartij", REQUIRED, enums::SOORT_PARTIJ)
        .flatten();
    set(
        &mut row.indicatie_geheimhouding,
        form.boolean("indicatieGeheimhouding", NULLABLE),
    );
    set(
        &mut row.indicatie_actief,
        form.boolean("indicatieActief", REQUIRED).flatten(),
    );
    set(
        &mut row.voorkeurstaal,
        form.text("voorkeurstaal", OPTIONAL, 3).flatten(),
    );
    set(&mut row.bezoekadres, groups::adres(form, "bezoekadres"));
    set(
        &mut row.correspondentieadres,
        groups::adres(form, "correspondentieadres"),
    );
    // A change of kind starts from an empty identification of the new kind;
    // a written identification replaces the stored one whole, as Open Klant
    // deletes and recreates it: a contactpersoon written without `uuid` gets
    // a new one (recorded on 2.18.0, `put-partij-contactpersoon`).
    let soort = soort.unwrap_or_else(|| row.identificatie.soort().to_string());
    if soort != row.identificatie.soort() {
        row.identificatie = empty(&soort, None);
    }
    if let Some(group) = form.object("partijIdentificatie", NULLABLE).flatten() {
        row.identificatie = identificatie(&group, store, &soort);
    }
}

/// The identification of a kind of partij with nothing filled in.
fn empty(soort: &str, uuid: Option<Uuid>) -> PartijIdentificatie {
    match soort {
        "organisatie" => PartijIdentificatie::Organisatie {
            naam: String::new(),
        },
        "contactpersoon" => PartijIdentificatie::Contactpersoon {
            uuid: uuid.unwrap_or_else(Uuid::new_v4),
            werkte_voor_partij: None,
            contactnaam: None,
        },
        _ => PartijIdentificatie::Persoon { contactnaam: None },
    }
}

/// `partijIdentificatie` as the spec gives it per `soortPartij`; a
/// contactpersoon works for an organisatie.
fn identificatie(group: &Form, store: &Store, soort: &str) -> PartijIdentificatie {
    match soort {
        "organisatie" => PartijIdentificatie::Organisatie {
            naam: group
                .text("naam", OPTIONAL, 200)
                .flatten()
                .unwrap_or_default(),
        },
        "contactpersoon" => {
            let uuid = group.uuid("uuid", OPTIONAL).flatten();
            let werkte_voor_partij = group
                .fk("werkteVoorPartij", NULLABLE, "Partij", |u| {
                    store.partijen.get(u).is_some()
                })
                .flatten();
            let is_organisatie = |p: &Uuid| {
                store
                    .partijen
                    .get(p)
                    .is_some_and(|p| p.identificatie.soort() == "organisatie")
            };
            if werkte_voor_partij.is_some_and(|p| !is_organisatie(&p)) {
                group.errors().refuse(
                    &format!("{}.uuid", group.name("werkteVoorPartij")),
                    Invalid::because("Partij object moet het soort 'organisatie' hebben."),
                );
            }
            PartijIdentificatie::Contactpersoon {
                uuid: uuid.unwrap_or_else(Uuid::new_v4),
                werkte_voor_partij,
                contactnaam: groups::contactnaam(group, "contactnaam").flatten(),
            }
        }
        _ => PartijIdentificatie::Persoon {
            contactnaam: groups::contactnaam(group, "contactnaam").flatten(),
        },
    }
}

fn read_links(form: &Form, store: &Store) -> Links {
    let adres_exists = |u: &Uuid| store.digitaleadressen.get(u).is_some();
    let rekening_exists = |u: &Uuid| store.rekeningnummers.get(u).is_some();
    Links {
        digitale_adressen: form
            .fk_list("digitaleAdressen", NULLABLE, "DigitaalAdres", adres_exists)
            .map(Option::unwrap_or_default),
        voorkeurs_digitaal_adres: form.fk(
            "voorkeursDigitaalAdres",
            NULLABLE,
            "DigitaalAdres",
            adres_exists,
        ),
        rekeningnummers: form
            .fk_list(
                "rekeningnummers",
                NULLABLE,
                "Rekeningnummer",
                rekening_exists,
            )
            .map(Option::unwrap_or_default),
        voorkeurs_rekeningnummer: form.fk(
            "voorkeursRekeningnummer",
            NULLABLE,
            "Rekeningnummer",
            rekening_exists,
        ),
    }
}

/// A preferred address or account must be one the partij holds.
fn check_voorkeur(
    form: &Form,
    field: &str,
    reason: &str,
    voorkeur: Option<Option<Uuid>>,
    held: &[Uuid],
) {
    if let Some(Some(v)) = voorkeur {
        if !held.contains(&v) {
            form.refuse(field, Invalid::because(reason));
        }
    }
}

/// Points the written digitale adressen and rekeningnummers at the partij
/// (and those left out away from it), and sets the preferences.
fn apply_links(store: &mut Store, row: &mut Partij, links: Links) {
    let partij = row.uuid;
    if let Some(list) = links.digitale_adressen {
        for d in store.idx.digitaleadressen_by_partij.of(&partij).to_vec() {
            if let Some(mut adres) = store.digitaleadressen.get(&d).cloned() {
                if !list.contains(&d) {
                    adres.verstrekt_door_partij = None;
                    store.put_digitaal_adres(adres);
                }
            }
        }
        for d in &list {
            if let Some(mut adres) = store.digitaleadressen.get(d).cloned() {
                let from = adres.verstrekt_door_partij;
                adres.verstrekt_door_partij = Some(partij);
                digitaleadressen::move_to_partij(store, from, &adres);
                store.put_digitaal_adres(adres);
            }
        }
        if row
            .voorkeurs_digitaal_adres
            .is_some_and(|v| !list.contains(&v))
        {
            row.voorkeurs_digitaal_adres = None;
        }
        row.digitale_adressen = list;
    }
    set(
        &mut row.voorkeurs_digitaal_adres,
        links.voorkeurs_digitaal_adres,
    );
    if let Some(list) = links.rekeningnummers {
        for r in store.idx.rekeningnummers_by_partij.of(&partij).to_vec() {
            if let Some(mut rekening) = store.rekeningnummers.get(&r).cloned() {
                if !list.contains(&r) {
                    rekening.partij = None;
                    store.put_rekeningnummer(rekening);
                }
            }
        }
        for r in &list {
            if let Some(mut rekening) = store.rekeningnummers.get(r).cloned() {
                if let Some(old) = rekening.partij.and_then(|p| store.partijen.get_mut(&p)) {
                    old.rekeningnummers.retain(|x| x != r);
                }
                rekening.partij = Some(partij);
                store.put_rekeningnummer(rekening);
            }
        }
        if row
            .voorkeurs_rekeningnummer
            .is_some_and(|v| !list.contains(&v))
        {
            row.voorkeurs_rekeningnummer = None;
        }
        row.rekeningnummers = list;
    }
    set(
        &mut row.voorkeurs_rekeningnummer,
        links.voorkeurs_rekeningnummer,
    );
}

/// Deletes a partij with its identificatoren and digitale adressen (the
/// store's cascade); contactpersonen that worked for it keep their row with
/// `werkteVoorPartij` emptied, as Django's `SET_NULL` does.
fn delete(store: &mut Store, uuid: &Uuid) -> bool {
    if store.delete_partij(uuid).is_none() {
        return false;
    }
    let workers: Vec<Partij> = store
        .partijen
        .newest_first()
        .filter(|p| {
            matches!(
                p.identificatie,
                PartijIdentificatie::Contactpersoon { werkte_voor_partij: Some(w), .. } if w == *uuid
            )
        })
        .cloned()
        .collect();
    for mut worker in workers {
        if let PartijIdentificatie::Contactpersoon {
            werkte_voor_partij, ..
        } = &mut worker.identificatie
        {
            *werkte_voor_partij = None;
        }
        store.put_partij(worker);
    }
    true
}
