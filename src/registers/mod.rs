//! Typed clients for the registers the gateway federates (Klantinteracties,
//! BRP Personen, Referentielijsten) over one shared outbound transport.
//!
//! - [`transport`]: the one `reqwest::Client`, a [`RegisterHandle`] per
//!   register (base URL, credentials, timeout, concurrency limit, retries,
//!   circuit breaker), DRF paging, and the [`CallObserver`]s every call
//!   reports to. Named so that it is not confused with the inbound `crate::http`.
//! - [`error`]: [`RegisterError`], one error for every register.
//! - [`tolerant`]: decoding helpers so that older and newer register releases
//!   decode alike.
//! - [`klantinteracties`], [`brp`], [`referentielijsten`]: models and clients.
//!
//! The clients are written from the specs in `specs/`; they share nothing
//! with the embedded sandbox, which is the other side of the contract.

pub mod brp;
pub mod error;
pub mod klantinteracties;
pub mod referentielijsten;
pub mod tolerant;
pub mod transport;

use std::sync::Arc;

use reqwest::header::HeaderMap;

pub use brp::Brp;
pub use error::{ErrorKind, InvalidParam, Problem, Register, RegisterError};
pub use klantinteracties::Klantinteracties;
pub use referentielijsten::Referentielijsten;
pub use transport::{
    AuthScheme, BreakerState, BuildError, CallObserver, CallRecord, HttpLayer, Page, Probe,
    RegisterHandle, Skip,
};

use crate::config::RegistersConfig;

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
            klantinteracties: Klantinteracties::new(handle(
                Register::Klantinteracties,
                &config.klantinteracties,
                AuthScheme::Token,
            )?),
            brp: Brp::new(handle(Register::Brp, &config.brp, AuthScheme::Bearer)?),
            referentielijsten: Referentielijsten::new(handle(
                Register::Referentielijsten,
                &config.referentielijsten,
                AuthScheme::Token,
            )?),
            layer,
        })
    }

    /// Adds an observer of every call to every register.
    pub fn add_observer(&self, observer: Arc<dyn CallObserver>) {
        self.layer.add_observer(observer);
    }

    /// Each register's handle.
    pub fn handles(&self) -> [&RegisterHandle; 3] {
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
    pub async fn probe(&self, register: Register) -> Probe {
        let one = [("pageSize", "1".to_string())];
        let none = HeaderMap::new();
        match register {
            Register::Klantinteracties => {
                let handle = self.klantinteracties.handle();
                handle.probe("/actoren", &one, &none).await
            }
            Register::Referentielijsten => {
                let handle = self.referentielijsten.handle();
                handle.probe("/tabellen", &one, &none).await
            }
            Register::Brp => self.brp.probe().await,
        }
    }
}
