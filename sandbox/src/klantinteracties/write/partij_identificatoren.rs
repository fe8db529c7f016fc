//! The `partijIdentificatoren` a partij is written with (POST, PUT and PATCH
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

use uuid::Uuid;

use super::form::{Form, NULLABLE, OPTIONAL, REQUIRED};
use crate::klantinteracties::model::{PartijIdentificator, PartijIdentificatorGroep};
use crate::klantinteracties::store::{object_id_key, Store};
use crate::klantinteracties::validate::{self, enums, Invalid};

const FIELD: &str = "partijIdentificatoren";

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
    let rules = [
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
        ("subIdentificatorVan", check_sub(store, uuid, &groep, sub)),
    ];
    if let Some((field, Err(e))) = rules.into_iter().find(|(_, r)| r.is_err()) {
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
        errors.add(
            "__all__",
            "unique",
            "Binnen een `Partij` mag elke `codeSoortObjectId` maar één keer voorkomen.",
        );
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
        errors.add(
            "__all__",
            "unique",
            "`PartijIdentificator` moet uniek zijn, er bestaat er al een met deze gegevenscombinatie.",
        );
    }
    if removed.is_empty() {
        return;
    }
    let still_pointed_to = store
        .partij_identificatoren
        .newest_first()
        .filter(|i| !removed.contains(&i.uuid) && !rewritten.contains(&i.uuid))
        .filter_map(|i| i.sub_identificator_van)
        .chain(items.iter().filter_map(|i| i.sub))
        .any(|sub| removed.contains(&sub));
    if still_pointed_to {
        errors.add(
            FIELD,
            "invalid",
            "Een `PartijIdentificator` waar andere identificatoren naar verwijzen kan niet worden verwijderd.",
        );
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
