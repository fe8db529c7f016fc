//! The persons the sandbox BRP serves: the official test persons of
//! `specs/brp-testdata.json` and the data set's generated persons, both in
//! the GBA variant shape, indexed by BSN. They are converted to the v2 shape
//! per request, so that `leeftijd` is always computed for today.

use std::collections::HashMap;

use super::gba::{self, GbaPersoon};
use super::search::Sleutels;
use crate::dataset::Persoon;

/// All persons, in a stable order (test persons first).
#[derive(Debug, Default)]
pub(crate) struct Store {
    personen: Vec<GbaPersoon>,
    /// The search keys of `personen`, by position.
    sleutels: Vec<Sleutels>,
    index: HashMap<String, usize>,
}

impl Store {
    /// The official test persons plus the data set's own persons. A
    /// generated person whose BSN a test person already has is left out:
    /// the test persons keep their BSNs.
    pub(crate) fn new(personen: &[Persoon]) -> Store {
        let mut store = Store::default();
        for p in gba::testpersonen() {
            store.insert(p.clone());
        }
        let mut skipped = 0usize;
        for p in personen {
            if !store.insert(gba::from_generated(p)) {
                skipped += 1;
            }
        }
        if skipped > 0 {
            tracing::warn!(
                skipped,
                "generated persons with a BSN of a test person left out"
            );
        }
        store
    }

    /// Adds a person unless its BSN is taken; says whether it was added.
    fn insert(&mut self, p: GbaPersoon) -> bool {
        if self.index.contains_key(&p.burgerservicenummer) {
            return false;
        }
        self.index
            .insert(p.burgerservicenummer.clone(), self.personen.len());
        self.sleutels.push(Sleutels::van(&p));
        self.personen.push(p);
        true
    }

    /// The person with this BSN.
    pub(crate) fn get(&self, bsn: &str) -> Option<&GbaPersoon> {
        self.index.get(bsn).map(|&i| &self.personen[i])
    }

    /// Every person with its search keys, in order.
    pub(crate) fn zoekbaar(&self) -> impl Iterator<Item = (&GbaPersoon, &Sleutels)> {
        self.personen.iter().zip(&self.sleutels)
    }
}
