//! Scenario (c): finding the partij, as the KCC front end does it with the
//! reference document `queries/zoek-partij.graphql`. Requests alternate
//! between the two routes of `zoekPartijen`: the persona's BSN, which
//! Klantinteracties holds as a partij identificator, and its postcode and
//! house number, which only the BRP can search (persons found lead to their
//! partijen). Each answer must hold the persona's partij.

use futures::future::BoxFuture;
use serde_json::{json, Value};

use super::{array, Endpoint};
use crate::load::{Failure, Operation};

/// The searches, used in turn.
pub fn zoekvragen() -> Vec<Value> {
    vec![
        json!({"zoek": {"identificator": {"soort": "BSN", "waarde": "999990007"}}}),
        json!({"zoek": {"postcode": "9823 SG", "huisnummer": 23}}),
    ]
}

/// One search per call; fails when the persona (partij nummer `nummer`) is
/// not among the hits.
pub struct ZoekOp {
    pub endpoint: Endpoint,
    pub document: String,
    pub nummer: String,
    pub zoekvragen: Vec<Value>,
}

impl Operation for ZoekOp {
    fn call(&self, i: u64) -> BoxFuture<'static, Result<(), Failure>> {
        let endpoint = self.endpoint.clone();
        let document = self.document.clone();
        let nummer = self.nummer.clone();
        let variables = self.zoekvragen[(i % self.zoekvragen.len().max(1) as u64) as usize].clone();
        Box::pin(async move {
            let data = endpoint.query(&document, variables.clone()).await?;
            let edges = array(&data["zoekPartijen"], "edges");
            let found = edges
                .iter()
                .any(|e| e["node"]["partij"]["nummer"].as_str() == Some(nummer.as_str()));
            if found {
                Ok(())
            } else {
                Err(Failure::new(
                    "persona not found",
                    format!(
                        "{variables} gave {} hits without partij {nummer}",
                        edges.len()
                    ),
                ))
            }
        })
    }
}
