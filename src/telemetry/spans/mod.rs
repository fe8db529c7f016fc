//! OpenTelemetry spans, when `[telemetry.otlp]` names a collector: one
//! server span per GraphQL request and one client span per register call
//! (each try), exported over OTLP/HTTP by [`export`].
//!
//! The spans are made from the request's own [`TraceParent`] rather than
//! from `tracing` spans (no `tracing-opentelemetry` layer): the trace id in
//! every log line is then the exported trace id by construction, each
//! application (`startup::Application`) has its own exporter (tests run many apps
//! with different settings in one process, where a global subscriber layer
//! could serve only one), and only the two kinds of span an operator asked
//! for leave the process, not every internal `tracing` span.
//!
//! What a span may carry is fixed here: operation names, outcome, the
//! principal's subject, register, method, path template (no query string,
//! no ids), status and try. Never a token, a header value, a variable or a
//! BSN: none of those reach this module.

mod export;

pub(crate) use export::ExportError;

use std::sync::Arc;

use opentelemetry::trace::{
    Span as _, SpanContext, SpanId, SpanKind, Status, TraceContextExt, TraceFlags, TraceId,
    TraceState, Tracer as _,
};
use opentelemetry::{Context, KeyValue};
use opentelemetry_sdk::trace::{SdkTracer, Span};

use super::request::RequestContext;
use super::trace::TraceParent;
use crate::config::OtlpConfig;

/// The span export of one application, or none (`Spans::default()`).
/// Cheap to clone.
#[derive(Debug, Clone, Default)]
pub(crate) struct Spans {
    export: Option<Arc<export::Export>>,
}

impl Spans {
    /// Starts the export `config` asks for: none when its endpoint is empty.
    pub(crate) fn start(config: &OtlpConfig) -> Result<Spans, ExportError> {
        Ok(Spans {
            export: export::Export::start(config)?.map(Arc::new),
        })
    }

    /// Starts the server span of one request, joined to the caller's trace
    /// when it sent a `traceparent` (its sampled flag decides), else the root
    /// of `trace` (the sampling ratio decides). `None` when export is off.
    pub(crate) fn server(
        &self,
        trace: &TraceParent,
        method: &str,
        route: &str,
    ) -> Option<ServerSpan> {
        let tracer = self.export.as_ref()?.tracer.clone();
        let trace_id = TraceId::from_hex(trace.trace_id()).ok()?;
        let parent = match trace.parent_id().and_then(|p| SpanId::from_hex(p).ok()) {
            Some(span_id) => {
                let flags = if trace.sampled() {
                    TraceFlags::SAMPLED
                } else {
                    TraceFlags::default()
                };
                let caller = SpanContext::new(trace_id, span_id, flags, true, TraceState::NONE);
                Context::new().with_remote_span_context(caller)
            }
            None => Context::new(),
        };
        let span = tracer
            .span_builder(format!("{method} {route}"))
            .with_kind(SpanKind::Server)
            // Used when there is no caller: the trace id the logs carry.
            .with_trace_id(trace_id)
            .with_attributes([
                KeyValue::new("http.request.method", method.to_string()),
                KeyValue::new("http.route", route.to_string()),
            ])
            .start_with_context(&tracer, &parent);
        Some(ServerSpan {
            tracer,
            cx: parent.with_span(span),
        })
    }

    /// Exports what is still queued and stops the exporter; see
    /// [`export::Export::shutdown`]. A no-op when export is off.
    pub(crate) async fn shutdown(&self) {
        if let Some(export) = &self.export {
            export.shutdown().await;
        }
    }
}

/// The server span of one GraphQL request.
#[derive(Debug)]
pub(crate) struct ServerSpan {
    tracer: SdkTracer,
    /// Holds the span; the parent of the request's register calls.
    cx: Context,
}

