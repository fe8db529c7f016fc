//! The partij and what hangs directly off it: its identificatoren, digitale
//! adressen, rekeningnummers, vertegenwoordigingen and categorieën.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::common::{
    Adres, CodeObjecttype, CodeRegister, CodeSoortObjectId, Contactnaam, Fk, SoortDigitaalAdres,
    SoortPartij,
};
use super::klantcontact::Betrokkene;
use crate::registers::tolerant::{empty_as_none, null_as_default, sibling_tagged_enum};

/// A person or organisation the municipality has contact with (`/partijen`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Partij {
    pub uuid: Uuid,
    pub url: String,
    /// Deprecated by Open Klant, still the number KCC staff know.
    pub nummer: Option<String>,
    #[serde(deserialize_with = "null_as_default")]
    pub interne_notitie: String,
    /// `soortPartij` and `partijIdentificatie`, decoded by kind.
    #[serde(flatten)]
    pub identificatie: PartijIdentificatie,
    /// Inline: the BSN or KvK number is here, no expand needed.
    #[serde(deserialize_with = "null_as_default")]
    pub partij_identificatoren: Vec<PartijIdentificator>,
    #[serde(deserialize_with = "null_as_default")]
    pub betrokkenen: Vec<Fk>,
    #[serde(deserialize_with = "null_as_default")]
    pub categorie_relaties: Vec<CategorieRelatieFk>,
    #[serde(deserialize_with = "null_as_default")]
    pub digitale_adressen: Vec<Fk>,
    pub voorkeurs_digitaal_adres: Option<Fk>,
    /// The partijen that this partij represents.
    #[serde(deserialize_with = "null_as_default")]
    pub vertegenwoordigden: Vec<Fk>,
    #[serde(deserialize_with = "null_as_default")]
    pub rekeningnummers: Vec<Fk>,
    pub voorkeurs_rekeningnummer: Option<Fk>,
    pub indicatie_geheimhouding: Option<bool>,
    /// ISO 639-2/B as documented, but not checked by Open Klant.
    #[serde(deserialize_with = "null_as_default")]
    pub voorkeurstaal: String,
    pub indicatie_actief: bool,
    #[serde(deserialize_with = "empty_as_none")]
    pub bezoekadres: Option<Adres>,
    #[serde(deserialize_with = "empty_as_none")]
    pub correspondentieadres: Option<Adres>,
    /// Present when `expand` was asked for.
    #[serde(rename = "_expand", skip_serializing_if = "Option::is_none")]
    pub expand: Option<PartijExpand>,
}

impl Partij {
    /// The kind of partij.
    pub fn soort_partij(&self) -> SoortPartij {
        self.identificatie.soort()
    }

    /// The object number of the first identificator of the given kind
    /// (e.g. the BSN), if the partij has one.
    pub fn identificator(&self, soort: &CodeSoortObjectId) -> Option<&str> {
        self.partij_identificatoren
            .iter()
            .filter_map(|i| i.partij_identificator.as_ref())
            .find(|g| &g.code_soort_object_id == soort)
            .map(|g| g.object_id.as_str())
    }
}

sibling_tagged_enum! {
    /// The identification of a partij, whose shape `soortPartij` selects.
    pub enum PartijIdentificatie: SoortPartij by ("soortPartij", "partijIdentificatie") {
        Persoon(PersoonIdentificatie),
        Organisatie(OrganisatieIdentificatie),
        Contactpersoon(ContactpersoonIdentificatie),
    }
}

/// `partijIdentificatie` of a persoon.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PersoonIdentificatie {
    #[serde(deserialize_with = "empty_as_none")]
    pub contactnaam: Option<Contactnaam>,
    /// Composed by the register from the contactnaam.
    #[serde(deserialize_with = "null_as_default")]
    pub volledige_naam: String,
}

/// `partijIdentificatie` of an organisatie.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OrganisatieIdentificatie {
    #[serde(deserialize_with = "null_as_default")]
    pub naam: String,
}

/// `partijIdentificatie` of a contactpersoon: a person who works for an
/// organisatie partij.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ContactpersoonIdentificatie {
    pub uuid: Option<Uuid>,
    pub werkte_voor_partij: Option<Fk>,
    #[serde(deserialize_with = "empty_as_none")]
    pub contactnaam: Option<Contactnaam>,
    #[serde(deserialize_with = "null_as_default")]
    pub volledige_naam: String,
}

