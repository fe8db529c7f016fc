//! The purpose of a BRP lookup as headers upstream. RvIG's API defines none,
//! but municipal BRP proxies expect the doelbinding, the verwerking and the
//! user with every request (`x-doelbinding`, `x-verwerking`, `x-gebruiker`,
//! often `x-origin-oin`); their names differ per
//! supplier, so they are configured.

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::config::ProtocolleringConfig;
use crate::registers::transport::BuildError;

/// Why one lookup is made and for whom; sent with each of its requests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Protocollering {
    pub doelbinding: String,
    pub verwerking: String,
    /// The employee (or `BurgerZelf`) on whose behalf the lookup is made.
    pub gebruiker: String,
}

/// The configured header names (and the static OIN).
#[derive(Debug, Clone, Default)]
pub(crate) struct ProtocolleringHeaders {
    doelbinding: Option<HeaderName>,
    verwerking: Option<HeaderName>,
    gebruiker: Option<HeaderName>,
    origin_oin: Option<(HeaderName, HeaderValue)>,
}

impl ProtocolleringHeaders {
    /// From `[brp.protocollering]`; an empty header name sends nothing.
    pub(crate) fn from_config(config: &ProtocolleringConfig) -> Result<Self, BuildError> {
        let name = |key: &'static str, name: &str| {
            if name.is_empty() {
                return Ok(None);
            }
            HeaderName::from_bytes(name.as_bytes())
                .map(Some)
                .map_err(|_| setting(key, "is not a valid header name"))
        };
        let origin_oin = match name("origin_oin_header", &config.origin_oin_header)? {
            Some(header) if !config.origin_oin.is_empty() => {
                let value = HeaderValue::from_str(&config.origin_oin)
                    .map_err(|_| setting("origin_oin", "cannot be sent as a header"))?;
                Some((header, value))
            }
            _ => None,
        };
        Ok(ProtocolleringHeaders {
            doelbinding: name("doelbinding_header", &config.doelbinding_header)?,
            verwerking: name("verwerking_header", &config.verwerking_header)?,
            gebruiker: name("gebruiker_header", &config.gebruiker_header)?,
            origin_oin,
        })
    }

    /// Adds the headers for `p` to `headers`; an empty value is left out.
    /// `Err` names the value that cannot be a header.
    pub(crate) fn apply(
        &self,
        p: &Protocollering,
        headers: &mut HeaderMap,
    ) -> Result<(), &'static str> {
        for (name, value, what) in [
            (&self.doelbinding, &p.doelbinding, "doelbinding"),
            (&self.verwerking, &p.verwerking, "verwerking"),
            (&self.gebruiker, &p.gebruiker, "gebruiker"),
        ] {
            if let (Some(name), false) = (name, value.is_empty()) {
                let value = HeaderValue::from_str(value).map_err(|_| what)?;
                headers.insert(name.clone(), value);
            }
        }
        if let Some((name, value)) = &self.origin_oin {
            headers.insert(name.clone(), value.clone());
        }
        Ok(())
    }
}

fn setting(key: &str, reason: &str) -> BuildError {
    BuildError::Setting {
        key: format!("brp.protocollering.{key}"),
        reason: reason.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(doelbinding_header: &str, oin: &str) -> ProtocolleringConfig {
        ProtocolleringConfig {
            doelbinding_header: doelbinding_header.into(),
            verwerking_header: "x-verwerking".into(),
            gebruiker_header: "x-gebruiker".into(),
            origin_oin_header: "x-origin-oin".into(),
            origin_oin: oin.into(),
        }
    }

    #[test]
    fn configured_names_carry_the_values_and_empty_ones_are_left_out() {
        let headers = ProtocolleringHeaders::from_config(&config("", "00000001234567890000"))
            .unwrap_or_default();
        let mut out = HeaderMap::new();
        let p = Protocollering {
            doelbinding: "KCC".into(),
            verwerking: "klantbeeld".into(),
            gebruiker: String::new(),
        };
        assert_eq!(headers.apply(&p, &mut out), Ok(()));
        let sent: Vec<(String, String)> = out
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or_default().to_string()))
            .collect();
        assert_eq!(
            sent,
            [
                ("x-verwerking".to_string(), "klantbeeld".to_string()),
                (
                    "x-origin-oin".to_string(),
                    "00000001234567890000".to_string()
                )
            ]
        );
    }

    #[test]
    fn a_value_that_cannot_be_a_header_is_named() {
        let headers =
            ProtocolleringHeaders::from_config(&config("x-doelbinding", "")).unwrap_or_default();
        let p = Protocollering {
            doelbinding: "regel\nnieuw".into(),
            ..Protocollering::default()
        };
        assert_eq!(headers.apply(&p, &mut HeaderMap::new()), Err("doelbinding"));
        assert!(matches!(
            ProtocolleringHeaders::from_config(&config("kop met spatie", "")),
            Err(BuildError::Setting { .. })
        ));
    }
}
