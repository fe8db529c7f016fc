//! The sandbox as the bench uses it: its control plane (cost model, stats)
//! its partijen list, from which scenario (b) draws its partij nummers, and
//! the writes and reads of scenario (d).

use std::time::Duration;

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde::Serialize;
use serde_json::Value;

/// The base path of the sandbox Klantinteracties.
pub const KLANTINTERACTIES: &str = "/klantinteracties/api/v1";
/// The base path of the sandbox Referentielijsten.
pub const REFERENTIELIJSTEN: &str = "/api/v1";

/// The sandbox Klantinteracties' cost models (`/_sandbox/faults` profiles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum CostModel {
    #[serde(rename = "none")]
    None,
    #[serde(rename = "openklant-2.18")]
    OpenKlant218,
}

impl CostModel {
    pub const ALL: [CostModel; 2] = [CostModel::None, CostModel::OpenKlant218];

    /// The profile name the sandbox knows it by.
    pub fn name(self) -> &'static str {
        match self {
            CostModel::None => "none",
            CostModel::OpenKlant218 => "openklant-2.18",
        }
    }
}

/// The sandbox's counters for one load, summed over its registers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Upstream {
    pub requests: u64,
    pub busy_ms: u64,
    /// The highest of the registers' `maxInFlight`.
    pub max_in_flight: u64,
}

/// A client of one sandbox.
#[derive(Clone)]
pub struct Sandbox {
    base: String,
    token: String,
    http: reqwest::Client,
}

