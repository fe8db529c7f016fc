//! Credentials never reach a log line, a response or an error. The binary
//! runs as a child process at log level `trace`, with the Klantinteracties
//! token from a file (`token_file`), the BRP's OAuth2 client secret from a
//! file, the HS256 secret and the Referentielijsten token from environment
//! variables; the test drives it through
//! good, bad and failing requests, then greps everything it logged and
//! answered for each secret. Configuration errors about a secret name the
//! key, never the value; a loaded configuration's `Debug` shows none.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use klantbeeld_gateway::config::{Config, DEFAULT_TOML};
use serde_json::{json, Value};

use crate::helpers::{AUDIENCE, ISSUER};

/// Secrets made for this run, so that no other text can contain them.
struct Secrets {
    ki_token: String,
    /// The BRP's OAuth2 client secret (or, in the Debug test, its token).
    brp_token: String,
    ref_token: String,
    hs256: String,
}

impl Secrets {
    fn new() -> Secrets {
        let s = |what: &str| format!("{what}-{}", uuid::Uuid::new_v4().simple());
        Secrets {
            ki_token: s("kitoken"),
            brp_token: s("brptoken"),
            ref_token: s("reftoken"),
            hs256: s("hs256secret"),
        }
    }

    fn all(&self) -> [&str; 4] {
        [
            &self.ki_token,
            &self.brp_token,
            &self.ref_token,
            &self.hs256,
        ]
    }
}

fn gateway() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_klantbeeld-gateway"));
    // RUST_LOG would override the configured level.
    c.env_remove("RUST_LOG");
    c
}

fn token(secret: &str, roles: &[&str]) -> String {
    let now = jsonwebtoken::get_current_timestamp();
    jsonwebtoken::encode(
        &jsonwebtoken::Header::default(),
        &json!({"iss": ISSUER, "aud": AUDIENCE, "sub": "u", "exp": now + 300, "roles": roles}),
        &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()).unwrap(),
    )
    .unwrap()
}

/// Appends a response's headers and body to `into`; returns the body.
async fn collect(r: reqwest::Response, into: &mut String) -> String {
    into.push_str(&format!("{:?}", r.headers()));
    let body = r.text().await.unwrap();
    into.push_str(&body);
    body
}

/// A field of a JSON log line with `message`.
fn logged(line: &str, message: &str, field: &str) -> Option<String> {
    let v: Value = serde_json::from_str(line).ok()?;
    (v["message"] == message).then(|| v[field].as_str().map(str::to_string))?
}

