//! Finding persons for a validated query: raadplegen by BSN (unknown BSNs
//! are simply missing), or one of the six searches with their matching
//! rules (case- and diacritics-insensitive, a trailing `*` wildcard, a
//! leading one for streets), living persons only unless asked otherwise,
//! within `gemeenteVanInschrijving` when given, and capped: more than 10
//! hits for a name search or 30 for an address search is an error.

use super::datum::GbaDatum;
use super::gba::{GbaPersoon, Verblijfplaats};
use super::query::Query;
use super::store::Store;

/// More hits than the type allows; carries the maximum.
#[derive(Debug, PartialEq, Eq)]
pub struct TeVeel(pub usize);

/// The most hits a search may have (raadplegen has no cap).
pub fn maximum(soort: &str) -> Option<usize> {
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
pub fn vouw(s: &str) -> String {
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

/// Does `waarde` match the filter, with `*` as wildcard at the end (or,
/// when `voorloop`, at the start)?
fn past(filter: &str, waarde: Option<&str>, voorloop: bool) -> bool {
    let waarde = vouw(waarde.unwrap_or(""));
    let filter = vouw(filter);
    if let Some(begin) = filter.strip_suffix('*') {
        waarde.starts_with(begin)
    } else if let Some(eind) = filter.strip_prefix('*').filter(|_| voorloop) {
        waarde.ends_with(eind)
    } else {
        waarde == filter
    }
}

/// An optional filter: absent matches everything.
fn optioneel(q: &Query, naam: &str, waarde: Option<&str>) -> bool {
    q.tekst(naam).is_none_or(|f| past(f, waarde, false))
}

fn naam_past(q: &Query, p: &GbaPersoon) -> bool {
    let naam = p.naam.as_ref();
    let veld = |f: fn(&super::gba::Naam) -> Option<&String>| naam.and_then(f).map(String::as_str);
    optioneel(q, "geslachtsnaam", veld(|n| n.geslachtsnaam.as_ref()))
        && optioneel(q, "voornamen", veld(|n| n.voornamen.as_ref()))
        && optioneel(q, "voorvoegsel", veld(|n| n.voorvoegsel.as_ref()))
        && optioneel(
            q,
            "geslacht",
            p.geslacht.as_ref().and_then(|g| g.code.as_deref()),
        )
}

fn geboren_op(q: &Query, p: &GbaPersoon) -> bool {
    let Some(gevraagd) = q.geboortedatum() else {
        return true;
    };
    let datum = p.geboorte.as_ref().and_then(|g| g.datum.as_deref());
    datum.map(GbaDatum::parse) == Some(GbaDatum::Volledig(gevraagd))
}

fn postcode(s: &str) -> String {
    s.replace(' ', "").to_uppercase()
}

/// Huisnummer, huisletter and toevoeging of a Dutch address.
fn nummer_past(q: &Query, v: &Verblijfplaats) -> bool {
    let nummer = v
        .huisnummer
        .as_deref()
        .and_then(|h| h.trim().parse::<u32>().ok());
    nummer.is_some()
        && nummer == q.huisnummer()
        && optioneel(q, "huisletter", v.huisletter.as_deref())
        && optioneel(q, "huisnummertoevoeging", v.huisnummertoevoeging.as_deref())
}

/// Does the person match the search (apart from the general filters)?
fn gevonden(q: &Query, p: &GbaPersoon) -> bool {
    let v = p.verblijfplaats.as_ref();
    match q.soort {
        "ZoekMetGeslachtsnaamEnGeboortedatum" | "ZoekMetNaamEnGemeenteVanInschrijving" => {
            naam_past(q, p) && geboren_op(q, p)
        }
        "ZoekMetPostcodeEnHuisnummer" => v.is_some_and(|v| {
            let gevraagd = q.tekst("postcode").map(postcode);
            v.postcode.as_deref().map(postcode) == gevraagd
                && nummer_past(q, v)
                && geboren_op(q, p)
                && naam_past(q, p)
        }),
        "ZoekMetStraatHuisnummerEnGemeenteVanInschrijving" => v.is_some_and(|v| {
            let straat = q.tekst("straat").unwrap_or("");
            (past(straat, v.straat.as_deref(), true)
                || past(straat, v.naam_openbare_ruimte.as_deref(), true))
                && nummer_past(q, v)
        }),
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
pub fn zoek<'a>(store: &'a Store, q: &Query) -> Result<Vec<&'a GbaPersoon>, TeVeel> {
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
    let hits: Vec<&GbaPersoon> = store
        .iter()
        .filter(|p| !afgevoerd(p))
        .filter(|p| q.inclusief_overleden || !p.is_overleden())
        .filter(|p| in_gemeente(q, p))
        .filter(|p| gevonden(q, p))
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
        assert!(past("kaster", Some("Käster"), false));
        assert!(past("GRO*", Some("Groenlo"), false));
        assert!(!past("Maas", Some("Maassen"), false));
        assert!(past("*enburch", Some("Laan Copes van Cattenburch"), true));
        assert!(!past("*enburch", Some("Laan Copes van Cattenburch"), false));
    }
}
