//! Benchmark, not a test: how many concurrent subscribers one gateway
//! process carries, what they cost in memory, and how fast an event reaches
//! them all.
//!
//! N subscribers of `klantcontactGeregistreerd(partij)` (selection
//! `{ id klantcontact { uuid onderwerp } }`) wait; then E klantcontacten are
//! registered one after the other through `registreerKlantcontact`, each
//! once every subscriber has the previous one. Latency is from sending the
//! mutation to a subscriber having the event parsed; RSS is the process's
//! (`VmRSS`) before the subscribers, with them, and at the end.
//!
//! Transports: `ws` (graphql-transport-ws over real sockets; the clients run
//! in the same process, so the memory includes both ends), `direct`
//! (`Schema::execute_stream` without sockets: the hub and executor alone).
//!
//! ```text
//! cargo run --release --example subscribers -- --transport ws --subscribers 1000
//! cargo run --release --example subscribers -- --transport ws --subscribers 10000 --per-connection 2
//! cargo run --release --example subscribers -- --transport direct --subscribers 10000
//! ```

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use clap::Parser;
use futures::{SinkExt, StreamExt};
use klantbeeld_gateway::app::App;
use klantbeeld_gateway::auth::Principal;
use klantbeeld_gateway::config::Config;
use klantbeeld_gateway::graphql::{self, KlantbeeldSchema, Loaders, Shared};
use klantbeeld_gateway::startup::{self, Application};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;

#[derive(Parser)]
struct Args {
    /// `ws` or `direct`.
    #[arg(long, default_value = "ws")]
    transport: String,
    #[arg(long, default_value_t = 1000)]
    subscribers: usize,
    /// Subscriptions per WebSocket connection (a process has 20,000 file
    /// descriptors here; both ends of a connection are in this process).
    #[arg(long, default_value_t = 1)]
    per_connection: usize,
    #[arg(long, default_value_t = 20)]
    events: usize,
}

const SUBSCRIPTION: &str = r#"subscription($partij: ID!) {
  klantcontactGeregistreerd(partij: $partij) { id klantcontact { uuid onderwerp } } }"#;

const MUTATION: &str = r#"mutation($input: RegistreerKlantcontactInput!) {
  registreerKlantcontact(input: $input) { uuid } }"#;

/// What the subscribers report, shared by their tasks.
struct Meting {
    /// When the mutation of event i was sent.
    sent: Vec<OnceLock<Instant>>,
    /// Subscribers that have event i.
    received: Vec<AtomicUsize>,
    /// `(event, microseconds from sending to receipt)`, every subscriber.
    latencies: Mutex<Vec<(usize, u64)>>,
    /// Subscribers that have seen a probe (and so listen).
    listening: AtomicUsize,
}

impl Meting {
    fn new(events: usize) -> Arc<Meting> {
        Arc::new(Meting {
            sent: (0..events).map(|_| OnceLock::new()).collect(),
            received: (0..events).map(|_| AtomicUsize::new(0)).collect(),
            latencies: Mutex::new(Vec::new()),
            listening: AtomicUsize::new(0),
        })
    }

