//! "In onderzoek": the GBA marks which data the municipality is
//! investigating with a rubriek `CCGGEE` (category, group, element; `00`
//! means all of the group or category). The v2 API turns that into
//! `inOnderzoek` objects with a boolean per affected field and the date the
//! investigation started, next to the fields they concern. The tables below
//! say which v2 field each GBA element feeds.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::datum::datum;
use super::gba::InOnderzoek;

/// GBA elements (`GGEE`) that put `vlaggen` of the object at `object`
/// (a dot path from the person or relation; "" is the root) in onderzoek,
/// with the start date under `datum`.
pub(crate) struct Regel {
    elementen: &'static [&'static str],
    object: &'static str,
    vlaggen: &'static [&'static str],
    datum: &'static str,
}

const fn regel(
    elementen: &'static [&'static str],
    object: &'static str,
    vlaggen: &'static [&'static str],
    datum: &'static str,
) -> Regel {
    Regel {
        elementen,
        object,
        vlaggen,
        datum,
    }
}

const D: &str = "datumIngangOnderzoek";
const NAAM: [&str; 4] = ["0210", "0220", "0230", "0240"];

/// Category 01, the person.
pub(crate) const PERSOON: &[Regel] = &[
    regel(
        &["0120"],
        "",
        &["burgerservicenummer"],
        "datumIngangOnderzoekPersoon",
    ),
    regel(&["0310"], "", &["leeftijd"], "datumIngangOnderzoekPersoon"),
    regel(&["0410"], "", &["geslacht"], "datumIngangOnderzoekPersoon"),
    regel(&["0210"], "naam", &["voornamen", "voorletters"], D),
    regel(&["0220"], "naam", &["adellijkeTitelPredicaat"], D),
    regel(&["0230"], "naam", &["voorvoegsel"], D),
    regel(&["0240"], "naam", &["geslachtsnaam"], D),
    regel(&NAAM, "naam", &["volledigeNaam"], D),
    regel(&["6110"], "naam", &["aanduidingNaamgebruik"], D),
    regel(&["0310"], "geboorte", &["datum"], D),
    regel(&["0320"], "geboorte", &["plaats"], D),
    regel(&["0330"], "geboorte", &["land"], D),
    regel(
        &["0210", "0220", "0230", "0240", "0410", "6110"],
        "adressering",
        &["aanhef", "aanschrijfwijze", "gebruikInLopendeTekst"],
        "datumIngangOnderzoekPersoon",
    ),
];

/// Category 08, the verblijfplaats (and the gemeente of inschrijving).
pub(crate) const VERBLIJFPLAATS: &[Regel] = &[
    regel(
        &["0910"],
        "",
        &["gemeenteVanInschrijving"],
        "datumIngangOnderzoekGemeente",
    ),
    regel(
        &["0920"],
        "",
        &["datumInschrijvingInGemeente"],
        "datumIngangOnderzoekGemeente",
    ),
    regel(&["1010"], "verblijfplaats", &["functieAdres"], D),
    regel(&["1030", "1320"], "verblijfplaats", &["datumVan"], D),
    regel(
        &["1180"],
        "verblijfplaats",
        &["adresseerbaarObjectIdentificatie"],
        D,
    ),
    regel(
        &["1190"],
        "verblijfplaats",
        &["nummeraanduidingIdentificatie"],
        D,
    ),
    regel(
        &["1110"],
        "verblijfplaats.verblijfadres",
        &["korteStraatnaam"],
        D,
    ),
    regel(
        &["1115"],
        "verblijfplaats.verblijfadres",
        &["officieleStraatnaam"],
        D,
    ),
    regel(
        &["1120"],
        "verblijfplaats.verblijfadres",
        &["huisnummer"],
        D,
    ),
    regel(
        &["1130"],
        "verblijfplaats.verblijfadres",
        &["huisletter"],
        D,
    ),
    regel(
        &["1140"],
        "verblijfplaats.verblijfadres",
        &["huisnummertoevoeging"],
        D,
    ),
    regel(
        &["1150"],
        "verblijfplaats.verblijfadres",
        &["aanduidingBijHuisnummer"],
        D,
    ),
    regel(&["1160"], "verblijfplaats.verblijfadres", &["postcode"], D),
    regel(
        &["1170"],
        "verblijfplaats.verblijfadres",
        &["woonplaats"],
        D,
    ),
    regel(
        &["1210"],
        "verblijfplaats.verblijfadres",
        &["locatiebeschrijving"],
        D,
    ),
    regel(&["1310"], "verblijfplaats.verblijfadres", &["land"], D),
    regel(&["1330"], "verblijfplaats.verblijfadres", &["regel1"], D),
    regel(&["1340"], "verblijfplaats.verblijfadres", &["regel2"], D),
    regel(&["1350"], "verblijfplaats.verblijfadres", &["regel3"], D),
    regel(
        &["1110", "1120", "1130", "1140", "1150", "1210", "1330"],
        "adressering",
        &["adresregel1"],
        "datumIngangOnderzoekVerblijfplaats",
    ),
    regel(
        &["0910", "1160", "1170", "1340"],
        "adressering",
        &["adresregel2"],
        "datumIngangOnderzoekVerblijfplaats",
    ),
    regel(
        &["1350"],
        "adressering",
        &["adresregel3"],
        "datumIngangOnderzoekVerblijfplaats",
    ),
    regel(
        &["1310"],
        "adressering",
        &["land"],
        "datumIngangOnderzoekVerblijfplaats",
    ),
    // The kind of verblijfplaats follows from which groups hold data.
    regel(&["1110", "1210", "1310"], "verblijfplaats", &["type"], D),
];

