//! Country codes: ISO 3166-1 alpha-2, the list Open Klant validates `land` against.

use super::{Check, Invalid};

/// ISO 3166-1 alpha-2, officially assigned codes only, upper case (the list
/// Open Klant takes from django-localflavor). `XK`, `EU`, `UK` and lower
/// case are refused.
pub(crate) fn land(value: &str) -> Check {
    if ISO_3166_1_ALPHA2.binary_search(&value).is_ok() {
        return Ok(());
    }
    Err(Invalid::because(
        "Ongeldige landcode, de code moet behoren tot de ISO 3166-standaard",
    ))
}

/// The 249 officially assigned ISO 3166-1 alpha-2 codes, sorted.
pub(crate) const ISO_3166_1_ALPHA2: [&str; 249] = [
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

#[cfg(test)]
mod tests {
    use super::*;
    fn ok(check: Check) -> bool {
        check.is_ok()
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
}
