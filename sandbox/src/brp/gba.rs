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
pub(crate) struct Waardetabel {
    pub(crate) code: Option<String>,
    pub(crate) omschrijving: Option<String>,
    pub(crate) soort: Option<String>,
}

impl Waardetabel {
    pub(crate) fn new(code: &str, omschrijving: &str) -> Waardetabel {
        Waardetabel {
            code: Some(code.into()),
            omschrijving: Some(omschrijving.into()),
            soort: None,
        }
    }

    /// The code, or "" when there is none.
    pub(crate) fn code(&self) -> &str {
        self.code.as_deref().unwrap_or("")
    }
}

/// Which data of a category is under investigation: `aanduidingGegevensInOnderzoek`
/// is a GBA rubriek `CCGGEE` (category, group, element; `00` = all of it).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct InOnderzoek {
    pub(crate) aanduiding_gegevens_in_onderzoek: String,
    pub(crate) datum_ingang_onderzoek: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct Naam {
    pub(crate) aanduiding_naamgebruik: Option<Waardetabel>,
    pub(crate) voornamen: Option<String>,
    pub(crate) adellijke_titel_predicaat: Option<Waardetabel>,
    pub(crate) voorvoegsel: Option<String>,
    pub(crate) geslachtsnaam: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Gebeurtenis {
    pub(crate) datum: Option<String>,
    pub(crate) land: Option<Waardetabel>,
    pub(crate) plaats: Option<Waardetabel>,
    #[serde(rename = "inOnderzoek")]
    pub(crate) in_onderzoek: Option<InOnderzoek>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct Nationaliteit {
    pub(crate) nationaliteit: Option<Waardetabel>,
    pub(crate) aanduiding_bijzonder_nederlanderschap: Option<Waardetabel>,
    pub(crate) reden_opname: Option<Waardetabel>,
    pub(crate) datum_ingang_geldigheid: Option<String>,
    pub(crate) in_onderzoek: Option<InOnderzoek>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct Opschorting {
    pub(crate) reden: Option<Waardetabel>,
    pub(crate) datum: Option<String>,
}

/// The flat verblijfplaats: a Dutch address, a location, or a foreign address.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct Verblijfplaats {
    pub(crate) functie_adres: Option<Waardetabel>,
    pub(crate) datum_ingang_geldigheid: Option<String>,
    pub(crate) in_onderzoek: Option<InOnderzoek>,
    pub(crate) datum_aanvang_adreshouding: Option<String>,
    pub(crate) datum_aanvang_adres_buitenland: Option<String>,
    pub(crate) straat: Option<String>,
    pub(crate) naam_openbare_ruimte: Option<String>,
    #[serde(deserialize_with = "number_as_text")]
    pub(crate) huisnummer: Option<String>,
    pub(crate) huisletter: Option<String>,
    pub(crate) huisnummertoevoeging: Option<String>,
    pub(crate) aanduiding_bij_huisnummer: Option<Waardetabel>,
    pub(crate) postcode: Option<String>,
    pub(crate) woonplaats: Option<String>,
    pub(crate) adresseerbaar_object_identificatie: Option<String>,
    pub(crate) nummeraanduiding_identificatie: Option<String>,
    pub(crate) locatiebeschrijving: Option<String>,
    pub(crate) land: Option<Waardetabel>,
    pub(crate) regel1: Option<String>,
    pub(crate) regel2: Option<String>,
    pub(crate) regel3: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct Immigratie {
    pub(crate) land_vanwaar_ingeschreven: Option<Waardetabel>,
    pub(crate) datum_vestiging_in_nederland: Option<String>,
}

/// A reference to a person by BSN (gezag, derden).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Bsn {
    pub(crate) burgerservicenummer: Option<String>,
}

/// A gezagsrelatie as the mock holds it: only BSNs; the names and ages of
/// the v2.7 shape are looked up.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Gezag {
    #[serde(rename = "type")]
    pub(crate) soort: String,
    pub(crate) minderjarige: Option<Bsn>,
    pub(crate) ouder: Option<Bsn>,
    pub(crate) ouders: Vec<Bsn>,
    pub(crate) derde: Option<Bsn>,
    pub(crate) derden: Vec<Bsn>,
    pub(crate) toelichting: Option<String>,
}

/// A kind, ouder or partner: the related person as recorded on this
/// person's list.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct Gerelateerde {
    pub(crate) burgerservicenummer: Option<String>,
    pub(crate) geslacht: Option<Waardetabel>,
    pub(crate) ouder_aanduiding: Option<String>,
    pub(crate) datum_ingang_familierechtelijke_betrekking: Option<String>,
    pub(crate) soort_verbintenis: Option<Waardetabel>,
    pub(crate) naam: Option<Naam>,
    pub(crate) geboorte: Option<Gebeurtenis>,
    pub(crate) aangaan_huwelijk_partnerschap: Option<Gebeurtenis>,
    pub(crate) ontbinding_huwelijk_partnerschap: Option<Gebeurtenis>,
    pub(crate) in_onderzoek: Option<InOnderzoek>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct Rni {
    pub(crate) deelnemer: Option<Waardetabel>,
    pub(crate) omschrijving_verdrag: Option<String>,
    pub(crate) categorie: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Verificatie {
    pub(crate) datum: Option<String>,
    pub(crate) omschrijving: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct Kiesrecht {
    pub(crate) uitgesloten_van_kiesrecht: Option<bool>,
    pub(crate) einddatum: Option<String>,
    pub(crate) aanduiding: Option<Waardetabel>,
    pub(crate) einddatum_uitsluiting: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct Verblijfstitel {
    pub(crate) aanduiding: Option<Waardetabel>,
    pub(crate) datum_ingang: Option<String>,
    pub(crate) datum_einde: Option<String>,
}

/// One persoonslijst in the GBA variant shape.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct GbaPersoon {
    pub(crate) a_nummer: Option<String>,
    pub(crate) burgerservicenummer: String,
    #[serde(rename = "datumEersteInschrijvingGBA")]
    pub(crate) datum_eerste_inschrijving_gba: Option<String>,
    #[serde(deserialize_with = "number_as_text")]
    pub(crate) geheimhouding_persoonsgegevens: Option<String>,
    pub(crate) geslacht: Option<Waardetabel>,
    pub(crate) naam: Option<Naam>,
    pub(crate) nationaliteiten: Vec<Nationaliteit>,
    pub(crate) geboorte: Option<Gebeurtenis>,
    pub(crate) opschorting_bijhouding: Option<Opschorting>,
    pub(crate) overlijden: Option<Gebeurtenis>,
    pub(crate) verblijfplaats: Option<Verblijfplaats>,
    pub(crate) immigratie: Option<Immigratie>,
    pub(crate) gemeente_van_inschrijving: Option<Waardetabel>,
    pub(crate) datum_inschrijving_in_gemeente: Option<String>,
    pub(crate) gezag: Vec<Gezag>,
    pub(crate) kinderen: Vec<Gerelateerde>,
    pub(crate) ouders: Vec<Gerelateerde>,
    pub(crate) partners: Vec<Gerelateerde>,
    pub(crate) rni: Vec<Rni>,
    pub(crate) verificatie: Option<Verificatie>,
    pub(crate) uitsluiting_kiesrecht: Option<Kiesrecht>,
    pub(crate) europees_kiesrecht: Option<Kiesrecht>,
    pub(crate) verblijfstitel: Option<Verblijfstitel>,
    pub(crate) indicatie_curatele_register: Option<bool>,
    pub(crate) indicatie_gezag_minderjarige: Option<Waardetabel>,
    pub(crate) persoon_in_onderzoek: Option<InOnderzoek>,
    pub(crate) gezag_in_onderzoek: Option<InOnderzoek>,
}

impl GbaPersoon {
    /// Deceased: the bijhouding is suspended for reason `O` (overlijden).
    pub(crate) fn is_overleden(&self) -> bool {
        self.opschorting_bijhouding
            .as_ref()
            .and_then(|o| o.reden.as_ref())
            .is_some_and(|r| r.code() == "O")
    }

    /// The gemeente code the person is registered in ("" when none).
    pub(crate) fn gemeente_code(&self) -> &str {
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
pub(crate) fn testpersonen() -> &'static [GbaPersoon] {
    static PARSED: OnceLock<Vec<GbaPersoon>> = OnceLock::new();
    PARSED.get_or_init(|| {
        // The file is embedded at compile time, not input; a unit test
        // guards that it parses.
        serde_json::from_str(TESTDATA).expect("specs/brp-testdata.json is valid")
    })
}

/// Writes a generated person into the GBA variant shape.
pub(crate) fn from_generated(p: &Persoon) -> GbaPersoon {
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
