//! The modelled cost of one register call, refined from what the gateway
//! observes.
//!
//! A call is modelled as `base + perObject × returned + perExpanded × expanded`
//! (ARCHITECTURE.md, decision 3). The three figures are fitted by weighted least
//! squares over recent observations, with older ones fading out (so the model
//! follows a register that gets slower or faster), and with the configured
//! figures as a prior worth one observation. The prior ties the expand
//! cost to the per-object cost by their configured ratio until expand calls
//! have been seen: without that, a planner that never expands would never learn
//! that expanding had become cheap.

use std::sync::Mutex;
use std::time::Duration;

/// The figures of the cost model, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct CallCost {
    pub base_ms: f64,
    pub per_object_ms: f64,
    pub per_expanded_object_ms: f64,
}

impl CallCost {
    /// The modelled duration of a call returning `objects` and inlining `expanded`.
    pub(crate) fn call_ms(&self, objects: f64, expanded: f64) -> f64 {
        self.base_ms + self.per_object_ms * objects + self.per_expanded_object_ms * expanded
    }
}

/// How fast observations fade: each new one multiplies the weight of all
/// earlier ones by this (a memory of about 1 / (1 − DECAY) = 100 calls).
const DECAY: f64 = 0.99;
/// What the prior is worth, in observations.
const PRIOR_WEIGHT: f64 = 1.0;
/// The object count at which the prior's per-object terms are weighed.
const PRIOR_OBJECTS: f64 = 1.0;

/// A learned cost model, shared by all requests to one register.
#[derive(Debug)]
pub(crate) struct CostModel {
    prior: CallCost,
    learn: bool,
    fit: Mutex<Fit>,
}

/// The decayed normal equations of the observations: `Σ w a aᵀ` and `Σ w a y`.
#[derive(Debug, Default, Clone)]
struct Fit {
    ata: [[f64; 3]; 3],
    aty: [f64; 3],
    observations: u64,
}

impl CostModel {
    /// A model starting from `prior`; with `learn` false it stays there.
    pub(crate) fn new(prior: CallCost, learn: bool) -> Self {
        CostModel {
            prior,
            learn,
            fit: Mutex::new(Fit::default()),
        }
    }

    /// Records one call: what it returned and how long it took (measured
    /// from when it got its concurrency slot, so queueing in the gateway is
    /// not counted as register cost).
    pub(crate) fn observe(&self, objects: usize, expanded: usize, elapsed: Duration) {
        if !self.learn {
            return;
        }
        let a = [1.0, objects as f64, expanded as f64];
        let y = elapsed.as_secs_f64() * 1000.0;
        let mut fit = self.fit.lock().unwrap_or_else(|e| e.into_inner());
        for i in 0..3 {
            for j in 0..3 {
                fit.ata[i][j] = fit.ata[i][j] * DECAY + a[i] * a[j];
            }
            fit.aty[i] = fit.aty[i] * DECAY + a[i] * y;
        }
        fit.observations += 1;
    }

    /// Number of calls observed so far.
    #[cfg(test)]
    fn observations(&self) -> u64 {
        self.fit
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .observations
    }

    /// The current estimate.
    pub(crate) fn estimate(&self) -> CallCost {
        let fit = self.fit.lock().unwrap_or_else(|e| e.into_inner()).clone();
        if fit.observations == 0 {
            return self.prior;
        }
        let ratio = if self.prior.per_object_ms > 0.0 {
            self.prior.per_expanded_object_ms / self.prior.per_object_ms
        } else {
            1.0
        };
        let mut ata = fit.ata;
        let mut aty = fit.aty;
        // Prior pseudo-observations: base = b0; N·perObject = N·p0;
        // N·(perExpanded − ratio·perObject) = 0.
        let n = PRIOR_OBJECTS;
        let rows = [
            ([1.0, 0.0, 0.0], self.prior.base_ms),
            ([0.0, n, 0.0], n * self.prior.per_object_ms),
            ([0.0, -ratio * n, n], 0.0),
        ];
        for (a, y) in rows {
            for i in 0..3 {
                for j in 0..3 {
                    ata[i][j] += PRIOR_WEIGHT * a[i] * a[j];
                }
                aty[i] += PRIOR_WEIGHT * a[i] * y;
            }
        }
        match solve3(ata, aty) {
            Some([b, p, e]) => CallCost {
                base_ms: b.max(0.0),
                per_object_ms: p.max(0.0),
                per_expanded_object_ms: e.max(0.0),
            },
            None => self.prior,
        }
    }
}

/// Solves a 3×3 linear system by Gaussian elimination with partial pivoting.
fn solve3(mut m: [[f64; 3]; 3], mut v: [f64; 3]) -> Option<[f64; 3]> {
    for col in 0..3 {
        let pivot = (col..3).max_by(|&a, &b| m[a][col].abs().total_cmp(&m[b][col].abs()))?;
        if m[pivot][col].abs() < 1e-12 {
            return None;
        }
        m.swap(col, pivot);
        v.swap(col, pivot);
        for row in col + 1..3 {
            let f = m[row][col] / m[col][col];
            let pivot_row = m[col];
            for (cell, p) in m[row].iter_mut().zip(pivot_row).skip(col) {
                *cell -= f * p;
            }
            v[row] -= f * v[col];
        }
    }
    let mut x = [0.0; 3];
    for row in (0..3).rev() {
        let tail: f64 = (row + 1..3).map(|k| m[row][k] * x[k]).sum();
        x[row] = (v[row] - tail) / m[row][row];
    }
    x.iter().all(|v| v.is_finite()).then_some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPENKLANT: CallCost = CallCost {
        base_ms: 15.0,
        per_object_ms: 10.0,
        per_expanded_object_ms: 25.0,
    };

    fn ms(v: f64) -> Duration {
        Duration::from_secs_f64(v / 1000.0)
    }

    #[test]
    fn without_observations_the_prior_holds() {
        let m = CostModel::new(OPENKLANT, true);
        assert_eq!(m.estimate(), OPENKLANT);
    }

    #[test]
    fn a_fast_register_is_learned_expand_cost_included() {
        let m = CostModel::new(OPENKLANT, true);
        for i in 0..60 {
            // 0.5 ms a call whatever it returns; no expand ever seen.
            m.observe(1 + i % 13, 0, ms(0.5));
        }
        let c = m.estimate();
        assert!(c.base_ms < 2.0, "{c:?}");
        assert!(c.per_object_ms < 0.5, "{c:?}");
        assert!(c.per_expanded_object_ms < 1.0, "{c:?}");
    }

    #[test]
    fn the_true_figures_are_recovered() {
        let m = CostModel::new(
            CallCost {
                base_ms: 1.0,
                per_object_ms: 1.0,
                per_expanded_object_ms: 1.0,
            },
            true,
        );
        for i in 0..200usize {
            let (n, x) = (1 + i % 17, (i * 7) % 11);
            m.observe(n, x, ms(OPENKLANT.call_ms(n as f64, x as f64)));
        }
        let c = m.estimate();
        assert!((c.base_ms - 15.0).abs() < 1.0, "{c:?}");
        assert!((c.per_object_ms - 10.0).abs() < 0.5, "{c:?}");
        assert!((c.per_expanded_object_ms - 25.0).abs() < 0.5, "{c:?}");
    }

    #[test]
    fn learning_can_be_switched_off() {
        let m = CostModel::new(OPENKLANT, false);
        m.observe(3, 0, ms(0.1));
        assert_eq!(m.estimate(), OPENKLANT);
        assert_eq!(m.observations(), 0);
    }
}
