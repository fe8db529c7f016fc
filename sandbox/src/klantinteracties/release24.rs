//! Open Klant 2.4 (API-version 0.0.3), as a layer over the 2.18 register:
//! with `openklant_release = "2.4"` every Klantinteracties exchange passes
//! through here, and the handlers (which speak 2.18) stay as they are.
//!
//! What 2.4.0 does differently, from its OpenAPI spec
//! (`specs/openklant-releases/ki-2.4.0.yaml`) and the recordings of a real
//! 2.4.0 (`tests/contract/openklant-2.4/`, `DIFFERENCES.md`):
//! - `API-version: 0.0.3` on every answer;
//! - a query parameter it does not know is ignored (the list is unfiltered),
//!   where 2.18 answers 400; `expand` on `/betrokkenen` does not exist;
//! - `digitaleadressen?adres__icontains=` fails with a 500;
//! - `land` is a 4-digit RNI/GBA Tabel 34 code, and addresses have no
//!   `straatnaam`, `huisnummer`, `huisnummertoevoeging`, `postcode`, `stad`
//!   (sent, dropped without a word);
//! - a klantcontact has no `reactie`, `verdereActieOndernomen`,
//!   `hoofdOnderwerpType`, `referentienummer`, `metadata` (dropped the same
//!   way); a digitaal adres no `referentie`, `verificatieDatum`;
//! - a partij lists its identificatoren as `{uuid, url}` only, and
//!   `partijIdentificatoren` in `POST /partijen` is read-only (ignored);
//! - `POST /digitaleadressen` needs a non-blank `omschrijving`.
//!
//! The store keeps the 2.18 shape (ISO country codes); this layer translates
//! the country codes both ways with the Tabel 34 codes it knows.

use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use super::errors;
use crate::problem::{InvalidParam, Problem};
use crate::{base_url, OpenKlantRelease, SandboxState};

/// The API version Open Klant 2.4.0 reports.
const API_VERSION: &str = "0.0.3";

/// Bodies larger than this are passed on untouched (the register's own
/// limits apply to them).
const MAX_BODY: usize = 16 * 1024 * 1024;

/// Where the Klantinteracties API lives.
const BASE_PATH: &str = "/klantinteracties/api/v1";

