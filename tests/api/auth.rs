//! Inbound authentication over HTTP: valid HS256, RS256 and ES256 tokens
//! are accepted; every kind of bad token gets the same 401 and costs no
//! register call; the JWKS (served by a small axum server in the test) is
//! fetched again for an unknown `kid`, but not more than once per interval;
//! claim names are configurable; the development profile needs no token.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::routing::get;
use axum::{Json, Router};
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{json, Value};

use crate::helpers::{
    mint_token, require_tokens, spawn_app, spawn_app_with, TestApp, AUDIENCE, HS256_SECRET, ISSUER,
};

const TYPENAME: &str = "{ __typename }";

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/api/fixtures/jwt/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn rsa(name: &str) -> EncodingKey {
    EncodingKey::from_rsa_pem(&fixture(name)).unwrap()
}

fn ec(name: &str) -> EncodingKey {
    EncodingKey::from_ec_pem(&fixture(name)).unwrap()
}

/// The public JWK of a private key, with a `kid`.
fn public_jwk(key: &EncodingKey, alg: Algorithm, kid: &str) -> Value {
    let mut jwk = Jwk::from_encoding_key(key, alg).unwrap();
    jwk.common.key_id = Some(kid.to_string());
    serde_json::to_value(jwk).unwrap()
}

/// Valid claims for the apps of these tests, with `extra` on top.
fn claims(extra: Value) -> Value {
    let now = jsonwebtoken::get_current_timestamp();
    let mut c = json!({"iss": ISSUER, "aud": AUDIENCE, "sub": "u-1", "nbf": now, "exp": now + 300});
    if let (Some(c), Some(e)) = (c.as_object_mut(), extra.as_object()) {
        c.extend(e.clone());
    }
    c
}

fn sign(alg: Algorithm, kid: Option<&str>, key: &EncodingKey, claims: &Value) -> String {
    let mut header = Header::new(alg);
    header.kid = kid.map(str::to_string);
    jsonwebtoken::encode(&header, claims, key).unwrap()
}

/// A JWKS endpoint whose keys a test can change, counting its fetches.
struct JwksServer {
    url: String,
    keys: Arc<Mutex<Vec<Value>>>,
    fetches: Arc<AtomicUsize>,
}

