//! The sandbox Referentielijsten register (maykinmedia Referentielijsten API
//! 0.2, `specs/referentielijsten-openapi.yaml`): named tables of coded items
//! with validity dates, read-only, without authentication.
//!
//! Behaviour follows the real service (Referentielijsten 0.7.4, as recorded in
//! `tests/contract/referentielijsten-0.7.4/`): two
//! list operations, `tabel__code` required on `/items` (400 with
//! `invalidParams` otherwise), an unknown table gives an empty list, newest
//! rows first, DRF page-number pagination, vng-api-common problem bodies and
//! an `API-version` header on every answer. Unknown query parameters are
//! ignored: unlike Open Klant, the service has no unknown-parameter check,
//! and a `isGeldig` that is not a boolean filters nothing (django-filter's
//! `BooleanFilter`).

mod api;
mod landen;
mod openapi;
mod paging;
mod tables;

pub(crate) use api::{router, unknown_version_response as unknown_version};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use tables::Row;

/// The version the real service reports in `API-version`.
pub(crate) const API_VERSION: &str = "0.2.0";

/// Who maintains a table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Beheerder {
    pub(crate) naam: String,
    pub(crate) email: String,
    pub(crate) afdeling: String,
    pub(crate) organisatie: String,
}

/// A table (`Tabel`) with its items.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Tabel {
    pub(crate) code: String,
    pub(crate) naam: String,
    pub(crate) beheerder: Option<Beheerder>,
    #[serde(serialize_with = "date_time")]
    pub(crate) einddatum_geldigheid: Option<DateTime<Utc>>,
    #[serde(skip)]
    pub(crate) items: Vec<Item>,
}

impl Tabel {
    /// `isGeldig` of a table: its end is not in the past.
    pub(crate) fn geldig_op(&self, t: DateTime<Utc>) -> bool {
        self.einddatum_geldigheid.is_none_or(|e| e > t)
    }

    /// `isGeldig=false` of a table: its end has passed.
    fn vervallen_op(&self, t: DateTime<Utc>) -> bool {
        self.einddatum_geldigheid.is_some_and(|e| e < t)
    }
}

/// An item of a table.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Item {
    pub(crate) code: String,
    pub(crate) naam: String,
    #[serde(serialize_with = "date_time")]
    pub(crate) begindatum_geldigheid: Option<DateTime<Utc>>,
    #[serde(serialize_with = "date_time")]
    pub(crate) einddatum_geldigheid: Option<DateTime<Utc>>,
    pub(crate) aanvullende_gegevens: Option<serde_json::Value>,
}

impl Item {
    /// Valid at `t`: begun (or no begin) and not ended (the rule Open Klant
    /// uses to check a kanaal).
    pub(crate) fn geldig_op(&self, t: DateTime<Utc>) -> bool {
        self.begindatum_geldigheid.is_none_or(|b| b <= t)
            && self.einddatum_geldigheid.is_none_or(|e| t < e)
    }

    /// `isGeldig=false` of an item: ended, or not begun yet.
    fn ongeldig_op(&self, t: DateTime<Utc>) -> bool {
        self.einddatum_geldigheid.is_some_and(|e| e < t)
            || self.begindatum_geldigheid.is_some_and(|b| b > t)
    }
}

/// Dates as Django REST framework writes them in UTC: `2025-10-25T15:09:23Z`.
fn date_time<S: serde::Serializer>(v: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(t) => s.serialize_str(&t.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
        None => s.serialize_none(),
    }
}

/// The tables and items the sandbox serves, in creation order.
#[derive(Debug, Default)]
pub(crate) struct Store {
    pub(crate) tabellen: Vec<Tabel>,
}

impl Store {
    /// The standard tables: `KANAAL`, `TAAL`, `LAND`, the small tables of the
    /// VNG voorbeeldvulling and the expired `COMMUNICATIEKANAAL`.
    pub(crate) fn standard() -> Store {
        let beheer = Beheerder {
            naam: "Functioneel beheer Klantinteracties".into(),
            email: "referentielijsten@gemeente-voorbeeld.nl".into(),
            afdeling: "Informatievoorziening".into(),
            organisatie: "Gemeente Voorbeeld".into(),
        };
        let tabel = |code: &str, naam: &str, einde: &str, rows: &[Row]| Tabel {
            code: code.into(),
            naam: naam.into(),
            beheerder: Some(beheer.clone()),
            einddatum_geldigheid: parse_moment(einde),
            items: rows.iter().map(item).collect(),
        };
        let mut land = tabel("LAND", "Landen (ISO 3166-1 alpha-2)", "", &[]);
        land.items = landen_items();
        Store {
            tabellen: vec![
                tabel("KANAAL", "Kanalen", "", tables::KANAAL),
                tabel("TAAL", "Talen (ISO 639-2)", "", tables::TAAL),
                land,
                tabel(
                    "SOORT_DIGITAAL_ADRES",
                    "Soorten digitaal adres",
                    "",
                    tables::SOORT_DIGITAAL_ADRES,
                ),
                tabel(
                    "EXTERN_REGISTER",
                    "Externe registers",
                    "",
                    tables::EXTERN_REGISTER,
                ),
                tabel("SOORT_OBJECT", "Soorten object", "", tables::SOORT_OBJECT),
                tabel(
                    "SOORT_OBJECTID",
                    "Soorten object-ID",
                    "",
                    tables::SOORT_OBJECTID,
                ),
                tabel(
                    "COMMUNICATIEKANAAL",
                    "Communicatiekanalen (Contactmomenten API)",
                    "2024-01-01T00:00:00Z",
                    tables::COMMUNICATIEKANAAL,
                ),
            ],
        }
    }

