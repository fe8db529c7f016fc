//! The sandbox Klantinteracties read side over HTTP, as Open Klant 2.18
//! answers it: every resource's filters, `expand` (nested paths, the
//! loader's dedup), paging, token auth, 406 and problem bodies. Objects are
//! found by listing; only the C4161 persona is named.

mod errors;
mod expand;
mod filters;
mod paging;

use serde_json::Value;

use crate::helpers::TestApp;

/// The persona's BSN and partij nummer, the same in every data set.
pub const BSN: &str = "999990007";
pub const PARTIJ_NUMMER: &str = "123454321";

/// Every resource path of the register.
pub const RESOURCES: [&str; 14] = [
    "partijen",
    "partij-identificatoren",
    "betrokkenen",
    "klantcontacten",
    "internetaken",
    "actoren",
    "actorklantcontacten",
    "digitaleadressen",
    "onderwerpobjecten",
    "bijlagen",
    "rekeningnummers",
    "vertegenwoordigingen",
    "categorieen",
    "categorie-relaties",
];

/// GET with the token; the status and the JSON body.
pub async fn get(app: &TestApp, path_and_query: &str) -> (u16, Value) {
    let r = app.ki_get(path_and_query).await;
    let status = r.status().as_u16();
    let body = r.json().await.unwrap_or(Value::Null);
    (status, body)
}

/// GET that must answer 200; the body.
pub async fn ok(app: &TestApp, path_and_query: &str) -> Value {
    let (status, body) = get(app, path_and_query).await;
    assert_eq!(status, 200, "GET {path_and_query}: {body}");
    body
}

/// The `results` of a list body.
pub fn results(body: &Value) -> &Vec<Value> {
    body["results"].as_array().expect("a list body has results")
}

/// The uuids of a list body's results, in order.
pub fn uuids(body: &Value) -> Vec<String> {
    results(body)
        .iter()
        .map(|r| r["uuid"].as_str().expect("uuid").to_string())
        .collect()
}

/// The persona's partij, found by BSN.
pub async fn persona(app: &TestApp) -> Value {
    let body = ok(
        app,
        &format!(
            "/partijen?partijIdentificator__codeSoortObjectId=bsn&partijIdentificator__objectId={BSN}"
        ),
    )
    .await;
    assert_eq!(body["count"], 1, "{body}");
    results(&body)[0].clone()
}

/// The persona's klantcontacten (all twelve, one page).
pub async fn persona_klantcontacten(app: &TestApp, expand: &str) -> Vec<Value> {
    let partij = persona(app).await;
    let uuid = partij["uuid"].as_str().expect("uuid");
    let body = ok(
        app,
        &format!("/klantcontacten?hadBetrokkene__wasPartij__uuid={uuid}{expand}"),
    )
    .await;
    results(&body).clone()
}