#[tokio::test]
async fn no_secret_in_any_log_line_or_response() {
    let secrets = Secrets::new();
    let dir = std::env::temp_dir().join(format!("klantbeeld-secrets-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let token_file = dir.join("klantinteracties-token");
    std::fs::write(&token_file, format!("{}\n", secrets.ki_token)).unwrap();
    let brp_secret_file = dir.join("brp-client-secret");
    std::fs::write(&brp_secret_file, &secrets.brp_token).unwrap();

    let mut child = gateway()
        .env("KLANTBEELD__LOG__LEVEL", "trace")
        .env("KLANTBEELD__LOG__FORMAT", "json")
        .env("KLANTBEELD__SERVER__LISTEN", "127.0.0.1:0")
        .env("KLANTBEELD__SANDBOX__LISTEN", "127.0.0.1:0")
        .env("KLANTBEELD__SANDBOX__PARTIJEN", "20")
        .env("KLANTBEELD__SANDBOX__TOKEN", &secrets.ki_token)
        .env("KLANTBEELD__REGISTERS__KLANTINTERACTIES__TOKEN", "")
        .env(
            "KLANTBEELD__REGISTERS__KLANTINTERACTIES__TOKEN_FILE",
            &token_file,
        )
        .env("KLANTBEELD__SANDBOX__BRP_CLIENT_ID", "klantbeeld-gateway")
        .env("KLANTBEELD__SANDBOX__BRP_CLIENT_SECRET", &secrets.brp_token)
        .env("KLANTBEELD__BRP__AUTH__METHOD", "oauth2")
        .env("KLANTBEELD__BRP__AUTH__CLIENT_ID", "klantbeeld-gateway")
        .env(
            "KLANTBEELD__BRP__AUTH__CLIENT_SECRET_FILE",
            &brp_secret_file,
        )
        .env(
            "KLANTBEELD__REGISTERS__REFERENTIELIJSTEN__TOKEN",
            &secrets.ref_token,
        )
        .env("KLANTBEELD__AUTH__MODE", "jwt")
        .env("KLANTBEELD__AUTH__ISSUER", ISSUER)
        .env("KLANTBEELD__AUTH__AUDIENCE", AUDIENCE)
        .env("KLANTBEELD__AUTH__HS256_SECRET", &secrets.hs256)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");

    // Everything the process writes, and its two addresses once logged.
    let log = Arc::new(Mutex::new(String::new()));
    let (found, addresses) = mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    let reader = {
        let log = log.clone();
        std::thread::spawn(move || {
            let (mut gateway, mut sandbox) = (None, None);
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                gateway = gateway.or_else(|| logged(&line, "gateway listening", "graphql"));
                sandbox = sandbox.or_else(|| logged(&line, "sandbox registers listening", "addr"));
                if let (Some(g), Some(s)) = (&gateway, &sandbox) {
                    let _ = found.send((g.clone(), format!("http://{s}")));
                    gateway = None;
                }
                log.lock().unwrap().push_str(&line);
                log.lock().unwrap().push('\n');
            }
        })
    };
    let started = addresses.recv_timeout(Duration::from_secs(60));
    let (graphql, sandbox) = match started {
        Ok(a) => a,
        Err(_) => {
            let _ = child.kill();
            panic!("the gateway did not start: {}", log.lock().unwrap());
        }
    };

    let client = reqwest::Client::new();
    let mut responses = String::new();
    let query = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/queries/c4161-klantbeeld.graphql"
    ))
    .unwrap();
    // The klantbeeld with the person from the BRP (OAuth2 to the sandbox BRP).
    let query = query.replacen(
        "    uuid\n",
        "    uuid\n    persoon { burgerservicenummer naam { volledigeNaam } }\n",
        1,
    );
    let body = json!({ "query": query, "variables": {"nummer": "123454321"} });
    let good = token(&secrets.hs256, &["kcc-medewerker"]);
    let forged = token("a-guessed-secret-of-32-bytes-or-more!!", &[]);
    let send = |auth: Option<String>, body: Value| {
        let mut r = client.post(&graphql).json(&body);
        if let Some(a) = auth {
            r = r.header("Authorization", a);
        }
        r.send()
    };
    let requests = vec![
        (Some(format!("Bearer {good}")), body.clone()),
        (Some(format!("Bearer {forged}")), body.clone()),
        // The secrets themselves as credentials: refused, and not echoed.
        (Some(format!("Bearer {}", secrets.hs256)), body.clone()),
        (Some(format!("Token {}", secrets.ki_token)), body.clone()),
        (None, body.clone()),
        (
            Some(format!("Bearer {good}")),
            json!({ "query": "{ partij(uuid: \"not-a-uuid\") { uuid } }" }),
        ),
    ];
    for (auth, body) in requests {
        collect(send(auth, body).await.unwrap(), &mut responses).await;
    }
    // Upstream failures: every register call fails, and the errors travel
    // into the response and the log.
    for register in ["klantinteracties", "referentielijsten"] {
        client
            .post(format!("{sandbox}/_sandbox/faults"))
            .json(&json!({"register": register, "errorRate": 1.0}))
            .send()
            .await
            .unwrap();
    }
    let answer = send(Some(format!("Bearer {good}")), body.clone())
        .await
        .unwrap();
    let failed = collect(answer, &mut responses).await;
    assert!(failed.contains("UPSTREAM"), "the failure shows: {failed}");

    child.kill().unwrap();
    child.wait().unwrap();
    reader.join().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let log = log.lock().unwrap().clone();

    println!(
        "checked {} log lines ({} bytes) and {} bytes of responses",
        log.lines().count(),
        log.len(),
        responses.len()
    );
    // Fewer than the level suggests: the crates that log the wire stop at
    // info whatever the level (`telemetry::WIRE_CRATES`, tests/api/logs.rs).
    assert!(
        log.lines().count() > 20,
        "trace logging was on: {} lines",
        log.lines().count()
    );
    assert!(responses.contains("\"partijOpNummer\""), "{responses}");
    assert!(
        responses.contains("999990007"),
        "the BRP answered: {responses}"
    );
    for secret in secrets.all() {
        assert!(!log.contains(secret), "a secret is in the log");
        assert!(!responses.contains(secret), "a secret is in a response");
    }
}

