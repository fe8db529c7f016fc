//! The request context of a GraphQL request: who asks and why (see
//! [`RequestContext`]). Today it comes from three headers, with the
//! configured defaults (`[brp] default_*`) where one is absent; when the
//! gateway authenticates its callers, the user and the purpose will come
//! from the token's claims instead, and this is the one place to change.

use axum::http::HeaderMap;

use crate::audit::{valid_value, RequestContext, MAX_LENGTH};
use crate::config::BrpConfig;

/// The user on whose behalf the request is made.
pub const GEBRUIKER: &str = "x-gebruiker";
/// The legal ground of the processing.
pub const DOELBINDING: &str = "x-doelbinding";
/// The processing activity.
pub const VERWERKING: &str = "x-verwerking";

/// The context of a request with these headers; `Err` names a header whose
/// value cannot be used (not text, empty, too long, or not visible ASCII).
pub fn request_context(headers: &HeaderMap, brp: &BrpConfig) -> Result<RequestContext, String> {
    let value = |name: &str, default: &str| -> Result<Option<String>, String> {
        match headers.get(name) {
            None => Ok(Some(default.to_string()).filter(|d| !d.is_empty())),
            Some(v) => match v.to_str() {
                Ok(text) if valid_value(text) => Ok(Some(text.trim().to_string())),
                _ => Err(format!(
                    "header {name} must be 1 to {MAX_LENGTH} visible ASCII characters"
                )),
            },
        }
    };
    Ok(RequestContext {
        gebruiker: value(GEBRUIKER, &brp.default_gebruiker)?,
        doelbinding: value(DOELBINDING, &brp.default_doelbinding)?,
        verwerking: value(VERWERKING, &brp.default_verwerking)?,
    })
}
