//! The `adressering` group: the person's name and address ready to print
//! (adresregels at most 40/50/35 characters, the form of address from
//! `naam`), derived from the verblijfplaats as the BrpProxy does:
//! "Borgesiusstraat 103 c" / "2497 TK  'S-GRAVENHAGE", a location's
//! description, or the regels of a foreign address with its land.

use super::convert::{waardetabel, Obj};
use super::gba::{Verblijfplaats, Waardetabel};

/// The kind of verblijfplaats a GBA verblijfplaats is (rules of the
/// BrpProxy's VerblijfplaatsConverter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Soort {
    Adres,
    Locatie,
    Buitenland,
    Onbekend,
}

fn leeg(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(|s| s.trim().is_empty())
}

fn nullen(s: &Option<String>) -> bool {
    leeg(s) || s.as_deref().is_some_and(|s| s.bytes().all(|b| b == b'0'))
}

impl Soort {
    pub(crate) fn van(v: &Verblijfplaats) -> Soort {
        let buitenland_onbekend = v.land.as_ref().is_none_or(|l| l.code() == "0000")
            && leeg(&v.regel1)
            && leeg(&v.regel2)
            && leeg(&v.regel3);
        let adres_onbekend = (leeg(&v.straat) || v.straat.as_deref() == Some("."))
            && leeg(&v.naam_openbare_ruimte)
            && nullen(&v.huisnummer)
            && leeg(&v.huisletter)
            && leeg(&v.huisnummertoevoeging)
            && v.aanduiding_bij_huisnummer.is_none()
            && leeg(&v.postcode)
            && (leeg(&v.woonplaats) || v.woonplaats.as_deref() == Some("."))
            && nullen(&v.adresseerbaar_object_identificatie)
            && nullen(&v.nummeraanduiding_identificatie);
        if !buitenland_onbekend {
            Soort::Buitenland
        } else if !adres_onbekend {
            Soort::Adres
        } else if !leeg(&v.locatiebeschrijving) {
            Soort::Locatie
        } else {
            Soort::Onbekend
        }
    }

    /// The v2 `type` of this verblijfplaats.
    pub(crate) fn naam(self) -> &'static str {
        match self {
            Soort::Adres => "Adres",
            Soort::Locatie => "Locatie",
            Soort::Buitenland => "VerblijfplaatsBuitenland",
            Soort::Onbekend => "VerblijfplaatsOnbekend",
        }
    }
}

/// "Straat t/o 12 A-3" style first line of a Dutch address.
fn adresregel1_binnenland(v: &Verblijfplaats) -> Option<String> {
    let straat = v
        .straat
        .as_deref()
        .filter(|s| !s.trim().is_empty() && *s != ".")?;
    let huisnummer = v
        .huisnummer
        .as_deref()
        .filter(|h| !h.trim_start_matches('0').is_empty())?;
    if leeg(&v.postcode) {
        return None;
    }
    let mut regel = straat.to_string();
    match v.aanduiding_bij_huisnummer.as_ref().map(Waardetabel::code) {
        Some("to") => regel.push_str(" t/o"),
        Some("by") => regel.push_str(" bij"),
        _ => {}
    }
    regel.push(' ');
    regel.push_str(huisnummer.trim());
    let letter = v.huisletter.as_deref().map(str::trim).unwrap_or("");
    if !letter.is_empty() {
        regel.push(' ');
        regel.push_str(letter);
    }
    let toevoeging = v
        .huisnummertoevoeging
        .as_deref()
        .map(str::trim)
        .unwrap_or("");
    if !toevoeging.is_empty() {
        if letter.is_empty() {
            let cijfer = toevoeging.starts_with(|c: char| c.is_ascii_digit());
            regel.push(if cijfer { '-' } else { ' ' });
        }
        regel.push_str(toevoeging);
    }
    Some(regel)
}

