//! GraphQL over HTTP (the GraphQL Foundation's draft), rule by rule, over
//! HTTP against the whole application, for each response media type:
//! content negotiation on `Accept`, the status codes and the `data` entry
//! per media type, GET for queries only, POST only as `application/json`,
//! malformed requests answered with a GraphQL error naming what is wrong,
//! batching as configured, and error bodies bounded in size.

use reqwest::header::{HeaderMap, ACCEPT, CONTENT_TYPE};
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{mint_token, require_tokens, spawn_app, spawn_app_with, TestApp};

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";
const JSON: &str = "application/json";
const PERSONA: &str = r#"{ partijOpNummer(nummer: "123454321") { nummer } }"#;

/// One answer: status, headers and body (JSON when it is JSON).
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    /// The media type of `Content-Type`, without parameters.
    pub fn media(&self) -> String {
        self.headers
            .get(CONTENT_TYPE)
            .map(|v| {
                v.to_str()
                    .unwrap()
                    .split(';')
                    .next()
                    .unwrap()
                    .trim()
                    .to_string()
            })
            .unwrap_or_default()
    }

    /// The first error's code and message.
    pub fn error(&self) -> (String, String) {
        let body = self.json();
        let e = &body["errors"][0];
        (
            e["extensions"]["code"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            e["message"].as_str().unwrap_or_default().to_string(),
        )
    }
}

