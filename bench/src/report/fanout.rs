//! Scenario (d) in the report: one table per cost model, the gateway's
//! subscribers beside the polling front ends.

use std::fmt::Write as _;

use crate::fanout::FanOutRow;
use crate::sandbox::CostModel;

/// One line for the progress output.
pub fn line(row: &FanOutRow) -> String {
    let l = &row.latency;
    format!(
        "(d) {:<15} {:<38} {:>5} observers: delivered {}/{}  dup {}  p50 {:.2}  p99 {:.2}  max {:.2} ms  calls/event {:.1}  calls/s {:.1}  RSS {} MB",
        row.cost_model.name(),
        row.system,
        row.observers,
        row.delivered,
        row.expected,
        row.duplicates,
        l.p50_ms,
        l.p99_ms,
        l.max_ms,
        row.calls_per_event,
        row.calls_per_second,
        rss(row),
    )
}

/// The peak RSS: of the gateway, or of each replica.
fn rss(row: &FanOutRow) -> String {
    if !row.replicas.is_empty() {
        let each: Vec<String> = row
            .replicas
            .iter()
            .map(|u| format!("{:.1}", u.peak_rss_mb))
            .collect();
        return format!("{} (per replica)", each.join(" + "));
    }
    row.usage
        .map_or("–".into(), |u| format!("{:.1}", u.peak_rss_mb))
}

/// The (d) tables, empty when (d) did not run.
pub fn markdown(rows: &[FanOutRow], md: &mut String) {
    for cost_model in CostModel::ALL {
        let rows: Vec<&FanOutRow> = rows.iter().filter(|r| r.cost_model == cost_model).collect();
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(
            md,
            "\n### (d) subscription fan-out — cost model `{}`\n",
            cost_model.name()
        );
        let _ = writeln!(
            md,
            "| system | observers | events | delivered | duplicates | p50 ms | p90 ms | p99 ms | max ms | calls/event | busyMs/event | calls/s | RSS before MB | RSS with MB | CPU % |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
        );
        for r in rows {
            let l = &r.latency;
            let opt = |v: Option<f64>, d: usize| v.map_or("–".into(), |v| format!("{v:.d$}"));
            let delivered = if r.delivered < r.expected {
                format!("**{}/{}**", r.delivered, r.expected)
            } else {
                format!("{}/{}", r.delivered, r.expected)
            };
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} | {:.2} | {:.2} | {:.2} | {:.2} | {:.1} | {:.0} | {:.1} | {} | {} | {} |",
                r.system,
                r.observers,
                r.events,
                delivered,
                r.duplicates,
                l.p50_ms,
                l.p90_ms,
                l.p99_ms,
                l.max_ms,
                r.calls_per_event,
                r.busy_ms_per_event,
                r.calls_per_second,
                opt(r.rss_before_mb, 1),
                rss(r),
                opt(r.usage.map(|u| u.cpu_percent), 0),
            );
        }
    }
}

/// What the (d) columns mean.
pub const LEGEND: &str = "
Scenario (d): `gateway-auto (graphql-transport-ws)` has that many subscribers of
`klantcontactGeregistreerd` for one partij, each on its own WebSocket; the events are
klantcontacten registered one after the other through the gateway's `registreerKlantcontact`
(each once every subscriber has the previous one), and reach the subscribers the production
way: the sandbox posts Open Klant's notification to the gateway's webhook, the hub fans out.
`gateway-auto, 2 replicas + Redis` is the same with two gateway processes sharing their
events through one `redis-server` (`events.backend = \"redis\"`): the mutations and the
sandbox's notifications go to the first, the subscribers are spread over both, so half of
them hear each event through the Redis stream; RSS is each replica's peak.
`rest-polling` is the front end without push: each screen asks the register for the partij's
klantcontacten every few seconds (spread over the interval) and the events are written straight
to the register (`POST /maak-klantcontact`); the gateway is not running then. Latency is from
the start of the write to an observer having the event; calls/event, busyMs/event and calls/s
are the sandbox's, writes included; RSS before is the gateway without subscribers, RSS with its
peak while the events went out.
";
