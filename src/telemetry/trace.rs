//! W3C Trace Context (`traceparent`): the gateway joins the trace a caller
//! sends, or starts one, and every register call carries it on with a span
//! id of its own, so that a register's logs can be tied to the klantbeeld
//! request that caused them. With OTLP export on, those span ids are the
//! exported spans' ([`super::spans`]); without it they are made up here.
//!
//! Format (version 00): `00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>`,
//! lowercase, neither id all zeros. A later version is read by its first four
//! fields, as the recommendation asks; version `ff` is invalid.

use rand::Rng;

/// The trace a request belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TraceParent {
    trace_id: String,
    /// The caller's span (the parent of this request's); `None` for a
    /// trace started here.
    parent_id: Option<String>,
    flags: String,
}

impl TraceParent {
    /// Reads a `traceparent` header; `None` when it is not a valid one
    /// (then the gateway starts a trace of its own).
    pub(crate) fn parse(header: &str) -> Option<TraceParent> {
        let header = header.trim();
        let mut parts = header.split('-');
        let version = parts.next()?;
        let trace_id = parts.next()?;
        let parent_id = parts.next()?;
        let flags = parts.next()?;
        let rest_ok = match version {
            "00" => parts.next().is_none(),
            _ => true,
        };
        let ok = rest_ok
            && is_hex(version, 2)
            && version != "ff"
            && is_hex(trace_id, 32)
            && is_hex(parent_id, 16)
            && is_hex(flags, 2)
            && !all_zero(trace_id)
            && !all_zero(parent_id);
        ok.then(|| TraceParent {
            trace_id: trace_id.to_string(),
            parent_id: Some(parent_id.to_string()),
            flags: flags.to_string(),
        })
    }

    /// A new trace. The flags say "not sampled": without an exporter the
    /// gateway records no spans, so it does not claim to (with one, the
    /// sampler decides and the spans carry its decision).
    pub(crate) fn start() -> TraceParent {
        let id: u128 = rand::thread_rng().gen_range(1..=u128::MAX);
        TraceParent {
            trace_id: format!("{id:032x}"),
            parent_id: None,
            flags: "00".to_string(),
        }
    }

    /// The trace id (32 lowercase hex digits).
    pub(crate) fn trace_id(&self) -> &str {
        &self.trace_id
    }

    /// The caller's span id (16 lowercase hex digits), when a caller sent one.
    pub(crate) fn parent_id(&self) -> Option<&str> {
        self.parent_id.as_deref()
    }

    /// Whether the caller asked for this trace to be recorded.
    pub(crate) fn sampled(&self) -> bool {
        u8::from_str_radix(&self.flags, 16).is_ok_and(|f| f & 1 == 1)
    }

    /// The `traceparent` for one outgoing call: this trace, a new span id.
    pub(crate) fn child(&self) -> String {
        let span: u64 = rand::thread_rng().gen_range(1..=u64::MAX);
        format!("00-{}-{span:016x}-{}", self.trace_id, self.flags)
    }
}

/// `n` lowercase hex digits.
fn is_hex(text: &str, n: usize) -> bool {
    text.len() == n && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn all_zero(text: &str) -> bool {
    text.bytes().all(|b| b == b'0')
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALID: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    #[test]
    fn a_valid_header_is_joined_and_children_keep_trace_and_flags() {
        let t = TraceParent::parse(VALID).expect("valid");
        assert_eq!(t.trace_id(), "4bf92f3577b34da6a3ce929d0e0e4736");
        let child = t.child();
        let again = TraceParent::parse(&child).expect("a child is valid");
        assert_eq!(again.trace_id(), t.trace_id());
        assert_eq!(t.parent_id(), Some("00f067aa0ba902b7"));
        assert_ne!(again.parent_id(), t.parent_id());
        assert!(t.sampled() && again.sampled());
        assert!(child.ends_with("-01"));
        assert_ne!(child, t.child(), "each call has its own span id");
        // A later version with more fields is read by its first four.
        assert!(
            TraceParent::parse("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x")
                .is_some()
        );
    }

    #[test]
    fn invalid_headers_are_refused() {
        for bad in [
            "",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
            "00-4bf92f3577b34da6a3ce929d0e0e47-00f067aa0ba902b7-01",
        ] {
            assert_eq!(TraceParent::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_started_trace_is_valid() {
        let t = TraceParent::start();
        assert!(TraceParent::parse(&t.child()).is_some());
        assert!(t.child().ends_with("-00"));
        assert_eq!(t.parent_id(), None);
        assert!(!t.sampled());
    }
}
