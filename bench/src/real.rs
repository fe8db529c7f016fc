//! `klantbeeld-bench real`: the gateway against a sequential front end on a
//! real register, side by side in one run, so that a municipality can compare
//! the two on its own Open Klant and its own partij (issue 13).
//!
//! Nothing here needs the sandbox: the sequential REST client talks to the
//! Klantinteracties and Referentielijsten given (base URL and token) and
//! counts its own requests; the gateway under test is one already running,
//! configured against the same registers, and its register calls come from
//! its `/metrics` (`klantbeeld_upstream_calls_total`, read before and after
//! each load). Both must build the same klantbeeld before anything is timed.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;

use crate::clients::gateway::GatewayClient;
use crate::clients::rest::RestClient;
use crate::clients::{http_client, Endpoint, KlantbeeldClient, KlantbeeldOp};
use crate::load::{Mode, Plan};
use crate::report;
use crate::suite::{self, Measured};

#[derive(Args)]
pub struct RealArgs {
    /// The Klantinteracties API root, e.g. `https://openklant.example.nl/klantinteracties/api/v1`.
    #[arg(long)]
    klantinteracties: String,
    /// Its token (sent as `Authorization: Token …`).
    #[arg(long, env = "KLANTINTERACTIES_TOKEN", hide_env_values = true)]
    token: String,
    /// The Referentielijsten API root the front end reads its code tables from.
    #[arg(long)]
    referentielijsten: String,
    /// The running gateway (`http://host:port`), configured against the same
    /// registers; its GraphQL is `<gateway>/graphql`, its metrics `<gateway>/metrics`.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    gateway: String,
    /// The query document; its `$nummer` variable gets the partij nummer.
    #[arg(long, default_value = "queries/c4161-klantbeeld.graphql")]
    query: PathBuf,
    /// Partij nummers to ask for, comma-separated; they are used in turn.
    #[arg(long, default_value = "123454321", value_delimiter = ',')]
    nummer: Vec<String>,
    /// Client counts, comma-separated; each runs the REST client, then the gateway.
    #[arg(long, default_value = "1,20", value_delimiter = ',')]
    concurrency: Vec<usize>,
    /// Seconds of load per system and client count.
    #[arg(long, default_value_t = 20.0)]
    duration: f64,
}

/// Register calls the gateway counted, by register.
type Calls = BTreeMap<String, u64>;

/// Runs the comparison and prints one line per system and client count.
pub async fn run(args: RealArgs) -> Result<(), String> {
    if args.concurrency.is_empty() || args.concurrency.contains(&0) {
        return Err("--concurrency needs numbers of at least 1".into());
    }
    if !(args.duration > 0.0 && args.duration.is_finite()) {
        return Err(format!("--duration must be above 0, got {}", args.duration));
    }
    if args.nummer.is_empty() {
        return Err("--nummer needs at least one partij nummer".into());
    }
    let document = std::fs::read_to_string(&args.query)
        .map_err(|e| format!("cannot read {}: {e}", args.query.display()))?;
    let gateway_root = args.gateway.trim_end_matches('/').to_string();
    let rest = Arc::new(RestClient::on(
        &args.klantinteracties,
        &args.referentielijsten,
        &args.token,
    )?);
    let gateway = Arc::new(GatewayClient::new(
        Endpoint::new(&format!("{gateway_root}/graphql"))?,
        document,
    ));
    let metrics = Metrics::new(&gateway_root)?;

    // The first klantbeeld of each: the same shape, and the gateway's calls
    // for it (cold when the gateway was just started).
    for nummer in &args.nummer {
        let before = rest.calls();
        let by_rest = rest
            .klantbeeld(nummer.clone())
            .await
            .map_err(|f| format!("REST client, nummer {nummer}: {f:?}"))?;
        let rest_calls = rest.calls() - before;
        let start = metrics.read().await?;
        let by_gateway = gateway
            .klantbeeld(nummer.clone())
            .await
            .map_err(|f| format!("gateway, nummer {nummer}: {f:?}"))?;
        let first = difference(&metrics.read().await?, &start);
        if by_rest != by_gateway {
            return Err(format!(
                "nummer {nummer}: the REST client found {by_rest}, the gateway {by_gateway}"
            ));
        }
        println!(
            "nummer {nummer}: {by_rest}; first klantbeeld: REST {rest_calls} calls, gateway {}",
            calls_text(&first, 1)
        );
    }

    for &clients in &args.concurrency {
        let plan = || Plan {
            mode: Mode::Concurrency(clients),
            duration: Duration::from_secs_f64(args.duration),
        };
        let before = rest.calls();
        let op = Arc::new(KlantbeeldOp::new(rest.clone(), args.nummer.clone()));
        let mut measured = suite::measure(op, plan(), None, None).await?;
        let sent = rest.calls() - before;
        measured.calls_per_query = per_request(&measured, sent);
        print_row("sequential REST", clients, &measured, None);
        check(&measured, "sequential REST")?;

        let start = metrics.read().await?;
        let op = Arc::new(KlantbeeldOp::new(gateway.clone(), args.nummer.clone()));
        let mut measured = suite::measure(op, plan(), None, None).await?;
        let calls = difference(&metrics.read().await?, &start);
        measured.calls_per_query = per_request(&measured, calls.values().sum());
        print_row("gateway", clients, &measured, Some(&calls));
        check(&measured, "gateway")?;
    }
    Ok(())
}