/// Sends a request to `/graphql` with these headers and body.
pub async fn send(
    app: &TestApp,
    method: Method,
    query_string: &str,
    headers: &[(&str, &str)],
    body: Option<String>,
) -> Answer {
    let mut url = format!("{}/graphql", app.gateway);
    if !query_string.is_empty() {
        url = format!("{url}?{query_string}");
    }
    let mut request = app.client.request(method, url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    if let Some(body) = body {
        request = request.body(body);
    }
    let r = request.send().await.expect("gateway answers");
    Answer {
        status: r.status().as_u16(),
        headers: r.headers().clone(),
        text: r.text().await.unwrap(),
    }
}

/// A JSON POST accepting `accept`.
pub async fn post_json(app: &TestApp, accept: &str, body: Value) -> Answer {
    send(
        app,
        Method::POST,
        "",
        &[("content-type", JSON), ("accept", accept)],
        Some(body.to_string()),
    )
    .await
}

/// A GET with these parameters, accepting `accept`.
async fn get(app: &TestApp, accept: &str, params: &[(&str, &str)]) -> Answer {
    let qs = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish();
    send(app, Method::GET, &qs, &[("accept", accept)], None).await
}

/// The writes the sandbox Klantinteracties has served (POST, PUT, PATCH,
/// DELETE) since start.
pub async fn writes(app: &TestApp) -> u64 {
    let stats = app.stats().await;
    stats["registers"]["klantinteracties"]["byRoute"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(route, _)| {
            matches!(
                route.split(' ').next(),
                Some("POST" | "PUT" | "PATCH" | "DELETE")
            )
        })
        .map(|(_, n)| n.as_u64().unwrap())
        .sum()
}

/// The persona's partij uuid, asked as the holder of `token` (the
/// development principal when `None`).
pub async fn persona_uuid(app: &TestApp, token: Option<&str>) -> String {
    let query = r#"{ partijOpNummer(nummer: "123454321") { uuid } }"#;
    let body = match token {
        Some(token) => app.graphql_as(token, query, json!({})).await,
        None => app.graphql(query, json!({})).await,
    };
    body["data"]["partijOpNummer"]["uuid"]
        .as_str()
        .unwrap_or_else(|| panic!("the persona: {body}"))
        .to_string()
}

/// A mutation that writes a klantcontact of `partij`.
pub fn mutation_for(partij: &str) -> String {
    format!(
        r#"mutation Schrijf {{ registreerKlantcontact(input: {{partij: "{partij}", kanaal: "telefoon", onderwerp: "csrf", inhoud: "niet schrijven"}}) {{ uuid }} }}"#
    )
}

/// A mutation that writes a klantcontact of the persona.
pub async fn write_mutation(app: &TestApp) -> String {
    mutation_for(&persona_uuid(app, None).await)
}

/// Asserts that `answer` is the persona's partij, run.
#[track_caller]
pub fn assert_persona(answer: &Answer) {
    let body = answer.json();
    assert_eq!(
        body["data"]["partijOpNummer"]["nummer"], "123454321",
        "{}",
        answer.text
    );
}

#[tokio::test]
async fn the_answer_has_the_media_type_the_client_accepts_best() {
    let app = spawn_app().await;
    let body = json!({ "query": PERSONA });
    for (accept, media) in [
        ("application/json", JSON),
        ("*/*", JSON),
        ("", JSON),
        ("application/*", JSON),
        ("text/html,application/xhtml+xml,*/*;q=0.8", JSON),
        ("application/graphql-response+json", GRAPHQL_RESPONSE),
        (
            "application/graphql-response+json; charset=utf-8, application/json; charset=utf-8",
            GRAPHQL_RESPONSE,
        ),
        (
            "application/json, application/graphql-response+json",
            GRAPHQL_RESPONSE,
        ),
        (
            "application/graphql-response+json;q=0.5, application/json",
            JSON,
        ),
        (
            "application/json;q=0.1, application/graphql-response+json;q=0.2",
            GRAPHQL_RESPONSE,
        ),
        ("application/json;q=0, */*", GRAPHQL_RESPONSE),
    ] {
        let a = post_json(&app, accept, body.clone()).await;
        assert_eq!(a.status, 200, "{accept}: {}", a.text);
        assert_eq!(a.media(), media, "Accept: {accept}");
        assert_eq!(
            a.headers[CONTENT_TYPE].to_str().unwrap(),
            format!("{media}; charset=utf-8")
        );
        assert_persona(&a);
        assert_eq!(a.headers["cache-control"], "private, no-store");
    }
    // No Accept header at all (reqwest sends none unless told).
    let none = send(
        &app,
        Method::POST,
        "",
        &[("content-type", JSON)],
        Some(body.to_string()),
    )
    .await;
    assert_eq!(none.media(), JSON);
    // Neither type accepted: 406, before anything runs.
    app.reset_stats().await;
    for accept in [
        "text/html",
        "application/xml, text/*",
        "application/json;q=0",
        "application/json; charset=latin1",
    ] {
        let a = post_json(&app, accept, body.clone()).await;
        assert_eq!(a.status, 406, "{accept}");
        let (code, message) = a.error();
        assert_eq!(code, "NOT_ACCEPTABLE");
        assert!(
            message.contains(GRAPHQL_RESPONSE) && message.contains(JSON),
            "{message}"
        );
    }
    assert_eq!(app.stats().await["totalRequests"], 0, "nothing ran");
}

#[tokio::test]
async fn request_errors_have_no_data_and_their_status_follows_the_media_type() {
    let app = spawn_app().await;
    let cases = [
        (
            "document does not parse",
            json!({"query": "{ partijOpNummer("}),
        ),
        (
            "document does not validate",
            json!({"query": "{ nietBestaand }"}),
        ),
        (
            "variables do not coerce",
            json!({"query": "query($n: String!) { partijOpNummer(nummer: $n) { nummer } }", "variables": {"n": 5}}),
        ),
        (
            "a required variable is missing",
            json!({"query": "query($n: String!) { partijOpNummer(nummer: $n) { nummer } }"}),
        ),
        (
            "a required variable is null",
            json!({"query": "query($n: String!) { partijOpNummer(nummer: $n) { nummer } }", "variables": {"n": null}}),
        ),
        (
            "operation cannot be determined",
            json!({"query": "query A { __typename } query B { __typename }"}),
        ),
        (
            "unknown operation name",
            json!({"query": "query A { __typename }", "operationName": "B"}),
        ),
    ];
    for (case, body) in &cases {
        for (accept, status) in [(GRAPHQL_RESPONSE, 400), (JSON, 200)] {
            let a = post_json(&app, accept, body.clone()).await;
            assert_eq!(a.status, status, "{case}, {accept}: {}", a.text);
            assert_eq!(a.media(), accept, "{case}");
            let answer = a.json();
            assert!(
                answer.get("data").is_none(),
                "{case}, {accept}: no data entry: {answer}"
            );
            assert!(!answer["errors"].as_array().unwrap().is_empty(), "{case}");
        }
    }
    // A limit's refusal is a request error too.
    let aliases: String = (0..31).map(|i| format!("a{i}: __typename ")).collect();
    let a = post_json(
        &app,
        GRAPHQL_RESPONSE,
        json!({"query": format!("{{ {aliases} }}")}),
    )
    .await;
    assert_eq!(a.status, 400, "{}", a.text);
    assert_eq!(a.error().0, "LIMIT_EXCEEDED");
    assert!(a.json().get("data").is_none());
}

#[tokio::test]
async fn field_errors_are_200_with_data_for_both_media_types() {
    let app = spawn_app().await;
    for accept in [GRAPHQL_RESPONSE, JSON] {
        // A nullable field fails: data without it.
        let a = post_json(
            &app,
            accept,
            json!({"query": r#"{ partij(uuid: "geen-uuid") { nummer } n: __typename }"#}),
        )
        .await;
        assert_eq!(a.status, 200, "{accept}: {}", a.text);
        let body = a.json();
        assert_eq!(body["data"]["n"], "Query");
        assert!(body["data"]["partij"].is_null());
        assert_eq!(body["errors"][0]["path"], json!(["partij"]));
        // A non-null field fails: data is null, but present (it ran).
        let a = post_json(
            &app,
            accept,
            json!({"query": r#"{ personen(bsns: ["123"]) { burgerservicenummer } }"#}),
        )
        .await;
        assert_eq!(a.status, 200, "{accept}: {}", a.text);
        let body = a.json();
        assert!(body.get("data").is_some_and(Value::is_null), "{body}");
        assert_eq!(body["errors"][0]["path"], json!(["personen"]));
    }
}

#[tokio::test]
async fn get_runs_queries_and_refuses_mutations_with_405() {
    let app = spawn_app().await;
    for accept in [GRAPHQL_RESPONSE, JSON] {
        let a = get(
            &app,
            accept,
            &[
                (
                    "query",
                    "query($n: String!) { partijOpNummer(nummer: $n) { nummer } }",
                ),
                ("variables", r#"{"n": "123454321"}"#),
                ("operationName", ""),
            ],
        )
        .await;
        assert_eq!((a.status, a.media().as_str()), (200, accept), "{}", a.text);
        assert_persona(&a);
        assert_eq!(a.headers["cache-control"], "private, no-store");
    }
    let mutation = write_mutation(&app).await;
    let before = writes(&app).await;
    for accept in [GRAPHQL_RESPONSE, JSON] {
        for params in [
            vec![("query", mutation.as_str())],
            vec![("query", mutation.as_str()), ("operationName", "Schrijf")],
        ] {
            let a = get(&app, accept, &params).await;
            assert_eq!(a.status, 405, "{}", a.text);
            assert_eq!(a.headers["allow"], "POST");
            assert_eq!(a.media(), accept);
            let (code, message) = a.error();
            assert_eq!(code, "METHOD_NOT_ALLOWED");
            assert!(message.contains("POST"), "{message}");
        }
    }
    // A document with a query and a mutation: GET may run the query.
    let both = format!("query Lees {{ __typename }} {mutation}");
    let a = get(&app, JSON, &[("query", &both), ("operationName", "Lees")]).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json()["data"]["__typename"], "Query");
    let a = get(
        &app,
        JSON,
        &[("query", &both), ("operationName", "Schrijf")],
    )
    .await;
    assert_eq!(a.status, 405, "{}", a.text);
    assert_eq!(writes(&app).await, before, "no GET wrote anything");
    // The same mutation as a JSON POST does write: the count can move.
    let a = post_json(&app, JSON, json!({"query": mutation})).await;
    assert!(a.json().get("errors").is_none(), "{}", a.text);
    assert!(writes(&app).await > before);
}

#[tokio::test]
async fn a_post_must_be_application_json() {
    let app = spawn_app().await;
    let mutation = write_mutation(&app).await;
    let body = json!({ "query": mutation }).to_string();
    let before = writes(&app).await;
    for (content_type, named) in [
        ("text/plain", "text/plain"),
        ("text/plain;charset=UTF-8", "text/plain;charset=UTF-8"),
        (
            "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded",
        ),
        ("multipart/form-data; boundary=x", "multipart/form-data"),
        ("application/graphql", "application/graphql"),
        ("application/json; charset=iso-8859-1", "only UTF-8"),
    ] {
        for accept in [GRAPHQL_RESPONSE, JSON] {
            let a = send(
                &app,
                Method::POST,
                "",
                &[("content-type", content_type), ("accept", accept)],
                Some(body.clone()),
            )
            .await;
            assert_eq!(a.status, 415, "{content_type}: {}", a.text);
            assert_eq!(a.media(), accept);
            let (code, message) = a.error();
            assert_eq!(code, "UNSUPPORTED_MEDIA_TYPE");
            assert!(message.contains(named), "{message}");
            assert!(message.contains("application/json"), "{message}");
        }
    }
    let none = send(&app, Method::POST, "", &[], Some(body.clone())).await;
    assert_eq!(none.status, 415);
    assert!(none.error().1.contains("no Content-Type"), "{}", none.text);
    assert_eq!(writes(&app).await, before, "nothing was written");
    // Other methods are not GraphQL requests.
    let put = send(&app, Method::PUT, "", &[("content-type", JSON)], Some(body)).await;
    assert_eq!(put.status, 405);
    assert_eq!(put.error().0, "METHOD_NOT_ALLOWED");
    assert_eq!(put.headers["allow"], "GET, POST");
}

#[tokio::test]
async fn malformed_requests_get_400_with_a_graphql_error_naming_the_problem() {
    let app = spawn_app().await;
    let cases: [(&str, &str); 10] = [
        (
            "{\"query\": ",
            "not valid JSON: EOF while parsing a value at line 1 column 10",
        ),
        (
            "NONSENSE",
            "not valid JSON: expected value at line 1 column 1",
        ),
        ("\"{ __typename }\"", "the request body is a string"),
        (r#"{"qeury": "{ __typename }"}"#, "has no query"),
        (r#"{"query": 5}"#, "query must be a string, not a number"),
        (
            r#"{"query": ["{ __typename }"]}"#,
            "query must be a string, not an array",
        ),
        (
            r#"{"query": "{ __typename }", "variables": [7]}"#,
            "variables must be a JSON object",
        ),
        (
            r#"{"query": "{ __typename }", "variables": "{}"}"#,
            "variables must be a JSON object (or null), not a string",
        ),
        (
            r#"{"query": "{ __typename }", "extensions": 1}"#,
            "extensions must be a JSON object",
        ),
        (
            r#"{"query": "{ __typename }", "operationName": {}}"#,
            "operationName must be a string",
        ),
    ];
    for (body, says) in cases {
        for accept in [GRAPHQL_RESPONSE, JSON] {
            let a = send(
                &app,
                Method::POST,
                "",
                &[("content-type", JSON), ("accept", accept)],
                Some(body.into()),
            )
            .await;
            assert_eq!(a.status, 400, "{body}: {}", a.text);
            assert_eq!(a.media(), accept, "{body}");
            let answer = a.json();
            assert!(answer.get("data").is_none(), "{answer}");
            let (code, message) = a.error();
            assert_eq!(code, "BAD_REQUEST", "{body}");
            assert!(message.contains(says), "{body}: {message}");
            assert!(
                !a.text.contains("Error(") && !a.text.contains("InvalidRequest"),
                "{}",
                a.text
            );
        }
    }
    for (params, says) in [
        (vec![("variables", "{}")], "has no query"),
        (
            vec![("query", "{ __typename }"), ("variables", "{")],
            "variables is not valid JSON",
        ),
        (
            vec![("query", "{ __typename }"), ("extensions", "[]")],
            "extensions must be a JSON object",
        ),
        (
            vec![("query", "{ a }"), ("query", "{ b }")],
            "query is given more than once",
        ),
    ] {
        let a = get(&app, GRAPHQL_RESPONSE, &params).await;
        assert_eq!(a.status, 400, "{params:?}: {}", a.text);
        assert!(a.error().1.contains(says), "{}", a.text);
    }
}

#[tokio::test]
async fn batches_run_as_configured() {
    let app = spawn_app_with(|c| c.limits.max_batch = 2).await;
    let two = json!([{"query": PERSONA}, {"query": "{ nietBestaand }"}]);
    for accept in [GRAPHQL_RESPONSE, JSON] {
        let a = post_json(&app, accept, two.clone()).await;
        assert_eq!(a.status, 200, "{}", a.text);
        let answers = a.json();
        assert_eq!(answers[0]["data"]["partijOpNummer"]["nummer"], "123454321");
        assert!(answers[1].get("data").is_none(), "{answers}");
        assert!(answers[1]["errors"][0]["message"].is_string());
    }
    // Every operation refused before running: 400 with graphql-response+json.
    let refused = json!([{"query": "{ a }"}, {"query": "{ b }"}]);
    assert_eq!(
        post_json(&app, GRAPHQL_RESPONSE, refused.clone())
            .await
            .status,
        400
    );
    assert_eq!(post_json(&app, JSON, refused).await.status, 200);
    let three = json!([{"query": PERSONA}, {"query": PERSONA}, {"query": PERSONA}]);
    let a = post_json(&app, GRAPHQL_RESPONSE, three).await;
    assert_eq!(a.status, 400);
    assert_eq!(a.media(), GRAPHQL_RESPONSE);
    assert_eq!(a.error().0, "LIMIT_EXCEEDED");
    for (body, says) in [
        ("[]", "empty batch"),
        (r#"[{"query": "{ a }"}, 1]"#, "batch item 1 is a number"),
        (
            r#"[{"query": "{ a }"}, {}]"#,
            "batch item 1: the request has no query",
        ),
    ] {
        let a = send(
            &app,
            Method::POST,
            "",
            &[("content-type", JSON)],
            Some(body.into()),
        )
        .await;
        assert_eq!(a.status, 400, "{body}");
        assert!(a.error().1.contains(says), "{}", a.text);
    }
}

#[tokio::test]
async fn error_bodies_are_bounded() {
    let app = spawn_app().await;
    // 1,700 repeated directives: one error each, without a bound.
    for directive in [" @skip(if: false)", " @x"] {
        let query = format!("query Q{} {{ __typename }}", directive.repeat(1700));
        for accept in [GRAPHQL_RESPONSE, JSON] {
            let a = post_json(&app, accept, json!({ "query": query })).await;
            assert!(
                a.text.len() < 16 * 1024,
                "{directive}: {} bytes",
                a.text.len()
            );
            let errors = a.json()["errors"].as_array().unwrap().clone();
            assert_eq!(errors.len(), 50, "{directive}");
            let last = errors.last().unwrap();
            assert_eq!(last["extensions"]["code"], "TOO_MANY_ERRORS");
            let left_out = last["extensions"]["leftOut"].as_u64().unwrap();
            assert!(left_out >= 1700 - 49, "{last}");
            assert!(last["message"]
                .as_str()
                .unwrap()
                .contains(&format!("{left_out} more errors left out")));
        }
    }
    // A long name quoted in a message is cut short.
    let long = "x".repeat(20_000);
    let a = post_json(&app, JSON, json!({ "query": format!("{{ {long} }}") })).await;
    let (_, message) = a.error();
    assert!(
        message.len() <= 1_003 && message.ends_with('…'),
        "{} bytes",
        message.len()
    );
}

#[tokio::test]
async fn suggestions_only_for_callers_who_may_introspect() {
    let app = spawn_app_with(require_tokens).await;
    let typo = json!({"query": r#"{ partijOpNumer(nummer: "1") { nummer } }"#});
    let medewerker = mint_token(&["kcc-medewerker"], json!({}));
    let beheerder = mint_token(&["beheerder"], json!({}));
    let (status, text) = app.post_graphql(Some(&medewerker), &typo).await;
    assert_eq!(status, 200);
    assert!(text.contains("Unknown field"), "{text}");
    assert!(!text.contains("Did you mean"), "{text}");
    let (_, text) = app.post_graphql(Some(&beheerder), &typo).await;
    assert!(
        text.contains("Did you mean \\\"partijOpNummer\\\"?"),
        "{text}"
    );
    // The same over SSE, which picks its schema by the principal too.
    let sse = app
        .client
        .post(format!("{}/graphql/sse", app.gateway))
        .bearer_auth(&medewerker)
        .json(&typo)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        sse.contains("Unknown field") && !sse.contains("Did you mean"),
        "{sse}"
    );
}

#[tokio::test]
async fn refusals_in_front_of_the_endpoint_are_graphql_errors_in_the_chosen_type() {
    let app = spawn_app_with(|c| {
        require_tokens(c);
        c.limits.max_body_bytes = 1_000;
    })
    .await;
    let body = json!({ "query": PERSONA });
    let a = post_json(&app, GRAPHQL_RESPONSE, body).await;
    assert_eq!(a.status, 401);
    assert_eq!(a.media(), GRAPHQL_RESPONSE);
    assert_eq!(a.error().0, "UNAUTHENTICATED");
    let token = mint_token(&["kcc-medewerker"], json!({}));
    let big = json!({ "query": format!("{{ __typename }} # {}", "x".repeat(2_000)) }).to_string();
    let bearer = format!("Bearer {token}");
    let a = send(
        &app,
        Method::POST,
        "",
        &[
            ("content-type", JSON),
            ("accept", GRAPHQL_RESPONSE),
            ("authorization", &bearer),
        ],
        Some(big),
    )
    .await;
    assert_eq!(a.status, 413);
    assert_eq!(a.media(), GRAPHQL_RESPONSE);
    assert_eq!(a.error().0, "LIMIT_EXCEEDED");
}

#[tokio::test]
async fn a_json_post_without_accept_headers_still_works_for_old_clients() {
    // What curl, old Apollo clients and the README's example send.
    let app = spawn_app().await;
    let a = send(
        &app,
        Method::POST,
        "",
        &[
            ("content-type", "application/json"),
            (ACCEPT.as_str(), "*/*"),
        ],
        Some(json!({ "query": PERSONA }).to_string()),
    )
    .await;
    assert_eq!((a.status, a.media().as_str()), (200, JSON));
}

#[tokio::test]
async fn error_bodies_are_bounded_on_the_streaming_transports_too() {
    use crate::subscriptions::client::{Sse, Ws, TRANSPORT_WS};
    let app = spawn_app().await;
    let query = format!("subscription Q{} {{ __typename }}", " @x".repeat(1700));
    let mut ws = Ws::connect(&app, TRANSPORT_WS).await;
    ws.subscribe("1", &query, json!({})).await;
    let result = ws.next_of("1").await;
    let errors = result["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 50, "{result}");
    assert_eq!(errors[49]["extensions"]["code"], "TOO_MANY_ERRORS");
    let mut sse = Sse::start(&app, &query, json!({})).await;
    let result = sse.next_result().await;
    assert_eq!(result["errors"].as_array().unwrap().len(), 50, "{result}");
}
