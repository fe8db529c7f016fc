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
