//! What one inbound request carries into every register call it causes, in
//! whatever task the call runs: its id and trace (sent on as `traceparent`,
//! logged), its server span when spans are exported (the parent of every
//! register call's span), a count of its upstream calls (logged when it
//! ends), and the register failures it already met.
//!
//! That last part keeps a failing register from delaying a klantbeeld more
//! than once: GraphQL resolves level by level, and without it every level
//! that needs a register that just timed out would wait for the timeout
//! again (DESIGN.md decision 6: "never a hang"). A register that timed out
//! or was unavailable is not asked again in the same request; any other
//! failed GET is not repeated (e.g. a reference table needed at every level).
//! The next request starts afresh; the breaker looks after the longer run.
//!
//! The context lives in a tokio task-local set by the HTTP layer. Tasks the
//! request spawns (the loaders' batches) get it through [`spawn`].

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use tracing::Instrument;

use super::spans::ServerSpan;
use super::trace::TraceParent;
use crate::registers::error::{ErrorKind, Register, RegisterError};

tokio::task_local! {
    static CONTEXT: Arc<RequestContext>;
}

/// One inbound request's context.
#[derive(Debug)]
pub struct RequestContext {
    /// `x-request-id` as received, or a new uuid.
    pub request_id: String,
    /// The caller's trace, or one started for this request.
    pub trace: TraceParent,
    /// The exported span of a GraphQL request.
    server: Option<ServerSpan>,
    upstream_calls: AtomicU32,
    failed: Mutex<Failed>,
}

#[derive(Debug, Default)]
struct Failed {
    /// By `GET <url>`.
    calls: HashMap<String, RegisterError>,
    /// Registers that timed out or were unavailable.
    registers: HashMap<Register, RegisterError>,
}

impl RequestContext {
    /// The context of one request; `server` is its span when it has one
    /// ([`super::Spans::server`]).
    pub fn new(
        request_id: String,
        trace: TraceParent,
        server: Option<ServerSpan>,
    ) -> Arc<RequestContext> {
        Arc::new(RequestContext {
            request_id,
            trace,
            server,
            upstream_calls: AtomicU32::new(0),
            failed: Mutex::new(Failed::default()),
        })
    }

    /// The request's exported span, if it has one.
    pub fn server_span(&self) -> Option<&ServerSpan> {
        self.server.as_ref()
    }

    /// The context of the request this code runs for, if any.
    pub fn current() -> Option<Arc<RequestContext>> {
        CONTEXT.try_with(Arc::clone).ok()
    }

    /// Runs `future` as part of this request.
    pub async fn scope<F: Future>(self: Arc<Self>, future: F) -> F::Output {
        CONTEXT.scope(self, future).await
    }

    /// Counts one call to a register (each try).
    pub fn count_upstream_call(&self) {
        self.upstream_calls.fetch_add(1, Ordering::Relaxed);
    }

    /// The register calls made so far.
    pub fn upstream_calls(&self) -> u32 {
        self.upstream_calls.load(Ordering::Relaxed)
    }

    fn failed(&self) -> std::sync::MutexGuard<'_, Failed> {
        self.failed.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The error to give again instead of calling: the register's, when it
    /// timed out or was unavailable earlier in this request, else that of the
    /// same GET (`call`), if it failed.
    pub fn earlier_failure(&self, register: Register, call: Option<&str>) -> Option<RegisterError> {
        let failed = self.failed();
        failed
            .registers
            .get(&register)
            .or_else(|| call.and_then(|c| failed.calls.get(c)))
            .cloned()
    }

    /// Remembers a failed call (`call` is `GET <url>`, `None` for calls that
    /// are not repeated as they are, like POSTs).
    pub fn remember_failure(&self, call: Option<String>, error: &RegisterError) {
        let mut failed = self.failed();
        if matches!(
            error.kind,
            ErrorKind::Timeout { .. } | ErrorKind::Unavailable { .. }
        ) {
            failed
                .registers
                .entry(error.register)
                .or_insert_with(|| error.clone());
        }
        if let Some(call) = call {
            failed.calls.insert(call, error.clone());
        }
    }
}

/// Spawns `future` as part of the current request (its context and its
/// tracing span), or plainly outside one.
pub fn spawn<F>(future: F) -> tokio::task::JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let span = tracing::Span::current();
    match RequestContext::current() {
        Some(context) => tokio::spawn(context.scope(future).instrument(span)),
        None => tokio::spawn(future.instrument(span)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn error(register: Register, kind: ErrorKind) -> RegisterError {
        RegisterError::new(register, "GET /x", kind)
    }

    #[test]
    fn a_timeout_covers_the_register_other_failures_only_their_call() {
        let c = RequestContext::new("r".into(), TraceParent::start(), None);
        let five_hundred = error(
            Register::Referentielijsten,
            ErrorKind::Upstream {
                status: 500,
                problem: None,
            },
        );
        c.remember_failure(Some("GET http://r/items?t=A".into()), &five_hundred);
        assert_eq!(
            c.earlier_failure(Register::Referentielijsten, Some("GET http://r/items?t=A")),
            Some(five_hundred)
        );
        assert_eq!(
            c.earlier_failure(Register::Referentielijsten, Some("GET http://r/items?t=B")),
            None
        );

        let timeout = error(
            Register::Klantinteracties,
            ErrorKind::Timeout {
                after: Duration::from_millis(300),
            },
        );
        c.remember_failure(None, &timeout);
        assert_eq!(
            c.earlier_failure(Register::Klantinteracties, Some("GET http://k/any")),
            Some(timeout)
        );
        assert_eq!(c.earlier_failure(Register::Brp, None), None);
    }

    #[tokio::test]
    async fn spawned_tasks_keep_the_request_context() {
        let c = RequestContext::new("req-1".into(), TraceParent::start(), None);
        let seen = c
            .clone()
            .scope(async { spawn(async { RequestContext::current() }).await })
            .await
            .ok()
            .flatten()
            .map(|c| c.request_id.clone());
        assert_eq!(seen.as_deref(), Some("req-1"));
        assert!(RequestContext::current().is_none());
    }
}
