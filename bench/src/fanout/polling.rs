//! The baseline of scenario (d): what a front end does without push. Each
//! screen that shows a partij asks the register for that partij's
//! klantcontacten every `interval`, and notices a new one on the next answer
//! that holds it. The pollers start spread over one interval, as screens
//! opened at different moments would.

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio::task::JoinHandle;
use tokio::time::MissedTickBehavior;

use super::tally::{Seen, Tally};
use crate::sandbox::Sandbox;

/// Klantcontacten per poll: more than a run ever adds to its partij.
const PAGE_SIZE: u32 = 100;

/// Starts `pollers` tasks polling the klantcontacten of `partij`.
pub fn start(
    sandbox: &Sandbox,
    partij: &str,
    pollers: usize,
    interval: Duration,
    tally: &Arc<Tally>,
) -> Vec<JoinHandle<()>> {
    (0..pollers)
        .map(|j| {
            let (sandbox, partij, tally) = (sandbox.clone(), partij.to_string(), tally.clone());
            let offset = interval.mul_f64(j as f64 / pollers.max(1) as f64);
            tokio::spawn(async move {
                tokio::time::sleep(offset).await;
                let mut tick = tokio::time::interval(interval);
                tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
                let mut seen = Seen::poller();
                loop {
                    tick.tick().await;
                    match sandbox.klantcontacten_van(&partij, PAGE_SIZE).await {
                        Ok(page) => {
                            tally.listening(&mut seen);
                            let results = page.get("results").and_then(Value::as_array);
                            for k in results.into_iter().flatten() {
                                if let Some(onderwerp) = k.get("onderwerp").and_then(Value::as_str)
                                {
                                    tally.saw(onderwerp, &mut seen);
                                }
                            }
                        }
                        Err(e) => tally.fail(e),
                    }
                }
            })
        })
        .collect()
}
