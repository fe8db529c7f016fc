//! The recorded contract of Open Klant 2.4.0 (issue 18): every exchange of
//! `tests/contract/openklant-2.4/` (recorded against a real 2.4.0 by
//! `tools/contract/record.py`) replayed, in order, against a fresh sandbox
//! with `openklant_release = "2.4"`, and compared on what tells 2.4 from
//! 2.18: the status, the `API-version` header, the shape of a JSON answer
//! (its keys, recursively; the first item of a list stands for all) and, for
//! a refusal, the invalidParams' names and codes.
//!
//! Values are not compared here (texts, numbering, dates, order): that is
//! the 2.18 replay's job, and the 2.4 layer sits on the same register. The
//! steps the sandbox does not answer as recorded yet are listed, each with
//! its cause, so that the list can only shrink.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use klantbeeld_sandbox::{OpenKlantRelease, SandboxState, Settings};
use rand::{Rng, SeedableRng};
use serde_json::Value;

const TOKEN: &str = "sandbox-token-klantbeeld-24";
const WRONG_TOKEN: &str = "0000000000000000000000000000000000000000";

/// Steps of Open Klant 2.4.0 the sandbox in its 2.4 mode does not answer
/// as recorded (109 of 284 are the same). Most follow from a few causes:
/// the persona of the script is created with `land` `7085`, a Tabel 34 code
/// the layer cannot translate (not in the BRP test data), so the 2.18
/// register below refuses it and every step that uses the persona differs
/// (404s, paging over its klantcontacten);
/// 2.4.0 accepted what the 2.18 checks refuse (identificator checks, a bad
/// postcode, `PATCH /partijen` without `soortPartij` is a 400 there); empty
/// gegevensgroepen (cause 1); the sandbox's interne taak carries a
/// `referentienummer` 2.4.0 does not have. The test fails for a step not listed, and for a listed
/// step that now matches, so the list can only shrink.
const STILL_DIFFERENT: &[&str] = &[
    "partij-persoon-create",
    "partij-identificator-bsn-create",
    "partij-organisatie-create",
    "partij-contactpersoon-create",
    "partij-identificator-kvk-create",
    "partij-identificator-vestiging-create",
    "partij-identificator-rsin-create",
    "partij-identificator-bsn-kaal-create",
    "partij-create-bad-enum",
    "partij-create-unknown-voorkeurstaal",
    "partij-create-long-voorkeurstaal",
    "partij-create-empty-body",
    "partij-create-missing-soort",
    "partij-create-duplicate-bsn",
    "partij-create-bad-land",
    "partij-create-bad-postcode",
    "partij-create-identificeerde-partij-set",
    "partij-identificator-duplicate-bsn",
    "partij-identificator-unknown-soort",
    "partij-identificator-register-soort-mismatch",
    "partij-identificator-objecttype-soort-mismatch",
    "partij-identificator-bad-bsn",
    "partij-identificator-short-kvk",
    "partij-identificator-vestiging-without-sub",
    "partij-identificator-sub-not-kvk",
    "partij-identificator-missing-fields",
    "digitaal-adres-email-create",
    "digitaal-adres-telefoon-create",
    "digitaal-adres-overig-create",
    "digitaal-adres-bad-soort",
    "digitaal-adres-bad-email",
    "digitaal-adres-bad-telefoon",
    "digitaal-adres-missing-keys",
    "betrokkene-met-contactnaam-create",
    "betrokkene-zonder-contactnaam-create",
    "betrokkene-organisatie-create",
    "betrokkene-persoon-kc3-create",
    "betrokkene-bad-rol",
    "betrokkene-missing-klantcontact",
    "betrokkene-unknown-klantcontact",
    "digitaal-adres-van-betrokkene-create",
    "internetaak-te-verwerken-create",
    "internetaak-verwerkt-create",
    "internetaak-kc2-create",
    "internetaak-zonder-actoren",
    "maak-klantcontact",
    "maak-klantcontact-bad",
    "digitaal-adres-gateway-create",
    "detail-persoon",
    "detail-organisatie",
    "detail-contactpersoon",
    "detail-partij-identificator-vestiging",
    "detail-partij-identificator-bsn",
    "detail-klantcontact",
    "detail-betrokkene",
    "detail-betrokkene-kaal",
    "detail-digitaal-adres",
    "detail-digitaal-adres-van-betrokkene",
    "detail-internetaak",
    "detail-internetaak-verwerkt",
    "detail-partij-expand-betrokkenen",
    "detail-partij-expand-betrokkenen.hadKlantcontact",
    "detail-partij-expand-betrokkenen+betrokkenen.hadKlantcontact",
    "detail-partij-expand-digitaleAdressen",
    "detail-partij-expand-categorieRelaties",
    "detail-partij-expand-betrokkenen+betrokkenen.hadKlantcontact+digitaleAdressen",
    "detail-klantcontact-expand-hadBetrokkenen",
    "detail-klantcontact-expand-hadBetrokkenen.wasPartij",
    "detail-klantcontact-expand-hadBetrokkenen.digitaleAdressen",
    "detail-klantcontact-expand-leiddeTotInterneTaken",
    "detail-klantcontact-expand-gingOverOnderwerpobjecten",
    "detail-klantcontact-expand-omvatteBijlagen",
    "detail-klantcontact-expand-hadBetrokkenen+hadBetrokkenen.wasPartij+gingOverOnderwerpobjecten",
    "detail-klantcontact-expand-hadBetrokkenen+leiddeTotInterneTaken+gingOverOnderwerpobjecten+omvatteBijlagen",
    "detail-klantcontact-expand-repeated",
    "detail-betrokkene-expand-digitaleAdressen",
    "detail-digitaal-adres-expand-verstrektDoorBetrokkene",
    "detail-digitaal-adres-expand-verstrektDoorBetrokkene.hadKlantcontact",
    "detail-digitaal-adres-expand-verstrektDoorBetrokkene.hadKlantcontact.leiddeTotInterneTaken",
    "detail-actor-expand",
    "gw-partij-op-nummer",
    "gw-partij-op-bsn",
    "gw-partij-op-bsn-expand",
    "gw-partij-op-uuid-expand",
    "gw-klantcontacten-van-partij",
    "gw-klantcontacten-van-partij-expand-taken",
    "gw-betrokkenen-van-partij",
    "gw-betrokkenen-van-klantcontact",
    "gw-digitale-adressen-van-partij",
    "gw-internetaken-van-klantcontact",
    "gw-internetaken-van-actor",
    "gw-internetaken-van-actor-status",
    "gw-internetaken-van-actor-page-2",
    "gw-zoek-telefoonnummer",
    "gw-zoek-contactnaam",
    "gw-zoek-contactnaam-voorletters",
    "gw-zoek-bezoekadres",
    "gw-zoek-correspondentieadres",
    "gw-zoek-kvk",
    "gw-klantcontact-expand",
    "lijst-partijen-soort-en-nummer",
    "lijst-partijen-indicatie-actief",
    "lijst-partijen-geheimhouding",
    "query-adresregel-genegeerd",
    "lijst-partijen-sub-identificator-van",
    "lijst-partijen-vestigingsnummer",
    "lijst-partijen-expand",
    "lijst-partij-identificatoren",
    "lijst-partij-identificatoren-soort",
    "lijst-betrokkenen-organisatienaam",
    "lijst-betrokkenen-was-partij-nummer",
    "lijst-betrokkenen-klantcontact-nummer",
    "lijst-klantcontacten-nummer",
    "lijst-klantcontacten-kanaal",
    "lijst-klantcontacten-onderwerp",
    "lijst-klantcontacten-vertrouwelijk",
    "lijst-klantcontacten-onderwerpobject",
    "lijst-klantcontacten-expand-all",
    "lijst-digitale-adressen-betrokkene",
    "lijst-digitale-adressen-standaard",
    "lijst-internetaken-klantcontact",
    "lijst-internetaken-status-verwerkt",
    "lijst-onderwerpobjecten",
    "lijst-onderwerpobjecten-was",
    "paging-page-1",
    "paging-next",
    "paging-previous",
    "paging-page-2",
    "paging-past-end",
    "paging-page-0",
    "paging-page-not-a-number",
    "paging-page-empty",
    "paging-page-size-0",
    "paging-page-size-over-max",
    "paging-page-size-not-a-number",
    "query-unknown-parameter",
    "query-unknown-parameters-two",
    "query-identificeerde-partij-filter",
    "query-bad-boolean",
    "query-case-sensitive-name",
    "patch-partij-voorkeurstaal",
    "patch-partij-bezoekadres-null",
    "patch-partij-voorkeurs-digitaal-adres",
    "patch-partij-voorkeurs-digitaal-adres-vreemd",
    "patch-partij-bad-enum",
    "patch-partij-malformed-json",
    "put-partij-organisatie-identificatoren-leeg",
    "put-partij-contactpersoon",
    "put-partij-missing-fields",
    "detail-contactpersoon-after-put",
    "patch-partij-identificator-vestiging",
    "put-partij-identificator-rsin",
    "patch-klantcontact",
    "put-klantcontact",
    "patch-betrokkene",
    "patch-digitaal-adres",
    "patch-digitaal-adres-bad-email",
    "patch-actor",
    "patch-internetaak-verwerkt",
    "patch-internetaak-actoren",
    "patch-internetaak-terug",
    "lijst-klantcontacten-na-wijzigingen",
    "detail-persoon-na-wijzigingen",
    "delete-partij-identificator-kvk-met-sub",
    "delete-partij-identificator-vestiging",
    "delete-digitaal-adres",
    "delete-betrokkene",
    "delete-partij-met-betrokkenen",
    "cleanup-klantcontact-kc4",
    "cleanup-partij-contactpersoon",
    "cleanup-partij-organisatie",
    "cleanup-partij-taal-xx",
    "cleanup-2.4-partij-create-duplicate-bsn",
    "cleanup-2.4-partij-create-bad-postcode",
    "cleanup-2.4-partij-create-identificeerde-partij-set",
];

