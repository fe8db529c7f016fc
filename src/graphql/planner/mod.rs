//! The planner: which register calls a GraphQL request makes, chosen per
//! request by the modelled cost of each call (ARCHITECTURE.md, decision 3).
//!
//! `cost` learns what a Klantinteracties call costs (the [`Planner`] is an
//! observer of the register transport; `app.rs` adds it), `klantbeeld`
//! chooses a plan from that, and `run` carries a plan out, feeding every
//! object it gets into the request's loaders so that the resolvers find them
//! there.

pub(crate) mod cost;
pub(crate) mod klantbeeld;
mod run;

use std::sync::Mutex;

pub(crate) use cost::{CallCost, CostModel};
pub(crate) use run::{load_klantbeeld, PartijLookup};

use crate::config::{Config, ExpandMode};
use crate::registers::{CallObserver, CallRecord, Register};
use klantbeeld::Sizes;

/// The planner's shared state: the learned cost model and the sizes of
/// recent klantbeelden (before a partij is fetched its size is unknown; the
/// recent average stands in for it).
pub(crate) struct Planner {
    pub mode: ExpandMode,
    pub cost: CostModel,
    sizes: Mutex<Sizes>,
}

/// How fast the size averages follow new klantbeelden.
const SIZE_WEIGHT: f64 = 0.2;

impl Planner {
    pub(crate) fn new(config: &Config) -> Planner {
        Planner {
            mode: config.planner.expand,
            cost: CostModel::new(
                CallCost {
                    base_ms: config.planner.base_ms,
                    per_object_ms: config.planner.per_object_ms,
                    per_expanded_object_ms: config.planner.per_expanded_object_ms,
                },
                config.planner.learn,
            ),
            // The persona's partij as measured on a real Open Klant, as the first guess.
            sizes: Mutex::new(Sizes {
                betrokkenen: 12.0,
                klantcontacten: 12.0,
                interne_taken: 18.0,
                klantcontacten_met_taken: 9.0,
                digitale_adressen: 2.0,
                actoren: 5.0,
            }),
        }
    }

    /// The expected sizes of the next klantbeeld.
    pub(crate) fn expected_sizes(&self) -> Sizes {
        *self.sizes.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Folds the sizes of a klantbeeld just loaded into the averages.
    pub(crate) fn record_sizes(&self, seen: Sizes) {
        let mut s = self.sizes.lock().unwrap_or_else(|e| e.into_inner());
        let mix = |old: f64, new: f64| old + SIZE_WEIGHT * (new - old);
        *s = Sizes {
            betrokkenen: mix(s.betrokkenen, seen.betrokkenen),
            klantcontacten: mix(s.klantcontacten, seen.klantcontacten),
            interne_taken: mix(s.interne_taken, seen.interne_taken),
            klantcontacten_met_taken: mix(
                s.klantcontacten_met_taken,
                seen.klantcontacten_met_taken,
            ),
            digitale_adressen: mix(s.digitale_adressen, seen.digitale_adressen),
            actoren: mix(s.actoren, seen.actoren),
        };
    }
}

/// The cost model learns from every successful Klantinteracties read. Writes
/// are not what the planner plans: they do not teach it.
impl CallObserver for Planner {
    fn observe(&self, call: &CallRecord<'_>) {
        if call.register == Register::Klantinteracties
            && call.method == "GET"
            && call.error.is_none()
        {
            self.cost.observe(call.objects, call.expanded, call.elapsed);
        }
    }
}

/// Whether a single object's call should expand `children` relations, or
/// leave them to single GETs afterwards: by the modelled cost, or as
/// `[planner] expand` forces.
pub(crate) fn expand_children(gateway: &crate::graphql::Shared, children: usize) -> bool {
    if children == 0 {
        return false;
    }
    match gateway.planner.mode {
        ExpandMode::Always => true,
        ExpandMode::Never => false,
        ExpandMode::Auto => {
            let cost = gateway.planner.cost.estimate();
            let limit = gateway
                .registers
                .klantinteracties
                .handle()
                .max_concurrency();
            // Expect about two objects per relation.
            let n = 2.0 * children as f64;
            let with = cost.call_ms(1.0, n);
            let without =
                cost.call_ms(1.0, 0.0) + (n / limit as f64).ceil() * cost.call_ms(1.0, 0.0);
            with <= without
        }
    }
}
