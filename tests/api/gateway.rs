//! The gateway's HTTP surface: health, GraphiQL and the GraphQL endpoint.

use serde_json::json;

use crate::helpers::spawn_app;

#[tokio::test]
async fn healthz_answers_json() {
    let app = spawn_app().await;
    let r = app
        .client
        .get(format!("{}/healthz", app.gateway))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn graphiql_is_served_at_the_root() {
    let app = spawn_app().await;
    let r = app.client.get(&app.gateway).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let page = r.text().await.unwrap();
    assert!(page.contains("GraphiQL"));
    // It opens on the C4161 query with the persona's nummer.
    assert!(page.contains("partijOpNummer(nummer: $nummer)"), "{page}");
    assert!(page.contains("123454321"));
}

#[tokio::test]
async fn a_malformed_document_is_a_graphql_error_not_a_crash() {
    let app = spawn_app().await;
    let body = app.graphql("{ versie ", json!({})).await;
    assert!(body["errors"][0]["message"].is_string(), "{body}");
}
