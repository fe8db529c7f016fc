//! Scenario (d) in the suite, per cost model: a gateway (planner `auto`) on
//! the port the sandbox posts its notifications to, one run per number of
//! subscribers; the same with two replicas sharing one `redis-server` (the
//! first on that port, the subscribers spread over both); then, with the
//! gateways stopped so that nothing but the pollers and their writes reach
//! the register, the polling baseline.

use std::time::Duration;

use super::systems::{start_gateway, start_gateway_with, Context};
use super::{Options, Suite};
use crate::clients::Endpoint;
use crate::fanout::{self, FanOutRow, Gateway};
use crate::sandbox::{CostModel, Sandbox};

/// `--only` names of the two halves.
pub const SUBSCRIPTIONS: &str = "gateway-subscriptions";
pub const POLLING: &str = "rest-polling";
pub const REPLICAS: &str = "gateway-replicas";

/// Runs (d) under both cost models. Only a sandbox that stops answering
/// ends the suite; everything else is a problem in the report.
pub(super) async fn run(
    options: &Options,
    context: &Context<'_>,
    sandbox: &Sandbox,
    notified: u16,
    suite: &mut Suite,
) -> Result<(), String> {
    for cost_model in CostModel::ALL {
        sandbox.set_cost_model(cost_model).await?;
        if options.includes(SUBSCRIPTIONS) {
            eprintln!(
                "bench: (d) subscriptions under cost model {}",
                cost_model.name()
            );
            if let Err(e) =
                subscriptions(options, context, sandbox, notified, cost_model, suite).await
            {
                suite.problem(format!(
                    "(d) subscriptions under {}: {e}",
                    cost_model.name()
                ));
            }
        }
        if options.includes(REPLICAS) {
            eprintln!(
                "bench: (d) subscriptions over two replicas and Redis under cost model {}",
                cost_model.name()
            );
            if let Err(e) = replicas(options, context, sandbox, notified, cost_model, suite).await {
                suite.problem(format!("(d) two replicas under {}: {e}", cost_model.name()));
            }
        }
        if options.includes(POLLING) {
            eprintln!("bench: (d) polling under cost model {}", cost_model.name());
            let interval = Duration::from_secs_f64(options.poll_interval);
            match fanout::polling(
                sandbox,
                cost_model,
                options.pollers,
                interval,
                options.events,
            )
            .await
            {
                Ok(row) => record(suite, row),
                Err(e) => suite.problem(format!("(d) polling under {}: {e}", cost_model.name())),
            }
        }
    }
    Ok(())
}

async fn subscriptions(
    options: &Options,
    context: &Context<'_>,
    sandbox: &Sandbox,
    notified: u16,
    cost_model: CostModel,
    suite: &mut Suite,
) -> Result<(), String> {
    let (process, url) = start_gateway(context.paths, context.sandbox, "auto", notified).await?;
    let result = async {
        let graphql = Endpoint::new(&url)?;
        let ws_url = format!("ws://127.0.0.1:{notified}/graphql/ws");
        let gateway = Gateway {
            graphql: &graphql,
            ws_urls: vec![ws_url],
            pids: vec![process.pid()?],
            system: "gateway-auto (graphql-transport-ws)".into(),
        };
        each_number(options, sandbox, &gateway, cost_model, suite).await;
        Ok::<(), String>(())
    }
    .await;
    process.stop().await;
    result
}

/// Two gateway replicas (planner `auto`) with `events.backend = "redis"`,
/// one `redis-server` of the bench's own (a free port, a temporary
/// directory, append-only); the sandbox notifies the first replica, the
/// mutations go to the first, the subscribers are spread over both.
async fn replicas(
    options: &Options,
    context: &Context<'_>,
    sandbox: &Sandbox,
    notified: u16,
    cost_model: CostModel,
    suite: &mut Suite,
) -> Result<(), String> {
    let redis = Redis::start()?;
    let events = [
        ("EVENTS__BACKEND", "redis".to_string()),
        ("EVENTS__REDIS__URL", redis.url.clone()),
    ];
    let (a, url) =
        start_gateway_with(context.paths, context.sandbox, "auto", notified, &events).await?;
    let second = crate::processes::free_port()?;
    let b = match start_gateway_with(context.paths, context.sandbox, "auto", second, &events).await
    {
        Ok((b, _)) => b,
        Err(e) => {
            a.stop().await;
            return Err(e);
        }
    };
    let result = async {
        let graphql = Endpoint::new(&url)?;
        let gateway = Gateway {
            graphql: &graphql,
            ws_urls: vec![
                format!("ws://127.0.0.1:{notified}/graphql/ws"),
                format!("ws://127.0.0.1:{second}/graphql/ws"),
            ],
            pids: vec![a.pid()?, b.pid()?],
            system: "gateway-auto, 2 replicas + Redis".into(),
        };
        each_number(options, sandbox, &gateway, cost_model, suite).await;
        Ok::<(), String>(())
    }
    .await;
    a.stop().await;
    b.stop().await;
    result
}

/// A `redis-server` of the bench's own, stopped and removed when dropped.
struct Redis {
    url: String,
    dir: std::path::PathBuf,
    child: std::process::Child,
}

impl Redis {
    fn start() -> Result<Redis, String> {
        let port = crate::processes::free_port()?;
        let dir = std::env::temp_dir().join(format!("klantbeeld-bench-redis-{port}"));
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let child = std::process::Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--dir", &dir.to_string_lossy()])
            .args([
                "--appendonly",
                "yes",
                "--save",
                "",
                "--logfile",
                "redis.log",
            ])
            .stdout(std::process::Stdio::null())
            .spawn()
            .map_err(|e| {
                format!("redis-server did not start ({e}): apt-get install redis-server")
            })?;
        for _ in 0..200 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(Redis {
                    url: format!("redis://127.0.0.1:{port}/0"),
                    dir,
                    child,
                });
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        Err(format!("redis-server on port {port} never listened"))
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// One run of `gateway` per number of subscribers.
async fn each_number(
    options: &Options,
    sandbox: &Sandbox,
    gateway: &Gateway<'_>,
    cost_model: CostModel,
    suite: &mut Suite,
) {
    for &subscribers in &options.subscribers {
        match fanout::subscriptions(
            sandbox,
            gateway,
            cost_model,
            subscribers,
            options.per_socket,
            options.events,
        )
        .await
        {
            Ok(row) => record(suite, row),
            Err(e) => suite.problem(format!(
                "(d) {} with {subscribers} subscribers under {}: {e}",
                gateway.system,
                cost_model.name()
            )),
        }
    }
}

fn record(suite: &mut Suite, row: FanOutRow) {
    eprintln!("  {}", crate::report::fan_out_line(&row));
    if let Some(problem) = row.problem() {
        suite.problem(problem);
    }
    suite.fan_out.push(row);
}
