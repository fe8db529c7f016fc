//! One error type for every register call, in the register layer's own
//! vocabulary: which register, which operation, what kind of fault (with
//! the status and problem body the register sent). The GraphQL layer maps
//! it to a partial result with a stable `extensions.code`
//! (in its `error` module); nothing here knows those codes.
//!
//! Messages name the register and the operation by its path template, never
//! a URL (query strings carry BSNs), a header or a token.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// A register the gateway federates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Register {
    Klantinteracties,
    Brp,
    Referentielijsten,
    /// Open Notificaties, where the gateway registers its abonnement.
    Notificaties,
}

impl Register {
    /// The name used in `extensions.register`, metrics and logs.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Register::Klantinteracties => "klantinteracties",
            Register::Brp => "brp",
            Register::Referentielijsten => "referentielijsten",
            Register::Notificaties => "notificaties",
        }
    }

    /// The name for people, in messages.
    pub(crate) fn title(self) -> &'static str {
        match self {
            Register::Klantinteracties => "Klantinteracties",
            Register::Brp => "BRP",
            Register::Referentielijsten => "Referentielijsten",
            Register::Notificaties => "Notificaties",
        }
    }
}

impl fmt::Display for Register {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A problem body (RFC 7807) as Open Klant / vng-api-common and the BRP send
/// it; every member optional, since proxies and older releases differ.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Problem {
    #[serde(rename = "type")]
    pub type_uri: Option<String>,
    /// The register's machine code: `invalid`, `not_found`, `paramsValidation`,
    /// `tooManyResults`, `unauthorizedField`, …
    pub code: Option<String>,
    pub title: Option<String>,
    pub status: Option<u16>,
    pub detail: Option<String>,
    pub instance: Option<String>,
    #[serde(deserialize_with = "crate::registers::tolerant::null_as_default")]
    pub invalid_params: Vec<InvalidParam>,
}

/// One rejected parameter of a 400.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct InvalidParam {
    /// The parameter, e.g. `expand`, `nonFieldErrors`, `fields[1]`.
    pub name: String,
    pub code: String,
    pub reason: String,
}

impl Problem {
    /// Decodes a problem body; `None` when the body is not one.
    pub(crate) fn from_body(body: &[u8]) -> Option<Problem> {
        let problem: Problem = serde_json::from_slice(body).ok()?;
        let empty = problem.code.is_none()
            && problem.title.is_none()
            && problem.detail.is_none()
            && problem.invalid_params.is_empty();
        (!empty).then_some(problem)
    }

    /// `title` (or `detail`), then each invalid parameter.
    fn summary(&self) -> String {
        let mut text = self
            .title
            .clone()
            .or_else(|| self.detail.clone())
            .unwrap_or_default();
        for p in &self.invalid_params {
            if !text.is_empty() {
                text.push_str("; ");
            }
            text.push_str(&format!("{}: {}", p.name, p.reason));
        }
        text
    }
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorKind {
    /// No connection (refused, DNS, TLS), the register says it is
    /// unavailable (503) or overloaded (429), its breaker is open, or the
    /// gateway refused the call at once because the waits for the
    /// register's slots exceed what the request's deadline allows.
    /// `retry_after`: when trying again may help, if known.
    Unavailable {
        reason: String,
        retry_after: Option<Duration>,
    },
    /// No complete answer within the request timeout (or a 504 from a proxy).
    Timeout { after: Duration },
    /// The request's deadline ran out before the call could finish (while
    /// waiting for a slot, or with too little time left for the register's
    /// own timeout to say anything about the register): the request's
    /// time, not the register's fault, so it does not count against the
    /// breaker.
    OutOfTime { after: Duration },
    /// 404: the object does not exist (or a page past the end).
    NotFound { problem: Option<Box<Problem>> },
    /// 400: the register rejected the request's parameters.
    BadRequest { problem: Option<Box<Problem>> },
    /// 401 or 403: the gateway's credentials do not allow this.
    Unauthorized {
        status: u16,
        problem: Option<Box<Problem>>,
    },
    /// Any other failure status (5xx, unexpected 4xx).
    Upstream {
        status: u16,
        problem: Option<Box<Problem>>,
    },
    /// A success status with a body that is not what the register promises.
    Malformed { reason: String },
    /// The register's release cannot do what was asked (store a field,
    /// filter precisely); found before any call, so nothing was sent.
    Unsupported {
        /// The release that cannot; `None` when no release can.
        release: Option<String>,
        what: String,
    },
}

impl ErrorKind {
    /// The kind of fault as a short name, for logs and span attributes.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            ErrorKind::Unavailable { .. } => "unavailable",
            ErrorKind::Timeout { .. } => "timeout",
            ErrorKind::OutOfTime { .. } => "out_of_time",
            ErrorKind::NotFound { .. } => "not_found",
            ErrorKind::BadRequest { .. } => "bad_request",
            ErrorKind::Unauthorized { .. } => "unauthorized",
            ErrorKind::Upstream { .. } => "upstream",
            ErrorKind::Malformed { .. } => "malformed",
            ErrorKind::Unsupported { .. } => "unsupported",
        }
    }
}