    /// One subscriber's result; `seen_probe` is that subscriber's flag.
    fn record(&self, result: &Value, seen_probe: &AtomicBool) {
        let now = Instant::now();
        let onderwerp = result["data"]["klantcontactGeregistreerd"]["klantcontact"]["onderwerp"]
            .as_str()
            .unwrap_or_default();
        if let Some(i) = onderwerp
            .strip_prefix("bench ")
            .and_then(|i| i.parse::<usize>().ok())
        {
            if let Some(sent) = self.sent.get(i).and_then(OnceLock::get) {
                let micros = now.duration_since(*sent).as_micros() as u64;
                self.latencies.lock().unwrap().push((i, micros));
                self.received[i].fetch_add(1, Ordering::Relaxed);
            }
        } else if onderwerp.starts_with("probe") && !seen_probe.swap(true, Ordering::Relaxed) {
            self.listening.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// How the bench writes: over HTTP, or straight into its own schema.
enum Writer {
    Http(reqwest::Client, String),
    Direct(KlantbeeldSchema, Arc<Shared>),
}

impl Writer {
    async fn registreer(&self, partij: &str, onderwerp: &str) {
        let variables =
            json!({"input": {"partij": partij, "kanaal": "telefoon", "onderwerp": onderwerp}});
        let body: Value = match self {
            Writer::Http(client, gateway) => client
                .post(format!("{gateway}/graphql"))
                .json(&json!({"query": MUTATION, "variables": variables}))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap(),
            Writer::Direct(schema, gateway) => {
                let request = async_graphql::Request::new(MUTATION)
                    .variables(async_graphql::Variables::from_json(variables))
                    .data(Loaders::new(gateway));
                serde_json::to_value(schema.execute(request).await).unwrap()
            }
        };
        assert!(body.get("errors").is_none(), "{body}");
    }
}

fn rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|kib| kib.parse::<f64>().ok())
        .map_or(0.0, |kib| kib / 1024.0)
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[at] as f64 / 1000.0
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let mut config = Config::development();
    config.server.listen = "127.0.0.1:0".parse().unwrap();
    config.sandbox.listen = "127.0.0.1:0".parse().unwrap();
    config.sandbox.partijen = 50;
    config.sandbox.notificaties.enabled = false;
    // Every subscriber here is the one development principal, on as many
    // sockets as asked: the stream limits must not shape the measurement.
    config.limits.max_connections_per_principal = 1_000_000;
    config.limits.max_operations_per_connection = 100_000;
    config.server.max_connections = 1_000_000;
    let meting = Meting::new(args.events);

    let (writer, sandbox, spawn_subscribers): (Writer, String, _) = match args.transport.as_str() {
        "ws" => {
            let app = Application::build(config).await.unwrap();
            let gateway = format!("http://{}", app.gateway_addr());
            let sandbox = format!("http://{}", app.sandbox_addr().unwrap());
            tokio::spawn(app.run_until_stopped());
            (
                Writer::Http(reqwest::Client::new(), gateway.clone()),
                sandbox,
                Subscribers::Ws(gateway),
            )
        }
        "direct" => {
            let (addr, task) = startup::start_sandbox(&config).await.unwrap();
            tokio::spawn(task);
            let sandbox = format!("http://{addr}");
            config.registers.klantinteracties.base_url =
                format!("{sandbox}/klantinteracties/api/v1");
            config.registers.brp.base_url = format!("{sandbox}/haalcentraal/api/brp/personen");
            config.registers.referentielijsten.base_url = format!("{sandbox}/api/v1");
            let gateway = App::build(Arc::new(config)).unwrap().graphql.clone();
            let schema = graphql::build(gateway.clone(), graphql::Suggestions::Shown);
            (
                Writer::Direct(schema.clone(), gateway),
                sandbox,
                Subscribers::Direct(schema),
            )
        }
        other => panic!("unknown transport {other:?}: ws or direct"),
    };

    let partij: Value = reqwest::Client::new()
        .post(format!("{sandbox}/klantinteracties/api/v1/partijen"))
        .header("Authorization", "Token sandbox-token-klantbeeld")
        .json(&json!({"soortPartij": "persoon", "indicatieActief": true,
                      "partijIdentificatie": {"contactnaam": {"voornaam": "Bench", "achternaam": "Mark"}}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let partij = partij["uuid"].as_str().unwrap().to_string();
    // A first write warms the connection pools and caches.
    writer.registreer(&partij, "warm").await;

    let rss_before = rss_mib();
    let started = Instant::now();
    spawn_subscribers
        .spawn(&args, &partij, meting.clone())
        .await;
    let mut probes = 0;
    while meting.listening.load(Ordering::Relaxed) < args.subscribers {
        probes += 1;
        assert!(probes < 600, "not every subscriber listens");
        writer.registreer(&partij, &format!("probe {probes}")).await;
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let subscribe_time = started.elapsed();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_subscribed = rss_mib();

    let mut mutation_ms = Vec::new();
    for i in 0..args.events {
        let _ = meting.sent[i].set(Instant::now());
        let t = Instant::now();
        writer.registreer(&partij, &format!("bench {i}")).await;
        mutation_ms.push(t.elapsed().as_micros() as u64);
        let guard = Instant::now();
        while meting.received[i].load(Ordering::Relaxed) < args.subscribers {
            assert!(
                guard.elapsed() < Duration::from_secs(300),
                "event {i} not delivered to all"
            );
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }
    let rss_end = rss_mib();

    let samples = meting.latencies.lock().unwrap().clone();
    let mut latencies: Vec<u64> = samples.iter().map(|(_, l)| *l).collect();
    latencies.sort_unstable();
    // Per event, from the first subscriber to have it to the last.
    let mut spreads: Vec<u64> = (0..args.events)
        .map(|i| {
            let of_i = samples.iter().filter(|(e, _)| *e == i).map(|(_, l)| *l);
            of_i.clone().max().unwrap_or(0) - of_i.min().unwrap_or(0)
        })
        .collect();
    spreads.sort_unstable();
    mutation_ms.sort_unstable();
    println!(
        "transport={} subscribers={} per_connection={} events={}",
        args.transport, args.subscribers, args.per_connection, args.events
    );
    println!(
        "subscribed in {:.1} s ({probes} probes); RSS before {rss_before:.1} MiB, with subscribers {rss_subscribed:.1} MiB ({:.1} KiB per subscriber), after events {rss_end:.1} MiB",
        subscribe_time.as_secs_f64(),
        (rss_subscribed - rss_before) * 1024.0 / args.subscribers as f64
    );
    println!(
        "delivery (mutation sent -> subscriber has the event), {} samples: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; mutation round trip p50 {:.1} ms",
        latencies.len(),
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
        percentile(&latencies, 1.0),
        percentile(&mutation_ms, 0.50),
    );
    println!(
        "fan-out (first to last subscriber of one event): p50 {:.1} ms, max {:.1} ms",
        percentile(&spreads, 0.50),
        percentile(&spreads, 1.0),
    );
}

/// Where the subscribers come from.
enum Subscribers {
    Ws(String),
    Direct(KlantbeeldSchema),
}

impl Subscribers {
    async fn spawn(&self, args: &Args, partij: &str, meting: Arc<Meting>) {
        match self {
            Subscribers::Ws(gateway) => {
                let per = args.per_connection.max(1);
                let connections = args.subscribers.div_ceil(per);
                let url = format!("{}/graphql/ws", gateway.replacen("http", "ws", 1));
                for c in 0..connections {
                    let n = per.min(args.subscribers - c * per);
                    let mut request = url.clone().into_client_request().unwrap();
                    request.headers_mut().insert(
                        "Sec-WebSocket-Protocol",
                        HeaderValue::from_static("graphql-transport-ws"),
                    );
                    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
                    let init = json!({"type": "connection_init", "payload": {}});
                    socket
                        .send(Message::Text(init.to_string().into()))
                        .await
                        .unwrap();
                    for s in 0..n {
                        let subscribe = json!({"id": s.to_string(), "type": "subscribe",
                            "payload": {"query": SUBSCRIPTION, "variables": {"partij": partij}}});
                        socket
                            .send(Message::Text(subscribe.to_string().into()))
                            .await
                            .unwrap();
                    }
                    let meting = meting.clone();
                    tokio::spawn(async move {
                        let seen: Vec<AtomicBool> =
                            (0..n).map(|_| AtomicBool::new(false)).collect();
                        while let Some(Ok(message)) = socket.next().await {
                            let Message::Text(text) = message else {
                                continue;
                            };
                            let Ok(m) = serde_json::from_str::<Value>(&text) else {
                                continue;
                            };
                            if m["type"] != "next" {
                                continue;
                            }
                            let id: usize =
                                m["id"].as_str().and_then(|i| i.parse().ok()).unwrap_or(0);
                            meting.record(&m["payload"], &seen[id.min(n - 1)]);
                        }
                    });
                }
            }
            Subscribers::Direct(schema) => {
                for _ in 0..args.subscribers {
                    let request = async_graphql::Request::new(SUBSCRIPTION)
                        .variables(async_graphql::Variables::from_json(
                            json!({"partij": partij}),
                        ))
                        .data(Principal::development(&Default::default()));
                    let mut stream = schema.execute_stream(request);
                    let meting = meting.clone();
                    tokio::spawn(async move {
                        let seen = AtomicBool::new(false);
                        while let Some(response) = stream.next().await {
                            let value = serde_json::to_value(&response).unwrap_or_default();
                            meting.record(&value, &seen);
                        }
                    });
                }
            }
        }
    }
}
