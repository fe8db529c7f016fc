//! The processes the suite starts (sandbox, gateway, Hive Gateway): each on a
//! loopback port picked here, its output in a log file, waited for until it
//! answers, and killed (by its own pid) when dropped or stopped.

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::process::{Child, Command};

/// A free port on 127.0.0.1, found by binding port 0 and letting it go.
pub fn free_port() -> Result<u16, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("cannot find a free loopback port: {e}"))
}

/// What to start.
pub struct Spec<'a> {
    /// For messages and the log file name.
    pub name: &'a str,
    pub program: &'a Path,
    pub args: Vec<String>,
    pub env: BTreeMap<String, String>,
    pub cwd: &'a Path,
    pub log_dir: &'a Path,
}

/// A started process.
pub struct Running {
    name: String,
    child: Child,
    log: PathBuf,
}

impl Running {
    /// Starts the process with its output in `<log_dir>/<name>.log`.
    pub fn start(spec: Spec<'_>) -> Result<Running, String> {
        std::fs::create_dir_all(spec.log_dir)
            .map_err(|e| format!("cannot create {}: {e}", spec.log_dir.display()))?;
        let log = spec.log_dir.join(format!("{}.log", spec.name));
        let out = std::fs::File::create(&log)
            .map_err(|e| format!("cannot create {}: {e}", log.display()))?;
        let err = out
            .try_clone()
            .map_err(|e| format!("cannot share {}: {e}", log.display()))?;
        let child = Command::new(spec.program)
            .args(&spec.args)
            .envs(&spec.env)
            .current_dir(spec.cwd)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| {
                format!(
                    "cannot start {} ({}): {e}",
                    spec.name,
                    spec.program.display()
                )
            })?;
        Ok(Running {
            name: spec.name.to_string(),
            child,
            log,
        })
    }

    /// The process id, for `/proc` sampling.
    pub fn pid(&self) -> Result<u32, String> {
        self.child
            .id()
            .ok_or_else(|| format!("{} has already exited", self.name))
    }

    /// Waits until `url` answers 2xx; fails early, with the end of the log,
    /// when the process exits, and after `timeout`.
    pub async fn wait_ready(&mut self, url: &str, timeout: Duration) -> Result<(), String> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()
            .map_err(|e| e.to_string())?;
        let start = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "{} exited ({status}) before it was ready; end of {}:\n{}",
                    self.name,
                    self.log.display(),
                    self.log_tail()
                ));
            }
            if let Ok(r) = http.get(url).send().await {
                if r.status().is_success() {
                    return Ok(());
                }
            }
            if start.elapsed() > timeout {
                return Err(format!(
                    "{} did not answer {url} within {} s; end of {}:\n{}",
                    self.name,
                    timeout.as_secs(),
                    self.log.display(),
                    self.log_tail()
                ));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Fails, with the end of the log, when the process is no longer running:
    /// a crashed system must not look like a slow one.
    pub fn check_alive(&mut self) -> Result<(), String> {
        match self.child.try_wait() {
            Ok(None) => Ok(()),
            Ok(Some(status)) => Err(format!(
                "{} exited ({status}); end of {}:\n{}",
                self.name,
                self.log.display(),
                self.log_tail()
            )),
            Err(e) => Err(format!("cannot check on {}: {e}", self.name)),
        }
    }

    /// Kills the process and waits for it.
    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }

    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }
}

/// Runs a command to completion (npm, mesh-compose), its output in
/// `<log_dir>/<name>.log`; fails with the end of that log.
pub async fn run_to_end(spec: Spec<'_>, timeout: Duration) -> Result<(), String> {
    let mut running = Running::start(spec)?;
    match tokio::time::timeout(timeout, running.child.wait()).await {
        Ok(Ok(status)) if status.success() => Ok(()),
        Ok(Ok(status)) => Err(format!(
            "{} failed ({status}); end of {}:\n{}",
            running.name,
            running.log.display(),
            running.log_tail()
        )),
        Ok(Err(e)) => Err(format!("cannot wait for {}: {e}", running.name)),
        Err(_) => {
            let _ = running.child.kill().await;
            Err(format!(
                "{} did not finish within {} s",
                running.name,
                timeout.as_secs()
            ))
        }
    }
}
