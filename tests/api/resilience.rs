//! Resilience (issue 7): each register failing in every way the sandbox can
//! fail, the circuit breaker opening and closing, retries of reads (and
//! none of writes). The answer's shape and codes are asserted, never time.

use klantbeeld_gateway::config::Config;
use klantbeeld_gateway::registers::ErrorKind;
use serde_json::{json, Value};

use crate::helpers::{spawn_app, spawn_app_with, TestApp};
use crate::registers::{config_for, registers};

const C4161: &str = include_str!("../../queries/c4161-klantbeeld.graphql");

/// The C4161 query plus a root field that needs only Referentielijsten and
/// the partij's person from the BRP, so that one answer shows every
/// register's side.
fn matrix_query() -> String {
    C4161
        .replacen(
            "  partijOpNummer(",
            "  kanalen: referentielijst(tabel: \"KANAAL\") { tabel waarden { code naam } }\n  partijOpNummer(",
            1,
        )
        .replacen(
            "    nummer\n",
            "    nummer\n    persoon { burgerservicenummer naam { volledigeNaam } }\n",
            1,
        )
}

/// How a register fails in the matrix.
#[derive(Debug, Clone, Copy)]
enum Fault {
    /// Answers long after the request timeout.
    Latency,
    /// Every answer a 500 (retried, and still a 500).
    ServerError,
    /// Nothing listens at its base URL.
    Refused,
    /// A 200 with half a JSON body.
    Malformed,
    /// Headers at once, the body in pieces too slow to finish in time.
    Trickle,
}

const FAULTS: [Fault; 5] = [
    Fault::Latency,
    Fault::ServerError,
    Fault::Refused,
    Fault::Malformed,
    Fault::Trickle,
];

/// The timeout of the register under test; the faults far exceed it.
const TIMEOUT_MS: u64 = 300;

impl Fault {
    fn code(self) -> &'static str {
        match self {
            Fault::Latency | Fault::Trickle => "UPSTREAM_TIMEOUT",
            Fault::ServerError | Fault::Malformed => "UPSTREAM_ERROR",
            Fault::Refused => "UPSTREAM_UNAVAILABLE",
        }
    }

    /// The sandbox setting, `None` for a refused connection (set in config).
    fn sandbox(self, register: &str) -> Option<Value> {
        let setting = match self {
            Fault::Latency => json!({"latencyMs": 5 * TIMEOUT_MS}),
            Fault::ServerError => json!({"errorRate": 1.0}),
            Fault::Refused => return None,
            Fault::Malformed => json!({"malformedRate": 1.0}),
            Fault::Trickle => json!({"trickleMs": TIMEOUT_MS}),
        };
        let mut setting = setting;
        setting["register"] = json!(register);
        Some(setting)
    }
}

/// An app whose `register` fails by `fault`, with a short timeout and a
/// breaker that stays closed (the matrix shows the raw failure codes).
async fn failing(register: &'static str, fault: Fault) -> TestApp {
    // A port that was just free: nothing listens there.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap();
    let app = spawn_app_with(|config: &mut Config| {
        let r = match register {
            "klantinteracties" => &mut config.registers.klantinteracties,
            "brp" => &mut config.registers.brp,
            _ => &mut config.registers.referentielijsten,
        };
        r.request_timeout_ms = TIMEOUT_MS;
        r.breaker_failures = 10_000;
        if matches!(fault, Fault::Refused) {
            r.base_url = format!("http://{closed}/api/v1");
        }
    })
    .await;
    if let Some(setting) = fault.sandbox(register) {
        app.set_faults(setting).await;
    }
    app
}

/// Every error names `register` and has `code`.
fn assert_errors(body: &Value, register: &str, code: &str, fault: Fault) {
    let errors = body["errors"].as_array().unwrap_or_else(|| {
        panic!("{fault:?}: no errors: {body:#}");
    });
    assert!(!errors.is_empty(), "{fault:?}");
    for e in errors {
        assert_eq!(e["extensions"]["register"], register, "{fault:?}: {e:#}");
        assert_eq!(e["extensions"]["code"], code, "{fault:?}: {e:#}");
        let message = e["message"].as_str().unwrap_or_default().to_lowercase();
        assert!(message.contains(register), "{fault:?}: {message}");
    }
}

#[tokio::test]
async fn klantinteracties_failing_leaves_the_reference_lists_and_names_itself() {
    for fault in FAULTS {
        let app = failing("klantinteracties", fault).await;
        let body = app
            .graphql(&matrix_query(), json!({ "nummer": "123454321" }))
            .await;
        assert!(
            body["data"]["partijOpNummer"].is_null(),
            "{fault:?}: {body:#}"
        );
        let kanalen = body["data"]["kanalen"]["waarden"].as_array();
        assert!(
            kanalen.is_some_and(|k| !k.is_empty()),
            "{fault:?}: {body:#}"
        );
        assert_errors(&body, "klantinteracties", fault.code(), fault);
    }
}

