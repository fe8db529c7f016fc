//! The streaming transports of GraphQL: WebSocket on `/graphql/ws` (both
//! `graphql-transport-ws` and the legacy `graphql-ws` protocol) and
//! GraphQL over Server-Sent Events on `/graphql/sse` in the "distinct
//! connections" mode (enisdenjo/graphql-sse `PROTOCOL.md`): one operation
//! per request (GET with query parameters or POST with a JSON body), each
//! result an `event: next`, the end an `event: complete`; the client stops
//! by closing the response.
//!
//! Credentials go through the one [`Authenticator`], and the principal it
//! gives is what every operation of the connection or request runs as (its
//! abilities decide what the resolvers and the subscription filters show):
//! - an SSE request is an HTTP request like `POST /graphql`: the same
//!   protection in front of it (`Authorization` header, rate limit, body
//!   limit: [`Protection`]), the same request context and introspection rule;
//! - a WebSocket brings them in `connection_init`'s payload (browsers cannot
//!   set headers on an upgrade), `{"Authorization": "Bearer <jwt>"}`
//!   ([`Authenticator::connection_init`]); the request context is that of
//!   the upgrade's headers (or the defaults), bound to the principal as for
//!   HTTP. A refusal closes the socket as the protocol says, the same way
//!   whatever was wrong (the reason goes to the log only):
//!   `graphql-transport-ws` with close code 4403 Forbidden, the legacy
//!   `graphql-ws` with its `connection_error` message, then the same close.
//!   An operation sent before the connection is acknowledged is closed with
//!   4401 Unauthorized (async-graphql says 1011; the `graphql-transport-ws`
//!   protocol says 4401). A socket that sends no `connection_init` within
//!   `server.connection_init_timeout_ms` is closed with 4408, as the
//!   protocol says, so unauthenticated idle sockets do not pile up; one
//!   whose token expires (`exp` plus `auth.leeway_seconds`) is closed then
//!   with 4403, and the client reconnects with a fresh token.
//!
//! At shut-down (the closing phase, [`super::shutdown`]) a WebSocket is
//! closed with 1001 Going Away and an SSE stream ends with an event
//! `going-away`, both saying to subscribe again with `vanaf`: a client
//! tells a restart from a network fault, and resumes on another replica
//! from the last event id it received. No `complete` is sent for the
//! subscriptions: a client takes `complete` as the end of the stream and
//! would not subscribe again.
//!
//! In the development profile the authenticator gives every caller the
//! development principal, token or not, as it does for queries.

use std::convert::Infallible;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql::Data;
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::body::Bytes;
use axum::extract::ws::{CloseFrame, Message, WebSocket};
use axum::extract::{State, WebSocketUpgrade};
use axum::http::{header, HeaderMap, HeaderValue, Method, Uri};
use axum::middleware::from_fn_with_state;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use futures::{SinkExt, StreamExt};

use super::accept::MediaType;
use super::origin::{self, OriginPolicy};
use super::over_http::{self, Decoded, Refusal};
use super::persisted::Persisted;
use super::protect::Protection;
use super::shutdown::{Phase, GOING_AWAY};
use super::{authn, execute, grondslag, AppState};
use crate::audit::OpgegevenGrondslag;
use crate::auth::{Authenticator, Principal};
use crate::config::AuthMode;
use crate::limits;

/// The initial read buffer of a WebSocket connection.
const READ_BUFFER: usize = 8 * 1024;
/// Messages waiting to be written to one WebSocket: a slow reader holds up
/// its own connection's operations, not the gateway's memory.
const OUTGOING: usize = 16;

/// `graphql-transport-ws`: the server rejects the connection (its
/// `connection_init`).
pub const CLOSE_FORBIDDEN: u16 = 4403;
/// `graphql-transport-ws`: an operation came before the connection was
/// acknowledged.
pub const CLOSE_UNAUTHORIZED: u16 = 4401;
/// `graphql-transport-ws`: no `connection_init` in time.
pub const CLOSE_INIT_TIMEOUT: u16 = 4408;
/// async-graphql's close code for an operation before the acknowledgement.
const CLOSE_HANDSHAKE_INCOMPLETE: u16 = 1011;
/// The one reason a refused connection is given (no detail that helps an
/// attacker).
const FORBIDDEN: &str = "Forbidden";

/// The close at shut-down (RFC 6455: the server is going away).
const CLOSE_GOING_AWAY: u16 = 1001;

/// Outgoing WebSocket messages longer than this are checked for too many
/// errors ([`over_http::bound_errors`]); a shorter one cannot hold many.
const BOUND_ERRORS_ABOVE: usize = 32 * 1024;