async fn serve_jwks(keys: Vec<Value>) -> JwksServer {
    let keys = Arc::new(Mutex::new(keys));
    let fetches = Arc::new(AtomicUsize::new(0));
    let (k, f) = (keys.clone(), fetches.clone());
    let app = Router::new().route(
        "/.well-known/jwks.json",
        get(move || {
            f.fetch_add(1, Ordering::SeqCst);
            let set = json!({ "keys": k.lock().unwrap().clone() });
            async move { Json(set) }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://{}/.well-known/jwks.json",
        listener.local_addr().unwrap()
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    JwksServer { url, keys, fetches }
}

/// An app that takes HS256 and the JWKS at `jwks`, refreshing at most once
/// per `min_refresh` seconds.
async fn jwt_app(jwks: &JwksServer, min_refresh: u64) -> TestApp {
    let url = jwks.url.clone();
    spawn_app_with(move |c| {
        require_tokens(c);
        c.auth.jwks_url = url;
        c.auth.jwks_min_refresh_seconds = min_refresh;
    })
    .await
}

async fn typename_as(app: &TestApp, token: &str) -> (u16, String) {
    app.post_graphql(Some(token), &json!({ "query": TYPENAME }))
        .await
}

#[tokio::test]
async fn valid_hs256_rs256_and_es256_tokens_are_accepted() {
    let jwks = serve_jwks(vec![
        public_jwk(&rsa("rsa-a.pem"), Algorithm::RS256, "rsa-a"),
        public_jwk(&ec("ec-a.pem"), Algorithm::ES256, "ec-a"),
    ])
    .await;
    let app = jwt_app(&jwks, 30).await;
    let tokens = [
        mint_token(&[], json!({})),
        sign(
            Algorithm::RS256,
            Some("rsa-a"),
            &rsa("rsa-a.pem"),
            &claims(json!({})),
        ),
        sign(
            Algorithm::ES256,
            Some("ec-a"),
            &ec("ec-a.pem"),
            &claims(json!({})),
        ),
    ];
    for token in &tokens {
        let (status, body) = typename_as(&app, token).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(
            serde_json::from_str::<Value>(&body).unwrap()["data"]["__typename"],
            "Query"
        );
    }
    // Keys are cached: three tokens, one fetch.
    assert_eq!(jwks.fetches.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn every_bad_token_gets_the_same_401_and_no_register_call() {
    let jwks = serve_jwks(vec![public_jwk(
        &rsa("rsa-a.pem"),
        Algorithm::RS256,
        "rsa-a",
    )])
    .await;
    let app = jwt_app(&jwks, 30).await;
    let now = jsonwebtoken::get_current_timestamp();
    let hs = EncodingKey::from_secret(HS256_SECRET.as_bytes()).unwrap();
    let rs = rsa("rsa-a.pem");
    let valid = sign(Algorithm::HS256, None, &hs, &claims(json!({})));
    let part = |token: &str, i: usize| token.split('.').nth(i).unwrap().to_string();
    let rs_token = sign(Algorithm::RS256, Some("rsa-a"), &rs, &claims(json!({})));
    let mut bad_signature = valid.clone();
    let last = bad_signature.pop().unwrap();
    bad_signature.push(if last == 'A' { 'B' } else { 'A' });
    // The HS/RS confusion: HMAC keyed with the provider's public key.
    let public_pem = fixture("rsa-a.pub.pem");
    let confusion = sign(
        Algorithm::HS256,
        Some("rsa-a"),
        &EncodingKey::from_secret(&public_pem).unwrap(),
        &claims(json!({})),
    );
    let cases: Vec<(&str, Option<String>)> = vec![
        ("no header", None),
        (
            "expired",
            Some(sign(
                Algorithm::HS256,
                None,
                &hs,
                &claims(json!({"exp": now - 120})),
            )),
        ),
        (
            "not yet valid",
            Some(sign(
                Algorithm::HS256,
                None,
                &hs,
                &claims(json!({"nbf": now + 120})),
            )),
        ),
        (
            "nbf of the wrong type",
            Some(sign(
                Algorithm::HS256,
                None,
                &hs,
                &claims(json!({"nbf": (now + 1_000_000).to_string()})),
            )),
        ),
        (
            "no exp",
            Some(sign(
                Algorithm::HS256,
                None,
                &hs,
                &claims(json!({"exp": null})),
            )),
        ),
        (
            "wrong audience",
            Some(sign(
                Algorithm::HS256,
                None,
                &hs,
                &claims(json!({"aud": "andere-api"})),
            )),
        ),
        (
            "wrong issuer",
            Some(sign(
                Algorithm::HS256,
                None,
                &hs,
                &claims(json!({"iss": "https://evil.example"})),
            )),
        ),
        (
            "no subject",
            Some(sign(
                Algorithm::HS256,
                None,
                &hs,
                &claims(json!({"sub": null})),
            )),
        ),
        (
            // base64url of {"alg":"none","typ":"JWT"}, the valid payload, no signature.
            "alg none",
            Some(format!(
                "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{}.",
                part(&valid, 1)
            )),
        ),
        ("HS/RS confusion", Some(confusion)),
        (
            "RS256 header over an HMAC signature",
            Some(format!(
                "{}.{}.{}",
                part(&rs_token, 0),
                part(&valid, 1),
                part(&valid, 2)
            )),
        ),
        ("bad signature", Some(bad_signature)),
        (
            "unknown kid",
            Some(sign(
                Algorithm::RS256,
                Some("rsa-b"),
                &rsa("rsa-b.pem"),
                &claims(json!({})),
            )),
        ),
        (
            "known kid, other key",
            Some(sign(
                Algorithm::RS256,
                Some("rsa-a"),
                &rsa("rsa-b.pem"),
                &claims(json!({})),
            )),
        ),
        (
            "a key embedded in the header",
            Some({
                let mut header = Header::new(Algorithm::RS256);
                header.jwk =
                    Some(Jwk::from_encoding_key(&rsa("rsa-b.pem"), Algorithm::RS256).unwrap());
                jsonwebtoken::encode(&header, &claims(json!({})), &rsa("rsa-b.pem")).unwrap()
            }),
        ),
        ("garbage", Some("not-a-token".into())),
        ("three garbage parts", Some("a.b.c".into())),
        ("a huge token", Some("x".repeat(20_000))),
    ];
    app.reset_stats().await;
    let mut reference: Option<String> = None;
    for (name, token) in cases {
        let mut request = app.client.post(format!("{}/graphql", app.gateway));
        if let Some(t) = &token {
            request = request.bearer_auth(t);
        }
        let r = request
            .json(&json!({ "query": TYPENAME }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401, "{name}");
        assert_eq!(
            r.headers()["www-authenticate"],
            "Bearer realm=\"klantbeeld\"",
            "{name}"
        );
        let body = r.text().await.unwrap();
        match &reference {
            None => reference = Some(body),
            Some(first) => assert_eq!(&body, first, "{name}: the same body for every refusal"),
        }
    }
    for scheme in ["Basic dXNlcjpwdw==", "Token abc", "Bearer"] {
        let r = app
            .client
            .post(format!("{}/graphql", app.gateway))
            .header("Authorization", scheme)
            .json(&json!({ "query": TYPENAME }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401, "{scheme}");
        assert_eq!(Some(r.text().await.unwrap()), reference, "{scheme}");
    }
    let reference: Value = serde_json::from_str(&reference.unwrap()).unwrap();
    assert_eq!(
        reference["errors"][0]["extensions"]["code"],
        "UNAUTHENTICATED"
    );
    assert_eq!(app.stats().await["totalRequests"], 0);
    // And the valid token still works.
    assert_eq!(typename_as(&app, &valid).await.0, 200);
}

#[tokio::test]
async fn an_unknown_kid_fetches_the_jwks_again_at_most_once_per_interval() {
    let a = public_jwk(&rsa("rsa-a.pem"), Algorithm::RS256, "rsa-a");
    let b = public_jwk(&rsa("rsa-b.pem"), Algorithm::RS256, "rsa-b");
    let token_b = sign(
        Algorithm::RS256,
        Some("rsa-b"),
        &rsa("rsa-b.pem"),
        &claims(json!({})),
    );

    // The provider rotates to key b: the first token with kid rsa-b makes
    // the gateway fetch again and is accepted.
    let jwks = serve_jwks(vec![a.clone()]).await;
    let app = jwt_app(&jwks, 0).await;
    let token_a = sign(
        Algorithm::RS256,
        Some("rsa-a"),
        &rsa("rsa-a.pem"),
        &claims(json!({})),
    );
    assert_eq!(typename_as(&app, &token_a).await.0, 200);
    assert_eq!(jwks.fetches.load(Ordering::SeqCst), 1);
    jwks.keys.lock().unwrap().push(b.clone());
    assert_eq!(typename_as(&app, &token_b).await.0, 200);
    assert_eq!(jwks.fetches.load(Ordering::SeqCst), 2);
    assert_eq!(typename_as(&app, &token_b).await.0, 200);
    assert_eq!(jwks.fetches.load(Ordering::SeqCst), 2, "b is cached now");

    // With a long interval, made-up kids do not make the gateway hammer
    // the provider: one fetch, then none for the interval.
    let jwks = serve_jwks(vec![a]).await;
    let app = jwt_app(&jwks, 3600).await;
    for i in 0..5 {
        let token = sign(
            Algorithm::RS256,
            Some(&format!("made-up-{i}")),
            &rsa("rsa-b.pem"),
            &claims(json!({})),
        );
        assert_eq!(typename_as(&app, &token).await.0, 401);
    }
    assert_eq!(jwks.fetches.load(Ordering::SeqCst), 1);
    jwks.keys.lock().unwrap().push(b);
    assert_eq!(
        typename_as(&app, &token_b).await.0,
        401,
        "not fetched again within the interval"
    );
    assert_eq!(jwks.fetches.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn claim_names_are_configurable_and_reach_into_objects() {
    let app = spawn_app_with(|c| {
        require_tokens(c);
        c.auth.claims.roles = "realm_access.roles".into();
        c.auth.claims.subject = "preferred_username".into();
    })
    .await;
    let introspect = json!({ "query": "{ __schema { queryType { name } } }" });
    // beheerder grants introspectie; only the configured claim counts.
    let nested = mint_token(
        &[],
        json!({"realm_access": {"roles": ["beheerder"]}, "preferred_username": "piet"}),
    );
    let (status, body) = app.post_graphql(Some(&nested), &introspect).await;
    assert_eq!(status, 200);
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        body["data"]["__schema"]["queryType"]["name"], "Query",
        "{body}"
    );
    let top_level = mint_token(&["beheerder"], json!({"preferred_username": "piet"}));
    let (_, body) = app.post_graphql(Some(&top_level), &introspect).await;
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{body}"
    );
    // Without the configured subject claim the token is refused.
    let no_subject = mint_token(&[], json!({"realm_access": {"roles": ["beheerder"]}}));
    assert_eq!(
        app.post_graphql(Some(&no_subject), &introspect).await.0,
        401
    );
    // A roles claim as a space-separated string works too.
    let spaced = mint_token(
        &[],
        json!({"realm_access": {"roles": "partner beheerder"}, "preferred_username": "p"}),
    );
    let (_, body) = app.post_graphql(Some(&spaced), &introspect).await;
    assert!(body.contains("\"Query\""), "{body}");
}

#[tokio::test]
async fn the_development_profile_needs_no_token() {
    let app = spawn_app().await;
    let (status, body) = app
        .post_graphql(
            None,
            &json!({ "query": "{ __schema { queryType { name } } }" }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"Query\""), "{body}");
    // A token, even a bad one, changes nothing in development mode.
    let (status, _) = app
        .post_graphql(Some("garbage"), &json!({ "query": TYPENAME }))
        .await;
    assert_eq!(status, 200);
}
