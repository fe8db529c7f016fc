//! Identifiers of persons and companies: BSN and RSIN (elfproef), KvK- and
//! vestigingsnummer, and which kinds of identificator a register allows
//! (Open Klant's `PartijIdentificatorTypesValidator`).

use super::{Check, Invalid};

/// vng-api-common's identifier check: digits only, a fixed length and, for
/// BSN and RSIN, the elfproef (weights 9..2 and -1 for the last digit).
fn identifier(value: &str, length: usize, elfproef: bool) -> Check {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Invalid::because("Voer een numerieke waarde in"));
    }
    if value.len() != length {
        return Err(Invalid::because(format!(
            "Waarde moet {length} tekens lang zijn"
        )));
    }
    if elfproef {
        let digits: Vec<i64> = value.bytes().map(|b| i64::from(b - b'0')).collect();
        let last = digits.len() - 1;
        let total: i64 = digits
            .iter()
            .enumerate()
            .map(|(i, d)| {
                if i == last {
                    -d
                } else {
                    d * (length - i) as i64
                }
            })
            .sum();
        if total % 11 != 0 {
            return Err(Invalid::because(
                "Onjuist nummer: voldoet niet aan de elfproef",
            ));
        }
    }
    Ok(())
}

/// Burgerservicenummer: 9 digits passing the elfproef.
pub(crate) fn bsn(value: &str) -> Check {
    identifier(value, 9, true)
}

/// RSIN: 9 digits passing the elfproef.
pub(crate) fn rsin(value: &str) -> Check {
    identifier(value, 9, true)
}

/// KvK-nummer: 8 digits.
pub(crate) fn kvk_nummer(value: &str) -> Check {
    identifier(value, 8, false)
}

/// Vestigingsnummer: 12 digits.
pub(crate) fn vestigingsnummer(value: &str) -> Check {
    identifier(value, 12, false)
}

/// The `objectId` of a partij identificator, by its `codeSoortObjectId`.
pub(crate) fn partij_object_id(code_soort_object_id: &str, object_id: &str) -> Check {
    let check = match code_soort_object_id {
        "bsn" => bsn(object_id),
        "rsin" => rsin(object_id),
        "kvk_nummer" => kvk_nummer(object_id),
        "vestigingsnummer" => vestigingsnummer(object_id),
        _ => Ok(()),
    };
    check.map_err(|e| Invalid::because(format!("Deze waarde is ongeldig, reden: {}", e.reason)))
}

/// Which `codeObjecttype` a `codeRegister` allows (Open Klant's
/// `PartijIdentificatorTypesValidator`).
pub(crate) fn partij_objecttype_for_register(code_register: &str, code_objecttype: &str) -> Check {
    let allowed: &[&str] = match code_register {
        "brp" => &["natuurlijk_persoon"],
        "hr" => &["vestiging", "niet_natuurlijk_persoon"],
        _ => return Ok(()),
    };
    if allowed.contains(&code_objecttype) {
        return Ok(());
    }
    Err(Invalid::because(format!(
        "voor `codeRegister` {code_register} zijn alleen deze waarden toegestaan: {allowed:?}"
    )))
}

/// Which `codeSoortObjectId` a `codeObjecttype` allows.
pub(crate) fn partij_soort_for_objecttype(
    code_objecttype: &str,
    code_soort_object_id: &str,
) -> Check {
    let allowed: &[&str] = match code_objecttype {
        "natuurlijk_persoon" => &["bsn"],
        "vestiging" => &["vestigingsnummer"],
        "niet_natuurlijk_persoon" => &["rsin", "kvk_nummer"],
        _ => return Ok(()),
    };
    if allowed.contains(&code_soort_object_id) {
        return Ok(());
    }
    Err(Invalid::because(format!(
        "voor `codeObjecttype` {code_objecttype} zijn alleen deze waarden toegestaan: {allowed:?}"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    fn ok(check: Check) -> bool {
        check.is_ok()
    }

    #[test]
    fn bsn_elfproef() {
        for good in [
            "999990007",
            "999993653",
            "999993483",
            "111222333",
            "296648875",
        ] {
            assert!(ok(bsn(good)), "{good}");
        }
        for bad in [
            "999990008",
            "123456789",
            "12345678",
            "1234567890",
            "99999000x",
            "",
        ] {
            assert!(!ok(bsn(bad)), "{bad}");
        }
        assert!(partij_object_id("bsn", "123456789")
            .unwrap_err()
            .reason
            .starts_with("Deze waarde is ongeldig"));
        assert!(ok(partij_object_id("kvk_nummer", "12345678")));
        assert!(!ok(partij_object_id("kvk_nummer", "1234567")));
        assert!(ok(partij_object_id("vestigingsnummer", "000012345678")));
        assert!(!ok(partij_object_id("vestigingsnummer", "12345678")));
        assert!(ok(partij_object_id("rsin", "002564440")));
    }

    #[test]
    fn identificator_combinations() {
        assert!(ok(partij_objecttype_for_register(
            "brp",
            "natuurlijk_persoon"
        )));
        assert!(!ok(partij_objecttype_for_register("brp", "vestiging")));
        assert!(ok(partij_objecttype_for_register("hr", "vestiging")));
        assert!(!ok(partij_objecttype_for_register(
            "hr",
            "natuurlijk_persoon"
        )));
        assert!(ok(partij_soort_for_objecttype("natuurlijk_persoon", "bsn")));
        assert!(!ok(partij_soort_for_objecttype(
            "natuurlijk_persoon",
            "kvk_nummer"
        )));
        assert!(ok(partij_soort_for_objecttype(
            "niet_natuurlijk_persoon",
            "rsin"
        )));
        assert!(!ok(partij_soort_for_objecttype("vestiging", "kvk_nummer")));
    }
}
