//! `[telemetry.otlp]`: where the gateway sends its spans over OTLP/HTTP, if
//! anywhere. Export is off while `endpoint` is empty (the default); the
//! standard `OTEL_EXPORTER_OTLP_ENDPOINT` fills an empty `endpoint`, so an
//! operator who already sets that variable for every service need not repeat
//! it, while a configured endpoint always wins (one place decides).

use std::collections::HashMap;

use serde::Deserialize;

use super::{Config, ConfigError, Secret};

/// The standard variable that names the collector when `endpoint` is empty.
pub const OTEL_ENDPOINT_VAR: &str = "OTEL_EXPORTER_OTLP_ENDPOINT";

/// The dotted key of the endpoint, for errors and the environment fallback.
pub(super) const ENDPOINT_KEY: &str = "telemetry.otlp.endpoint";

/// The path below the endpoint that takes spans (OTLP/HTTP).
const TRACES_PATH: &str = "/v1/traces";

/// Telemetry beyond logs and `/metrics`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TelemetryConfig {
    pub otlp: OtlpConfig,
}

/// OpenTelemetry span export over OTLP/HTTP.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OtlpConfig {
    /// The collector's base URL (as `OTEL_EXPORTER_OTLP_ENDPOINT`), e.g.
    /// `http://otel-collector:4318`; spans go to `<endpoint>/v1/traces`.
    /// Empty: no export.
    pub endpoint: String,
    /// How spans are encoded.
    pub protocol: OtlpProtocol,
    /// `service.name` of the exported spans.
    pub service_name: String,
    /// Extra headers for the collector, as `OTEL_EXPORTER_OTLP_HEADERS`:
    /// `name=value,name=value` (e.g. an API key).
    pub headers: Secret,
    /// A file that holds `headers` (instead of `headers`).
    pub headers_file: String,
    /// How long one export may take.
    pub timeout_ms: u64,
    /// The share of traces started here that are recorded (0.0 to 1.0); a
    /// caller's `traceparent` decides for the traces it started.
    pub sampling_ratio: f64,
}

/// `telemetry.otlp.protocol`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum OtlpProtocol {
    /// Protobuf, what every collector accepts (the OTLP default).
    #[serde(rename = "http/protobuf")]
    HttpProtobuf,
    /// JSON, for a collector or proxy that only reads JSON.
    #[serde(rename = "http/json")]
    HttpJson,
}

impl OtlpProtocol {
    /// The name in the configuration (and in `OTEL_EXPORTER_OTLP_PROTOCOL`).
    pub fn as_str(self) -> &'static str {
        match self {
            OtlpProtocol::HttpProtobuf => "http/protobuf",
            OtlpProtocol::HttpJson => "http/json",
        }
    }
}

impl OtlpConfig {
    /// Whether spans are exported at all.
    pub fn enabled(&self) -> bool {
        !self.endpoint.trim().is_empty()
    }

    /// Where spans are posted: `<endpoint>/v1/traces`, or the endpoint as
    /// it is when it already ends in `/v1/traces`.
    pub fn traces_url(&self) -> String {
        let base = self.endpoint.trim().trim_end_matches('/');
        if base.ends_with(TRACES_PATH) {
            base.to_string()
        } else {
            format!("{base}{TRACES_PATH}")
        }
    }

    /// The headers for the collector, names lowercase, values as written
    /// (the exporter decodes their `%XX` escapes, as it does for
    /// `OTEL_EXPORTER_OTLP_HEADERS`). Empty unless the configuration was checked.
    pub fn headers(&self) -> HashMap<String, String> {
        parse_headers(self.headers.expose()).unwrap_or_default()
    }
}