    /// The table with this code.
    pub(crate) fn tabel(&self, code: &str) -> Option<&Tabel> {
        self.tabellen.iter().find(|t| t.code == code)
    }
}

/// The codes of a standard table, valid or not (empty for an unknown table):
/// what the tests check generated and validated values against.
#[cfg(test)]
pub(crate) fn codes(tabel: &str) -> Vec<String> {
    Store::standard()
        .tabel(tabel)
        .map(|t| t.items.iter().map(|i| i.code.clone()).collect())
        .unwrap_or_default()
}

/// The codes of a standard table that are valid at `t`, for the generator.
pub(crate) fn geldige_codes(tabel: &str, t: DateTime<Utc>) -> Vec<String> {
    Store::standard()
        .tabel(tabel)
        .map(|tb| {
            tb.items
                .iter()
                .filter(|i| i.geldig_op(t))
                .map(|i| i.code.clone())
                .collect()
        })
        .unwrap_or_default()
}

fn item(row: &Row) -> Item {
    let (code, naam, begin, einde) = *row;
    Item {
        code: code.into(),
        naam: naam.into(),
        begindatum_geldigheid: parse_moment(begin),
        einddatum_geldigheid: parse_moment(einde),
        aanvullende_gegevens: None,
    }
}

/// The `LAND` items: current countries (with a start date where the code is
/// recent) and the withdrawn codes (with their end date).
fn landen_items() -> Vec<Item> {
    let begin_of = |code: &str| {
        landen::NIEUW
            .iter()
            .find(|(c, _)| *c == code)
            .and_then(|(_, d)| parse_date(d))
    };
    let huidige = landen::LANDEN.iter().map(|(code, naam)| Item {
        code: (*code).into(),
        naam: (*naam).into(),
        begindatum_geldigheid: begin_of(code),
        einddatum_geldigheid: None,
        aanvullende_gegevens: None,
    });
    let vervallen = landen::VERVALLEN.iter().map(|(code, naam, einde)| Item {
        code: (*code).into(),
        naam: (*naam).into(),
        begindatum_geldigheid: None,
        einddatum_geldigheid: parse_date(einde),
        aanvullende_gegevens: None,
    });
    huidige.chain(vervallen).collect()
}

/// A table's moment (`""` for none); the tables are constants, checked by a test.
fn parse_moment(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Midnight UTC of a `YYYY-MM-DD` date.
fn parse_date(s: &str) -> Option<DateTime<Utc>> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_date_parses() {
        let rows = [
            tables::KANAAL,
            tables::TAAL,
            tables::SOORT_DIGITAAL_ADRES,
            tables::EXTERN_REGISTER,
            tables::SOORT_OBJECT,
            tables::SOORT_OBJECTID,
            tables::COMMUNICATIEKANAAL,
        ];
        for (code, _, begin, einde) in rows.iter().flat_map(|r| r.iter()) {
            for d in [begin, einde] {
                assert!(d.is_empty() || parse_moment(d).is_some(), "{code}: {d}");
            }
        }
        for (code, _, d) in landen::VERVALLEN {
            assert!(parse_date(d).is_some(), "{code}");
        }
        for (code, d) in landen::NIEUW {
            assert!(parse_date(d).is_some(), "{code}");
            assert!(landen::LANDEN.iter().any(|(c, _)| c == code), "{code}");
        }
    }

    #[test]
    fn codes_are_unique_per_table_and_fit_the_spec() {
        let store = Store::standard();
        for t in &store.tabellen {
            assert!(t.code.len() <= 40 && t.naam.chars().count() <= 200);
            let mut codes: Vec<&str> = t.items.iter().map(|i| i.code.as_str()).collect();
            assert!(codes.iter().all(|c| c.len() <= 36));
            codes.sort();
            let before = codes.len();
            codes.dedup();
            assert_eq!(before, codes.len(), "duplicate code in {}", t.code);
        }
    }

    #[test]
    fn standard_tables_are_broad_and_hold_every_kind_of_validity() {
        let store = Store::standard();
        let now = Utc::now();
        let land = store.tabel("LAND").map(|t| t.items.len()).unwrap_or(0);
        let taal = store.tabel("TAAL").map(|t| t.items.len()).unwrap_or(0);
        assert!(land >= 249 && taal >= 40, "LAND {land}, TAAL {taal}");
        let items: Vec<&Item> = store.tabellen.iter().flat_map(|t| &t.items).collect();
        assert!(items
            .iter()
            .any(|i| i.einddatum_geldigheid.is_some_and(|e| e < now)));
        assert!(items
            .iter()
            .any(|i| i.begindatum_geldigheid.is_some_and(|b| b > now)));
        assert!(store.tabellen.iter().any(|t| !t.geldig_op(now)));
        // The codes Open Klant's own KANAAL fixture uses.
        let kanaal = codes("KANAAL");
        for c in [
            "email",
            "phone",
            "future_email",
            "expired_phone",
            "no_dates",
        ] {
            assert!(kanaal.iter().any(|k| k == c), "{c}");
        }
        assert!(geldige_codes("TAAL", now).iter().any(|c| c == "nld"));
        assert!(!geldige_codes("KANAAL", now)
            .iter()
            .any(|c| c == "expired_phone"));
    }
}
