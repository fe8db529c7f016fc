//! `KLANTBEELD__SECTION__KEY=value` overrides.
//!
//! A value takes the type of the key it replaces in the file (an integer
//! key gets an integer, a boolean a boolean), so that `…__TOKEN=123` stays a
//! string and `…__MAX_CONCURRENCY=8` becomes a number. A key the file does
//! not have is an error: an override of a misspelt key must not be ignored.
//! A list takes comma-separated values (`…__ALLOWED_ORIGINS=https://a,https://b`).

use std::collections::HashMap;

use super::{ConfigError, ENV_PREFIX};

/// Applies the overrides in `vars` to `table`; returns dotted key → variable name.
pub(super) fn apply(
    table: &mut toml::Table,
    vars: impl IntoIterator<Item = (String, String)>,
) -> Result<HashMap<String, String>, ConfigError> {
    let mut applied = HashMap::new();
    let mut vars: Vec<(String, String)> = vars
        .into_iter()
        .filter(|(k, _)| k.starts_with(ENV_PREFIX))
        .collect();
    vars.sort();
    for (var, raw) in vars {
        let path: Vec<String> = var[ENV_PREFIX.len()..]
            .split("__")
            .map(str::to_ascii_lowercase)
            .collect();
        let key = path.join(".");
        if path.iter().any(String::is_empty) {
            return Err(ConfigError::new(
                key,
                format!("{var} is not of the form KLANTBEELD__SECTION__KEY"),
            ));
        }
        let (last, parents) = path.split_last().expect("split yields one part at least");
        let mut node = &mut *table;
        for part in parents {
            node = match node.get_mut(part) {
                Some(toml::Value::Table(t)) => t,
                // A free-form map (e.g. `referentielijsten.tabellen`) may gain keys.
                _ => {
                    return Err(ConfigError::new(
                        key,
                        format!("{var} names no section of the configuration"),
                    ))
                }
            };
        }
        let value = match node.get(last) {
            Some(existing) => typed(existing, &raw)
                .map_err(|m| ConfigError::new(&key, format!("{m} (from {var})")))?,
            None if is_free_map(&path) => toml::Value::String(raw),
            None if is_free_list_map(&path) => list(&raw),
            None => {
                return Err(ConfigError::new(
                    key,
                    format!("{var} names no key of the configuration"),
                ))
            }
        };
        node.insert(last.clone(), value);
        applied.insert(key, var);
    }
    Ok(applied)
}

/// Maps whose keys are data, not settings.
fn is_free_map(path: &[String]) -> bool {
    path.len() == 3 && path[0] == "referentielijsten" && path[1] == "tabellen"
}

/// Maps whose keys are data and whose values are lists (role → abilities).
fn is_free_list_map(path: &[String]) -> bool {
    path.len() == 3 && path[0] == "auth" && path[1] == "roles"
}

/// A comma-separated value as a list of strings.
fn list(raw: &str) -> toml::Value {
    toml::Value::Array(
        raw.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| toml::Value::String(s.to_string()))
            .collect(),
    )
}

fn typed(existing: &toml::Value, raw: &str) -> Result<toml::Value, String> {
    Ok(match existing {
        toml::Value::Integer(_) => toml::Value::Integer(
            raw.trim()
                .parse()
                .map_err(|_| format!("expected a whole number, got {raw:?}"))?,
        ),
        toml::Value::Float(_) => toml::Value::Float(
            raw.trim()
                .parse()
                .map_err(|_| format!("expected a number, got {raw:?}"))?,
        ),
        toml::Value::Boolean(_) => match raw.trim() {
            "true" | "1" => toml::Value::Boolean(true),
            "false" | "0" => toml::Value::Boolean(false),
            _ => return Err(format!("expected true or false, got {raw:?}")),
        },
        toml::Value::Array(_) => list(raw),
        _ => toml::Value::String(raw.to_string()),
    })
}
