//! Credentials in the configuration: a [`Secret`] never shows its value in a
//! `Debug` line, an error or a log line, and `*_file` keys let an operator
//! keep the value in a file (a mounted Kubernetes or Docker secret) instead
//! of in `config.toml` or the environment.

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Deserializer};

use super::{Config, ConfigError};

/// A credential: an upstream token, the HS256 secret, the collector's headers. Its `Debug` output is
/// redacted and it has no `Display`, so it cannot end up in a log line by
/// accident; [`Secret::expose`] is the one way to the value.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// The value, for the one place that must send or check it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether no value is set (blank counts as none).
    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            f.write_str("Secret(empty)")
        } else {
            f.write_str("Secret(redacted)")
        }
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret(s.to_string())
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret(s)
    }
}

/// Compares with a plain value (tests, and checks against a configured value).
impl PartialEq<&str> for Secret {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Secret)
    }
}

/// Reads every `*_file` key into its secret. Setting both a secret and its
/// file is an error: which one wins would be a guess.
pub(super) fn resolve_files(config: &mut Config) -> Result<(), ConfigError> {
    let Config {
        registers,
        auth,
        telemetry,
        events,
        ..
    } = config;
    let mut pairs: Vec<(String, &mut Secret, &str)> = vec![
        (
            "auth.hs256_secret".into(),
            &mut auth.hs256_secret,
            auth.hs256_secret_file.as_str(),
        ),
        (
            "telemetry.otlp.headers".into(),
            &mut telemetry.otlp.headers,
            telemetry.otlp.headers_file.as_str(),
        ),
    ];
    for (name, reg) in [
        ("klantinteracties", &mut registers.klantinteracties),
        ("brp", &mut registers.brp),
        ("referentielijsten", &mut registers.referentielijsten),
    ] {
        pairs.push((
            format!("registers.{name}.token"),
            &mut reg.token,
            reg.token_file.as_str(),
        ));
    }
    pairs.push((
        "events.redis.password".into(),
        &mut events.redis.password,
        events.redis.password_file.as_str(),
    ));
    for (key, secret, file) in pairs {
        if file.trim().is_empty() {
            continue;
        }
        if !secret.is_empty() {
            return Err(ConfigError::new(
                format!("{key}_file"),
                format!("set either {key} or {key}_file, not both"),
            ));
        }
        *secret = read_file(&format!("{key}_file"), Path::new(file.trim()))?;
    }
    Ok(())
}

/// The secret in `path`, without the line end editors and `echo` add. The
/// error names the file, never what is in it.
fn read_file(key: &str, path: &Path) -> Result<Secret, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        ConfigError::new(key, format!("cannot read {}: {}", path.display(), e.kind()))
    })?;
    let value = text.trim_end_matches(['\r', '\n']);
    if value.trim().is_empty() {
        return Err(ConfigError::new(
            key,
            format!("{} is empty", path.display()),
        ));
    }
    Ok(Secret(value.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let s = Secret::from("hunter2-very-secret");
        assert_eq!(format!("{s:?}"), "Secret(redacted)");
        assert_eq!(format!("{:?}", Secret::default()), "Secret(empty)");
        assert_eq!(s, "hunter2-very-secret");
    }

    #[test]
    fn a_file_is_read_without_its_line_end() {
        let dir = std::env::temp_dir().join(format!("klantbeeld-secret-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("token");
        std::fs::write(&path, "abc123\n").unwrap();
        assert_eq!(read_file("k", &path).unwrap(), "abc123");
        std::fs::write(&path, "\n").unwrap();
        let e = read_file("k", &path).unwrap_err();
        assert!(e.message.contains("is empty"), "{e}");
        let e = read_file("k", &dir.join("absent")).unwrap_err();
        assert!(e.message.contains("absent"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
