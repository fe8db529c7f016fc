//! The sandbox Klantinteracties register's own value validators: the checks
//! Open Klant 2.18 runs on written values (its model validators, Django's
//! `EmailValidator`, vng-api-common's BSN/RSIN checks) and the length and
//! choice limits of `specs/klantinteracties-openapi.yaml`.
//!
//! Each validator is a pure function that either accepts a value or says
//! why not, as a [`Invalid`] with the code Open Klant puts in
//! `invalidParams`. Which field a value belongs to is the caller's business
//! (`write::form`). Nothing here is shared with the gateway's own checks:
//! the sandbox is the other side of the contract (ARCHITECTURE.md, decision 2).

mod email;
mod identificatie;
mod landen;

pub(crate) use email::{email, url};
pub(crate) use identificatie::{
    partij_object_id, partij_objecttype_for_register, partij_soort_for_objecttype,
};
pub(crate) use landen::land;

use std::sync::LazyLock;

use regex::Regex;

/// Why a value is refused: the `code` and `reason` of one `invalidParams` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Invalid {
    pub(crate) code: &'static str,
    pub(crate) reason: String,
}

impl Invalid {
    /// A refusal with Django's catch-all code `invalid`.
    pub(crate) fn because(reason: impl Into<String>) -> Invalid {
        Invalid {
            code: "invalid",
            reason: reason.into(),
        }
    }
}

/// The outcome of one check.
pub(crate) type Check = Result<(), Invalid>;

/// Compiles a pattern written in this module, never one from input.
fn pattern(re: &str) -> Regex {
    Regex::new(re).unwrap_or_else(|e| panic!("built-in pattern {re:?} does not compile: {e}"))
}

/// `maxLength`: Django counts characters, not bytes.
pub(crate) fn max_length(value: &str, max: usize) -> Check {
    if value.chars().count() > max {
        return Err(Invalid {
            code: "max_length",
            reason: format!("Zorg ervoor dat dit veld niet meer dan {max} karakters bevat."),
        });
    }
    Ok(())
}

/// `minLength`.
pub(crate) fn min_length(value: &str, min: usize) -> Check {
    if value.chars().count() < min {
        return Err(Invalid {
            code: "min_length",
            reason: format!("Zorg ervoor dat dit veld minimaal {min} karakters bevat."),
        });
    }
    Ok(())
}

/// An enum of the spec; DRF answers `invalid_choice` with the input quoted.
pub(crate) fn choice(value: &str, choices: &[&str]) -> Check {
    if choices.contains(&value) {
        return Ok(());
    }
    Err(Invalid {
        code: "invalid_choice",
        reason: format!("\"{value}\" is een ongeldige keuze."),
    })
}

/// Dutch postcode in the `1234 AB` form, with the space (Open Klant's
/// `validate_postal_code`, which appends the value to its message).
pub(crate) fn postcode(value: &str) -> Check {
    static RE: LazyLock<Regex> = LazyLock::new(|| pattern(r"^[1-9][0-9]{3} [A-Z]{2}$"));
    if RE.is_match(value) {
        return Ok(());
    }
    Err(Invalid::because(format!(
        "Postcode moet aan het volgende formaat voldoen: `1234 AB` (met spatie): {value}"
    )))
}

/// A BAG nummeraanduiding id: exactly 16 digits.
pub(crate) fn nummeraanduiding_id(value: &str) -> Check {
    if value.len() == 16 && value.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(());
    }
    Err(Invalid::because(format!(
        "Ongeldige nummeraanduiding BAG-ID: {value}"
    )))
}

/// Telephone numbers as the spec's pattern states them: local `0` + 9
/// digits (the second not `0`), `+` and 9 to 15 digits, or `00` and 7 to 13
/// digits. Short service numbers (0800-1234, 0900-8844, 14020) are refused
/// by their length.
pub(crate) fn telefoonnummer(value: &str) -> Check {
    static RE: LazyLock<Regex> =
        LazyLock::new(|| pattern(r"^(0[1-9][0-9]{8}|\+[0-9]{9,15}|00[0-9]{7,13})$"));
    if RE.is_match(value) {
        return Ok(());
    }
    Err(Invalid::because(
        "Het opgegeven telefoonnummer is ongeldig.",
    ))
}

