//! The sandbox Klantinteracties register's own value validators: the checks
//! Open Klant 2.18 runs on written values (its model validators, Django's
//! `EmailValidator`, vng-api-common's BSN/RSIN checks) and the length and
//! choice limits of `specs/klantinteracties-openapi.yaml`.
//!
//! Each validator is a pure function that either accepts a value or says
//! why not, as a [`Invalid`] with the code Open Klant puts in
//! `invalidParams`. Which field a value belongs to is the caller's business
//! (`write::form`). Nothing here is shared with the gateway's own checks:
//! the sandbox is the other side of the contract (DESIGN.md decision 2).

use std::net::IpAddr;
use std::sync::LazyLock;

use regex::Regex;

/// Why a value is refused: the `code` and `reason` of one `invalidParams` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub code: &'static str,
    pub reason: String,
}

impl Invalid {
    /// A refusal with Django's catch-all code `invalid`.
    pub fn invalid(reason: impl Into<String>) -> Invalid {
        Invalid {
            code: "invalid",
            reason: reason.into(),
        }
    }
}

/// The outcome of one check.
pub type Check = Result<(), Invalid>;

/// Compiles a pattern that is part of this file, not of any input.
fn pattern(re: &str) -> Regex {
    Regex::new(re).unwrap_or_else(|e| panic!("built-in pattern {re:?} does not compile: {e}"))
}

/// `maxLength`: Django counts characters, not bytes.
pub fn max_length(value: &str, max: usize) -> Check {
    if value.chars().count() > max {
        return Err(Invalid {
            code: "max_length",
            reason: format!("Zorg ervoor dat dit veld niet meer dan {max} karakters bevat."),
        });
    }
    Ok(())
}

/// `minLength`.
pub fn min_length(value: &str, min: usize) -> Check {
    if value.chars().count() < min {
        return Err(Invalid {
            code: "min_length",
            reason: format!("Zorg ervoor dat dit veld minimaal {min} karakters bevat."),
        });
    }
    Ok(())
}

/// An enum of the spec; DRF answers `invalid_choice` with the input quoted.
pub fn choice(value: &str, choices: &[&str]) -> Check {
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
pub fn postcode(value: &str) -> Check {
    static RE: LazyLock<Regex> = LazyLock::new(|| pattern(r"^[1-9][0-9]{3} [A-Z]{2}$"));
    if RE.is_match(value) {
        return Ok(());
    }
    Err(Invalid::invalid(format!(
        "Postcode moet aan het volgende formaat voldoen: `1234 AB` (met spatie): {value}"
    )))
}

/// A BAG nummeraanduiding id: exactly 16 digits.
pub fn nummeraanduiding_id(value: &str) -> Check {
    if value.len() == 16 && value.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(());
    }
    Err(Invalid::invalid(format!(
        "Ongeldige nummeraanduiding BAG-ID: {value}"
    )))
}

/// Telephone numbers as the spec's pattern states them: local `0` + 9
/// digits (the second not `0`), `+` and 9 to 15 digits, or `00` and 7 to 13
/// digits. Short service numbers (0800-1234, 0900-8844, 14020) are refused
/// by their length.
pub fn telefoonnummer(value: &str) -> Check {
    static RE: LazyLock<Regex> =
        LazyLock::new(|| pattern(r"^(0[1-9][0-9]{8}|\+[0-9]{9,15}|00[0-9]{7,13})$"));
    if RE.is_match(value) {
        return Ok(());
    }
    Err(Invalid::invalid(
        "Het opgegeven telefoonnummer is ongeldig.",
    ))
}

/// ISO 3166-1 alpha-2, officially assigned codes only, upper case (the list
/// Open Klant takes from django-localflavor). `XK`, `EU`, `UK` and lower
/// case are refused.
pub fn land(value: &str) -> Check {
    if ISO_3166_1_ALPHA2.binary_search(&value).is_ok() {
        return Ok(());
    }
    Err(Invalid::invalid(
        "Ongeldige landcode, de code moet behoren tot de ISO 3166-standaard",
    ))
}

/// The 249 officially assigned ISO 3166-1 alpha-2 codes, sorted.
pub const ISO_3166_1_ALPHA2: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// `referentienummer` (klantcontact, interne taak): a whole number written
/// as digits, as the running Open Klant insists although the spec says string.
pub fn referentienummer(value: &str) -> Check {
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(());
    }
    Err(Invalid::invalid(
        "Het referentienummer moet een geheel getal zijn.",
    ))
}

/// `referentie` of a digitaal adres: a slug, `^[-a-zA-Z0-9_]+$`.
pub fn slug(value: &str) -> Check {
    if !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Ok(());
    }
    Err(Invalid::invalid(
        "Voer een geldige 'slug' in, bestaande uit letters, cijfers, liggende streepjes en verbindingsstreepjes.",
    ))
}

