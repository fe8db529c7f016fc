//! The BRP's recurring values in GraphQL: a coded value with its meaning
//! (Waardetabel), the polymorphic date, and "in onderzoek".

use async_graphql::{Object, SimpleObject};
use chrono::NaiveDate;

use crate::registers::brp;

/// A code from a national table with its meaning, e.g. `{code: "0599",
/// omschrijving: "Rotterdam"}`; either may be missing.
#[derive(SimpleObject)]
pub struct Waardetabel {
    pub code: Option<String>,
    pub omschrijving: Option<String>,
}

impl Waardetabel {
    /// The GraphQL form of the register's value, when there is one.
    pub fn of(w: &Option<brp::Waardetabel>) -> Option<Waardetabel> {
        w.as_ref().map(|w| Waardetabel {
            code: w.code.clone(),
            omschrijving: w.omschrijving.clone(),
        })
    }
}

/// A noble title or predicate: a Waardetabel plus `titel` or `predicaat`.
#[derive(SimpleObject)]
pub struct AdellijkeTitelPredicaat {
    pub code: Option<String>,
    pub omschrijving: Option<String>,
    pub soort: Option<String>,
}

impl AdellijkeTitelPredicaat {
    /// The GraphQL form of the register's value, when there is one.
    pub fn of(a: &Option<brp::AdellijkeTitelPredicaat>) -> Option<AdellijkeTitelPredicaat> {
        a.as_ref().map(|a| AdellijkeTitelPredicaat {
            code: a.code.clone(),
            omschrijving: a.omschrijving.clone(),
            soort: a.soort.clone(),
        })
    }
}

/// A BRP date: complete (`Datum`), year and month (`JaarMaandDatum`), year
/// only (`JaarDatum`) or unknown (`DatumOnbekend`), each with `langFormaat`,
/// the date written out.
pub struct Datum(pub brp::Datum);

impl Datum {
    /// The GraphQL form of the register's value, when there is one.
    pub fn of(d: &Option<brp::Datum>) -> Option<Datum> {
        d.clone().map(Datum)
    }
}

#[Object]
impl Datum {
    /// `Datum`, `JaarMaandDatum`, `JaarDatum` or `DatumOnbekend`.
    #[graphql(name = "type")]
    async fn soort(&self) -> &str {
        self.0.type_name()
    }
    /// The complete date, when known.
    async fn datum(&self) -> Option<NaiveDate> {
        self.0.datum()
    }
    async fn jaar(&self) -> Option<i32> {
        self.0.jaar()
    }
    async fn maand(&self) -> Option<u32> {
        match &self.0 {
            brp::Datum::JaarMaand(d) => d.maand,
            _ => None,
        }
    }
    /// Whether the date is wholly unknown.
    async fn onbekend(&self) -> bool {
        matches!(self.0, brp::Datum::DatumOnbekend(_))
    }
    async fn lang_formaat(&self) -> Option<&str> {
        self.0.lang_formaat()
    }
}

/// Which data of a group is under investigation, and since when. The BRP
/// delivers it unasked, with what it is about.
pub struct InOnderzoek(pub brp::InOnderzoek);

impl InOnderzoek {
    /// The GraphQL form of the register's value, when there is one.
    pub fn of(o: &Option<brp::InOnderzoek>) -> Option<InOnderzoek> {
        o.clone().map(InOnderzoek)
    }
}

#[Object]
impl InOnderzoek {
    /// The names of the fields under investigation (e.g. `geslachtsnaam`).
    async fn velden(&self) -> Vec<&str> {
        self.0.in_onderzoek().collect()
    }
    /// The dates the investigations began, by the BRP's name for each
    /// (`datumIngangOnderzoek`, `datumIngangOnderzoekPersoon`, …).
    async fn datums(&self) -> Vec<OnderzoekDatum> {
        self.0
            .datums
            .iter()
            .map(|(naam, datum)| OnderzoekDatum {
                naam: naam.clone(),
                datum: Datum(datum.clone()),
            })
            .collect()
    }
}

/// One investigation's start date.
#[derive(SimpleObject)]
pub struct OnderzoekDatum {
    pub naam: String,
    pub datum: Datum,
}
