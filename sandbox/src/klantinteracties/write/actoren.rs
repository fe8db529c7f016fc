//! `/actoren`: medewerkers, geautomatiseerde actoren and organisatorische
//! eenheden, polymorphic on `soortActor` with an `actorIdentificatie` per kind.

use uuid::Uuid;

use super::form::{Form, NULLABLE, OPTIONAL, REQUIRED};
use super::{exists, groups, renderer, set, write, Resource, Row};
use crate::klantinteracties::model::{Actor, ActorIdentificatie};
use crate::klantinteracties::render::{self, path};
use crate::klantinteracties::store::Store;
use crate::klantinteracties::validate::{self, enums};

pub(super) static RESOURCE: Resource = Resource {
    path: path::ACTOREN,
    write: write::<Actor>,
    exists: exists::<Actor>,
    delete: |store, uuid| store.delete_actor(uuid).is_some(),
    render: renderer!(actoren, render::actor),
};

impl Row for Actor {
    type Extra = ();

    fn stored<'s>(store: &'s Store, uuid: &Uuid) -> Option<&'s Actor> {
        store.actoren.get(uuid)
    }

    fn new() -> Actor {
        Actor {
            uuid: Uuid::new_v4(),
            naam: String::new(),
            indicatie_actief: true,
            actoridentificator: None,
            identificatie: empty("medewerker"),
        }
    }

    fn read(form: &Form, _store: &Store, row: &mut Actor) {
        set(&mut row.naam, form.text("naam", REQUIRED, 200).flatten());
        let soort = form
            .choice("soortActor", REQUIRED, enums::SOORT_ACTOR)
            .flatten();
        set(
            &mut row.indicatie_actief,
            form.boolean("indicatieActief", OPTIONAL).flatten(),
        );
        set(
            &mut row.actoridentificator,
            groups::object_identificator(form, "actoridentificator"),
        );
        // A change of kind starts from an empty identification of the new kind;
        // a written identification replaces the stored one whole.
        let soort = soort.unwrap_or_else(|| row.identificatie.soort().to_string());
        if soort != row.identificatie.soort() {
            row.identificatie = empty(&soort);
        }
        if let Some(group) = form.object("actorIdentificatie", NULLABLE).flatten() {
            row.identificatie = identificatie(&group, &soort);
        }
    }

    fn put(store: &mut Store, _form: &Form, row: Actor, _old: Option<Actor>, _extra: ()) {
        store.put_actor(row);
    }
}

/// The identification of a kind of actor with nothing filled in.
fn empty(soort: &str) -> ActorIdentificatie {
    match soort {
        "geautomatiseerde_actor" => ActorIdentificatie::GeautomatiseerdeActor {
            functie: String::new(),
            omschrijving: String::new(),
        },
        "organisatorische_eenheid" => ActorIdentificatie::OrganisatorischeEenheid {
            omschrijving: String::new(),
            emailadres: String::new(),
            faxnummer: String::new(),
            telefoonnummer: String::new(),
        },
        _ => ActorIdentificatie::Medewerker {
            functie: String::new(),
            emailadres: String::new(),
            telefoonnummer: String::new(),
        },
    }
}

/// `actorIdentificatie` as the spec gives it per `soortActor`.
fn identificatie(group: &Form, soort: &str) -> ActorIdentificatie {
    let text = |name: &str, rule, max| group.text(name, rule, max).flatten().unwrap_or_default();
    let email = || {
        group
            .text_checked("emailadres", OPTIONAL, 254, &[validate::email])
            .flatten()
            .unwrap_or_default()
    };
    let telefoon = |rule| {
        group
            .text_checked("telefoonnummer", rule, 20, &[validate::telefoonnummer])
            .flatten()
            .unwrap_or_default()
    };
    match soort {
        "geautomatiseerde_actor" => ActorIdentificatie::GeautomatiseerdeActor {
            functie: text("functie", REQUIRED, 40),
            omschrijving: text("omschrijving", OPTIONAL, 200),
        },
        "organisatorische_eenheid" => ActorIdentificatie::OrganisatorischeEenheid {
            omschrijving: text("omschrijving", OPTIONAL, 200),
            emailadres: email(),
            faxnummer: text("faxnummer", OPTIONAL, 20),
            telefoonnummer: telefoon(OPTIONAL),
        },
        _ => ActorIdentificatie::Medewerker {
            functie: text("functie", REQUIRED, 40),
            emailadres: email(),
            telefoonnummer: telefoon(REQUIRED),
        },
    }
}
