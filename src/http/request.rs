//! What happens around every inbound request: it gets an id (`x-request-id`
//! as sent, or a new uuid, echoed in the answer) and a trace (the caller's
//! `traceparent`, or a new one), runs inside a `request` span and a
//! [`RequestContext`] that every register call it causes carries, and ends
//! with one log line: status, duration and number of register calls, next to
//! the span's request id, trace id, principal and GraphQL operation. A
//! GraphQL request also gets an exported server span when spans are exported.
//!
//! GraphQL requests log at `info`; probes and scrapes (`/healthz`,
//! `/readyz`, `/metrics`, GraphiQL) at `debug`, so that they do not drown the
//! log.

use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use tracing::field::Empty;
use tracing::Instrument;
use uuid::Uuid;

use crate::telemetry::{RequestContext, Spans, TraceParent};

/// The header that carries a request's id.
pub const REQUEST_ID: &str = "x-request-id";

/// The middleware; see the module documentation.
pub async fn observe(State(spans): State<Spans>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let (request_id, trace) = {
        // In a block: a borrow of the request must not live across the await.
        let header = |name: &str| {
            request
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let request_id = header(REQUEST_ID)
            .filter(|id| is_usable_id(id))
            .unwrap_or_else(|| Uuid::new_v4().to_string());
        let trace = header("traceparent")
            .as_deref()
            .and_then(TraceParent::parse)
            .unwrap_or_else(TraceParent::start);
        (request_id, trace)
    };
    let graphql = request.uri().path() == "/graphql";
    let span = tracing::info_span!(
        "request",
        request_id = %request_id,
        trace_id = %trace.trace_id(),
        // Set by the authentication middleware once it knows the caller.
        principal = Empty,
        method = %request.method(),
        path = %request.uri().path(),
        operation = Empty,
        outcome = Empty,
    );
    let server = graphql
        .then(|| spans.server(&trace, request.method().as_str(), "/graphql"))
        .flatten();
    let context = RequestContext::new(trace, server);
    let mut response = context
        .clone()
        .scope(next.run(request))
        .instrument(span.clone())
        .await;
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    let status = response.status().as_u16();
    let duration_ms = started.elapsed().as_secs_f64() * 1000.0;
    let upstream_calls = context.upstream_calls();
    if let Some(server) = context.server_span() {
        server.end(status);
    }
    span.in_scope(|| {
        if graphql {
            tracing::info!(status, duration_ms, upstream_calls, "request finished");
        } else {
            tracing::debug!(status, duration_ms, upstream_calls, "request finished");
        }
    });
    response
}

/// A caller's request id is kept when it is short and printable, so that it
/// cannot break a log line or a header.
fn is_usable_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 128 && id.bytes().all(|b| b.is_ascii_graphic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_short_printable_ids_are_kept() {
        assert!(is_usable_id("3f2c-abc_1"));
        assert!(!is_usable_id(""));
        assert!(!is_usable_id("a b"));
        assert!(!is_usable_id(&"x".repeat(129)));
        assert!(!is_usable_id("naïve"));
    }
}
