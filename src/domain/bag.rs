//! BAG identification.

use super::ParseError;

/// The identification of a BAG object (a nummeraanduiding, an adresseerbaar
/// object): 16 digits, not all zeros. Surrounding spaces are dropped.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BagId(String);

impl BagId {
    pub fn parse(input: &str) -> Result<BagId, ParseError> {
        let id = input.trim();
        if id.len() == 16 && id.bytes().all(|b| b.is_ascii_digit()) && id.bytes().any(|b| b != b'0')
        {
            Ok(BagId(id.to_string()))
        } else {
            Err(ParseError(
                "a BAG identification has 16 digits, not all zeros".to_string(),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::BagId;

    #[test]
    fn sixteen_digits_not_all_zeros() {
        assert!(BagId::parse(" 0599200000219678 ").is_ok());
        for bad in [
            "0000000000000000",
            "059920000021967",
            "05992000002196780",
            "059920000021967x",
        ] {
            assert!(BagId::parse(bad).is_err(), "{bad}");
        }
    }
}
