//! What one request may make the registers do (issue 16, hole 3): the
//! confidentiality flags a guard needs come in one call per request, not
//! one per object; aliases of the same field with the same arguments share
//! one load; each operation of a batch counts for the rate limit. Counted
//! through the sandbox's `/_sandbox/stats`.

use serde_json::{json, Value};

use crate::helpers::{mint_token, require_tokens, spawn_app_with, TestApp};
use crate::ki_client::{klantcontact_body, Ki};

async fn total_calls(app: &TestApp) -> u64 {
    app.stats().await["totalRequests"].as_u64().unwrap()
}

/// `n` copies of `field` under aliases `a0`, `a1`, ….
fn aliases(n: usize, field: &str) -> String {
    let fields: Vec<String> = (0..n).map(|i| format!("a{i}: {field}")).collect();
    format!("query($a: ID!) {{ {} }}", fields.join(" "))
}

#[tokio::test]
async fn a_work_list_costs_one_flags_call_however_many_taken_and_aliases() {
    let app = spawn_app_with(require_tokens).await;
    let ki = Ki::new(&app);
    let partij = ki.partij().await;
    let actor = ki.medewerker("Medewerker Werklijst").await;
    // 30 taken, each from a klantcontact of its own; every third vertrouwelijk.
    let mut open = Vec::new();
    let mut geheim = Vec::new();
    for i in 0..30 {
        let vertrouwelijk = i % 3 == 0;
        let mut k = klantcontact_body();
        k["vertrouwelijk"] = json!(vertrouwelijk);
        let made = ki
            .post(
                "/maak-klantcontact",
                json!({"klantcontact": k,
                       "betrokkene": {"wasPartij": {"uuid": partij}, "rol": "klant", "initiator": true}}),
            )
            .await
            .expect(201);
        let k = made["klantcontact"]["uuid"].as_str().unwrap().to_string();
        let taak = ki.interne_taak(&k, &actor).await;
        if vertrouwelijk {
            geheim.push(taak);
        } else {
            open.push(taak);
        }
    }
    let query = aliases(30, "interneTaken(actor: $a, first: 100) { nodes { uuid } }");
    let mut calls = Vec::new();
    for roles in [
        &["kcc-medewerker"][..],
        &["kcc-medewerker", "kcc-vertrouwelijk"],
    ] {
        app.reset_stats().await;
        let body = app
            .graphql_as(&mint_token(roles, json!({})), &query, json!({"a": actor}))
            .await;
        assert!(body.get("errors").is_none(), "{body}");
        let seen: Vec<&str> = body["data"]["a29"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["uuid"].as_str().unwrap())
            .collect();
        let expected = if roles.len() == 1 { 20 } else { 30 };
        assert_eq!(seen.len(), expected, "{roles:?}: {body}");
        assert!(open.iter().all(|t| seen.contains(&t.as_str())));
        if roles.len() == 1 {
            assert!(geheim.iter().all(|t| !seen.contains(&t.as_str())));
        }
        let n = total_calls(&app).await;
        eprintln!("hole 3, 30 aliases of interneTaken(first: 100), {roles:?}: {n} register calls");
        calls.push(n);
    }
    // One page of the actor's taken, and for the caller without
    // vertrouwelijk-lezen one list of the flags.
    assert_eq!(
        calls,
        [2, 1],
        "register calls without and with vertrouwelijk-lezen"
    );
}

#[tokio::test]
async fn the_flags_lookup_counts_in_the_complexity() {
    // The complexity the refusal reports for one work list of one taak:
    // the page (1 + 1 × its selection), the field, and the flags call.
    let app = spawn_app_with(|c| c.limits.max_complexity = 1).await;
    let body = app
        .graphql(
            "query($a: ID!) { interneTaken(actor: $a, first: 1) { nodes { uuid } } }",
            json!({"a": uuid::Uuid::nil()}),
        )
        .await;
    let message = body["errors"][0]["message"].as_str().unwrap().to_string();
    eprintln!("hole 3, complexity of interneTaken(first: 1) {{ nodes {{ uuid }} }}: {message}");
    assert_eq!(
        body["errors"][0]["extensions"]["limit"],
        "limits.max_complexity"
    );
    assert!(
        message.starts_with("the query's complexity is 4;"),
        "{message}"
    );
}

