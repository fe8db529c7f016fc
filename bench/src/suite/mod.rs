//! The suite (`klantbeeld-bench all`): one sandbox with a large data set;
//! then, one system at a time and under each cost model, the system started,
//! checked (it must build the same klantbeeld as the REST client), warmed up
//! and measured per scenario and number of clients. Everything goes into one
//! [`Suite`], which `report` writes out.

mod block;
mod fanout;
mod systems;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use clap::Args;
use serde::Serialize;

use crate::clients::mesh::Documents;
use crate::clients::rest::RestClient;
use crate::clients::{KlantbeeldClient, Shape};
use crate::hive::{Mesh, Unavailable, Variant};
use crate::load::{self, Operation, Outcome, Plan};
use crate::processes::free_port;
use crate::procstat::{Sampler, Usage};
use crate::sandbox::{CostModel, Sandbox, Upstream};
use block::Block;
use systems::{check_repo, Context, Paths, System, PLANNER_MODES, TOKEN};

/// The partij nummer of the C4161 persona.
pub const PERSONA: &str = "123454321";

/// How many random partijen scenario (b) cycles through.
const RANDOM_PARTIJEN: usize = 200;

/// Options of `klantbeeld-bench all`.
#[derive(Args, Debug, Clone, Serialize)]
pub struct Options {
    /// Seconds of measured load per run.
    #[arg(long, default_value_t = 5.0)]
    pub duration: f64,
    /// Seconds of unmeasured load after a system starts, per cost model.
    #[arg(long, default_value_t = 1.0)]
    pub warmup: f64,
    /// Partijen in the sandbox's data set (the persona comes on top).
    #[arg(long, default_value_t = 100_000)]
    pub partijen: usize,
    /// Seed of the data set and of the random choice of partijen.
    #[arg(long, default_value_t = 4161)]
    pub seed: u64,
    /// Numbers of concurrent clients, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "1,16,20")]
    pub concurrency: Vec<usize>,
    /// Clients of the gateway memory check.
    #[arg(long, default_value_t = 200)]
    pub rss_concurrency: usize,
    /// Where `klantbeeld-gateway` is (built by `bench/run.sh`).
    #[arg(long, default_value = "target/release")]
    pub bin_dir: PathBuf,
    /// Where the report goes.
    #[arg(long, default_value = "bench/results")]
    pub out: PathBuf,
    /// Leave GraphQL Mesh + Hive Gateway out.
    #[arg(long)]
    pub no_mesh: bool,
    /// Only these systems, comma-separated (gateway-auto, gateway-always,
    /// gateway-never, rest-sequential, mesh-generated, mesh-linked;
    /// scenario (d): gateway-subscriptions, gateway-replicas (two replicas
    /// sharing a redis-server the bench starts), rest-polling).
    #[arg(long, value_delimiter = ',')]
    pub only: Vec<String>,
    /// Scenario (d): numbers of subscribers, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "1,100,1000")]
    pub subscribers: Vec<usize>,
    /// Scenario (d): subscriptions per WebSocket (the gateway allows up to
    /// its limits.max_operations_per_connection, raised for the bench).
    #[arg(long, default_value_t = 1)]
    pub per_socket: usize,
    /// Scenario (d): events per run.
    #[arg(long, default_value_t = 20)]
    pub events: usize,
    /// Scenario (d)'s baseline: front ends polling one partij.
    #[arg(long, default_value_t = 20)]
    pub pollers: usize,
    /// Scenario (d)'s baseline: seconds between two polls of a front end.
    #[arg(long, default_value_t = 2.0)]
    pub poll_interval: f64,
}

impl Options {
    /// Whether `--only` leaves this system in.
    pub fn includes(&self, system: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|s| s == system)
    }
}

/// The scenarios of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Scenario {
    /// (a) the klantbeeld of the C4161 persona.
    #[serde(rename = "a-c4161")]
    C4161,
    /// (b) the klantbeeld of random partijen of the data set.
    #[serde(rename = "b-random")]
    Random,
    /// (c) `zoekPartijen`.
    #[serde(rename = "c-zoekPartijen")]
    ZoekPartijen,
    /// The gateway's memory with many clients (the C4161 query).
    #[serde(rename = "rss")]
    Rss,
}