/// `name=value,name=value` as headers, each value checked to be sendable
/// once decoded. The error never contains a value.
fn parse_headers(text: &str) -> Result<HashMap<String, String>, String> {
    let mut headers = HashMap::new();
    for (n, pair) in text.split(',').enumerate() {
        if pair.trim().is_empty() {
            continue;
        }
        let Some((name, value)) = pair.split_once('=') else {
            return Err(format!("entry {} is not of the form name=value", n + 1));
        };
        let name = name.trim().to_ascii_lowercase();
        if axum::http::HeaderName::from_bytes(name.as_bytes()).is_err() {
            return Err(format!("{name:?} is not a valid HTTP header name"));
        }
        let value = value.trim();
        if value.is_empty() {
            return Err(format!("the value of {name:?} is empty"));
        }
        percent_decode(value)
            .filter(|v| axum::http::HeaderValue::from_str(v).is_ok())
            .ok_or_else(|| format!("the value of {name:?} cannot be sent as a header"))?;
        headers.insert(name, value.to_string());
    }
    Ok(headers)
}

/// `%XX` escapes decoded, as the OTLP header syntax allows; `None` when an
/// escape is broken or the result is not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Fills an empty `telemetry.otlp.endpoint` in `table` from
/// `OTEL_EXPORTER_OTLP_ENDPOINT`; records the variable in `from_env` so that
/// an error about the value names it.
pub(super) fn endpoint_from_standard_var(
    table: &mut toml::Table,
    vars: &[(String, String)],
    from_env: &mut HashMap<String, String>,
) {
    let Some((_, value)) = vars
        .iter()
        .find(|(k, v)| k == OTEL_ENDPOINT_VAR && !v.trim().is_empty())
    else {
        return;
    };
    let Some(otlp) = table
        .get_mut("telemetry")
        .and_then(|t| t.as_table_mut())
        .and_then(|t| t.get_mut("otlp"))
        .and_then(|t| t.as_table_mut())
    else {
        return;
    };
    let empty = otlp
        .get("endpoint")
        .and_then(|e| e.as_str())
        .is_some_and(|e| e.trim().is_empty());
    if empty {
        otlp.insert("endpoint".into(), toml::Value::String(value.clone()));
        from_env.insert(ENDPOINT_KEY.into(), OTEL_ENDPOINT_VAR.into());
    }
}

