//! Telephone number as Open Klant accepts it.

use std::fmt;

use super::ParseError;

/// A telephone number that Open Klant accepts: a Dutch number of ten digits
/// starting with 0 and then 1–9 (short service numbers such as 14 020 do not
/// fit), an international number `+` with 9–15 digits, or `00` with 7–13
/// digits
/// (`^(0[1-9][0-9]{8}|\+[0-9]{9,15}|00[0-9]{7,13})$`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Telefoonnummer(String);

impl Telefoonnummer {
    pub fn parse(input: &str) -> Result<Telefoonnummer, ParseError> {
        let s: String = input.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        let ok = if let Some(rest) = s.strip_prefix('+') {
            (9..=15).contains(&rest.len()) && digits(rest)
        } else if let Some(rest) = s.strip_prefix("00") {
            (7..=13).contains(&rest.len()) && digits(rest)
        } else if let Some(rest) = s.strip_prefix('0') {
            rest.len() == 9 && digits(rest) && !rest.starts_with('0')
        } else {
            false
        };
        if !ok {
            return Err(ParseError(format!(
                "{input:?} is not a telephone number Open Klant accepts (0 and 9 digits, +country and 9–15 digits, or 00 and 7–13 digits)"
            )));
        }
        Ok(Telefoonnummer(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Telefoonnummer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Telefoonnummer;

    #[test]
    fn accepted_numbers() {
        for ok in [
            "0612345678",
            "06-12345678",
            "+31612345678",
            "0031612345678",
            "0201234567",
        ] {
            assert!(Telefoonnummer::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn refused_numbers() {
        for bad in [
            "061234567",
            "0012",
            "+3161",
            "12345678901",
            "0012345",
            "abc",
        ] {
            assert!(Telefoonnummer::parse(bad).is_err(), "{bad}");
        }
    }
}
