//! The klantbeeld gateway as a client sees it: one GraphQL query
//! (`queries/c4161-klantbeeld.graphql`) with the partij nummer as `$nummer`.

use std::sync::Arc;

use futures::future::BoxFuture;
use serde_json::Value;

use super::{array, check_nummer, count_present, Endpoint, KlantbeeldClient, Shape};
use crate::load::Failure;

/// One round trip to the gateway per klantbeeld.
pub struct GatewayClient {
    endpoint: Endpoint,
    document: Arc<str>,
}

impl GatewayClient {
    pub fn new(endpoint: Endpoint, document: String) -> GatewayClient {
        GatewayClient {
            endpoint,
            document: document.into(),
        }
    }
}

impl KlantbeeldClient for GatewayClient {
    fn klantbeeld(&self, nummer: String) -> BoxFuture<'static, Result<Shape, Failure>> {
        let endpoint = self.endpoint.clone();
        let document = self.document.clone();
        Box::pin(async move {
            let data = endpoint
                .query(&document, serde_json::json!({ "nummer": nummer }))
                .await?;
            let partij = data.get("partijOpNummer").filter(|p| !p.is_null());
            check_nummer(partij, &nummer)?;
            Ok(partij.map(shape).unwrap_or_default())
        })
    }
}

/// The counts of a `partijOpNummer` answer of the C4161 query.
fn shape(partij: &Value) -> Shape {
    let betrokkenen = array(partij, "betrokkenen");
    let klantcontacten: Vec<&Value> = betrokkenen
        .iter()
        .filter_map(|b| b.get("klantcontact").filter(|k| k.is_object()))
        .collect();
    let taken: Vec<&Value> = klantcontacten
        .iter()
        .flat_map(|k| array(k, "interneTaken"))
        .collect();
    Shape {
        betrokkenen: betrokkenen.len(),
        klantcontacten: klantcontacten.len(),
        interne_taken: taken.len(),
        toegewezen_actoren: taken
            .iter()
            .map(|t| count_present(t.get("toegewezenAan")))
            .sum(),
    }
}
