//! GraphQL Mesh + Hive Gateway, set up as a user would: the npm packages
//! pinned in `bench/mesh/package-lock.json` installed into
//! `bench/mesh/node_modules` (with `npm ci`, once), each variant's supergraph
//! composed with `mesh-compose` against the sandbox, and served by
//! `hive-gateway` on a loopback port.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::processes::{free_port, run_to_end, Running, Spec};

/// Hive Gateway 2.x runs on Node 20 and later (`npm view @graphql-hive/gateway engines`).
const NODE_MAJOR_MIN: u32 = 20;

/// The two Mesh set-ups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// The generated schema as it is (`generated.config.ts`).
    Generated,
    /// With links through `additionalTypeDefs` + `@resolveTo` (`linked.config.ts`).
    Linked,
}

impl Variant {
    pub const ALL: [Variant; 2] = [Variant::Generated, Variant::Linked];

    pub fn system(self) -> &'static str {
        match self {
            Variant::Generated => "mesh-generated",
            Variant::Linked => "mesh-linked",
        }
    }

    fn config(self) -> &'static str {
        match self {
            Variant::Generated => "generated.config.ts",
            Variant::Linked => "linked.config.ts",
        }
    }
}

/// Mesh, installed, with both supergraphs composed.
pub struct Mesh {
    dir: PathBuf,
    work: PathBuf,
    token: String,
}

/// Why Mesh is not part of a run: not available here (skipped), or broken.
pub enum Unavailable {
    Skipped(String),
    Failed(String),
}

impl Mesh {
    /// Installs the packages when needed and composes both variants against
    /// `sandbox`. `dir` is `bench/mesh`; generated files go to `work`.
    pub async fn prepare(
        dir: &Path,
        work: &Path,
        sandbox: &str,
        token: &str,
    ) -> Result<Mesh, Unavailable> {
        let node_major = tool_version("node")
            .map_err(Unavailable::Skipped)?
            .trim_start_matches('v')
            .split('.')
            .next()
            .and_then(|m| m.parse::<u32>().ok())
            .unwrap_or(0);
        if node_major < NODE_MAJOR_MIN {
            return Err(Unavailable::Skipped(format!(
                "Node {node_major} found; Hive Gateway needs Node {NODE_MAJOR_MIN} or later"
            )));
        }
        tool_version("npm").map_err(Unavailable::Skipped)?;
        let logs = work.join("logs");
        if !dir.join("node_modules/.bin/hive-gateway").exists() {
            eprintln!(
                "bench: installing GraphQL Mesh and Hive Gateway (npm ci in {})",
                dir.display()
            );
            run_to_end(
                Spec {
                    name: "npm-ci",
                    program: Path::new("npm"),
                    args: ["ci", "--no-audit", "--no-fund"].map(String::from).to_vec(),
                    env: BTreeMap::new(),
                    cwd: dir,
                    log_dir: &logs,
                },
                Duration::from_secs(600),
            )
            .await
            .map_err(Unavailable::Failed)?;
        }
        let mesh = Mesh {
            dir: dir.to_path_buf(),
            work: work.to_path_buf(),
            token: token.to_string(),
        };
        for variant in Variant::ALL {
            run_to_end(
                Spec {
                    name: &format!("compose-{}", variant.system()),
                    program: Path::new("node"),
                    args: vec![
                        "node_modules/.bin/mesh-compose".into(),
                        "--config-path".into(),
                        variant.config().into(),
                        "--output".into(),
                        mesh.supergraph(variant).display().to_string(),
                    ],
                    env: BTreeMap::from([("SANDBOX_URL".to_string(), sandbox.to_string())]),
                    cwd: dir,
                    log_dir: &logs,
                },
                Duration::from_secs(180),
            )
            .await
            .map_err(Unavailable::Failed)?;
        }
        Ok(mesh)
    }

    fn supergraph(&self, variant: Variant) -> PathBuf {
        self.work
            .join(format!("{}.supergraph.graphql", variant.system()))
    }

    /// Starts Hive Gateway on `variant`'s supergraph; its GraphQL URL.
    pub async fn serve(&self, variant: Variant) -> Result<(Running, String), String> {
        let port = free_port()?;
        let bin = self.dir.join("node_modules/.bin/hive-gateway");
        let mut running = Running::start(Spec {
            name: variant.system(),
            program: Path::new("node"),
            args: vec![
                bin.display().to_string(),
                "supergraph".into(),
                self.supergraph(variant).display().to_string(),
                "--host".into(),
                "127.0.0.1".into(),
                "--port".into(),
                port.to_string(),
            ],
            env: BTreeMap::from([
                ("KLANTINTERACTIES_TOKEN".to_string(), self.token.clone()),
                ("NODE_ENV".to_string(), "production".to_string()),
            ]),
            cwd: &self.work,
            log_dir: &self.work.join("logs"),
        })?;
        let base = format!("http://127.0.0.1:{port}");
        running
            .wait_ready(&format!("{base}/healthcheck"), Duration::from_secs(60))
            .await?;
        Ok((running, format!("{base}/graphql")))
    }
}

/// `<tool> --version`, or why it is not there.
fn tool_version(tool: &str) -> Result<String, String> {
    match std::process::Command::new(tool).arg("--version").output() {
        Ok(out) if out.status.success() => {
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
        }
        Ok(out) => Err(format!("`{tool} --version` failed ({})", out.status)),
        Err(e) => Err(format!("{tool} is not installed ({e})")),
    }
}