/// `referentienummer` (klantcontact, interne taak): a whole number written
/// as digits, as the running Open Klant insists although the spec says string.
pub(crate) fn referentienummer(value: &str) -> Check {
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(());
    }
    Err(Invalid::because(
        "Het referentienummer moet een geheel getal zijn.",
    ))
}

/// `referentie` of a digitaal adres: a slug, `^[-a-zA-Z0-9_]+$`.
pub(crate) fn slug(value: &str) -> Check {
    if !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Ok(());
    }
    Err(Invalid::because(
        "Voer een geldige 'slug' in, bestaande uit letters, cijfers, liggende streepjes en verbindingsstreepjes.",
    ))
}

/// The enums of the spec.
pub(crate) mod enums {
    pub(crate) const SOORT_PARTIJ: &[&str] = &["persoon", "organisatie", "contactpersoon"];
    pub(crate) const SOORT_ACTOR: &[&str] = &[
        "medewerker",
        "geautomatiseerde_actor",
        "organisatorische_eenheid",
    ];
    pub(crate) const ROL: &[&str] = &["vertegenwoordiger", "klant"];
    pub(crate) const STATUS: &[&str] = &["te_verwerken", "verwerkt"];
    pub(crate) const SOORT_DIGITAAL_ADRES: &[&str] = &["email", "telefoonnummer", "overig"];
    pub(crate) const CODE_OBJECTTYPE: &[&str] =
        &["natuurlijk_persoon", "niet_natuurlijk_persoon", "vestiging"];
    pub(crate) const CODE_SOORT_OBJECT_ID: &[&str] =
        &["bsn", "vestigingsnummer", "kvk_nummer", "rsin"];
    pub(crate) const CODE_REGISTER: &[&str] = &["brp", "hr"];
}

#[cfg(test)]
mod tests {
    use super::*;
    fn ok(check: Check) -> bool {
        check.is_ok()
    }

    #[test]
    fn postcode_needs_the_space_and_upper_case() {
        assert!(ok(postcode("9823 SG")));
        assert!(ok(postcode("1000 AA")));
        for bad in [
            "9823SG", "9823 sg", "0823 SG", "98234 SG", "9823  SG", "", "9823 SGX",
        ] {
            assert_eq!(postcode(bad).unwrap_err().code, "invalid", "{bad:?}");
        }
        assert!(postcode("1234ab").unwrap_err().reason.ends_with("1234ab"));
    }

    #[test]
    fn telefoonnummer_follows_the_spec_pattern() {
        for good in [
            "0612345678",
            "0201234567",
            "+31612345678",
            "0031612345678",
            "+123456789",
        ] {
            assert!(ok(telefoonnummer(good)), "{good}");
        }
        for bad in [
            "08001234",
            "09008844",
            "14020",
            "1400",
            "061234567",
            "06123456789",
            "+12345678",
            "+1234567890123456",
            "00123456",
            "06-12345678",
            "",
        ] {
            assert!(!ok(telefoonnummer(bad)), "{bad}");
        }
    }

    #[test]
    fn nummeraanduiding_id_is_sixteen_digits() {
        assert!(ok(nummeraanduiding_id("0363200000218908")));
        for bad in [
            "036320000021890",
            "03632000002189080",
            "0363200000a18908",
            "",
        ] {
            assert!(!ok(nummeraanduiding_id(bad)), "{bad}");
        }
    }

    #[test]
    fn referentienummer_is_a_whole_number() {
        assert!(ok(referentienummer("12345")));
        assert!(ok(referentienummer("0000000001")));
        for bad in ["12a", "1.5", "-3", " 1", ""] {
            assert!(!ok(referentienummer(bad)), "{bad}");
        }
    }

    #[test]
    fn lengths_count_characters_and_choices_quote_the_input() {
        assert!(ok(max_length("ééé", 3)));
        assert_eq!(max_length("abcd", 3).unwrap_err().code, "max_length");
        assert_eq!(min_length("N", 2).unwrap_err().code, "min_length");
        assert!(ok(choice("klant", enums::ROL)));
        let e = choice("baas", enums::ROL).unwrap_err();
        assert_eq!(e.code, "invalid_choice");
        assert!(e.reason.contains("\"baas\""));
    }

    #[test]
    fn slug() {
        assert!(ok(super::slug("prive-mail_1")));
        assert!(!ok(super::slug("privé")));
        assert!(!ok(super::slug("a b")));
    }
}
