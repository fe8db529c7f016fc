//! Check digits of Dutch identification numbers: the elfproef of BSN and
//! RSIN (which Open Klant enforces on write) and the ISO 7064 mod-97 check of
//! an IBAN, so that every generated number is one a real register accepts.

/// Whether a 9-digit number passes the elfproef of BSN and RSIN:
/// `9·d1 + 8·d2 + … + 2·d8 − 1·d9` is a multiple of 11 (and not all zeros).
#[cfg(test)]
pub(crate) fn elfproef(number: &str) -> bool {
    let digits: Vec<u32> = number.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 9 || number.len() != 9 || digits.iter().all(|d| *d == 0) {
        return false;
    }
    weighted(&digits[..8]) % 11 == digits[8] as i64 % 11
}

/// `9·d1 + 8·d2 + … + 2·d8`.
fn weighted(first_eight: &[u32]) -> i64 {
    first_eight
        .iter()
        .zip((2..=9).rev())
        .map(|(d, w)| *d as i64 * w)
        .sum()
}

/// Completes eight digits to a 9-digit elfproef number, or `None` when the
/// check digit would have to be 10 (such prefixes have no valid number).
pub(crate) fn with_elfproef_digit(first_eight: &[u32; 8]) -> Option<String> {
    let check = weighted(first_eight) % 11;
    if check == 10 {
        return None;
    }
    let mut s: String = first_eight
        .iter()
        .filter_map(|d| char::from_digit(*d, 10))
        .collect();
    s.push(char::from_digit(check as u32, 10)?);
    Some(s)
}

/// A Dutch IBAN from a 4-letter bank code and a 10-digit account number,
/// with its check digits.
pub(crate) fn iban_nl(bank: &str, account: &str) -> String {
    let bban = format!("{bank}{account}");
    let check = 98 - mod97(&format!("{bban}NL00"));
    format!("NL{check:02}{bban}")
}

/// Whether an IBAN's check digits are right (mod 97 of the rearranged number is 1).
#[cfg(test)]
pub(crate) fn iban_valid(iban: &str) -> bool {
    iban.len() > 4 && iban.is_ascii() && mod97(&format!("{}{}", &iban[4..], &iban[..4])) == 1
}

/// ISO 7064 mod 97 of an alphanumeric string, letters counting as 10..35.
fn mod97(s: &str) -> u32 {
    s.chars().fold(0u32, |acc, c| match c.to_digit(36) {
        Some(v) if v >= 10 => (acc * 100 + v) % 97,
        Some(v) => (acc * 10 + v) % 97,
        None => acc,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elfproef_accepts_known_numbers_and_rejects_others() {
        // The persona and BRP test persons.
        assert!(elfproef("999990007"));
        assert!(elfproef("999993653"));
        assert!(!elfproef("999990008"));
        assert!(!elfproef("12345678"));
        assert!(!elfproef("000000000"));
    }

    #[test]
    fn check_digit_completes_to_an_elfproef_number() {
        let n = with_elfproef_digit(&[9, 9, 9, 9, 9, 0, 0, 0]);
        assert_eq!(n.as_deref(), Some("999990007"));
    }

    #[test]
    fn iban_check_digits_match_a_published_example() {
        // The example IBAN of the Dutch banks' association.
        assert_eq!(iban_nl("ABNA", "0417164300"), "NL91ABNA0417164300");
        assert!(iban_valid("NL91ABNA0417164300"));
        assert!(!iban_valid("NL92ABNA0417164300"));
    }
}
