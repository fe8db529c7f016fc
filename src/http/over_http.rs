//! GraphQL over HTTP, as the GraphQL Foundation's draft specifies it
//! (`graphql-over-http`, "GraphQL over HTTP", current working draft): how a
//! request is read from `GET /graphql` and `POST /graphql` (and
//! `/graphql/sse`), and how an answer's status code and body follow from
//! the result and the media type [`accept`](super::accept) chose.
//!
//! Requests:
//! - `GET`: the parameters in the query string (`query`, `operationName`,
//!   `variables` and `extensions` as JSON text), for queries only: a
//!   mutation is refused with 405 and `Allow: POST` before it runs
//!   ([`refuse_mutation_over_get`]). GET is a "simple" request that a
//!   browser sends cross-site without asking (CORS preflight), so nothing
//!   that writes may run from one.
//! - `POST`: the body must be `application/json` (UTF-8); anything else is
//!   415 naming the content type that came. `text/plain`, form posts and
//!   multipart are what a page on another site can send without a
//!   preflight, so they never run. The body is one request object or, a
//!   batch, an array of them (at most `limits.max_batch`).
//! - A request that is not well-formed (no JSON, `query` missing or not a
//!   string, `variables` or `extensions` not an object, `operationName` not
//!   a string) is 400 with a GraphQL error that names what is wrong.
//!
//! Answers: with `application/json` every well-formed request gets 200;
//! with `application/graphql-response+json` a request that never ran (its
//! document does not parse or validate, its variables do not coerce, a
//! limit refuses it) gets 400 (403 when only a missing ability refused it),
//! and then has no `data` entry, as the GraphQL specification says of
//! request errors (with either media type). Every answer carries
//! `Cache-Control: private, no-store`: it may hold personal data, which no
//! browser or shared cache should keep, whatever the method.
//!
//! Every error body is bounded ([`bound_errors`]): at most [`MAX_ERRORS`]
//! errors (one more says how many were left out) of at most
//! [`MAX_MESSAGE_BYTES`] each, so that a small document cannot make a
//! large answer (1,700 repeated directives made 313 KB of errors).

use std::collections::BTreeMap;

use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, OperationDefinition, OperationType,
};
use async_graphql::{BatchResponse, ErrorExtensionValues, Response, ServerError, Value, Variables};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::IntoResponse;
use serde::Serialize;

use super::accept::MediaType;

/// Errors one answer carries at most; the rest is counted in one more.
pub const MAX_ERRORS: usize = 50;
/// Bytes of one error message at most (a message may quote the document).
pub const MAX_MESSAGE_BYTES: usize = 1_000;

/// The `Cache-Control` of every GraphQL answer (and of its refusals): it may
/// carry register data.
pub const NO_STORE: HeaderValue = HeaderValue::from_static("private, no-store");

/// The parameters of one GraphQL-over-HTTP request, checked for their
/// types but not yet for being present (a persisted query may come
/// without its text).
#[derive(Debug, Default, PartialEq)]
pub struct Params {
    pub query: Option<String>,
    /// The id of a trusted document (`documentId`, as GraphQL Code
    /// Generator's and Relay's persisted documents send it).
    pub document_id: Option<String>,
    pub operation_name: Option<String>,
    pub variables: Option<serde_json::Map<String, serde_json::Value>>,
    pub extensions: Option<serde_json::Map<String, serde_json::Value>>,
}

/// One request or a batch.
#[derive(Debug, PartialEq)]
pub enum Decoded {
    Single(Params),
    Batch(Vec<Params>),
}

/// A request refused before anything ran: its status and the one GraphQL
/// error that says why.
#[derive(Debug)]
pub struct Refusal {
    pub status: StatusCode,
    /// `extensions.code` of the error.
    pub code: &'static str,
    pub message: String,
    /// The methods that would be allowed (405).
    pub allow: Option<&'static str>,
    /// A GraphQL request error of a well-formed request (a persisted query
    /// the gateway does not know): answered with 200 in `application/json`,
    /// as every well-formed request is, and with `status` in
    /// `application/graphql-response+json`.
    pub request_error: bool,
}

