//! Problem bodies as each register sends them (RFC 7807 shape).
//!
//! Open Klant (vng-api-common) and the BRP differ in details that clients
//! notice: Open Klant 2.18 sends its problems as `application/json` with a
//! `urn:uuid:` instance, the BRP as `application/problem+json` with the
//! request path as instance. One builder serves both, so that handlers name
//! only what is wrong.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// One entry of `invalidParams`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct InvalidParam {
    pub(crate) name: String,
    pub(crate) code: String,
    pub(crate) reason: String,
}

/// Which register's conventions a problem follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// vng-api-common, as Open Klant and the Referentielijsten API send it.
    Vng,
    /// Haal Centraal BRP.
    Brp,
}

/// A problem response under construction.
#[derive(Debug, Clone)]
pub(crate) struct Problem {
    pub(crate) style: Style,
    pub(crate) status: StatusCode,
    pub(crate) code: String,
    pub(crate) title: String,
    pub(crate) detail: String,
    pub(crate) type_uri: String,
    pub(crate) instance: String,
    pub(crate) invalid_params: Vec<InvalidParam>,
}

impl Problem {
    /// A vng-api-common problem; `class` is the exception class that names
    /// the `type` (`ValidationError`, `NotFound`, `NotAuthenticated`, …).
    pub(crate) fn vng(status: StatusCode, class: &str, code: &str, title: &str) -> Problem {
        Problem {
            style: Style::Vng,
            status,
            code: code.into(),
            title: title.into(),
            detail: title.into(),
            type_uri: format!("/ref/fouten/{class}/"),
            instance: format!("urn:uuid:{}", uuid::Uuid::new_v4()),
            invalid_params: Vec::new(),
        }
    }

    /// A BRP problem; `instance` is the request path.
    pub(crate) fn brp(status: StatusCode, code: &str, title: &str, instance: &str) -> Problem {
        let section = match status.as_u16() {
            400 => "6.5.1",
            401 => "3.1",
            403 => "6.5.3",
            404 => "6.5.4",
            406 => "6.5.6",
            415 => "6.5.13",
            _ => "6.6.1",
        };
        Problem {
            style: Style::Brp,
            status,
            code: code.into(),
            title: title.into(),
            detail: String::new(),
            type_uri: format!("https://datatracker.ietf.org/doc/html/rfc7231#section-{section}"),
            instance: instance.into(),
            invalid_params: Vec::new(),
        }
    }

    pub(crate) fn detail(mut self, detail: impl Into<String>) -> Problem {
        self.detail = detail.into();
        self
    }

    pub(crate) fn invalid(mut self, name: &str, code: &str, reason: impl Into<String>) -> Problem {
        self.invalid_params.push(InvalidParam {
            name: name.into(),
            code: code.into(),
            reason: reason.into(),
        });
        self
    }

    /// Makes a relative `type` absolute with the request's base URL (Open
    /// Klant builds it from the request host).
    pub(crate) fn with_base(mut self, base: &str) -> Problem {
        if self.type_uri.starts_with('/') {
            self.type_uri = format!("{}{}", base.trim_end_matches('/'), self.type_uri);
        }
        self
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let mut body = serde_json::json!({
            "type": self.type_uri,
            "code": self.code,
            "title": self.title,
            "status": self.status.as_u16(),
            "detail": self.detail,
            "instance": self.instance,
        });
        // vng-api-common adds `invalidParams` to a validation error only: a
        // 400 `parse_error` (malformed JSON) has none (recorded on 2.18.0).
        let validation =
            matches!(self.style, Style::Brp) || self.type_uri.ends_with("/ValidationError/");
        if !self.invalid_params.is_empty() || (self.status == StatusCode::BAD_REQUEST && validation)
        {
            body["invalidParams"] = serde_json::to_value(&self.invalid_params).unwrap_or_default();
        }
        let content_type = match self.style {
            Style::Vng => "application/json",
            Style::Brp => "application/problem+json",
        };
        (
            self.status,
            [(header::CONTENT_TYPE, content_type)],
            body.to_string(),
        )
            .into_response()
    }
}