#[tokio::test]
async fn referentielijsten_failing_leaves_the_klantbeeld_and_names_itself() {
    for fault in FAULTS {
        let app = failing("referentielijsten", fault).await;
        app.reset_stats().await;
        let body = app
            .graphql(&matrix_query(), json!({ "nummer": "123454321" }))
            .await;
        let partij = &body["data"]["partijOpNummer"];
        assert_eq!(partij["nummer"], "123454321", "{fault:?}: {body:#}");
        assert_eq!(partij["betrokkenen"].as_array().map(Vec::len), Some(12));
        let contact = &partij["betrokkenen"][0]["klantcontact"];
        assert!(contact["nummer"].is_string(), "{fault:?}: {contact:#}");
        // Codes stay; their meanings are errors naming the register.
        assert_eq!(partij["voorkeurstaal"]["code"], "nld");
        assert!(partij["voorkeurstaal"]["naam"].is_null());
        assert!(body["data"]["kanalen"].is_null(), "{fault:?}");
        assert_errors(&body, "referentielijsten", fault.code(), fault);
        // Each table is asked for once (with its retries), however many
        // fields of the klantbeeld need a meaning from it.
        let calls = app.stats().await["registers"]["referentielijsten"]["requests"]
            .as_u64()
            .unwrap_or(0);
        let tries = if matches!(fault, Fault::ServerError) {
            3
        } else {
            1
        };
        assert!(calls <= 3 * tries, "{fault:?}: {calls} calls");
    }
}

#[tokio::test]
async fn brp_failing_leaves_the_klantbeeld_and_names_itself() {
    for fault in FAULTS {
        let app = failing("brp", fault).await;
        let body = app
            .graphql(&matrix_query(), json!({ "nummer": "123454321" }))
            .await;
        let partij = &body["data"]["partijOpNummer"];
        assert_eq!(partij["nummer"], "123454321", "{fault:?}: {body:#}");
        assert!(partij["persoon"].is_null(), "{fault:?}: {body:#}");
        assert_eq!(partij["betrokkenen"].as_array().map(Vec::len), Some(12));
        assert!(partij["voorkeurstaal"]["naam"].is_string(), "{fault:?}");
        let kanalen = body["data"]["kanalen"]["waarden"].as_array();
        assert!(kanalen.is_some_and(|k| !k.is_empty()), "{fault:?}");
        // The same code for the same fault as every register.
        assert_errors(&body, "brp", fault.code(), fault);
    }
}

#[tokio::test]
async fn a_register_that_timed_out_is_not_asked_again_in_the_same_request() {
    let app = spawn_app_with(|config| {
        config.registers.klantinteracties.request_timeout_ms = 1_000;
        // Lists and single GETs, as planned, without learning between runs.
        config.planner.expand = klantbeeld_gateway::config::ExpandMode::Never;
        config.planner.learn = false;
    })
    .await;
    // The partij lookup (one object) answers well in time; the list of the
    // twelve klantcontacten does not.
    app.set_faults(json!({"register": "klantinteracties", "perObjectMs": 150}))
        .await;
    app.reset_stats().await;
    let body = app.graphql(C4161, json!({ "nummer": "123454321" })).await;
    let partij = &body["data"]["partijOpNummer"];
    assert_eq!(partij["nummer"], "123454321", "{body:#}");
    // The betrokkenen would each take a GET: none is made, each field
    // reports the timeout that stopped the register.
    assert_errors(
        &body,
        "klantinteracties",
        "UPSTREAM_TIMEOUT",
        Fault::Latency,
    );
    let stats = app.stats().await;
    let calls = stats["registers"]["klantinteracties"]["requests"]
        .as_u64()
        .unwrap_or(0);
    let metrics = app.metrics().await;
    let ki = [("register", "klantinteracties")];
    let made = metrics.sum("klantbeeld_upstream_calls_total", &ki);
    let skipped = metrics.sum("klantbeeld_upstream_skipped_total", &ki);
    assert_eq!(made, calls as f64);
    assert!(skipped > 0.0, "nothing skipped: {calls} calls");
    // The lookup and the lists sent at once before the first timeout.
    assert!(
        calls <= 4,
        "{calls} calls: {:#}",
        stats["registers"]["klantinteracties"]["byRoute"]
    );
}