/// The query parameters each 2.4.0 list knows (from its spec); any other is ignored.
const PARAMETERS: &[(&str, &[&str])] = &[
    (
        "/actoren",
        &[
            "actoridentificatorCodeObjecttype",
            "actoridentificatorCodeRegister",
            "actoridentificatorCodeSoortObjectId",
            "actoridentificatorObjectId",
            "indicatieActief",
            "naam",
            "page",
            "pageSize",
            "soortActor",
        ],
    ),
    (
        "/actorklantcontacten",
        &[
            "actor__url",
            "actor__uuid",
            "klantcontact__url",
            "klantcontact__uuid",
            "page",
            "pageSize",
        ],
    ),
    (
        "/betrokkenen",
        &[
            "contactnaamAchternaam",
            "contactnaamVoorletters",
            "contactnaamVoornaam",
            "contactnaamVoorvoegselAchternaam",
            "hadKlantcontact__nummer",
            "hadKlantcontact__url",
            "hadKlantcontact__uuid",
            "organisatienaam",
            "page",
            "pageSize",
            "verstrektedigitaalAdres__adres",
            "verstrektedigitaalAdres__url",
            "verstrektedigitaalAdres__uuid",
            "wasPartij__nummer",
            "wasPartij__url",
            "wasPartij__uuid",
        ],
    ),
    (
        "/bijlagen",
        &[
            "bijlageidentificatorCodeObjecttype",
            "bijlageidentificatorCodeRegister",
            "bijlageidentificatorCodeSoortObjectId",
            "bijlageidentificatorObjectId",
            "page",
            "pageSize",
        ],
    ),
    (
        "/categorie-relaties",
        &[
            "beginDatum",
            "categorie__naam",
            "categorie__url",
            "categorie__uuid",
            "eindDatum",
            "page",
            "pageSize",
            "partij__nummer",
            "partij__url",
            "partij__uuid",
        ],
    ),
    ("/categorieen", &["page", "pageSize"]),
    (
        "/digitaleadressen",
        &[
            "adres",
            "adres__icontains",
            "expand",
            "omschrijving",
            "page",
            "pageSize",
            "soortDigitaalAdres",
            "verstrektDoorBetrokkene__rol",
            "verstrektDoorBetrokkene__url",
            "verstrektDoorBetrokkene__uuid",
            "verstrektDoorPartij__soortPartij",
            "verstrektDoorPartij__url",
            "verstrektDoorPartij__uuid",
        ],
    ),
    (
        "/internetaken",
        &[
            "aanleidinggevendKlantcontact__url",
            "aanleidinggevendKlantcontact__uuid",
            "actoren__naam",
            "klantcontact__nummer",
            "klantcontact__uuid",
            "nummer",
            "page",
            "pageSize",
            "status",
            "toegewezenAanActor__url",
            "toegewezenAanActor__uuid",
            "toegewezenOp",
        ],
    ),
    (
        "/klantcontacten",
        &[
            "expand",
            "hadBetrokkene__url",
            "hadBetrokkene__uuid",
            "hadBetrokkene__wasPartij__url",
            "hadBetrokkene__wasPartij__uuid",
            "indicatieContactGelukt",
            "inhoud",
            "kanaal",
            "nummer",
            "onderwerp",
            "onderwerpobject__onderwerpobjectidentificatorCodeObjecttype",
            "onderwerpobject__onderwerpobjectidentificatorCodeRegister",
            "onderwerpobject__onderwerpobjectidentificatorCodeSoortObjectId",
            "onderwerpobject__onderwerpobjectidentificatorObjectId",
            "onderwerpobject__url",
            "onderwerpobject__uuid",
            "page",
            "pageSize",
            "plaatsgevondenOp",
            "vertrouwelijk",
            "wasOnderwerpobject__onderwerpobjectidentificatorCodeObjecttype",
            "wasOnderwerpobject__onderwerpobjectidentificatorCodeRegister",
            "wasOnderwerpobject__onderwerpobjectidentificatorCodeSoortObjectId",
            "wasOnderwerpobject__onderwerpobjectidentificatorObjectId",
            "wasOnderwerpobject__url",
            "wasOnderwerpobject__uuid",
        ],
    ),
    (
        "/onderwerpobjecten",
        &[
            "onderwerpobjectidentificatorCodeObjecttype",
            "onderwerpobjectidentificatorCodeRegister",
            "onderwerpobjectidentificatorCodeSoortObjectId",
            "onderwerpobjectidentificatorObjectId",
            "page",
            "pageSize",
        ],
    ),
    (
        "/partij-identificatoren",
        &[
            "anderePartijIdentificator",
            "page",
            "pageSize",
            "partijIdentificatorCodeObjecttype",
            "partijIdentificatorCodeRegister",
            "partijIdentificatorCodeSoortObjectId",
            "partijIdentificatorObjectId",
        ],
    ),
    (
        "/partijen",
        &[
            "bezoekadresAdresregel1",
            "bezoekadresAdresregel2",
            "bezoekadresAdresregel3",
            "bezoekadresLand",
            "bezoekadresNummeraanduidingId",
            "categorierelatie__categorie__naam",
            "correspondentieadresAdresregel1",
            "correspondentieadresAdresregel2",
            "correspondentieadresAdresregel3",
            "correspondentieadresLand",
            "correspondentieadresNummeraanduidingId",
            "expand",
            "indicatieActief",
            "indicatieGeheimhouding",
            "nummer",
            "page",
            "pageSize",
            "partijIdentificator__codeObjecttype",
            "partijIdentificator__codeRegister",
            "partijIdentificator__codeSoortObjectId",
            "partijIdentificator__objectId",
            "soortPartij",
            "vertegenwoordigdePartij__url",
            "vertegenwoordigdePartij__uuid",
        ],
    ),
    (
        "/rekeningnummers",
        &["bic", "iban", "page", "pageSize", "uuid"],
    ),
    (
        "/vertegenwoordigingen",
        &[
            "page",
            "pageSize",
            "vertegenwoordigdePartij__url",
            "vertegenwoordigdePartij__uuid",
            "vertegenwoordigendePartij__url",
            "vertegenwoordigendePartij__uuid",
        ],
    ),
];

