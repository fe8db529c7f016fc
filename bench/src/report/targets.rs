//! The targets of the benchmark issue, computed from the rows as ratios.
//! They are reported, never asserted: a target that is not met is printed
//! as "not met", one without the rows to judge it as "not measured".

use serde::Serialize;

use crate::sandbox::CostModel;
use crate::suite::{Row, Scenario};

const GATEWAY: &str = "gateway-auto";
const REST: &str = "rest-sequential";
const MESH: [&str; 2] = ["mesh-generated", "mesh-linked"];

/// One target and how this run did against it.
#[derive(Debug, Clone, Serialize)]
pub struct Target {
    pub target: String,
    pub measured: String,
    pub met: Option<bool>,
}

impl Target {
    pub fn verdict(&self) -> &'static str {
        match self.met {
            Some(true) => "met",
            Some(false) => "**not met**",
            None => "not measured",
        }
    }
}

fn find<'a>(
    rows: &'a [Row],
    scenario: Scenario,
    cost_model: CostModel,
    system: &str,
    clients: usize,
) -> Option<&'a Row> {
    rows.iter().find(|r| {
        r.scenario == scenario
            && r.cost_model == cost_model
            && r.system == system
            && r.clients == clients
    })
}

/// The Mesh row with the lowest value of `key` (the stronger peer).
fn best_mesh(
    rows: &[Row],
    scenario: Scenario,
    cost_model: CostModel,
    clients: usize,
    key: impl Fn(&Row) -> f64,
) -> Option<&Row> {
    MESH.iter()
        .filter_map(|m| find(rows, scenario, cost_model, m, clients))
        .min_by(|a, b| key(a).total_cmp(&key(b)))
}

fn unmeasured(target: String, missing: &str) -> Target {
    Target {
        target,
        measured: format!("no {missing} row"),
        met: None,
    }
}

/// Every target, for scenarios (a) and (b), and the memory check.
pub fn evaluate(rows: &[Row]) -> Vec<Target> {
    let mut targets = Vec::new();
    for scenario in [Scenario::C4161, Scenario::Random] {
        let tag = match scenario {
            Scenario::C4161 => "(a)",
            _ => "(b)",
        };
        targets.push(wall_time_vs_rest(rows, scenario, tag));
        targets.push(wall_time_vs_mesh(rows, scenario, tag));
        targets.push(busy_time_vs_rest(rows, scenario, tag));
        targets.push(throughput_vs_mesh(rows, scenario, tag));
        targets.push(p99(rows, scenario, tag));
    }
    targets.push(memory(rows));
    targets
}

fn wall_time_vs_rest(rows: &[Row], scenario: Scenario, tag: &str) -> Target {
    let target = format!(
        "{tag} openklant-2.18, 20 clients: gateway p50 ≤ 1/5 of the sequential REST client's, zero errors"
    );
    let (Some(g), Some(r)) = (
        find(rows, scenario, CostModel::OpenKlant218, GATEWAY, 20),
        find(rows, scenario, CostModel::OpenKlant218, REST, 20),
    ) else {
        return unmeasured(target, "gateway-auto or rest-sequential");
    };
    ratio_target(
        target,
        g,
        r,
        "REST",
        |row| row.measured.load.latency.p50_ms,
        0.2,
    )
}

fn wall_time_vs_mesh(rows: &[Row], scenario: Scenario, tag: &str) -> Target {
    let target = format!(
        "{tag} openklant-2.18, 20 clients: gateway p50 ≤ 1/2 of Mesh's (the faster variant), zero errors"
    );
    let p50 = |row: &Row| row.measured.load.latency.p50_ms;
    let (Some(g), Some(m)) = (
        find(rows, scenario, CostModel::OpenKlant218, GATEWAY, 20),
        best_mesh(rows, scenario, CostModel::OpenKlant218, 20, p50),
    ) else {
        return unmeasured(target, "gateway-auto or Mesh");
    };
    ratio_target(target, g, m, &m.system, p50, 0.5)
}

