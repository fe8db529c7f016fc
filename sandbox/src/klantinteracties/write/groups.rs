//! The gegevensgroepen that several resources share: addresses, contact
//! names and the free-text identificator groups of actor and onderwerpobject.
//! A group written in a request replaces the stored group as a whole; parts
//! left out become empty, as they are for a group written for the first time.

use super::super::model::{Adres, Contactnaam, ObjectIdentificator};
use super::super::validate;
use super::form::{Form, NULLABLE, OPTIONAL};

/// `bezoekadres` / `correspondentieadres` of a partij or betrokkene, with
/// Open Klant's checks on postcode, BAG id, huisnummer and land.
pub(crate) fn adres(form: &Form, field: &str) -> Option<Option<Adres>> {
    let Some(group) = form.object(field, NULLABLE)? else {
        return Some(None);
    };
    let text = |name: &str, max: usize| {
        group
            .text(name, NULLABLE, max)
            .flatten()
            .unwrap_or_default()
    };
    let adres = Adres {
        nummeraanduiding_id: group
            .text_checked(
                "nummeraanduidingId",
                OPTIONAL,
                16,
                &[validate::nummeraanduiding_id],
            )
            .flatten()
            .unwrap_or_default(),
        straatnaam: text("straatnaam", 255),
        huisnummer: group
            .integer("huisnummer", NULLABLE, 1, 99999)
            .flatten()
            .and_then(|n| u32::try_from(n).ok()),
        huisnummertoevoeging: text("huisnummertoevoeging", 20),
        postcode: group
            .text_checked("postcode", NULLABLE, 7, &[validate::postcode])
            .flatten()
            .unwrap_or_default(),
        stad: text("stad", 255),
        adresregel1: text("adresregel1", 80),
        adresregel2: text("adresregel2", 80),
        adresregel3: text("adresregel3", 80),
        land: group
            .text_checked("land", OPTIONAL, 2, &[validate::land, two_characters])
            .flatten()
            .unwrap_or_default(),
    };
    Some(Some(adres))
}

/// `land` has a minimum length besides its code list; both are reported.
fn two_characters(value: &str) -> validate::Check {
    validate::min_length(value, 2)
}

/// `contactnaam` of a persoon, contactpersoon or betrokkene.
pub(crate) fn contactnaam(form: &Form, field: &str) -> Option<Option<Contactnaam>> {
    let Some(group) = form.object(field, NULLABLE)? else {
        return Some(None);
    };
    let text = |name: &str, max: usize| {
        group
            .text(name, OPTIONAL, max)
            .flatten()
            .unwrap_or_default()
    };
    Some(Some(Contactnaam {
        voorletters: text("voorletters", 10),
        voornaam: text("voornaam", 200),
        voorvoegsel_achternaam: text("voorvoegselAchternaam", 10),
        achternaam: text("achternaam", 200),
    }))
}

/// `actoridentificator` / `onderwerpobjectidentificator`: four free strings.
pub(crate) fn object_identificator(
    form: &Form,
    field: &str,
) -> Option<Option<ObjectIdentificator>> {
    let Some(group) = form.object(field, NULLABLE)? else {
        return Some(None);
    };
    let text = |name: &str| {
        group
            .text(name, OPTIONAL, 200)
            .flatten()
            .unwrap_or_default()
    };
    Some(Some(ObjectIdentificator {
        object_id: text("objectId"),
        code_objecttype: text("codeObjecttype"),
        code_register: text("codeRegister"),
        code_soort_object_id: text("codeSoortObjectId"),
    }))
}
