//! The Referentielijsten client against the sandbox: tables, items over all
//! pages, the required `tabel__code` as a decoded problem.

use klantbeeld_gateway::graphql::error::ErrorCode;
use klantbeeld_gateway::registers::referentielijsten::Item;
use klantbeeld_gateway::registers::{ErrorKind, Page, Register};

use super::{config_for, observe, registers, Seen};
use crate::helpers::spawn_app;

#[tokio::test]
async fn tables_and_their_items_decode() {
    let app = spawn_app().await;
    let registers = registers(&config_for(&app));
    let seen = observe(&registers);

    let tabellen = registers.referentielijsten.tabellen().await.unwrap();
    for code in ["KANAAL", "TAAL", "LAND"] {
        assert!(
            tabellen.iter().any(|t| t.code == code),
            "{code} in {tabellen:?}"
        );
    }
    let kanalen = registers.referentielijsten.items("KANAAL").await.unwrap();
    assert!(!kanalen.is_empty());
    assert!(kanalen
        .iter()
        .all(|i| !i.code.is_empty() && !i.naam.is_empty()));
    assert!(registers
        .referentielijsten
        .items("BESTAAT_NIET")
        .await
        .unwrap()
        .is_empty());

    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 3, "one page each: {seen:?}");
    assert_eq!(
        seen[1],
        Seen {
            register: Register::Referentielijsten,
            method: "GET".into(),
            template: "/items".into(),
            objects: kanalen.len(),
            expanded: 0,
            error: None,
        }
    );
}

#[tokio::test]
async fn every_page_of_a_table_is_read_by_following_next() {
    let app = spawn_app().await;
    let registers = registers(&config_for(&app));
    let whole = registers.referentielijsten.items("TAAL").await.unwrap();
    assert!(whole.len() > 5, "TAAL has {} items", whole.len());

    app.reset_stats().await;
    let handle = registers.referentielijsten.handle();
    let url = handle.url(
        "/items",
        &[("tabel__code", "TAAL".into()), ("pageSize", "2".into())],
    );
    let paged: Vec<Item> = handle.all_pages(url, "/items").await.unwrap();
    assert_eq!(paged, whole);
    let stats = &app.stats().await["registers"]["referentielijsten"];
    assert_eq!(stats["requests"], whole.len().div_ceil(2), "{stats}");
}

#[tokio::test]
async fn items_without_a_table_is_a_bad_request_with_its_problem() {
    let app = spawn_app().await;
    let registers = registers(&config_for(&app));
    let handle = registers.referentielijsten.handle();
    let err = handle
        .get::<Page<Item>>(handle.url("/items", &[]), "/items")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "BAD_USER_INPUT");
    let ErrorKind::BadRequest {
        problem: Some(problem),
    } = &err.kind
    else {
        panic!("a 400 with a problem body: {err:?}")
    };
    assert_eq!(problem.status, Some(400));
    assert_eq!(problem.invalid_params[0].name, "tabel__code");
    assert_eq!(problem.invalid_params[0].code, "required");
    assert!(err.to_string().contains("tabel__code"), "{err}");
}
