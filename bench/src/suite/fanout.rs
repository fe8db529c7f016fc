//! Scenario (d) in the suite, per cost model: a gateway (planner `auto`) on
//! the port the sandbox posts its notifications to, one run per number of
//! subscribers; then, with that gateway stopped so that nothing but the
//! pollers and their writes reach the register, the polling baseline.

use std::time::Duration;

use super::systems::{start_gateway, Context};
use super::{Options, Suite};
use crate::clients::Endpoint;
use crate::fanout::{self, FanOutRow, Gateway};
use crate::sandbox::{CostModel, Sandbox};

/// `--only` names of the two halves.
pub const SUBSCRIPTIONS: &str = "gateway-subscriptions";
pub const POLLING: &str = "rest-polling";

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
            ws_url: &ws_url,
            pid: process.pid()?,
        };
        for &subscribers in &options.subscribers {
            match fanout::subscriptions(
                sandbox,
                &gateway,
                cost_model,
                subscribers,
                options.per_socket,
                options.events,
            )
            .await
            {
                Ok(row) => record(suite, row),
                Err(e) => suite.problem(format!(
                    "(d) {subscribers} subscribers under {}: {e}",
                    cost_model.name()
                )),
            }
        }
        Ok::<(), String>(())
    }
    .await;
    process.stop().await;
    result
}

fn record(suite: &mut Suite, row: FanOutRow) {
    eprintln!("  {}", crate::report::fan_out_line(&row));
    if let Some(problem) = row.problem() {
        suite.problem(problem);
    }
    suite.fan_out.push(row);
}
