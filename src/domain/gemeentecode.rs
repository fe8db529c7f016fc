//! Gemeentecode.

use super::ParseError;

/// The four-digit code of a Dutch municipality (CBS, e.g. `0599`), as the
/// BRP's `gemeenteVanInschrijving` takes it. Surrounding spaces are dropped.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Gemeentecode(String);

impl Gemeentecode {
    pub fn parse(input: &str) -> Result<Gemeentecode, ParseError> {
        let code = input.trim();
        if code.len() == 4 && code.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Gemeentecode(code.to_string()))
        } else {
            Err(ParseError(
                "a gemeente code has 4 digits (e.g. 0599)".to_string(),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::Gemeentecode;

    #[test]
    fn four_digits_and_nothing_else() {
        assert_eq!(Gemeentecode::parse(" 0599 ").unwrap().as_str(), "0599");
        for bad in ["599", "05999", "05a9", ""] {
            assert!(Gemeentecode::parse(bad).is_err(), "{bad}");
        }
    }
}
