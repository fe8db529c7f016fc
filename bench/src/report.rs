//! The report: `bench/results/<date>.md` and `.json`, and `latest.md`, with
//! one table per scenario and cost model, the targets of the issue as ratios
//! (reported, never asserted; "not met" said plainly), what was skipped and
//! every problem at the top.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;

use crate::sandbox::CostModel;
use crate::suite::{Measured, Options, Row, Scenario, Suite};

mod fanout;
mod targets;

pub use fanout::line as fan_out_line;

/// One line for a measured load (progress output and the one-off commands).
pub fn one_line(m: &Measured) -> String {
    let opt = |v: Option<f64>, digits: usize| v.map_or("–".into(), |v| format!("{v:.digits$}"));
    format!(
        "{:>8.1} req/s  p50 {:>8.2}  p90 {:>8.2}  p99 {:>8.2}  max {:>8.2} ms  ok {:>6}  errors {:>4}  calls/q {:>5}  busyMs/q {:>6}  RSS {:>6} MB  CPU {:>5} %",
        m.load.throughput,
        m.load.latency.p50_ms,
        m.load.latency.p90_ms,
        m.load.latency.p99_ms,
        m.load.latency.max_ms,
        m.load.ok,
        m.load.errors,
        opt(m.calls_per_query, 1),
        opt(m.busy_ms_per_query, 0),
        opt(m.usage.map(|u| u.peak_rss_mb), 1),
        opt(m.usage.map(|u| u.cpu_percent), 0),
    )
}

/// [`one_line`] with the row's coordinates.
pub fn row_line(row: &Row) -> String {
    format!(
        "{:<15} {:<15} {:<16} {:>3} clients: {}",
        serde_name(&row.scenario),
        row.cost_model.name(),
        row.system,
        row.clients,
        one_line(&row.measured)
    )
}

fn serde_name<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The JSON file's content.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Json<'a> {
    date: String,
    wall_time_s: f64,
    machine: Machine,
    options: &'a Options,
    targets: Vec<targets::Target>,
    #[serde(flatten)]
    suite: &'a Suite,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Machine {
    cpus: usize,
    cpu_model: String,
    memory_gb: f64,
    node: String,
}

impl Machine {
    fn here() -> Machine {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let memory_kb: f64 = meminfo
            .lines()
            .find_map(|l| l.strip_prefix("MemTotal:"))
            .and_then(|r| r.split_whitespace().next())
            .and_then(|kb| kb.parse().ok())
            .unwrap_or(0.0);
        Machine {
            cpus: std::thread::available_parallelism().map_or(0, |n| n.get()),
            cpu_model: cpuinfo
                .lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|r| r.trim_start_matches([' ', '\t', ':']).to_string())
                .unwrap_or_default(),
            memory_gb: memory_kb / 1024.0 / 1024.0,
            node: std::process::Command::new("node")
                .arg("--version")
                .output()
                .ok()
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
                .unwrap_or_else(|| "not installed".into()),
        }
    }
}

