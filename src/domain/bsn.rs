//! Burgerservicenummer.

use std::fmt;

use super::ParseError;

/// A burgerservicenummer: nine digits that pass the elfproef
/// (9·d1 + 8·d2 + … + 2·d8 − 1·d9 is divisible by 11, and not all zeros).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Bsn(String);

impl Bsn {
    /// Parses `input`, refusing anything that is not a valid BSN.
    pub fn parse(input: &str) -> Result<Bsn, ParseError> {
        let s = input.trim();
        if s.len() != 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ParseError(format!(
                "{input:?} is not a BSN: a BSN has exactly 9 digits"
            )));
        }
        let digits: Vec<i64> = s.bytes().map(|b| i64::from(b - b'0')).collect();
        let sum: i64 = digits[..8]
            .iter()
            .zip((2..=9).rev())
            .map(|(d, w)| d * w)
            .sum::<i64>()
            - digits[8];
        if sum == 0 || sum % 11 != 0 {
            return Err(ParseError(format!(
                "{input:?} is not a BSN: it fails the elfproef"
            )));
        }
        Ok(Bsn(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Bsn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Bsn;

    #[test]
    fn valid_bsns_parse() {
        for ok in ["999990007", "999993653", "999993483", " 999970008 "] {
            assert!(Bsn::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn invalid_bsns_are_refused_with_the_reason() {
        for (bad, says) in [
            ("999990008", "elfproef"),
            ("000000000", "elfproef"),
            ("12345678", "9 digits"),
            ("1234567890", "9 digits"),
            ("99999000a", "9 digits"),
            ("", "9 digits"),
        ] {
            let e = Bsn::parse(bad).unwrap_err();
            assert!(e.0.contains(says), "{bad}: {e}");
        }
    }
}
