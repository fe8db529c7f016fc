//! The systems under test as the suite starts them: the sandbox on its own,
//! the gateway on its own (sandbox disabled, pointed at that sandbox, one
//! process per planner mode), the REST client in the bench process, and Hive
//! Gateway per Mesh variant.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::clients::gateway::GatewayClient;
use crate::clients::mesh::{Documents, MeshGenerated, MeshLinked};
use crate::clients::rest::RestClient;
use crate::clients::{Endpoint, KlantbeeldClient};
use crate::hive::{Mesh, Variant};
use crate::processes::{free_port, Running, Spec};

/// The token the bench gives the sandbox Klantinteracties and its clients.
pub const TOKEN: &str = "klantbeeld-bench-token";

/// The planner modes of the gateway (`planner.expand`).
pub const PLANNER_MODES: [&str; 3] = ["auto", "always", "never"];

/// Where the binaries and files are.
pub struct Paths {
    pub repo: PathBuf,
    pub gateway_bin: PathBuf,
    pub work: PathBuf,
}

impl Paths {
    pub fn logs(&self) -> PathBuf {
        self.work.join("logs")
    }

    pub fn config(&self) -> PathBuf {
        self.repo.join("config.toml")
    }
}

/// Starts `klantbeeld-gateway sandbox` on a free loopback port, posting its
/// notifications to a gateway on `notified`; its base URL.
pub async fn start_sandbox(
    paths: &Paths,
    partijen: usize,
    seed: u64,
    notified: u16,
) -> Result<(Running, String), String> {
    let port = free_port()?;
    let mut running = Running::start(Spec {
        name: "sandbox",
        program: &paths.gateway_bin,
        args: vec![
            "--config".into(),
            paths.config().display().to_string(),
            "sandbox".into(),
            "--partijen".into(),
            partijen.to_string(),
            "--seed".into(),
            seed.to_string(),
        ],
        env: BTreeMap::from([
            env("SANDBOX__LISTEN", format!("127.0.0.1:{port}")),
            env("SANDBOX__TOKEN", TOKEN.into()),
            env("SANDBOX__PROFILE", "none".into()),
            env(
                "SANDBOX__NOTIFICATIES__URL",
                format!("http://127.0.0.1:{notified}/api/notificaties"),
            ),
            env("LOG__LEVEL", "warn".into()),
        ]),
        cwd: &paths.repo,
        log_dir: &paths.logs(),
    })?;
    let base = format!("http://127.0.0.1:{port}");
    running
        .wait_ready(&format!("{base}/_sandbox/stats"), Duration::from_secs(600))
        .await?;
    Ok((running, base))
}

/// Starts the gateway with planner mode `mode`, pointed at `sandbox`, on
/// `port`; its GraphQL URL.
pub async fn start_gateway(
    paths: &Paths,
    sandbox: &str,
    mode: &str,
    port: u16,
) -> Result<(Running, String), String> {
    start_gateway_with(paths, sandbox, mode, port, &[]).await
}

/// [`start_gateway`] with more `KLANTBEELD__…` settings (`extra`, without
/// the prefix); with them it waits for `/readyz` (a replica with the Redis
/// backend is ready once it reads the stream).
pub async fn start_gateway_with(
    paths: &Paths,
    sandbox: &str,
    mode: &str,
    port: u16,
    extra: &[(&str, String)],
) -> Result<(Running, String), String> {
    let name = format!("gateway-{mode}-{port}");
    let mut settings = BTreeMap::from([
        env("SANDBOX__ENABLED", "false".into()),
        env("SERVER__LISTEN", format!("127.0.0.1:{port}")),
        env(
            "REGISTERS__KLANTINTERACTIES__BASE_URL",
            format!("{sandbox}/klantinteracties/api/v1"),
        ),
        env("REGISTERS__KLANTINTERACTIES__TOKEN", TOKEN.into()),
        env(
            "REGISTERS__BRP__BASE_URL",
            format!("{sandbox}/haalcentraal/api/brp/personen"),
        ),
        env(
            "REGISTERS__REFERENTIELIJSTEN__BASE_URL",
            format!("{sandbox}/api/v1"),
        ),
        env("PLANNER__EXPAND", mode.into()),
        // Without tokens every client is the one development principal,
        // whose rate limit (per principal) would cap the whole bench.
        env("RATE_LIMIT__ENABLED", "false".into()),
        // Likewise its WebSockets (one per subscriber) and the
        // subscriptions on one socket (--per-socket): the most the
        // configuration allows, so that only the bench sets the shape.
        env("LIMITS__MAX_CONNECTIONS_PER_PRINCIPAL", "1000000".into()),
        env("LIMITS__MAX_OPERATIONS_PER_CONNECTION", "100000".into()),
        // And the listener's cap on open connections (10,000 by default),
        // which 10,000 single-subscription sockets plus the loads would pass.
        env("SERVER__MAX_CONNECTIONS", "100000".into()),
        env("LOG__LEVEL", "warn".into()),
    ]);
    settings.extend(extra.iter().map(|(k, v)| env(k, v.clone())));
    let mut running = Running::start(Spec {
        name: &name,
        program: &paths.gateway_bin,
        args: vec![
            "--config".into(),
            paths.config().display().to_string(),
            "serve".into(),
        ],
        env: settings,
        cwd: &paths.repo,
        log_dir: &paths.logs(),
    })?;
    let base = format!("http://127.0.0.1:{port}");
    let probe = if extra.is_empty() {
        "healthz"
    } else {
        "readyz"
    };
    running
        .wait_ready(&format!("{base}/{probe}"), Duration::from_secs(60))
        .await?;
    Ok((running, format!("{base}/graphql")))
}

