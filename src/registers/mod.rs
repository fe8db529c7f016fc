//! Typed clients for the registers the gateway federates (Klantinteracties,
//! BRP Personen, Referentielijsten) over one shared outbound transport.
//!
//! - [`transport`]: the one `reqwest::Client`, a [`RegisterHandle`] per
//!   register (base URL, credentials, timeout, concurrency limit, retries,
//!   circuit breaker), DRF paging, and the [`CallObserver`]s every call
//!   reports to. Named so that it is not confused with the inbound `src/http/`.
//! - [`error`]: [`RegisterError`], one error for every register.
//! - [`tolerant`]: decoding helpers so that older and newer register releases
//!   decode alike.
//! - [`klantinteracties`], [`brp`], [`referentielijsten`]: models and clients.
//! - [`notificaties`]: the Notificaties API, where the gateway registers its
//!   abonnement at start.
//!
//! The clients are written from the specs in `specs/`; they share nothing
//! with the embedded sandbox, which is the other side of the contract.

pub mod brp;
pub(crate) mod error;
pub mod klantinteracties;
pub(crate) mod notificaties;
pub mod referentielijsten;
pub(crate) mod tolerant;
pub(crate) mod transport;

use std::sync::Arc;

use reqwest::header::HeaderMap;

pub use brp::Brp;
pub use error::{ErrorKind, InvalidParam, Problem, Register, RegisterError};
pub use klantinteracties::Klantinteracties;
pub use referentielijsten::Referentielijsten;
pub(crate) use transport::{AuthScheme, Deadline, HttpLayer, Probe};
pub use transport::{
    BreakerState, BuildError, CallObserver, CallRecord, Page, RegisterHandle, Skip,
};

use crate::config::{AbonnementConfig, RegisterConfig, RegistersConfig};
use notificaties::Notificaties;

/// How long the Notificaties API may take to answer: it posts a test
/// notification to the gateway's webhook while it checks an abonnement.
const NOTIFICATIES_TIMEOUT_MS: u64 = 30_000;

/// The three register clients, over one shared HTTP layer.
#[derive(Debug, Clone)]
pub struct Registers {
    pub klantinteracties: Klantinteracties,
    pub brp: Brp,
    pub referentielijsten: Referentielijsten,
    layer: Arc<HttpLayer>,
}

impl Registers {
    /// Builds the clients from the configuration (after start-up has put the
    /// sandbox's URL in any empty `base_url`).
    pub fn new(config: &RegistersConfig) -> Result<Registers, BuildError> {
        let layer = HttpLayer::new([
            &config.klantinteracties,
            &config.brp,
            &config.referentielijsten,
        ])?;
        let handle = |register, config, scheme| {
            RegisterHandle::new(Arc::clone(&layer), register, config, scheme)
        };
        Ok(Registers {
            klantinteracties: Klantinteracties::new(
                handle(
                    Register::Klantinteracties,
                    &config.klantinteracties,
                    AuthScheme::Token,
                )?,
                klantinteracties::Release::parse(&config.klantinteracties.release),
            ),
            brp: Brp::new(handle(Register::Brp, &config.brp, AuthScheme::Bearer)?),
            referentielijsten: Referentielijsten::new(handle(
                Register::Referentielijsten,
                &config.referentielijsten,
                AuthScheme::Token,
            )?),
            layer,
        })
    }

    /// A client of the Notificaties API that `abonnement` names, over the
    /// same transport (pool, observers), with the timeouts, retries and
    /// breaker of `policy` but a request timeout of 30 s (see
    /// `NOTIFICATIES_TIMEOUT_MS`) and no token (each call is signed).
    pub(crate) fn notificaties(
        &self,
        abonnement: &AbonnementConfig,
        policy: &RegisterConfig,
    ) -> Result<Notificaties, BuildError> {
        let config = RegisterConfig {
            base_url: abonnement.api_url.clone(),
            token: Default::default(),
            token_file: String::new(),
            request_timeout_ms: NOTIFICATIES_TIMEOUT_MS,
            required: false,
            ..policy.clone()
        };
        let handle = RegisterHandle::new(
            Arc::clone(&self.layer),
            Register::Notificaties,
            &config,
            AuthScheme::Bearer,
        )?;
        Ok(Notificaties::new(
            handle,
            &abonnement.client_id,
            &abonnement.secret,
        ))
    }

    /// Adds an observer of every call to every register.
    pub fn add_observer(&self, observer: Arc<dyn CallObserver>) {
        self.layer.add_observer(observer);
    }

    /// Each register's handle.
    pub(crate) fn handles(&self) -> [&RegisterHandle; 3] {
        [
            self.klantinteracties.handle(),
            self.brp.handle(),
            self.referentielijsten.handle(),
        ]
    }

    /// Probes `register` with the cheapest call its API has: one actor
    /// (staff, not personal data of callers) from Klantinteracties, one table
    /// from Referentielijsten, and for the BRP, whose only operation is a
    /// person lookup, a GET of its endpoint with its credentials
    /// ([`Brp::probe`]).
    pub(crate) async fn probe(&self, register: Register) -> Probe {
        let one = [("pageSize", "1".to_string())];
        let none = HeaderMap::new();
        match register {
            Register::Klantinteracties => self.klantinteracties.readiness_probe().await,
            Register::Referentielijsten => {
                let handle = self.referentielijsten.handle();
                handle.probe("/tabellen", &one, &none).await
            }
            Register::Brp => self.brp.probe().await,
            // Asked only at start, to register the abonnement; not a
            // dependency of serving.
            Register::Notificaties => Probe::failed(RegisterError::new(
                register,
                "GET /",
                ErrorKind::Unavailable {
                    reason: "not probed".into(),
                    retry_after: None,
                },
            )),
        }
    }
}
