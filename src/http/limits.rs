//! The request limits that are not properties of one query: the size of the
//! HTTP body (checked while it is read, before it is parsed) and the number
//! of operations in a batch (checked before any of them runs). Both answer
//! with a GraphQL error body whose `extensions.limit` names the
//! configuration key. Per-operation limits (document size, depth,
//! complexity, aliases, introspection) are in `graphql::guard::limits`.

use async_graphql::BatchRequest;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::auth::{Ability, Principal};
use crate::config::LimitsConfig;
use crate::graphql::guard::limits::limit_error;

/// A refused request: `status` and one `LIMIT_EXCEEDED` error naming `limit`.
#[derive(Debug)]
pub struct Refusal {
    pub status: StatusCode,
    pub limit: &'static str,
    pub message: String,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "errors": [limit_error(self.limit, self.message)] });
        (self.status, axum::Json(body)).into_response()
    }
}

/// Reads the body up to `limits.max_body_bytes`; a longer one ends the
/// request with 413 before the rest is read.
pub async fn limit_body(State(max): State<usize>, request: Request, next: Next) -> Response {
    let too_large = || {
        Refusal {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            limit: "limits.max_body_bytes",
            message: format!("the request body is larger than limits.max_body_bytes ({max} bytes)"),
        }
        .into_response()
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return too_large();
    }
    let (parts, body) = request.into_parts();
    match axum::body::to_bytes(body, max).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(_) => too_large(),
    }
}

/// Admits a batch for `principal`: refuses one with more operations than
/// `limits.max_batch`, and gives each operation the principal (for the
/// resolvers' checks) and, without `introspectie`, no introspection.
pub fn admit(
    batch: BatchRequest,
    principal: &Principal,
    limits: &LimitsConfig,
) -> Result<BatchRequest, Refusal> {
    if let BatchRequest::Batch(requests) = &batch {
        if requests.len() > limits.max_batch {
            return Err(Refusal {
                status: StatusCode::BAD_REQUEST,
                limit: "limits.max_batch",
                message: format!(
                    "the batch has {} operations; limits.max_batch is {}",
                    requests.len(),
                    limits.max_batch
                ),
            });
        }
    }
    let prepare = |r| for_principal(r, principal);
    Ok(match batch {
        BatchRequest::Single(r) => BatchRequest::Single(prepare(r)),
        BatchRequest::Batch(rs) => BatchRequest::Batch(rs.into_iter().map(prepare).collect()),
    })
}

/// Gives one operation the principal (for the resolvers' checks) and,
/// without `introspectie`, no introspection.
pub fn for_principal(
    request: async_graphql::Request,
    principal: &Principal,
) -> async_graphql::Request {
    let request = request.data(principal.clone());
    if principal.can(Ability::Introspectie) {
        request
    } else {
        request.disable_introspection()
    }
}