impl Scenario {
    pub fn title(self) -> &'static str {
        match self {
            Scenario::C4161 => "(a) C4161 klantbeeld of the persona (partij 123454321)",
            Scenario::Random => "(b) klantbeeld of random partijen",
            Scenario::ZoekPartijen => "(c) zoekPartijen",
            Scenario::Rss => "memory check: the C4161 query with many clients",
        }
    }
}

/// One measured load with what the sandbox and `/proc` said about it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Measured {
    pub load: Outcome,
    pub upstream: Option<Upstream>,
    pub calls_per_query: Option<f64>,
    pub busy_ms_per_query: Option<f64>,
    /// Of the server under test (none for the REST client, which is the bench).
    pub usage: Option<Usage>,
}

/// A row of the report.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    pub scenario: Scenario,
    pub cost_model: CostModel,
    pub system: String,
    pub clients: usize,
    #[serde(flatten)]
    pub measured: Measured,
}

/// Everything one run of the suite found.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Suite {
    pub rows: Vec<Row>,
    /// The persona's klantbeeld per system.
    pub shapes: BTreeMap<String, Shape>,
    /// What did not run, and why.
    pub skipped: BTreeMap<String, String>,
    /// What went wrong: any entry makes the bench fail.
    pub problems: Vec<String>,
    /// Requests a baseline (REST client, Mesh) failed: measured, reported.
    pub baseline_errors: Vec<String>,
    /// Scenario (d).
    pub fan_out: Vec<crate::fanout::FanOutRow>,
}

impl Suite {
    fn problem(&mut self, message: String) {
        eprintln!("bench: PROBLEM: {message}");
        self.problems.push(message);
    }
}

/// Resets the sandbox's stats, runs the load while sampling `pid`, and reads
/// the stats back.
pub async fn measure(
    op: Arc<dyn Operation>,
    plan: Plan,
    sandbox: Option<&Sandbox>,
    pid: Option<u32>,
) -> Result<Measured, String> {
    if let Some(s) = sandbox {
        s.reset_stats().await?;
    }
    let sampler = pid.map(Sampler::start).transpose()?;
    let load = load::run(op, plan).await;
    let usage = match sampler {
        Some(s) => Some(s.finish().await?),
        None => None,
    };
    let upstream = match sandbox {
        Some(s) => Some(s.upstream().await?),
        None => None,
    };
    let per_query =
        |total: u64| (load.requests() > 0).then(|| total as f64 / load.requests() as f64);
    Ok(Measured {
        calls_per_query: upstream.and_then(|u| per_query(u.requests)),
        busy_ms_per_query: upstream.and_then(|u| per_query(u.busy_ms)),
        load,
        upstream,
        usage,
    })
}

