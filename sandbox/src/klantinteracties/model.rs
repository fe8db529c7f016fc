//! The sandbox's own model of the Klantinteracties resources, written from
//! `specs/klantinteracties-openapi.yaml` and kept apart from the gateway's
//! register client on purpose (ARCHITECTURE.md, decision 2): a misread spec
//! must not hide on both sides of the contract.
//!
//! Records hold relations as bare uuids; `url` fields and `{uuid, url}`
//! foreign-key objects are rendered per request from the request's host.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// An address of a partij or betrokkene (`Bezoekadres`, `Correspondentieadres`, …).
/// Every part is optional; `land` is ISO 3166-1 alpha-2 in upper case.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Adres {
    pub(crate) nummeraanduiding_id: String,
    pub(crate) straatnaam: String,
    pub(crate) huisnummer: Option<u32>,
    pub(crate) huisnummertoevoeging: String,
    pub(crate) postcode: String,
    pub(crate) stad: String,
    pub(crate) adresregel1: String,
    pub(crate) adresregel2: String,
    pub(crate) adresregel3: String,
    pub(crate) land: String,
}

/// The name of a person as a contact (`Contactnaam`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Contactnaam {
    pub(crate) voorletters: String,
    pub(crate) voornaam: String,
    pub(crate) voorvoegsel_achternaam: String,
    pub(crate) achternaam: String,
}

/// `soortPartij` and the identification that goes with it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PartijIdentificatie {
    /// `persoon`: a natural person.
    Persoon { contactnaam: Option<Contactnaam> },
    /// `organisatie`: a legal person or organisation.
    Organisatie { naam: String },
    /// `contactpersoon`: a person acting for an organisatie.
    Contactpersoon {
        /// The uuid Open Klant gives the contactpersoon record itself.
        uuid: Uuid,
        werkte_voor_partij: Option<Uuid>,
        contactnaam: Option<Contactnaam>,
    },
}

impl PartijIdentificatie {
    /// The value of `soortPartij` for this identification.
    pub(crate) fn soort(&self) -> &'static str {
        match self {
            PartijIdentificatie::Persoon { .. } => "persoon",
            PartijIdentificatie::Organisatie { .. } => "organisatie",
            PartijIdentificatie::Contactpersoon { .. } => "contactpersoon",
        }
    }
}

/// `/partijen`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Partij {
    pub(crate) uuid: Uuid,
    pub(crate) nummer: Option<String>,
    pub(crate) interne_notitie: String,
    pub(crate) identificatie: PartijIdentificatie,
    pub(crate) digitale_adressen: Vec<Uuid>,
    pub(crate) voorkeurs_digitaal_adres: Option<Uuid>,
    pub(crate) rekeningnummers: Vec<Uuid>,
    pub(crate) voorkeurs_rekeningnummer: Option<Uuid>,
    pub(crate) indicatie_geheimhouding: Option<bool>,
    pub(crate) indicatie_actief: bool,
    pub(crate) voorkeurstaal: String,
    pub(crate) bezoekadres: Option<Adres>,
    pub(crate) correspondentieadres: Option<Adres>,
}

/// The four parts of a partij identificator (`PartijIdentificatorGroepType`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PartijIdentificatorGroep {
    /// `natuurlijk_persoon | niet_natuurlijk_persoon | vestiging`
    pub(crate) code_objecttype: String,
    /// `bsn | vestigingsnummer | kvk_nummer | rsin`
    pub(crate) code_soort_object_id: String,
    pub(crate) object_id: String,
    /// `brp | hr`
    pub(crate) code_register: String,
}

/// `/partij-identificatoren`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PartijIdentificator {
    pub(crate) uuid: Uuid,
    pub(crate) identificeerde_partij: Option<Uuid>,
    pub(crate) andere_partij_identificator: String,
    pub(crate) partij_identificator: PartijIdentificatorGroep,
    pub(crate) sub_identificator_van: Option<Uuid>,
}

/// The free-text identificator groups of actor, onderwerpobject and bijlage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ObjectIdentificator {
    pub(crate) object_id: String,
    pub(crate) code_objecttype: String,
    pub(crate) code_register: String,
    pub(crate) code_soort_object_id: String,
}

/// `/betrokkenen` ("betrokkene bij klantcontact").
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Betrokkene {
    pub(crate) uuid: Uuid,
    pub(crate) was_partij: Option<Uuid>,
    pub(crate) had_klantcontact: Uuid,
    pub(crate) bezoekadres: Option<Adres>,
    pub(crate) correspondentieadres: Option<Adres>,
    pub(crate) contactnaam: Option<Contactnaam>,
    /// `vertegenwoordiger | klant`
    pub(crate) rol: String,
    pub(crate) organisatienaam: String,
    pub(crate) initiator: bool,
}

