//! The request body of `POST /personen`, validated as the BRP API does:
//! the `type` picks the query, each type has its required and optional
//! parameters with the spec's patterns, any other parameter is refused
//! (`unknownParam`), and `fields` is checked against the response type.
//! Values are read the way the real service's JSON library reads them
//! (a number or boolean where text is expected counts as its text).

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use serde_json::{Map, Value};

use super::fields::{self, Node, Veld};
use crate::problem::InvalidParam;

const GESLACHTSNAAM: &str = r"^[a-zA-Z0-9À-ž \.\-\']{1,200}$|^[a-zA-Z0-9À-ž \.\-\']{3,199}\*{1}$";
const VOORNAMEN_OPTIONEEL: &str = r"^[a-zA-Z0-9À-ž \.\-\']{1,199}\*{0,1}$";
const VOORVOEGSEL: &str = r"^[a-zA-Z \']{1,10}$";
const GESLACHT: &str = r"^([Mm]|[Vv]|[Oo])$";
const POSTCODE: &str = r"^[1-9]{1}[0-9]{3}[ ]?[A-Za-z]{2}$";
const HUISLETTER: &str = r"^[a-zA-Z]{1}$";
const HUISNUMMERTOEVOEGING: &str = r"^[a-zA-Z0-9 \-]{1,4}$";
const STRAAT: &str = r"^[a-zA-Z0-9À-ž \-\'\.]{1,80}$|^[a-zA-Z0-9À-ž \-\'\.]{7,79}\*{1}$|^\*{1}[a-zA-Z0-9À-ž \-\'\.]{7,79}$";
const GEMEENTE: &str = r"^[0-9]{4}$";
const BSN: &str = r"^[0-9]{9}$";
const FIELD: &str = r"^[a-zA-Z0-9\._]{1,200}$";
/// Checked by hand: the regex crate has no look-ahead.
const BAG_ID: &str = r"^(?!0{16})[0-9]{16}$";
const DATUM: &str = r"^\d{4}-\d{2}-\d{2}$";

/// The seven query types.
pub(crate) const TYPES: [&str; 7] = [
    "RaadpleegMetBurgerservicenummer",
    "ZoekMetGeslachtsnaamEnGeboortedatum",
    "ZoekMetNaamEnGemeenteVanInschrijving",
    "ZoekMetPostcodeEnHuisnummer",
    "ZoekMetStraatHuisnummerEnGemeenteVanInschrijving",
    "ZoekMetNummeraanduidingIdentificatie",
    "ZoekMetAdresseerbaarObjectIdentificatie",
];

#[derive(Debug, Clone, Copy)]
enum Soort {
    Tekst(&'static str),
    Huisnummer,
    Datum,
    Boolean,
    BagId,
    Bsns,
    Fields,
}

#[derive(Debug, Clone, Copy)]
struct Param {
    naam: &'static str,
    soort: Soort,
    verplicht: bool,
}

const fn p(naam: &'static str, soort: Soort, verplicht: bool) -> Param {
    Param {
        naam,
        soort,
        verplicht,
    }
}

const FIELDS: Param = p("fields", Soort::Fields, true);
const OVERLEDEN: Param = p("inclusiefOverledenPersonen", Soort::Boolean, false);
const GEMEENTE_OPT: Param = p("gemeenteVanInschrijving", Soort::Tekst(GEMEENTE), false);
const GEMEENTE_VERPLICHT: Param = p("gemeenteVanInschrijving", Soort::Tekst(GEMEENTE), true);

/// The parameters of a type, in the order the BRP reports them.
fn params(soort: &str) -> Vec<Param> {
    let geslachtsnaam = p("geslachtsnaam", Soort::Tekst(GESLACHTSNAAM), true);
    let voorvoegsel = p("voorvoegsel", Soort::Tekst(VOORVOEGSEL), false);
    let geslacht = p("geslacht", Soort::Tekst(GESLACHT), false);
    let huisnummer = p("huisnummer", Soort::Huisnummer, true);
    let huisletter = p("huisletter", Soort::Tekst(HUISLETTER), false);
    let toevoeging = p(
        "huisnummertoevoeging",
        Soort::Tekst(HUISNUMMERTOEVOEGING),
        false,
    );
    match soort {
        "RaadpleegMetBurgerservicenummer" => vec![
            p("burgerservicenummer", Soort::Bsns, true),
            GEMEENTE_OPT,
            FIELDS,
        ],
        "ZoekMetGeslachtsnaamEnGeboortedatum" => vec![
            geslachtsnaam,
            p("geboortedatum", Soort::Datum, true),
            p("voornamen", Soort::Tekst(VOORNAMEN_OPTIONEEL), false),
            voorvoegsel,
            geslacht,
            OVERLEDEN,
            GEMEENTE_OPT,
            FIELDS,
        ],
        "ZoekMetNaamEnGemeenteVanInschrijving" => vec![
            geslachtsnaam,
            p("voornamen", Soort::Tekst(GESLACHTSNAAM), true),
            GEMEENTE_VERPLICHT,
            voorvoegsel,
            geslacht,
            OVERLEDEN,
            FIELDS,
        ],
        "ZoekMetPostcodeEnHuisnummer" => vec![
            p("postcode", Soort::Tekst(POSTCODE), true),
            huisnummer,
            huisletter,
            toevoeging,
            p("geboortedatum", Soort::Datum, false),
            p("geslachtsnaam", Soort::Tekst(GESLACHTSNAAM), false),
            OVERLEDEN,
            GEMEENTE_OPT,
            FIELDS,
        ],
        "ZoekMetStraatHuisnummerEnGemeenteVanInschrijving" => vec![
            p("straat", Soort::Tekst(STRAAT), true),
            huisnummer,
            GEMEENTE_VERPLICHT,
            huisletter,
            toevoeging,
            OVERLEDEN,
            FIELDS,
        ],
        "ZoekMetNummeraanduidingIdentificatie" => vec![
            p("nummeraanduidingIdentificatie", Soort::BagId, true),
            OVERLEDEN,
            GEMEENTE_OPT,
            FIELDS,
        ],
        "ZoekMetAdresseerbaarObjectIdentificatie" => vec![
            p("adresseerbaarObjectIdentificatie", Soort::BagId, true),
            OVERLEDEN,
            GEMEENTE_OPT,
            FIELDS,
        ],
        _ => Vec::new(),
    }
}

/// A validated request.
#[derive(Debug, Clone)]
pub(crate) struct Query {
    /// One of [`TYPES`].
    pub(crate) soort: &'static str,
    /// The parameters as text (after validation), by name.
    pub(crate) waarden: Map<String, Value>,
    pub(crate) fields: Vec<Veld>,
    pub(crate) inclusief_overleden: bool,
}

impl Query {
    /// A text parameter, when given.
    pub(crate) fn tekst(&self, naam: &str) -> Option<&str> {
        self.waarden.get(naam).and_then(Value::as_str)
    }