fn per_request(measured: &Measured, calls: u64) -> Option<f64> {
    let requests = measured.load.requests();
    (requests > 0).then(|| calls as f64 / requests as f64)
}

fn print_row(system: &str, clients: usize, measured: &Measured, calls: Option<&Calls>) {
    println!(
        "{system:<16} {clients:>3} clients: {}",
        report::one_line(measured)
    );
    if let Some(calls) = calls {
        println!(
            "{:<16}              register calls per klantbeeld: {}",
            "",
            calls_text(calls, measured.load.requests())
        );
    }
}

fn check(measured: &Measured, system: &str) -> Result<(), String> {
    match measured.load.failure_summary() {
        Some(failures) => Err(format!("{system} failed: {failures}")),
        None => Ok(()),
    }
}

/// `klantinteracties 16.0, referentielijsten 3.0`.
fn calls_text(calls: &Calls, requests: u64) -> String {
    if calls.is_empty() {
        return "none".into();
    }
    calls
        .iter()
        .map(|(register, n)| format!("{register} {:.1}", *n as f64 / requests.max(1) as f64))
        .collect::<Vec<_>>()
        .join(", ")
}

fn difference(after: &Calls, before: &Calls) -> Calls {
    after
        .iter()
        .map(|(k, v)| (k.clone(), v - before.get(k).copied().unwrap_or(0)))
        .filter(|(_, v)| *v > 0)
        .collect()
}

/// The gateway's `/metrics`.
struct Metrics {
    url: String,
    http: reqwest::Client,
}

impl Metrics {
    fn new(gateway_root: &str) -> Result<Metrics, String> {
        Ok(Metrics {
            url: format!("{gateway_root}/metrics"),
            http: http_client()?,
        })
    }

    /// `klantbeeld_upstream_calls_total`, summed over statuses, by register.
    async fn read(&self) -> Result<Calls, String> {
        let response = self
            .http
            .get(&self.url)
            .send()
            .await
            .map_err(|e| format!("GET {}: {e}", self.url))?;
        if !response.status().is_success() {
            return Err(format!("GET {}: HTTP {}", self.url, response.status()));
        }
        let text = response
            .text()
            .await
            .map_err(|e| format!("GET {}: {e}", self.url))?;
        Ok(upstream_calls(&text))
    }
}

/// Reads the `klantbeeld_upstream_calls_total{register="…",…} N` samples.
fn upstream_calls(text: &str) -> Calls {
    let mut calls = Calls::new();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("klantbeeld_upstream_calls_total{") else {
            continue;
        };
        let Some((labels, value)) = rest.split_once("} ") else {
            continue;
        };
        let register = labels
            .split(',')
            .find_map(|l| l.strip_prefix("register=\""))
            .and_then(|r| r.strip_suffix('"'));
        let value = value
            .split_whitespace()
            .next()
            .and_then(|v| v.parse::<f64>().ok());
        if let (Some(register), Some(value)) = (register, value) {
            *calls.entry(register.to_string()).or_default() += value as u64;
        }
    }
    calls
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_upstream_calls_by_register() {
        let text = "# HELP klantbeeld_upstream_calls Register calls\n\
            # TYPE klantbeeld_upstream_calls counter\n\
            klantbeeld_upstream_calls_total{register=\"klantinteracties\",status=\"200\"} 16\n\
            klantbeeld_upstream_calls_total{register=\"klantinteracties\",status=\"404\"} 1\n\
            klantbeeld_upstream_calls_total{register=\"referentielijsten\",status=\"200\"} 3\n\
            klantbeeld_upstream_call_duration_seconds_count{register=\"brp\"} 9\n";
        let calls = upstream_calls(text);
        assert_eq!(calls.get("klantinteracties"), Some(&17));
        assert_eq!(calls.get("referentielijsten"), Some(&3));
        assert_eq!(calls.get("brp"), None);
    }
}
