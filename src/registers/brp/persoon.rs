//! The person as the BRP answers it: `Persoon` to raadplegen (consult by
//! BSN), `PersoonBeperkt` to every search. The BRP leaves out whatever was
//! not asked for in `fields`, has no value, is `false` or is the standard
//! "unknown" value, so every member here is optional.

use serde::{Deserialize, Serialize};

use super::relaties::{Gezagsrelatie, Kind, Nationaliteit, Ouder, Partner};
use super::verblijfplaats::Verblijfplaats;
use super::waarden::{AdellijkeTitelPredicaat, Datum, InOnderzoek, Waardetabel};
use crate::registers::tolerant::null_as_default;

/// A person, consulted by BSN (`RaadpleegMetBurgerservicenummer`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Persoon {
    pub a_nummer: Option<String>,
    pub burgerservicenummer: Option<String>,
    #[serde(rename = "datumEersteInschrijvingGBA")]
    pub datum_eerste_inschrijving_gba: Option<Datum>,
    /// Restricts handing the data to third parties, not its use by the
    /// municipality itself: show it, don't hide the person.
    pub geheimhouding_persoonsgegevens: Option<bool>,
    pub geslacht: Option<Waardetabel>,
    pub in_onderzoek: Option<InOnderzoek>,
    pub uitsluiting_kiesrecht: Option<UitsluitingKiesrecht>,
    pub europees_kiesrecht: Option<EuropeesKiesrecht>,
    pub leeftijd: Option<u32>,
    pub naam: Option<Naam>,
    #[serde(deserialize_with = "null_as_default")]
    pub nationaliteiten: Vec<Nationaliteit>,
    pub geboorte: Option<Gebeurtenis>,
    /// Deceased (`O`), emigrated (`E`), …: always delivered when set.
    pub opschorting_bijhouding: Option<OpschortingBijhouding>,
    pub overlijden: Option<Gebeurtenis>,
    /// Also the answer to the alias `verblijfplaatsBinnenland`.
    #[serde(alias = "verblijfplaatsBinnenland")]
    pub verblijfplaats: Option<Verblijfplaats>,
    pub immigratie: Option<Immigratie>,
    pub gemeente_van_inschrijving: Option<Waardetabel>,
    pub datum_inschrijving_in_gemeente: Option<Datum>,
    /// Also the answer to the alias `adresseringBinnenland`.
    #[serde(alias = "adresseringBinnenland")]
    pub adressering: Option<Adressering>,
    pub indicatie_curatele_register: Option<bool>,
    /// Deprecated by the BRP in favour of `gezag`.
    pub indicatie_gezag_minderjarige: Option<Waardetabel>,
    #[serde(deserialize_with = "null_as_default")]
    pub gezag: Vec<Gezagsrelatie>,
    pub verblijfstitel: Option<Verblijfstitel>,
    #[serde(deserialize_with = "null_as_default")]
    pub kinderen: Vec<Kind>,
    #[serde(deserialize_with = "null_as_default")]
    pub ouders: Vec<Ouder>,
    /// Current partners, or the most recently dissolved partnership.
    #[serde(deserialize_with = "null_as_default")]
    pub partners: Vec<Partner>,
    #[serde(deserialize_with = "null_as_default")]
    pub rni: Vec<RniDeelnemer>,
    pub verificatie: Option<Verificatie>,
}

/// A person as a search finds it: fewer members than [`Persoon`], no
/// verblijfplaats, no overlijden. `gezag` only from
/// `ZoekMetAdresseerbaarObjectIdentificatie` (GezagPersoonBeperkt).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PersoonBeperkt {
    pub burgerservicenummer: Option<String>,
    pub geboorte: Option<Gebeurtenis>,
    pub geheimhouding_persoonsgegevens: Option<bool>,
    pub geslacht: Option<Waardetabel>,
    pub in_onderzoek: Option<InOnderzoek>,
    pub leeftijd: Option<u32>,
    pub naam: Option<Naam>,
    pub opschorting_bijhouding: Option<OpschortingBijhouding>,
    #[serde(alias = "adresseringBinnenland")]
    pub adressering: Option<Adressering>,
    #[serde(deserialize_with = "null_as_default")]
    pub rni: Vec<RniDeelnemer>,
    pub verificatie: Option<Verificatie>,
    #[serde(deserialize_with = "null_as_default")]
    pub gezag: Vec<Gezagsrelatie>,
}

