//! The register failures one inbound request already met, so that a failing
//! register delays a klantbeeld no more than once: GraphQL resolves level by
//! level, and without this every level that needs a register that just
//! timed out would wait for the timeout again (ARCHITECTURE.md, decision 6: "never
//! a hang"). A register that timed out or was unavailable is not asked again
//! in the same request; any other failed GET is not repeated (e.g. a
//! reference table needed at every level). The next request starts afresh;
//! the breaker looks after the longer run.
//!
//! It is resilience, not telemetry: the transport keeps it in the request's
//! [`RequestContext`] (which carries it to every task of the request) as a
//! value of its own type.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::registers::error::{ErrorKind, Register, RegisterError};
use crate::telemetry::RequestContext;

/// The failed calls of one request.
#[derive(Debug, Default)]
pub(super) struct FailedCalls {
    failed: Mutex<Failed>,
}

#[derive(Debug, Default)]
struct Failed {
    /// By `GET <url>`.
    calls: HashMap<String, RegisterError>,
    /// Registers that timed out or were unavailable.
    registers: HashMap<Register, RegisterError>,
}

impl FailedCalls {
    /// The memory of the request `context` belongs to.
    pub(super) fn of(context: &RequestContext) -> Arc<FailedCalls> {
        context.kept::<FailedCalls>()
    }

    fn failed(&self) -> MutexGuard<'_, Failed> {
        self.failed.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The error to give again instead of calling: the register's, when it
    /// timed out or was unavailable earlier in this request, else that of the
    /// same GET (`call`), if it failed.
    pub(super) fn earlier(&self, register: Register, call: Option<&str>) -> Option<RegisterError> {
        let failed = self.failed();
        failed
            .registers
            .get(&register)
            .or_else(|| call.and_then(|c| failed.calls.get(c)))
            .cloned()
    }

    /// Remembers a failed call (`call` is `GET <url>`, `None` for calls that
    /// are not repeated as they are, like POSTs).
    pub(super) fn remember(&self, call: Option<String>, error: &RegisterError) {
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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::telemetry::TraceParent;

    fn error(register: Register, kind: ErrorKind) -> RegisterError {
        RegisterError::new(register, "GET /x", kind)
    }

    #[test]
    fn a_timeout_covers_the_register_other_failures_only_their_call() {
        let context = RequestContext::new(TraceParent::start(), None);
        let c = FailedCalls::of(&context);
        let five_hundred = error(
            Register::Referentielijsten,
            ErrorKind::Upstream {
                status: 500,
                problem: None,
            },
        );
        c.remember(Some("GET http://r/items?t=A".into()), &five_hundred);
        assert_eq!(
            c.earlier(Register::Referentielijsten, Some("GET http://r/items?t=A")),
            Some(five_hundred)
        );
        assert_eq!(
            c.earlier(Register::Referentielijsten, Some("GET http://r/items?t=B")),
            None
        );

        let timeout = error(
            Register::Klantinteracties,
            ErrorKind::Timeout {
                after: Duration::from_millis(300),
            },
        );
        c.remember(None, &timeout);
        // Seen again through the request, as another task of it would.
        let again = FailedCalls::of(&context);
        assert_eq!(
            again.earlier(Register::Klantinteracties, Some("GET http://k/any")),
            Some(timeout)
        );
        assert_eq!(again.earlier(Register::Brp, None), None);
    }
}