#[test]
fn configuration_errors_name_the_key_not_the_value() {
    let short = format!("short-{}", &uuid::Uuid::new_v4().simple().to_string()[..8]);
    let broken = format!("broken\ntoken-{}", uuid::Uuid::new_v4().simple());
    for (var, value, key) in [
        (
            "KLANTBEELD__AUTH__HS256_SECRET",
            short.as_str(),
            "auth.hs256_secret",
        ),
        (
            "KLANTBEELD__REGISTERS__KLANTINTERACTIES__TOKEN_FILE",
            "/nonexistent/token",
            "registers.klantinteracties.token_file",
        ),
    ] {
        let out = gateway().env(var, value).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{var}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(key), "{stderr}");
        if var.ends_with("SECRET") {
            assert!(!stderr.contains(value), "the value is shown: {stderr}");
        }
    }
    // A token that cannot be a header stops the start, naming the register only.
    let out = gateway()
        .env("KLANTBEELD__SERVER__LISTEN", "127.0.0.1:0")
        .env("KLANTBEELD__SANDBOX__LISTEN", "127.0.0.1:0")
        .env("KLANTBEELD__SANDBOX__PARTIJEN", "1")
        .env("KLANTBEELD__REGISTERS__KLANTINTERACTIES__TOKEN", &broken)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(all.contains("registers.klantinteracties.token"), "{all}");
    assert!(!all.contains(broken.lines().last().unwrap()), "{all}");
}

#[test]
fn a_loaded_configuration_shows_no_secret_in_debug() {
    let secrets = Secrets::new();
    let config = Config::from_toml(
        DEFAULT_TOML,
        [
            ("KLANTBEELD__SANDBOX__TOKEN", &secrets.ki_token),
            (
                "KLANTBEELD__REGISTERS__KLANTINTERACTIES__TOKEN",
                &secrets.ki_token,
            ),
            ("KLANTBEELD__REGISTERS__BRP__TOKEN", &secrets.brp_token),
            (
                "KLANTBEELD__REGISTERS__REFERENTIELIJSTEN__TOKEN",
                &secrets.ref_token,
            ),
            ("KLANTBEELD__AUTH__HS256_SECRET", &secrets.hs256),
            ("KLANTBEELD__SANDBOX__BRP_CLIENT_SECRET", &secrets.brp_token),
        ]
        .map(|(k, v)| (k.to_string(), v.clone())),
    )
    .unwrap();
    let debug = format!("{config:?} {config:#?}");
    for secret in secrets.all() {
        assert!(!debug.contains(secret), "{debug}");
    }
    assert_eq!(config.auth.hs256_secret, secrets.hs256.as_str());
    assert!(debug.contains("Secret(redacted)"));
}

#[test]
fn the_production_example_requires_tokens_and_reads_credentials_from_files() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/deploy/config.production.toml"
    ))
    .unwrap();
    let dir = std::env::temp_dir().join(format!("klantbeeld-prod-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = |name: &str, value: &str| {
        let path = dir.join(name);
        std::fs::write(&path, value).unwrap();
        path.to_string_lossy().to_string()
    };
    let vars = [
        (
            "KLANTBEELD__REGISTERS__KLANTINTERACTIES__TOKEN_FILE",
            file("ki", "ki-secret"),
        ),
        (
            "KLANTBEELD__BRP__AUTH__CLIENT_SECRET_FILE",
            file("brp", "brp-secret"),
        ),
        (
            "KLANTBEELD__REGISTERS__REFERENTIELIJSTEN__TOKEN_FILE",
            file("ref", "ref-secret"),
        ),
        (
            "KLANTBEELD__EVENTS__REDIS__PASSWORD_FILE",
            file("redis", "redis-secret"),
        ),
        // The notifications webhook's secret comes from the environment.
        (
            "KLANTBEELD__NOTIFICATIES__AUTH",
            "Bearer notificaties-secret".to_string(),
        ),
    ]
    .map(|(k, v)| (k.to_string(), v));
    let config = Config::from_toml(&text, vars.clone()).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(config.auth.mode, klantbeeld_gateway::config::AuthMode::Jwt);
    assert!(!config.sandbox.enabled);
    assert!(!config.server.graphiql);
    assert_eq!(config.registers.klantinteracties.token, "ki-secret");
    assert!(!config.auth.jwks_url.is_empty());
    assert_eq!(
        config.events.backend,
        klantbeeld_gateway::config::EventsBackend::Redis
    );
    assert_eq!(config.events.redis.password, "redis-secret");
    // Without the token files the example does not start.
    let e = Config::from_toml(&text, []).unwrap_err();
    assert!(e.key.ends_with("token_file"), "{e}");
}
