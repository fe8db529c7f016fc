//! Operations (issue 7): `/readyz`, `/metrics`, request ids and the W3C
//! trace passed to the registers, a graceful shut-down that loses no
//! request in flight, and Kubernetes manifests that match the configuration.

use std::collections::HashSet;

use klantbeeld_gateway::config::{Config, DEFAULT_TOML};
use serde_json::{json, Value};
use yaml_rust2::YamlLoader;

use crate::helpers::{spawn_app, spawn_app_with, TestApp};

const C4161: &str = include_str!("../../queries/c4161-klantbeeld.graphql");

/// `/readyz`: its status and body.
pub async fn readyz(app: &TestApp) -> (u16, Value) {
    let r = app
        .client
        .get(format!("{}/readyz", app.gateway))
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

#[tokio::test]
async fn readyz_answers_per_register_and_503_while_a_required_one_is_down() {
    let app = spawn_app_with(|c| c.server.readiness_cache_ms = 0).await;
    let (status, body) = readyz(&app).await;
    assert_eq!(status, 200, "{body:#}");
    assert_eq!(body["status"], "ready");
    let ki = &body["registers"]["klantinteracties"];
    assert_eq!(ki["status"], "up", "{body:#}");
    assert_eq!(ki["required"], true);
    assert_eq!(ki["httpStatus"], 200);
    assert_eq!(ki["breaker"], "closed");
    assert_eq!(body["registers"]["referentielijsten"]["status"], "up");
    // Only the persoon fields need it: not required.
    let brp = &body["registers"]["brp"];
    assert_eq!(brp["required"], false);
    assert_eq!(brp["status"], "up", "{brp:#}");

    app.set_faults(json!({"register": "klantinteracties", "errorRate": 1.0}))
        .await;
    let (status, body) = readyz(&app).await;
    assert_eq!(status, 503, "{body:#}");
    assert_eq!(body["status"], "not ready");
    let ki = &body["registers"]["klantinteracties"];
    assert_eq!(ki["status"], "down");
    assert_eq!(ki["httpStatus"], 500);
    assert_eq!(ki["code"], "UPSTREAM_ERROR");

    // A register that is not required does not make the gateway unready.
    app.client
        .delete(format!("{}/_sandbox/faults", app.sandbox))
        .send()
        .await
        .unwrap();
    app.set_faults(json!({"register": "referentielijsten", "errorRate": 1.0}))
        .await;
    let (status, body) = readyz(&app).await;
    assert_eq!(status, 200, "{body:#}");
    assert_eq!(body["registers"]["referentielijsten"]["status"], "down");
}

#[tokio::test]
async fn readyz_keeps_its_answer_instead_of_asking_again() {
    let app = spawn_app_with(|c| c.server.readiness_cache_ms = 600_000).await;
    app.reset_stats().await;
    for _ in 0..3 {
        assert_eq!(readyz(&app).await.0, 200);
    }
    let stats = app.stats().await;
    assert_eq!(stats["registers"]["klantinteracties"]["requests"], 1);
    assert_eq!(stats["registers"]["referentielijsten"]["requests"], 1);
}

#[tokio::test]
async fn metrics_count_operations_register_calls_and_caches() {
    let app = spawn_app().await;
    app.reset_stats().await;
    let vars = json!({ "nummer": "123454321" });
    for _ in 0..2 {
        let body = app.graphql(C4161, vars.clone()).await;
        assert!(body["errors"].is_null(), "{body:#}");
    }
    let m = app.metrics().await;
    let op = |outcome| [("operation", "Klantbeeld"), ("outcome", outcome)];
    assert_eq!(m.sum("klantbeeld_graphql_operations_total", &op("ok")), 2.0);
    let klantbeeld = [("operation", "Klantbeeld")];
    assert_eq!(
        m.sum(
            "klantbeeld_graphql_operation_duration_seconds_count",
            &klantbeeld
        ),
        2.0
    );

    // Every call the sandbox served is counted, by register and status.
    let stats = app.stats().await;
    for register in ["klantinteracties", "referentielijsten"] {
        let served = stats["registers"][register]["requests"].as_f64().unwrap();
        let reg = [("register", register)];
        assert!(served > 0.0, "{register}");
        assert_eq!(m.sum("klantbeeld_upstream_calls_total", &reg), served);
        assert_eq!(
            m.sum(
                "klantbeeld_upstream_calls_total",
                &[("register", register), ("status", "200")]
            ),
            served
        );
        assert_eq!(
            m.sum("klantbeeld_upstream_call_duration_seconds_count", &reg),
            served
        );
    }
    // The second klantbeeld found its actors and tables in the shared caches.
    for cache in ["actor", "referentielijst"] {
        for result in ["hit", "miss"] {
            let n = m.sum(
                "klantbeeld_cache_lookups_total",
                &[("cache", cache), ("result", result)],
            );
            assert!(n >= 1.0, "{cache} {result}: {n}");
        }
    }
    for register in ["klantinteracties", "brp", "referentielijsten"] {
        let state = [("register", register)];
        let shown = m.0.iter().filter(|s| s.name == "klantbeeld_breaker_state");
        assert_eq!(
            shown.filter(|s| s.labels["register"] == register).count(),
            1
        );
        assert_eq!(m.sum("klantbeeld_breaker_state", &state), 0.0);
    }

    // A register failing makes an operation partial (TAAL is cached, a
    // table not asked for before is fetched and fails).
    app.set_faults(json!({"register": "referentielijsten", "errorRate": 1.0}))
        .await;
    let lijsten = "query Lijsten { taal: referentielijst(tabel: \"TAAL\") { tabel } \
                   nieuw: referentielijst(tabel: \"NIEUW\") { tabel } }";
    let body = app.graphql(lijsten, json!({})).await;
    assert_eq!(body["data"]["taal"]["tabel"], "TAAL", "{body:#}");
    assert_eq!(
        body["errors"][0]["extensions"]["register"],
        "referentielijsten"
    );
    let m = app.metrics().await;
    let partial = [("operation", "Lijsten"), ("outcome", "partial")];
    assert_eq!(m.sum("klantbeeld_graphql_operations_total", &partial), 1.0);
}

/// The `traceparent`s the sandbox saw for `register`.
fn traceparents(stats: &Value, register: &str) -> Vec<String> {
    stats["registers"][register]["recentTraceparents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_callers_trace_and_request_id_go_with_every_register_call() {
    let app = spawn_app().await;
    app.reset_stats().await;
    let trace_id = "4bf92f3577b34da6a3ce929d0e0e4736";
    let r = app
        .client
        .post(format!("{}/graphql", app.gateway))
        .header("traceparent", format!("00-{trace_id}-00f067aa0ba902b7-01"))
        .header("x-request-id", "kcc-call-42")
        .json(&json!({ "query": C4161, "variables": { "nummer": "123454321" } }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["x-request-id"], "kcc-call-42");
    let body: Value = r.json().await.unwrap();
    assert!(body["errors"].is_null(), "{body:#}");

    let stats = app.stats().await;
    let mut spans = HashSet::new();
    for register in ["klantinteracties", "referentielijsten"] {
        let seen = traceparents(&stats, register);
        assert_eq!(
            seen.len() as u64,
            stats["registers"][register]["requests"].as_u64().unwrap(),
            "{register}: every call carries one"
        );
        for t in seen {
            let parts: Vec<&str> = t.split('-').collect();
            assert_eq!(parts.len(), 4, "{t}");
            assert_eq!(
                (parts[0], parts[1], parts[3]),
                ("00", trace_id, "01"),
                "{t}"
            );
            assert!(spans.insert(parts[2].to_string()), "span id {t} twice");
        }
    }

    // Without one, the gateway starts a trace and gives a request id.
    app.reset_stats().await;
    let r = app
        .client
        .post(format!("{}/graphql", app.gateway))
        // A table not asked for before: one call.
        .json(&json!({ "query": "{ referentielijst(tabel: \"ONBEKEND\") { tabel } }" }))
        .send()
        .await
        .unwrap();
    assert!(!r.headers()["x-request-id"].is_empty());
    let seen = traceparents(&app.stats().await, "referentielijsten");
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].len(), 55, "{}", seen[0]);
    assert!(!seen[0].contains(trace_id));
}

#[tokio::test]
async fn a_graceful_shutdown_finishes_the_request_in_flight() {
    let app = spawn_app().await;
    app.set_faults(json!({"register": "klantinteracties", "latencyMs": 300}))
        .await;
    // Stopped while the query is at the register.
    let in_flight = app.in_flight(C4161, json!({ "nummer": "123454321" })).await;
    app.shutdown.shutdown();

    let answer = in_flight
        .await
        .unwrap()
        .expect("the request in flight is answered");
    assert_eq!(answer.status(), 200);
    let body: Value = answer.json().await.unwrap();
    assert!(body["errors"].is_null(), "{body:#}");
    assert_eq!(body["data"]["partijOpNummer"]["nummer"], "123454321");
    assert_eq!(
        body["data"]["partijOpNummer"]["betrokkenen"]
            .as_array()
            .map(Vec::len),
        Some(12)
    );

    app.stopped.await.unwrap().expect("stopped cleanly");
    let after = reqwest::Client::new()
        .get(format!("{}/healthz", app.gateway))
        .send()
        .await;
    assert!(after.is_err(), "the gateway still accepts connections");
}

/// `deploy/<file>` as JSON.
fn manifest(file: &str) -> Value {
    let path = format!("{}/deploy/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let docs = YamlLoader::load_from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    crate::yaml::to_json(&docs[0])
}

#[test]
fn the_kubernetes_manifests_carry_config_toml_and_a_valid_environment() {
    let configmap = manifest("configmap.yaml");
    assert!(
        configmap["data"]["config.toml"].as_str() == Some(DEFAULT_TOML),
        "deploy/configmap.yaml differs from config.toml: regenerate it (README.md)"
    );

    let deployment = manifest("deployment.yaml");
    let pod = &deployment["spec"]["template"]["spec"];
    let container = &pod["containers"][0];
    // Values from Secrets are not in the manifest; any text stands in, and
    // a file with it for a `*_FILE` path of a mounted Secret.
    let secrets = std::env::temp_dir().join(format!("klantbeeld-deploy-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&secrets).unwrap();
    let env: Vec<(String, String)> = container["env"]
        .as_array()
        .expect("env")
        .iter()
        .map(|e| {
            let name = e["name"].as_str().unwrap().to_string();
            let mut value = e["value"].as_str().unwrap_or("from-a-secret").to_string();
            if name.ends_with("_FILE") {
                let mounted = pod["volumes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|v| v["secret"].is_object());
                assert!(mounted, "{name} names a file no Secret is mounted for");
                let path = secrets.join(&name);
                std::fs::write(&path, "from-a-secret").unwrap();
                value = path.to_string_lossy().to_string();
            }
            (name, value)
        })
        .collect();
    let config = Config::from_toml(DEFAULT_TOML, env).unwrap_or_else(|e| panic!("{e}"));
    std::fs::remove_dir_all(&secrets).unwrap();
    assert_eq!(
        config.events.backend,
        klantbeeld_gateway::config::EventsBackend::Redis,
        "two replicas need the shared events backend"
    );
    assert!(!config.sandbox.enabled);
    // The development profile would refuse this address and these
    // registers: the Deployment requires tokens.
    assert_eq!(config.auth.mode, klantbeeld_gateway::config::AuthMode::Jwt);
    assert!(!config.auth.unsafe_development_anywhere);
    config.check_exposure().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(config.log.format, "json");
    assert_eq!(
        Some(i64::from(config.server.listen.port())),
        container["ports"][0]["containerPort"].as_i64()
    );
    assert_eq!(container["livenessProbe"]["httpGet"]["path"], "/healthz");
    assert_eq!(container["readinessProbe"]["httpGet"]["path"], "/readyz");
    let grace_ms = pod["terminationGracePeriodSeconds"].as_u64().unwrap() * 1000;
    // In-flight requests get shutdown_grace_ms, then the last OTLP flush
    // may take its timeout and a second more.
    let shutdown_ms = config.server.shutdown_grace_ms + config.telemetry.otlp.timeout_ms + 1000;
    assert!(
        grace_ms > shutdown_ms,
        "the kubelet kills before the gateway is done"
    );

    let kustomization = manifest("kustomization.yaml");
    let listed: Vec<&str> = kustomization["resources"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for file in [
        "configmap.yaml",
        "deployment.yaml",
        "service.yaml",
        "hpa.yaml",
        "pdb.yaml",
        "redis.yaml",
    ] {
        assert!(
            listed.contains(&file),
            "{file} is not in kustomization.yaml"
        );
        let kind = manifest(file)["kind"].clone();
        assert!(kind.is_string(), "{file}");
    }
}

/// The image runs the production profile: the Dockerfile puts
/// `deploy/config.production.toml` where the binary reads its
/// configuration, and nothing in it turns tokens off.
#[test]
fn the_docker_image_runs_the_production_profile() {
    let dockerfile = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Dockerfile"))
        .expect("the Dockerfile");
    let lines: Vec<&str> = dockerfile
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect();
    assert!(
        lines
            .iter()
            .any(|l| l.trim() == "COPY deploy/config.production.toml /app/config.toml"),
        "{dockerfile}"
    );
    assert!(lines.iter().any(|l| l.trim() == "WORKDIR /app"));
    for l in &lines {
        assert!(
            !l.contains("AUTH__MODE") && !l.contains("UNSAFE_DEVELOPMENT"),
            "{l}"
        );
    }
    let production = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/deploy/config.production.toml"
    ))
    .unwrap();
    let table: toml::Table = production.parse().unwrap();
    assert_eq!(table["auth"]["mode"].as_str(), Some("jwt"));
    assert_eq!(
        table["auth"]["unsafe_development_anywhere"].as_bool(),
        Some(false)
    );
    // The README's docker example sets no development mode either.
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let example = readme
        .split("docker run")
        .nth(1)
        .and_then(|r| r.split("```").next())
        .expect("a docker run example");
    assert!(!example.contains("AUTH__MODE"), "{example}");
    assert!(example.contains("KLANTBEELD__AUTH__JWKS_URL"), "{example}");
}
