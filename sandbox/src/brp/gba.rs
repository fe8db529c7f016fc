//! The persons as the BRP keeps them internally: the "GBA variant" shape of
//! the official mock's `test-data.json` (dates as `yyyymmdd` with `00` for
//! unknown parts, a flat verblijfplaats, no `type` discriminators, no derived
//! fields). The official test persons are read in this shape, and the data
//! set's generated persons are written into it, so that one converter
//! (`convert`) turns both into the v2 response shape, as the real BrpProxy
//! does with the GBA-V answers.

use std::sync::OnceLock;

use serde::{Deserialize, Deserializer};

use crate::dataset::Persoon;

/// The official test persons (RvIG proefomgeving and DigiD), verbatim.
const TESTDATA: &str = include_str!("../../../specs/brp-testdata.json");

/// A code with its description (landelijke tabel). `soort` is only used by
/// the adellijke titel/predicaat table.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct Waardetabel {
    pub code: Option<String>,
    pub omschrijving: Option<String>,
    pub soort: Option<String>,
}

impl Waardetabel {
    pub fn new(code: &str, omschrijving: &str) -> Waardetabel {
        Waardetabel {
            code: Some(code.into()),
            omschrijving: Some(omschrijving.into()),
            soort: None,
        }
    }

    /// The code, or "" when there is none.
    pub fn code(&self) -> &str {
        self.code.as_deref().unwrap_or("")
    }
}