impl Sandbox {
    /// `base` is `http://host:port`; `token` is what Klantinteracties accepts.
    pub fn new(base: &str, token: &str) -> Result<Sandbox, String> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(|e| format!("cannot build an HTTP client: {e}"))?;
        Ok(Sandbox {
            base: base.trim_end_matches('/').to_string(),
            token: token.to_string(),
            http,
        })
    }

    /// Sets the Klantinteracties cost model.
    pub async fn set_cost_model(&self, model: CostModel) -> Result<(), String> {
        let body = serde_json::json!({ "register": "klantinteracties", "profile": model.name() });
        let r = self
            .http
            .post(format!("{}/_sandbox/faults", self.base))
            .json(&body)
            .send()
            .await
            .map_err(|e| format!("POST /_sandbox/faults: {e}"))?;
        expect_success("POST /_sandbox/faults", r).await.map(|_| ())
    }

    pub async fn reset_stats(&self) -> Result<(), String> {
        let r = self
            .http
            .post(format!("{}/_sandbox/reset-stats", self.base))
            .send()
            .await
            .map_err(|e| format!("POST /_sandbox/reset-stats: {e}"))?;
        expect_success("POST /_sandbox/reset-stats", r)
            .await
            .map(|_| ())
    }

    /// Requests, modelled busy time and peak in-flight since the last reset.
    pub async fn upstream(&self) -> Result<Upstream, String> {
        let r = self
            .http
            .get(format!("{}/_sandbox/stats", self.base))
            .send()
            .await
            .map_err(|e| format!("GET /_sandbox/stats: {e}"))?;
        let stats: Value = expect_success("GET /_sandbox/stats", r).await?;
        let registers = stats
            .get("registers")
            .and_then(Value::as_object)
            .ok_or("GET /_sandbox/stats: no `registers` object")?;
        let mut upstream = Upstream::default();
        for (name, register) in registers {
            let field = |key: &str| {
                register
                    .get(key)
                    .and_then(Value::as_u64)
                    .ok_or_else(|| format!("GET /_sandbox/stats: no `{key}` for {name}"))
            };
            upstream.requests += field("requests")?;
            upstream.busy_ms += field("busyMs")?;
            upstream.max_in_flight = upstream.max_in_flight.max(field("maxInFlight")?);
        }
        Ok(upstream)
    }

    /// `count` partij nummers drawn at random (fixed `seed`) from the
    /// sandbox's `/partijen` list: a page count from the first page, then
    /// random pages until enough nummers are in.
    pub async fn partij_nummers(&self, count: usize, seed: u64) -> Result<Vec<String>, String> {
        const PAGE_SIZE: u64 = 100;
        let first = self.partijen_page(1, 1).await?;
        let total = first.get("count").and_then(Value::as_u64).unwrap_or(0);
        let pages = total.div_ceil(PAGE_SIZE).max(1);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let mut nummers = Vec::new();
        for _ in 0..(count as u64 / 20 + 5).min(pages * 2) {
            let page = self
                .partijen_page(rng.gen_range(1..=pages), PAGE_SIZE)
                .await?;
            let results = page.get("results").and_then(Value::as_array);
            nummers.extend(
                results
                    .into_iter()
                    .flatten()
                    .filter_map(|p| p.get("nummer").and_then(Value::as_str))
                    .filter(|n| !n.is_empty())
                    .map(str::to_string),
            );
            if nummers.len() >= count * 3 {
                break;
            }
        }
        nummers.sort();
        nummers.dedup();
        nummers.shuffle(&mut rng);
        nummers.truncate(count);
        if nummers.is_empty() {
            return Err(format!(
                "the sandbox's /partijen list (count {total}) gave no partij nummers"
            ));
        }
        Ok(nummers)
    }

    /// Creates a partij (a persoon) for scenario (d), so that its
    /// klantcontacten start from none and the other scenarios' partijen stay
    /// as they are; its uuid.
    pub async fn create_partij(&self, achternaam: &str) -> Result<String, String> {
        let body = serde_json::json!({
            "soortPartij": "persoon",
            "indicatieActief": true,
            "partijIdentificatie": {"contactnaam": {"voornaam": "Bench", "achternaam": achternaam}},
        });
        let created = self.post_klantinteracties("/partijen", &body).await?;
        uuid_of(&created, "POST /partijen")
    }

    /// Registers a klantcontact with `partij` as betrokkene the way a front
    /// end does without the gateway (`POST /maak-klantcontact`); its uuid.
    pub async fn maak_klantcontact(&self, partij: &str, onderwerp: &str) -> Result<String, String> {
        let body = serde_json::json!({
            "klantcontact": {"kanaal": "telefoon", "onderwerp": onderwerp, "taal": "nld", "vertrouwelijk": false},
            "betrokkene": {"wasPartij": {"uuid": partij}, "rol": "klant", "initiator": true},
        });
        let created = self
            .post_klantinteracties("/maak-klantcontact", &body)
            .await?;
        let klantcontact = created.get("klantcontact").unwrap_or(&Value::Null);
        uuid_of(klantcontact, "POST /maak-klantcontact")
    }

    /// `GET /klantcontacten` of one partij (one page of `page_size`): what a
    /// front end that polls for new contacts asks.
    pub async fn klantcontacten_van(&self, partij: &str, page_size: u32) -> Result<Value, String> {
        let what =
            format!("GET {KLANTINTERACTIES}/klantcontacten?hadBetrokkene__wasPartij__uuid=…");
        let r = self
            .http
            .get(format!("{}{KLANTINTERACTIES}/klantcontacten", self.base))
            .query(&[("hadBetrokkene__wasPartij__uuid", partij)])
            .query(&[("pageSize", page_size)])
            .header("Authorization", format!("Token {}", self.token))
            .send()
            .await
            .map_err(|e| format!("{what}: {e}"))?;
        expect_success(&what, r).await
    }

    async fn post_klantinteracties(&self, path: &str, body: &Value) -> Result<Value, String> {
        let what = format!("POST {KLANTINTERACTIES}{path}");
        let r = self
            .http
            .post(format!("{}{KLANTINTERACTIES}{path}", self.base))
            .header("Authorization", format!("Token {}", self.token))
            .json(body)
            .send()
            .await
            .map_err(|e| format!("{what}: {e}"))?;
        expect_success(&what, r).await
    }

    async fn partijen_page(&self, page: u64, page_size: u64) -> Result<Value, String> {
        let what = format!("GET {KLANTINTERACTIES}/partijen?page={page}&pageSize={page_size}");
        let r = self
            .http
            .get(format!("{}{KLANTINTERACTIES}/partijen", self.base))
            .query(&[("page", page), ("pageSize", page_size)])
            .header("Authorization", format!("Token {}", self.token))
            .send()
            .await
            .map_err(|e| format!("{what}: {e}"))?;
        expect_success(&what, r).await
    }
}

/// The `uuid` of a created object.
fn uuid_of(object: &Value, what: &str) -> Result<String, String> {
    object
        .get("uuid")
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| format!("{what}: no uuid in {}", clip(&object.to_string())))
}

/// The JSON body of a 2xx answer; the status and body of anything else.
async fn expect_success(what: &str, r: reqwest::Response) -> Result<Value, String> {
    let status = r.status();
    let text = r.text().await.map_err(|e| format!("{what}: {e}"))?;
    if !status.is_success() {
        return Err(format!("{what}: {status}: {}", clip(&text)));
    }
    if text.is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_str(&text).map_err(|e| format!("{what}: not JSON ({e}): {}", clip(&text)))
}

/// At most 300 characters of a body, for a message.
pub fn clip(text: &str) -> String {
    match text.char_indices().nth(300) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}