    /// The requested BSNs of a raadpleging.
    pub(crate) fn bsns(&self) -> Vec<&str> {
        self.waarden
            .get("burgerservicenummer")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    pub(crate) fn huisnummer(&self) -> Option<u32> {
        self.tekst("huisnummer").and_then(|h| h.parse().ok())
    }

    pub(crate) fn geboortedatum(&self) -> Option<NaiveDate> {
        self.tekst("geboortedatum")
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    }
}

/// Why a request body was refused.
#[derive(Debug)]
pub(crate) enum Fout {
    /// Not a JSON object.
    GeenJson,
    /// Parameters in error.
    Params(Vec<InvalidParam>),
}

/// The response item schema of a type.
pub(crate) fn response_schema(soort: &str) -> &'static Node {
    let s = fields::schemas();
    match soort {
        "RaadpleegMetBurgerservicenummer" => &s.persoon,
        "ZoekMetAdresseerbaarObjectIdentificatie" => &s.gezag_persoon_beperkt,
        _ => &s.persoon_beperkt,
    }
}

fn regex(pattern: &'static str) -> &'static Regex {
    static CACHE: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
        [
            GESLACHTSNAAM,
            VOORNAMEN_OPTIONEEL,
            VOORVOEGSEL,
            GESLACHT,
            POSTCODE,
            HUISLETTER,
            HUISNUMMERTOEVOEGING,
            STRAAT,
            GEMEENTE,
            BSN,
            FIELD,
            DATUM,
        ]
        .into_iter()
        // The patterns are constants of this module; a unit test compiles them.
        .map(|p| (p, Regex::new(p).expect("valid pattern")))
        .collect()
    });
    &CACHE
        .iter()
        .find(|(p, _)| *p == pattern)
        .expect("every pattern is in the cache")
        .1
}

fn matches(pattern: &'static str, s: &str) -> bool {
    if pattern == BAG_ID {
        return s.len() == 16
            && s.bytes().all(|b| b.is_ascii_digit())
            && s.bytes().any(|b| b != b'0');
    }
    regex(pattern).is_match(s)
}

/// A value as text, as the BRP's JSON library reads it: `None` for null,
/// `Err` for a list or object.
fn als_tekst(v: &Value) -> Result<Option<String>, ()> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Bool(true) => Ok(Some("True".into())),
        Value::Bool(false) => Ok(Some("False".into())),
        Value::Array(_) | Value::Object(_) => Err(()),
    }
}

fn fout(name: impl Into<String>, code: &str, reason: impl Into<String>) -> InvalidParam {
    InvalidParam {
        name: name.into(),
        code: code.into(),
        reason: reason.into(),
    }
}