/// A failed register call: which register, which operation, what happened.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterError {
    pub register: Register,
    /// The method and path template, e.g. `GET /klantcontacten/{uuid}`.
    pub operation: String,
    pub kind: ErrorKind,
}

impl RegisterError {
    pub(crate) fn new(register: Register, operation: impl Into<String>, kind: ErrorKind) -> Self {
        RegisterError {
            register,
            operation: operation.into(),
            kind,
        }
    }

    /// The problem body the register sent, if any.
    pub fn problem(&self) -> Option<&Problem> {
        match &self.kind {
            ErrorKind::NotFound { problem }
            | ErrorKind::BadRequest { problem }
            | ErrorKind::Unauthorized { problem, .. }
            | ErrorKind::Upstream { problem, .. } => problem.as_deref(),
            ErrorKind::Unavailable { .. }
            | ErrorKind::Timeout { .. }
            | ErrorKind::OutOfTime { .. }
            | ErrorKind::Malformed { .. }
            | ErrorKind::Unsupported { .. } => None,
        }
    }

    /// When trying again may help, if the fault says.
    pub fn retry_after(&self) -> Option<Duration> {
        match &self.kind {
            ErrorKind::Unavailable { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Whether the object simply does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self.kind, ErrorKind::NotFound { .. })
    }
}

impl fmt::Display for RegisterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let register = self.register.title();
        let op = &self.operation;
        let with_problem = |p: &Option<Box<Problem>>| match p.as_deref().map(Problem::summary) {
            Some(s) if !s.is_empty() => format!(": {s}"),
            _ => String::new(),
        };
        match &self.kind {
            ErrorKind::Unavailable { reason, .. } => {
                write!(f, "{register} is unavailable ({op}): {reason}")
            }
            ErrorKind::OutOfTime { after } => write!(
                f,
                "{register} could not answer {op} within the request's deadline ({} ms left for it)",
                after.as_millis()
            ),
            ErrorKind::Timeout { after } => write!(
                f,
                "{register} did not answer {op} within {} ms",
                after.as_millis()
            ),
            ErrorKind::NotFound { problem } => {
                write!(
                    f,
                    "{register} found nothing at {op}{}",
                    with_problem(problem)
                )
            }
            ErrorKind::BadRequest { problem } => {
                write!(f, "{register} rejected {op}{}", with_problem(problem))
            }
            ErrorKind::Unauthorized { status, problem } => write!(
                f,
                "{register} refused access to {op} ({status}){}",
                with_problem(problem)
            ),
            ErrorKind::Upstream { status, problem } => write!(
                f,
                "{register} failed on {op} ({status}){}",
                with_problem(problem)
            ),
            ErrorKind::Malformed { reason } => {
                write!(f, "{register} sent a malformed answer to {op}: {reason}")
            }
            ErrorKind::Unsupported {
                release: Some(release),
                what,
            } => write!(
                f,
                "{register} is Open Klant {release}, which cannot do this ({op}): {what}; nothing was sent"
            ),
            ErrorKind::Unsupported {
                release: None,
                what,
            } => write!(
                f,
                "{register} cannot do this ({op}): {what}; nothing was sent"
            ),
        }
    }
}

impl std::error::Error for RegisterError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_of_both_registers_decode_and_name_their_parameters() {
        let vng = br#"{"type":"http://x/ref/fouten/ValidationError/","code":"invalid","title":"Invalid input.","status":400,"detail":"","instance":"urn:uuid:1","invalidParams":[{"name":"expand","code":"invalid_choice","reason":"Ongeldige keuze."}]}"#;
        let brp = br#"{"type":"https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.1","title":"Een of meerdere parameters zijn niet correct.","status":400,"detail":"De foutieve parameter(s) zijn: burgerservicenummer.","code":"paramsValidation","instance":"/haalcentraal/api/brp/personen","invalidParams":[{"type":"https://x","code":"maxItems","name":"burgerservicenummer","reason":"Array bevat meer dan 20 items."}]}"#;
        for (body, param) in [(&vng[..], "expand"), (&brp[..], "burgerservicenummer")] {
            let problem = Problem::from_body(body).expect("a problem");
            assert_eq!(problem.status, Some(400));
            assert_eq!(problem.invalid_params[0].name, param);
            let err = RegisterError::new(
                Register::Brp,
                "POST /personen",
                ErrorKind::BadRequest {
                    problem: Some(Box::new(problem)),
                },
            );
            assert_eq!(err.kind.name(), "bad_request");
            assert!(err.to_string().starts_with("BRP rejected POST /personen: "));
            assert!(err.to_string().contains(param), "{err}");
        }
        assert_eq!(Problem::from_body(b"<html>bad gateway</html>"), None);
        assert_eq!(Problem::from_body(b"{}"), None);
    }
}
