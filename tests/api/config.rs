//! Configuration: defaults load, overrides apply, bad values name their key.

use klantbeeld_gateway::config::{Config, ExpandMode, DEFAULT_TOML};

fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn the_default_config_is_valid() {
    let c = Config::development();
    assert_eq!(c.planner.expand, ExpandMode::Auto);
    assert_eq!(c.registers.klantinteracties.max_concurrency, 8);
}

#[test]
fn environment_variables_override_keys_with_their_type() {
    let c = Config::from_toml(
        DEFAULT_TOML,
        env(&[
            ("KLANTBEELD__PLANNER__EXPAND", "never"),
            (
                "KLANTBEELD__REGISTERS__KLANTINTERACTIES__MAX_CONCURRENCY",
                "3",
            ),
            ("KLANTBEELD__REGISTERS__KLANTINTERACTIES__TOKEN", "12345"),
            ("KLANTBEELD__SERVER__GRAPHIQL", "false"),
            ("UNRELATED", "x"),
        ]),
    )
    .unwrap();
    assert_eq!(c.planner.expand, ExpandMode::Never);
    assert_eq!(c.registers.klantinteracties.max_concurrency, 3);
    assert_eq!(c.registers.klantinteracties.token, "12345");
    assert!(!c.server.graphiql);
}

#[test]
fn a_bad_value_names_the_key_and_the_variable() {
    let cases = [
        ("KLANTBEELD__PLANNER__EXPAND", "sometimes", "planner.expand"),
        (
            "KLANTBEELD__REGISTERS__BRP__MAX_CONCURRENCY",
            "many",
            "registers.brp.max_concurrency",
        ),
        (
            "KLANTBEELD__REGISTERS__BRP__MAX_CONCURRENCY",
            "0",
            "registers.brp.max_concurrency",
        ),
        (
            "KLANTBEELD__REGISTERS__KLANTINTERACTIES__BASE_URL",
            "ftp://x",
            "registers.klantinteracties.base_url",
        ),
        ("KLANTBEELD__SERVER__LISTEN", "nowhere", "server.listen"),
        ("KLANTBEELD__SANDBOX__PROFILE", "fast", "sandbox.profile"),
        ("KLANTBEELD__SERVER__LISTN", "x", "server.listn"),
        ("KLANTBEELD__LOG__FORMAT", "xml", "log.format"),
    ];
    for (var, value, key) in cases {
        let err = Config::from_toml(DEFAULT_TOML, env(&[(var, value)])).unwrap_err();
        assert_eq!(err.key, key, "{var}={value}: {err}");
        let line = err.to_string();
        assert!(line.contains(key) && line.contains(var), "{line}");
        assert!(!line.contains('\n'), "one line: {line}");
    }
}

#[test]
fn an_unknown_key_in_the_file_is_refused() {
    let text = DEFAULT_TOML.replace("[planner]", "[planner]\nexpnd = \"auto\"");
    let err = Config::from_toml(&text, []).unwrap_err();
    assert!(err.to_string().contains("expnd"), "{err}");
}

#[test]
fn an_empty_base_url_needs_the_sandbox() {
    let err = Config::from_toml(
        DEFAULT_TOML,
        env(&[("KLANTBEELD__SANDBOX__ENABLED", "false")]),
    )
    .unwrap_err();
    assert!(err.key.starts_with("registers."), "{err}");
}

/// The development profile gives every caller every ability: it refuses to
/// start where someone else can reach it or over real registers, unless the
/// loudly named override says so; a tokened profile may listen anywhere.
#[test]
fn the_development_profile_refuses_to_be_exposed_without_the_override() {
    const LISTEN: &str = "KLANTBEELD__SERVER__LISTEN";
    const KI: &str = "KLANTBEELD__REGISTERS__KLANTINTERACTIES__BASE_URL";
    const OVERRIDE: &str = "KLANTBEELD__AUTH__UNSAFE_DEVELOPMENT_ANYWHERE";
    let real = "https://openklant.gemeente.example/klantinteracties/api/v1";
    for (var, value, names) in [
        (LISTEN, "0.0.0.0:8080", "server.listen"),
        (LISTEN, "192.0.2.7:8080", "server.listen"),
        (KI, real, "registers.klantinteracties.base_url"),
        (
            "KLANTBEELD__REGISTERS__BRP__BASE_URL",
            "http://10.0.0.5/haalcentraal/api/brp/personen",
            "registers.brp.base_url",
        ),
    ] {
        let e = Config::from_toml(DEFAULT_TOML, env(&[(var, value)])).unwrap_err();
        assert_eq!(e.key, "auth.mode", "{var}={value}: {e}");
        let line = e.to_string();
        assert!(line.contains(names), "{line}");
        assert!(line.contains("unsafe_development_anywhere"), "{line}");
        assert!(!line.contains('\n'), "{line}");
        // The override lets it start.
        let c = Config::from_toml(DEFAULT_TOML, env(&[(var, value), (OVERRIDE, "true")]))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(c.auth.unsafe_development_anywhere);
    }
    // Loopback, and a sandbox of its own on loopback, are fine.
    for (var, value) in [
        (LISTEN, "127.0.0.1:9999"),
        (LISTEN, "[::1]:9999"),
        (KI, "http://127.0.0.1:8081/klantinteracties/api/v1"),
        (KI, "http://localhost:8081/klantinteracties/api/v1"),
    ] {
        Config::from_toml(DEFAULT_TOML, env(&[(var, value)]))
            .unwrap_or_else(|e| panic!("{var}={value}: {e}"));
    }
    // With tokens required, anywhere.
    let tokened = env(&[
        (LISTEN, "0.0.0.0:8080"),
        (KI, real),
        ("KLANTBEELD__AUTH__MODE", "jwt"),
        ("KLANTBEELD__AUTH__ISSUER", "https://idp.example"),
        ("KLANTBEELD__AUTH__AUDIENCE", "klantbeeld-gateway"),
        ("KLANTBEELD__AUTH__JWKS_URL", "https://idp.example/certs"),
    ]);
    Config::from_toml(DEFAULT_TOML, tokened).unwrap_or_else(|e| panic!("{e}"));
}

/// The same rule at start, for a configuration changed after it was loaded
/// (as embedders and tests do).
#[tokio::test]
async fn a_changed_configuration_is_checked_again_at_start() {
    let mut config = Config::development();
    config.server.listen = "0.0.0.0:0".parse().unwrap();
    config.sandbox.listen = "127.0.0.1:0".parse().unwrap();
    let Err(e) = klantbeeld_gateway::startup::Application::build(config).await else {
        panic!("the development profile started on 0.0.0.0");
    };
    assert!(e.to_string().contains("auth.mode"), "{e}");
}