/// What `expand` inlines into a partij. `None`: not expanded; `Some([])`:
/// expanded, nothing there.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PartijExpand {
    /// With `betrokkenen.hadKlantcontact`, each carries its klantcontact in
    /// its own `_expand`.
    pub betrokkenen: Option<Vec<Betrokkene>>,
    pub digitale_adressen: Option<Vec<DigitaalAdres>>,
    pub categorie_relaties: Option<Vec<CategorieRelatie>>,
}

/// A number that identifies a partij in another register (`/partij-identificatoren`,
/// and inline in every partij).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PartijIdentificator {
    pub uuid: Uuid,
    pub url: String,
    pub identificeerde_partij: Option<Fk>,
    /// Free text for identificators outside the code lists.
    #[serde(deserialize_with = "null_as_default")]
    pub andere_partij_identificator: String,
    pub partij_identificator: Option<PartijIdentificatorGroep>,
    /// A vestigingsnummer points at its KvK number.
    pub sub_identificator_van: Option<Fk>,
}

/// Which number, of what kind, from which register.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PartijIdentificatorGroep {
    pub code_objecttype: CodeObjecttype,
    pub code_soort_object_id: CodeSoortObjectId,
    #[serde(deserialize_with = "null_as_default")]
    pub object_id: String,
    pub code_register: CodeRegister,
}

/// An e-mail address, phone number or other digital address (`/digitaleadressen`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DigitaalAdres {
    pub uuid: Uuid,
    pub url: String,
    pub verstrekt_door_betrokkene: Option<Fk>,
    pub verstrekt_door_partij: Option<Fk>,
    #[serde(deserialize_with = "null_as_default")]
    pub adres: String,
    pub soort_digitaal_adres: SoortDigitaalAdres,
    pub is_standaard_adres: bool,
    #[serde(deserialize_with = "null_as_default")]
    pub omschrijving: String,
    #[serde(deserialize_with = "null_as_default")]
    pub referentie: String,
    pub verificatie_datum: Option<NaiveDate>,
    #[serde(rename = "_expand", skip_serializing_if = "Option::is_none")]
    pub expand: Option<DigitaalAdresExpand>,
}

/// What `expand` inlines into a digitaal adres.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DigitaalAdresExpand {
    /// With `verstrektDoorBetrokkene.hadKlantcontact` (and
    /// `….leiddeTotInterneTaken`), nested in the betrokkene's `_expand`.
    pub verstrekt_door_betrokkene: Option<Box<Betrokkene>>,
}

/// A bank account of a partij (`/rekeningnummers`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Rekeningnummer {
    pub uuid: Uuid,
    pub url: String,
    pub partij: Option<Fk>,
    #[serde(deserialize_with = "null_as_default")]
    pub iban: String,
    #[serde(deserialize_with = "null_as_default")]
    pub bic: String,
}

/// One partij representing another (`/vertegenwoordigingen`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Vertegenwoordiging {
    pub uuid: Uuid,
    pub url: String,
    pub vertegenwoordigende_partij: Option<Fk>,
    pub vertegenwoordigde_partij: Option<Fk>,
}

/// A category partijen can be put in (`/categorieen`, experimental).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Categorie {
    pub uuid: Uuid,
    pub url: String,
    #[serde(deserialize_with = "null_as_default")]
    pub naam: String,
}

/// A partij in a categorie for a period (`/categorie-relaties`, experimental).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CategorieRelatie {
    pub uuid: Uuid,
    pub url: String,
    pub partij: Option<Fk>,
    pub categorie: Option<CategorieFk>,
    pub begin_datum: Option<NaiveDate>,
    pub eind_datum: Option<NaiveDate>,
}

/// The reference to a categorie, with its name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CategorieFk {
    pub uuid: Uuid,
    pub url: String,
    pub naam: Option<String>,
}

/// The reference to a categorie relatie as a partij lists it: with the
/// category's name and the period, so that most screens need no lookup.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CategorieRelatieFk {
    pub uuid: Uuid,
    pub url: String,
    pub categorie_naam: Option<String>,
    pub begin_datum: Option<NaiveDate>,
    pub eind_datum: Option<NaiveDate>,
}
