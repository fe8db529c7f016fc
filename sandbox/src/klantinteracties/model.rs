//! The sandbox's own model of the Klantinteracties resources, written from
//! `specs/klantinteracties-openapi.yaml` and kept apart from the gateway's
//! register client on purpose (DESIGN.md decision 2): a misread spec must not
//! hide on both sides of the contract.
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
pub struct Adres {
    pub nummeraanduiding_id: String,
    pub straatnaam: String,
    pub huisnummer: Option<u32>,
    pub huisnummertoevoeging: String,
    pub postcode: String,
    pub stad: String,
    pub adresregel1: String,
    pub adresregel2: String,
    pub adresregel3: String,
    pub land: String,
}

/// The name of a person as a contact (`Contactnaam`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contactnaam {
    pub voorletters: String,
    pub voornaam: String,
    pub voorvoegsel_achternaam: String,
    pub achternaam: String,
}

/// `soortPartij` and the identification that goes with it.
#[derive(Debug, Clone, PartialEq)]
pub enum PartijIdentificatie {
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
    pub fn soort(&self) -> &'static str {
        match self {
            PartijIdentificatie::Persoon { .. } => "persoon",
            PartijIdentificatie::Organisatie { .. } => "organisatie",
            PartijIdentificatie::Contactpersoon { .. } => "contactpersoon",
        }
    }
}

/// `/partijen`.
#[derive(Debug, Clone, PartialEq)]
pub struct Partij {
    pub uuid: Uuid,
    pub nummer: Option<String>,
    pub interne_notitie: String,
    pub identificatie: PartijIdentificatie,
    pub digitale_adressen: Vec<Uuid>,
    pub voorkeurs_digitaal_adres: Option<Uuid>,
    pub rekeningnummers: Vec<Uuid>,
    pub voorkeurs_rekeningnummer: Option<Uuid>,
    pub indicatie_geheimhouding: Option<bool>,
    pub indicatie_actief: bool,
    pub voorkeurstaal: String,
    pub bezoekadres: Option<Adres>,
    pub correspondentieadres: Option<Adres>,
}

/// The four parts of a partij identificator (`PartijIdentificatorGroepType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PartijIdentificatorGroep {
    /// `natuurlijk_persoon | niet_natuurlijk_persoon | vestiging`
    pub code_objecttype: String,
    /// `bsn | vestigingsnummer | kvk_nummer | rsin`
    pub code_soort_object_id: String,
    pub object_id: String,
    /// `brp | hr`
    pub code_register: String,
}

/// `/partij-identificatoren`.
#[derive(Debug, Clone, PartialEq)]
pub struct PartijIdentificator {
    pub uuid: Uuid,
    pub identificeerde_partij: Option<Uuid>,
    pub andere_partij_identificator: String,
    pub partij_identificator: PartijIdentificatorGroep,
    pub sub_identificator_van: Option<Uuid>,
}

/// The free-text identificator groups of actor, onderwerpobject and bijlage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectIdentificator {
    pub object_id: String,
    pub code_objecttype: String,
    pub code_register: String,
    pub code_soort_object_id: String,
}

/// `/betrokkenen` ("betrokkene bij klantcontact").
#[derive(Debug, Clone, PartialEq)]
pub struct Betrokkene {
    pub uuid: Uuid,
    pub was_partij: Option<Uuid>,
    pub had_klantcontact: Uuid,
    pub bezoekadres: Option<Adres>,
    pub correspondentieadres: Option<Adres>,
    pub contactnaam: Option<Contactnaam>,
    /// `vertegenwoordiger | klant`
    pub rol: String,
    pub organisatienaam: String,
    pub initiator: bool,
}

/// `/klantcontacten`.
#[derive(Debug, Clone, PartialEq)]
pub struct Klantcontact {
    pub uuid: Uuid,
    pub nummer: Option<String>,
    pub referentienummer: Option<String>,
    pub kanaal: String,
    pub onderwerp: String,
    pub inhoud: String,
    pub reactie: String,
    pub indicatie_contact_gelukt: Option<bool>,
    pub hoofd_onderwerp_type: String,
    pub verdere_actie_ondernomen: bool,
    pub taal: String,
    pub vertrouwelijk: bool,
    pub plaatsgevonden_op: DateTime<Utc>,
    pub metadata: std::collections::BTreeMap<String, String>,
}