/// The two routes; SSE behind `protection`, like `/graphql`; both refuse a
/// browser's request from an origin that is not allowed
/// ([`origin::guard`]) before anything else.
pub fn routes(protection: &Protection, origins: &Arc<OriginPolicy>) -> Router<AppState> {
    let guard = from_fn_with_state(origins.clone(), origin::guard);
    Router::new()
        .route("/graphql/ws", get(websocket).layer(guard.clone()))
        .route(
            "/graphql/sse",
            protection.protect(get(sse).post(sse)).layer(guard),
        )
}

/// Upgrades to a GraphQL WebSocket; the credentials come with `connection_init`.
async fn websocket(
    State(state): State<AppState>,
    protocol: GraphQLProtocol,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    // The request context of the upgrade's headers (or the defaults), bound
    // to the principal once `connection_init` names it; a header that
    // cannot be used is a 400 before the upgrade.
    let context = match grondslag::opgegeven(&headers, &state.app.config.brp) {
        Ok(context) => context,
        Err(message) => return execute::bad_context(message),
    };
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        // Clients send small messages (init, subscribe, complete): a small
        // read buffer (it grows for a larger one) keeps an idle subscriber
        // cheap; the default of 128 KiB is made for bulk transfer.
        .read_buffer_size(READ_BUFFER)
        .on_upgrade(move |socket| serve(socket, state, context, protocol))
}