#[tokio::test]
async fn the_breaker_opens_skips_the_register_and_closes_after_a_good_probe() {
    let app = spawn_app_with(|config| {
        let ki = &mut config.registers.klantinteracties;
        ki.breaker_failures = 3;
        // Long enough that the query right after the third failure still
        // finds it open on a busy machine.
        ki.breaker_cooldown_ms = 1_500;
        ki.retries = 0;
    })
    .await;
    let vars = json!({ "nummer": "123454321" });
    app.set_faults(json!({"register": "klantinteracties", "errorRate": 1.0}))
        .await;
    app.reset_stats().await;
    let ki_requests = |stats: &Value| stats["registers"]["klantinteracties"]["requests"].clone();

    // Three failed calls (one per query: the partij lookup) open it.
    for _ in 0..3 {
        let body = app.graphql(C4161, vars.clone()).await;
        assert_eq!(body["errors"][0]["extensions"]["code"], "UPSTREAM_ERROR");
    }
    assert_eq!(ki_requests(&app.stats().await), 3);
    let state = |m: &crate::helpers::Metrics| {
        m.sum(
            "klantbeeld_breaker_state",
            &[("register", "klantinteracties")],
        )
    };
    assert_eq!(state(&app.metrics().await), 1.0, "open");

    // Open: the next query fails at once, without a call.
    let body = app.graphql(C4161, vars.clone()).await;
    let error = &body["errors"][0];
    assert_eq!(
        error["extensions"]["code"], "UPSTREAM_UNAVAILABLE",
        "{body}"
    );
    assert_eq!(error["extensions"]["register"], "klantinteracties");
    assert!(error["message"]
        .as_str()
        .unwrap()
        .contains("circuit breaker open"));
    assert_eq!(ki_requests(&app.stats().await), 3, "a call was made");
    let metrics = app.metrics().await;
    let skipped = metrics.sum(
        "klantbeeld_upstream_skipped_total",
        &[("register", "klantinteracties"), ("reason", "breaker_open")],
    );
    assert!(skipped >= 1.0);

    // The register recovers; after the cool-down a probe closes the breaker.
    app.client
        .delete(format!("{}/_sandbox/faults", app.sandbox))
        .send()
        .await
        .unwrap();
    let mut recovered = None;
    for _ in 0..800 {
        let body = app.graphql(C4161, vars.clone()).await;
        if body["errors"].is_null() {
            recovered = Some(body);
            break;
        }
        assert_eq!(
            body["errors"][0]["extensions"]["code"],
            "UPSTREAM_UNAVAILABLE"
        );
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    let body = recovered.expect("the breaker closes once the register answers");
    assert_eq!(body["data"]["partijOpNummer"]["nummer"], "123454321");
    let metrics = app.metrics().await;
    assert_eq!(state(&metrics), 0.0, "closed");
    for moved_to in ["open", "half_open", "closed"] {
        let n = metrics.sum(
            "klantbeeld_breaker_transitions_total",
            &[("register", "klantinteracties"), ("state", moved_to)],
        );
        assert_eq!(n, 1.0, "transitions to {moved_to}");
    }
}

#[tokio::test]
async fn a_read_that_fails_once_is_retried_and_the_answer_is_whole() {
    let app = spawn_app().await;
    let vars = json!({ "nummer": "123454321" });
    let lookups = |stats: &Value| {
        stats["registers"]["klantinteracties"]["byRoute"]["GET /klantinteracties/api/v1/partijen"]
            .as_u64()
            .unwrap_or(0)
    };
    app.reset_stats().await;
    let expected = app.graphql(C4161, vars.clone()).await;
    assert!(expected["errors"].is_null(), "{expected:#}");
    let usual = lookups(&app.stats().await);

    app.reset_stats().await;
    app.set_faults(json!({"register": "klantinteracties", "failNext": 1}))
        .await;
    let body = app.graphql(C4161, vars).await;
    assert_eq!(body, expected);
    // The first call (the partij lookup) failed once and was made again.
    assert_eq!(lookups(&app.stats().await), usual + 1);
    let metrics = app.metrics().await;
    let ki = [("register", "klantinteracties")];
    assert_eq!(metrics.sum("klantbeeld_upstream_retries_total", &ki), 1.0);
    assert_eq!(
        metrics.sum(
            "klantbeeld_upstream_calls_total",
            &[("register", "klantinteracties"), ("status", "500")]
        ),
        1.0
    );
}

#[tokio::test]
async fn writes_are_never_retried_reads_are() {
    let app = spawn_app().await;
    let registers = registers(&config_for(&app));
    let handle = registers.klantinteracties.handle();
    app.reset_stats().await;

    app.set_faults(json!({"register": "klantinteracties", "failNext": 1}))
        .await;
    let url = handle.url("/klantcontacten", &[]);
    let err = handle
        .post::<_, Value>(url, "/klantcontacten", &json!({}))
        .await
        .expect_err("the one answer was a 500");
    assert!(
        matches!(err.kind, ErrorKind::Upstream { status: 500, .. }),
        "{err:?}"
    );
    assert_eq!(
        app.stats().await["registers"]["klantinteracties"]["requests"],
        1
    );

    app.set_faults(json!({"register": "klantinteracties", "failNext": 1}))
        .await;
    let url = handle.url("/actoren", &[("pageSize", "1".to_string())]);
    let page: Value = handle.get(url, "/actoren").await.expect("retried");
    assert_eq!(page["results"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        app.stats().await["registers"]["klantinteracties"]["requests"],
        3
    );
}