#[tokio::test]
async fn aliases_of_the_same_lookup_share_one_load() {
    let app = spawn_app_with(|_| {}).await;
    let query = aliases(30, r#"partijOpNummer(nummer: "123454321") { nummer naam }"#)
        .replace("query($a: ID!)", "query");
    app.reset_stats().await;
    let body = app.graphql(&query, json!({})).await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(body["data"]["a29"]["nummer"], "123454321");
    let n = total_calls(&app).await;
    eprintln!("hole 3, 30 aliases of partijOpNummer: {n} register calls");
    assert_eq!(n, 1);
    // Other arguments are another load.
    app.reset_stats().await;
    let body = app
        .graphql(
            r#"{ a: partijOpNummer(nummer: "123454321") { nummer }
                 b: partijOpNummer(nummer: "123454322") { nummer } }"#,
            json!({}),
        )
        .await;
    assert_eq!(body["data"]["a"]["nummer"], "123454321", "{body}");
    assert_eq!(total_calls(&app).await, 2);
}

#[tokio::test]
async fn each_operation_of_a_batch_takes_a_token() {
    let app = spawn_app_with(|c| {
        require_tokens(c);
        c.rate_limit.per_second = 0.01;
        c.rate_limit.burst = 5;
    })
    .await;
    let op = json!({ "query": "{ __typename }" });
    let batch = |n: usize| Value::Array(vec![op.clone(); n]);
    // Five operations in one batch: the whole burst.
    let piet = mint_token(&[], json!({"sub": "piet"}));
    let (status, text) = app.post_graphql(Some(&piet), &batch(5)).await;
    assert_eq!(status, 200, "{text}");
    let (status, text) = app.post_graphql(Some(&piet), &op).await;
    eprintln!("hole 3, a request after a batch of 5 with burst 5: {status}");
    assert_eq!(status, 429, "{text}");
    // A batch larger than what is left is refused whole.
    let jan = mint_token(&[], json!({"sub": "jan"}));
    let (status, text) = app.post_graphql(Some(&jan), &batch(6)).await;
    assert_eq!(status, 429, "{text}");
    assert!(text.contains("RATE_LIMITED"), "{text}");
    // Beyond the request's own token, what was refused took nothing.
    for _ in 0..4 {
        assert_eq!(app.post_graphql(Some(&jan), &op).await.0, 200);
    }
}

#[tokio::test]
async fn one_registration_writes_a_bounded_number_of_digitale_adressen() {
    // Each digitaal adres of registreerKlantcontact is a POST of its own:
    // without a bound, one request of 200 addresses made 200 writes.
    let app = crate::helpers::spawn_app().await;
    let partij = Ki::new(&app).partij().await;
    let adressen: Vec<Value> = (0..200)
        .map(|i| json!({"soort": "TELEFOONNUMMER", "adres": format!("06{:08}", i)}))
        .collect();
    app.reset_stats().await;
    let body = app
        .graphql(
            "mutation($input: RegistreerKlantcontactInput!) { registreerKlantcontact(input: $input) { uuid } }",
            json!({"input": {"partij": partij, "kanaal": "telefoon", "onderwerp": "Veel nummers",
                             "betrokkene": {"digitaleAdressen": adressen}}}),
        )
        .await;
    let calls = total_calls(&app).await;
    eprintln!("200 digitale adressen in one registration: {calls} register calls: {body}");
    assert_eq!(calls, 0, "refused before any register call: {body}");
    let e = &body["errors"][0];
    assert_eq!(e["extensions"]["code"], "BAD_USER_INPUT", "{body}");
    assert_eq!(
        e["extensions"]["field"], "input.betrokkene.digitaleAdressen",
        "{body}"
    );
}

#[tokio::test]
async fn a_taak_is_assigned_to_a_bounded_number_of_actors() {
    // Every reading of a taak's toegewezenAan loads each actor: the
    // gateway writes no taak with more than 20.
    let app = crate::helpers::spawn_app().await;
    let ki = Ki::new(&app);
    let klantcontact = ki.klantcontact().await;
    let actor = ki.medewerker("Medewerker Veel").await;
    let actoren: Vec<String> = (0..21)
        .map(|i| format!("{:08x}-0000-4000-8000-000000000000", i))
        .collect();
    app.reset_stats().await;
    let body = app
        .graphql(
            "mutation($input: MaakInterneTaakInput!) { maakInterneTaak(input: $input) { uuid } }",
            json!({"input": {"klantcontact": klantcontact, "gevraagdeHandeling": "Terugbellen",
                             "actoren": actoren}}),
        )
        .await;
    assert_eq!(
        total_calls(&app).await,
        0,
        "refused before any register call: {body}"
    );
    let e = &body["errors"][0];
    assert_eq!(e["extensions"]["code"], "BAD_USER_INPUT", "{body}");
    assert_eq!(e["extensions"]["field"], "input.actoren", "{body}");
    // One is written.
    let body = app
        .graphql(
            "mutation($input: MaakInterneTaakInput!) { maakInterneTaak(input: $input) { uuid } }",
            json!({"input": {"klantcontact": klantcontact, "gevraagdeHandeling": "Terugbellen",
                             "actoren": [actor]}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
}