fn verplicht(name: &str) -> InvalidParam {
    fout(name, "required", "Parameter is verplicht.")
}

fn patroon(name: &str, pattern: &str) -> InvalidParam {
    fout(
        name,
        "pattern",
        format!("Waarde voldoet niet aan patroon {pattern}."),
    )
}

/// Validates one array parameter (`burgerservicenummer`, `fields`).
fn lijst(
    naam: &str,
    v: Option<&Value>,
    max: usize,
    item: impl Fn(usize, Option<&str>) -> Option<InvalidParam>,
) -> Vec<InvalidParam> {
    let items = match v {
        None | Some(Value::Null) => return vec![verplicht(naam)],
        Some(Value::Array(a)) => a,
        Some(_) => return vec![fout(naam, "array", "Parameter is geen array.")],
    };
    if items.is_empty() {
        return vec![fout(naam, "minItems", "Array bevat minder dan 1 items.")];
    }
    let mut out = Vec::new();
    if items.len() > max {
        out.push(fout(
            naam,
            "maxItems",
            format!("Array bevat meer dan {max} items."),
        ));
    }
    for (i, v) in items.iter().enumerate() {
        let tekst = als_tekst(v).ok().flatten();
        out.extend(item(i, tekst.as_deref()));
    }
    out
}

/// Validates one parameter; `fields` also yields the resolved paths.
fn param(
    par: &Param,
    v: Option<&Value>,
    schema: &Node,
    velden: &mut Vec<Veld>,
) -> Vec<InvalidParam> {
    let naam = par.naam;
    match par.soort {
        Soort::Bsns => lijst(naam, v, 20, |i, s| {
            (!s.is_some_and(|s| matches(BSN, s))).then(|| patroon(&format!("{naam}[{i}]"), BSN))
        }),
        Soort::Fields => {
            let mut gevonden = Vec::new();
            let mut out = lijst(naam, v, 130, |i, s| {
                let name = format!("{naam}[{i}]");
                let s = match s {
                    None => return Some(verplicht(&name)),
                    Some(s) if !matches(FIELD, s) => return Some(patroon(&name, FIELD)),
                    Some(s) => s,
                };
                match fields::resolve(schema, s) {
                    None => Some(fout(
                        &name,
                        "fields",
                        "Parameter bevat een niet bestaande veldnaam.",
                    )),
                    Some(_) if fields::niet_toegestaan(s) => Some(fout(
                        &name,
                        "fields",
                        "Parameter bevat een niet toegestane veldnaam.",
                    )),
                    Some(_) => None,
                }
            });
            // Element errors only count within 1..=130 items (as the BRP).
            if out.iter().any(|e| e.name == naam) {
                out.retain(|e| e.name == naam);
            } else if let Some(Value::Array(items)) = v {
                for s in items.iter().filter_map(|i| als_tekst(i).ok().flatten()) {
                    gevonden.extend(fields::resolve(schema, &s));
                }
            }
            *velden = gevonden;
            out
        }
        Soort::Boolean => {
            let ok = match v {
                None => true,
                Some(Value::Bool(_)) => true,
                Some(Value::String(s)) => {
                    matches!(s.trim().to_lowercase().as_str(), "true" | "false")
                }
                Some(_) => false,
            };
            if ok {
                Vec::new()
            } else {
                vec![fout(naam, "boolean", "Waarde is geen boolean.")]
            }
        }
        _ => {
            let (code, reden) = match par.soort {
                Soort::Huisnummer => ("integer", "Waarde is geen geldig getal."),
                Soort::Datum => ("date", "Waarde is geen geldige datum."),
                _ => ("pattern", ""),
            };
            let ongeldig = |pattern: &'static str| match par.soort {
                Soort::Tekst(_) | Soort::BagId => patroon(naam, pattern),
                _ => fout(naam, code, reden),
            };
            let s = match v.map(als_tekst) {
                None | Some(Ok(None)) => {
                    return if par.verplicht {
                        vec![verplicht(naam)]
                    } else {
                        Vec::new()
                    };
                }
                Some(Err(())) => {
                    return vec![ongeldig(match par.soort {
                        Soort::Tekst(pat) => pat,
                        _ => BAG_ID,
                    })]
                }
                Some(Ok(Some(s))) => s,
            };
            if par.verplicht && s.trim().is_empty() {
                return vec![verplicht(naam)];
            }
            match par.soort {
                Soort::Tekst(pat) if !matches(pat, &s) => vec![patroon(naam, pat)],
                Soort::BagId if !matches(BAG_ID, &s) => vec![patroon(naam, BAG_ID)],
                Soort::Huisnummer => huisnummer(naam, &s),
                Soort::Datum => {
                    let geldig =
                        matches(DATUM, &s) && NaiveDate::parse_from_str(&s, "%Y-%m-%d").is_ok();
                    if geldig {
                        Vec::new()
                    } else {
                        vec![fout(naam, "date", "Waarde is geen geldige datum.")]
                    }
                }
                _ => Vec::new(),
            }
        }
    }
}