/// Category 06, overlijden.
pub(crate) const OVERLIJDEN: &[Regel] = &[
    regel(&["0810"], "overlijden", &["datum"], D),
    regel(&["0820"], "overlijden", &["plaats"], D),
    regel(&["0830"], "overlijden", &["land"], D),
];

/// Category 11, gezagsverhouding.
pub(crate) const GEZAGSVERHOUDING: &[Regel] = &[
    regel(
        &["3210"],
        "",
        &["indicatieGezagMinderjarige"],
        "datumIngangOnderzoekGezag",
    ),
    regel(
        &["3310"],
        "",
        &["indicatieCurateleRegister"],
        "datumIngangOnderzoekGezag",
    ),
];

/// Category 04, one nationaliteit.
pub(crate) const NATIONALITEIT: &[Regel] = &[
    regel(&["0510"], "", &["nationaliteit", "type"], D),
    regel(&["6310"], "", &["redenOpname"], D),
    regel(&["6510"], "", &["type"], D),
];

/// Category 09, one kind.
pub(crate) const KIND: &[Regel] = &[
    regel(&["0120"], "", &["burgerservicenummer"], D),
    regel(&["0210"], "naam", &["voornamen", "voorletters"], D),
    regel(&["0220"], "naam", &["adellijkeTitelPredicaat"], D),
    regel(&["0230"], "naam", &["voorvoegsel"], D),
    regel(&["0240"], "naam", &["geslachtsnaam"], D),
    regel(&["0310"], "geboorte", &["datum"], D),
    regel(&["0320"], "geboorte", &["plaats"], D),
    regel(&["0330"], "geboorte", &["land"], D),
];

/// Categories 02 and 03, one ouder.
pub(crate) const OUDER: &[Regel] = &[
    regel(&["0120"], "", &["burgerservicenummer"], D),
    regel(&["0410"], "", &["geslacht"], D),
    regel(
        &["6210"],
        "",
        &["datumIngangFamilierechtelijkeBetrekking"],
        D,
    ),
    regel(&["0210"], "naam", &["voornamen", "voorletters"], D),
    regel(&["0220"], "naam", &["adellijkeTitelPredicaat"], D),
    regel(&["0230"], "naam", &["voorvoegsel"], D),
    regel(&["0240"], "naam", &["geslachtsnaam"], D),
    regel(&["0310"], "geboorte", &["datum"], D),
    regel(&["0320"], "geboorte", &["plaats"], D),
    regel(&["0330"], "geboorte", &["land"], D),
];

/// Category 05, one partner.
pub(crate) const PARTNER: &[Regel] = &[
    regel(&["0120"], "", &["burgerservicenummer"], D),
    regel(&["0410"], "", &["geslacht"], D),
    regel(&["1510"], "", &["soortVerbintenis"], D),
    regel(&["0210"], "naam", &["voornamen", "voorletters"], D),
    regel(&["0220"], "naam", &["adellijkeTitelPredicaat"], D),
    regel(&["0230"], "naam", &["voorvoegsel"], D),
    regel(&["0240"], "naam", &["geslachtsnaam"], D),
    regel(&["0310"], "geboorte", &["datum"], D),
    regel(&["0320"], "geboorte", &["plaats"], D),
    regel(&["0330"], "geboorte", &["land"], D),
    regel(&["0610"], "aangaanHuwelijkPartnerschap", &["datum"], D),
    regel(&["0620"], "aangaanHuwelijkPartnerschap", &["plaats"], D),
    regel(&["0630"], "aangaanHuwelijkPartnerschap", &["land"], D),
    regel(&["0710"], "ontbindingHuwelijkPartnerschap", &["datum"], D),
];

