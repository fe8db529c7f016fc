//! `klantbeeld-bench deadline`: the timing the black-box tests may not
//! assert (issue 17). Against a gateway and its sandbox that are already
//! running, it slows Klantinteracties through `/_sandbox/faults` and
//! measures, on the wall clock, how long the answers take against the
//! gateway's request deadline:
//! - the C4161 query with Klantinteracties at 3 s and at 9 s per call:
//!   each answer within the deadline + 10 %, and partial (`UPSTREAM_TIMEOUT`);
//! - 20 clients at once against Klantinteracties at 5 s per call: every one
//!   answered (data, partial or refusal) within the deadline + 10 %.
//!
//! It prints one line per measurement and fails when a bound is missed. The
//! faults are lifted at the end, also after a failure.

use std::time::{Duration, Instant};

use futures::future::join_all;
use serde_json::{json, Value};

/// The options of `deadline`.
#[derive(clap::Args)]
pub struct Options {
    /// The gateway's GraphQL endpoint.
    #[arg(long, default_value = "http://127.0.0.1:8080/graphql")]
    url: String,
    /// The sandbox the gateway calls.
    #[arg(long, default_value = "http://127.0.0.1:8081")]
    sandbox: String,
    /// The gateway's `server.request_deadline_ms`.
    #[arg(long, default_value_t = 8_000)]
    deadline_ms: u64,
    /// The query document; its `$nummer` variable gets the partij nummer.
    #[arg(long, default_value = "queries/c4161-klantbeeld.graphql")]
    query: std::path::PathBuf,
    #[arg(long, default_value = "123454321")]
    nummer: String,
    /// Clients at once in the load case.
    #[arg(long, default_value_t = 20)]
    clients: usize,
}

/// One answer: how long it took and what it said.
struct Answer {
    took: Duration,
    codes: Vec<String>,
    complete: bool,
}

pub async fn run(options: Options) -> Result<(), String> {
    let query = std::fs::read_to_string(&options.query)
        .map_err(|e| format!("{}: {e}", options.query.display()))?;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(120))
        .build()
        .map_err(|e| e.to_string())?;
    let result = measure(&client, &options, &query).await;
    // Lift the faults whatever happened.
    let _ = client
        .delete(format!("{}/_sandbox/faults", options.sandbox))
        .send()
        .await;
    result
}

async fn measure(client: &reqwest::Client, options: &Options, query: &str) -> Result<(), String> {
    let deadline = Duration::from_millis(options.deadline_ms);
    let bound = deadline + deadline / 10;
    println!(
        "deadline {} ms, bound (deadline + 10 %) {} ms",
        deadline.as_millis(),
        bound.as_millis()
    );
    let mut missed = Vec::new();
    for latency_ms in [3_000, 9_000] {
        slow(client, options, latency_ms).await?;
        let a = ask(client, options, query).await?;
        let mut codes = std::collections::BTreeMap::<&str, usize>::new();
        for code in &a.codes {
            *codes.entry(code.as_str()).or_default() += 1;
        }
        println!(
            "C4161, Klantinteracties at {latency_ms} ms: {} ms, {}, errors by code {codes:?}",
            a.took.as_millis(),
            if a.complete { "complete" } else { "partial" },
        );
        if a.took > bound {
            missed.push(format!(
                "C4161 at {latency_ms} ms took {} ms",
                a.took.as_millis()
            ));
        }
    }
    slow(client, options, 5_000).await?;
    let started = Instant::now();
    let answers = join_all((0..options.clients).map(|_| ask(client, options, query))).await;
    let wall = started.elapsed();
    let mut took: Vec<Duration> = Vec::new();
    let mut kinds = std::collections::BTreeMap::<String, usize>::new();
    for a in answers {
        let a = a?;
        took.push(a.took);
        let kind = if a.complete {
            "complete".to_string()
        } else {
            let mut codes = a.codes.clone();
            codes.sort();
            codes.dedup();
            codes.join("+")
        };
        *kinds.entry(kind).or_default() += 1;
    }
    took.sort();
    let max = took.last().copied().unwrap_or_default();
    let p50 = took.get(took.len() / 2).copied().unwrap_or_default();
    println!(
        "{} clients, Klantinteracties at 5000 ms: all answered in {} ms, p50 {} ms, max {} ms, answers {kinds:?}",
        options.clients,
        wall.as_millis(),
        p50.as_millis(),
        max.as_millis()
    );
    if max > bound {
        missed.push(format!(
            "{} clients: slowest {} ms",
            options.clients,
            max.as_millis()
        ));
    }
    if missed.is_empty() {
        println!("every answer within the bound");
        Ok(())
    } else {
        Err(format!("over the bound: {}", missed.join("; ")))
    }
}

/// Klantinteracties answers each call after `latency_ms`.
async fn slow(client: &reqwest::Client, options: &Options, latency_ms: u64) -> Result<(), String> {
    let r = client
        .post(format!("{}/_sandbox/faults", options.sandbox))
        .json(&json!({"register": "klantinteracties", "latencyMs": latency_ms}))
        .send()
        .await
        .map_err(|e| format!("sandbox: {e}"))?;
    if !r.status().is_success() {
        return Err(format!("sandbox refused the fault: {}", r.status()));
    }
    Ok(())
}

async fn ask(client: &reqwest::Client, options: &Options, query: &str) -> Result<Answer, String> {
    let started = Instant::now();
    let r = client
        .post(&options.url)
        .json(&json!({"query": query, "variables": {"nummer": options.nummer}}))
        .send()
        .await
        .map_err(|e| format!("gateway: {e}"))?;
    let body: Value = r.json().await.map_err(|e| format!("gateway: {e}"))?;
    let took = started.elapsed();
    let codes = body["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["extensions"]["code"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    Ok(Answer {
        took,
        complete: body["errors"].is_null(),
        codes,
    })
}