/// An e-mail address as Django 4.2's `EmailValidator` judges it: a dot-atom
/// or quoted local part, and a domain of dotted labels with a TLD of at
/// least two characters (after IDNA encoding), an IP literal in brackets, or
/// `localhost`.
pub fn email(value: &str) -> Check {
    let refuse = || Err(Invalid::invalid("Voer een geldig e-mailadres in."));
    if value.is_empty() || value.len() > 320 {
        return refuse();
    }
    let Some((user, domain)) = value.rsplit_once('@') else {
        return refuse();
    };
    if !email_user(user) {
        return refuse();
    }
    if domain == "localhost" || email_domain(domain) {
        return Ok(());
    }
    // Django retries an internationalised domain in its punycode form.
    match url::Host::parse(domain) {
        Ok(url::Host::Domain(ascii)) if ascii != domain && email_domain(&ascii) => Ok(()),
        _ => refuse(),
    }
}

fn email_user(user: &str) -> bool {
    static DOT_ATOM: LazyLock<Regex> = LazyLock::new(|| {
        pattern(r"(?i)^[\-!#$%&'*+/=?\^_`\{\}|~0-9A-Z]+(\.[\-!#$%&'*+/=?\^_`\{\}|~0-9A-Z]+)*\z")
    });
    static QUOTED: LazyLock<Regex> = LazyLock::new(|| {
        pattern(
            r#"(?i)^"([\x01-\x08\x0b\x0c\x0e-\x1f!#-\[\]-\x7f]|\\[\x01-\x09\x0b\x0c\x0e-\x7f])*"\z"#,
        )
    });
    DOT_ATOM.is_match(user) || QUOTED.is_match(user)
}

fn email_domain(domain: &str) -> bool {
    static NAME: LazyLock<Regex> = LazyLock::new(|| {
        pattern(r"(?i)^((?:[A-Z0-9](?:[A-Z0-9-]{0,61}[A-Z0-9])?\.)+)(?:[A-Z0-9-]{2,63})\z")
    });
    static LITERAL: LazyLock<Regex> = LazyLock::new(|| pattern(r"(?i)^\[([A-F0-9:.]+)\]\z"));
    // Django's pattern forbids a TLD ending in '-' with a look-behind.
    if NAME.is_match(domain) && !domain.ends_with('-') {
        return true;
    }
    LITERAL
        .captures(domain)
        .and_then(|c| c.get(1))
        .is_some_and(|ip| ip.as_str().parse::<IpAddr>().is_ok())
}

/// A URL as Django's `URLValidator` accepts it for a `URLField`
/// (`hoofdOnderwerpType`): http(s) or ftp(s), with a host that is a dotted
/// name, an IP address or `localhost`.
pub fn url(value: &str) -> Check {
    let refuse = || Err(Invalid::invalid("Voer een geldige URL in."));
    let Ok(parsed) = url::Url::parse(value) else {
        return refuse();
    };
    if !matches!(parsed.scheme(), "http" | "https" | "ftp" | "ftps") || value.contains(' ') {
        return refuse();
    }
    match parsed.host() {
        Some(url::Host::Domain(d)) if d == "localhost" || d.contains('.') => Ok(()),
        Some(url::Host::Ipv4(_)) | Some(url::Host::Ipv6(_)) => Ok(()),
        _ => refuse(),
    }
}