/// A partner in onderzoek on these rubrieken changes the person's forms of
/// address (when the person uses the partner's name).
pub(crate) const PARTNERNAAM: &[Regel] = &[regel(
    &["0220", "0230", "0240"],
    "adressering",
    &["aanhef", "aanschrijfwijze", "gebruikInLopendeTekst"],
    "datumIngangOnderzoekPartner",
)];

/// Every table, to find which flags a start date belongs to.
const ALLE: [&[Regel]; 9] = [
    PERSOON,
    VERBLIJFPLAATS,
    OVERLIJDEN,
    GEZAGSVERHOUDING,
    NATIONALITEIT,
    KIND,
    OUDER,
    PARTNER,
    PARTNERNAAM,
];

/// Does the start date under `datum` concern flag `vlag`? The plain
/// `datumIngangOnderzoek` concerns every flag of its object; the named ones
/// of the person and its adressering only their own flags.
pub(crate) fn dekt(datum: &str, vlag: &str) -> bool {
    datum == D
        || ALLE
            .iter()
            .flat_map(|t| t.iter())
            .any(|r| r.datum == datum && r.vlaggen.contains(&vlag))
}

/// Does a rule's element fall under the aanduiding `CCGGEE`?
fn raakt(aanduiding: &str, element: &str) -> bool {
    let Some(ggee) = aanduiding
        .get(2..6)
        .filter(|g| g.bytes().all(|b| b.is_ascii_digit()))
    else {
        return false;
    };
    match (&ggee[0..2], &ggee[2..4]) {
        ("00", "00") => true,
        (gg, "00") => element.starts_with(gg),
        _ => element == ggee,
    }
}

/// The `inOnderzoek` objects one investigation produces, by object path.
#[derive(Debug, Default)]
pub(crate) struct Onderzoek {
    objecten: BTreeMap<&'static str, Map<String, Value>>,
}

impl Onderzoek {
    /// Applies `regels` to an investigation (when there is one).
    pub(crate) fn met(mut self, regels: &[Regel], io: Option<&InOnderzoek>) -> Onderzoek {
        let Some(io) = io else {
            return self;
        };
        for r in regels {
            if !r
                .elementen
                .iter()
                .any(|e| raakt(&io.aanduiding_gegevens_in_onderzoek, e))
            {
                continue;
            }
            let object = self.objecten.entry(r.object).or_default();
            for v in r.vlaggen {
                object.insert((*v).to_string(), Value::Bool(true));
            }
            if let Some(d) = datum(io.datum_ingang_onderzoek.as_ref()) {
                object.insert(r.datum.to_string(), d);
            }
        }
        self
    }

    /// Puts every `inOnderzoek` next to the fields it concerns, in `doel`.
    /// An object that is absent gets none (there is nothing to qualify).
    pub(crate) fn invoegen(self, doel: &mut Map<String, Value>) {
        for (pad, vlaggen) in self.objecten {
            let mut plek = Some(&mut *doel);
            for deel in pad.split('.').filter(|d| !d.is_empty()) {
                plek = plek
                    .and_then(|p| p.get_mut(deel))
                    .and_then(Value::as_object_mut);
            }
            if let Some(object) = plek {
                let io = object
                    .entry("inOnderzoek")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Some(io) = io.as_object_mut() {
                    io.extend(vlaggen);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn io(a: &str) -> InOnderzoek {
        InOnderzoek {
            aanduiding_gegevens_in_onderzoek: a.into(),
            datum_ingang_onderzoek: Some("20220825".into()),
        }
    }

    #[test]
    fn a_group_marks_all_its_elements() {
        let mut p = json!({"naam": {}, "geboorte": {}})
            .as_object()
            .cloned()
            .unwrap();
        Onderzoek::default()
            .met(PERSOON, Some(&io("010200")))
            .invoegen(&mut p);
        let naam = &p["naam"]["inOnderzoek"];
        assert_eq!(naam["voornamen"], true);
        assert_eq!(naam["geslachtsnaam"], true);
        assert_eq!(naam["volledigeNaam"], true);
        assert_eq!(naam["datumIngangOnderzoek"]["datum"], "2022-08-25");
        assert!(p["geboorte"].get("inOnderzoek").is_none());
        assert!(p.get("inOnderzoek").is_none());
    }

    #[test]
    fn an_element_marks_only_itself() {
        let mut p = json!({"verblijfplaats": {"verblijfadres": {}}})
            .as_object()
            .cloned()
            .unwrap();
        Onderzoek::default()
            .met(VERBLIJFPLAATS, Some(&io("081160")))
            .invoegen(&mut p);
        assert_eq!(
            p["verblijfplaats"]["verblijfadres"]["inOnderzoek"]["postcode"],
            true
        );
        assert!(p["verblijfplaats"].get("inOnderzoek").is_none());
    }
}
