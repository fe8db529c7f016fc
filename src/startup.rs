//! Start-up and shut-down: binds the listeners, starts the embedded sandbox
//! when configured (a build without the feature `embedded-sandbox` refuses
//! `sandbox.enabled = true`), resolves where each register lives, wires the gateway
//! together, and stops it gracefully. `main` and the black-box tests start
//! and stop the application the same way.
//!
//! Shut-down: when the [`ShutdownHandle`] fires (`main` fires it on SIGTERM
//! or ctrl-c; tests call [`ShutdownHandle::shutdown`]), `/readyz` turns 503
//! at once; after `server.shutdown_drain_ms` (time for the Service to stop
//! sending) the gateway stops accepting connections, ends subscriptions with
//! the protocols' close, lets the requests in flight finish, and stops; at
//! `server.shutdown_grace_ms` after the signal a request still running is
//! answered 503 `SHUTTING_DOWN`, and the gateway stops (the phases:
//! [`crate::http::shutdown`]). The embedded sandbox
//! stops after the gateway, since requests in flight still call it. Last,
//! the spans still queued for the OTLP collector are sent (at most
//! `telemetry.otlp.timeout_ms` more).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::app::App;
use crate::config::Config;
use crate::http::shutdown::{Phase, Stopping};
use crate::telemetry::Spans;
#[cfg(feature = "embedded-sandbox")]
use klantbeeld_sandbox as sandbox;

/// A running application: the gateway and, when enabled, the sandbox.
pub struct Application {
    gateway_addr: SocketAddr,
    sandbox_addr: Option<SocketAddr>,
    gateway: JoinHandle<std::io::Result<()>>,
    sandbox: Option<JoinHandle<std::io::Result<()>>>,
    shutdown: ShutdownHandle,
    stopping: Stopping,
    grace: Duration,
    drain: Duration,
    spans: Spans,
}

/// How long the answers to requests cut at the grace deadline may take to
/// be written before the gateway stops regardless.
const CUT_ANSWERS: Duration = Duration::from_millis(500);

/// Asks a running application to stop gracefully. Cheap to clone; firing it
/// twice is harmless.
#[derive(Debug, Clone)]
pub struct ShutdownHandle {
    fired: Arc<watch::Sender<bool>>,
    stopping: Stopping,
}

impl ShutdownHandle {
    fn new(stopping: Stopping) -> ShutdownHandle {
        ShutdownHandle {
            fired: Arc::new(watch::channel(false).0),
            stopping,
        }
    }

    /// Starts the graceful shut-down: `/readyz` answers 503 from now on.
    pub fn shutdown(&self) {
        self.stopping.enter(Phase::Draining);
        self.fired.send_replace(true);
    }

    /// Resolves once [`ShutdownHandle::shutdown`] was called.
    pub async fn fired(&self) {
        let mut seen = self.fired.subscribe();
        // Fails only when the sender is gone, which this handle holds.
        let _ = seen.wait_for(|fired| *fired).await;
    }
}

/// Resolves on ctrl-c or, on Unix, SIGTERM (what Kubernetes sends).
pub async fn stop_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                term.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
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
    /// `sandbox.enabled = true` in a build without the sandbox: worded as a
    /// configuration error, since the configuration is what can be changed.
    #[error(
        "configuration key `sandbox.enabled`: is true, but this build has no embedded sandbox \
         (built without the cargo feature `embedded-sandbox`); set it to false and give every \
         register a base_url"
    )]
    NoEmbeddedSandbox,
}

/// The sandbox settings that the configuration gives: the sandbox crate has
/// its own settings types and knows nothing of the gateway's configuration.
#[cfg(feature = "embedded-sandbox")]
pub fn sandbox_settings(config: &Config) -> sandbox::Settings {
    let mut faults = std::collections::BTreeMap::new();
    if let Some(f) = sandbox::Faults::profile(&config.sandbox.profile) {
        faults.insert(sandbox::Register::Klantinteracties, f);
    }
    let n = &config.sandbox.notificaties;
    sandbox::Settings {
        token: config.sandbox.token.expose().to_string(),
        seed: config.sandbox.seed,
        partijen: config.sandbox.partijen,
        faults,
        brp_oauth: (!config.sandbox.brp_client_id.is_empty()).then(|| sandbox::OAuthSettings {
            client_id: config.sandbox.brp_client_id.clone(),
            client_secret: config.sandbox.brp_client_secret.expose().to_string(),
            ttl: std::time::Duration::from_secs(config.sandbox.brp_token_ttl_seconds),
        }),
        notificaties: n.enabled.then(|| sandbox::Instellingen {
            url: (!n.url.is_empty()).then(|| n.url.clone()),
            auth: n.auth.clone(),
            max_attempts: n.max_attempts,
        }),
        // Validated with the configuration (`sandbox.openklant_release`).
        openklant_release: sandbox::OpenKlantRelease::parse(&config.sandbox.openklant_release)
            .unwrap_or_default(),
    }
}

