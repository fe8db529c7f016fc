//! Finding persons for a validated query: raadplegen by BSN (unknown BSNs
//! are simply missing), or one of the six searches with their matching
//! rules (case- and diacritics-insensitive, a trailing `*` wildcard, a
//! leading one for streets), living persons only unless asked otherwise,
//! within `gemeenteVanInschrijving` when given, and capped: more than 10
//! hits for a name search or 30 for an address search is an error.

use super::datum::GbaDatum;
use super::gba::GbaPersoon;
use super::query::Query;
use super::store::Store;

/// More hits than the type allows; carries the maximum.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct TeVeel(pub(crate) usize);

/// The most hits a search may have (raadplegen has no cap).
pub(crate) fn maximum(soort: &str) -> Option<usize> {
    match soort {
        "RaadpleegMetBurgerservicenummer" => None,
        "ZoekMetGeslachtsnaamEnGeboortedatum" | "ZoekMetNaamEnGemeenteVanInschrijving" => Some(10),
        _ => Some(30),
    }
}

/// Characters folded to their base letter for matching.
const VOUW: [(&str, &str); 24] = [
    ("àáâãäåāăą", "a"),
    ("çćĉċč", "c"),
    ("ďđð", "d"),
    ("èéêëēĕėęě", "e"),
    ("ĝğġģ", "g"),
    ("ĥħ", "h"),
    ("ìíîïĩīĭįı", "i"),
    ("ĵ", "j"),
    ("ķĸ", "k"),
    ("ĺļľŀł", "l"),
    ("ñńņňŉŋ", "n"),
    ("òóôõöøōŏő", "o"),
    ("ŕŗř", "r"),
    ("śŝşš", "s"),
    ("ţťŧ", "t"),
    ("ùúûüũūŭůűų", "u"),
    ("ŵ", "w"),
    ("ýÿŷ", "y"),
    ("źżž", "z"),
    ("æ", "ae"),
    ("œ", "oe"),
    ("ĳ", "ij"),
    ("ß", "ss"),
    ("þ", "th"),
];

/// Lower case without diacritics, so that "Käster" and "kaster" match.
pub(crate) fn vouw(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars().flat_map(char::to_lowercase) {
        if ('\u{300}'..='\u{36f}').contains(&c) {
            continue;
        }
        match VOUW.iter().find(|(van, _)| van.contains(c)) {
            Some((_, naar)) => out.push_str(naar),
            None => out.push(c),
        }
    }
    out
}

/// A text filter, folded once: exact, or with a wildcard at the end (or,
/// for streets, at the start).
struct Patroon {
    tekst: String,
    begin: bool,
    eind: bool,
}

impl Patroon {
    fn new(filter: &str, voorloop: bool) -> Patroon {
        let f = vouw(filter);
        if let Some(begin) = f.strip_suffix('*') {
            Patroon {
                tekst: begin.into(),
                begin: true,
                eind: false,
            }
        } else if let Some(eind) = f.strip_prefix('*').filter(|_| voorloop) {
            Patroon {
                tekst: eind.into(),
                begin: false,
                eind: true,
            }
        } else {
            Patroon {
                tekst: f,
                begin: false,
                eind: false,
            }
        }
    }

    fn past(&self, waarde: &str) -> bool {
        if self.begin {
            waarde.starts_with(&self.tekst)
        } else if self.eind {
            waarde.ends_with(&self.tekst)
        } else {
            waarde == self.tekst
        }
    }
}

/// What searches compare of a person, folded once when the store is built.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sleutels {
    geslachtsnaam: String,
    voornamen: String,
    voorvoegsel: String,
    geslacht: String,
    geboren: Option<GbaDatum>,
    straat: String,
    openbare_ruimte: String,
    postcode: String,
    huisnummer: Option<u32>,
    huisletter: String,
    huisnummertoevoeging: String,
}

fn gevouwen(s: Option<&String>) -> String {
    s.map(|s| vouw(s)).unwrap_or_default()
}

fn postcode(s: &str) -> String {
    s.replace(' ', "").to_uppercase()
}

impl Sleutels {
    pub(crate) fn van(p: &GbaPersoon) -> Sleutels {
        let naam = p.naam.clone().unwrap_or_default();
        let v = p.verblijfplaats.clone().unwrap_or_default();
        Sleutels {
            geslachtsnaam: gevouwen(naam.geslachtsnaam.as_ref()),
            voornamen: gevouwen(naam.voornamen.as_ref()),
            voorvoegsel: gevouwen(naam.voorvoegsel.as_ref()),
            geslacht: gevouwen(p.geslacht.as_ref().and_then(|g| g.code.as_ref())),
            geboren: p
                .geboorte
                .as_ref()
                .and_then(|g| g.datum.as_deref())
                .map(GbaDatum::parse),
            straat: gevouwen(v.straat.as_ref()),
            openbare_ruimte: gevouwen(v.naam_openbare_ruimte.as_ref()),
            postcode: v.postcode.as_deref().map(postcode).unwrap_or_default(),
            huisnummer: v.huisnummer.as_deref().and_then(|h| h.trim().parse().ok()),
            huisletter: gevouwen(v.huisletter.as_ref()),
            huisnummertoevoeging: gevouwen(v.huisnummertoevoeging.as_ref()),
        }
    }
}

/// The query's filters, folded once.
struct Filters {
    geslachtsnaam: Option<Patroon>,
    voornamen: Option<Patroon>,
    voorvoegsel: Option<Patroon>,
    geslacht: Option<Patroon>,
    huisletter: Option<Patroon>,
    huisnummertoevoeging: Option<Patroon>,
    straat: Option<Patroon>,
    postcode: Option<String>,
    huisnummer: Option<u32>,
    geboortedatum: Option<chrono::NaiveDate>,
}

