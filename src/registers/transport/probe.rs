//! The readiness probe: one cheap GET that shows whether a register can be
//! reached and serves. It is one plain exchange (within the register's
//! timeout and concurrency limit, with the request's `traceparent`), outside
//! the breaker and without retries, so that it reports what the register does
//! now; it is not counted as a call by the observers.
//!
//! Any answer below 500 counts as up (a 404 or 405 is still the register
//! answering), except 401/403 (every real call would be refused too) and 429
//! (it sheds load).

use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::Method;
use serde::de::IgnoredAny;

use super::answer::decode;
use super::RegisterHandle;
use crate::registers::error::RegisterError;
use crate::telemetry::spans::traceparent_without_span;
use crate::telemetry::RequestContext;

/// What a probe found.
#[derive(Debug, Clone)]
pub(crate) struct Probe {
    /// The HTTP status, when an answer came.
    pub status: Option<u16>,
    /// From sending until the whole body was read.
    pub elapsed: Duration,
    /// Why the register counts as down; `None` when it is up.
    pub error: Option<RegisterError>,
}

impl Probe {
    pub(crate) fn is_up(&self) -> bool {
        self.error.is_none()
    }

    /// A probe that could not be sent (e.g. no credentials could be had).
    pub(crate) fn failed(error: RegisterError) -> Probe {
        Probe {
            status: None,
            elapsed: Duration::ZERO,
            error: Some(error),
        }
    }
}

impl RegisterHandle {
    /// GETs `path` (below the base URL) with `query` and extra `headers`
    /// once; see the module documentation for what counts as up.
    pub(crate) async fn probe(
        &self,
        path: &str,
        query: &[(&str, String)],
        headers: &HeaderMap,
    ) -> Probe {
        let url = self.url(path, query);
        let traceparent = traceparent_without_span(RequestContext::current().as_deref());
        let (answer, _, elapsed) = self
            .exchange(&Method::GET, url, None, headers, &traceparent, None)
            .await;
        let template = if path.is_empty() { "/" } else { path };
        let (status, kind) = match answer {
            Err(kind) => (None, Some(kind)),
            Ok((status, headers, body)) => {
                self.saw_api_version(&headers);
                let code = status.as_u16();
                let down = code >= 500 || matches!(code, 401 | 403 | 429);
                let kind = down
                    .then(|| decode::<IgnoredAny>(status, body.as_ref(), elapsed).err())
                    .flatten();
                (Some(code), kind)
            }
        };
        Probe {
            status,
            elapsed,
            error: kind.map(|k| self.error(&Method::GET, template, k)),
        }
    }
}