/// `(Tabel 34, ISO 3166-1 alpha-2)` of the countries the BRP test data names
/// (`specs/brp-testdata.json`), matched by name; the first of several for
/// one ISO code is the one written.
const LANDEN: &[(&str, &str)] = &[
    ("5001", "CA"),
    ("5002", "FR"),
    ("5003", "CH"),
    ("5006", "CU"),
    ("5007", "SR"),
    ("5010", "BE"),
    ("5012", "IR"),
    ("5013", "NZ"),
    ("5014", "ZA"),
    ("5015", "DK"),
    ("5017", "HU"),
    ("5018", "SA"),
    ("5020", "ET"),
    ("5022", "MA"),
    ("5033", "CO"),
    ("5034", "AL"),
    ("5039", "SE"),
    ("5043", "IQ"),
    ("5048", "YE"),
    ("5053", "RU"),
    ("5054", "AM"),
    ("5061", "FK"),
    ("5071", "PN"),
    ("5095", "AW"),
    ("5100", "MK"),
    ("5103", "RS"),
    ("5104", "ME"),
    ("5106", "BQ"),
    ("5108", "BQ"),
    ("5109", "BQ"),
    ("6000", "MD"),
    ("6003", "GR"),
    ("6005", "NG"),
    ("6011", "IS"),
    ("6013", "SO"),
    ("6014", "US"),
    ("6016", "AU"),
    ("6022", "CN"),
    ("6023", "AF"),
    ("6024", "ID"),
    ("6027", "NO"),
    ("6029", "DE"),
    ("6030", "NL"),
    ("6037", "ES"),
    ("6038", "UA"),
    ("6039", "GB"),
    ("6042", "JO"),
    ("6043", "TR"),
    ("6047", "DZ"),
    ("6050", "UZ"),
    ("6051", "SL"),
    ("6054", "PF"),
    ("6067", "SK"),
    ("7002", "KE"),
    ("7003", "MT"),
    ("7009", "SY"),
    ("7014", "EG"),
    ("7015", "AR"),
    ("7020", "PK"),
    ("7024", "BG"),
    ("7028", "PL"),
    ("7034", "SD"),
    ("7035", "JP"),
    ("7036", "HK"),
    ("7042", "TH"),
    ("7044", "IT"),
    ("7046", "IN"),
    ("7047", "RO"),
    ("7054", "AE"),
    ("7064", "LV"),
    ("7088", "VI"),
    ("8027", "KI"),
    ("8031", "ZW"),
    ("9023", "NA"),
    ("9056", "MH"),
    ("9089", "DE"),
];

/// Address fields that came in 2.6.
const ADRES_NIEUW: [&str; 5] = [
    "straatnaam",
    "huisnummer",
    "huisnummertoevoeging",
    "postcode",
    "stad",
];
/// Klantcontact fields that came after 2.4 (2.16 / 2.18).
const KLANTCONTACT_NIEUW: [&str; 5] = [
    "reactie",
    "verdereActieOndernomen",
    "hoofdOnderwerpType",
    "referentienummer",
    "metadata",
];
/// Digitaal adres fields that came after 2.4.
const DIGITAAL_ADRES_NIEUW: [&str; 2] = ["referentie", "verificatieDatum"];

/// The middleware; a no-op unless the sandbox is Open Klant 2.4.
pub(crate) async fn layer(
    State(state): State<Arc<SandboxState>>,
    request: Request,
    next: Next,
) -> Response {
    if state.openklant_release != OpenKlantRelease::V2_4 {
        return next.run(request).await;
    }
    let base = base_url(request.headers());
    let mut response = match verzoek(request, &base).await {
        Ok(request) => antwoord(next.run(request).await).await,
        Err(response) => response,
    };
    response
        .headers_mut()
        .insert("API-version", HeaderValue::from_static(API_VERSION));
    response
}

/// The collection path below the base path: `/partijen` for
/// `/klantinteracties/api/v1/partijen` (not for a detail path).
fn collectie(path: &str) -> Option<&str> {
    let rest = path.strip_prefix(BASE_PATH)?;
    (rest.matches('/').count() == 1).then_some(rest)
}