/// "1234 AB  WOONPLAATS" (two spaces, as the BRP prints it).
fn adresregel2_binnenland(v: &Verblijfplaats, gemeente: Option<&Waardetabel>) -> Option<String> {
    adresregel1_binnenland(v)?;
    let postcode = v.postcode.as_deref()?.replace(' ', "");
    let (cijfers, letters) = (postcode.get(0..4)?, postcode.get(4..)?);
    let plaats = v
        .woonplaats
        .as_deref()
        .filter(|w| !w.trim().is_empty() && *w != ".")
        .or_else(|| gemeente.and_then(|g| g.omschrijving.as_deref()))
        .unwrap_or("");
    Some(format!("{cijfers} {letters}  {}", plaats.to_uppercase()))
}

/// The adresregels and land of `adressering`, by kind of verblijfplaats.
pub(crate) fn adresregels(v: &Verblijfplaats, gemeente: Option<&Waardetabel>) -> Obj {
    match Soort::van(v) {
        Soort::Adres => Obj::new()
            .text("adresregel1", adresregel1_binnenland(v))
            .text("adresregel2", adresregel2_binnenland(v, gemeente)),
        Soort::Locatie => Obj::new()
            .text("adresregel1", v.locatiebeschrijving.clone())
            .text(
                "adresregel2",
                gemeente
                    .and_then(|g| g.omschrijving.as_deref())
                    .map(str::to_uppercase),
            ),
        Soort::Buitenland if v.land.is_some() => Obj::new()
            .text("adresregel1", v.regel1.clone())
            .text("adresregel2", v.regel2.clone())
            .text("adresregel3", v.regel3.clone())
            .put("land", v.land.as_ref().and_then(waardetabel)),
        _ => Obj::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn adres(straat: &str, nr: &str, letter: &str, toev: &str) -> Verblijfplaats {
        Verblijfplaats {
            straat: Some(straat.into()),
            huisnummer: Some(nr.into()),
            huisletter: (!letter.is_empty()).then(|| letter.into()),
            huisnummertoevoeging: (!toev.is_empty()).then(|| toev.into()),
            postcode: Some("3077AW".into()),
            woonplaats: Some("Rotterdam".into()),
            ..Verblijfplaats::default()
        }
    }

    #[test]
    fn dutch_address_lines() {
        let r = adresregels(&adres("Boterdiep", "31", "", ""), None)
            .build()
            .unwrap();
        assert_eq!(r["adresregel1"], "Boterdiep 31");
        assert_eq!(r["adresregel2"], "3077 AW  ROTTERDAM");
        let r = adresregels(&adres("Borgesiusstraat", "103", "c", ""), None)
            .build()
            .unwrap();
        assert_eq!(r["adresregel1"], "Borgesiusstraat 103 c");
        let r = adresregels(&adres("Kade", "7", "", "2"), None)
            .build()
            .unwrap();
        assert_eq!(r["adresregel1"], "Kade 7-2");
        let r = adresregels(&adres("Kade", "7", "", "III"), None)
            .build()
            .unwrap();
        assert_eq!(r["adresregel1"], "Kade 7 III");
        let r = adresregels(&adres("Kade", "7", "A", "2"), None)
            .build()
            .unwrap();
        assert_eq!(r["adresregel1"], "Kade 7 A2");
    }

    #[test]
    fn kinds_of_verblijfplaats() {
        assert_eq!(Soort::van(&adres("A", "1", "", "")), Soort::Adres);
        let onbekend = Verblijfplaats {
            land: Some(Waardetabel::new("0000", "Onbekend")),
            ..Verblijfplaats::default()
        };
        assert_eq!(Soort::van(&onbekend), Soort::Onbekend);
        let straat_punt = Verblijfplaats {
            straat: Some(".".into()),
            ..Verblijfplaats::default()
        };
        assert_eq!(Soort::van(&straat_punt), Soort::Onbekend);
    }
}
