//! `klantbeeld-bench`: side-by-side benchmarks of the klantbeeld gateway, a
//! sequential REST client (the way KCC front ends build a klantbeeld today)
//! and GraphQL Mesh + Hive Gateway, all against the same sandbox registers.
//!
//! `all` is the suite that `bench/run.sh` runs after building release once; it
//! starts every process itself. `graphql` and `rest` run one load against
//! systems that are already running, for a quick look by hand. `real` puts
//! the REST client and a running gateway side by side on a real register.
//!
//! The bench is a black-box client: it talks HTTP to the gateway, the sandbox
//! and Hive Gateway and reads `/proc`; it links none of the gateway's code.

mod clients;
mod deadline;
mod fanout;
mod hive;
mod load;
mod processes;
mod procstat;
mod real;
mod report;
mod sandbox;
mod suite;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use crate::clients::{gateway::GatewayClient, rest::RestClient, Endpoint, KlantbeeldOp};
use crate::load::{Mode, Plan};

#[derive(Parser)]
#[command(
    version,
    about = "Benchmarks of the klantbeeld gateway against a sequential REST client and GraphQL Mesh + Hive Gateway"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The whole suite: sandbox, gateway (three planner modes), REST client and
    /// Mesh, two cost models; writes bench/results/<date>.md, .json and latest.md.
    All(suite::Options),
    /// Load one GraphQL endpoint that is already running with one query.
    Graphql(GraphqlArgs),
    /// Run the sequential REST klantbeeld client against a running sandbox.
    Rest(RestArgs),
    /// Against a real Klantinteracties: the sequential REST client and a
    /// running gateway (configured against it) side by side, register calls
    /// from the gateway's /metrics; no /_sandbox endpoints.
    Real(real::RealArgs),
    /// Against a running gateway and sandbox: answers within the request
    /// deadline + 10 % with Klantinteracties slow (3 s, 9 s; 20 clients at 5 s).
    Deadline(deadline::Options),
}

/// How long and how hard, for the one-off commands.
#[derive(Args)]
struct LoadArgs {
    /// Clients that each send the next request when the last one is answered.
    #[arg(long, default_value_t = 16, conflicts_with = "rate")]
    concurrency: usize,
    /// Requests per second at a fixed rate instead (latency counted from the
    /// scheduled start, so a slow system cannot hide its queueing).
    #[arg(long)]
    rate: Option<f64>,
    /// Seconds of load.
    #[arg(long, default_value_t = 10.0)]
    duration: f64,
    /// Sample the RSS and CPU of this process (the server under test).
    #[arg(long)]
    pid: Option<u32>,
    /// The sandbox (`http://127.0.0.1:8081`): stats are reset before the run
    /// and upstream calls and modelled busy time per request reported.
    #[arg(long)]
    sandbox: Option<String>,
    /// Partij nummers to ask for, comma-separated; they are used in turn.
    #[arg(long, default_value = "123454321", value_delimiter = ',')]
    nummer: Vec<String>,
}

#[derive(Args)]
struct GraphqlArgs {
    /// The GraphQL endpoint.
    #[arg(long, default_value = "http://127.0.0.1:8080/graphql")]
    url: String,
    /// The query document; its `$nummer` variable gets the partij nummer.
    #[arg(long, default_value = "queries/c4161-klantbeeld.graphql")]
    query: PathBuf,
    #[command(flatten)]
    load: LoadArgs,
}

#[derive(Args)]
struct RestArgs {
    /// The token the sandbox Klantinteracties accepts.
    #[arg(long, default_value = "sandbox-token-klantbeeld")]
    token: String,
    #[command(flatten)]
    load: LoadArgs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("klantbeeld-bench: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        match cli.command {
            Command::All(options) => suite::run(options).await,
            Command::Deadline(options) => deadline::run(options).await,
            Command::Graphql(args) => {
                let document = std::fs::read_to_string(&args.query)
                    .map_err(|e| format!("cannot read {}: {e}", args.query.display()))?;
                let client = GatewayClient::new(Endpoint::new(&args.url)?, document);
                one_off(Arc::new(client), args.load).await
            }
            Command::Real(args) => real::run(args).await,
            Command::Rest(args) => {
                let sandbox = args
                    .load
                    .sandbox
                    .clone()
                    .unwrap_or_else(|| "http://127.0.0.1:8081".to_string());
                let client = RestClient::new(&sandbox, &args.token)?;
                one_off(Arc::new(client), args.load).await
            }
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("klantbeeld-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

/// One load against a running system; prints the row as the report has it.
async fn one_off(client: Arc<dyn clients::KlantbeeldClient>, args: LoadArgs) -> Result<(), String> {
    let mode = match args.rate {
        Some(rate) if rate > 0.0 => Mode::Rate(rate),
        Some(rate) => return Err(format!("--rate must be above 0, got {rate}")),
        None if args.concurrency > 0 => Mode::Concurrency(args.concurrency),
        None => return Err("--concurrency must be at least 1".into()),
    };
    if !(args.duration > 0.0 && args.duration.is_finite()) {
        return Err(format!("--duration must be above 0, got {}", args.duration));
    }
    let sandbox = match &args.sandbox {
        Some(url) => Some(sandbox::Sandbox::new(url, "")?),
        None => None,
    };
    let op = Arc::new(KlantbeeldOp::new(client, args.nummer));
    let plan = Plan {
        mode,
        duration: Duration::from_secs_f64(args.duration),
    };
    let measured = suite::measure(op, plan, sandbox.as_ref(), args.pid).await?;
    println!("{}", report::one_line(&measured));
    println!(
        "{}",
        serde_json::to_string_pretty(&measured).map_err(|e| e.to_string())?
    );
    match measured.load.failure_summary() {
        Some(failures) => Err(format!("the system under test failed: {failures}")),
        None => Ok(()),
    }
}