/// The request as 2.4 reads it: unknown parameters dropped, fields it does
/// not store dropped from the body, land codes translated to the store's.
async fn verzoek(request: Request, base: &str) -> Result<Request, Response> {
    let (mut parts, body) = request.into_parts();
    let path = parts.uri.path().to_string();
    if let Some(col) = collectie(&path) {
        if parts.method == Method::GET {
            if let Some((_, known)) = PARAMETERS.iter().find(|(p, _)| *p == col) {
                let query = parts.uri.query().unwrap_or_default();
                let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
                    .into_owned()
                    .collect();
                if col == "/digitaleadressen" && pairs.iter().any(|(k, _)| k == "adres__icontains")
                {
                    return Err(server_error(base));
                }
                // Unknown parameters are ignored; a land filter speaks Tabel
                // 34, the store ISO.
                let kept: Vec<(String, String)> = pairs
                    .iter()
                    .filter(|(k, _)| known.contains(&k.as_str()))
                    .map(|(k, v)| match LANDEN.iter().find(|(g, _)| g == v) {
                        Some((_, iso)) if k.ends_with("Land") => (k.clone(), iso.to_string()),
                        _ => (k.clone(), v.clone()),
                    })
                    .collect();
                if kept != pairs {
                    let mut q = url::form_urlencoded::Serializer::new(String::new());
                    for (k, v) in kept {
                        q.append_pair(&k, &v);
                    }
                    let q = q.finish();
                    let uri = if q.is_empty() {
                        path.clone()
                    } else {
                        format!("{path}?{q}")
                    };
                    if let Ok(uri) = uri.parse() {
                        parts.uri = uri;
                    }
                }
            }
        }
    }
    let writes = matches!(parts.method, Method::POST | Method::PUT | Method::PATCH);
    let json = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !writes || !json {
        return Ok(Request::from_parts(parts, body));
    }
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return Ok(Request::from_parts(parts, Body::empty()));
    };
    let Ok(mut value) = serde_json::from_slice::<Value>(&bytes) else {
        return Ok(Request::from_parts(parts, Body::from(bytes)));
    };
    let rest = path.strip_prefix(BASE_PATH).unwrap_or_default().to_string();
    if let Value::Object(map) = &mut value {
        if parts.method == Method::POST && rest == "/digitaleadressen" {
            match map.get("omschrijving") {
                None | Some(Value::Null) => {
                    return Err(veld_fout(
                        base,
                        "omschrijving",
                        "required",
                        "Dit veld is vereist.",
                    ))
                }
                Some(Value::String(s)) if s.trim().is_empty() => {
                    return Err(veld_fout(
                        base,
                        "omschrijving",
                        "blank",
                        "Dit veld mag niet leeg zijn.",
                    ))
                }
                _ => {}
            }
        }
        if parts.method == Method::POST && rest == "/partijen" {
            map.remove("partijIdentificatoren");
        }
        schrijfbaar(map, base).map_err(|e| *e)?;
        for nested in ["klantcontact", "betrokkene"] {
            if let Some(Value::Object(inner)) = map.get_mut(nested) {
                schrijfbaar(inner, base).map_err(|e| *e)?;
            }
        }
    }
    let bytes = serde_json::to_vec(&value).unwrap_or_else(|_| bytes.to_vec());
    parts.headers.remove(header::CONTENT_LENGTH);
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

/// Drops from one object of a write what 2.4 does not store, and translates
/// its addresses' land codes; a land that is not 4 digits is refused as
/// 2.4 refuses it.
fn schrijfbaar(map: &mut Map<String, Value>, base: &str) -> Result<(), Box<Response>> {
    if map.contains_key("kanaal") || map.contains_key("onderwerp") {
        for k in KLANTCONTACT_NIEUW {
            map.remove(k);
        }
    }
    for adres in ["bezoekadres", "correspondentieadres"] {
        if let Some(Value::Object(a)) = map.get_mut(adres) {
            for k in ADRES_NIEUW {
                a.remove(k);
            }
            if let Some(Value::String(land)) = a.get_mut("land") {
                if !land.is_empty() {
                    if !(land.len() == 4 && land.bytes().all(|b| b.is_ascii_digit())) {
                        return Err(Box::new(veld_fout(
                            base,
                            &format!("{adres}.land"),
                            "invalid",
                            "Voer een geldig geheel getal in.",
                        )));
                    }
                    // The store speaks ISO; a code this table does not know is
                    // kept as sent (the 2.18 handler then refuses it).
                    if let Some((_, iso)) = LANDEN.iter().find(|(g, _)| g == land) {
                        *land = iso.to_string();
                    }
                }
            }
        }
    }
    Ok(())
}

