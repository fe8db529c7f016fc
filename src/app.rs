//! The application state, [`App`]: built once by `startup` from the
//! configuration, then handed to the HTTP router (GraphQL, readiness,
//! metrics) and to the notifications webhook and its intake. Every piece is
//! made here and nowhere else, and here the layers are wired together
//! without knowing each other: the register transport's observer hook feeds
//! the metrics (which know nothing of registers) and the planner's cost
//! model; the intake invalidates the caches GraphQL reads through
//! (`SharedCaches`).

use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use uuid::Uuid;

use crate::audit::Verwerkingslog;
use crate::config::Config;
use crate::events::hub::Observer as EventsObserver;
use crate::events::intake::{Caches, Intake};
use crate::events::Events;
use crate::graphql::planner::Planner;
use crate::graphql::referentie::Referenties;
use crate::graphql::shared::{ActorCache, Shared};
use crate::registers::brp::{BrpAuth, ProtocolleringHeaders};
use crate::registers::notificaties::Notificaties;
use crate::registers::{
    BreakerState, BuildError, CallObserver, CallRecord, ErrorKind, Register, Registers, Skip,
};
use crate::telemetry::metrics::BreakerGauge;
use crate::telemetry::Metrics;

/// What the running gateway is made of.
pub struct App {
    pub(crate) config: Arc<Config>,
    pub(crate) registers: Registers,
    pub(crate) metrics: Arc<Metrics>,
    /// What every GraphQL request shares.
    pub graphql: Arc<Shared>,
    /// Where the webhook hands the notifications it accepts.
    pub(crate) intake: Arc<Intake>,
    /// The Notificaties API to register the abonnement at, when configured.
    pub(crate) notificaties: Option<Notificaties>,
}

impl App {
    /// Builds the register clients, caches, planner, metrics, verwerkingslog
    /// and events hub, and wires the observers of the register transport.
    pub fn build(config: Arc<Config>) -> Result<Arc<App>, BuildError> {
        let mut registers = Registers::new(&config.registers)?;
        registers.brp = registers
            .brp
            .with_auth(BrpAuth::from_config(&config.brp.auth)?)
            .with_protocollering(ProtocolleringHeaders::from_config(
                &config.brp.protocollering,
            )?);
        let metrics = Arc::new(Metrics::new(&[
            Register::Klantinteracties.as_str(),
            Register::Brp.as_str(),
            Register::Referentielijsten.as_str(),
        ]));
        registers.add_observer(Arc::new(RegisterMetrics(metrics.clone())));
        let planner = Arc::new(Planner::new(&config));
        registers.add_observer(planner.clone());
        // Open Notificaties runs beside Open Klant: the same transport settings.
        let abonnement = &config.notificaties.abonnement;
        let notificaties = abonnement
            .enabled()
            .then(|| registers.notificaties(abonnement, &config.registers.klantinteracties))
            .transpose()?;

        let actors: ActorCache = moka::future::Cache::builder()
            .max_capacity(config.cache.actor_capacity.get())
            .time_to_live(Duration::from_secs(config.cache.actor_ttl_seconds.get()))
            .build();
        let referenties = Arc::new(Referenties::new(&config.referentielijsten));
        let events = Arc::new(Events::new(
            &config,
            Arc::new(EventsMetrics(metrics.clone())),
        ));
        let intake = Arc::new(Intake::new(
            registers.klantinteracties.clone(),
            events.clone(),
            Arc::new(SharedCaches {
                actors: actors.clone(),
                referenties: referenties.clone(),
            }),
            config.notificaties.fetch_attempts.get(),
        ));
        let graphql = Arc::new(Shared {
            config: config.clone(),
            registers: registers.clone(),
            actors,
            referenties,
            planner,
            metrics: metrics.clone(),
            verwerkingslog: Verwerkingslog::new(&config.verwerkingslog),
            events,
            beoordelingen: crate::graphql::subscription::beoordelingen(),
        });
        Ok(Arc::new(App {
            config,
            registers,
            metrics,
            graphql,
            intake,
            notificaties,
        }))
    }
}

/// The metrics as an observer of the register transport: each call, call
/// not made and breaker move becomes a count under plain labels.
struct RegisterMetrics(Arc<Metrics>);

impl CallObserver for RegisterMetrics {
    fn observe(&self, call: &CallRecord<'_>) {
        let status = match (call.status, call.error.map(|e| &e.kind)) {
            (Some(status), _) => status.to_string(),
            (None, Some(ErrorKind::Timeout { .. })) => "timeout".to_string(),
            (None, Some(ErrorKind::OutOfTime { .. })) => "out_of_time".to_string(),
            (None, _) => "unreachable".to_string(),
        };
        self.0
            .upstream_call(call.register.as_str(), status, call.elapsed, call.attempt);
    }

    fn skipped(&self, register: Register, why: Skip) {
        self.0.upstream_skipped(register.as_str(), why.as_str());
    }

    fn breaker(&self, register: Register, state: BreakerState) {
        let gauge = match state {
            BreakerState::Closed => BreakerGauge::Closed,
            BreakerState::Open => BreakerGauge::Open,
            BreakerState::HalfOpen => BreakerGauge::HalfOpen,
        };
        self.0.breaker_moved(register.as_str(), gauge);
    }

    fn release(&self, register: Register, api_version: &str, release: &str) {
        self.0
            .register_release(register.as_str(), api_version, release);
    }

    fn rows_dropped(&self, register: Register, resource: &str, filter: &str, count: u64) {
        self.0
            .rows_dropped(register.as_str(), resource, filter, count);
    }
}

/// The metrics as the events hub's observer.
struct EventsMetrics(Arc<Metrics>);

impl EventsObserver for EventsMetrics {
    fn buffer_bytes(&self, bytes: usize) {
        self.0.events_buffer_bytes(bytes);
    }

    fn backend_up(&self, up: bool) {
        self.0.events_backend_up(up);
    }

    fn reconnected(&self) {
        self.0.events_reconnected();
    }

    fn lag(&self, lag: Duration) {
        self.0.events_lag(lag);
    }
}

/// The caches GraphQL reads through, as the intake invalidates them.
struct SharedCaches {
    actors: ActorCache,
    referenties: Arc<Referenties>,
}

impl Caches for SharedCaches {
    fn forget_actor(&self, uuid: Uuid) -> BoxFuture<'_, ()> {
        Box::pin(async move { self.actors.invalidate(&uuid).await })
    }

    fn forget_referentielijst<'a>(&'a self, tabel: Option<&'a str>) -> BoxFuture<'a, ()> {
        Box::pin(self.referenties.invalidate(tabel))
    }
}