/// `value(gateway) / value(peer) ≤ limit` and no gateway errors.
fn ratio_target(
    target: String,
    gateway: &Row,
    peer: &Row,
    peer_name: &str,
    value: impl Fn(&Row) -> f64,
    limit: f64,
) -> Target {
    let (g, p) = (value(gateway), value(peer));
    let errors = gateway.measured.load.errors;
    if p <= 0.0 || gateway.measured.load.ok == 0 {
        return Target {
            target,
            measured: format!("gateway {g:.2} vs {peer_name} {p:.2}: no basis for a ratio"),
            met: None,
        };
    }
    let ratio = g / p;
    Target {
        target,
        measured: format!(
            "{g:.2} vs {peer_name} {p:.2} = {ratio:.3} (limit {limit}); gateway errors {errors}"
        ),
        met: Some(ratio <= limit && errors == 0),
    }
}

fn busy_time_vs_rest(rows: &[Row], scenario: Scenario, tag: &str) -> Target {
    let target = format!(
        "{tag} openklant-2.18, 20 clients: modelled busy time per klantbeeld ≤ 1/2 of the sequential REST client's"
    );
    let (Some(g), Some(r)) = (
        find(rows, scenario, CostModel::OpenKlant218, GATEWAY, 20),
        find(rows, scenario, CostModel::OpenKlant218, REST, 20),
    ) else {
        return unmeasured(target, "gateway-auto or rest-sequential");
    };
    let (Some(gb), Some(rb)) = (g.measured.busy_ms_per_query, r.measured.busy_ms_per_query) else {
        return unmeasured(target, "busyMs");
    };
    if rb <= 0.0 {
        return Target {
            target,
            measured: format!("gateway {gb:.0} ms vs REST {rb:.0} ms: no basis for a ratio"),
            met: None,
        };
    }
    Target {
        target,
        measured: format!("{gb:.0} ms vs REST {rb:.0} ms = {:.3} (limit 0.5)", gb / rb),
        met: Some(gb / rb <= 0.5),
    }
}

fn throughput_vs_mesh(rows: &[Row], scenario: Scenario, tag: &str) -> Target {
    let target = format!(
        "{tag} no cost model, 16 clients: gateway throughput ≥ 10× Hive Gateway's (the faster variant)"
    );
    let (Some(g), Some(m)) = (
        find(rows, scenario, CostModel::None, GATEWAY, 16),
        best_mesh(rows, scenario, CostModel::None, 16, |r| {
            -r.measured.load.throughput
        }),
    ) else {
        return unmeasured(target, "gateway-auto or Mesh");
    };
    let (gt, mt) = (g.measured.load.throughput, m.measured.load.throughput);
    if mt <= 0.0 {
        return Target {
            target,
            measured: format!(
                "gateway {gt:.1} req/s vs {} {mt:.1}: no basis for a ratio",
                m.system
            ),
            met: None,
        };
    }
    Target {
        target,
        measured: format!(
            "{gt:.1} vs {} {mt:.1} req/s = {:.1}× (at least 10×)",
            m.system,
            gt / mt
        ),
        met: Some(gt / mt >= 10.0),
    }
}

fn p99(rows: &[Row], scenario: Scenario, tag: &str) -> Target {
    let target = format!("{tag} no cost model, 16 clients: gateway p99 < 5 ms");
    match find(rows, scenario, CostModel::None, GATEWAY, 16) {
        None => unmeasured(target, "gateway-auto"),
        Some(g) => {
            let p99 = g.measured.load.latency.p99_ms;
            Target {
                target,
                measured: format!("{p99:.2} ms; errors {}", g.measured.load.errors),
                met: Some(p99 < 5.0 && g.measured.load.ok > 0 && g.measured.load.errors == 0),
            }
        }
    }
}

fn memory(rows: &[Row]) -> Target {
    let checks: Vec<&Row> = rows
        .iter()
        .filter(|r| r.scenario == Scenario::Rss && r.system == GATEWAY)
        .collect();
    let target = format!(
        "gateway RSS < 64 MB at {} concurrent clients",
        checks.first().map_or(200, |r| r.clients)
    );
    let peaks: Vec<(CostModel, f64)> = checks
        .iter()
        .filter_map(|r| r.measured.usage.map(|u| (r.cost_model, u.peak_rss_mb)))
        .collect();
    if peaks.is_empty() {
        return unmeasured(target, "memory check");
    }
    let measured = peaks
        .iter()
        .map(|(cm, mb)| format!("{mb:.1} MB ({})", cm.name()))
        .collect::<Vec<_>>()
        .join(", ");
    Target {
        target,
        measured,
        met: Some(peaks.iter().all(|(_, mb)| *mb < 64.0)),
    }
}