fn env(key: &str, value: String) -> (String, String) {
    (format!("KLANTBEELD__{key}"), value)
}

/// A system of the suite, by the name the report gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum System {
    Gateway(&'static str),
    Rest,
    Mesh(Variant),
}

impl System {
    pub fn name(&self) -> String {
        match self {
            System::Gateway(mode) => format!("gateway-{mode}"),
            System::Rest => "rest-sequential".into(),
            System::Mesh(variant) => variant.system().into(),
        }
    }
}

/// A started system: its client, and its server process when it has one.
pub struct Started {
    pub client: Arc<dyn KlantbeeldClient>,
    pub process: Option<Running>,
    /// The GraphQL endpoint, for scenario (c).
    pub endpoint: Option<Endpoint>,
}

/// What the suite needs to start any system.
pub struct Context<'a> {
    pub paths: &'a Paths,
    pub sandbox: &'a str,
    pub mesh: Option<&'a Mesh>,
    pub mesh_documents: Option<Arc<Documents>>,
    pub c4161_query: &'a str,
}

impl Context<'_> {
    pub async fn start(&self, system: &System) -> Result<Started, String> {
        match system {
            System::Gateway(mode) => {
                let port = free_port()?;
                let (process, url) = start_gateway(self.paths, self.sandbox, mode, port).await?;
                let endpoint = Endpoint::new(&url)?;
                Ok(Started {
                    client: Arc::new(GatewayClient::new(
                        endpoint.clone(),
                        self.c4161_query.to_string(),
                    )),
                    process: Some(process),
                    endpoint: Some(endpoint),
                })
            }
            System::Rest => Ok(Started {
                client: Arc::new(RestClient::new(self.sandbox, TOKEN)?),
                process: None,
                endpoint: None,
            }),
            System::Mesh(variant) => {
                let (mesh, documents) = self
                    .mesh
                    .zip(self.mesh_documents.clone())
                    .ok_or("Mesh is not prepared")?;
                let (process, url) = mesh.serve(*variant).await?;
                let endpoint = Endpoint::new(&url)?;
                let client: Arc<dyn KlantbeeldClient> = match variant {
                    Variant::Generated => Arc::new(MeshGenerated::new(endpoint.clone(), documents)),
                    Variant::Linked => Arc::new(MeshLinked::new(endpoint.clone(), documents)),
                };
                Ok(Started {
                    client,
                    process: Some(process),
                    endpoint: Some(endpoint),
                })
            }
        }
    }
}

/// The repository root: the folder with `Cargo.toml`, `config.toml` and the
/// C4161 query, so that relative paths are the ones the README gives.
pub fn check_repo(repo: &Path) -> Result<(), String> {
    for file in [
        "Cargo.toml",
        "config.toml",
        "queries/c4161-klantbeeld.graphql",
        "queries/zoek-partij.graphql",
    ] {
        if !repo.join(file).exists() {
            return Err(format!(
                "{} has no {file}: run the bench from the repository root",
                repo.display()
            ));
        }
    }
    Ok(())
}
