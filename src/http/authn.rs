//! The authentication middleware of `/graphql`: the `Authorization` header
//! becomes a [`Principal`] in the request's extensions, or the request ends
//! with 401. Every refusal has the same body and header, whatever was wrong
//! (expired, wrong audience, bad signature, garbage): the reason goes to the
//! gateway's log only, so the answer teaches an attacker nothing.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::audit::{valid_value, OpgegevenGrondslag};
use crate::auth::{Authenticator, Principal};

/// Verifies the caller and passes the principal on to the handler.
pub async fn authenticate(
    State(auth): State<Arc<Authenticator>>,
    mut request: Request,
    next: Next,
) -> Response {
    let header = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    match auth.authorization(header).await {
        Ok(principal) => {
            tracing::Span::current().record("principal", principal.subject.as_str());
            request.extensions_mut().insert::<Principal>(principal);
            next.run(request).await
        }
        Err(_) => {
            tracing::Span::current().record("principal", "unauthenticated");
            unauthorized()
        }
    }
}

/// The one 401 answer.
pub fn unauthorized() -> Response {
    let body = serde_json::json!({
        "errors": [{ "message": "unauthorized", "extensions": { "code": "UNAUTHENTICATED" } }]
    });
    (
        StatusCode::UNAUTHORIZED,
        [(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"klantbeeld\""),
        )],
        axum::Json(body),
    )
        .into_response()
}

/// Who asks and why as the token fixes it: the token's subject is the
/// user and its purpose claim, when it has one, the doelbinding; headers
/// cannot contradict a verified token. Without a token (the development
/// principal) the headers and defaults stand. A claim that cannot travel
/// as a header value is dropped, so a BRP look-up then lacks it and is
/// refused.
pub fn bind_context(mut context: OpgegevenGrondslag, principal: &Principal) -> OpgegevenGrondslag {
    if !principal.authenticated {
        return context;
    }
    context.gebruiker = Some(principal.subject.clone()).filter(|s| valid_value(s));
    if let Some(purpose) = &principal.purpose {
        context.doelbinding = Some(purpose.clone()).filter(|p| valid_value(p));
    }
    context
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn context() -> OpgegevenGrondslag {
        OpgegevenGrondslag {
            gebruiker: Some("header-user".into()),
            doelbinding: Some("header-doel".into()),
            verwerking: Some("klantbeeld tonen".into()),
        }
    }

    #[test]
    fn a_token_fixes_user_and_purpose() {
        let roles = BTreeMap::new();
        let p = Principal::new("u-1".into(), vec![], Some("KCC".into()), &roles);
        let c = bind_context(context(), &p);
        assert_eq!(c.gebruiker.as_deref(), Some("u-1"));
        assert_eq!(c.doelbinding.as_deref(), Some("KCC"));
        assert_eq!(c.verwerking.as_deref(), Some("klantbeeld tonen"));
        let without_purpose = Principal::new("u-1".into(), vec![], None, &roles);
        assert_eq!(
            bind_context(context(), &without_purpose)
                .doelbinding
                .as_deref(),
            Some("header-doel")
        );
        let bad = Principal::new("u-1".into(), vec![], Some("a\u{7f}b".into()), &roles);
        assert_eq!(bind_context(context(), &bad).doelbinding, None);
        assert_eq!(
            bind_context(context(), &Principal::development(&roles)),
            context()
        );
    }
}