/// Binds `addr`, naming what for in the error.
pub async fn bind(what: &'static str, addr: SocketAddr) -> Result<TcpListener, StartupError> {
    TcpListener::bind(addr)
        .await
        .map_err(|source| StartupError::Bind { what, addr, source })
}

/// Shows a release pinned by configuration in the metrics at once. A
/// release that is not pinned is read from the `API-version` of the
/// register's first answer (the readiness probe's, or the first call's),
/// so that start-up makes no call of its own; a probe is made only when
/// something needs the release before any answer came.
fn detect_release(app: &Arc<App>) {
    let ki = &app.registers.klantinteracties;
    if let Some(pinned) = ki.known_release() {
        ki.report(&pinned);
        tracing::info!(
            release = pinned.release.as_str(),
            "Klantinteracties release pinned by configuration"
        );
    }
}

/// Starts the sandbox alone on `config.sandbox.listen`.
#[cfg(feature = "embedded-sandbox")]
pub async fn start_sandbox(
    config: &Config,
) -> Result<(SocketAddr, JoinHandle<std::io::Result<()>>), StartupError> {
    let mut settings = sandbox_settings(config);
    if settings
        .notificaties
        .as_ref()
        .is_some_and(|n| n.url.is_none())
    {
        tracing::info!(
            "sandbox.notificaties.url is empty and no gateway runs in this process: \
             the sandbox delivers no notifications"
        );
        settings.notificaties = None;
    }
    let (addr, task, _) = launch_sandbox(config, &settings).await?;
    Ok((addr, task))
}

/// A running sandbox: its address, its task, and its state (through which
/// start-up names the notifications' target once the gateway listens).
#[cfg(feature = "embedded-sandbox")]
type LaunchedSandbox = (
    SocketAddr,
    JoinHandle<std::io::Result<()>>,
    Arc<sandbox::SandboxState>,
);

#[cfg(feature = "embedded-sandbox")]
async fn launch_sandbox(
    config: &Config,
    settings: &sandbox::Settings,
) -> Result<LaunchedSandbox, StartupError> {
    let listener = bind("sandbox", config.sandbox.listen).await?;
    let addr = listener
        .local_addr()
        .expect("bound listener has an address");
    let state = sandbox::SandboxState::build(settings);
    tracing::info!(%addr, "sandbox registers listening");
    let task = tokio::spawn(sandbox::serve(listener, state.clone()));
    Ok((addr, task, state))
}

impl Application {
    /// Starts everything the configuration asks for; returns once listening.
    pub async fn build(mut config: Config) -> Result<Application, StartupError> {
        // Checked at load too; again here for a configuration changed since.
        config
            .check_exposure()
            .map_err(|e| StartupError::Gateway(e.to_string()))?;
        #[cfg(feature = "embedded-sandbox")]
        let (sandbox_addr, sandbox, sandbox_state) = if config.sandbox.enabled {
            let (addr, task, state) = launch_sandbox(&config, &sandbox_settings(&config)).await?;
            (Some(addr), Some(task), Some(state))
        } else {
            (None, None, None)
        };
        #[cfg(not(feature = "embedded-sandbox"))]
        let (sandbox_addr, sandbox) = match config.sandbox.enabled {
            true => return Err(StartupError::NoEmbeddedSandbox),
            false => (None, None),
        };
        if let Some(addr) = sandbox_addr {
            resolve_sandbox_urls(&mut config, addr);
        }
        let listener = bind("gateway", config.server.listen).await?;
        let gateway_addr = listener
            .local_addr()
            .expect("bound listener has an address");
        let grace = Duration::from_millis(config.server.shutdown_grace_ms);
        let drain = Duration::from_millis(config.server.shutdown_drain_ms).min(grace);
        let spans = Spans::start(&config.telemetry.otlp)
            .map_err(|e| StartupError::Gateway(e.to_string()))?;
        let config = Arc::new(config);
        let app = App::build(config.clone()).map_err(|e| StartupError::Gateway(e.to_string()))?;
        let stopping = Stopping::default();
        let router = crate::http::router(app.clone(), spans.clone(), stopping.clone())
            .map_err(|e| StartupError::Gateway(e.to_string()))?;
        tracing::info!(
            graphql = %format!("http://{gateway_addr}/graphql"),
            "gateway listening"
        );
        let shutdown = ShutdownHandle::new(stopping.clone());
        let closing = stopping.clone();
        let server = app.config.server.clone();
        let gateway = tokio::spawn(async move {
            crate::http::listener::serve(listener, router, &server, async move {
                closing.reached(Phase::Closing).await
            })
            .await
        });
        #[cfg(feature = "embedded-sandbox")]
        point_sandbox_notifications(&app.config, gateway_addr, sandbox_state.as_deref());
        wire_notifications(&app);
        detect_release(&app);
        Ok(Application {
            gateway_addr,
            sandbox_addr,
            gateway,
            sandbox,
            shutdown,
            stopping,
            grace,
            drain,
            spans,
        })
    }

