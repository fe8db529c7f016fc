//! Scenario (d): subscription fan-out. Subscribers of
//! `klantcontactGeregistreerd` for one partij wait on WebSockets; then
//! klantcontacten are registered one after the other through the gateway's
//! `registreerKlantcontact`, each once every subscriber has the previous one.
//! The event travels the production path: the mutation writes to the
//! sandbox, the sandbox posts its notification to the gateway's webhook, and
//! the hub hands one event to every subscriber. Latency is from the start of
//! the write to a subscriber having the event; the register calls are the
//! sandbox's, writes included.
//!
//! The baseline is polling ([`polling`]): front ends without push ask the
//! register for the partij's klantcontacten every few seconds.
//!
//! Each run uses a partij of its own, created for it, so that the other
//! scenarios' partijen (the persona above all) never change.

mod polling;
mod subscriber;
mod tally;

use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use futures::StreamExt;
use serde::Serialize;
use serde_json::json;

use crate::clients::Endpoint;
use crate::load::Latency;
use crate::procstat::{rss_mb, Sampler, Usage};
use crate::sandbox::{CostModel, Sandbox};
use tally::Tally;

/// The mutation that publishes the measured events.
const MUTATION: &str = "mutation($input: RegistreerKlantcontactInput!) {
  registreerKlantcontact(input: $input) { uuid } }";

/// Subscribers connecting at once.
const CONNECTING: usize = 64;

/// How long the subscribers may take to be listening, all of them: at
/// least this, and more with many (see [`until_ready`]).
const READY_WITHIN: Duration = Duration::from_secs(60);

/// Observers a readiness probe is spaced for: each probe goes to every
/// observer already listening, so with many of them probes come less often
/// (250 ms per this many), lest the probes alone saturate the gateway.
const PROBE_PER: usize = 2000;

/// How long an event may take to reach every subscriber before the rest count as lost.
const DELIVERY_WITHIN: Duration = Duration::from_secs(15);

/// One row of scenario (d).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FanOutRow {
    pub cost_model: CostModel,
    pub system: String,
    /// Subscribers, or polling screens.
    pub observers: usize,
    pub events: usize,
    /// `observers × events`.
    pub expected: u64,
    pub delivered: u64,
    pub duplicates: u64,
    /// From the start of a write to an observer having the event.
    pub latency: Latency,
    pub calls_per_event: f64,
    pub busy_ms_per_event: f64,
    /// Register calls per second over the measured part.
    pub calls_per_second: f64,
    /// The gateway's RSS before the subscribers connected.
    pub rss_before_mb: Option<f64>,
    /// The gateway while the events went out (RSS with the subscribers);
    /// with replicas, the first one.
    pub usage: Option<Usage>,
    /// With several replicas: each one while the events went out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub replicas: Vec<Usage>,
    /// How often something went wrong in an observer.
    pub failure_count: usize,
    /// The first few of those.
    pub failures: Vec<String>,
}

impl FanOutRow {
    /// Why the row is not clean, if it is not.
    pub fn problem(&self) -> Option<String> {
        let mut why = Vec::new();
        if self.delivered < self.expected {
            why.push(format!(
                "{} of {} deliveries missing",
                self.expected - self.delivered,
                self.expected
            ));
        }
        if self.duplicates > 0 {
            why.push(format!("{} duplicates", self.duplicates));
        }
        if let Some(first) = self.failures.first() {
            why.push(format!(
                "{} observer failures, first: {first}",
                self.failure_count
            ));
        }
        (!why.is_empty()).then(|| {
            format!(
                "(d) {} with {} observers under {}: {}",
                self.system,
                self.observers,
                self.cost_model.name(),
                why.join("; ")
            )
        })
    }
}

/// The gateway under test in scenario (d): one process, or several
/// replicas sharing their events through Redis.
pub struct Gateway<'a> {
    /// Where the events are written (the first replica).
    pub graphql: &'a Endpoint,
    /// `ws://…/graphql/ws` of each replica: subscribers are spread over them.
    pub ws_urls: Vec<String>,
    /// The process of each replica.
    pub pids: Vec<u32>,
    /// The system's name in the report.
    pub system: String,
}

/// `subscribers` subscribers of one new partij, `per_socket` of them on
/// each WebSocket, `events` events.
pub async fn subscriptions(
    sandbox: &Sandbox,
    gateway: &Gateway<'_>,
    cost_model: CostModel,
    subscribers: usize,
    per_socket: usize,
    events: usize,
) -> Result<FanOutRow, String> {
    let partij = sandbox
        .create_partij(&format!("Fanout{subscribers}"))
        .await?;
    let mut rss_before = 0.0;
    for &pid in &gateway.pids {
        rss_before += rss_mb(pid)?;
    }
    let tally = Tally::new(events);
    let per_socket = per_socket.max(1);
    let sockets = subscribers.div_ceil(per_socket);
    let mut tasks = Vec::with_capacity(sockets);
    let urls = &gateway.ws_urls;
    let mut connecting = futures::stream::iter(0..sockets)
        .map(|s| {
            let count = per_socket.min(subscribers - s * per_socket);
            subscriber::subscribe(&urls[s % urls.len()], &partij, count, tally.clone())
        })
        .buffer_unordered(CONNECTING);
    while let Some(task) = connecting.next().await {
        tasks.push(task?);
    }
    drop(connecting);
    let write: &Write = &|onderwerp| {
        let input = json!({"partij": partij, "kanaal": "telefoon", "onderwerp": onderwerp});
        Box::pin(async move {
            gateway
                .graphql
                .query(MUTATION, json!({ "input": input }))
                .await
                .map(|_| ())
                .map_err(|f| format!("registreerKlantcontact: {} ({})", f.kind, f.detail))
        })
    };
    let outcome = async {
        until_ready(&tally, subscribers, Some(write)).await?;
        measure(
            sandbox,
            &gateway.pids,
            &tally,
            subscribers,
            DELIVERY_WITHIN,
            write,
        )
        .await
    }
    .await;
    for task in &tasks {
        task.abort();
    }
    let measured = outcome?;
    let system = if per_socket == 1 {
        gateway.system.clone()
    } else {
        format!("{}, {per_socket} per socket", gateway.system)
    };
    Ok(measured.row(
        cost_model,
        system,
        subscribers,
        events,
        Some(rss_before),
        &tally,
    ))
}

