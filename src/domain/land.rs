//! Country codes in the two systems Open Klant has used: RNI/GBA Tabel 34
//! (4 digits, `6030` Nederland; Open Klant up to 2.6) and ISO 3166-1
//! alpha-2 (`NL`; from 2.7, and what the LAND reference list holds). The
//! gateway answers ISO with its name and keeps the 4-digit code beside it.
//!
//! The table holds the Tabel 34 codes of the BRP test data (`specs/brp-testdata.json`)
//! whose country still exists, matched by name to ISO. A code that is not
//! in it (or a country that no longer exists, e.g. `6045` Joegoslavië) has
//! no ISO code: the answer then carries the 4-digit code only, never a guess.
//! Where one ISO code has several Tabel 34 codes (`DE`: `6029`, `9089`;
//! `BQ`: Bonaire, Saba, Sint Eustatius), the first is the one written.

/// `(Tabel 34 code, ISO 3166-1 alpha-2)`, by code.
const GBA_ISO: &[(&str, &str)] = &[
    ("5001", "CA"), // Canada
    ("5002", "FR"), // Frankrijk
    ("5003", "CH"), // Zwitserland
    ("5006", "CU"), // Cuba
    ("5007", "SR"), // Suriname
    ("5010", "BE"), // België
    ("5012", "IR"), // Iran
    ("5013", "NZ"), // Nieuw-Zeeland
    ("5014", "ZA"), // Zuid-Afrika
    ("5015", "DK"), // Denemarken
    ("5017", "HU"), // Hongarije
    ("5018", "SA"), // Saoedi-Arabië
    ("5020", "ET"), // Ethiopië
    ("5022", "MA"), // Marokko
    ("5033", "CO"), // Colombia
    ("5034", "AL"), // Albanië
    ("5039", "SE"), // Zweden
    ("5043", "IQ"), // Irak
    ("5048", "YE"), // Jemen
    ("5053", "RU"), // Rusland
    ("5054", "AM"), // Armenië
    ("5061", "FK"), // Falklandeilanden
    ("5071", "PN"), // Pitcairneilanden
    ("5095", "AW"), // Aruba
    ("5100", "MK"), // Macedonië
    ("5103", "RS"), // Servië
    ("5104", "ME"), // Montenegro
    ("5106", "BQ"), // Bonaire
    ("5108", "BQ"), // Saba
    ("5109", "BQ"), // Sint Eustatius
    ("6000", "MD"), // Moldavië
    ("6003", "GR"), // Griekenland
    ("6005", "NG"), // Nigeria
    ("6011", "IS"), // IJsland
    ("6013", "SO"), // Somalië
    ("6014", "US"), // Verenigde Staten van Amerika
    ("6016", "AU"), // Australië
    ("6022", "CN"), // China
    ("6023", "AF"), // Afghanistan
    ("6024", "ID"), // Indonesië
    ("6027", "NO"), // Noorwegen
    ("6029", "DE"), // Duitsland
    ("6030", "NL"), // Nederland
    ("6037", "ES"), // Spanje
    ("6038", "UA"), // Oekraïne
    ("6039", "GB"), // Groot-Brittannië
    ("6042", "JO"), // Jordanië
    ("6043", "TR"), // Turkije
    ("6047", "DZ"), // Algerije
    ("6050", "UZ"), // Oezbekistan
    ("6051", "SL"), // Sierra Leone
    ("6054", "PF"), // Frans-Polynesië
    ("6067", "SK"), // Slowakije
    ("7002", "KE"), // Kenya
    ("7003", "MT"), // Malta
    ("7009", "SY"), // Syrië
    ("7014", "EG"), // Egypte
    ("7015", "AR"), // Argentinië
    ("7020", "PK"), // Pakistan
    ("7024", "BG"), // Bulgarije
    ("7028", "PL"), // Polen
    ("7034", "SD"), // Soedan
    ("7035", "JP"), // Japan
    ("7036", "HK"), // Hongkong
    ("7042", "TH"), // Thailand
    ("7044", "IT"), // Italië
    ("7046", "IN"), // India
    ("7047", "RO"), // Roemenië
    ("7054", "AE"), // Verenigde Arabische Emiraten
    ("7064", "LV"), // Letland
    ("7088", "VI"), // Amerikaanse Maagdeneilanden
    ("8027", "KI"), // Kiribati
    ("8031", "ZW"), // Zimbabwe
    ("9023", "NA"), // Namibië
    ("9056", "MH"), // Marshalleilanden
    ("9089", "DE"), // Bondsrepubliek Duitsland
];

/// The ISO code of a Tabel 34 code, if the table knows it.
pub fn iso_van_gba(gba: &str) -> Option<&'static str> {
    GBA_ISO
        .iter()
        .find(|(g, _)| *g == gba.trim())
        .map(|(_, iso)| *iso)
}

/// The (first) Tabel 34 code of an ISO code, if the table knows it.
pub fn gba_van_iso(iso: &str) -> Option<&'static str> {
    let iso = iso.trim();
    GBA_ISO
        .iter()
        .find(|(_, i)| i.eq_ignore_ascii_case(iso))
        .map(|(gba, _)| *gba)
}

/// Whether `code` is written as a Tabel 34 code (4 digits).
pub fn is_gba(code: &str) -> bool {
    code.len() == 4 && code.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_ways_for_known_codes_and_nothing_for_unknown_ones() {
        assert_eq!(iso_van_gba("6030"), Some("NL"));
        assert_eq!(iso_van_gba("5010"), Some("BE"));
        assert_eq!(iso_van_gba("9089"), Some("DE"));
        assert_eq!(gba_van_iso("nl"), Some("6030"));
        assert_eq!(gba_van_iso("DE"), Some("6029"));
        assert_eq!(iso_van_gba("9049"), None); // Sovjet-Unie
        assert_eq!(iso_van_gba("0000"), None);
        assert_eq!(gba_van_iso("XX"), None);
        assert!(is_gba("6030") && !is_gba("NL") && !is_gba("603"));
        let mut codes: Vec<&str> = GBA_ISO.iter().map(|(g, _)| *g).collect();
        codes.dedup();
        assert_eq!(codes.len(), GBA_ISO.len(), "one row per Tabel 34 code");
        assert!(GBA_ISO.iter().all(|(g, i)| is_gba(g) && i.len() == 2));
    }
}
