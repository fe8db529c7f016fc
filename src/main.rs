//! The command line: `serve` (default), `sandbox` (in a build with the
//! feature `embedded-sandbox`), `schema`, `health`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use klantbeeld_gateway::config::Config;
use klantbeeld_gateway::{graphql, startup, telemetry};

/// mimalloc instead of the system allocator: a GraphQL request allocates
/// and frees many small objects (JSON values, syntax trees, futures), and
/// with glibc's malloc those calls were about a fifth of the gateway's CPU
/// under load (perf, bench scenario (a)).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(version, about = "GraphQL gateway for the KCC klantbeeld (C4161)")]
struct Cli {
    /// Configuration file; without it, ./config.toml when present, else the built-in default.
    #[arg(long, short, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the gateway (and the embedded sandbox when configured). The default.
    Serve,
    /// Run the sandbox registers alone, for front-end development.
    #[cfg(feature = "embedded-sandbox")]
    Sandbox {
        /// Partijen to generate (overrides sandbox.partijen).
        #[arg(long)]
        partijen: Option<usize>,
        /// Seed of the generator (overrides sandbox.seed).
        #[arg(long)]
        seed: Option<u64>,
    },
    /// Print the GraphQL schema (SDL).
    Schema,
    /// Exit 0 when the running gateway's /healthz answers, 1 otherwise: the
    /// container HEALTHCHECK (the runtime image has no curl).
    Health,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::Schema) = cli.command {
        print!("{}", graphql::sdl());
        return ExitCode::SUCCESS;
    }
    let path = cli.config.clone().or_else(|| {
        let default = PathBuf::from("config.toml");
        default.exists().then_some(default)
    });
    let config = match Config::load(path.as_deref(), std::env::vars()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("klantbeeld-gateway: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(Command::Health) = cli.command {
        return health(&config);
    }
    // A build without the sandbox refuses sandbox.enabled = true as it does
    // a bad configuration value: one line naming the key, exit code 2.
    #[cfg(not(feature = "embedded-sandbox"))]
    if config.sandbox.enabled {
        eprintln!(
            "klantbeeld-gateway: {}",
            startup::StartupError::NoEmbeddedSandbox
        );
        return ExitCode::from(2);
    }
    telemetry::init(&config.log);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("klantbeeld-gateway: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        match cli.command {
            #[cfg(feature = "embedded-sandbox")]
            Some(Command::Sandbox { partijen, seed }) => {
                let mut config = config;
                config.sandbox.partijen = partijen.unwrap_or(config.sandbox.partijen);
                config.sandbox.seed = seed.unwrap_or(config.sandbox.seed);
                let (_, task) = startup::start_sandbox(&config)
                    .await
                    .map_err(|e| e.to_string())?;
                task.await
                    .map_err(|e| e.to_string())?
                    .map_err(|e| e.to_string())
            }
            _ => {
                let app = startup::Application::build(config)
                    .await
                    .map_err(|e| e.to_string())?;
                let shutdown = app.shutdown_handle();
                tokio::spawn(async move {
                    startup::stop_signal().await;
                    shutdown.shutdown();
                });
                app.run_until_stopped().await.map_err(|e| e.to_string())
            }
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("klantbeeld-gateway: {e}");
            ExitCode::FAILURE
        }
    }
}

/// GETs `/healthz` on the configured listen address (loopback when it listens
/// on every address), within two seconds.
fn health(config: &Config) -> ExitCode {
    let mut addr = config.server.listen;
    if addr.ip().is_unspecified() {
        let loopback: std::net::IpAddr = match addr {
            std::net::SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            std::net::SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        };
        addr.set_ip(loopback);
    }
    let check = async {
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(2))
            .build()?;
        client
            .get(format!("http://{addr}/healthz"))
            .send()
            .await?
            .error_for_status()
    };
    let answered = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map(|rt| rt.block_on(check).is_ok());
    match answered {
        Ok(true) => ExitCode::SUCCESS,
        _ => {
            eprintln!("klantbeeld-gateway: no healthy gateway at {addr}");
            ExitCode::FAILURE
        }
    }
}
