//! One system under one cost model: started, checked against the REST
//! client's klantbeeld, warmed up, measured per scenario and number of
//! clients (plus the memory check and scenario (c) for `gateway-auto`),
//! and stopped.

use std::sync::Arc;
use std::time::Duration;

use super::systems::{Started, System};
use super::{measure, Options, Row, Scenario, Suite, PERSONA};
use crate::clients::zoeken::{zoekvragen, ZoekOp};
use crate::clients::{KlantbeeldOp, Shape};
use crate::load::{self, Mode, Operation, Plan};
use crate::sandbox::{CostModel, Sandbox};

/// What every system's runs share.
pub(super) struct Block<'a> {
    pub options: &'a Options,
    pub sandbox: &'a Sandbox,
    pub reference: &'a [(String, Shape)],
    pub random: &'a [String],
    /// `queries/zoek-partij.graphql`, for scenario (c).
    pub zoek_document: &'a str,
}

impl Block<'_> {
    /// Checks, warms up and measures one started system under one cost model.
    pub async fn run(
        &self,
        suite: &mut Suite,
        system: &System,
        cost_model: CostModel,
        mut started: Started,
    ) {
        let name = system.name();
        let pid = match started.process.as_ref().map(|p| p.pid()).transpose() {
            Ok(pid) => pid,
            Err(e) => return suite.problem(e),
        };
        for (nummer, expected) in self.reference {
            match started.client.klantbeeld(nummer.clone()).await {
                Ok(shape) if shape == *expected => {
                    if nummer == PERSONA {
                        suite.shapes.insert(name.clone(), shape);
                    }
                }
                Ok(shape) => suite.problem(format!(
                    "{name} built another klantbeeld of {nummer} than the REST client: {shape} instead of {expected}"
                )),
                Err(f) => {
                    suite.problem(format!(
                        "{name} cannot build the klantbeeld of {nummer} ({}): {} ({})",
                        cost_model.name(),
                        f.kind,
                        f.detail
                    ));
                    return self.stop(started).await;
                }
            }
        }
        let persona: Arc<dyn Operation> = Arc::new(KlantbeeldOp::new(
            started.client.clone(),
            vec![PERSONA.to_string()],
        ));
        let warmup_clients = self.options.concurrency.iter().copied().max().unwrap_or(1);
        load::run(
            persona.clone(),
            Plan {
                mode: Mode::Concurrency(warmup_clients),
                duration: Duration::from_secs_f64(self.options.warmup),
            },
        )
        .await;

        let mut scenarios: Vec<(Scenario, Arc<dyn Operation>)> =
            vec![(Scenario::C4161, persona.clone())];
        let is_auto = *system == System::Gateway("auto");
        if is_auto || !matches!(system, System::Gateway(_)) {
            scenarios.push((
                Scenario::Random,
                Arc::new(KlantbeeldOp::new(
                    started.client.clone(),
                    self.random.to_vec(),
                )),
            ));
        }
        if let (true, Some(endpoint)) = (is_auto, started.endpoint.clone()) {
            let zoek = ZoekOp {
                endpoint,
                document: self.zoek_document.to_string(),
                nummer: PERSONA.to_string(),
                zoekvragen: zoekvragen(),
            };
            scenarios.push((Scenario::ZoekPartijen, Arc::new(zoek)));
        }
        for (scenario, op) in &scenarios {
            for &clients in &self.options.concurrency {
                self.measure_row(
                    suite,
                    &name,
                    *scenario,
                    cost_model,
                    clients,
                    op.clone(),
                    pid,
                )
                .await;
            }
        }
        if is_auto {
            let clients = self.options.rss_concurrency;
            self.measure_row(
                suite,
                &name,
                Scenario::Rss,
                cost_model,
                clients,
                persona,
                pid,
            )
            .await;
        }
        if let Some(process) = started.process.as_mut() {
            if let Err(e) = process.check_alive() {
                suite.problem(e);
            }
        }
        self.stop(started).await;
    }

    #[allow(clippy::too_many_arguments)]
    async fn measure_row(
        &self,
        suite: &mut Suite,
        system: &str,
        scenario: Scenario,
        cost_model: CostModel,
        clients: usize,
        op: Arc<dyn Operation>,
        pid: Option<u32>,
    ) {
        let plan = Plan {
            mode: Mode::Concurrency(clients),
            duration: Duration::from_secs_f64(self.options.duration),
        };
        let measured = match measure(op, plan, Some(self.sandbox), pid).await {
            Ok(m) => m,
            Err(e) => {
                return suite.problem(format!("{system}, {scenario:?}, {clients} clients: {e}"))
            }
        };
        let row = Row {
            scenario,
            cost_model,
            system: system.to_string(),
            clients,
            measured,
        };
        eprintln!("  {}", crate::report::row_line(&row));
        if let Some(failures) = row.measured.load.failure_summary() {
            let what = format!(
                "{system} failed in {scenario:?} under {} with {clients} clients: {failures}",
                cost_model.name()
            );
            // The gateway failing makes the run invalid; a baseline failing
            // is part of what was measured (its row shows the errors too).
            if system.starts_with("gateway") {
                suite.problem(what);
            } else {
                eprintln!("bench: baseline error: {what}");
                suite.baseline_errors.push(what);
            }
        }
        if row.measured.load.ok > 0 && row.measured.upstream.is_some_and(|u| u.requests == 0) {
            suite.problem(format!(
                "{system} answered in {scenario:?} without a single call to the registers"
            ));
        }
        suite.rows.push(row);
    }

    async fn stop(&self, started: Started) {
        if let Some(process) = started.process {
            process.stop().await;
        }
    }
}
