//! Query limits, rate limiting and CORS. Deep nesting, heavy lists, 1,000
//! aliases, a 1 MB document and a batch of 1,000 operations are each
//! refused with an error naming the limit, and the sandbox counts zero
//! register calls for all of them (each document would reach a register if
//! it ran: they ask for the C4161 persona). The C4161 query itself stays
//! within the defaults.

use serde_json::{json, Value};

use crate::helpers::{mint_token, require_tokens, spawn_app, spawn_app_with};

const PERSONA: &str = r#"partijOpNummer(nummer: "123454321")"#;

/// A selection `levels` deep below the persona: betrokkenen → partij → …
fn deep_query(levels: usize) -> String {
    let mut inner = String::from("uuid");
    for i in 0..levels {
        inner = if (levels - 1 - i).is_multiple_of(2) {
            format!("betrokkenen {{ {inner} }}")
        } else {
            format!("partij {{ {inner} }}")
        };
    }
    format!("{{ {PERSONA} {{ {inner} }} }}")
}

/// The single error of a refused response, as (limit, message).
fn refusal(body: &Value) -> (String, String) {
    let errors = body["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{body}");
    let e = &errors[0];
    assert_eq!(e["extensions"]["code"], "LIMIT_EXCEEDED", "{body}");
    (
        e["extensions"]["limit"].as_str().unwrap().to_string(),
        e["message"].as_str().unwrap().to_string(),
    )
}

#[tokio::test]
async fn oversized_queries_are_refused_naming_the_limit_before_any_register_call() {
    let app = spawn_app().await;
    let post = |body: Value| {
        let app = &app;
        async move {
            let r = app
                .client
                .post(format!("{}/graphql", app.gateway))
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            (status, r.json::<Value>().await.unwrap())
        }
    };
    let fragments: String = (0..20)
        .map(|i| {
            let next = if i < 19 {
                format!("...F{}", i + 1)
            } else {
                "uuid".into()
            };
            let (on, field) = if i % 2 == 0 {
                ("Partij", "betrokkenen")
            } else {
                ("Betrokkene", "partij")
            };
            format!("fragment F{i} on {on} {{ {field} {{ {next} }} }}\n")
        })
        .collect();
    let heavy = format!(
        "{{ {PERSONA} {{ klantcontacten(first: 500) {{ nodes {{ betrokkenen {{ partij {{
            klantcontacten(first: 500) {{ nodes {{ uuid onderwerp }} }} }} }} }} }} }} }}"
    );
    let aliases: String = (0..1000).map(|i| format!("a{i}: __typename ")).collect();
    let aliased_persona: String = (0..40)
        .map(|i| format!("p{i}: {PERSONA} {{ uuid }} "))
        .collect();
    let mid_size = format!("{{ {PERSONA} {{ uuid }} }} #{}", "x".repeat(100_000));
    let megabyte = format!("{{ {PERSONA} {{ uuid }} }} #{}", "x".repeat(1 << 20));

    app.reset_stats().await;
    let cases: Vec<(&str, Value, u16, &str)> = vec![
        (
            "deep nesting (20 levels)",
            json!({ "query": deep_query(20) }),
            200,
            "limits.max_depth",
        ),
        (
            "pathological nesting (5,000 braces)",
            json!({ "query": format!("{}{}", "{ a ".repeat(5000), "}".repeat(5000)) }),
            200,
            "limits.max_depth",
        ),
        (
            "depth through fragments",
            json!({ "query": format!("{{ {PERSONA} {{ ...F0 }} }}\n{fragments}") }),
            200,
            "limits.max_depth",
        ),
        (
            "complexity (first: 500 twice)",
            json!({ "query": heavy }),
            200,
            "limits.max_complexity",
        ),
        (
            "1,000 aliases",
            json!({ "query": format!("{{ {aliases} }}") }),
            200,
            "limits.max_aliases",
        ),
        (
            "40 aliased persona look-ups",
            json!({ "query": format!("{{ {aliased_persona} }}") }),
            200,
            "limits.max_aliases",
        ),
        (
            "a 100 kB document",
            json!({ "query": mid_size }),
            200,
            "limits.max_document_bytes",
        ),
        (
            "a 1 MB document",
            json!({ "query": megabyte }),
            413,
            "limits.max_body_bytes",
        ),
        (
            "a batch of 1,000 operations",
            Value::Array(
                (0..1000)
                    .map(|_| json!({ "query": format!("{{ {PERSONA} {{ uuid }} }}") }))
                    .collect(),
            ),
            400,
            "limits.max_batch",
        ),
    ];
    for (name, body, status, limit) in cases {
        let (got, answer) = post(body).await;
        assert_eq!(got, status, "{name}: {answer}");
        let (named, message) = refusal(&answer);
        assert_eq!(named, limit, "{name}: {message}");
        assert!(answer["data"].is_null(), "{name}: {answer}");
    }
    assert_eq!(app.stats().await["totalRequests"], 0, "no register call");

    // The same kind of request within the limits does reach the register.
    let (status, answer) = post(json!({ "query": deep_query(4) })).await;
    assert_eq!(status, 200, "{answer}");
    assert!(answer["errors"].is_null(), "{answer}");
    assert!(app.stats().await["totalRequests"].as_u64().unwrap() > 0);
}

