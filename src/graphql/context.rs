//! What every GraphQL request shares (the `Gateway`: register clients,
//! caches, the planner, the metrics) and how a request gets its own loaders.

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
use crate::telemetry::Metrics;

/// State shared by all requests of one gateway process.
pub struct Gateway {
    pub config: Arc<Config>,
    pub registers: Registers,
    /// Actors, shared across requests for `cache.actor_ttl_seconds`.
    pub actors: moka::future::Cache<Uuid, Arc<Actor>>,
    /// Reference tables, shared across requests.
    pub referenties: Referenties,
    pub planner: Planner,
    pub metrics: Arc<Metrics>,
    /// Where every BRP lookup is recorded.
    pub verwerkingslog: Verwerkingslog,
    /// The events hub: mutations and notifications publish, subscriptions read.
    pub events: crate::events::Events,
}

impl Gateway {
    /// Builds the clients and caches; the planner learns from every
    /// Klantinteracties call the clients make, and the metrics count them all.
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
                .max_capacity(config.cache.actor_capacity.get())
                .time_to_live(Duration::from_secs(config.cache.actor_ttl_seconds.get()))
                .build(),
            referenties: Referenties::new(&config.referentielijsten),
            registers,
            planner,
            metrics: Arc::new(Metrics::new()),
            verwerkingslog: Verwerkingslog::new(&config.verwerkingslog),
            events: crate::events::Events::new(&config),
            config,
        });
        let weak = Arc::downgrade(&gateway);
        gateway.registers.add_observer(gateway.metrics.clone());
        gateway
            .registers
            .add_observer(Arc::new(move |call: &CallRecord<'_>| {
                if let Some(gateway) = weak.upgrade() {
                    // Writes are not what the planner plans: they do not teach it.
                    if call.register == Register::Klantinteracties
                        && call.method == "GET"
                        && call.error.is_none()
                    {
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