/// `pollers` front ends polling one new partij every `interval`; the events
/// are written straight to the register, as those front ends do.
pub async fn polling(
    sandbox: &Sandbox,
    cost_model: CostModel,
    pollers: usize,
    interval: Duration,
    events: usize,
) -> Result<FanOutRow, String> {
    let partij = sandbox.create_partij(&format!("Polling{pollers}")).await?;
    let tally = Tally::new(events);
    let tasks = polling::start(sandbox, &partij, pollers, interval, &tally);
    let write: &Write = &|onderwerp| {
        let partij = &partij;
        Box::pin(async move {
            sandbox
                .maak_klantcontact(partij, &onderwerp)
                .await
                .map(|_| ())
        })
    };
    let outcome = async {
        until_ready(&tally, pollers, None).await?;
        let within = interval * 2 + DELIVERY_WITHIN;
        measure(sandbox, &[], &tally, pollers, within, write).await
    }
    .await;
    for task in &tasks {
        task.abort();
    }
    let measured = outcome?;
    let system = format!("rest-polling (every {} s)", interval.as_secs_f64());
    Ok(measured.row(cost_model, system, pollers, events, None, &tally))
}

/// Waits until every observer listens; subscribers are known to listen once
/// a probe event reached them, so `probe` writes one now and then.
async fn until_ready(
    tally: &Tally,
    observers: usize,
    probe: Option<&Write<'_>>,
) -> Result<(), String> {
    let started = Instant::now();
    let spacing = observers.div_ceil(PROBE_PER).max(1) as u32;
    let within = READY_WITHIN.max(Duration::from_millis(5) * observers as u32);
    let mut k = 0;
    while tally.ready() < observers {
        if started.elapsed() > within {
            return Err(format!(
                "only {} of {observers} observers listening after {within:?}; first failure: {:?}",
                tally.ready(),
                tally.failures().first()
            ));
        }
        if let Some(write) = probe {
            write(tally::probe(k)).await?;
            k += 1;
        }
        tokio::time::sleep(Duration::from_millis(250) * spacing).await;
    }
    // Let the last probes reach everybody before the counters start.
    tokio::time::sleep(Duration::from_millis(300)).await;
    Ok(())
}

/// Writes the klantcontact with this onderwerp that makes an event.
type Write<'a> = dyn Fn(String) -> BoxFuture<'a, Result<(), String>> + Sync + 'a;

/// What the measured part found.
struct Measured {
    calls: u64,
    busy_ms: u64,
    wall: Duration,
    /// Of each process watched.
    usage: Vec<Usage>,
}

/// Writes the events one by one, each once every observer has the last
/// one (or `within` passed), with the sandbox's counters and the gateway's
/// usage around it (each of `pids`).
async fn measure(
    sandbox: &Sandbox,
    pids: &[u32],
    tally: &Tally,
    observers: usize,
    within: Duration,
    write: &Write<'_>,
) -> Result<Measured, String> {
    sandbox.reset_stats().await?;
    let samplers = pids
        .iter()
        .map(|&pid| Sampler::start(pid))
        .collect::<Result<Vec<_>, _>>()?;
    let started = Instant::now();
    for i in 0..tally.events() {
        tally.sending(i);
        write(tally::onderwerp(i)).await?;
        tally.wait_for(i, observers, within).await;
    }
    let wall = started.elapsed();
    let mut usage = Vec::new();
    for s in samplers {
        usage.push(s.finish().await?);
    }
    let upstream = sandbox.upstream().await?;
    Ok(Measured {
        calls: upstream.requests,
        busy_ms: upstream.busy_ms,
        wall,
        usage,
    })
}

impl Measured {
    fn row(
        self,
        cost_model: CostModel,
        system: String,
        observers: usize,
        events: usize,
        rss_before_mb: Option<f64>,
        tally: &Tally,
    ) -> FanOutRow {
        let per_event = |total: u64| total as f64 / events.max(1) as f64;
        let mut failures = tally.failures();
        let failure_count = failures.len();
        failures.truncate(5);
        FanOutRow {
            cost_model,
            system,
            observers,
            events,
            expected: (observers * events) as u64,
            delivered: tally.delivered(),
            duplicates: tally.duplicates(),
            latency: tally.latency(),
            calls_per_event: per_event(self.calls),
            busy_ms_per_event: per_event(self.busy_ms),
            calls_per_second: self.calls as f64 / self.wall.as_secs_f64().max(1e-9),
            rss_before_mb,
            usage: self.usage.first().copied(),
            replicas: if self.usage.len() > 1 {
                self.usage
            } else {
                Vec::new()
            },
            failure_count,
            failures,
        }
    }
}