impl ServerSpan {
    /// Names what ran: the operation name(s), the outcome (`ok`, `partial`,
    /// `error`) and who asked (the principal's subject; empty: left out).
    pub(crate) fn describe(&self, operation: &str, outcome: &str, subject: &str) {
        let span = self.cx.span();
        span.set_attribute(KeyValue::new(
            "graphql.operation.name",
            operation.to_string(),
        ));
        span.set_attribute(KeyValue::new("klantbeeld.outcome", outcome.to_string()));
        if !subject.is_empty() {
            span.set_attribute(KeyValue::new("enduser.id", subject.to_string()));
        }
        if outcome == "error" {
            span.set_status(Status::error("the operation failed"));
        }
    }

    /// Ends the span with the response's status.
    pub(crate) fn end(&self, status: u16) {
        let span = self.cx.span();
        span.set_attribute(KeyValue::new(
            "http.response.status_code",
            i64::from(status),
        ));
        if status >= 500 {
            span.set_status(Status::error(format!("HTTP {status}")));
        }
        span.end();
    }
}

/// The client span of one register call (one try) and the `traceparent` it
/// goes out with. Without a server span (export off, or a request that is
/// not GraphQL) there is no span, and the `traceparent` carries a span id of
/// its own as before.
#[derive(Debug)]
pub(crate) struct CallSpan {
    span: Option<Span>,
    traceparent: String,
}

impl CallSpan {
    /// Starts the span of a call to `register`: `method` on the path
    /// `template` (below the register's base URL, ids as `{uuid}`), try
    /// `attempt` (1 for the first).
    pub(crate) fn start(
        context: Option<&RequestContext>,
        register: &'static str,
        method: &str,
        template: &str,
        attempt: u32,
    ) -> CallSpan {
        let Some(server) = context.and_then(RequestContext::server_span) else {
            return CallSpan {
                span: None,
                traceparent: traceparent_without_span(context),
            };
        };
        let mut attributes = vec![
            KeyValue::new("klantbeeld.register", register),
            KeyValue::new("http.request.method", method.to_string()),
            KeyValue::new("url.template", template.to_string()),
            KeyValue::new("klantbeeld.attempt", i64::from(attempt)),
        ];
        if attempt > 1 {
            attributes.push(KeyValue::new(
                "http.request.resend_count",
                i64::from(attempt - 1),
            ));
        }
        let span = server
            .tracer
            .span_builder(format!("{method} {template}"))
            .with_kind(SpanKind::Client)
            .with_attributes(attributes)
            .start_with_context(&server.tracer, &server.cx);
        CallSpan {
            traceparent: traceparent_of(span.span_context()),
            span: Some(span),
        }
    }

    /// The `traceparent` to send with this call.
    pub(crate) fn traceparent(&self) -> &str {
        &self.traceparent
    }

    /// Ends the span with the answer's status (`None`: none came) and, when
    /// the call failed, the kind of fault (the register layer's name for it).
    pub(crate) fn end(self, status: Option<u16>, error: Option<&str>) {
        let Some(mut span) = self.span else { return };
        if let Some(status) = status {
            span.set_attribute(KeyValue::new(
                "http.response.status_code",
                i64::from(status),
            ));
        }
        if let Some(code) = error {
            span.set_attribute(KeyValue::new("error.type", code.to_string()));
            span.set_status(Status::error(code.to_string()));
        }
        span.end();
    }
}

/// The `traceparent` of a call that has no span: the request's trace (or a
/// new one outside a request) with a span id made up for the call.
pub(crate) fn traceparent_without_span(context: Option<&RequestContext>) -> String {
    match context {
        Some(context) => context.trace.child(),
        None => TraceParent::start().child(),
    }
}

/// `00-<trace id>-<span id>-<flags>` of a span.
fn traceparent_of(span: &SpanContext) -> String {
    format!(
        "00-{}-{}-{:02x}",
        span.trace_id(),
        span.span_id(),
        span.trace_flags().to_u8()
    )
}