#[tokio::test]
async fn the_c4161_query_is_within_the_default_limits() {
    let query = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/queries/c4161-klantbeeld.graphql"
    ))
    .unwrap();
    let defaults = klantbeeld_gateway::config::Config::development().limits;
    // The refusal at a limit of 1 tells the query's complexity.
    let app = spawn_app_with(|c| c.limits.max_complexity = 1).await;
    let body = app.graphql(&query, json!({"nummer": "123454321"})).await;
    let (limit, message) = refusal(&body);
    assert_eq!(limit, "limits.max_complexity");
    let complexity: usize = message
        .split_whitespace()
        .find_map(|w| w.trim_end_matches(';').parse().ok())
        .unwrap();
    println!(
        "C4161 query complexity: {complexity} (limit {})",
        defaults.max_complexity
    );
    assert!(
        complexity * 3 <= defaults.max_complexity,
        "{complexity}: keep room for a larger klantbeeld"
    );

    let app = spawn_app().await;
    let body = app.graphql(&query, json!({"nummer": "123454321"})).await;
    assert!(body["errors"].is_null(), "{body}");
    assert_eq!(body["data"]["partijOpNummer"]["nummer"], "123454321");
}

#[tokio::test]
async fn a_principal_over_its_rate_gets_429_with_retry_after() {
    let app = spawn_app_with(|c| {
        require_tokens(c);
        c.rate_limit.per_second = 0.5;
        c.rate_limit.burst = 3;
    })
    .await;
    let piet = mint_token(&[], json!({"sub": "piet"}));
    let body = json!({ "query": "{ __typename }" });
    for _ in 0..3 {
        assert_eq!(app.post_graphql(Some(&piet), &body).await.0, 200);
    }
    let r = app
        .client
        .post(format!("{}/graphql", app.gateway))
        .bearer_auth(&piet)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&retry), "{retry}");
    let answer: Value = r.json().await.unwrap();
    assert_eq!(answer["errors"][0]["extensions"]["code"], "RATE_LIMITED");
    // Another principal has its own bucket.
    let jan = mint_token(&[], json!({"sub": "jan"}));
    assert_eq!(app.post_graphql(Some(&jan), &body).await.0, 200);
}

#[tokio::test]
async fn cors_allows_only_the_configured_origins() {
    let app =
        spawn_app_with(|c| c.cors.allowed_origins = vec!["https://kcc.gemeente.example".into()])
            .await;
    let preflight = |origin: &'static str| {
        app.client
            .request(reqwest::Method::OPTIONS, format!("{}/graphql", app.gateway))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header(
                "Access-Control-Request-Headers",
                "authorization, content-type",
            )
            .send()
    };
    let allowed = preflight("https://kcc.gemeente.example").await.unwrap();
    assert!(allowed.status().is_success());
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://kcc.gemeente.example"
    );
    let allow_headers = allowed.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(allow_headers.contains("authorization"), "{allow_headers}");
    let other = preflight("https://evil.example").await.unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());

    let r = app
        .client
        .post(format!("{}/graphql", app.gateway))
        .header("Origin", "https://kcc.gemeente.example")
        .json(&json!({ "query": "{ __typename }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers()["access-control-allow-origin"],
        "https://kcc.gemeente.example"
    );
}