impl Refusal {
    /// 400 with `BAD_REQUEST`: the request is not a well-formed
    /// GraphQL-over-HTTP request.
    pub fn bad_request(message: impl Into<String>) -> Refusal {
        Refusal {
            status: StatusCode::BAD_REQUEST,
            code: "BAD_REQUEST",
            message: message.into(),
            allow: None,
            request_error: false,
        }
    }

    /// The answer, in `media`.
    pub fn answer(self, media: MediaType) -> axum::response::Response {
        let body = serde_json::json!({"errors": [{
            "message": self.message,
            "extensions": {"code": self.code}
        }]});
        let status = match media {
            MediaType::Json if self.request_error => StatusCode::OK,
            _ => self.status,
        };
        let mut response = (status, body.to_string()).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, media.content_type());
        headers.insert(header::CACHE_CONTROL, NO_STORE);
        if let Some(allow) = self.allow {
            headers.insert(header::ALLOW, HeaderValue::from_static(allow));
        }
        response
    }
}

/// Reads the parameters of a request: from the query string of a GET, from
/// the JSON body of a POST (`body` is already bounded by
/// `limits.max_body_bytes`).
pub fn decode(
    method: &Method,
    query_string: Option<&str>,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Decoded, Refusal> {
    if method == Method::GET || method == Method::HEAD {
        return from_query_string(query_string.unwrap_or("")).map(Decoded::Single);
    }
    check_content_type(headers)?;
    let json: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| Refusal::bad_request(format!("the request body is not valid JSON: {e}")))?;
    match json {
        serde_json::Value::Object(object) => from_object(object).map(Decoded::Single),
        serde_json::Value::Array(items) if items.is_empty() => Err(Refusal::bad_request(
            "the request body is an empty batch (an array without requests)",
        )),
        serde_json::Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, item)| match item {
                serde_json::Value::Object(object) => from_object(object)
                    .map_err(|r| Refusal::bad_request(format!("batch item {i}: {}", r.message))),
                other => Err(Refusal::bad_request(format!(
                    "batch item {i} is {}, not a request object",
                    kind(&other)
                ))),
            })
            .collect::<Result<_, _>>()
            .map(Decoded::Batch),
        other => Err(Refusal::bad_request(format!(
            "the request body is {}; it must be a JSON object with query (and optionally operationName, variables, extensions), or an array of them (a batch)",
            kind(&other)
        ))),
    }
}

/// A POST body must be `application/json`, in UTF-8 (no charset
/// parameter, or `utf-8`).
fn check_content_type(headers: &HeaderMap) -> Result<(), Refusal> {
    let unsupported = |what: String| Refusal {
        status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
        code: "UNSUPPORTED_MEDIA_TYPE",
        message: format!("{what}; a POST to this endpoint must be Content-Type: application/json"),
        allow: None,
        request_error: false,
    };
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        return Err(unsupported("the request has no Content-Type".into()));
    };
    let text = value.to_str().unwrap_or("");
    let mut parts = text.split(';');
    let essence = parts.next().unwrap_or("").trim();
    let shown = || printable(text, 100);
    if !essence.eq_ignore_ascii_case("application/json") {
        return Err(unsupported(format!(
            "the request's Content-Type is {}",
            shown()
        )));
    }
    for param in parts {
        if let Some((name, value)) = param.split_once('=') {
            if name.trim().eq_ignore_ascii_case("charset")
                && !value.trim().trim_matches('"').eq_ignore_ascii_case("utf-8")
            {
                return Err(unsupported(format!(
                    "the request's Content-Type is {} (only UTF-8 is read)",
                    shown()
                )));
            }
        }
    }
    Ok(())
}

/// The parameters of a GET's query string
/// (`application/x-www-form-urlencoded`).
fn from_query_string(query_string: &str) -> Result<Params, Refusal> {
    let mut params = Params::default();
    let mut seen = Vec::new();
    for (name, value) in url::form_urlencoded::parse(query_string.as_bytes()) {
        let name = name.into_owned();
        if !matches!(
            name.as_str(),
            "query" | "operationName" | "variables" | "extensions"
        ) {
            continue;
        }
        if seen.contains(&name) {
            return Err(Refusal::bad_request(format!(
                "the parameter {name} is given more than once"
            )));
        }
        let value = value.into_owned();
        match name.as_str() {
            "query" => params.query = Some(value),
            "documentId" => params.document_id = Some(value).filter(|id| !id.is_empty()),
            "operationName" => params.operation_name = Some(value).filter(|n| !n.is_empty()),
            "variables" => params.variables = json_object_text("variables", &value)?,
            _ => params.extensions = json_object_text("extensions", &value)?,
        }
        seen.push(name);
    }
    Ok(params)
}

