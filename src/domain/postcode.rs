//! Dutch postcode.

use std::fmt;

use super::ParseError;

/// A Dutch postcode in Open Klant's form `1234 AB` (four digits not starting
/// with 0, a space, two capitals; its `Display`). Parsing accepts `1234ab`
/// and `1234 ab`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Postcode(String);

impl Postcode {
    pub fn parse(input: &str) -> Result<Postcode, ParseError> {
        let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        let bytes = compact.as_bytes();
        let ok = bytes.len() == 6
            && bytes[0].is_ascii_digit()
            && bytes[0] != b'0'
            && bytes[1..4].iter().all(u8::is_ascii_digit)
            && bytes[4..].iter().all(u8::is_ascii_alphabetic);
        if !ok {
            return Err(ParseError(format!(
                "{input:?} is not a Dutch postcode (four digits, not starting with 0, then two letters)"
            )));
        }
        Ok(Postcode(format!(
            "{} {}",
            &compact[..4],
            compact[4..].to_ascii_uppercase()
        )))
    }

    /// `1234AB`, as the BRP takes it.
    pub fn compact(&self) -> String {
        self.0.replace(' ', "")
    }
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Postcode;

    #[test]
    fn postcodes_are_normalised() {
        assert_eq!(Postcode::parse("9823sg").unwrap().to_string(), "9823 SG");
        assert_eq!(Postcode::parse("9823 SG").unwrap().compact(), "9823SG");
    }

    #[test]
    fn bad_postcodes_are_refused() {
        for bad in ["0823 SG", "982 SG", "9823 S1", "9823 SGX", ""] {
            assert!(Postcode::parse(bad).is_err(), "{bad}");
        }
    }
}