fn huisnummer(naam: &str, s: &str) -> Vec<InvalidParam> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return vec![fout(naam, "integer", "Waarde is geen geldig getal.")];
    }
    match s.parse::<u64>() {
        Ok(0) => vec![fout(naam, "minimum", "Waarde is lager dan minimum 1.")],
        Ok(n) if n <= 99_999 => Vec::new(),
        _ => vec![fout(naam, "maximum", "Waarde is hoger dan maximum 99999.")],
    }
}

/// Parses and validates a request body.
pub(crate) fn parse(body: &[u8]) -> Result<Query, Fout> {
    let value: Value = serde_json::from_slice(body).map_err(|_| Fout::GeenJson)?;
    let Value::Object(obj) = value else {
        return Err(Fout::GeenJson);
    };
    let soort = match obj.get("type").map(als_tekst) {
        None | Some(Ok(None)) => return Err(Fout::Params(vec![verplicht("type")])),
        Some(Ok(Some(t))) => TYPES.iter().find(|s| **s == t).copied(),
        Some(Err(())) => None,
    };
    let Some(soort) = soort else {
        return Err(Fout::Params(vec![fout(
            "type",
            "value",
            "Waarde is geen geldig zoek type.",
        )]));
    };
    let schema = response_schema(soort);
    let params = params(soort);
    let mut fouten = Vec::new();
    let mut velden = Vec::new();
    for par in &params {
        fouten.extend(param(par, obj.get(par.naam), schema, &mut velden));
    }
    for k in obj.keys() {
        if k != "type" && !params.iter().any(|p| p.naam == k) {
            fouten.push(fout(
                k.as_str(),
                "unknownParam",
                "Parameter is niet verwacht.",
            ));
        }
    }
    if !fouten.is_empty() {
        return Err(Fout::Params(fouten));
    }
    let inclusief_overleden = match obj.get("inclusiefOverledenPersonen") {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.trim().eq_ignore_ascii_case("true"),
        _ => false,
    };
    let mut waarden = Map::new();
    for (k, v) in obj {
        let v = match v {
            Value::Array(_) => v,
            other => match als_tekst(&other) {
                Ok(Some(s)) => Value::String(s),
                _ => continue,
            },
        };
        waarden.insert(k, v);
    }
    Ok(Query {
        soort,
        waarden,
        fields: velden,
        inclusief_overleden,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fouten(body: Value) -> Vec<(String, String)> {
        match parse(body.to_string().as_bytes()) {
            Err(Fout::Params(f)) => f.into_iter().map(|f| (f.name, f.code)).collect(),
            Err(Fout::GeenJson) => vec![("body".into(), "json".into())],
            Ok(_) => Vec::new(),
        }
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn patterns_match_as_the_spec_says() {
        assert!(matches(GESLACHTSNAAM, "Groe*"));
        assert!(!matches(GESLACHTSNAAM, "Gr*"));
        assert!(matches(STRAAT, "*enburch"));
        assert!(matches(BAG_ID, "0599010000208579"));
        assert!(!matches(BAG_ID, "0000000000000000"));
    }

    #[test]
    fn parameters_are_checked_per_type() {
        let ok = json!({"type": "RaadpleegMetBurgerservicenummer",
            "burgerservicenummer": ["999993653"], "fields": ["burgerservicenummer"]});
        assert!(fouten(ok).is_empty());
        assert_eq!(
            fouten(json!({"type": "RaadpleegMetBurgerservicenummer",
                "burgerservicenummer": ["12345678", "999993653", "x"],
                "voornamen": "Jan", "fields": ["anummer"]})),
            vec![
                pair("burgerservicenummer[0]", "pattern"),
                pair("burgerservicenummer[2]", "pattern"),
                pair("fields[0]", "fields"),
                pair("voornamen", "unknownParam"),
            ]
        );
        assert_eq!(
            fouten(
                json!({"type": "ZoekMetPostcodeEnHuisnummer", "postcode": "0123AB",
                "huisnummer": "a", "inclusiefOverledenPersonen": 1, "fields": "naam"})
            ),
            vec![
                pair("postcode", "pattern"),
                pair("huisnummer", "integer"),
                pair("inclusiefOverledenPersonen", "boolean"),
                pair("fields", "array"),
            ]
        );
        assert_eq!(
            fouten(json!({"type": "Zoek", "fields": ["naam"]})),
            vec![pair("type", "value")]
        );
        assert_eq!(fouten(json!([1])), vec![pair("body", "json")]);
    }
}
