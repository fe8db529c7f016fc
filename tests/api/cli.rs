//! The binary itself: a bad configuration stops it with one line naming the
//! key and exit code 2; `schema` prints the SDL.

use std::process::Command;

fn gateway() -> Command {
    Command::new(env!("CARGO_BIN_EXE_klantbeeld-gateway"))
}

#[test]
fn a_bad_configuration_value_is_one_line_and_exit_code_2() {
    for (var, value, key) in [
        ("KLANTBEELD__PLANNER__EXPAND", "sometimes", "planner.expand"),
        ("KLANTBEELD__SERVER__LISTEN", "localhost", "server.listen"),
        (
            "KLANTBEELD__REGISTERS__BRP__MAX_CONCURRENCY",
            "-1",
            "registers.brp.max_concurrency",
        ),
    ] {
        let out = gateway().env(var, value).output().expect("the binary runs");
        assert_eq!(out.status.code(), Some(2), "{var}={value}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
        assert!(stderr.contains(key) && stderr.contains(var), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn a_missing_config_file_is_named() {
    let out = gateway()
        .args(["--config", "/nonexistent/klantbeeld.toml"])
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/klantbeeld.toml"));
}

#[test]
fn schema_prints_the_sdl() {
    let out = gateway().arg("schema").output().expect("the binary runs");
    assert!(out.status.success());
    let sdl = String::from_utf8_lossy(&out.stdout);
    assert!(
        sdl.contains("partijOpNummer(nummer: String!): Partij"),
        "{sdl}"
    );
}
