//! `expand` on partijen, klantcontacten, betrokkenen and digitaleadressen.

use serde_json::Value;

use super::*;
use crate::helpers::spawn_app;

#[tokio::test]
async fn the_persona_by_bsn_with_its_betrokkenen_and_klantcontacten() {
    let app = spawn_app().await;
    let body = ok(
        &app,
        &format!("/partijen?partijIdentificator__codeSoortObjectId=bsn&partijIdentificator__objectId={BSN}&expand=betrokkenen,betrokkenen.hadKlantcontact"),
    )
    .await;
    assert_eq!(body["count"], 1);
    let partij = &results(&body)[0];
    assert_eq!(partij["nummer"], PARTIJ_NUMMER);
    let betrokkenen = partij["_expand"]["betrokkenen"]
        .as_array()
        .expect("expanded");
    assert_eq!(
        betrokkenen.len(),
        partij["betrokkenen"].as_array().unwrap().len()
    );
    println!("{}", serde_json::to_string_pretty(&body).unwrap());
    let _: &Value = partij;
}
