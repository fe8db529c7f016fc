//! What one inbound request carries into every register call it causes, in
//! whatever task the call runs: its trace (sent on as `traceparent`; its id
//! is in the request's log span), its server span when spans are exported (the parent of every
//! register call's span), a count of its upstream calls (logged when it
//! ends), and what lower layers keep for the rest of the request (the
//! register transport's memory of failed calls) without telemetry knowing
//! what that is.
//!
//! The context lives in a tokio task-local set by the HTTP layer. Tasks the
//! request spawns (the loaders' batches) get it through [`spawn`].

use std::any::{Any, TypeId};
use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use tracing::Instrument;

use super::spans::ServerSpan;
use super::trace::TraceParent;

tokio::task_local! {
    static CONTEXT: Arc<RequestContext>;
}

/// One inbound request's context.
#[derive(Debug)]
pub(crate) struct RequestContext {
    /// The caller's trace, or one started for this request.
    pub trace: TraceParent,
    /// The exported span of a GraphQL request.
    server: Option<ServerSpan>,
    upstream_calls: AtomicU32,
    /// One value per type, kept by the layer that owns the type.
    kept: Mutex<Vec<(TypeId, Arc<dyn Any + Send + Sync>)>>,
}

impl RequestContext {
    /// The context of one request; `server` is its span when it has one
    /// ([`super::Spans::server`]).
    pub(crate) fn new(trace: TraceParent, server: Option<ServerSpan>) -> Arc<RequestContext> {
        Arc::new(RequestContext {
            trace,
            server,
            upstream_calls: AtomicU32::new(0),
            kept: Mutex::new(Vec::new()),
        })
    }

    /// The request's exported span, if it has one.
    pub(crate) fn server_span(&self) -> Option<&ServerSpan> {
        self.server.as_ref()
    }

    /// The context of the request this code runs for, if any.
    pub(crate) fn current() -> Option<Arc<RequestContext>> {
        CONTEXT.try_with(Arc::clone).ok()
    }

    /// Runs `future` as part of this request.
    pub(crate) async fn scope<F: Future>(self: Arc<Self>, future: F) -> F::Output {
        CONTEXT.scope(self, future).await
    }

    /// Counts one call to a register (each try).
    pub(crate) fn count_upstream_call(&self) {
        self.upstream_calls.fetch_add(1, Ordering::Relaxed);
    }

    /// The register calls made so far.
    pub(crate) fn upstream_calls(&self) -> u32 {
        self.upstream_calls.load(Ordering::Relaxed)
    }

    /// The request's `T`, made (`T::default()`) on first use: what a
    /// lower layer keeps for the rest of this request, shared by every task
    /// of it.
    pub(crate) fn kept<T: Default + Send + Sync + 'static>(&self) -> Arc<T> {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        let found = kept
            .iter()
            .find(|(id, _)| *id == TypeId::of::<T>())
            .and_then(|(_, value)| Arc::clone(value).downcast::<T>().ok());
        if let Some(value) = found {
            return value;
        }
        let value = Arc::new(T::default());
        kept.push((TypeId::of::<T>(), value.clone()));
        value
    }
}

/// Spawns `future` as part of the current request (its context and its
/// tracing span), or plainly outside one.
pub(crate) fn spawn<F>(future: F) -> tokio::task::JoinHandle<F::Output>
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

    #[derive(Default)]
    struct Seen(AtomicU32);

    #[tokio::test]
    async fn what_is_kept_is_one_per_request_and_type() {
        let c = RequestContext::new(TraceParent::start(), None);
        c.kept::<Seen>().0.fetch_add(1, Ordering::Relaxed);
        let again = c
            .clone()
            .scope(async { spawn(async { RequestContext::current() }).await });
        let again = again.await.ok().flatten().map(|c| c.kept::<Seen>());
        assert_eq!(again.map(|s| s.0.load(Ordering::Relaxed)), Some(1));
        let other = RequestContext::new(TraceParent::start(), None);
        assert_eq!(other.kept::<Seen>().0.load(Ordering::Relaxed), 0);
    }

    #[tokio::test]
    async fn spawned_tasks_keep_the_request_context() {
        let c = RequestContext::new(TraceParent::start(), None);
        let trace_id = c.trace.trace_id().to_string();
        let seen = c
            .clone()
            .scope(async { spawn(async { RequestContext::current() }).await })
            .await
            .ok()
            .flatten()
            .map(|c| c.trace.trace_id().to_string());
        assert_eq!(seen, Some(trace_id));
        assert!(RequestContext::current().is_none());
    }
}