/// Which data of a category is under investigation: `aanduidingGegevensInOnderzoek`
/// is a GBA rubriek `CCGGEE` (category, group, element; `00` = all of it).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct InOnderzoek {
    pub aanduiding_gegevens_in_onderzoek: String,
    pub datum_ingang_onderzoek: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Naam {
    pub aanduiding_naamgebruik: Option<Waardetabel>,
    pub voornamen: Option<String>,
    pub adellijke_titel_predicaat: Option<Waardetabel>,
    pub voorvoegsel: Option<String>,
    pub geslachtsnaam: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Gebeurtenis {
    pub datum: Option<String>,
    pub land: Option<Waardetabel>,
    pub plaats: Option<Waardetabel>,
    #[serde(rename = "inOnderzoek")]
    pub in_onderzoek: Option<InOnderzoek>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Nationaliteit {
    pub nationaliteit: Option<Waardetabel>,
    pub aanduiding_bijzonder_nederlanderschap: Option<Waardetabel>,
    pub reden_opname: Option<Waardetabel>,
    pub datum_ingang_geldigheid: Option<String>,
    pub in_onderzoek: Option<InOnderzoek>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Opschorting {
    pub reden: Option<Waardetabel>,
    pub datum: Option<String>,
}

/// The flat verblijfplaats: a Dutch address, a location, or a foreign address.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Verblijfplaats {
    pub functie_adres: Option<Waardetabel>,
    pub datum_ingang_geldigheid: Option<String>,
    pub in_onderzoek: Option<InOnderzoek>,
    pub datum_aanvang_adreshouding: Option<String>,
    pub datum_aanvang_adres_buitenland: Option<String>,
    pub straat: Option<String>,
    pub naam_openbare_ruimte: Option<String>,
    #[serde(deserialize_with = "number_as_text")]
    pub huisnummer: Option<String>,
    pub huisletter: Option<String>,
    pub huisnummertoevoeging: Option<String>,
    pub aanduiding_bij_huisnummer: Option<Waardetabel>,
    pub postcode: Option<String>,
    pub woonplaats: Option<String>,
    pub adresseerbaar_object_identificatie: Option<String>,
    pub nummeraanduiding_identificatie: Option<String>,
    pub locatiebeschrijving: Option<String>,
    pub land: Option<Waardetabel>,
    pub regel1: Option<String>,
    pub regel2: Option<String>,
    pub regel3: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Immigratie {
    pub land_vanwaar_ingeschreven: Option<Waardetabel>,
    pub datum_vestiging_in_nederland: Option<String>,
}

/// A reference to a person by BSN (gezag, derden).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Bsn {
    pub burgerservicenummer: Option<String>,
}

/// A gezagsrelatie as the mock holds it: only BSNs; the names and ages of
/// the v2.7 shape are looked up.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Gezag {
    #[serde(rename = "type")]
    pub soort: String,
    pub minderjarige: Option<Bsn>,
    pub ouder: Option<Bsn>,
    pub ouders: Vec<Bsn>,
    pub derde: Option<Bsn>,
    pub derden: Vec<Bsn>,
    pub toelichting: Option<String>,
}

/// A kind, ouder or partner: the related person as recorded on this
/// person's list.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Gerelateerde {
    pub burgerservicenummer: Option<String>,
    pub geslacht: Option<Waardetabel>,
    pub ouder_aanduiding: Option<String>,
    pub datum_ingang_familierechtelijke_betrekking: Option<String>,
    pub soort_verbintenis: Option<Waardetabel>,
    pub naam: Option<Naam>,
    pub geboorte: Option<Gebeurtenis>,
    pub aangaan_huwelijk_partnerschap: Option<Gebeurtenis>,
    pub ontbinding_huwelijk_partnerschap: Option<Gebeurtenis>,
    pub in_onderzoek: Option<InOnderzoek>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Rni {
    pub deelnemer: Option<Waardetabel>,
    pub omschrijving_verdrag: Option<String>,
    pub categorie: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Verificatie {
    pub datum: Option<String>,
    pub omschrijving: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Kiesrecht {
    pub uitgesloten_van_kiesrecht: Option<bool>,
    pub einddatum: Option<String>,
    pub aanduiding: Option<Waardetabel>,
    pub einddatum_uitsluiting: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Verblijfstitel {
    pub aanduiding: Option<Waardetabel>,
    pub datum_ingang: Option<String>,
    pub datum_einde: Option<String>,
}

/// One persoonslijst in the GBA variant shape.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct GbaPersoon {
    pub a_nummer: Option<String>,
    pub burgerservicenummer: String,
    #[serde(rename = "datumEersteInschrijvingGBA")]
    pub datum_eerste_inschrijving_gba: Option<String>,
    #[serde(deserialize_with = "number_as_text")]
    pub geheimhouding_persoonsgegevens: Option<String>,
    pub geslacht: Option<Waardetabel>,
    pub naam: Option<Naam>,
    pub nationaliteiten: Vec<Nationaliteit>,
    pub geboorte: Option<Gebeurtenis>,
    pub opschorting_bijhouding: Option<Opschorting>,
    pub overlijden: Option<Gebeurtenis>,
    pub verblijfplaats: Option<Verblijfplaats>,
    pub immigratie: Option<Immigratie>,
    pub gemeente_van_inschrijving: Option<Waardetabel>,
    pub datum_inschrijving_in_gemeente: Option<String>,
    pub gezag: Vec<Gezag>,
    pub kinderen: Vec<Gerelateerde>,
    pub ouders: Vec<Gerelateerde>,
    pub partners: Vec<Gerelateerde>,
    pub rni: Vec<Rni>,
    pub verificatie: Option<Verificatie>,
    pub uitsluiting_kiesrecht: Option<Kiesrecht>,
    pub europees_kiesrecht: Option<Kiesrecht>,
    pub verblijfstitel: Option<Verblijfstitel>,
    pub indicatie_curatele_register: Option<bool>,
    pub indicatie_gezag_minderjarige: Option<Waardetabel>,
    pub persoon_in_onderzoek: Option<InOnderzoek>,
    pub gezag_in_onderzoek: Option<InOnderzoek>,
}

impl GbaPersoon {
    /// Deceased: the bijhouding is suspended for reason `O` (overlijden).
    pub fn is_overleden(&self) -> bool {
        self.opschorting_bijhouding
            .as_ref()
            .and_then(|o| o.reden.as_ref())
            .is_some_and(|r| r.code() == "O")
    }

    /// The gemeente code the person is registered in ("" when none).
    pub fn gemeente_code(&self) -> &str {
        self.gemeente_van_inschrijving
            .as_ref()
            .map(Waardetabel::code)
            .unwrap_or("")
    }
}

/// The mock's file has `huisnummer` as a string and `geheimhouding` as "1";
/// newer versions write numbers. Both are read as text.
fn number_as_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

/// The official test persons, parsed once per process.
pub fn testpersonen() -> &'static [GbaPersoon] {
    static PARSED: OnceLock<Vec<GbaPersoon>> = OnceLock::new();
    PARSED.get_or_init(|| {
        // The file is embedded at compile time, not input; a unit test
        // guards that it parses.
        serde_json::from_str(TESTDATA).expect("specs/brp-testdata.json is valid")
    })
}

/// Writes a generated person into the GBA variant shape.
pub fn from_generated(p: &Persoon) -> GbaPersoon {
    let datum = |d: chrono::NaiveDate| d.format("%Y%m%d").to_string();
    let non_empty = |s: &str| (!s.trim().is_empty()).then(|| s.to_string());
    let geslacht = match p.geslacht {
        'M' => Waardetabel::new("M", "man"),
        'V' => Waardetabel::new("V", "vrouw"),
        _ => Waardetabel::new("O", "onbekend"),
    };
    let nederland = Waardetabel::new("6030", "Nederland");
    let geboortedatum = datum(p.geboortedatum);
    let verblijfplaats = match &p.verblijfplaats {
        Some(a) => Verblijfplaats {
            functie_adres: Some(Waardetabel::new("W", "woonadres")),
            straat: Some(a.straat.clone()),
            naam_openbare_ruimte: Some(a.straat.clone()),
            huisnummer: Some(a.huisnummer.to_string()),
            huisletter: non_empty(&a.huisletter),
            huisnummertoevoeging: non_empty(&a.huisnummertoevoeging),
            postcode: Some(a.postcode.replace(' ', "")),
            woonplaats: Some(a.woonplaats.clone()),
            adresseerbaar_object_identificatie: non_empty(&a.adresseerbaar_object_identificatie),
            nummeraanduiding_identificatie: non_empty(&a.nummeraanduiding_identificatie),
            ..Verblijfplaats::default()
        },
        // No address known: the GBA records land 0000 (verblijfplaats onbekend).
        None => Verblijfplaats {
            land: Some(Waardetabel::new("0000", "Onbekend")),
            ..Verblijfplaats::default()
        },
    };
    let gemeente = p
        .verblijfplaats
        .as_ref()
        .map(|a| Waardetabel::new(&a.gemeente.0, &a.gemeente.1));
    GbaPersoon {
        burgerservicenummer: p.burgerservicenummer.clone(),
        geheimhouding_persoonsgegevens: p.geheimhouding.then(|| "1".to_string()),
        geslacht: Some(geslacht),
        naam: Some(Naam {
            aanduiding_naamgebruik: Some(Waardetabel::new("E", "eigen geslachtsnaam")),
            voornamen: non_empty(&p.voornamen),
            voorvoegsel: non_empty(&p.voorvoegsel),
            geslachtsnaam: non_empty(&p.geslachtsnaam),
            adellijke_titel_predicaat: None,
        }),
        nationaliteiten: vec![Nationaliteit {
            nationaliteit: Some(Waardetabel::new("0001", "Nederlandse")),
            datum_ingang_geldigheid: Some(geboortedatum.clone()),
            ..Nationaliteit::default()
        }],
        geboorte: Some(Gebeurtenis {
            datum: Some(geboortedatum),
            land: Some(nederland.clone()),
            plaats: Some(Waardetabel::new(&p.geboorteplaats.0, &p.geboorteplaats.1)),
            in_onderzoek: None,
        }),
        overlijden: p.overlijdensdatum.map(|d| Gebeurtenis {
            datum: Some(datum(d)),
            land: Some(nederland.clone()),
            ..Gebeurtenis::default()
        }),
        opschorting_bijhouding: p.overlijdensdatum.map(|d| Opschorting {
            reden: Some(Waardetabel::new("O", "overlijden")),
            datum: Some(datum(d)),
        }),
        verblijfplaats: Some(verblijfplaats),
        gemeente_van_inschrijving: gemeente,
        ..GbaPersoon::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_test_persons_parse() {
        let personen = testpersonen();
        assert_eq!(personen.len(), 1176);
        let moulin = personen
            .iter()
            .find(|p| p.burgerservicenummer == "999993653")
            .unwrap();
        let v = moulin.verblijfplaats.as_ref().unwrap();
        assert_eq!(v.huisnummer.as_deref(), Some("31"));
        assert_eq!(moulin.gemeente_code(), "0599");
        let geheim = personen
            .iter()
            .find(|p| p.burgerservicenummer == "999993483")
            .unwrap();
        assert_eq!(geheim.geheimhouding_persoonsgegevens.as_deref(), Some("1"));
    }
}
