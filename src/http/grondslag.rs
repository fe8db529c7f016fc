//! Who asks and why, as a GraphQL request gives it (see
//! [`OpgegevenGrondslag`]). Today it comes from three headers, with the
//! configured defaults (`[brp] default_*`) where one is absent. With a
//! verified token, its subject and purpose claim replace the user and the
//! purpose (`http::authn::bind_context`).

use axum::http::HeaderMap;

use crate::audit::{valid_value, OpgegevenGrondslag, MAX_LENGTH};
use crate::config::BrpConfig;

/// The user on whose behalf the request is made.
pub const GEBRUIKER: &str = "x-gebruiker";
/// The legal ground of the processing.
pub const DOELBINDING: &str = "x-doelbinding";
/// The processing activity.
pub const VERWERKING: &str = "x-verwerking";

/// Who asks and why by these headers; `Err` names a header whose value
/// cannot be used (not text, empty, too long, or not visible ASCII).
pub fn opgegeven(headers: &HeaderMap, brp: &BrpConfig) -> Result<OpgegevenGrondslag, String> {
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
    Ok(OpgegevenGrondslag {
        gebruiker: value(GEBRUIKER, &brp.default_gebruiker)?,
        doelbinding: value(DOELBINDING, &brp.default_doelbinding)?,
        verwerking: value(VERWERKING, &brp.default_verwerking)?,
    })
}
