//! The parts of a Dutch house number: huisnummer, huisletter and
//! huisnummertoevoeging, as the BAG (and so the BRP) defines them.

use super::ParseError;

/// A huisnummer: 1 to 99999.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Huisnummer(u32);

impl Huisnummer {
    pub fn new(n: i64) -> Result<Huisnummer, ParseError> {
        u32::try_from(n)
            .ok()
            .filter(|n| (1..=99_999).contains(n))
            .map(Huisnummer)
            .ok_or_else(|| ParseError("must be between 1 and 99999".to_string()))
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

/// A huisletter: one letter. Surrounding spaces are dropped.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Huisletter(String);

impl Huisletter {
    pub fn parse(input: &str) -> Result<Huisletter, ParseError> {
        let h = input.trim();
        if h.len() == 1 && h.bytes().all(|b| b.is_ascii_alphabetic()) {
            Ok(Huisletter(h.to_string()))
        } else {
            Err(ParseError("is one letter".to_string()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A huisnummertoevoeging: 1 to 4 letters, digits, spaces or dashes.
/// Surrounding spaces are dropped.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Huisnummertoevoeging(String);

impl Huisnummertoevoeging {
    pub fn parse(input: &str) -> Result<Huisnummertoevoeging, ParseError> {
        let t = input.trim();
        let ok = (1..=4).contains(&t.len())
            && t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b' ' || b == b'-');
        if ok {
            Ok(Huisnummertoevoeging(t.to_string()))
        } else {
            Err(ParseError(
                "is 1 to 4 letters, digits, spaces or dashes".to_string(),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_part_has_its_rule() {
        assert_eq!(Huisnummer::new(23).unwrap().get(), 23);
        for bad in [0, -1, 100_000, i64::from(u32::MAX) + 1] {
            assert!(Huisnummer::new(bad).is_err(), "{bad}");
        }
        assert_eq!(Huisletter::parse(" a ").unwrap().as_str(), "a");
        for bad in ["", "ab", "1", "é"] {
            assert!(Huisletter::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Huisnummertoevoeging::parse("bis").unwrap().as_str(), "bis");
        assert_eq!(
            Huisnummertoevoeging::parse(" 2-h ").unwrap().as_str(),
            "2-h"
        );
        for bad in ["", "vijfx", "a/b"] {
            assert!(Huisnummertoevoeging::parse(bad).is_err(), "{bad}");
        }
    }
}
