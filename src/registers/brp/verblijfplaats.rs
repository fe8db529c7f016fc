//! Where a person lives: a Dutch address, a location description, an
//! address abroad, or unknown (the BRP's polymorphic `verblijfplaats`).

use serde::{Deserialize, Serialize};

use super::waarden::{Datum, InOnderzoek, Waardetabel};
use crate::registers::tolerant::{lenient_u32, tagged_enum};

tagged_enum! {
    /// The person's verblijfplaats, by `type`.
    pub enum Verblijfplaats {
        Adres(VerblijfplaatsAdres) = "Adres",
        Locatie(VerblijfplaatsLocatie) = "Locatie",
        Buitenland(VerblijfplaatsBuitenland) = "VerblijfplaatsBuitenland",
        VerblijfplaatsOnbekend(VerblijfplaatsOnbekend) = "VerblijfplaatsOnbekend",
    }
}

/// A Dutch address (a BAG nummeraanduiding).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VerblijfplaatsAdres {
    pub verblijfadres: Option<VerblijfadresBinnenland>,
    /// `W` woonadres or `B` briefadres.
    pub functie_adres: Option<Waardetabel>,
    pub adresseerbaar_object_identificatie: Option<String>,
    pub nummeraanduiding_identificatie: Option<String>,
    pub datum_van: Option<Datum>,
    /// Deprecated by the BRP.
    pub datum_ingang_geldigheid: Option<Datum>,
    pub indicatie_vastgesteld_verblijft_niet_op_adres: Option<bool>,
    pub in_onderzoek: Option<InOnderzoek>,
}

/// The parts of a Dutch address.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VerblijfadresBinnenland {
    pub officiele_straatnaam: Option<String>,
    pub korte_straatnaam: Option<String>,
    /// A number; older mock data sends it as a string, which is read too.
    #[serde(deserialize_with = "lenient_u32")]
    pub huisnummer: Option<u32>,
    pub huisletter: Option<String>,
    pub huisnummertoevoeging: Option<String>,
    /// `to` (tegenover) or `by` (bij).
    pub aanduiding_bij_huisnummer: Option<Waardetabel>,
    pub postcode: Option<String>,
    pub woonplaats: Option<String>,
    pub in_onderzoek: Option<InOnderzoek>,
}

/// A place without an address, described (a houseboat, a caravan).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VerblijfplaatsLocatie {
    pub verblijfadres: Option<VerblijfadresLocatie>,
    pub functie_adres: Option<Waardetabel>,
    pub datum_van: Option<Datum>,
    pub datum_ingang_geldigheid: Option<Datum>,
    pub indicatie_vastgesteld_verblijft_niet_op_adres: Option<bool>,
    pub in_onderzoek: Option<InOnderzoek>,
}

/// The description of a location.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VerblijfadresLocatie {
    pub locatiebeschrijving: Option<String>,
    pub in_onderzoek: Option<InOnderzoek>,
}

/// An address abroad, as free lines.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VerblijfplaatsBuitenland {
    pub verblijfadres: Option<VerblijfadresBuitenland>,
    pub datum_van: Option<Datum>,
    pub datum_ingang_geldigheid: Option<Datum>,
    pub in_onderzoek: Option<InOnderzoek>,
}

/// The lines of an address abroad.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VerblijfadresBuitenland {
    pub regel1: Option<String>,
    pub regel2: Option<String>,
    pub regel3: Option<String>,
    pub land: Option<Waardetabel>,
    pub in_onderzoek: Option<InOnderzoek>,
}

/// The BRP does not know where the person lives.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VerblijfplaatsOnbekend {
    pub datum_van: Option<Datum>,
    pub datum_ingang_geldigheid: Option<Datum>,
    pub in_onderzoek: Option<InOnderzoek>,
}
