//! The one home of the gateway's limits (README, "Security"): what a caller
//! may send and how often, each checked before any register call.
//!
//! - [`document`]: one operation's text and syntax tree: its size and
//!   nesting before it is parsed, its aliases and introspection after;
//! - [`cost`]: the complexity model of list fields (page size, fan-out);
//! - [`extension`]: the async-graphql extension that runs those checks, and
//!   the depth and complexity after validation, for the checked schema;
//! - [`request`]: what is not a property of one operation: the HTTP body's
//!   size and the number of operations in a batch;
//! - [`rate`]: requests per principal, as token buckets;
//! - [`stream`]: WebSockets per principal and operations per WebSocket.
//!
//! Each refusal is a `LIMIT_EXCEEDED` error whose `extensions.limit` names
//! the configuration key ([`Refusal`]); only the rate limit answers with its
//! own code (`RATE_LIMITED`, `http::protect`). The HTTP and GraphQL layers
//! call in here; this module knows the configuration, the principal and its
//! abilities (`auth`), and async-graphql's types, nothing else.
//!
//! The cache of parsed documents stays in `http` (`http::documents`): it
//! exists to spare the endpoint a parse, not to refuse anything, and keeps
//! with each tree only what [`document::Precheck`] says of it.

pub mod cost;
pub mod document;
pub mod extension;
pub mod rate;
pub mod request;
pub mod stream;

use async_graphql::{ErrorExtensions, Pos, ServerError};

pub use extension::QueryLimits;

/// A request refused at a limit: the configuration key, and what was over it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The key, e.g. `limits.max_batch`.
    pub limit: &'static str,
    pub message: String,
}

impl Refusal {
    fn new(limit: &'static str, message: impl Into<String>) -> Refusal {
        Refusal {
            limit,
            message: message.into(),
        }
    }

    /// The GraphQL error: `LIMIT_EXCEEDED`, naming the key, about the
    /// request as a whole (no location, no path).
    pub fn error(&self) -> ServerError {
        let limit = self.limit;
        request_error(
            async_graphql::Error::new(self.message.clone()).extend_with(|_, ext| {
                ext.set("code", "LIMIT_EXCEEDED");
                ext.set("limit", limit);
            }),
        )
    }
}

/// An error about the request as a whole: no location, no path.
pub(crate) fn request_error(e: async_graphql::Error) -> ServerError {
    let mut e = e.into_server_error(Pos::default());
    e.locations.clear();
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_is_about_the_request_and_names_its_key() {
        let refusal = Refusal::new("limits.max_batch", "the batch has 11 operations");
        let error = serde_json::to_value(refusal.error()).unwrap();
        assert_eq!(
            error,
            serde_json::json!({
                "message": "the batch has 11 operations",
                "extensions": { "code": "LIMIT_EXCEEDED", "limit": "limits.max_batch" }
            })
        );
    }
}
