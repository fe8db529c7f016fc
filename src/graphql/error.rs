//! GraphQL errors with the codes of ARCHITECTURE.md, decision 6: every error carries
//! `extensions.code`, and those caused by a register `extensions.register`.
//! The mapping from a register's kind of fault to its code lives here
//! ([`ErrorCode`]), one for every register (the README's table "fault →
//! code → retry advice" is this match): the register layer speaks only its
//! own vocabulary, and no resolver maps a register's fault on its own.

use async_graphql::{Error, ErrorExtensions};

use crate::registers::{ErrorKind, RegisterError};

/// The GraphQL `extensions.code` of a failure.
pub trait ErrorCode {
    fn code(&self) -> &'static str;
}

impl ErrorCode for RegisterError {
    fn code(&self) -> &'static str {
        match self.kind {
            ErrorKind::Unavailable { .. } => "UPSTREAM_UNAVAILABLE",
            ErrorKind::Timeout { .. } | ErrorKind::OutOfTime { .. } => "UPSTREAM_TIMEOUT",
            ErrorKind::NotFound { .. } => "NOT_FOUND",
            ErrorKind::BadRequest { .. } | ErrorKind::Unsupported { .. } => "BAD_USER_INPUT",
            ErrorKind::Unauthorized { .. } => "FORBIDDEN",
            ErrorKind::Upstream { .. } | ErrorKind::Malformed { .. } => "UPSTREAM_ERROR",
        }
    }
}

/// `BAD_USER_INPUT`: the request itself is wrong; `field` names the argument.
pub(crate) fn bad_input(field: &str, message: impl std::fmt::Display) -> Error {
    Error::new(format!("{field}: {message}")).extend_with(|_, e| {
        e.set("code", "BAD_USER_INPUT");
        e.set("field", field);
    })
}

/// `NOT_FOUND`: what was asked for does not exist in `register`.
pub(crate) fn not_found(register: &str, what: impl std::fmt::Display) -> Error {
    Error::new(format!("{what} not found in {register}")).extend_with(|_, e| {
        e.set("code", "NOT_FOUND");
        e.set("register", register);
    })
}

/// The error for a failed register call, at the field that needed it:
/// `extensions.code` from the kind of failure, `extensions.register` naming
/// the register, and `extensions.retryAfter` (whole seconds, rounded up,
/// as HTTP's `Retry-After`) when the fault says when trying again may help
/// (an open breaker, a call refused by admission control). The message is
/// the register error's, which never holds a credential.
pub(crate) fn from_register(e: &RegisterError) -> Error {
    let code = e.code();
    let register = e.register.as_str();
    let retry_after = e
        .retry_after()
        .map(|d| d.as_millis().div_ceil(1000).max(1) as u64);
    Error::new(e.to_string()).extend_with(move |_, ext| {
        ext.set("code", code);
        ext.set("register", register);
        if let Some(seconds) = retry_after {
            ext.set("retryAfter", seconds);
        }
    })
}

/// A code the register sent that this gateway does not know (a newer
/// register release); the field that holds it fails, the rest stands.
pub(crate) fn unknown_code(field: &str, code: &str) -> Error {
    Error::new(format!(
        "the register sent {field} {code:?}, which this gateway does not know"
    ))
    .extend_with(|_, e| {
        e.set("code", "UPSTREAM_ERROR");
        e.set("register", "klantinteracties");
    })
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::registers::Register;

    #[test]
    fn every_kind_has_its_code() {
        let codes: Vec<&str> = [
            ErrorKind::Unavailable {
                reason: "connection refused".into(),
                retry_after: None,
            },
            ErrorKind::Timeout {
                after: Duration::from_millis(5),
            },
            ErrorKind::OutOfTime {
                after: Duration::from_millis(5),
            },
            ErrorKind::NotFound { problem: None },
            ErrorKind::BadRequest { problem: None },
            ErrorKind::Unauthorized {
                status: 401,
                problem: None,
            },
            ErrorKind::Upstream {
                status: 500,
                problem: None,
            },
            ErrorKind::Malformed {
                reason: "EOF".into(),
            },
        ]
        .into_iter()
        .map(|kind| RegisterError::new(Register::Klantinteracties, "GET /x", kind).code())
        .collect();
        assert_eq!(
            codes,
            [
                "UPSTREAM_UNAVAILABLE",
                "UPSTREAM_TIMEOUT",
                "UPSTREAM_TIMEOUT",
                "NOT_FOUND",
                "BAD_USER_INPUT",
                "FORBIDDEN",
                "UPSTREAM_ERROR",
                "UPSTREAM_ERROR"
            ]
        );
    }
}
