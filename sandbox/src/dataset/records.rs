//! Builders for the records that the persona and the generator both make, so
//! that the shape of a BSN identificator, a Dutch address or a klant
//! betrokkene is written down once and the two cannot drift apart.

use chrono::{DateTime, TimeZone, Utc};
use uuid::Uuid;

use super::Verblijfadres;
use crate::klantinteracties::model::{
    Actor, ActorIdentificatie, Adres, Betrokkene, Contactnaam, DigitaalAdres, ObjectIdentificator,
    PartijIdentificator, PartijIdentificatorGroep,
};

/// The Klantinteracties form of a Dutch residential address: the parts and
/// the two address lines a letter would carry, with land `NL`.
pub(crate) fn adres(v: &Verblijfadres) -> Adres {
    let nummer = huisnummer_aanduiding(v);
    Adres {
        nummeraanduiding_id: v.nummeraanduiding_identificatie.clone(),
        straatnaam: v.straat.clone(),
        huisnummer: Some(v.huisnummer),
        huisnummertoevoeging: format!("{}{}", v.huisletter, v.huisnummertoevoeging),
        postcode: v.postcode.clone(),
        stad: v.woonplaats.clone(),
        adresregel1: format!("{} {nummer}", v.straat),
        adresregel2: format!("{} {}", v.postcode, v.woonplaats),
        adresregel3: String::new(),
        land: "NL".into(),
    }
}

/// `23`, `23A`, `23-2`, `23A-bis`: how a house number is written on a letter.
fn huisnummer_aanduiding(v: &Verblijfadres) -> String {
    let mut s = format!("{}{}", v.huisnummer, v.huisletter);
    if !v.huisnummertoevoeging.is_empty() {
        s.push('-');
        s.push_str(&v.huisnummertoevoeging);
    }
    s
}

/// A contactnaam from its four parts.
pub(crate) fn contactnaam(
    voorletters: &str,
    voornaam: &str,
    voorvoegsel: &str,
    achternaam: &str,
) -> Contactnaam {
    Contactnaam {
        voorletters: voorletters.into(),
        voornaam: voornaam.into(),
        voorvoegsel_achternaam: voorvoegsel.into(),
        achternaam: achternaam.into(),
    }
}

/// The identificator a register gives a partij: `brp/natuurlijk_persoon/bsn`,
/// `hr/niet_natuurlijk_persoon/kvk_nummer|rsin` or `hr/vestiging/vestigingsnummer`.
pub(crate) fn identificator(
    uuid: Uuid,
    partij: Uuid,
    soort: IdSoort,
    object_id: &str,
    sub_identificator_van: Option<Uuid>,
) -> PartijIdentificator {
    let (code_objecttype, code_soort_object_id, code_register) = soort.codes();
    PartijIdentificator {
        uuid,
        identificeerde_partij: Some(partij),
        andere_partij_identificator: String::new(),
        partij_identificator: PartijIdentificatorGroep {
            code_objecttype: code_objecttype.into(),
            code_soort_object_id: code_soort_object_id.into(),
            object_id: object_id.into(),
            code_register: code_register.into(),
        },
        sub_identificator_van,
    }
}

/// The identificator combinations Open Klant allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IdSoort {
    Bsn,
    KvkNummer,
    Rsin,
    Vestigingsnummer,
}

impl IdSoort {
    /// `(codeObjecttype, codeSoortObjectId, codeRegister)`.
    fn codes(self) -> (&'static str, &'static str, &'static str) {
        match self {
            IdSoort::Bsn => ("natuurlijk_persoon", "bsn", "brp"),
            IdSoort::KvkNummer => ("niet_natuurlijk_persoon", "kvk_nummer", "hr"),
            IdSoort::Rsin => ("niet_natuurlijk_persoon", "rsin", "hr"),
            IdSoort::Vestigingsnummer => ("vestiging", "vestigingsnummer", "hr"),
        }
    }
}

/// A betrokkene of a klantcontact for a partij, with the name the partij
/// had at the time (a person's contactnaam or an organisation's name).
pub(crate) fn betrokkene(
    uuid: Uuid,
    partij: Uuid,
    klantcontact: Uuid,
    rol: Rol,
    initiator: bool,
    naam: &PartijNaam,
) -> Betrokkene {
    let (contactnaam, organisatienaam) = match naam {
        PartijNaam::Persoon(c) => (Some(c.clone()), String::new()),
        PartijNaam::Organisatie(n) => (None, n.clone()),
        PartijNaam::Contactpersoon(c, n) => (Some(c.clone()), n.clone()),
    };
    Betrokkene {
        uuid,
        was_partij: Some(partij),
        had_klantcontact: klantcontact,
        bezoekadres: None,
        correspondentieadres: None,
        contactnaam,
        rol: rol.code().into(),
        organisatienaam,
        initiator,
    }
}