/// vng-api-common's identifier check: digits only, a fixed length and, for
/// BSN and RSIN, the elfproef (weights 9..2 and -1 for the last digit).
fn identifier(value: &str, length: usize, elfproef: bool) -> Check {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Invalid::invalid("Voer een numerieke waarde in"));
    }
    if value.len() != length {
        return Err(Invalid::invalid(format!(
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
            return Err(Invalid::invalid(
                "Onjuist nummer: voldoet niet aan de elfproef",
            ));
        }
    }
    Ok(())
}

/// Burgerservicenummer: 9 digits passing the elfproef.
pub fn bsn(value: &str) -> Check {
    identifier(value, 9, true)
}

/// RSIN: 9 digits passing the elfproef.
pub fn rsin(value: &str) -> Check {
    identifier(value, 9, true)
}

/// KvK-nummer: 8 digits.
pub fn kvk_nummer(value: &str) -> Check {
    identifier(value, 8, false)
}

/// Vestigingsnummer: 12 digits.
pub fn vestigingsnummer(value: &str) -> Check {
    identifier(value, 12, false)
}

/// The `objectId` of a partij identificator, by its `codeSoortObjectId`.
pub fn partij_object_id(code_soort_object_id: &str, object_id: &str) -> Check {
    let check = match code_soort_object_id {
        "bsn" => bsn(object_id),
        "rsin" => rsin(object_id),
        "kvk_nummer" => kvk_nummer(object_id),
        "vestigingsnummer" => vestigingsnummer(object_id),
        _ => Ok(()),
    };
    check.map_err(|e| Invalid::invalid(format!("Deze waarde is ongeldig, reden: {}", e.reason)))
}

/// Which `codeObjecttype` a `codeRegister` allows (Open Klant's
/// `PartijIdentificatorTypesValidator`).
pub fn partij_objecttype_for_register(code_register: &str, code_objecttype: &str) -> Check {
    let allowed: &[&str] = match code_register {
        "brp" => &["natuurlijk_persoon"],
        "hr" => &["vestiging", "niet_natuurlijk_persoon"],
        _ => return Ok(()),
    };
    if allowed.contains(&code_objecttype) {
        return Ok(());
    }
    Err(Invalid::invalid(format!(
        "voor `codeRegister` {code_register} zijn alleen deze waarden toegestaan: {allowed:?}"
    )))
}

/// Which `codeSoortObjectId` a `codeObjecttype` allows.
pub fn partij_soort_for_objecttype(code_objecttype: &str, code_soort_object_id: &str) -> Check {
    let allowed: &[&str] = match code_objecttype {
        "natuurlijk_persoon" => &["bsn"],
        "vestiging" => &["vestigingsnummer"],
        "niet_natuurlijk_persoon" => &["rsin", "kvk_nummer"],
        _ => return Ok(()),
    };
    if allowed.contains(&code_soort_object_id) {
        return Ok(());
    }
    Err(Invalid::invalid(format!(
        "voor `codeObjecttype` {code_objecttype} zijn alleen deze waarden toegestaan: {allowed:?}"
    )))
}

/// The enums of the spec.
pub mod enums {
    pub const SOORT_PARTIJ: &[&str] = &["persoon", "organisatie", "contactpersoon"];
    pub const SOORT_ACTOR: &[&str] = &[
        "medewerker",
        "geautomatiseerde_actor",
        "organisatorische_eenheid",
    ];
    pub const ROL: &[&str] = &["vertegenwoordiger", "klant"];
    pub const STATUS: &[&str] = &["te_verwerken", "verwerkt"];
    pub const SOORT_DIGITAAL_ADRES: &[&str] = &["email", "telefoonnummer", "overig"];
    pub const CODE_OBJECTTYPE: &[&str] =
        &["natuurlijk_persoon", "niet_natuurlijk_persoon", "vestiging"];
    pub const CODE_SOORT_OBJECT_ID: &[&str] = &["bsn", "vestigingsnummer", "kvk_nummer", "rsin"];
    pub const CODE_REGISTER: &[&str] = &["brp", "hr"];
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
    fn email_as_django() {
        for good in [
            "anton@example.com",
            "a.b+c@sub.example.nl",
            "\"quoted..name\"@example.com",
            "\"quoted\\ name\"@example.com",
            "x@localhost",
            "x@[127.0.0.1]",
            "x@[::1]",
            "info@bücher.de",
            "o'brien@example.ie",
        ] {
            assert!(ok(email(good)), "{good}");
        }
        for bad in [
            "",
            "plain",
            "@example.com",
            "a@",
            "a@example",
            "a@example.c",
            "a@example.com-",
            "a@-example.com",
            "a..b@example.com",
            ".a@example.com",
            "a b@example.com",
            "a@exa mple.com",
            "a@[999.1.1.1]",
            "jörg@example.com",
            "\"quoted name\"@example.com",
        ] {
            assert!(!ok(email(bad)), "{bad}");
        }
        let long = format!("{}@example.com", "a".repeat(320));
        assert!(!ok(email(&long)));
    }

    #[test]
    fn land_is_a_real_upper_case_code() {
        assert_eq!(ISO_3166_1_ALPHA2.len(), 249);
        assert!(ISO_3166_1_ALPHA2.windows(2).all(|w| w[0] < w[1]), "sorted");
        for good in ["NL", "BE", "DE", "AW", "CW", "SX", "BQ", "SS", "US"] {
            assert!(ok(land(good)), "{good}");
        }
        for bad in ["nl", "Nl", "XX", "UK", "EU", "XK", "NLD", "N", ""] {
            assert!(!ok(land(bad)), "{bad}");
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
    fn slug_and_url() {
        assert!(ok(slug("prive-mail_1")));
        assert!(!ok(slug("privé")));
        assert!(!ok(slug("a b")));
        assert!(ok(url("https://catalogi.example.nl/api/v1/zaaktypen/1")));
        assert!(ok(url("http://localhost:8000/x")));
        assert!(!ok(url("catalogi.example.nl/zaaktypen/1")));
        assert!(!ok(url("mailto:a@example.com")));
        assert!(!ok(url("https://intranet/x")));
    }
}
