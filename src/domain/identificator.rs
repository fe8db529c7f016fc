//! Partij-identificatoren: the numbers a partij is known by outside
//! Klantinteracties.

use super::{Bsn, ParseError};

/// The kinds of identificator a partij can be looked up by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdentificatorSoort {
    /// Burgerservicenummer (a natuurlijk persoon).
    Bsn,
    /// KvK-nummer (an organisation in the Handelsregister).
    KvkNummer,
    /// Vestigingsnummer (one establishment of an organisation).
    Vestigingsnummer,
    /// RSIN (a legal person's fiscal number).
    Rsin,
}

/// An identificator's value, checked for its soort: a BSN and an RSIN pass
/// the elfproef, a KvK-nummer has 8 digits, a vestigingsnummer 12.
/// Surrounding spaces are dropped.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Identificator {
    Bsn(Bsn),
    KvkNummer(String),
    Vestigingsnummer(String),
    Rsin(String),
}

impl Identificator {
    pub fn parse(soort: IdentificatorSoort, input: &str) -> Result<Identificator, ParseError> {
        let w = input.trim();
        let digits = |n: usize| w.len() == n && w.bytes().all(|b| b.is_ascii_digit());
        match soort {
            IdentificatorSoort::Bsn => Bsn::parse(w).map(Identificator::Bsn),
            // An RSIN has the form of a BSN and the same elfproef.
            IdentificatorSoort::Rsin => {
                Bsn::parse(w).map(|b| Identificator::Rsin(b.as_str().to_string()))
            }
            IdentificatorSoort::KvkNummer if digits(8) => Ok(Identificator::KvkNummer(w.into())),
            IdentificatorSoort::KvkNummer => {
                Err(ParseError("a KvK-nummer has 8 digits".to_string()))
            }
            IdentificatorSoort::Vestigingsnummer if digits(12) => {
                Ok(Identificator::Vestigingsnummer(w.into()))
            }
            IdentificatorSoort::Vestigingsnummer => {
                Err(ParseError("a vestigingsnummer has 12 digits".to_string()))
            }
        }
    }

    /// The value, as the register holds it.
    pub fn waarde(&self) -> &str {
        match self {
            Identificator::Bsn(b) => b.as_str(),
            Identificator::KvkNummer(w)
            | Identificator::Vestigingsnummer(w)
            | Identificator::Rsin(w) => w,
        }
    }

    /// The BSN, when this is one.
    pub fn bsn(&self) -> Option<&Bsn> {
        match self {
            Identificator::Bsn(b) => Some(b),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_soort_has_its_form() {
        let bsn = Identificator::parse(IdentificatorSoort::Bsn, " 999990007 ").unwrap();
        assert_eq!(bsn.waarde(), "999990007");
        assert!(bsn.bsn().is_some());
        let rsin = Identificator::parse(IdentificatorSoort::Rsin, "999990007").unwrap();
        assert_eq!(rsin, Identificator::Rsin("999990007".into()));
        assert_eq!(rsin.bsn(), None);
        assert!(Identificator::parse(IdentificatorSoort::KvkNummer, "12345678").is_ok());
        assert!(Identificator::parse(IdentificatorSoort::Vestigingsnummer, "000012345678").is_ok());
        for (soort, bad, says) in [
            (IdentificatorSoort::Bsn, "999990008", "elfproef"),
            (IdentificatorSoort::Rsin, "12345678", "9 digits"),
            (IdentificatorSoort::KvkNummer, "1234567", "8 digits"),
            (
                IdentificatorSoort::Vestigingsnummer,
                "12345678",
                "12 digits",
            ),
        ] {
            let e = Identificator::parse(soort, bad).unwrap_err();
            assert!(e.0.contains(says), "{bad}: {e}");
        }
    }
}
