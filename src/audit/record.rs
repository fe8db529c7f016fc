//! One line of the verwerkingslog: who looked up which persons in which
//! register, for what purpose, with which fields, when, and what came of it.

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::grondslag::Grondslag;

/// The two records of one lookup, linked by their `id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Fase {
    /// Written before the call: if it cannot be written, no call is made.
    Voornemen,
    /// Written after the call, with the [`Uitkomst`].
    Uitkomst,
}

/// What a lookup asks for, as the caller describes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Aanvraag {
    /// The register's name (`brp`).
    pub register: &'static str,
    /// The kind of lookup: `RaadpleegMetBurgerservicenummer`, `ZoekMet…`.
    pub handeling: String,
    /// The BSNs asked for (raadplegen); empty for a search.
    pub burgerservicenummers: Vec<String>,
    /// The names of the search parameters used (never their values, which
    /// are personal data themselves); empty for raadplegen.
    pub zoekparameters: Vec<String>,
    /// The `fields` asked of the register.
    pub fields: Vec<String>,
}

/// What came of a lookup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum Uitkomst {
    /// The register answered; these persons were delivered (possibly none).
    Geleverd {
        #[serde(rename = "burgerservicenummers")]
        bsns: Vec<String>,
    },
    /// The lookup failed: the GraphQL error code and the register's message
    /// (which names the operation, never a BSN).
    Mislukt { code: String, melding: String },
}

/// One JSON line.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verwerking<'a> {
    /// Always `verwerkingslog`, so that the lines can be told apart when
    /// they share a stream with other output.
    pub soort: &'static str,
    pub id: Uuid,
    pub fase: Fase,
    pub tijdstip: DateTime<Utc>,
    pub gebruiker: &'a str,
    pub doelbinding: &'a str,
    pub verwerking: &'a str,
    pub register: &'a str,
    pub handeling: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub burgerservicenummers: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub zoekparameters: &'a [String],
    pub fields: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uitkomst: Option<&'a Uitkomst>,
}

impl<'a> Verwerking<'a> {
    /// The record of `fase` of lookup `id`.
    pub fn new(
        id: Uuid,
        fase: Fase,
        grondslag: &'a Grondslag,
        aanvraag: &'a Aanvraag,
        uitkomst: Option<&'a Uitkomst>,
    ) -> Self {
        Verwerking {
            soort: "verwerkingslog",
            id,
            fase,
            tijdstip: Utc::now(),
            gebruiker: &grondslag.gebruiker,
            doelbinding: &grondslag.doelbinding,
            verwerking: &grondslag.verwerking,
            register: aanvraag.register,
            handeling: &aanvraag.handeling,
            burgerservicenummers: &aanvraag.burgerservicenummers,
            zoekparameters: &aanvraag.zoekparameters,
            fields: &aanvraag.fields,
            uitkomst,
        }
    }
}