/// The answer as 2.4 gives it.
async fn antwoord(response: Response) -> Response {
    let json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let Ok(mut value) = serde_json::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    vorm(&mut value);
    parts.headers.remove(header::CONTENT_LENGTH);
    let bytes = serde_json::to_vec(&value).unwrap_or_else(|_| bytes.to_vec());
    Response::from_parts(parts, Body::from(bytes))
}

/// Reshapes every object of an answer, at any depth, into its 2.4 form.
fn vorm(value: &mut Value) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(vorm),
        Value::Object(map) => {
            if map.contains_key("kanaal") && map.contains_key("onderwerp") {
                for k in KLANTCONTACT_NIEUW {
                    map.remove(k);
                }
            }
            if map.contains_key("soortDigitaalAdres") {
                for k in DIGITAAL_ADRES_NIEUW {
                    map.remove(k);
                }
            }
            if map.contains_key("soortPartij") {
                if let Some(Value::Array(ids)) = map.get_mut("partijIdentificatoren") {
                    for id in ids.iter_mut() {
                        if let Value::Object(o) = id {
                            o.retain(|k, _| k == "uuid" || k == "url");
                        }
                    }
                }
            }
            for adres in ["bezoekadres", "correspondentieadres"] {
                if let Some(Value::Object(a)) = map.get_mut(adres) {
                    for k in ADRES_NIEUW {
                        a.remove(k);
                    }
                    if let Some(Value::String(land)) = a.get_mut("land") {
                        if let Some((gba, _)) = LANDEN.iter().find(|(_, i)| i == land) {
                            *land = gba.to_string();
                        }
                    }
                }
            }
            map.values_mut().for_each(vorm);
        }
        _ => {}
    }
}

/// A 400 naming one field, as 2.4 words it.
fn veld_fout(base: &str, name: &str, code: &str, reason: &str) -> Response {
    let mut problem = errors::validation(
        base,
        vec![InvalidParam {
            name: name.into(),
            code: code.into(),
            reason: reason.into(),
        }],
    );
    problem.title = "Invalid input.".into();
    (*problem).into_response()
}

/// The 500 2.4.0 answers to `adres__icontains`.
fn server_error(base: &str) -> Response {
    let problem = Problem::vng(
        StatusCode::INTERNAL_SERVER_ERROR,
        "APIException",
        "error",
        "Er is een serverfout opgetreden.",
    )
    .detail("Internal Server Error")
    .with_base(base);
    problem.into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_take_the_2_4_shape() {
        let mut partij = serde_json::json!({
            "soortPartij": "persoon",
            "partijIdentificatoren": [{"uuid": "u", "url": "x", "partijIdentificator": {"objectId": "1"}}],
            "bezoekadres": {"adresregel1": "a", "straatnaam": "s", "huisnummer": 1, "land": "NL"},
            "_expand": {"betrokkenen": [{"uuid": "b", "correspondentieadres": {"land": "BE", "stad": "x"}}]}
        });
        vorm(&mut partij);
        assert_eq!(
            partij,
            serde_json::json!({
                "soortPartij": "persoon",
                "partijIdentificatoren": [{"uuid": "u", "url": "x"}],
                "bezoekadres": {"adresregel1": "a", "land": "6030"},
                "_expand": {"betrokkenen": [{"uuid": "b", "correspondentieadres": {"land": "5010"}}]}
            })
        );
        let mut kc =
            serde_json::json!({"kanaal": "k", "onderwerp": "o", "reactie": "r", "metadata": {}});
        vorm(&mut kc);
        assert_eq!(kc, serde_json::json!({"kanaal": "k", "onderwerp": "o"}));
    }

    #[test]
    fn writes_lose_what_2_4_does_not_store() {
        let mut body = serde_json::json!({
            "kanaal": "k", "onderwerp": "o", "referentienummer": "4711",
            "bezoekadres": {"land": "6030", "postcode": "1234 AB"}
        });
        let Value::Object(map) = &mut body else {
            unreachable!()
        };
        assert!(schrijfbaar(map, "http://x").is_ok());
        assert_eq!(
            body,
            serde_json::json!({"kanaal": "k", "onderwerp": "o", "bezoekadres": {"land": "NL"}})
        );
        let mut iso = serde_json::json!({"bezoekadres": {"land": "NL"}});
        let Value::Object(map) = &mut iso else {
            unreachable!()
        };
        assert!(schrijfbaar(map, "http://x").is_err());
    }
}