/// A query-string parameter that holds a JSON object (or `null`).
fn json_object_text(
    name: &str,
    text: &str,
) -> Result<Option<serde_json::Map<String, serde_json::Value>>, Refusal> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        Refusal::bad_request(format!("the parameter {name} is not valid JSON: {e}"))
    })?;
    object_or_null(name, value)
}

fn object_or_null(
    name: &str,
    value: serde_json::Value,
) -> Result<Option<serde_json::Map<String, serde_json::Value>>, Refusal> {
    match value {
        serde_json::Value::Null => Ok(None),
        serde_json::Value::Object(object) => Ok(Some(object)),
        other => Err(Refusal::bad_request(format!(
            "{name} must be a JSON object (or null), not {}",
            kind(&other)
        ))),
    }
}

/// The parameters of one request object of a JSON body. Other members are
/// ignored (the draft reserves them).
fn from_object(mut object: serde_json::Map<String, serde_json::Value>) -> Result<Params, Refusal> {
    let mut string = |name: &str| match object.remove(name) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(Refusal::bad_request(format!(
            "{name} must be a string, not {}",
            kind(&other)
        ))),
    };
    let query = string("query")?;
    let document_id = string("documentId")?.filter(|id| !id.is_empty());
    let operation_name = string("operationName")?.filter(|n| !n.is_empty());
    let mut object_member = |name: &str| match object.remove(name) {
        None => Ok(None),
        Some(value) => object_or_null(name, value),
    };
    Ok(Params {
        query,
        document_id,
        operation_name,
        variables: object_member("variables")?,
        extensions: object_member("extensions")?,
    })
}

impl Params {
    /// The GraphQL request of these parameters; `query` must be there.
    pub fn into_request(self) -> Result<async_graphql::Request, Refusal> {
        let query = self.query.ok_or_else(|| {
            Refusal::bad_request(
                "the request has no query (the GraphQL document, a string), nor the id of a persisted one",
            )
        })?;
        let mut request = async_graphql::Request::new(query);
        if let Some(name) = self.operation_name {
            request = request.operation_name(name);
        }
        if let Some(variables) = self.variables {
            request = request.variables(Variables::from_json(serde_json::Value::Object(variables)));
        }
        Ok(request)
    }
}

/// The operation of `document` that a request with operation name `name`
/// selects; `None` when that is not determined (async-graphql refuses
/// such a request before it runs).
fn selected<'a>(
    document: &'a ExecutableDocument,
    name: Option<&str>,
) -> Option<&'a OperationDefinition> {
    match (&document.operations, name) {
        (DocumentOperations::Single(op), None) => Some(&op.node),
        (DocumentOperations::Multiple(ops), Some(name)) => ops.get(name).map(|op| &op.node),
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => {
            ops.values().next().map(|op| &op.node)
        }
        _ => None,
    }
}

/// The 405 for a mutation over GET, when `request` selects one. Call it
/// only for a request whose document is parsed (`Request::parsed_query`
/// would parse it otherwise, whatever its size); any other is refused
/// before it runs anyway (over a limit, or not GraphQL), and so is one
/// that lacks the named operation.
pub fn refuse_mutation_over_get(request: &mut async_graphql::Request) -> Result<(), Refusal> {
    let name = request.operation_name.clone();
    let Ok(document) = request.parsed_query() else {
        return Ok(());
    };
    let kind = selected(document, name.as_deref()).map(|op| op.ty);
    if kind == Some(OperationType::Mutation) {
        return Err(Refusal {
            status: StatusCode::METHOD_NOT_ALLOWED,
            code: "METHOD_NOT_ALLOWED",
            message: "a mutation cannot run over GET; send it as a POST with Content-Type: application/json".into(),
            allow: Some("POST"),
            request_error: false,
        });
    }
    Ok(())
}