/// `/internetaken`.
#[derive(Debug, Clone, PartialEq)]
pub struct InterneTaak {
    pub uuid: Uuid,
    pub nummer: Option<String>,
    pub referentienummer: Option<String>,
    pub gevraagde_handeling: String,
    pub aanleidinggevend_klantcontact: Uuid,
    /// In order; the first is also rendered as `toegewezenAanActor`.
    pub toegewezen_aan_actoren: Vec<Uuid>,
    pub toelichting: String,
    /// `te_verwerken | verwerkt`
    pub status: String,
    pub toegewezen_op: DateTime<Utc>,
    pub afgehandeld_op: Option<DateTime<Utc>>,
}

/// `soortActor` and the identification that goes with it.
#[derive(Debug, Clone, PartialEq)]
pub enum ActorIdentificatie {
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
    pub fn soort(&self) -> &'static str {
        match self {
            ActorIdentificatie::Medewerker { .. } => "medewerker",
            ActorIdentificatie::GeautomatiseerdeActor { .. } => "geautomatiseerde_actor",
            ActorIdentificatie::OrganisatorischeEenheid { .. } => "organisatorische_eenheid",
        }
    }
}

/// `/actoren`.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    pub uuid: Uuid,
    pub naam: String,
    pub indicatie_actief: bool,
    pub actoridentificator: Option<ObjectIdentificator>,
    pub identificatie: ActorIdentificatie,
}

/// `/actorklantcontacten`: which actors took part in which klantcontact.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorKlantcontact {
    pub uuid: Uuid,
    pub actor: Uuid,
    pub klantcontact: Uuid,
}

/// `/digitaleadressen`.
#[derive(Debug, Clone, PartialEq)]
pub struct DigitaalAdres {
    pub uuid: Uuid,
    pub verstrekt_door_betrokkene: Option<Uuid>,
    pub verstrekt_door_partij: Option<Uuid>,
    pub adres: String,
    /// `email | telefoonnummer | overig`
    pub soort_digitaal_adres: String,
    pub is_standaard_adres: bool,
    pub omschrijving: String,
    pub referentie: String,
    pub verificatie_datum: Option<NaiveDate>,
}

/// `/onderwerpobjecten`.
#[derive(Debug, Clone, PartialEq)]
pub struct Onderwerpobject {
    pub uuid: Uuid,
    pub klantcontact: Option<Uuid>,
    pub was_klantcontact: Option<Uuid>,
    pub onderwerpobjectidentificator: Option<ObjectIdentificator>,
}

/// `/bijlagen`.
#[derive(Debug, Clone, PartialEq)]
pub struct Bijlage {
    pub uuid: Uuid,
    pub was_bijlage_van_klantcontact: Option<Uuid>,
    pub bijlageidentificator: Option<ObjectIdentificator>,
}

/// `/rekeningnummers`.
#[derive(Debug, Clone, PartialEq)]
pub struct Rekeningnummer {
    pub uuid: Uuid,
    pub partij: Option<Uuid>,
    pub iban: String,
    pub bic: String,
}

/// `/vertegenwoordigingen`: `vertegenwoordigende_partij` represents `vertegenwoordigde_partij`.
#[derive(Debug, Clone, PartialEq)]
pub struct Vertegenwoordiging {
    pub uuid: Uuid,
    pub vertegenwoordigende_partij: Uuid,
    pub vertegenwoordigde_partij: Uuid,
}

/// `/categorieen` (experimental in the spec).
#[derive(Debug, Clone, PartialEq)]
pub struct Categorie {
    pub uuid: Uuid,
    pub naam: String,
}

/// `/categorie-relaties` (experimental in the spec).
#[derive(Debug, Clone, PartialEq)]
pub struct CategorieRelatie {
    pub uuid: Uuid,
    pub partij: Option<Uuid>,
    pub categorie: Option<Uuid>,
    pub begin_datum: Option<NaiveDate>,
    pub eind_datum: Option<NaiveDate>,
}
