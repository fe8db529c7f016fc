//! The problem bodies Open Klant 2.18 answers with, in its Dutch wording
//! (vng-api-common's exception handler over DRF's exceptions, `LANGUAGE_CODE
//! = "nl-nl"`), sent as `application/json` (research §4, §16).

use axum::http::StatusCode;

use crate::problem::{InvalidParam, Problem};

/// A refusal on its way out: boxed, as problems are large and rare.
pub(crate) type Rejection = Box<Problem>;

/// 400 for bad query parameter values: DRF's `ValidationError`, whose
/// `detail` is empty and whose `invalidParams` name each bad parameter.
pub(crate) fn validation(base: &str, invalid: Vec<InvalidParam>) -> Rejection {
    let mut problem = Problem::vng(
        StatusCode::BAD_REQUEST,
        "ValidationError",
        "invalid",
        "Ongeldige invoer.",
    )
    .detail("")
    .with_base(base);
    problem.invalid_params = invalid;
    Box::new(problem)
}

/// 400 for query parameters the endpoint does not know.
pub(crate) fn unknown_parameters(base: &str, names: &[String]) -> Rejection {
    validation(
        base,
        vec![InvalidParam {
            name: "nonFieldErrors".into(),
            code: "unknown-parameters".into(),
            reason: format!("Onbekende query parameters: {}", names.join(", ")),
        }],
    )
}

/// 404: an unknown or malformed uuid in the path, or a page past the end.
pub(crate) fn not_found(base: &str, detail: &str) -> Rejection {
    Box::new(
        Problem::vng(
            StatusCode::NOT_FOUND,
            "NotFound",
            "not_found",
            "Niet gevonden.",
        )
        .detail(detail)
        .with_base(base),
    )
}

/// 401 without credentials (no `Authorization`, or another scheme).
pub(crate) fn not_authenticated(base: &str) -> Rejection {
    Box::new(
        Problem::vng(
            StatusCode::UNAUTHORIZED,
            "NotAuthenticated",
            "not_authenticated",
            "Authenticatiegegevens zijn niet opgegeven.",
        )
        .with_base(base),
    )
}

/// 401 for a `Token` header that is malformed or names no known token.
pub(crate) fn authentication_failed(base: &str, detail: &str) -> Rejection {
    Box::new(
        Problem::vng(
            StatusCode::UNAUTHORIZED,
            "AuthenticationFailed",
            "authentication_failed",
            "Ongeldige authenticatiegegevens.",
        )
        .detail(detail)
        .with_base(base),
    )
}

/// 406 when the `Accept` header names nothing the JSON renderer produces.
pub(crate) fn not_acceptable(base: &str) -> Rejection {
    Box::new(
        Problem::vng(
            StatusCode::NOT_ACCEPTABLE,
            "NotAcceptable",
            "not_acceptable",
            "Kan niet voldoen aan de opgegeven Accept header.",
        )
        .with_base(base),
    )
}