/// The request errors of coercing the variables that async-graphql leaves
/// to execution: a variable of a non-null type without a default that is
/// missing or null. The GraphQL specification (`CoerceVariableValues`)
/// makes that a request error, raised before anything runs; async-graphql
/// raises it as a field error of the first field that uses the variable,
/// after the fields before it have run. Call it only for a request whose
/// document is parsed, as [`refuse_mutation_over_get`]; `None` when there
/// is nothing to refuse.
pub fn uncoercible_variables(request: &mut async_graphql::Request) -> Option<Response> {
    let name = request.operation_name.clone();
    let variables = request.variables.clone();
    let document = request.parsed_query().ok()?;
    let operation = selected(document, name.as_deref())?;
    let errors: Vec<ServerError> = operation
        .variable_definitions
        .iter()
        .filter(|d| !d.node.var_type.node.nullable && d.node.default_value.is_none())
        .filter_map(|d| {
            let variable = &d.node.name.node;
            let message = match variables.get(variable.as_str()) {
                None => format!(
                    "variable ${variable} of type {} is required, and has no value",
                    d.node.var_type.node
                ),
                Some(async_graphql::Value::Null) => format!(
                    "variable ${variable} of type {} must not be null",
                    d.node.var_type.node
                ),
                Some(_) => return None,
            };
            Some(ServerError::new(message, Some(d.pos)))
        })
        .collect();
    (!errors.is_empty()).then(|| Response::from_errors(errors))
}

/// Whether `response` is a request error: nothing ran (no `data`), and
/// every error is about the request, none about a field (no path). A field
/// error that nulled the whole result still has its path.
fn is_request_error(response: &Response) -> bool {
    matches!(response.data, Value::Null)
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty())
}

/// The status of a request error in `application/graphql-response+json`:
/// 403 when every error is a missing ability, else 400.
fn request_error_status(response: &Response) -> StatusCode {
    let forbidden = response.errors.iter().all(|e| {
        e.extensions
            .as_ref()
            .and_then(|x| x.get("code"))
            .is_some_and(|c| *c == Value::from("FORBIDDEN"))
    });
    if forbidden {
        StatusCode::FORBIDDEN
    } else {
        StatusCode::BAD_REQUEST
    }
}

/// The answer to a request that was read (and perhaps ran), in `media`.
pub fn answer(media: MediaType, mut batch: BatchResponse) -> axum::response::Response {
    let status = match (&batch, media) {
        (_, MediaType::Json) => StatusCode::OK,
        (BatchResponse::Single(r), MediaType::GraphqlResponse) if is_request_error(r) => {
            request_error_status(r)
        }
        (BatchResponse::Batch(rs), MediaType::GraphqlResponse)
            if rs.iter().all(is_request_error) =>
        {
            StatusCode::BAD_REQUEST
        }
        _ => StatusCode::OK,
    };
    let mut extra = HeaderMap::new();
    let body = match &mut batch {
        BatchResponse::Single(r) => {
            extra.extend(std::mem::take(&mut r.http_headers));
            serde_json::to_string(&Body::of(r))
        }
        BatchResponse::Batch(rs) => {
            for r in rs.iter_mut() {
                extra.extend(std::mem::take(&mut r.http_headers));
            }
            serde_json::to_string(&rs.iter_mut().map(Body::of).collect::<Vec<_>>())
        }
    };
    // Serialising GraphQL values and errors does not fail; should it, the
    // answer still is a GraphQL error.
    let body = body.unwrap_or_else(|e| {
        serde_json::json!({"errors": [{"message": format!("the answer could not be written: {e}")}]})
            .to_string()
    });
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.extend(extra);
    headers.insert(header::CONTENT_TYPE, media.content_type());
    headers.insert(header::CACHE_CONTROL, NO_STORE);
    response
}

/// A GraphQL response as it goes out: `data` only when the operation ran,
/// errors bounded.
#[derive(Serialize)]
struct Body<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<&'a Value>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    errors: &'a [ServerError],
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    extensions: &'a BTreeMap<String, Value>,
}

