//! The BRP's search questions (`ZoekMet…`), one struct per question with the
//! parameters the spec allows; the client adds `type` and `fields`.

use chrono::NaiveDate;
use serde::Serialize;

/// A search for persons; each kind answers with at most 10 (by name) or 30
/// (by address) persons, or a 400 `tooManyResults`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
pub enum Zoekvraag {
    ZoekMetGeslachtsnaamEnGeboortedatum(GeslachtsnaamEnGeboortedatum),
    ZoekMetNaamEnGemeenteVanInschrijving(NaamEnGemeenteVanInschrijving),
    ZoekMetPostcodeEnHuisnummer(PostcodeEnHuisnummer),
    ZoekMetStraatHuisnummerEnGemeenteVanInschrijving(StraatHuisnummerEnGemeenteVanInschrijving),
    ZoekMetNummeraanduidingIdentificatie(NummeraanduidingIdentificatie),
    /// Answers with `gezag` too, when asked for.
    ZoekMetAdresseerbaarObjectIdentificatie(AdresseerbaarObjectIdentificatie),
}

/// By surname and date of birth.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GeslachtsnaamEnGeboortedatum {
    /// A trailing `*` after at least 3 letters is a wildcard.
    pub geslachtsnaam: String,
    pub geboortedatum: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voornamen: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voorvoegsel: Option<String>,
    /// `M`, `V` or `O`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geslacht: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gemeente_van_inschrijving: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inclusief_overleden_personen: Option<bool>,
}

/// By surname, first names and municipality.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NaamEnGemeenteVanInschrijving {
    pub geslachtsnaam: String,
    pub voornamen: String,
    /// The four-digit municipality code.
    pub gemeente_van_inschrijving: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voorvoegsel: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geslacht: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inclusief_overleden_personen: Option<bool>,
}

/// By postcode and house number.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PostcodeEnHuisnummer {
    /// `1234AB` or `1234 AB`.
    pub postcode: String,
    pub huisnummer: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub huisletter: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub huisnummertoevoeging: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geboortedatum: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geslachtsnaam: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gemeente_van_inschrijving: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inclusief_overleden_personen: Option<bool>,
}

/// By street, house number and municipality.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StraatHuisnummerEnGemeenteVanInschrijving {
    pub straat: String,
    pub huisnummer: u32,
    pub gemeente_van_inschrijving: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub huisletter: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub huisnummertoevoeging: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inclusief_overleden_personen: Option<bool>,
}

/// By BAG nummeraanduiding (16 digits).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NummeraanduidingIdentificatie {
    pub nummeraanduiding_identificatie: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gemeente_van_inschrijving: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inclusief_overleden_personen: Option<bool>,
}

/// By BAG adresseerbaar object (16 digits).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdresseerbaarObjectIdentificatie {
    pub adresseerbaar_object_identificatie: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gemeente_van_inschrijving: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inclusief_overleden_personen: Option<bool>,
}
