//! The BRP's recurring value shapes: a coded value with its meaning
//! (Waardetabel), the polymorphic date, and the "in onderzoek" markers.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::registers::tolerant::tagged_enum;

/// A code from a national table with its meaning, e.g. `{"code": "0599",
/// "omschrijving": "Rotterdam"}`. Either member can be missing (a foreign
/// birthplace has only an omschrijving).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Waardetabel {
    pub code: Option<String>,
    pub omschrijving: Option<String>,
}

/// A noble title or predicate: a Waardetabel plus whether it is a `titel`
/// or a `predicaat`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AdellijkeTitelPredicaat {
    pub code: Option<String>,
    pub omschrijving: Option<String>,
    pub soort: Option<String>,
}

tagged_enum! {
    /// A BRP date: complete, year and month, year only, or unknown. Every
    /// kind carries `langFormaat`, the date written out ("15 november 1956").
    pub enum Datum {
        Volledig(VolledigeDatum) = "Datum",
        JaarMaand(JaarMaandDatum) = "JaarMaandDatum",
        Jaar(JaarDatum) = "JaarDatum",
        DatumOnbekend(DatumOnbekend) = "DatumOnbekend",
    }
}

impl Datum {
    /// The date written out, as the register formats it.
    pub(crate) fn lang_formaat(&self) -> Option<&str> {
        match self {
            Datum::Volledig(d) => d.lang_formaat.as_deref(),
            Datum::JaarMaand(d) => d.lang_formaat.as_deref(),
            Datum::Jaar(d) => d.lang_formaat.as_deref(),
            Datum::DatumOnbekend(d) => d.lang_formaat.as_deref(),
            Datum::Onbekend(v) => v.get("langFormaat").and_then(serde_json::Value::as_str),
        }
    }

    /// The complete date, when the register knows it.
    pub fn datum(&self) -> Option<NaiveDate> {
        match self {
            Datum::Volledig(d) => d.datum,
            _ => None,
        }
    }

    /// The year, when the register knows it.
    pub(crate) fn jaar(&self) -> Option<i32> {
        use chrono::Datelike;
        match self {
            Datum::Volledig(d) => d.datum.map(|d| d.year()),
            Datum::JaarMaand(d) => d.jaar,
            Datum::Jaar(d) => d.jaar,
            Datum::DatumOnbekend(_) | Datum::Onbekend(_) => None,
        }
    }
}

/// A complete date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VolledigeDatum {
    pub datum: Option<NaiveDate>,
    pub lang_formaat: Option<String>,
}

/// A date of which only year and month are known.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct JaarMaandDatum {
    pub jaar: Option<i32>,
    pub maand: Option<u32>,
    pub lang_formaat: Option<String>,
}

/// A date of which only the year is known.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct JaarDatum {
    pub jaar: Option<i32>,
    pub lang_formaat: Option<String>,
}

/// A date that is wholly unknown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DatumOnbekend {
    pub onbekend: Option<bool>,
    pub lang_formaat: Option<String>,
}

/// Which data of a group is under investigation, and since when. The BRP
/// sends a different set of members per group (`geslachtsnaam: true`,
/// `datumIngangOnderzoek: {…}`, `datumIngangOnderzoekPersoon: {…}`), so they
/// are kept by name: flags in `velden`, dates in `datums`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InOnderzoek {
    /// Member name → under investigation.
    pub velden: BTreeMap<String, bool>,
    /// `datumIngangOnderzoek…` member name → date.
    pub datums: BTreeMap<String, Datum>,
}

impl InOnderzoek {
    /// The names of the members under investigation.
    pub(crate) fn in_onderzoek(&self) -> impl Iterator<Item = &str> {
        self.velden
            .iter()
            .filter(|(_, on)| **on)
            .map(|(name, _)| name.as_str())
    }
}

impl<'de> Deserialize<'de> for InOnderzoek {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let members = Option::<BTreeMap<String, serde_json::Value>>::deserialize(d)?;
        let mut out = InOnderzoek::default();
        for (name, value) in members.unwrap_or_default() {
            match value {
                serde_json::Value::Bool(on) => {
                    out.velden.insert(name, on);
                }
                serde_json::Value::Object(_) => {
                    let datum = serde_json::from_value(value).map_err(D::Error::custom)?;
                    out.datums.insert(name, datum);
                }
                // Anything else is a member this client does not know.
                _ => {}
            }
        }
        Ok(out)
    }
}

impl Serialize for InOnderzoek {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.velden.len() + self.datums.len()))?;
        for (name, on) in &self.velden {
            map.serialize_entry(name, on)?;
        }
        for (name, datum) in &self.datums {
            map.serialize_entry(name, datum)?;
        }
        map.end()
    }
}