impl<'a> Body<'a> {
    fn of(response: &'a mut Response) -> Body<'a> {
        bound_errors(&mut response.errors);
        let ran = !is_request_error(response);
        Body {
            data: ran.then_some(&response.data),
            errors: &response.errors,
            extensions: &response.extensions,
        }
    }
}

/// Bounds a list of errors: at most [`MAX_ERRORS`] (the last one then says
/// how many were left out, `extensions.code` `TOO_MANY_ERRORS`), each
/// message at most [`MAX_MESSAGE_BYTES`].
pub fn bound_errors(errors: &mut Vec<ServerError>) {
    if errors.len() > MAX_ERRORS {
        let left_out = errors.len() - (MAX_ERRORS - 1);
        errors.truncate(MAX_ERRORS - 1);
        let mut note = ServerError::new(
            format!("{left_out} more errors left out (an answer carries at most {MAX_ERRORS})"),
            None,
        );
        let mut extensions = ErrorExtensionValues::default();
        extensions.set("code", "TOO_MANY_ERRORS");
        extensions.set("leftOut", left_out as u64);
        note.extensions = Some(extensions);
        errors.push(note);
    }
    for e in errors.iter_mut() {
        if e.message.len() > MAX_MESSAGE_BYTES {
            let mut end = MAX_MESSAGE_BYTES;
            while !e.message.is_char_boundary(end) {
                end -= 1;
            }
            e.message.truncate(end);
            e.message.push('…');
        }
    }
}

/// What kind of JSON value this is, for an error message.
fn kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// At most `max` characters of a header value, control characters
/// replaced, for an error message.
fn printable(text: &str, max: usize) -> String {
    let mut shown: String = text
        .chars()
        .take(max)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    if text.chars().count() > max {
        shown.push('…');
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json_headers(content_type: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_str(content_type).unwrap(),
        );
        headers
    }

    fn post(content_type: &str, body: &str) -> Result<Decoded, Refusal> {
        decode(
            &Method::POST,
            None,
            &json_headers(content_type),
            body.as_bytes(),
        )
    }

    #[test]
    fn a_post_must_be_json_in_utf8() {
        for ok in [
            "application/json",
            "Application/JSON; charset=UTF-8",
            "application/json;charset=\"utf-8\"",
        ] {
            assert!(post(ok, r#"{"query":"{a}"}"#).is_ok(), "{ok}");
        }
        for (bad, named) in [
            ("text/plain", "text/plain"),
            (
                "application/x-www-form-urlencoded",
                "application/x-www-form-urlencoded",
            ),
            (
                "multipart/form-data; boundary=x",
                "multipart/form-data; boundary=x",
            ),
            ("application/json; charset=latin1", "only UTF-8"),
            ("application/graphql", "application/graphql"),
        ] {
            let r = post(bad, r#"{"query":"{a}"}"#).unwrap_err();
            assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{bad}");
            assert!(r.message.contains(named), "{}", r.message);
        }
        let none = decode(&Method::POST, None, &HeaderMap::new(), b"{}").unwrap_err();
        assert_eq!(none.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert!(none.message.contains("no Content-Type"), "{}", none.message);
    }

    #[test]
    fn bodies_are_checked_member_by_member() {
        let ok = post(
            "application/json",
            r#"{"query":"{a}","operationName":"","variables":{"x":1},"extensions":null,"other":1}"#,
        )
        .unwrap();
        let Decoded::Single(p) = ok else { panic!() };
        assert_eq!(p.query.as_deref(), Some("{a}"));
        assert_eq!(p.operation_name, None);
        assert_eq!(p.variables.unwrap()["x"], 1);
        assert_eq!(p.extensions, None);
        for (body, says) in [
            ("{\"query\": ", "not valid JSON: EOF while parsing"),
            ("\u{0}", "not valid JSON"),
            ("\"{a}\"", "the request body is a string"),
            ("[]", "empty batch"),
            (r#"[{"query":"{a}"}, 3]"#, "batch item 1 is a number"),
            (r#"{"query":5}"#, "query must be a string, not a number"),
            (
                r#"{"query":"{a}","operationName":[]}"#,
                "operationName must be a string",
            ),
            (
                r#"{"query":"{a}","variables":[7]}"#,
                "variables must be a JSON object (or null), not an array",
            ),
            (
                r#"{"query":"{a}","extensions":"x"}"#,
                "extensions must be a JSON object",
            ),
            (
                r#"[{"query":{}}]"#,
                "batch item 0: query must be a string, not an object",
            ),
        ] {
            let r = post("application/json", body).unwrap_err();
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}");
            assert!(r.message.contains(says), "{body}: {}", r.message);
        }
        let missing = post("application/json", r#"{"qeury":"{a}"}"#).unwrap();
        let Decoded::Single(p) = missing else {
            panic!()
        };
        let r = p.into_request().unwrap_err();
        assert!(r.message.contains("has no query"), "{}", r.message);
    }

    #[test]
    fn get_parameters_come_from_the_query_string() {
        let get = |qs: &str| decode(&Method::GET, Some(qs), &HeaderMap::new(), b"");
        let Decoded::Single(p) =
            get("query=%7Ba%7D&operationName=Q&variables=%7B%22x%22%3A1%7D&extensions=null&x=1")
                .unwrap()
        else {
            panic!()
        };
        assert_eq!(p.query.as_deref(), Some("{a}"));
        assert_eq!(p.operation_name.as_deref(), Some("Q"));
        assert_eq!(p.variables.unwrap()["x"], 1);
        for (qs, says) in [
            ("query=a&query=b", "query is given more than once"),
            ("query=a&variables=%7B", "variables is not valid JSON"),
            ("query=a&variables=7", "variables must be a JSON object"),
            (
                "query=a&extensions=%5B%5D",
                "extensions must be a JSON object",
            ),
        ] {
            let r = get(qs).unwrap_err();
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{qs}");
            assert!(r.message.contains(says), "{qs}: {}", r.message);
        }
        // A GET has no body to check the type of.
        assert!(get("query=%7Ba%7D").is_ok());
    }

    #[test]
    fn mutations_are_found_by_operation_name() {
        let check = |query: &str, name: Option<&str>| {
            let mut r = async_graphql::Request::new(query);
            if let Some(n) = name {
                r = r.operation_name(n);
            }
            refuse_mutation_over_get(&mut r).map_err(|e| (e.status, e.allow))
        };
        let refused = Err((StatusCode::METHOD_NOT_ALLOWED, Some("POST")));
        assert_eq!(check("mutation { a }", None), refused);
        assert_eq!(check("mutation M { a }", None), refused);
        assert_eq!(check("query Q { a } mutation M { a }", Some("M")), refused);
        assert_eq!(check("query Q { a } mutation M { a }", Some("Q")), Ok(()));
        assert_eq!(check("{ a }", None), Ok(()));
        assert_eq!(check("subscription { a }", None), Ok(()));
        // Which operation runs is not known: refused later, before running.
        assert_eq!(check("query Q { a } mutation M { a }", None), Ok(()));
        assert_eq!(check("mutation {", None), Ok(()));
    }

    #[test]
    fn required_variables_must_have_a_value() {
        let check = |query: &str, variables: serde_json::Value| {
            let mut r =
                async_graphql::Request::new(query).variables(Variables::from_json(variables));
            uncoercible_variables(&mut r).map(|resp| {
                resp.errors
                    .into_iter()
                    .map(|e| e.message)
                    .collect::<Vec<_>>()
            })
        };
        let q = "query($a: String!, $b: Int! = 1, $c: String, $d: [ID!]!) { x }";
        assert_eq!(
            check(q, serde_json::json!({"d": null})).unwrap(),
            [
                "variable $a of type String! is required, and has no value",
                "variable $d of type [ID!]! must not be null"
            ]
        );
        assert_eq!(check(q, serde_json::json!({"a": "x", "d": []})), None);
        // Which operation runs is not determined: refused later, before running.
        assert_eq!(
            check(
                "query A($a: ID!) { x } query B { x }",
                serde_json::json!({})
            ),
            None
        );
    }

    #[test]
    fn error_lists_and_messages_are_bounded() {
        let mut errors: Vec<ServerError> = (0..1700)
            .map(|i| ServerError::new(format!("error {i}"), None))
            .collect();
        errors[0].message = "é".repeat(MAX_MESSAGE_BYTES);
        bound_errors(&mut errors);
        assert_eq!(errors.len(), MAX_ERRORS);
        assert!(errors[0].message.len() <= MAX_MESSAGE_BYTES + '…'.len_utf8());
        assert!(errors[0].message.ends_with('…'));
        let last = errors.last().unwrap();
        assert_eq!(
            last.message,
            "1651 more errors left out (an answer carries at most 50)"
        );
        let mut few = vec![ServerError::new("one", None)];
        bound_errors(&mut few);
        assert_eq!(few[0].message, "one");
    }
}
