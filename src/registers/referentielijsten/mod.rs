//! The Referentielijsten client (maykinmedia Referentielijsten API 0.2):
//! named tables of coded items, from which the gateway looks up what a code
//! (`kanaal`, `taal`, `land`) means. Read-only lists, no detail endpoints:
//! a table is fetched whole (all pages) and indexed by the caller.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::error::RegisterError;
use super::transport::RegisterHandle;
use crate::registers::tolerant::{datetime, null_as_default};

/// Page size: the API's maximum, so that a table takes the fewest calls.
const PAGE_SIZE: &str = "500";

/// A table of codes (`/tabellen`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Tabel {
    /// Unique, e.g. `KANAAL`.
    #[serde(deserialize_with = "null_as_default")]
    pub code: String,
    #[serde(deserialize_with = "null_as_default")]
    pub naam: String,
    pub beheerder: Option<Beheerder>,
    /// After this moment the table is no longer valid.
    #[serde(deserialize_with = "datetime")]
    pub einddatum_geldigheid: Option<DateTime<FixedOffset>>,
}

/// Who maintains a table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Beheerder {
    pub naam: Option<String>,
    pub email: Option<String>,
    pub afdeling: Option<String>,
    pub organisatie: Option<String>,
}

/// One code of a table and what it means (`/items?tabel__code=…`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Item {
    /// Unique within its table.
    #[serde(deserialize_with = "null_as_default")]
    pub code: String,
    /// The meaning, for people.
    #[serde(deserialize_with = "null_as_default")]
    pub naam: String,
    #[serde(deserialize_with = "datetime")]
    pub begindatum_geldigheid: Option<DateTime<FixedOffset>>,
    #[serde(deserialize_with = "datetime")]
    pub einddatum_geldigheid: Option<DateTime<FixedOffset>>,
    /// Whatever else the municipality keeps with the code (free JSON).
    pub aanvullende_gegevens: Option<serde_json::Value>,
}

/// Client of a Referentielijsten API (`…/api/v1`).
#[derive(Debug, Clone)]
pub struct Referentielijsten {
    handle: RegisterHandle,
}

impl Referentielijsten {
    /// A client over a handle whose base URL ends in `/api/v1`.
    pub(crate) fn new(handle: RegisterHandle) -> Self {
        Referentielijsten { handle }
    }

    /// The register's handle (base URL, limits).
    pub fn handle(&self) -> &RegisterHandle {
        &self.handle
    }

    /// Every table, valid or not.
    pub async fn tabellen(&self) -> Result<Vec<Tabel>, RegisterError> {
        let url = self
            .handle
            .url("/tabellen", &[("pageSize", PAGE_SIZE.to_string())]);
        self.handle.all_pages(url, "/tabellen").await
    }

    /// Every item of a table, valid or not (historic klantcontacten keep
    /// old codes, and they must still be shown). An unknown table has none.
    pub async fn items(&self, tabel: &str) -> Result<Vec<Item>, RegisterError> {
        let url = self.handle.url(
            "/items",
            &[
                ("tabel__code", tabel.to_string()),
                ("pageSize", PAGE_SIZE.to_string()),
            ],
        );
        self.handle.all_pages(url, "/items").await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_decode_with_their_validity() {
        let page = r#"{"count":2,"next":null,"previous":null,"results":[
            {"code":"option2","naam":"Option 2","begindatumGeldigheid":"2025-01-07T14:17:59Z","einddatumGeldigheid":null,"aanvullendeGegevens":null},
            {"code":"oud","naam":"Oud","begindatumGeldigheid":null,"einddatumGeldigheid":"2024-01-01T00:00:00+01:00","aanvullendeGegevens":{"iso":"x"},"nieuw":1}]}"#;
        let page: crate::registers::transport::Page<Item> =
            serde_json::from_str(page).unwrap_or_else(|e| panic!("{e}"));
        let eind = DateTime::parse_from_rfc3339("2024-01-01T00:00:00+01:00")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(page.results.len(), 2);
        assert_eq!(page.results[0].einddatum_geldigheid, None);
        assert_eq!(page.results[1].einddatum_geldigheid, Some(eind));
        assert_eq!(
            page.results[1].aanvullende_gegevens,
            Some(serde_json::json!({"iso": "x"}))
        );
        let tabel: Tabel = serde_json::from_str(
            r#"{"code":"KANAAL","naam":"Kanalen","beheerder":null,"einddatumGeldigheid":null}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(tabel.code, "KANAAL");
    }
}