/// `/klantcontacten`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Klantcontact {
    pub(crate) uuid: Uuid,
    pub(crate) nummer: Option<String>,
    pub(crate) referentienummer: Option<String>,
    pub(crate) kanaal: String,
    pub(crate) onderwerp: String,
    pub(crate) inhoud: String,
    pub(crate) reactie: String,
    pub(crate) indicatie_contact_gelukt: Option<bool>,
    pub(crate) hoofd_onderwerp_type: String,
    pub(crate) verdere_actie_ondernomen: bool,
    pub(crate) taal: String,
    pub(crate) vertrouwelijk: bool,
    pub(crate) plaatsgevonden_op: DateTime<Utc>,
    pub(crate) metadata: std::collections::BTreeMap<String, String>,
}

/// `/internetaken`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct InterneTaak {
    pub(crate) uuid: Uuid,
    pub(crate) nummer: Option<String>,
    pub(crate) referentienummer: Option<String>,
    pub(crate) gevraagde_handeling: String,
    pub(crate) aanleidinggevend_klantcontact: Uuid,
    /// In order; the first is also rendered as `toegewezenAanActor`.
    pub(crate) toegewezen_aan_actoren: Vec<Uuid>,
    pub(crate) toelichting: String,
    /// `te_verwerken | verwerkt`
    pub(crate) status: String,
    pub(crate) toegewezen_op: DateTime<Utc>,
    pub(crate) afgehandeld_op: Option<DateTime<Utc>>,
}

/// `soortActor` and the identification that goes with it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ActorIdentificatie {
    /// `medewerker`
    Medewerker {
        functie: String,
        emailadres: String,
        telefoonnummer: String,
    },
    /// `geautomatiseerde_actor`
    GeautomatiseerdeActor {
        functie: String,
        omschrijving: String,
    },
    /// `organisatorische_eenheid`
    OrganisatorischeEenheid {
        omschrijving: String,
        emailadres: String,
        faxnummer: String,
        telefoonnummer: String,
    },
}

impl ActorIdentificatie {
    /// The value of `soortActor` for this identification.
    pub(crate) fn soort(&self) -> &'static str {
        match self {
            ActorIdentificatie::Medewerker { .. } => "medewerker",
            ActorIdentificatie::GeautomatiseerdeActor { .. } => "geautomatiseerde_actor",
            ActorIdentificatie::OrganisatorischeEenheid { .. } => "organisatorische_eenheid",
        }
    }
}

/// `/actoren`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Actor {
    pub(crate) uuid: Uuid,
    pub(crate) naam: String,
    pub(crate) indicatie_actief: bool,
    pub(crate) actoridentificator: Option<ObjectIdentificator>,
    pub(crate) identificatie: ActorIdentificatie,
}

/// `/actorklantcontacten`: which actors took part in which klantcontact.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ActorKlantcontact {
    pub(crate) uuid: Uuid,
    pub(crate) actor: Uuid,
    pub(crate) klantcontact: Uuid,
}

/// `/digitaleadressen`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DigitaalAdres {
    pub(crate) uuid: Uuid,
    pub(crate) verstrekt_door_betrokkene: Option<Uuid>,
    pub(crate) verstrekt_door_partij: Option<Uuid>,
    pub(crate) adres: String,
    /// `email | telefoonnummer | overig`
    pub(crate) soort_digitaal_adres: String,
    pub(crate) is_standaard_adres: bool,
    pub(crate) omschrijving: String,
    pub(crate) referentie: String,
    pub(crate) verificatie_datum: Option<NaiveDate>,
}

/// `/onderwerpobjecten`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Onderwerpobject {
    pub(crate) uuid: Uuid,
    pub(crate) klantcontact: Option<Uuid>,
    pub(crate) was_klantcontact: Option<Uuid>,
    pub(crate) onderwerpobjectidentificator: Option<ObjectIdentificator>,
}

/// `/bijlagen`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bijlage {
    pub(crate) uuid: Uuid,
    pub(crate) was_bijlage_van_klantcontact: Option<Uuid>,
    pub(crate) bijlageidentificator: Option<ObjectIdentificator>,
}

/// `/rekeningnummers`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Rekeningnummer {
    pub(crate) uuid: Uuid,
    pub(crate) partij: Option<Uuid>,
    pub(crate) iban: String,
    pub(crate) bic: String,
}

/// `/vertegenwoordigingen`: `vertegenwoordigende_partij` represents `vertegenwoordigde_partij`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Vertegenwoordiging {
    pub(crate) uuid: Uuid,
    pub(crate) vertegenwoordigende_partij: Uuid,
    pub(crate) vertegenwoordigde_partij: Uuid,
}

/// `/categorieen` (experimental in the spec).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Categorie {
    pub(crate) uuid: Uuid,
    pub(crate) naam: String,
}

/// `/categorie-relaties` (experimental in the spec).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CategorieRelatie {
    pub(crate) uuid: Uuid,
    pub(crate) partij: Option<Uuid>,
    pub(crate) categorie: Option<Uuid>,
    pub(crate) begin_datum: Option<NaiveDate>,
    pub(crate) eind_datum: Option<NaiveDate>,
}