    /// A handle that stops the application gracefully.
    pub fn shutdown_handle(&self) -> ShutdownHandle {
        self.shutdown.clone()
    }

    pub fn gateway_addr(&self) -> SocketAddr {
        self.gateway_addr
    }

    pub fn sandbox_addr(&self) -> Option<SocketAddr> {
        self.sandbox_addr
    }

    /// Runs until the gateway or the sandbox stops, or until a graceful
    /// shut-down (see the module documentation) is done.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let Application {
            mut gateway,
            mut sandbox,
            shutdown,
            stopping,
            grace,
            drain,
            spans,
            ..
        } = self;
        let sandbox_ended = async {
            match sandbox.as_mut() {
                Some(task) => task.await,
                None => std::future::pending().await,
            }
        };
        let joined = tokio::select! {
            r = &mut gateway => r,
            r = sandbox_ended => r,
            _ = shutdown.fired() => {
                let signalled = tokio::time::Instant::now();
                tracing::info!(drain_ms = drain.as_millis() as u64, "shutting down: /readyz answers 503");
                tokio::time::sleep(drain).await;
                stopping.enter(Phase::Closing);
                tracing::info!(grace_ms = grace.as_millis() as u64, "shutting down: no new connections, subscriptions closed, finishing requests in flight");
                match tokio::time::timeout_at(signalled + grace, &mut gateway).await {
                    Ok(r) => r,
                    Err(_) => {
                        tracing::warn!("requests still in flight after the grace period: answering them 503 SHUTTING_DOWN");
                        stopping.enter(Phase::Cut);
                        // Time to write those answers; then stop anyway.
                        match tokio::time::timeout(CUT_ANSWERS, &mut gateway).await {
                            Ok(r) => r,
                            Err(_) => {
                                gateway.abort();
                                Ok(Ok(()))
                            }
                        }
                    }
                }
            }
        };
        if let Some(task) = sandbox {
            task.abort();
        }
        spans.shutdown().await;
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

/// Once the gateway listens: points the sandbox's notifications at the
/// gateway's webhook (unless configured elsewhere).
#[cfg(feature = "embedded-sandbox")]
fn point_sandbox_notifications(
    config: &Config,
    gateway_addr: SocketAddr,
    sandbox: Option<&sandbox::SandboxState>,
) {
    if let Some(bezorging) = sandbox.and_then(sandbox::SandboxState::notificaties) {
        if config.sandbox.notificaties.url.is_empty() {
            let ip = match gateway_addr.ip() {
                ip if ip.is_unspecified() && ip.is_ipv4() => std::net::Ipv4Addr::LOCALHOST.into(),
                ip if ip.is_unspecified() => std::net::Ipv6Addr::LOCALHOST.into(),
                ip => ip,
            };
            let target = SocketAddr::new(ip, gateway_addr.port());
            bezorging.richt_op(format!("http://{target}{}", config.notificaties.path));
        }
    }
}

/// Once the gateway listens: registers the abonnement at a Notificaties API
/// when one is configured (which tests the webhook while it registers, so it
/// must be listening).
fn wire_notifications(app: &Arc<App>) {
    let config = &app.config;
    if let Some(api) = app.notificaties.clone() {
        let config = config.clone();
        tokio::spawn(async move {
            match crate::events::abonnement::registreer(&api, &config.notificaties).await {
                Ok(url) => tracing::info!(abonnement = %url, "abonnement registered"),
                Err(e) => tracing::error!(error = %e, "abonnement not registered"),
            }
        });
    }
}

#[cfg(all(test, not(feature = "embedded-sandbox")))]
mod tests {
    use super::*;

    /// Run by `cargo test --no-default-features --lib` (`.ci/run`): the
    /// build of the Docker image.
    #[tokio::test]
    async fn without_the_feature_an_enabled_sandbox_is_refused_naming_the_key() {
        let mut config = Config::development();
        config.server.listen = "127.0.0.1:0".parse().expect("an address");
        assert!(config.sandbox.enabled, "the development profile enables it");
        let Err(e) = Application::build(config).await else {
            panic!("a gateway without the sandbox started with sandbox.enabled = true");
        };
        let message = e.to_string();
        assert!(message.contains("`sandbox.enabled`"), "{message}");
        assert!(message.contains("`embedded-sandbox`"), "{message}");
    }
}
