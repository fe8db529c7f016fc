//! The person's relations as the BRP gives them: nationaliteiten, kinderen,
//! ouders, partners, and gezag (who has authority over a minor).

use serde::{Deserialize, Serialize};

use super::persoon::{Gebeurtenis, Naam};
use super::waarden::{Datum, InOnderzoek, Waardetabel};
use crate::registers::tolerant::{null_as_default, tagged_enum};

tagged_enum! {
    /// One nationality, by `type`.
    pub enum Nationaliteit {
        Bekend(NationaliteitGegevens) = "Nationaliteit",
        BehandeldAlsNederlander(NationaliteitGegevens) = "BehandeldAlsNederlander",
        VastgesteldNietNederlander(NationaliteitGegevens) = "VastgesteldNietNederlander",
        Staatloos(NationaliteitGegevens) = "Staatloos",
        NationaliteitOnbekend(NationaliteitGegevens) = "NationaliteitOnbekend",
    }
}

/// The members of every kind of nationality (`nationaliteit` only on a known one).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NationaliteitGegevens {
    pub nationaliteit: Option<Waardetabel>,
    pub reden_opname: Option<Waardetabel>,
    pub datum_ingang_geldigheid: Option<Datum>,
    pub in_onderzoek: Option<InOnderzoek>,
}

/// A child.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Kind {
    pub burgerservicenummer: Option<String>,
    pub naam: Option<Naam>,
    pub geboorte: Option<Gebeurtenis>,
    pub in_onderzoek: Option<InOnderzoek>,
}

/// A parent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Ouder {
    pub burgerservicenummer: Option<String>,
    pub geslacht: Option<Waardetabel>,
    /// `1` or `2`.
    pub ouder_aanduiding: Option<String>,
    pub datum_ingang_familierechtelijke_betrekking: Option<Datum>,
    pub naam: Option<Naam>,
    pub geboorte: Option<Gebeurtenis>,
    pub in_onderzoek: Option<InOnderzoek>,
}

/// A spouse or registered partner.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Partner {
    pub burgerservicenummer: Option<String>,
    pub geslacht: Option<Waardetabel>,
    /// `H` huwelijk, `P` partnerschap.
    pub soort_verbintenis: Option<Waardetabel>,
    pub naam: Option<Naam>,
    pub geboorte: Option<Gebeurtenis>,
    pub aangaan_huwelijk_partnerschap: Option<Gebeurtenis>,
    pub ontbinding_huwelijk_partnerschap: Option<Gebeurtenis>,
    pub in_onderzoek: Option<InOnderzoek>,
}

tagged_enum! {
    /// Who has authority over a minor, by `type` (BRP 2.7 names).
    pub enum Gezagsrelatie {
        GezamenlijkOuderlijkGezag(Gezag) = "GezamenlijkOuderlijkGezag",
        EenhoofdigOuderlijkGezag(Gezag) = "EenhoofdigOuderlijkGezag",
        GezamenlijkGezag(Gezag) = "GezamenlijkGezag",
        Voogdij(Gezag) = "Voogdij",
        TijdelijkGeenGezag(Gezag) = "TijdelijkGeenGezag",
        GezagNietTeBepalen(Gezag) = "GezagNietTeBepalen",
    }
}

/// The members of every kind of gezag; which are set depends on the kind
/// (`ouders` for joint parental authority, `ouder` and `derde` for joint
/// authority, `derden` for guardianship, `toelichting` when there is none).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Gezag {
    pub minderjarige: Option<Minderjarige>,
    #[serde(deserialize_with = "null_as_default")]
    pub ouders: Vec<GezagPersoon>,
    pub ouder: Option<GezagPersoon>,
    pub derde: Option<Derde>,
    #[serde(deserialize_with = "null_as_default")]
    pub derden: Vec<GezagPersoon>,
    pub toelichting: Option<String>,
    pub in_onderzoek: Option<bool>,
}

/// The minor a gezag is about.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Minderjarige {
    pub burgerservicenummer: Option<String>,
    pub naam: Option<Naam>,
    pub leeftijd: Option<u32>,
}

/// A person with authority: a parent or a known third party.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct GezagPersoon {
    pub burgerservicenummer: Option<String>,
    pub naam: Option<Naam>,
}

tagged_enum! {
    /// The third party in joint authority: known (with BSN) or not.
    pub enum Derde {
        BekendeDerde(GezagPersoon) = "BekendeDerde",
        OnbekendeDerde(OnbekendeDerde) = "OnbekendeDerde",
    }
}

/// A third party the BRP does not identify.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnbekendeDerde {}