/// Writes `<out>/<date>.md`, `<out>/<date>.json` and `<out>/latest.md`;
/// returns the path of the markdown file.
pub fn write(
    options: &Options,
    suite: &Suite,
    wall: Duration,
    out: &Path,
) -> Result<PathBuf, String> {
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let now = chrono::Local::now();
    let stamp = now.format("%Y-%m-%d-%H%M").to_string();
    let targets = targets::evaluate(&suite.rows);
    let json = Json {
        date: now.to_rfc3339(),
        wall_time_s: wall.as_secs_f64(),
        machine: Machine::here(),
        options,
        targets,
        suite,
    };
    let markdown = markdown(&json);
    let md_path = out.join(format!("{stamp}.md"));
    let write = |path: PathBuf, text: &str| {
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    write(md_path.clone(), &markdown)?;
    write(out.join("latest.md"), &markdown)?;
    let text = serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?;
    write(out.join(format!("{stamp}.json")), &text)?;
    Ok(md_path)
}

fn markdown(json: &Json<'_>) -> String {
    let suite = json.suite;
    let mut md = String::new();
    let _ = writeln!(
        md,
        "# Klantbeeld benchmarks, {}\n",
        &json.date[..16.min(json.date.len())]
    );
    let m = &json.machine;
    let _ = writeln!(
        md,
        "{} CPUs ({}), {:.0} GB; Node {}. {} partijen in the sandbox (seed {}), {} s per run after {} s warm-up; suite took {:.0} s.\n",
        m.cpus, m.cpu_model, m.memory_gb, m.node, json.options.partijen, json.options.seed,
        json.options.duration, json.options.warmup, json.wall_time_s
    );
    section(
        &mut md,
        "PROBLEMS — these results are not valid as they stand",
        suite.problems.iter().map(|p| format!("**{p}**")),
    );
    let _ = writeln!(md, "## Targets (reported, not asserted)\n");
    let _ = writeln!(md, "| target | measured | verdict |\n|---|---|---|");
    for t in &json.targets {
        let _ = writeln!(md, "| {} | {} | {} |", t.target, t.measured, t.verdict());
    }
    md.push('\n');
    section(
        &mut md,
        "Errors of the baselines (measured, in their rows too)",
        suite.baseline_errors.iter().cloned(),
    );
    section(
        &mut md,
        "Skipped",
        suite
            .skipped
            .iter()
            .map(|(what, why)| format!("{what}: {why}")),
    );
    let _ = writeln!(md, "## The persona's klantbeeld as each system built it\n");
    for (system, shape) in &suite.shapes {
        let _ = writeln!(md, "- {system}: {shape}");
    }
    md.push('\n');
    md.push_str(LEGEND);
    let mut keys: Vec<(Scenario, CostModel)> = suite
        .rows
        .iter()
        .map(|r| (r.scenario, r.cost_model))
        .collect();
    keys.sort();
    keys.dedup();
    for (scenario, cost_model) in keys {
        let _ = writeln!(
            md,
            "\n### {} — cost model `{}`\n",
            scenario.title(),
            cost_model.name()
        );
        let _ = writeln!(
            md,
            "| system | clients | req/s | p50 ms | p90 ms | p99 ms | max ms | ok | errors | calls/q | busyMs/q | max in flight | RSS MB | CPU % |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
        );
        for row in suite
            .rows
            .iter()
            .filter(|r| r.scenario == scenario && r.cost_model == cost_model)
        {
            let m = &row.measured;
            let l = &m.load.latency;
            let opt = |v: Option<f64>, d: usize| v.map_or("–".into(), |v| format!("{v:.d$}"));
            let errors = if m.load.errors > 0 {
                format!("**{}**", m.load.errors)
            } else {
                "0".into()
            };
            let _ = writeln!(
                md,
                "| {} | {} | {:.1} | {:.2} | {:.2} | {:.2} | {:.2} | {} | {} | {} | {} | {} | {} | {} |",
                row.system,
                row.clients,
                m.load.throughput,
                l.p50_ms,
                l.p90_ms,
                l.p99_ms,
                l.max_ms,
                m.load.ok,
                errors,
                opt(m.calls_per_query, 1),
                opt(m.busy_ms_per_query, 0),
                m.upstream.map_or("–".into(), |u| u.max_in_flight.to_string()),
                opt(m.usage.map(|u| u.peak_rss_mb), 1),
                opt(m.usage.map(|u| u.cpu_percent), 0),
            );
        }
    }
    if !suite.fan_out.is_empty() {
        md.push_str(fanout::LEGEND);
        fanout::markdown(&suite.fan_out, &mut md);
    }
    md
}

/// A `## title` section with a bullet per item; nothing without items.
fn section(md: &mut String, title: &str, items: impl Iterator<Item = String>) {
    let mut items = items.peekable();
    if items.peek().is_none() {
        return;
    }
    let _ = writeln!(md, "## {title}\n");
    for item in items {
        let _ = writeln!(md, "- {item}");
    }
    md.push('\n');
}

const LEGEND: &str = "## Results

Systems: `gateway-<mode>` is this gateway with `planner.expand = <mode>`, in its own process,
pointed at the sandbox; `rest-sequential` builds the klantbeeld the way KCC front ends do today,
one REST call after another (in the bench process, so it has no RSS/CPU column);
`mesh-generated` is GraphQL Mesh + Hive Gateway on the schema generated from the OpenAPI
files (three GraphQL round trips per klantbeeld, joined by the client); `mesh-linked` adds
links with `additionalTypeDefs` + `@resolveTo` (one round trip). Cost model `none`: the
sandbox answers at once; `openklant-2.18`: the sandbox Klantinteracties costs what a real
Open Klant 2.18 does (15 ms a request, 10 ms per returned object, 25 ms per expanded object,
8 requests at a time). Latency is per klantbeeld, as the client sees it (all its round trips);
req/s counts successful klantbeelden (in (c): searches that found the persona, with
`queries/zoek-partij.graphql`, alternating its BSN, found in Klantinteracties, and its
postcode and house number, searched in the BRP); calls/q and busyMs/q are the sandbox's requests and
modelled busy time (all registers) per klantbeeld; RSS is the peak of the server process
during the run, CPU its CPU time over the run's wall time (100 % = one core). The sandbox,
the system under test and the bench share the machine's cores: under `none` the sandbox and
the bench take much of the CPU, so compare systems within one run, not across machines.
";