/// Serves one WebSocket. async-graphql closes a connection whose
/// `connection_init` is refused with 1002 (or, in the legacy protocol, ends
/// it after `connection_error`); the outgoing side rewrites that into the
/// protocol's close ([`closing`]), told by `refused` that it is a refusal.
/// What goes out passes through a small channel, so that the init timeout
/// can close the socket too.
async fn serve(
    socket: WebSocket,
    state: AppState,
    context: OpgegevenGrondslag,
    protocol: GraphQLProtocol,
) {
    let refused = Arc::new(AtomicBool::new(false));
    let initialised = Arc::new(AtomicBool::new(false));
    let (sink, stream) = socket.split();
    let (out, outgoing) = futures::channel::mpsc::channel::<Message>(OUTGOING);
    let graphql_out = out.clone().with_flat_map({
        let refused = refused.clone();
        move |message| futures::stream::iter(closing(message, &refused).into_iter().map(Ok))
    });
    let auth = state.auth.clone();
    let (expiry, expires) = tokio::sync::oneshot::channel();
    // The connection's principal, once `connection_init` named it: each
    // operation's document is checked against the trusted documents for it.
    let principal = Arc::new(OnceLock::new());
    let on_init = {
        let initialised = initialised.clone();
        let principal = principal.clone();
        move |payload| {
            connection_init(
                auth,
                context,
                refused,
                initialised,
                expiry,
                principal,
                payload,
            )
        }
    };
    let stream = trusted_only(stream, state.persisted.clone(), principal, out.clone());
    // The schema is chosen now, the principal is known only after
    // `connection_init`: suggestions ("Did you mean …") only in the
    // development profile, where every caller may introspect.
    let schema = if state.app.config.auth.mode == AuthMode::Development {
        state.schemas.shown.checked.clone()
    } else {
        state.schemas.hidden.checked.clone()
    };
    let graphql = GraphQLWebSocket::new_with_pair(graphql_out, stream, schema, protocol)
        .on_connection_init(on_init)
        .serve();
    let stopping = state.stopping.clone();
    let init_timeout = Duration::from_millis(state.app.config.server.connection_init_timeout_ms);
    let leeway = state.app.config.auth.leeway_seconds;
    let serving = async move {
        let mut out = out;
        let uninitialised = async {
            tokio::time::sleep(init_timeout).await;
            if initialised.load(Ordering::SeqCst) {
                std::future::pending::<()>().await;
            }
        };
        // The token's validity ends the connection too (with the leeway its
        // checks allow); a connection without a token has no end of its own.
        let token_expired = async {
            match expires.await {
                Ok(exp) => tokio::time::sleep(until(exp.saturating_add(leeway))).await,
                Err(_) => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            () = graphql => {}
            () = uninitialised => {
                let reason = "Connection initialisation timeout";
                let _ = out.send(close(CLOSE_INIT_TIMEOUT, reason)).await;
            }
            () = token_expired => {
                tracing::info!("closing a WebSocket: its token expired");
                let _ = out.send(close(CLOSE_FORBIDDEN, FORBIDDEN)).await;
            }
            () = stopping.reached(Phase::Closing) => {
                let _ = out.send(close(CLOSE_GOING_AWAY, GOING_AWAY)).await;
            }
        }
        // Every sender gone: the forwarding below ends and closes the socket.
    };
    let forwarding = outgoing.map(Ok).forward(sink);
    let _ = tokio::join!(serving, forwarding);
}

/// The principal of `connection_init`'s payload and the request context
/// bound to it, as the connection's data; or the refusal (after which
/// `refused` is set).
async fn connection_init(
    auth: Arc<Authenticator>,
    context: OpgegevenGrondslag,
    refused: Arc<AtomicBool>,
    initialised: Arc<AtomicBool>,
    expiry: tokio::sync::oneshot::Sender<u64>,
    connection: Arc<OnceLock<Principal>>,
    payload: serde_json::Value,
) -> async_graphql::Result<Data> {
    initialised.store(true, Ordering::SeqCst);
    match auth.connection_init(&payload).await {
        Ok(principal) => {
            if let Some(exp) = principal.expires {
                let _ = expiry.send(exp);
            }
            let _ = connection.set(principal.clone());
            let mut data = Data::default();
            data.insert(Arc::new(authn::bind_context(context, &principal)));
            data.insert(principal);
            Ok(data)
        }
        Err(_) => {
            refused.store(true, Ordering::SeqCst);
            Err(async_graphql::Error::new(FORBIDDEN))
        }
    }
}

/// The client's messages, less the operations whose document the
/// connection's principal may not run (`documents.only_trusted`:
/// [`Persisted::admit_text`]); each of those is answered with an `error`
/// message for its id instead (an array of errors in
/// `graphql-transport-ws`, one in the legacy protocol). Before
/// `connection_init` has named a principal, nobody's rule applies.
fn trusted_only(
    stream: impl futures::Stream<Item = Result<Message, axum::Error>> + Unpin,
    persisted: Arc<Persisted>,
    principal: Arc<OnceLock<Principal>>,
    out: futures::channel::mpsc::Sender<Message>,
) -> impl futures::Stream<Item = Result<Message, axum::Error>> + Unpin {
    Box::pin(stream.filter_map(move |message| {
        let (persisted, principal, mut out) = (persisted.clone(), principal.clone(), out.clone());
        async move {
            let Ok(Message::Text(text)) = &message else {
                return Some(message);
            };
            if !persisted.only_trusted() {
                return Some(message);
            }
            // Not JSON: async-graphql closes the connection for it.
            let Ok(operation) = serde_json::from_str::<serde_json::Value>(text.as_str()) else {
                return Some(message);
            };
            let kind = operation["type"].as_str().unwrap_or_default();
            let Some(query) = operation["payload"]["query"].as_str() else {
                return Some(message);
            };
            if !matches!(kind, "subscribe" | "start") {
                return Some(message);
            }
            let nobody = Principal::nobody();
            let who = principal.get().unwrap_or(&nobody);
            let Err(refusal) = persisted.admit_text(query, who) else {
                return Some(message);
            };
            let error = serde_json::json!({
                "message": refusal.message,
                "extensions": {"code": refusal.code}
            });
            let payload = if kind == "subscribe" {
                serde_json::json!([error])
            } else {
                error
            };
            let answer =
                serde_json::json!({"id": operation["id"], "type": "error", "payload": payload});
            let _ = out.send(Message::Text(answer.to_string().into())).await;
            None
        }
    }))
}

/// What goes out for `message`: after a refused `connection_init`, the
/// refusal (the legacy `connection_error` stays) and a close with 4403;
/// async-graphql's close for an operation before the acknowledgement as
/// 4401; anything else as it is.
fn closing(message: Message, refused: &AtomicBool) -> Vec<Message> {
    let forbidden = || close(CLOSE_FORBIDDEN, FORBIDDEN);
    if refused.swap(false, Ordering::SeqCst) {
        return match message {
            Message::Close(_) => vec![forbidden()],
            other => vec![other, forbidden()],
        };
    }
    match message {
        Message::Close(Some(frame)) if frame.code == CLOSE_HANDSHAKE_INCOMPLETE => {
            vec![close(CLOSE_UNAUTHORIZED, "Unauthorized")]
        }
        Message::Text(text) if text.len() > BOUND_ERRORS_ABOVE => {
            vec![Message::Text(
                bounded(text.as_str()).map_or(text, Into::into),
            )]
        }
        other => vec![other],
    }
}

/// A `next` (or legacy `data`) message whose result has too many or too
/// long errors, with them bounded as over HTTP; `None` when it has none to
/// bound.
fn bounded(text: &str) -> Option<String> {
    let mut message: serde_json::Value = serde_json::from_str(text).ok()?;
    let errors = message.get_mut("payload")?.get_mut("errors")?;
    let mut list: Vec<async_graphql::ServerError> = serde_json::from_value(errors.take()).ok()?;
    over_http::bound_errors(&mut list);
    *errors = serde_json::to_value(list).ok()?;
    serde_json::to_string(&message).ok()
}

/// How long from now until the Unix time `at` (zero once it has passed).
fn until(at: u64) -> Duration {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    Duration::from_secs(at).saturating_sub(now)
}

/// A close frame.
fn close(code: u16, reason: &str) -> Message {
    Message::Close(Some(CloseFrame {
        code,
        reason: reason.into(),
    }))
}

/// Runs one operation and streams its results as `next` events, then
/// `complete`. The caller is authenticated (and rate limited) in front of
/// this handler, as for `POST /graphql`; the operation gets what a query
/// there gets: the principal and the request context (user and purpose).
/// It is read as over `/graphql` ([`over_http`]): a POST only as
/// `application/json`, a mutation not over GET; one operation, no batch.
async fn sse(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let context = match execute::request_context(&state, &principal, &headers) {
        Ok(context) => context,
        Err(message) => return execute::bad_context(message),
    };
    let mut request = match over_http::decode(&method, uri.query(), &headers, &body) {
        Ok(Decoded::Single(params)) => match state.persisted.resolve(params, &principal).await {
            Ok(request) => request,
            Err(refusal) => return refusal.answer(MediaType::Json),
        },
        Ok(Decoded::Batch(_)) => {
            return Refusal::bad_request("a stream runs one operation; a batch cannot")
                .answer(MediaType::Json)
        }
        Err(refusal) => return refusal.answer(MediaType::Json),
    };
    // As over /graphql: a mutation not over GET, and the variables
    // coerced, for a parsed document (any other is refused before running
    // anyway).
    if state
        .documents
        .prepare(&mut request, &principal)
        .await
        .parsed
    {
        if method != Method::POST {
            if let Err(refusal) = over_http::refuse_mutation_over_get(&mut request) {
                return refusal.answer(MediaType::Json);
            }
        }
        if let Some(mut refused) = over_http::uncoercible_variables(&mut request) {
            over_http::bound_errors(&mut refused.errors);
            let next = Event::default().event("next").json_data(refused);
            let events = futures::stream::iter([
                next.unwrap_or_else(|e| failed(&e)),
                Event::default().event("complete").data(""),
            ]);
            return Sse::new(events.map(Ok::<_, Infallible>)).into_response();
        }
    }
    // Loaders and BRP access come per execution (each event its own):
    // `graphql::subscription::EventLoaders`.
    let request = limits::request::for_principal(request, &principal).data(Arc::new(context));
    let results = state
        .schemas
        .of(&principal)
        .checked
        .execute_stream(request)
        .map(|mut response| {
            over_http::bound_errors(&mut response.errors);
            Event::default().event("next").json_data(response)
        });
    let complete = futures::stream::once(async { Ok(Event::default().event("complete").data("")) });
    // At shut-down the stream ends with `going-away` instead of `complete`.
    let stopping = state.stopping.clone();
    let going_away = futures::stream::once(async move {
        Event::default()
            .event("going-away")
            .json_data(serde_json::json!({"reason": GOING_AWAY}))
    });
    let events = results
        .chain(complete)
        .take_until(async move { stopping.reached(Phase::Closing).await })
        .chain(going_away.filter({
            let stopping = state.stopping.clone();
            move |_| futures::future::ready(stopping.is_closing())
        }))
        .map(|event| Ok::<_, Infallible>(event.unwrap_or_else(|e| failed(&e))));
    let mut response = Sse::new(events)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response();
    // The events carry register data: no cache keeps them.
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}

/// A result that cannot be written as JSON (it always can; this keeps the
/// stream well-formed even so).
fn failed(e: &axum::Error) -> Event {
    Event::default().event("next").data(
        serde_json::json!({ "errors": [{ "message": format!("cannot encode the result: {e}") }] })
            .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(messages: &[Message]) -> Vec<Option<u16>> {
        messages
            .iter()
            .map(|m| match m {
                Message::Close(Some(f)) => Some(f.code),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_refusal_becomes_the_protocols_close_once() {
        let refused = AtomicBool::new(true);
        let library = Message::Close(Some(CloseFrame {
            code: 1002,
            reason: "Forbidden".into(),
        }));
        assert_eq!(code(&closing(library, &refused)), [Some(4403)]);
        // Legacy: connection_error, then the close.
        refused.store(true, Ordering::SeqCst);
        let legacy = Message::Text(r#"{"type":"connection_error"}"#.into());
        assert_eq!(code(&closing(legacy, &refused)), [None, Some(4403)]);
        // Only the message right after the refusal.
        let later = Message::Close(Some(CloseFrame {
            code: 1002,
            reason: "bad message".into(),
        }));
        assert_eq!(code(&closing(later, &refused)), [Some(1002)]);
        let early = Message::Close(Some(CloseFrame {
            code: 1011,
            reason: "The handshake is not completed.".into(),
        }));
        assert_eq!(code(&closing(early, &refused)), [Some(4401)]);
    }
}
