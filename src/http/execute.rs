//! The GraphQL endpoint: each operation of a request (or batch) gets its
//! parsed document ([`super::documents`]) and what [`graphql::prepare`]
//! gives it (its own loaders, who asks and why from
//! [`super::grondslag`]), is timed, and counted in the metrics by name and
//! outcome; the name and outcome go into the request's span for its log
//! line, and with the principal's subject into its exported span. A context
//! header that cannot be used is a 400 before anything runs. The request gets
//! its deadline here ([`Deadline`]), which the register transport applies
//! to every call and every wait for a slot it causes.

use std::time::{Duration, Instant};

use async_graphql::{BatchRequest, BatchResponse, Request, Response};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::IntoResponse;
use axum::{Extension, Json};
use futures::future::join_all;

use super::accept::MediaType;
use super::over_http::{self, Decoded, Refusal};
use super::{authn, grondslag, protect, AppState};
use crate::audit::OpgegevenGrondslag;
use crate::auth::Principal;
use crate::graphql;
use crate::limits;
use crate::registers::Deadline;
use crate::telemetry::metrics::Outcome;

/// Executes a request or a batch, read as GraphQL over HTTP says
/// ([`over_http`]) and answered in the media type `accept` chose.
pub async fn handler(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(media): Extension<MediaType>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> axum::response::Response {
    // The request context (user and purpose) is bound to the token's
    // principal ([`request_context`]); a batch over `limits.max_batch` is
    // refused ([`limits::request::admit`]) before anything runs.
    let context = match request_context(&state, &principal, &headers) {
        Ok(context) => context,
        Err(message) => return bad_context(message),
    };
    let budget = match deadline(&state, &headers) {
        Ok(budget) => budget,
        Err(message) => return bad_context(message),
    };
    if let Some(request) = crate::telemetry::RequestContext::current() {
        Deadline::start(&request, budget);
    }
    let decoded = match over_http::decode(&method, uri.query(), &headers, &body) {
        Ok(decoded) => decoded,
        Err(refusal) => return refusal.answer(media),
    };
    let batch = match resolve(&state, decoded, &principal).await {
        Ok(batch) => batch,
        Err(refusal) => return refusal.answer(media),
    };
    let batch = match limits::request::admit(batch, &principal, &state.app.config.limits) {
        Ok(batch) => batch,
        Err(refusal) => return protect::refused(StatusCode::BAD_REQUEST, &refusal),
    };
    // Each operation of a batch counts for the rate limit: the request took
    // one token in `protect`, the others are taken here, all or none.
    if let (BatchRequest::Batch(requests), Some(limiter)) = (&batch, &state.limiter) {
        let further = u32::try_from(requests.len().saturating_sub(1)).unwrap_or(u32::MAX);
        if further > 0 {
            if let Err(wait) = limiter.take_n(&principal.subject, further, Instant::now()) {
                return protect::too_many(limits::rate::retry_after_seconds(wait));
            }
        }
    }
    let over_get = method != Method::POST;
    let run = |r| run(&state, &context, &principal, r, over_get);
    let (response, names, outcome) = match batch {
        BatchRequest::Single(r) => {
            let (response, name, outcome) = match run(r).await {
                Ok(done) => done,
                Err(refusal) => return refusal.answer(media),
            };
            (BatchResponse::Single(response), vec![name], outcome)
        }
        BatchRequest::Batch(requests) => {
            // A batch comes only as a POST body: nothing in it is refused
            // for its method.
            let done = join_all(requests.into_iter().map(run))
                .await
                .into_iter()
                .collect::<Result<Vec<_>, _>>();
            let done = match done {
                Ok(done) => done,
                Err(refusal) => return refusal.answer(media),
            };
            // The batch's outcome is its worst operation's.
            let outcome = done
                .iter()
                .map(|(_, _, o)| *o)
                .max_by_key(|o| match o {
                    Outcome::Ok => 0,
                    Outcome::Partial => 1,
                    Outcome::Error => 2,
                })
                .unwrap_or(Outcome::Ok);
            let (responses, names): (Vec<_>, Vec<_>) =
                done.into_iter().map(|(r, n, _)| (r, n)).unzip();
            (BatchResponse::Batch(responses), names, outcome)
        }
    };
    let span = tracing::Span::current();
    let names = names
        .iter()
        .map(|n| n.as_deref().unwrap_or("anonymous"))
        .collect::<Vec<_>>()
        .join(",");
    span.record("operation", names.as_str());
    span.record("outcome", outcome.as_str());
    if let Some(server) = crate::telemetry::RequestContext::current()
        .as_deref()
        .and_then(crate::telemetry::RequestContext::server_span)
    {
        server.describe(&names, outcome.as_str(), &principal.subject);
    }
    over_http::answer(media, response)
}

/// The header in which a client asks for a shorter deadline than
/// `server.request_deadline_ms`, in milliseconds.
pub const DEADLINE_HEADER: &str = "request-timeout-ms";

/// The request's deadline: `server.request_deadline_ms`, or less when the
/// client asks for less; a client cannot ask for more. A value that is not
/// a whole number of milliseconds is a 400 naming the header.
fn deadline(state: &AppState, headers: &HeaderMap) -> Result<Duration, String> {
    let most = Duration::from_millis(state.app.config.server.request_deadline_ms);
    let Some(value) = headers.get(DEADLINE_HEADER) else {
        return Ok(most);
    };
    let asked = value
        .to_str()
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|ms| *ms > 0)
        .ok_or_else(|| {
            format!("header {DEADLINE_HEADER}: must be a whole number of milliseconds above 0")
        })?;
    Ok(most.min(Duration::from_millis(asked)))
}

