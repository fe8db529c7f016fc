//! DRF page-number paging, as Open Klant and the Referentielijsten API
//! answer every list: `{count, next, previous, results}`.
//!
//! `next` is an absolute URL the register builds from the host it saw. The
//! gateway follows it only on the base URL's own origin; when a proxy makes
//! the register name another host (or `http` behind TLS), the gateway takes
//! just the page parameters from `next` and asks its own base URL, so that
//! credentials never go to an origin that was not configured.

use std::collections::HashSet;

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use url::Url;

use super::RegisterHandle;
use crate::registers::error::{ErrorKind, RegisterError};

/// Pages a list may have before the gateway stops trusting `next`
/// (10 000 pages of 500 is five million objects).
const MAX_PAGES: usize = 10_000;

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, bound(deserialize = "T: Deserialize<'de>"))]
pub struct Page<T> {
    /// Total objects over all pages (older Open Klant releases may count
    /// duplicates, see open-klant#624).
    pub count: Option<u64>,
    pub next: Option<String>,
    pub previous: Option<String>,
    #[serde(deserialize_with = "crate::registers::tolerant::null_as_default")]
    pub results: Vec<T>,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page {
            count: None,
            next: None,
            previous: None,
            results: Vec::new(),
        }
    }
}

impl RegisterHandle {
    /// All results of a list, following `next` from `first` until the last page.
    pub async fn all_pages<T: DeserializeOwned>(
        &self,
        first: Url,
        template: &str,
    ) -> Result<Vec<T>, RegisterError> {
        let mut results = Vec::new();
        let mut seen = HashSet::new();
        let mut url = first;
        loop {
            seen.insert(url.clone());
            let page: Page<T> = self.get(url.clone(), template).await?;
            results.extend(page.results);
            let Some(next) = page.next.filter(|n| !n.is_empty()) else {
                return Ok(results);
            };
            let next = self.next_url(&url, &next, template)?;
            if seen.contains(&next) || seen.len() >= MAX_PAGES {
                return Err(self.error(
                    &Method::GET,
                    template,
                    ErrorKind::Malformed {
                        reason: "`next` does not lead to a last page".into(),
                    },
                ));
            }
            url = next;
        }
    }

    /// Where `next` (absolute or relative to `current`) leads, kept on the
    /// base URL's origin (see the module documentation).
    pub(crate) fn next_url(
        &self,
        current: &Url,
        next: &str,
        template: &str,
    ) -> Result<Url, RegisterError> {
        let parsed = current.join(next).map_err(|e| {
            self.error(
                &Method::GET,
                template,
                ErrorKind::Malformed {
                    reason: format!("`next` is not a URL ({e})"),
                },
            )
        })?;
        if parsed.origin() == self.base_url().origin() {
            return Ok(parsed);
        }
        let mut own = current.clone();
        own.set_query(parsed.query());
        Ok(own)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::config::RegisterConfig;
    use crate::registers::error::Register;
    use crate::registers::transport::{AuthScheme, HttpLayer};

    fn handle(base: &str) -> RegisterHandle {
        let config = RegisterConfig {
            base_url: base.into(),
            token: Default::default(),
            token_file: String::new(),
            connect_timeout_ms: 100,
            request_timeout_ms: 100,
            max_concurrency: 1,
            retries: 0,
            retry_backoff_ms: 1,
            retry_backoff_max_ms: 1,
            breaker_failures: 1,
            breaker_cooldown_ms: 1,
            breaker_cooldown_max_ms: 1,
            required: true,
            release: "auto".into(),
        };
        let layer = HttpLayer::new([&config]).unwrap_or_else(|e| panic!("{e}"));
        RegisterHandle::new(
            Arc::clone(&layer),
            Register::Klantinteracties,
            &config,
            AuthScheme::Token,
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn next_is_followed_on_the_same_origin_only() {
        let h = handle("https://ok.example/klantinteracties/api/v1/");
        let current = h.url("/partijen", &[("pageSize", "2".into())]);
        assert_eq!(
            current.as_str(),
            "https://ok.example/klantinteracties/api/v1/partijen?pageSize=2"
        );
        let same = "https://ok.example/klantinteracties/api/v1/partijen?page=2&pageSize=2";
        assert_eq!(
            h.next_url(&current, same, "/p").map(String::from),
            Ok(same.to_string())
        );
        // A proxy's inner host, or http behind TLS: only the page moves.
        for foreign in [
            "http://ok.example/klantinteracties/api/v1/partijen?page=3&pageSize=2",
            "https://evil.example/steal?page=3&pageSize=2",
        ] {
            let next = h.next_url(&current, foreign, "/p").map(String::from);
            assert_eq!(
                next,
                Ok("https://ok.example/klantinteracties/api/v1/partijen?page=3&pageSize=2".into())
            );
        }
        let relative = h.next_url(&current, "?page=4", "/p").map(String::from);
        assert_eq!(
            relative,
            Ok("https://ok.example/klantinteracties/api/v1/partijen?page=4".into())
        );
    }
}