/// A name: of the person (with `aanduidingNaamgebruik`), of a relative, or
/// only `volledigeNaam` (in gezag).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Naam {
    pub voornamen: Option<String>,
    pub adellijke_titel_predicaat: Option<AdellijkeTitelPredicaat>,
    pub voorvoegsel: Option<String>,
    pub geslachtsnaam: Option<String>,
    pub voorletters: Option<String>,
    /// Composed by the BRP.
    pub volledige_naam: Option<String>,
    /// How the person wants to be named (E, N, P, V).
    pub aanduiding_naamgebruik: Option<Waardetabel>,
    pub in_onderzoek: Option<InOnderzoek>,
}

/// An event with a date and a place: geboorte, overlijden, aangaan or
/// ontbinding of a huwelijk or partnerschap.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Gebeurtenis {
    pub datum: Option<Datum>,
    pub land: Option<Waardetabel>,
    pub plaats: Option<Waardetabel>,
    pub in_onderzoek: Option<InOnderzoek>,
}

/// Why and since when the BRP no longer keeps the record up to date.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OpschortingBijhouding {
    /// `O` overlijden, `E` emigratie, `M` ministerieel besluit, `R` RNI, …
    pub reden: Option<Waardetabel>,
    pub datum: Option<Datum>,
}

/// Ready-made address lines and salutation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Adressering {
    pub aanhef: Option<String>,
    pub aanschrijfwijze: Option<Aanschrijfwijze>,
    pub gebruik_in_lopende_tekst: Option<String>,
    pub adresregel1: Option<String>,
    pub adresregel2: Option<String>,
    pub adresregel3: Option<String>,
    pub land: Option<Waardetabel>,
    pub indicatie_vastgesteld_verblijft_niet_op_adres: Option<bool>,
    pub in_onderzoek: Option<InOnderzoek>,
}

/// How to address the person in writing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Aanschrijfwijze {
    pub naam: Option<String>,
    pub aanspreekvorm: Option<String>,
}

/// Exclusion from voting.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct UitsluitingKiesrecht {
    pub uitgesloten_van_kiesrecht: Option<bool>,
    pub einddatum: Option<Datum>,
}

/// The right to vote for the European Parliament.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EuropeesKiesrecht {
    pub aanduiding: Option<Waardetabel>,
    pub einddatum_uitsluiting: Option<Datum>,
}

/// Where the person lived before settling in the Netherlands.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Immigratie {
    pub land_vanwaar_ingeschreven: Option<Waardetabel>,
    pub datum_vestiging_in_nederland: Option<Datum>,
    pub vanuit_verblijfplaats_onbekend: Option<bool>,
    pub indicatie_vestiging_vanuit_buitenland: Option<bool>,
    pub in_onderzoek: Option<InOnderzoek>,
}

/// A residence permit.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Verblijfstitel {
    pub aanduiding: Option<Waardetabel>,
    pub datum_einde: Option<Datum>,
    pub datum_ingang: Option<Datum>,
    pub in_onderzoek: Option<InOnderzoek>,
}

/// Registration in the RNI (non-residents), per participating authority.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RniDeelnemer {
    pub deelnemer: Option<Waardetabel>,
    pub omschrijving_verdrag: Option<String>,
    pub categorie: Option<String>,
}

/// When and how the record was verified.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Verificatie {
    pub datum: Option<Datum>,
    pub omschrijving: Option<String>,
}
