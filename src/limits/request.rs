//! The limits that are not properties of one operation: the size of the
//! HTTP body (`limits.max_body_bytes`, checked while it is read, before it
//! is parsed; the reading is `http::protect`'s) and the number of
//! operations in a batch (`limits.max_batch`, checked before any of them
//! runs).

use async_graphql::BatchRequest;

use super::Refusal;
use crate::auth::{rules, Principal};
use crate::config::LimitsConfig;

/// `limits.max_body_bytes`.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimit {
    max: usize,
}

impl BodyLimit {
    pub fn new(limits: &LimitsConfig) -> BodyLimit {
        BodyLimit {
            max: limits.max_body_bytes,
        }
    }

    /// The most bytes of body that are read.
    pub fn max(&self) -> usize {
        self.max
    }

    /// Whether a body of `declared` bytes (its `Content-Length`) may be read.
    pub fn admits(&self, declared: u64) -> bool {
        declared <= self.max as u64
    }

    /// The refusal of a body that is (or says it is) larger.
    pub fn refusal(&self) -> Refusal {
        Refusal::new(
            "limits.max_body_bytes",
            format!(
                "the request body is larger than limits.max_body_bytes ({} bytes)",
                self.max
            ),
        )
    }
}

/// Admits a batch for `principal`: refuses one with more operations than
/// `limits.max_batch`, and prepares each operation ([`for_principal`]).
pub fn admit(
    batch: BatchRequest,
    principal: &Principal,
    limits: &LimitsConfig,
) -> Result<BatchRequest, Refusal> {
    if let BatchRequest::Batch(requests) = &batch {
        if requests.len() > limits.max_batch {
            return Err(Refusal::new(
                "limits.max_batch",
                format!(
                    "the batch has {} operations; limits.max_batch is {}",
                    requests.len(),
                    limits.max_batch
                ),
            ));
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
    if rules::introspection(principal).is_ok() {
        request
    } else {
        request.disable_introspection()
    }
}
