//! The sandbox Referentielijsten register over HTTP: shapes, filters,
//! pagination and errors as the maykinmedia Referentielijsten API 0.2 answers.

use serde_json::Value;

use crate::helpers::{spawn_app, TestApp};

async fn get(app: &TestApp, path_and_query: &str) -> reqwest::Response {
    app.client
        .get(format!("{}{path_and_query}", app.sandbox))
        .send()
        .await
        .expect("sandbox answers")
}

async fn get_json(app: &TestApp, path_and_query: &str) -> (u16, Value) {
    let r = get(app, path_and_query).await;
    let status = r.status().as_u16();
    (status, r.json().await.expect("JSON body"))
}

fn codes(body: &Value) -> Vec<String> {
    body["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|i| i["code"].as_str().expect("code").to_string())
        .collect()
}

#[tokio::test]
async fn tabellen_lists_the_standard_tables_with_their_shape() {
    let app = spawn_app().await;
    let r = get(&app, "/api/v1/tabellen").await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["API-version"], "0.2.0");
    let body: Value = r.json().await.unwrap();
    let names = codes(&body);
    for t in ["KANAAL", "TAAL", "LAND", "COMMUNICATIEKANAAL"] {
        assert!(names.iter().any(|n| n == t), "{t} in {names:?}");
    }
    assert_eq!(body["count"].as_u64(), Some(names.len() as u64));
    assert!(body["next"].is_null() && body["previous"].is_null());
    let kanaal = &body["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["code"] == "KANAAL")
        .unwrap();
    assert!(kanaal["naam"].is_string());
    assert!(kanaal["beheerder"]["email"].is_string());
    assert!(kanaal["einddatumGeldigheid"].is_null());
}

#[tokio::test]
async fn tabellen_filters_on_code_and_validity() {
    let app = spawn_app().await;
    let (_, one) = get_json(&app, "/api/v1/tabellen?code=TAAL").await;
    assert_eq!(codes(&one), ["TAAL"]);
    let (_, none) = get_json(&app, "/api/v1/tabellen?code=BESTAAT_NIET").await;
    assert_eq!(none["count"], 0);

    let (_, all) = get_json(&app, "/api/v1/tabellen").await;
    let (_, geldig) = get_json(&app, "/api/v1/tabellen?isGeldig=true").await;
    let (_, vervallen) = get_json(&app, "/api/v1/tabellen?isGeldig=false").await;
    assert_eq!(codes(&vervallen), ["COMMUNICATIEKANAAL"]);
    assert_eq!(
        vervallen["results"][0]["einddatumGeldigheid"],
        "2024-01-01T00:00:00Z"
    );
    assert!(!codes(&geldig).contains(&"COMMUNICATIEKANAAL".to_string()));
    assert_eq!(
        geldig["count"].as_u64().unwrap() + vervallen["count"].as_u64().unwrap(),
        all["count"].as_u64().unwrap()
    );
    // Not a boolean: django-filter filters nothing.
    let (_, onzin) = get_json(&app, "/api/v1/tabellen?isGeldig=misschien").await;
    assert_eq!(onzin["count"], all["count"]);
}

#[tokio::test]
async fn items_without_tabel_code_is_a_400_naming_the_parameter() {
    let app = spawn_app().await;
    for path in [
        "/api/v1/items",
        "/api/v1/items?tabel__code=",
        "/api/v1/items?tabelCode=KANAAL",
    ] {
        let r = get(&app, path).await;
        assert_eq!(r.status(), 400, "{path}");
        assert_eq!(r.headers()["API-version"], "0.2.0");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["status"], 400);
        assert_eq!(body["code"], "invalid");
        assert!(body["instance"].as_str().unwrap().starts_with("urn:uuid:"));
        assert!(body["type"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{}/ref/fouten/ValidationError", app.sandbox)));
        assert_eq!(
            body["invalidParams"],
            serde_json::json!([{"name": "tabel__code", "code": "required", "reason": "Dit veld is vereist."}])
        );
    }
}

#[tokio::test]
async fn items_of_kanaal_carry_the_open_klant_fixture_codes_and_validity() {
    let app = spawn_app().await;
    let (status, body) = get_json(&app, "/api/v1/items?tabel__code=KANAAL").await;
    assert_eq!(status, 200);
    let all = codes(&body);
    for c in [
        "email",
        "phone",
        "future_email",
        "expired_phone",
        "no_begin_future_eind",
        "no_dates",
    ] {
        assert!(all.iter().any(|a| a == c), "{c}");
    }
    let phone = body["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "phone")
        .unwrap();
    assert_eq!(phone["begindatumGeldigheid"], "2025-10-25T15:09:07Z");
    assert_eq!(phone["einddatumGeldigheid"], "2029-10-25T15:09:08Z");
    assert!(phone["naam"].is_string());
    assert!(phone
        .as_object()
        .unwrap()
        .contains_key("aanvullendeGegevens"));

    let (_, geldig) = get_json(&app, "/api/v1/items?tabel__code=KANAAL&isGeldig=true").await;
    let (_, ongeldig) = get_json(&app, "/api/v1/items?tabel__code=KANAAL&isGeldig=false").await;
    let geldig = codes(&geldig);
    let ongeldig = codes(&ongeldig);
    assert!(geldig.contains(&"email".into()) && geldig.contains(&"no_dates".into()));
    assert!(
        ongeldig.contains(&"expired_phone".into()) && ongeldig.contains(&"future_email".into())
    );
    assert!(geldig.iter().all(|c| !ongeldig.contains(c)));
    assert_eq!(geldig.len() + ongeldig.len(), all.len());
}

#[tokio::test]
async fn items_of_an_unknown_table_is_an_empty_list() {
    let app = spawn_app().await;
    let (status, body) = get_json(&app, "/api/v1/items?tabel__code=ONBEKEND").await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        serde_json::json!({"count": 0, "next": null, "previous": null, "results": []})
    );
}

#[tokio::test]
async fn items_are_paged_with_absolute_links() {
    let app = spawn_app().await;
    let (_, first) = get_json(&app, "/api/v1/items?tabel__code=LAND").await;
    let count = first["count"].as_u64().unwrap();
    assert!(count >= 249, "LAND has {count} items");
    assert_eq!(first["results"].as_array().unwrap().len(), 100);
    assert!(first["previous"].is_null());
    assert_eq!(
        first["next"],
        format!("{}/api/v1/items?page=2&tabel__code=LAND", app.sandbox)
    );

    // Follow next to the end: every item exactly once.
    let mut seen = codes(&first);
    let mut next = first["next"].as_str().map(str::to_string);
    let mut pages = 1;
    while let Some(url) = next {
        let page: Value = app
            .client
            .get(&url)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(page["previous"].is_string());
        seen.extend(codes(&page));
        next = page["next"].as_str().map(str::to_string);
        pages += 1;
    }
    assert_eq!(pages, count.div_ceil(100));
    assert_eq!(seen.len() as u64, count);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len() as u64, count);

    let (_, big) = get_json(&app, "/api/v1/items?tabel__code=LAND&pageSize=1000").await;
    assert_eq!(
        big["results"].as_array().unwrap().len() as u64,
        count.min(500)
    );
    let (_, small) = get_json(&app, "/api/v1/items?tabel__code=TAAL&pageSize=10&page=2").await;
    assert_eq!(small["results"].as_array().unwrap().len(), 10);
    assert_eq!(
        small["previous"],
        format!("{}/api/v1/items?pageSize=10&tabel__code=TAAL", app.sandbox)
    );
    assert_eq!(
        small["next"],
        format!(
            "{}/api/v1/items?page=3&pageSize=10&tabel__code=TAAL",
            app.sandbox
        )
    );
}

#[tokio::test]
async fn a_page_past_the_end_is_a_404_problem() {
    let app = spawn_app().await;
    for q in ["page=99", "page=0", "page=x"] {
        let r = get(&app, &format!("/api/v1/items?tabel__code=KANAAL&{q}")).await;
        assert_eq!(r.status(), 404, "{q}");
        assert_eq!(r.headers()["API-version"], "0.2.0");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["code"], "not_found");
        assert_eq!(body["detail"], "Ongeldige pagina.");
    }
    let r = get(&app, "/api/v1/tabellen?page=2").await;
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn taal_and_land_carry_dutch_names_and_historic_codes() {
    let app = spawn_app().await;
    let (_, taal) = get_json(&app, "/api/v1/items?tabel__code=TAAL&pageSize=500").await;
    let naam = |body: &Value, code: &str| {
        body["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == code)
            .map(|i| i["naam"].clone())
    };
    assert_eq!(naam(&taal, "nld"), Some("Nederlands".into()));
    assert!(taal["count"].as_u64().unwrap() >= 40);
    let (_, land) = get_json(&app, "/api/v1/items?tabel__code=LAND&pageSize=500").await;
    assert_eq!(naam(&land, "NL"), Some("Nederland".into()));
    assert_eq!(naam(&land, "DE"), Some("Duitsland".into()));
    let an = land["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "AN")
        .expect("withdrawn AN");
    assert!(an["einddatumGeldigheid"].is_string());
    let (_, geldig) = get_json(
        &app,
        "/api/v1/items?tabel__code=LAND&isGeldig=true&pageSize=500",
    )
    .await;
    assert!(!codes(&geldig).contains(&"AN".to_string()));
}

#[tokio::test]
async fn unknown_parameters_are_ignored_and_writes_are_refused() {
    let app = spawn_app().await;
    let (status, body) =
        get_json(&app, "/api/v1/items?tabel__code=KANAAL&ordering=code&foo=1").await;
    assert_eq!(status, 200);
    let (_, plain) = get_json(&app, "/api/v1/items?tabel__code=KANAAL").await;
    assert_eq!(codes(&body), codes(&plain));

    let r = app
        .client
        .post(format!("{}/api/v1/items", app.sandbox))
        .json(&serde_json::json!({"code": "x", "naam": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], "method_not_allowed");
}

#[tokio::test]
async fn requests_are_counted_per_route() {
    let app = spawn_app().await;
    app.reset_stats().await;
    get(&app, "/api/v1/items?tabel__code=TAAL").await;
    get(&app, "/api/v1/tabellen").await;
    let stats = app.stats().await;
    let r = &stats["registers"]["referentielijsten"];
    assert_eq!(r["requests"], 2);
}