/// Starts a sandbox that answers as Open Klant 2.4.0; its Klantinteracties
/// base URL.
async fn sandbox_24() -> String {
    let settings = Settings {
        token: TOKEN.into(),
        seed: 4161,
        partijen: 5,
        faults: Default::default(),
        brp_oauth: None,
        notificaties: None,
        openklant_release: OpenKlantRelease::V2_4,
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let addr = listener.local_addr().expect("an address");
    tokio::spawn(klantbeeld_sandbox::serve(
        listener,
        SandboxState::build(&settings),
    ));
    format!("http://{addr}/klantinteracties/api/v1")
}

fn elfproef(digits: &str) -> bool {
    let d: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    if d.len() != 9 {
        return false;
    }
    let sum: i64 = (0..8).map(|i| (9 - i as i64) * d[i] as i64).sum::<i64>() - d[8] as i64;
    sum % 11 == 0
}

/// A fresh value of a script var's kind (as record.py generates them).
fn generate(kind: &str, rng: &mut impl Rng) -> String {
    // `n` digits, the first at least `first` (`b'0'` or `b'1'`).
    let mut digits = |n: usize, first: u8| -> String {
        let mut s = String::from(char::from(rng.gen_range(first..=b'9')));
        for _ in 1..n {
            s.push(char::from(rng.gen_range(b'0'..=b'9')));
        }
        s
    };
    match kind {
        "bsn" | "rsin" => loop {
            let s = format!(
                "{}{}",
                if kind == "rsin" { "1" } else { "9" },
                digits(8, b'0')
            );
            if elfproef(&s) {
                return s;
            }
        },
        "kvk" => digits(8, b'1'),
        "vestigingsnummer" => digits(12, b'1'),
        "run" => (0..8)
            .map(|_| char::from(rng.gen_range(b'a'..=b'z')))
            .collect(),
        _ if kind.starts_with("digits:") => digits(kind[7..].parse().expect("digits:N"), b'1'),
        _ if kind.starts_with("text:") => {
            let n: usize = kind[5..].parse().expect("text:N");
            let mut s = String::from(char::from(rng.gen_range(b'A'..=b'Z')));
            s.extend((1..n).map(|_| char::from(rng.gen_range(b'a'..=b'z'))));
            s
        }
        _ => panic!("requests.json: unknown var kind {kind:?}"),
    }
}

/// `{{name}}` placeholders filled: a string that is one placeholder takes
/// the value as it is (a captured object stays an object), one inside text
/// its text.
fn fill(value: &Value, values: &HashMap<String, Value>) -> Value {
    match value {
        Value::String(s) => {
            if let Some(name) = s.strip_prefix("{{").and_then(|r| r.strip_suffix("}}")) {
                if let Some(v) = values.get(name) {
                    return v.clone();
                }
            }
            let mut out = s.clone();
            for (name, v) in values {
                let text = match v {
                    Value::String(t) => t.clone(),
                    other => other.to_string(),
                };
                out = out.replace(&format!("{{{{{name}}}}}"), &text);
            }
            Value::String(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| fill(v, values)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), fill(v, values)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The keys of a JSON answer, recursively (`a.b`, `results[].uuid`); the
/// first item of a list stands for all, `_expand` is left out (what it holds
/// depends on the data, DIFFERENCES.md cause 9).
fn shape(value: &Value, path: &str, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "_expand" {
                    continue;
                }
                let p = format!("{path}.{k}");
                out.insert(p.clone());
                shape(v, &p, out);
            }
        }
        Value::Array(items) => {
            if let Some(first) = items.first() {
                shape(first, &format!("{path}[]"), out);
            }
        }
        _ => {}
    }
}

/// The invalidParams of a problem as `name:code`.
fn refusals(body: &Value) -> BTreeSet<String> {
    body["invalidParams"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .map(|p| {
                    format!(
                        "{}:{}",
                        p["name"].as_str().unwrap_or(""),
                        p["code"].as_str().unwrap_or("")
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn the_sandbox_in_its_2_4_mode_answers_as_open_klant_2_4_was_recorded() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/contract/openklant-2.4");
    let script: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("requests.json")).unwrap()).unwrap();
    let base = sandbox_24().await;
    let client = reqwest::Client::new();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(24);
    let mut values: HashMap<String, Value> = HashMap::new();
    for (name, kind) in script["vars"].as_object().unwrap() {
        values.insert(
            name.clone(),
            Value::String(generate(kind.as_str().unwrap(), &mut rng)),
        );
    }
    let mut recordings: HashMap<String, Value> = HashMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.len() > 4 && name[..3].bytes().all(|b| b.is_ascii_digit()) {
            let r: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            recordings.insert(r["step"].as_str().unwrap().to_string(), r);
        }
    }

    let mut different: Vec<String> = Vec::new();
    let mut same = 0;
    let steps = script["steps"].as_array().unwrap();
    for step in steps {
        let name = step["name"].as_str().unwrap();
        let recorded = &recordings[name]["response"];
        let path = fill(&step["path"], &values);
        let path = path.as_str().unwrap();
        let mut url = if path.starts_with("http") {
            url::Url::parse(path).unwrap()
        } else {
            url::Url::parse(&format!("{base}{path}")).unwrap()
        };
        if let Some(query) = step["query"].as_array() {
            let mut pairs = url.query_pairs_mut();
            for pair in query {
                let v = fill(&pair[1], &values);
                let v = match &v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                pairs.append_pair(pair[0].as_str().unwrap(), &v);
            }
        }
        let method =
            reqwest::Method::from_bytes(step["method"].as_str().unwrap().as_bytes()).unwrap();
        let mut request = client
            .request(method, url)
            .header("Accept", "application/json");
        match step["auth"].as_str().unwrap_or("token") {
            "none" => {}
            "wrong" => request = request.header("Authorization", format!("Token {WRONG_TOKEN}")),
            _ => request = request.header("Authorization", format!("Token {TOKEN}")),
        }
        let mut content_type = "application/json".to_string();
        if let Some(headers) = step["headers"].as_object() {
            for (k, v) in headers {
                if k.eq_ignore_ascii_case("content-type") {
                    content_type = v.as_str().unwrap_or_default().to_string();
                } else {
                    request = request.header(k, v.as_str().unwrap_or_default());
                }
            }
        }
        if let Some(raw) = step["raw"].as_str() {
            request = request
                .header("Content-Type", &content_type)
                .body(raw.to_string());
        } else if !step["body"].is_null() {
            let body = fill(&step["body"], &values);
            request = request
                .header("Content-Type", &content_type)
                .body(serde_json::to_vec(&body).unwrap());
        }
        let answer = request.send().await.unwrap();
        let status = answer.status().as_u16();
        let api_version = answer
            .headers()
            .get("api-version")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let text = answer.text().await.unwrap();
        let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        if let Some(capture) = step["capture"].as_object() {
            for (var, pointer) in capture {
                if let Some(v) = body.pointer(pointer.as_str().unwrap()) {
                    values.insert(var.clone(), v.clone());
                }
            }
        }

        let mut why = Vec::new();
        if recorded["status"].as_u64() != Some(status as u64) {
            why.push(format!("status {status}, recorded {}", recorded["status"]));
        }
        let want_version = recorded["headers"]["api-version"].as_str();
        if want_version.is_some() && want_version != api_version.as_deref() {
            why.push(format!(
                "API-version {api_version:?}, recorded {want_version:?}"
            ));
        }
        if let Some(want) = recorded.get("body") {
            if status < 400 {
                let (mut a, mut b) = (BTreeSet::new(), BTreeSet::new());
                shape(want, "", &mut a);
                shape(&body, "", &mut b);
                if a != b {
                    let missing: Vec<_> = a.difference(&b).collect();
                    let extra: Vec<_> = b.difference(&a).collect();
                    why.push(format!("keys missing {missing:?}, extra {extra:?}"));
                }
            } else if refusals(want) != refusals(&body) {
                why.push(format!(
                    "refused {:?}, recorded {:?}",
                    refusals(&body),
                    refusals(want)
                ));
            }
        }
        if why.is_empty() {
            same += 1;
        } else {
            different.push(format!("{name}: {}", why.join("; ")));
        }
    }
    eprintln!("openklant-2.4: {same} of {} the same", steps.len());
    let new: Vec<&String> = different
        .iter()
        .filter(|d| {
            !STILL_DIFFERENT
                .iter()
                .any(|s| d.split(':').next() == Some(*s))
        })
        .collect();
    let fixed: Vec<&&str> = STILL_DIFFERENT
        .iter()
        .filter(|s| !different.iter().any(|d| d.split(':').next() == Some(**s)))
        .collect();
    assert!(
        new.is_empty() && fixed.is_empty(),
        "differences not listed:\n{}\n\nlisted but now the same (remove them): {fixed:?}",
        new.iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}
