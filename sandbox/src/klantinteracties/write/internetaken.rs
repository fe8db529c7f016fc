//! `/internetaken`: a task (a "contactverzoek" in KCC terms) that a
//! klantcontact led to, assigned to actors.

use chrono::Utc;
use uuid::Uuid;

use super::form::{Form, NULLABLE, OPTIONAL, REQUIRED};
use super::{exists, non_blank, renderer, set, write, Resource, Row};
use crate::klantinteracties::model::InterneTaak;
use crate::klantinteracties::render::{self, path};
use crate::klantinteracties::store::Store;
use crate::klantinteracties::validate::{self, enums, Invalid};

pub(super) static RESOURCE: Resource = Resource {
    path: path::INTERNETAKEN,
    write: write::<InterneTaak>,
    exists: exists::<InterneTaak>,
    delete: |store, uuid| store.delete_interne_taak(uuid).is_some(),
    render: renderer!(internetaken, render::interne_taak),
};

/// `toegewezenOp` is the server's: set when the task is created.
/// Exactly one of `toegewezenAanActor` (deprecated) and `toegewezenAanActoren`
/// is written (a PATCH may leave both out).
/// `afgehandeldOp` is set to now when the status becomes `verwerkt` without
/// one, and cleared when the status goes back to `te_verwerken`, unless the
/// request gives it.
impl Row for InterneTaak {
    type Extra = ();

    fn stored<'s>(store: &'s Store, uuid: &Uuid) -> Option<&'s InterneTaak> {
        store.internetaken.get(uuid)
    }

    fn new() -> InterneTaak {
        InterneTaak {
            uuid: Uuid::new_v4(),
            nummer: None,
            referentienummer: None,
            gevraagde_handeling: String::new(),
            aanleidinggevend_klantcontact: Uuid::nil(),
            toegewezen_aan_actoren: Vec::new(),
            toelichting: String::new(),
            status: String::new(),
            toegewezen_op: Utc::now(),
            afgehandeld_op: None,
        }
    }

    fn read(form: &Form, store: &Store, row: &mut InterneTaak) {
        read_fields(form, store, row);
    }

    fn check(form: &Form, _store: &Store, row: &InterneTaak, _extra: &()) {
        check_rules(form, row, form.partial());
    }

    fn put(
        store: &mut Store,
        form: &Form,
        mut row: InterneTaak,
        old: Option<InterneTaak>,
        _extra: (),
    ) {
        let was_verwerkt = old.is_some_and(|o| o.status == "verwerkt");
        if !form.has("afgehandeldOp") {
            match row.status.as_str() {
                "verwerkt" if row.afgehandeld_op.is_none() => row.afgehandeld_op = Some(Utc::now()),
                "te_verwerken" if was_verwerkt => row.afgehandeld_op = None,
                _ => {}
            }
        }
        store.put_interne_taak(row);
    }
}

fn read_fields(form: &Form, store: &Store, row: &mut InterneTaak) {
    let actor_exists = |u: &Uuid| store.actoren.get(u).is_some();
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
    set(
        &mut row.gevraagde_handeling,
        form.text("gevraagdeHandeling", REQUIRED, 200).flatten(),
    );
    set(
        &mut row.aanleidinggevend_klantcontact,
        form.fk(
            "aanleidinggevendKlantcontact",
            REQUIRED,
            "Klantcontact",
            |u| store.klantcontacten.get(u).is_some(),
        )
        .flatten(),
    );
    // The deprecated single actor becomes a list of one; `check` makes sure
    // only one of the two is written.
    let actor = form
        .fk("toegewezenAanActor", OPTIONAL, "Actor", actor_exists)
        .flatten();
    let actoren = form
        .fk_list("toegewezenAanActoren", OPTIONAL, "Actor", actor_exists)
        .flatten();
    if let Some(list) = actoren.or(actor.map(|a| vec![a])) {
        let mut unique = Vec::with_capacity(list.len());
        for a in list {
            if !unique.contains(&a) {
                unique.push(a);
            }
        }
        row.toegewezen_aan_actoren = unique;
    }
    set(
        &mut row.toelichting,
        form.text("toelichting", OPTIONAL, 1000).flatten(),
    );
    set(
        &mut row.status,
        form.choice("status", REQUIRED, enums::STATUS).flatten(),
    );
    set(
        &mut row.afgehandeld_op,
        form.datetime("afgehandeldOp", NULLABLE),
    );
}

/// Open Klant's object-level rules of an interne taak.
fn check_rules(form: &Form, row: &InterneTaak, partial: bool) {
    match (form.has("toegewezenAanActor"), form.has("toegewezenAanActoren")) {
        (true, true) => form.refuse(
            "nonFieldErrors",
            Invalid::because(
                "`toegewezen_aan_actor` en `toegewezen_aan_actoren` mag niet beiden gebruikt worden.",
            ),
        ),
        (false, false) if !partial => form.refuse(
            "nonFieldErrors",
            Invalid::because(
                "`toegewezen_aan_actor` of `toegewezen_aan_actoren` is required (mag niet beiden gebruiken).",
            ),
        ),
        _ => {}
    }
    let afgehandeld_written = form.has("afgehandeldOp") && row.afgehandeld_op.is_some();
    if afgehandeld_written && row.status != "verwerkt" {
        form.refuse(
            "afgehandeldOp",
            Invalid::because(
                "De Internetaak kan geen afgehandeld op datum bevatten als de status niet op 'verwerkt' staat.",
            ),
        );
    }
}
