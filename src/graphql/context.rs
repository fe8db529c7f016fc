//! What every GraphQL request shares (the `Gateway`: register clients,
//! caches, the planner) and how a request gets its own loaders.

use std::sync::Arc;
use std::time::Duration;

use uuid::Uuid;

use super::planner::Planner;
use super::referentie::Referenties;
use crate::audit::Verwerkingslog;
use crate::config::Config;
use crate::registers::brp::{BrpAuth, ProtocolleringHeaders};
use crate::registers::http::CallRecord;
use crate::registers::klantinteracties::Actor;
use crate::registers::{Register, Registers};

/// State shared by all requests of one gateway process.
pub struct Gateway {
    pub config: Arc<Config>,
    pub registers: Registers,
    /// Actors, shared across requests for `cache.actor_ttl_seconds`.
    pub actors: moka::future::Cache<Uuid, Arc<Actor>>,
    /// Reference tables, shared across requests.
    pub referenties: Referenties,
    pub planner: Planner,
    /// Where every BRP lookup is recorded.
    pub verwerkingslog: Verwerkingslog,
}

impl Gateway {
    /// Builds the clients and caches; the planner learns from every
    /// Klantinteracties call the clients make.
    pub fn new(config: Arc<Config>) -> Result<Arc<Gateway>, crate::registers::BuildError> {
        let mut registers = Registers::new(&config.registers)?;
        registers.brp = registers
            .brp
            .with_auth(BrpAuth::from_config(&config.brp.auth)?)
            .with_protocollering(ProtocolleringHeaders::from_config(
                &config.brp.protocollering,
            )?);
        let planner = Planner::new(&config);
        let gateway = Arc::new(Gateway {
            actors: moka::future::Cache::builder()
                .max_capacity(config.cache.actor_capacity)
                .time_to_live(Duration::from_secs(config.cache.actor_ttl_seconds))
                .build(),
            referenties: Referenties::new(&config.referentielijsten),
            registers,
            planner,
            verwerkingslog: Verwerkingslog::new(&config.verwerkingslog),
            config,
        });
        let weak = Arc::downgrade(&gateway);
        gateway
            .registers
            .set_observer(Arc::new(move |call: &CallRecord<'_>| {
                if let Some(gateway) = weak.upgrade() {
                    if call.register == Register::Klantinteracties && call.error.is_none() {
                        gateway
                            .planner
                            .cost
                            .observe(call.objects, call.expanded, call.elapsed);
                    }
                }
            }));
        Ok(gateway)
    }
}