impl Config {
    /// The checks of `[telemetry.otlp]`.
    pub(super) fn validate_telemetry(&self) -> Result<(), ConfigError> {
        let o = &self.telemetry.otlp;
        if o.enabled() {
            let url = url::Url::parse(o.endpoint.trim()).map_err(|e| {
                ConfigError::new(ENDPOINT_KEY, format!("{:?} is not a URL: {e}", o.endpoint))
            })?;
            if !matches!(url.scheme(), "http" | "https") {
                return Err(ConfigError::new(
                    ENDPOINT_KEY,
                    format!("scheme must be http or https, got {}", url.scheme()),
                ));
            }
            if url.query().is_some() || url.fragment().is_some() {
                return Err(ConfigError::new(
                    ENDPOINT_KEY,
                    "must be a base URL without query or fragment",
                ));
            }
        }
        let name = o.service_name.trim();
        if name.is_empty() || name.len() > 100 {
            return Err(ConfigError::new(
                "telemetry.otlp.service_name",
                "must be 1 to 100 characters",
            ));
        }
        parse_headers(o.headers.expose())
            .map_err(|m| ConfigError::new("telemetry.otlp.headers", m))?;
        if o.timeout_ms == 0 || o.timeout_ms > 60_000 {
            return Err(ConfigError::new(
                "telemetry.otlp.timeout_ms",
                format!("must be between 1 and 60000, got {}", o.timeout_ms),
            ));
        }
        if !(0.0..=1.0).contains(&o.sampling_ratio) {
            return Err(ConfigError::new(
                "telemetry.otlp.sampling_ratio",
                format!("must be between 0.0 and 1.0, got {}", o.sampling_ratio),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::DEFAULT_TOML;

    fn load(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars = vars.iter().map(|(k, v)| (k.to_string(), v.to_string()));
        Config::from_toml(DEFAULT_TOML, vars)
    }

    #[test]
    fn export_is_off_by_default_and_the_standard_variable_fills_an_empty_endpoint() {
        let c = load(&[]).unwrap_or_else(|e| panic!("{e}"));
        assert!(!c.telemetry.otlp.enabled());
        assert_eq!(c.telemetry.otlp.protocol, OtlpProtocol::HttpProtobuf);

        let c = load(&[(OTEL_ENDPOINT_VAR, "http://collector:4318")]).unwrap();
        assert_eq!(
            c.telemetry.otlp.traces_url(),
            "http://collector:4318/v1/traces"
        );
        // The configuration key wins over the standard variable.
        let c = load(&[
            (OTEL_ENDPOINT_VAR, "http://collector:4318"),
            (
                "KLANTBEELD__TELEMETRY__OTLP__ENDPOINT",
                "https://otlp.example/v1/traces/",
            ),
        ])
        .unwrap();
        assert_eq!(
            c.telemetry.otlp.traces_url(),
            "https://otlp.example/v1/traces"
        );
    }

    #[test]
    fn bad_values_name_their_key_and_where_they_came_from() {
        for (vars, key, var) in [
            (
                vec![("KLANTBEELD__TELEMETRY__OTLP__ENDPOINT", "collector:4318")],
                ENDPOINT_KEY,
                "KLANTBEELD__TELEMETRY__OTLP__ENDPOINT",
            ),
            (
                vec![(OTEL_ENDPOINT_VAR, "not a url")],
                ENDPOINT_KEY,
                OTEL_ENDPOINT_VAR,
            ),
            (
                vec![("KLANTBEELD__TELEMETRY__OTLP__PROTOCOL", "grpc")],
                "telemetry.otlp.protocol",
                "KLANTBEELD__TELEMETRY__OTLP__PROTOCOL",
            ),
            (
                vec![("KLANTBEELD__TELEMETRY__OTLP__SAMPLING_RATIO", "1.5")],
                "telemetry.otlp.sampling_ratio",
                "KLANTBEELD__TELEMETRY__OTLP__SAMPLING_RATIO",
            ),
            (
                vec![("KLANTBEELD__TELEMETRY__OTLP__TIMEOUT_MS", "0")],
                "telemetry.otlp.timeout_ms",
                "KLANTBEELD__TELEMETRY__OTLP__TIMEOUT_MS",
            ),
            (
                vec![("KLANTBEELD__TELEMETRY__OTLP__SERVICE_NAME", " ")],
                "telemetry.otlp.service_name",
                "KLANTBEELD__TELEMETRY__OTLP__SERVICE_NAME",
            ),
        ] {
            let e = load(&vars).expect_err(key);
            assert_eq!(e.key, key, "{vars:?}");
            assert!(e.to_string().contains(var), "{e}");
        }
    }

    #[test]
    fn headers_are_parsed_and_an_error_never_shows_a_value() {
        let h = parse_headers("x-api-key=abc%3D%3D, Authorization=Bearer t0k").unwrap();
        assert_eq!(h["x-api-key"], "abc%3D%3D");
        assert_eq!(percent_decode(&h["x-api-key"]).as_deref(), Some("abc=="));
        assert_eq!(h["authorization"], "Bearer t0k");
        assert!(parse_headers("").unwrap().is_empty());
        for bad in [
            "geheim-zonder-naam",
            "x key=geheim",
            "x-key=geheim%zz",
            "x-key=geheim%0A",
            "x-key=",
        ] {
            let e = parse_headers(bad).unwrap_err();
            assert!(!e.contains("geheim"), "{e}");
        }
        let e = load(&[("KLANTBEELD__TELEMETRY__OTLP__HEADERS", "x-api-key")]).unwrap_err();
        assert_eq!(e.key, "telemetry.otlp.headers");
    }
}