/// `Betrokkene.rol`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rol {
    Klant,
    Vertegenwoordiger,
}

impl Rol {
    fn code(self) -> &'static str {
        match self {
            Rol::Klant => "klant",
            Rol::Vertegenwoordiger => "vertegenwoordiger",
        }
    }
}

/// How a partij is named on its betrokkenen.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PartijNaam {
    Persoon(Contactnaam),
    Organisatie(String),
    /// A contactpersoon: their name and the organisation's.
    Contactpersoon(Contactnaam, String),
}

/// A digitaal adres given by a partij.
pub(crate) fn digitaal_adres(
    uuid: Uuid,
    partij: Uuid,
    soort: &str,
    adres: &str,
    omschrijving: &str,
    is_standaard_adres: bool,
) -> DigitaalAdres {
    DigitaalAdres {
        uuid,
        verstrekt_door_betrokkene: None,
        verstrekt_door_partij: Some(partij),
        adres: adres.into(),
        soort_digitaal_adres: soort.into(),
        is_standaard_adres,
        omschrijving: omschrijving.into(),
        referentie: String::new(),
        verificatie_datum: None,
    }
}

/// A medewerker, identified by the e-mail address of their account (as
/// KCC front-ends register medewerkers: `mdw` / `msei` / `email`).
pub(crate) fn medewerker(
    uuid: Uuid,
    naam: &str,
    functie: &str,
    emailadres: &str,
    telefoonnummer: &str,
) -> Actor {
    Actor {
        uuid,
        naam: naam.into(),
        indicatie_actief: true,
        actoridentificator: Some(ObjectIdentificator {
            object_id: emailadres.into(),
            code_objecttype: "mdw".into(),
            code_register: "msei".into(),
            code_soort_object_id: "email".into(),
        }),
        identificatie: ActorIdentificatie::Medewerker {
            functie: functie.into(),
            emailadres: emailadres.into(),
            telefoonnummer: telefoonnummer.into(),
        },
    }
}

/// A department or team, identified by its code in the organisation's own
/// register (`afd` / `obj` / `idf`).
pub(crate) fn organisatorische_eenheid(
    uuid: Uuid,
    naam: &str,
    code: &str,
    omschrijving: &str,
    emailadres: &str,
    telefoonnummer: &str,
) -> Actor {
    Actor {
        uuid,
        naam: naam.into(),
        indicatie_actief: true,
        actoridentificator: Some(ObjectIdentificator {
            object_id: code.into(),
            code_objecttype: "afd".into(),
            code_register: "obj".into(),
            code_soort_object_id: "idf".into(),
        }),
        identificatie: ActorIdentificatie::OrganisatorischeEenheid {
            omschrijving: omschrijving.into(),
            emailadres: emailadres.into(),
            faxnummer: String::new(),
            telefoonnummer: telefoonnummer.into(),
        },
    }
}

/// An application that acts on its own (a form platform, a chatbot),
/// identified by its application id (`app` / `obj` / `idf`).
pub(crate) fn geautomatiseerde_actor(
    uuid: Uuid,
    naam: &str,
    code: &str,
    functie: &str,
    omschrijving: &str,
) -> Actor {
    Actor {
        uuid,
        naam: naam.into(),
        indicatie_actief: true,
        actoridentificator: Some(ObjectIdentificator {
            object_id: code.into(),
            code_objecttype: "app".into(),
            code_register: "obj".into(),
            code_soort_object_id: "idf".into(),
        }),
        identificatie: ActorIdentificatie::GeautomatiseerdeActor {
            functie: functie.into(),
            omschrijving: omschrijving.into(),
        },
    }
}

/// A zaak in Open Zaak as the subject of a klantcontact.
pub(crate) fn zaak(zaaknummer: &str) -> ObjectIdentificator {
    ObjectIdentificator {
        object_id: zaaknummer.into(),
        code_objecttype: "zaak".into(),
        code_register: "openzaak".into(),
        code_soort_object_id: "zaaknummer".into(),
    }
}

/// A document in the Documenten API (DRC) as an attachment.
pub(crate) fn informatieobject(uuid: Uuid) -> ObjectIdentificator {
    ObjectIdentificator {
        object_id: uuid.to_string(),
        code_objecttype: "informatieobject".into(),
        code_register: "drc".into(),
        code_soort_object_id: "uuid".into(),
    }
}

/// A moment in UTC from its parts; the parts are constants or drawn in
/// range, so an impossible moment falls back to the epoch instead of panicking.
pub(crate) fn moment(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0)
        .single()
        .unwrap_or_default()
}