/// The whole suite; writes the report, then fails when anything went wrong.
pub async fn run(options: Options) -> Result<(), String> {
    let started = Instant::now();
    if !(options.duration > 0.0 && options.warmup >= 0.0) {
        return Err("--duration must be above 0 and --warmup not below 0".into());
    }
    if options.concurrency.is_empty() || options.concurrency.contains(&0) {
        return Err("--concurrency needs numbers of at least 1".into());
    }
    if options.subscribers.contains(&0)
        || options.events == 0
        || options.pollers == 0
        || options.per_socket == 0
    {
        return Err(
            "--subscribers, --per-socket, --events and --pollers need numbers of at least 1".into(),
        );
    }
    if options.poll_interval.is_nan() || options.poll_interval <= 0.0 {
        return Err("--poll-interval must be above 0".into());
    }
    let repo = std::env::current_dir().map_err(|e| format!("no current directory: {e}"))?;
    check_repo(&repo)?;
    let paths = Paths {
        gateway_bin: repo.join(&options.bin_dir).join("klantbeeld-gateway"),
        work: repo.join("target/bench"),
        repo: repo.clone(),
    };
    if !paths.gateway_bin.exists() {
        return Err(format!(
            "{} is missing: build it first (bench/run.sh runs cargo build --release)",
            paths.gateway_bin.display()
        ));
    }
    let c4161 = std::fs::read_to_string(repo.join("queries/c4161-klantbeeld.graphql"))
        .map_err(|e| format!("cannot read the C4161 query: {e}"))?;
    let zoek = std::fs::read_to_string(repo.join("queries/zoek-partij.graphql"))
        .map_err(|e| format!("cannot read the zoekPartijen query: {e}"))?;

    eprintln!(
        "bench: starting the sandbox ({} partijen)",
        options.partijen
    );
    // Scenario (d)'s gateway listens where the sandbox posts its notifications.
    let notified = free_port()?;
    let (sandbox_process, sandbox_url) =
        systems::start_sandbox(&paths, options.partijen, options.seed, notified).await?;
    let sandbox = Sandbox::new(&sandbox_url, TOKEN)?;
    sandbox.set_cost_model(CostModel::None).await?;
    let random = sandbox
        .partij_nummers(RANDOM_PARTIJEN, options.seed)
        .await?;

    // The REST client reads the registers plainly: what it finds is what
    // every system must find.
    let rest = RestClient::new(&sandbox_url, TOKEN)?;
    let mut reference = Vec::new();
    for nummer in std::iter::once(PERSONA.to_string()).chain(random.iter().take(3).cloned()) {
        let shape = rest.klantbeeld(nummer.clone()).await.map_err(|f| {
            format!(
                "the REST client cannot build the klantbeeld of {nummer}: {} ({})",
                f.kind, f.detail
            )
        })?;
        reference.push((nummer, shape));
    }

    let mut suite = Suite::default();
    let (mesh, documents) = prepare_mesh(&options, &paths, &sandbox_url, &mut suite).await;
    let context = Context {
        paths: &paths,
        sandbox: &sandbox_url,
        mesh: mesh.as_ref(),
        mesh_documents: documents,
        c4161_query: &c4161,
    };
    let mut all = PLANNER_MODES.map(System::Gateway).to_vec();
    all.push(System::Rest);
    if mesh.is_some() {
        all.extend(Variant::ALL.map(System::Mesh));
    }
    let selected = all.into_iter().filter(|s| options.includes(&s.name()));
    let block = Block {
        options: &options,
        sandbox: &sandbox,
        reference: &reference,
        random: &random,
        zoek_document: &zoek,
    };
    for system in selected {
        for cost_model in CostModel::ALL {
            sandbox.set_cost_model(cost_model).await?;
            eprintln!(
                "bench: {} under cost model {}",
                system.name(),
                cost_model.name()
            );
            match context.start(&system).await {
                Ok(started) => block.run(&mut suite, &system, cost_model, started).await,
                Err(e) => suite.problem(format!("{} did not start: {e}", system.name())),
            }
        }
    }
    fanout::run(&options, &context, &sandbox, notified, &mut suite).await?;
    sandbox.set_cost_model(CostModel::None).await?;
    sandbox_process.stop().await;

    let wall = started.elapsed();
    let written = crate::report::write(&options, &suite, wall, &options.out)?;
    eprintln!(
        "bench: done in {:.0} s; report: {}",
        wall.as_secs_f64(),
        written.display()
    );
    if suite.problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} problem(s), listed at the top of the report:\n  {}",
            suite.problems.len(),
            suite.problems.join("\n  ")
        ))
    }
}

async fn prepare_mesh(
    options: &Options,
    paths: &Paths,
    sandbox: &str,
    suite: &mut Suite,
) -> (Option<Mesh>, Option<Arc<Documents>>) {
    const WHAT: &str = "GraphQL Mesh + Hive Gateway";
    if options.no_mesh {
        suite
            .skipped
            .insert(WHAT.into(), "left out with --no-mesh".into());
        return (None, None);
    }
    let dir = paths.repo.join("bench/mesh");
    let mesh = match Mesh::prepare(&dir, &paths.work, sandbox, TOKEN).await {
        Ok(mesh) => mesh,
        Err(Unavailable::Skipped(why)) => {
            eprintln!("bench: skipping {WHAT}: {why}");
            suite.skipped.insert(WHAT.into(), why);
            return (None, None);
        }
        Err(Unavailable::Failed(why)) => {
            suite.problem(format!("{WHAT} could not be set up: {why}"));
            return (None, None);
        }
    };
    match Documents::load(&dir.join("queries")) {
        Ok(documents) => (Some(mesh), Some(Arc::new(documents))),
        Err(why) => {
            suite.problem(format!("the Mesh documents cannot be read: {why}"));
            (None, None)
        }
    }
}