/// The GraphQL requests of what was read: each with its document, sent or
/// persisted ([`persisted`](super::persisted)); refused before parsing
/// when `principal` may not run it.
async fn resolve(
    state: &AppState,
    decoded: Decoded,
    principal: &Principal,
) -> Result<BatchRequest, Refusal> {
    let persisted = &state.persisted;
    Ok(match decoded {
        Decoded::Single(params) => {
            BatchRequest::Single(persisted.resolve(params, principal).await?)
        }
        Decoded::Batch(items) => {
            let mut requests = Vec::with_capacity(items.len());
            for (i, params) in items.into_iter().enumerate() {
                let request = persisted
                    .resolve(params, principal)
                    .await
                    .map_err(|r| Refusal {
                        message: format!("batch item {i}: {}", r.message),
                        ..r
                    })?;
                requests.push(request);
            }
            BatchRequest::Batch(requests)
        }
    })
}

/// Methods other than GET and POST: 405, as a GraphQL error.
pub async fn other_method(
    method: Method,
    media: Option<Extension<MediaType>>,
) -> axum::response::Response {
    let media = media.map_or(MediaType::Json, |Extension(m)| m);
    Refusal {
        status: StatusCode::METHOD_NOT_ALLOWED,
        code: "METHOD_NOT_ALLOWED",
        message: format!("{method} is not a GraphQL request; use POST (or GET for a query)"),
        allow: Some("GET, POST"),
        request_error: false,
    }
    .answer(media)
}

/// What a GraphQL request over HTTP (here, and `/graphql/sse`) goes through
/// before anything runs: its request context (user and purpose), bound to
/// the token's principal ([`authn::bind_context`]); or which context header
/// cannot be used (answered with [`bad_context`]).
pub(super) fn request_context(
    state: &AppState,
    principal: &Principal,
    headers: &HeaderMap,
) -> Result<OpgegevenGrondslag, String> {
    grondslag::opgegeven(headers, &state.app.config.brp).map(|c| authn::bind_context(c, principal))
}

/// The 400 for a context header that cannot be used, saying which.
pub(super) fn bad_context(message: String) -> axum::response::Response {
    let body = serde_json::json!({"errors": [{
        "message": message,
        "extensions": {"code": "BAD_USER_INPUT"}
    }]});
    (StatusCode::BAD_REQUEST, Json(body)).into_response()
}

/// Runs one operation; returns its answer, name and outcome. A document
/// within the limits runs on the schema without extensions; any other, and
/// one that async-graphql's own depth or complexity limit refuses there
/// (before anything ran), on the checked schema, whose refusal names the
/// limit ([`graphql::build_unchecked`]).
///
/// Over GET (`over_get`) a mutation is refused before it runs
/// ([`over_http::refuse_mutation_over_get`]).
async fn run(
    state: &AppState,
    context: &OpgegevenGrondslag,
    principal: &Principal,
    mut request: Request,
    over_get: bool,
) -> Result<(Response, Option<String>, Outcome), Refusal> {
    let started = Instant::now();
    let prepared = state.documents.prepare(&mut request, principal).await;
    let name = prepared.name;
    // What GraphQL over HTTP refuses before running, for a parsed document
    // (any other is refused before running anyway).
    if prepared.parsed {
        if over_get {
            over_http::refuse_mutation_over_get(&mut request)?;
        }
        if let Some(refused) = over_http::uncoercible_variables(&mut request) {
            let outcome = Outcome::Error;
            state
                .app
                .metrics
                .operation(name.as_deref(), outcome, started.elapsed());
            return Ok((refused, name, outcome));
        }
    }
    let schemas = state.schemas.of(principal);
    let response = if prepared.within_limits {
        let again = (
            request.query.clone(),
            request.variables.clone(),
            request.operation_name.clone(),
        );
        let request = graphql::prepare(request, &state.app.graphql, context);
        let response = schemas.unchecked.execute(request).await;
        if limits::extension::hit_builtin_limit(&response) {
            let (query, variables, operation) = again;
            let mut retry = Request::new(query).variables(variables);
            if let Some(operation) = operation {
                retry = retry.operation_name(operation);
            }
            let retry = limits::request::for_principal(retry, principal);
            let retry = graphql::prepare(retry, &state.app.graphql, context);
            schemas.checked.execute(retry).await
        } else {
            response
        }
    } else {
        let request = graphql::prepare(request, &state.app.graphql, context);
        schemas.checked.execute(request).await
    };
    let outcome = if response.errors.is_empty() {
        Outcome::Ok
    } else if matches!(response.data, async_graphql::Value::Null) {
        Outcome::Error
    } else {
        Outcome::Partial
    };
    state
        .app
        .metrics
        .operation(name.as_deref(), outcome, started.elapsed());
    Ok((response, name, outcome))
}