impl Filters {
    fn van(q: &Query) -> Filters {
        let p = |naam: &str, voorloop: bool| q.tekst(naam).map(|f| Patroon::new(f, voorloop));
        Filters {
            geslachtsnaam: p("geslachtsnaam", false),
            voornamen: p("voornamen", false),
            voorvoegsel: p("voorvoegsel", false),
            geslacht: p("geslacht", false),
            huisletter: p("huisletter", false),
            huisnummertoevoeging: p("huisnummertoevoeging", false),
            straat: p("straat", true),
            postcode: q.tekst("postcode").map(postcode),
            huisnummer: q.huisnummer(),
            geboortedatum: q.geboortedatum(),
        }
    }
}

/// An optional filter: absent matches everything.
fn optioneel(filter: &Option<Patroon>, waarde: &str) -> bool {
    filter.as_ref().is_none_or(|f| f.past(waarde))
}

fn naam_past(f: &Filters, s: &Sleutels) -> bool {
    optioneel(&f.geslachtsnaam, &s.geslachtsnaam)
        && optioneel(&f.voornamen, &s.voornamen)
        && optioneel(&f.voorvoegsel, &s.voorvoegsel)
        && optioneel(&f.geslacht, &s.geslacht)
}

fn geboren_op(f: &Filters, s: &Sleutels) -> bool {
    f.geboortedatum
        .is_none_or(|d| s.geboren == Some(GbaDatum::Volledig(d)))
}

/// Huisnummer, huisletter and toevoeging of a Dutch address.
fn nummer_past(f: &Filters, s: &Sleutels) -> bool {
    s.huisnummer.is_some()
        && s.huisnummer == f.huisnummer
        && optioneel(&f.huisletter, &s.huisletter)
        && optioneel(&f.huisnummertoevoeging, &s.huisnummertoevoeging)
}

/// Does the person match the search (apart from the general filters)?
fn gevonden(q: &Query, f: &Filters, p: &GbaPersoon, s: &Sleutels) -> bool {
    let v = p.verblijfplaats.as_ref();
    match q.soort {
        "ZoekMetGeslachtsnaamEnGeboortedatum" | "ZoekMetNaamEnGemeenteVanInschrijving" => {
            naam_past(f, s) && geboren_op(f, s)
        }
        "ZoekMetPostcodeEnHuisnummer" => {
            f.postcode.as_deref() == Some(s.postcode.as_str())
                && nummer_past(f, s)
                && geboren_op(f, s)
                && naam_past(f, s)
        }
        "ZoekMetStraatHuisnummerEnGemeenteVanInschrijving" => {
            f.straat
                .as_ref()
                .is_some_and(|st| st.past(&s.straat) || st.past(&s.openbare_ruimte))
                && nummer_past(f, s)
        }
        "ZoekMetNummeraanduidingIdentificatie" => v.is_some_and(|v| {
            v.nummeraanduiding_identificatie.as_deref() == q.tekst("nummeraanduidingIdentificatie")
        }),
        "ZoekMetAdresseerbaarObjectIdentificatie" => v.is_some_and(|v| {
            v.adresseerbaar_object_identificatie.as_deref()
                == q.tekst("adresseerbaarObjectIdentificatie")
        }),
        _ => false,
    }
}

/// Persoonslijsten removed as erroneous (opschorting `F`) are never delivered.
fn afgevoerd(p: &GbaPersoon) -> bool {
    p.opschorting_bijhouding
        .as_ref()
        .and_then(|o| o.reden.as_ref())
        .is_some_and(|r| r.code() == "F")
}

fn in_gemeente(q: &Query, p: &GbaPersoon) -> bool {
    q.tekst("gemeenteVanInschrijving")
        .is_none_or(|g| p.gemeente_code() == g)
}

/// The persons a query asks for, in order.
pub(crate) fn zoek<'a>(store: &'a Store, q: &Query) -> Result<Vec<&'a GbaPersoon>, TeVeel> {
    if q.soort == "RaadpleegMetBurgerservicenummer" {
        let mut bsns = q.bsns();
        let mut gezien = std::collections::HashSet::new();
        bsns.retain(|b| gezien.insert(*b));
        return Ok(bsns
            .into_iter()
            .filter_map(|b| store.get(b))
            .filter(|p| !afgevoerd(p) && in_gemeente(q, p))
            .collect());
    }
    let filters = Filters::van(q);
    let hits: Vec<&GbaPersoon> = store
        .zoekbaar()
        .filter(|(p, _)| !afgevoerd(p))
        .filter(|(p, _)| q.inclusief_overleden || !p.is_overleden())
        .filter(|(p, _)| in_gemeente(q, p))
        .filter(|(p, s)| gevonden(q, &filters, p, s))
        .map(|(p, _)| p)
        .collect();
    match maximum(q.soort) {
        Some(max) if hits.len() > max => Err(TeVeel(max)),
        _ => Ok(hits),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_and_diacritics() {
        assert_eq!(vouw("Käster"), "kaster");
        assert_eq!(vouw("Żáïŀëñøŕ"), "zailenor");
        let past = |f: &str, w: &str, voorloop: bool| Patroon::new(f, voorloop).past(&vouw(w));
        assert!(past("kaster", "Käster", false));
        assert!(past("GRO*", "Groenlo", false));
        assert!(!past("Maas", "Maassen", false));
        assert!(past("*enburch", "Laan Copes van Cattenburch", true));
        assert!(!past("*enburch", "Laan Copes van Cattenburch", false));
    }
}
