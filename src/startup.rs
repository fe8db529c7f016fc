//! Start-up: binds the listeners, starts the embedded sandbox when configured,
//! resolves where each register lives, and wires the gateway together.
//! `main` and the black-box tests start the application the same way.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::config::Config;
use crate::sandbox;

/// A running application: the gateway and, when enabled, the sandbox.
pub struct Application {
    gateway_addr: SocketAddr,
    sandbox_addr: Option<SocketAddr>,
    gateway: JoinHandle<std::io::Result<()>>,
    sandbox: Option<JoinHandle<std::io::Result<()>>>,
}

/// Why the application could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("cannot listen on {addr} ({what}): {source}")]
    Bind {
        what: &'static str,
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("{0}")]
    Gateway(String),
}

/// The sandbox settings that the configuration gives.
pub fn sandbox_settings(config: &Config) -> sandbox::Settings {
    let mut faults = std::collections::BTreeMap::new();
    if let Some(f) = sandbox::Faults::profile(&config.sandbox.profile) {
        faults.insert(sandbox::Register::Klantinteracties, f);
    }
    sandbox::Settings {
        token: config.sandbox.token.expose().to_string(),
        seed: config.sandbox.seed,
        partijen: config.sandbox.partijen,
        faults,
        brp_oauth: (!config.sandbox.brp_client_id.is_empty()).then(|| {
            sandbox::oauth::OAuthSettings {
                client_id: config.sandbox.brp_client_id.clone(),
                client_secret: config.sandbox.brp_client_secret.expose().to_string(),
                ttl: std::time::Duration::from_secs(config.sandbox.brp_token_ttl_seconds),
            }
        }),
    }
}

/// Binds `addr`, naming what for in the error.
pub async fn bind(what: &'static str, addr: SocketAddr) -> Result<TcpListener, StartupError> {
    TcpListener::bind(addr)
        .await
        .map_err(|source| StartupError::Bind { what, addr, source })
}

/// Starts the sandbox alone on `config.sandbox.listen`.
pub async fn start_sandbox(
    config: &Config,
) -> Result<(SocketAddr, JoinHandle<std::io::Result<()>>), StartupError> {
    let listener = bind("sandbox", config.sandbox.listen).await?;
    let addr = listener
        .local_addr()
        .expect("bound listener has an address");
    let state = sandbox::SandboxState::build(&sandbox_settings(config));
    tracing::info!(%addr, "sandbox registers listening");
    Ok((addr, tokio::spawn(sandbox::serve(listener, state))))
}

impl Application {
    /// Starts everything the configuration asks for; returns once listening.
    pub async fn build(mut config: Config) -> Result<Application, StartupError> {
        let (sandbox_addr, sandbox) = if config.sandbox.enabled {
            let (addr, task) = start_sandbox(&config).await?;
            (Some(addr), Some(task))
        } else {
            (None, None)
        };
        if let Some(addr) = sandbox_addr {
            resolve_sandbox_urls(&mut config, addr);
        }
        let listener = bind("gateway", config.server.listen).await?;
        let gateway_addr = listener
            .local_addr()
            .expect("bound listener has an address");
        let router = crate::http::router(Arc::new(config))
            .map_err(|e| StartupError::Gateway(e.to_string()))?;
        tracing::info!(
            graphql = %format!("http://{gateway_addr}/graphql"),
            "gateway listening"
        );
        let gateway = tokio::spawn(async move { axum::serve(listener, router).await });
        Ok(Application {
            gateway_addr,
            sandbox_addr,
            gateway,
            sandbox,
        })
    }

    pub fn gateway_addr(&self) -> SocketAddr {
        self.gateway_addr
    }

    pub fn sandbox_addr(&self) -> Option<SocketAddr> {
        self.sandbox_addr
    }

    /// Runs until the gateway or the sandbox stops.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let joined = match self.sandbox {
            Some(sandbox) => tokio::select! {
                r = self.gateway => r,
                r = sandbox => r,
            },
            None => self.gateway.await,
        };
        joined.unwrap_or_else(|e| Err(std::io::Error::other(e)))
    }
}

/// Points every register whose `base_url` is empty at the embedded sandbox,
/// and an empty OAuth2 `brp.auth.token_url` at the sandbox's token endpoint.
fn resolve_sandbox_urls(config: &mut Config, addr: SocketAddr) {
    let base = format!("http://{addr}");
    for (reg, path) in [
        (
            &mut config.registers.klantinteracties,
            "/klantinteracties/api/v1",
        ),
        (&mut config.registers.brp, "/haalcentraal/api/brp/personen"),
        (&mut config.registers.referentielijsten, "/api/v1"),
    ] {
        if reg.base_url.is_empty() {
            reg.base_url = format!("{base}{path}");
        }
    }
    let auth = &mut config.brp.auth;
    if auth.method == crate::config::BrpAuthMethod::Oauth2 && auth.token_url.is_empty() {
        auth.token_url = format!("{base}/_sandbox/oauth/token");
    }
}
