//! The systems under test as klantbeeld clients: each builds the C4161
//! klantbeeld of one partij nummer its own way and says what it found (a
//! [`Shape`]), so that the suite can check that all systems fetch the same
//! klantbeeld before it compares how fast they do it.

pub mod gateway;
pub mod mesh;
pub mod rest;
pub mod zoeken;

use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use serde::Serialize;
use serde_json::Value;

use crate::load::{Failure, Operation};
use crate::sandbox::clip;

/// How long one request of a client may take before it counts as failed.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// What a klantbeeld held: the same counts whichever system built it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Shape {
    pub betrokkenen: usize,
    pub klantcontacten: usize,
    pub interne_taken: usize,
    /// Actors assigned to the interne taken, counted per assignment.
    pub toegewezen_actoren: usize,
}

impl std::fmt::Display for Shape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} betrokkenen, {} klantcontacten, {} interne taken, {} toegewezen actoren",
            self.betrokkenen, self.klantcontacten, self.interne_taken, self.toegewezen_actoren
        )
    }
}

/// A system that builds the klantbeeld of a partij nummer.
pub trait KlantbeeldClient: Send + Sync {
    fn klantbeeld(&self, nummer: String) -> BoxFuture<'static, Result<Shape, Failure>>;
}

/// The load generator's view of a client: request `i` asks for the klantbeeld
/// of the `i`-th nummer (round robin).
pub struct KlantbeeldOp {
    client: Arc<dyn KlantbeeldClient>,
    nummers: Arc<[String]>,
}

impl KlantbeeldOp {
    pub fn new(client: Arc<dyn KlantbeeldClient>, nummers: Vec<String>) -> KlantbeeldOp {
        KlantbeeldOp {
            client,
            nummers: nummers.into(),
        }
    }
}

impl Operation for KlantbeeldOp {
    fn call(&self, i: u64) -> BoxFuture<'static, Result<(), Failure>> {
        if self.nummers.is_empty() {
            return Box::pin(async { Err(Failure::new("no nummers", "nothing to ask for")) });
        }
        let nummer = self.nummers[(i % self.nummers.len() as u64) as usize].clone();
        let fut = self.client.klantbeeld(nummer);
        Box::pin(async move { fut.await.map(|_| ()) })
    }
}

/// The HTTP client every system's requests go through.
pub fn http_client() -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .build()
        .map_err(|e| format!("cannot build an HTTP client: {e}"))
}

/// A GraphQL endpoint spoken to over HTTP POST (JSON).
#[derive(Clone)]
pub struct Endpoint {
    url: Arc<str>,
    http: reqwest::Client,
}

impl Endpoint {
    pub fn new(url: &str) -> Result<Endpoint, String> {
        Ok(Endpoint {
            url: url.into(),
            http: http_client()?,
        })
    }

    /// Runs `document` with `variables`; the `data` of an answer without
    /// `errors`, else the failure (HTTP status, GraphQL error, timeout, …).
    pub async fn query(&self, document: &str, variables: Value) -> Result<Value, Failure> {
        let body = serde_json::json!({ "query": document, "variables": variables });
        let response = self
            .http
            .post(&*self.url)
            .json(&body)
            .send()
            .await
            .map_err(transport_failure)?;
        let status = response.status();
        let text = response.text().await.map_err(transport_failure)?;
        let json: Option<Value> = serde_json::from_str(&text).ok();
        if let Some(errors) = json
            .as_ref()
            .and_then(|j| j.get("errors"))
            .and_then(Value::as_array)
            .filter(|e| !e.is_empty())
        {
            return Err(Failure::new(
                "graphql errors",
                format!(
                    "{status}: {}",
                    clip(&Value::Array(errors.clone()).to_string())
                ),
            ));
        }
        if !status.is_success() {
            return Err(Failure::new(
                format!("http {}", status.as_u16()),
                clip(&text),
            ));
        }
        match json.and_then(|mut j| j.get_mut("data").map(Value::take)) {
            Some(data) if !data.is_null() => Ok(data),
            _ => Err(Failure::new("no data", clip(&text))),
        }
    }
}

/// A transport error as a failure kind: timeouts apart from the rest.
pub fn transport_failure(e: reqwest::Error) -> Failure {
    let kind = if e.is_timeout() {
        "timeout"
    } else if e.is_connect() {
        "connect"
    } else {
        "transport"
    };
    Failure::new(kind, e.to_string())
}

/// The array at `key` of `value`, or an empty slice.
pub fn array<'a>(value: &'a Value, key: &str) -> &'a [Value] {
    value
        .get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// How many actors a `toegewezenAan`-like value names: a list counts its
/// non-null items, an object counts one, null none.
pub fn count_present(value: Option<&Value>) -> usize {
    match value {
        Some(Value::Array(items)) => items.iter().filter(|v| !v.is_null()).count(),
        Some(Value::Object(_)) => 1,
        _ => 0,
    }
}

/// A partij that is not there, or another one than asked for, as a failure.
pub fn check_nummer(partij: Option<&Value>, nummer: &str) -> Result<(), Failure> {
    match partij.and_then(|p| p.get("nummer")).and_then(Value::as_str) {
        Some(n) if n == nummer => Ok(()),
        Some(n) => Err(Failure::new(
            "wrong partij",
            format!("asked for nummer {nummer}, got {n}"),
        )),
        None => Err(Failure::new(
            "partij not found",
            format!("no partij with nummer {nummer} in the answer"),
        )),
    }
}
