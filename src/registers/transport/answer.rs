//! Reading an answer: a complete response becomes the decoded value with
//! the object counts the observer reports, or the [`ErrorKind`] its status
//! and problem body describe; a failure before that becomes `Unavailable`
//! or `Timeout`.

use std::time::Duration;

use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::registers::error::{ErrorKind, Problem};

/// A failure before a complete answer arrived.
pub(super) fn transport_error(e: &reqwest::Error, timeout: Duration) -> ErrorKind {
    if e.is_connect() {
        return ErrorKind::Unavailable {
            reason: format!("cannot connect: {}", root_cause(e)),
            retry_after: None,
        };
    }
    if e.is_timeout() {
        return ErrorKind::Timeout { after: timeout };
    }
    ErrorKind::Unavailable {
        reason: root_cause(e),
        retry_after: None,
    }
}

/// The innermost cause of an error (e.g. `Connection refused (os error 111)`).
/// reqwest's own message includes the URL, and with it query values (a BSN
/// filter): without a deeper cause it is cut before the URL.
fn root_cause(e: &reqwest::Error) -> String {
    let mut last: Option<&dyn std::error::Error> = None;
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        last = Some(c);
        cause = c.source();
    }
    match last {
        Some(c) => c.to_string(),
        None => {
            let text = e.to_string();
            match text.find(" for url (") {
                Some(at) => text[..at].to_string(),
                None => text,
            }
        }
    }
}

/// Turns a complete answer into `T` with its object counts, or the error the
/// status and problem body describe.
pub(super) fn decode<T: DeserializeOwned>(
    status: StatusCode,
    body: &[u8],
    elapsed: Duration,
) -> Result<(T, usize, usize), ErrorKind> {
    if status.is_success() {
        let value: Value = serde_json::from_slice(body).map_err(|e| ErrorKind::Malformed {
            reason: format!("body is not JSON ({e})"),
        })?;
        let objects = count_objects(&value);
        let expanded = count_expanded(&value);
        let decoded = serde_json::from_value(value).map_err(|e| ErrorKind::Malformed {
            reason: e.to_string(),
        })?;
        return Ok((decoded, objects, expanded));
    }
    let problem = Problem::from_body(body).map(Box::new);
    Err(match status.as_u16() {
        400 => ErrorKind::BadRequest { problem },
        401 | 403 => ErrorKind::Unauthorized {
            status: status.as_u16(),
            problem,
        },
        404 => ErrorKind::NotFound { problem },
        429 | 503 => ErrorKind::Unavailable {
            reason: format!(
                "answered {status}{}",
                problem
                    .and_then(|p| p.title.or(p.detail))
                    .map(|t| format!(": {t}"))
                    .unwrap_or_default()
            ),
            retry_after: None,
        },
        504 => ErrorKind::Timeout { after: elapsed },
        other => ErrorKind::Upstream {
            status: other,
            problem,
        },
    })
}

/// The objects an answer carries: a page's results, a BRP answer's persons,
/// else one object.
fn count_objects(value: &Value) -> usize {
    for list in ["results", "personen"] {
        if let Some(items) = value.get(list).and_then(Value::as_array) {
            return items.len();
        }
    }
    match value {
        Value::Array(items) => items.len(),
        Value::Object(_) => 1,
        _ => 0,
    }
}

/// The objects inlined through `_expand`, at any depth.
fn count_expanded(value: &Value) -> usize {
    match value {
        Value::Object(map) => map
            .iter()
            .map(|(key, member)| {
                if key == "_expand" {
                    expanded_members(member)
                } else {
                    count_expanded(member)
                }
            })
            .sum(),
        Value::Array(items) => items.iter().map(count_expanded).sum(),
        _ => 0,
    }
}

/// The objects in one `_expand` member, and what they expand in turn.
fn expanded_members(expand: &Value) -> usize {
    let Some(members) = expand.as_object() else {
        return 0;
    };
    members
        .values()
        .map(|member| match member {
            Value::Array(items) => items.len() + items.iter().map(count_expanded).sum::<usize>(),
            Value::Object(_) => 1 + count_expanded(member),
            _ => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn expanded_objects_are_counted_at_every_depth() {
        let page = json!({"count": 2, "next": null, "results": [
            {"uuid": "a", "_expand": {
                "hadBetrokkenen": [{"uuid": "b", "_expand": {"wasPartij": {"uuid": "p"}}}],
                "leiddeTotInterneTaken": [{"uuid": "t1"}, {"uuid": "t2"}],
                "omvatteBijlagen": []}},
            {"uuid": "c", "_expand": {"hadBetrokkenen": [{"uuid": "d", "_expand": {"wasPartij": null}}]}}
        ]});
        assert_eq!(count_objects(&page), 2);
        // b, p, t1, t2 under a; d under c.
        assert_eq!(count_expanded(&page), 5);
        assert_eq!(count_objects(&json!({"uuid": "x"})), 1);
        assert_eq!(
            count_objects(&json!({"type": "T", "personen": [{}, {}, {}]})),
            3
        );
    }

    #[test]
    fn statuses_map_to_kinds() {
        let kind = |status: u16, body: &str| {
            decode::<Value>(
                StatusCode::from_u16(status).unwrap_or(StatusCode::IM_A_TEAPOT),
                body.as_bytes(),
                Duration::from_millis(3),
            )
            .err()
        };
        assert!(matches!(
            kind(404, "{}"),
            Some(ErrorKind::NotFound { problem: None })
        ));
        assert!(matches!(
            kind(400, r#"{"code":"invalid","title":"Invalid input."}"#),
            Some(ErrorKind::BadRequest { problem: Some(_) })
        ));
        assert!(matches!(
            kind(401, ""),
            Some(ErrorKind::Unauthorized { status: 401, .. })
        ));
        assert!(matches!(
            kind(403, ""),
            Some(ErrorKind::Unauthorized { status: 403, .. })
        ));
        assert!(matches!(kind(503, ""), Some(ErrorKind::Unavailable { .. })));
        assert!(matches!(kind(504, ""), Some(ErrorKind::Timeout { .. })));
        assert!(matches!(
            kind(500, ""),
            Some(ErrorKind::Upstream { status: 500, .. })
        ));
        assert!(matches!(
            kind(200, r#"{"resu"#),
            Some(ErrorKind::Malformed { .. })
        ));
        assert_eq!(kind(200, r#"{"results": []}"#), None);
    }
}
