//! Paging: `page`, `pageSize` (default 100, capped at 500), links that keep
//! the other parameters, and 404 past the end.

use super::*;
use crate::helpers::spawn_app;

#[tokio::test]
async fn pages_walk_the_whole_list_through_next_and_previous() {
    let app = spawn_app().await;
    let p = persona(&app).await;
    let u = p["uuid"].as_str().unwrap();
    let base = format!("/klantcontacten?hadBetrokkene__wasPartij__uuid={u}");
    let all = uuids(&ok(&app, &base).await);
    assert_eq!(all.len(), 12);

    let first = ok(&app, &format!("{base}&pageSize=5")).await;
    assert_eq!(first["count"], 12);
    assert!(first["previous"].is_null());
    let next = first["next"].as_str().expect("a next page");
    assert!(next.starts_with(&format!(
        "{}/klantinteracties/api/v1/klantcontacten?",
        app.sandbox
    )));
    assert!(
        next.contains("page=2")
            && next.contains("pageSize=5")
            && next.contains(&format!("hadBetrokkene__wasPartij__uuid={u}"))
    );

    let mut walked = uuids(&first);
    let mut url = next.to_string();
    let mut pages = 1;
    loop {
        let body: serde_json::Value = app
            .client
            .get(&url)
            .header("Authorization", format!("Token {}", app.token))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        pages += 1;
        walked.extend(uuids(&body));
        let previous = body["previous"].as_str().expect("a previous page");
        if pages == 2 {
            assert!(
                !previous.contains("page="),
                "page 1 has no page parameter: {previous}"
            );
        }
        match body["next"].as_str() {
            Some(n) => url = n.to_string(),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(
        walked, all,
        "the pages together are the list, in order, once each"
    );

    let last = ok(&app, &format!("{base}&pageSize=5&page=last")).await;
    assert_eq!(results(&last).len(), 2);
    assert!(last["next"].is_null());
}

#[tokio::test]
async fn page_size_is_capped_and_bad_sizes_mean_the_default() {
    let app = spawn_app().await;
    let all = ok(&app, "/klantcontacten?pageSize=1000").await;
    let count = all["count"].as_u64().unwrap() as usize;
    assert_eq!(results(&all).len(), count.min(500));
    for size in ["0", "-3", "twee"] {
        let body = ok(&app, &format!("/klantcontacten?pageSize={size}")).await;
        assert_eq!(results(&body).len(), count.min(100), "pageSize={size}");
    }
    let two = ok(&app, "/klantcontacten?pageSize=2").await;
    assert_eq!(results(&two).len(), 2);
}

#[tokio::test]
async fn a_page_past_the_end_is_404_but_page_one_of_nothing_is_200() {
    let app = spawn_app().await;
    let empty = ok(&app, "/klantcontacten?kanaal=postduif").await;
    assert_eq!(empty["count"], 0);
    assert_eq!(results(&empty).len(), 0);
    assert!(empty["next"].is_null() && empty["previous"].is_null());
    for page in ["2", "0", "-1", "een", "99999999999999999999"] {
        let (status, body) = get(
            &app,
            &format!("/klantcontacten?kanaal=postduif&page={page}"),
        )
        .await;
        assert_eq!(status, 404, "page={page}");
        assert_eq!(body["code"], "not_found");
        assert_eq!(body["detail"], "Ongeldige pagina.");
    }
    let actoren = ok(&app, "/actoren?pageSize=500").await;
    let past = actoren["count"].as_u64().unwrap() / 500 + 2;
    let (status, _) = get(&app, &format!("/actoren?page={past}&pageSize=500")).await;
    assert_eq!(status, 404);
}
