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
//!   with 4403, and the client reconnects with a fresh token. An SSE stream
//!   ends then too, with a last `next` saying why (`UNAUTHENTICATED`).
//!
//! What one principal may hold ([`crate::limits::stream`]): a principal
//! with `limits.max_connections_per_principal` WebSockets open has its next
//! `connection_init` closed with 4429; an operation beyond
//! `limits.max_operations_per_connection` on one WebSocket, or one for which
//! the principal's rate limit has no token left (each `subscribe`/`start`
//! takes one, as a request to `/graphql` does), is answered with one error
//! (`LIMIT_EXCEEDED`, or `RATE_LIMITED`) and `complete`; the connection
//! stays.
//!
//! Fan-out: async-graphql's WebSocket polls every operation of a connection
//! whenever it is woken, to find the one with a result. Each operation here
//! is [`Woken`]: it polls its stream only after that stream woke it, so a
//! connection's idle operations cost an atomic load each, not a look into
//! the events hub; an event reaches N subscribers in O(N), the operations
//! per connection being capped.
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
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU16, Ordering};
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll, Wake, Waker};
use std::time::{Duration, Instant};

use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql::{Data, ErrorExtensions, Executor, ServerError};
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
use futures::stream::BoxStream;
use futures::task::AtomicWaker;
use futures::{SinkExt, Stream, StreamExt};

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
use crate::graphql::KlantbeeldSchema;
use crate::limits;
use crate::limits::rate::{retry_after_seconds, RateLimiter};
use crate::limits::stream::{Connection, Connections, Operation};

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
/// The principal holds `limits.max_connections_per_principal` WebSockets
/// already (the protocol's code for too many initialisations; clients do
/// not retry on it).
pub const CLOSE_TOO_MANY: u16 = 4429;
/// async-graphql's close code for an operation before the acknowledgement.
const CLOSE_HANDSHAKE_INCOMPLETE: u16 = 1011;
/// The one reason a refused connection is given (no detail that helps an
/// attacker).
const FORBIDDEN: &str = "Forbidden";
/// The reason of [`CLOSE_TOO_MANY`].
const TOO_MANY: &str = "Too many connections";

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
    // The close code of a refused `connection_init` (0: not refused).
    let refused = Arc::new(AtomicU16::new(0));
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
    // Its place among the principal's connections, held until the socket
    // closes; the operations it runs count under it.
    let connection = Arc::new(OnceLock::new());
    let on_init = {
        let initialised = initialised.clone();
        let principal = principal.clone();
        let admission = Admission {
            connections: state.connections.clone(),
            connection: connection.clone(),
        };
        move |payload| {
            connection_init(
                auth,
                context,
                refused,
                initialised,
                expiry,
                principal,
                admission,
                payload,
            )
        }
    };
    let executor = Limited {
        schema: if state.app.config.auth.mode == AuthMode::Development {
            state.schemas.shown.checked.clone()
        } else {
            state.schemas.hidden.checked.clone()
        },
        connection,
        principal: principal.clone(),
        limiter: state.limiter.clone(),
    };
    let stream = trusted_only(stream, state.persisted.clone(), principal, out.clone());
    // The schema (in `executor`) is chosen now, the principal is known only
    // after `connection_init`: suggestions ("Did you mean …") only in the
    // development profile, where every caller may introspect.
    let graphql = GraphQLWebSocket::new_with_pair(graphql_out, stream, executor, protocol)
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
#[allow(clippy::too_many_arguments)]
async fn connection_init(
    auth: Arc<Authenticator>,
    context: OpgegevenGrondslag,
    refused: Arc<AtomicU16>,
    initialised: Arc<AtomicBool>,
    expiry: tokio::sync::oneshot::Sender<u64>,
    connection: Arc<OnceLock<Principal>>,
    admission: Admission,
    payload: serde_json::Value,
) -> async_graphql::Result<Data> {
    initialised.store(true, Ordering::SeqCst);
    match auth.connection_init(&payload).await {
        Ok(principal) => {
            let place = match admission.connections.open(&principal.subject) {
                Ok(place) => place,
                Err(refusal) => {
                    tracing::info!(
                        limit = refusal.limit,
                        "WebSocket refused: {}",
                        refusal.message
                    );
                    refused.store(CLOSE_TOO_MANY, Ordering::SeqCst);
                    return Err(async_graphql::Error::new(TOO_MANY));
                }
            };
            let _ = admission.connection.set(place);
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
            refused.store(CLOSE_FORBIDDEN, Ordering::SeqCst);
            Err(async_graphql::Error::new(FORBIDDEN))
        }
    }
}

/// What `connection_init` needs to give the connection its place among
/// its principal's ([`Connections::open`]).
struct Admission {
    connections: Arc<Connections>,
    connection: Arc<OnceLock<Connection>>,
}

/// The executor of one WebSocket's operations: the schema, behind the
/// connection's limits. Each operation takes a token of the principal's
/// rate limit and a place among the connection's operations, or is
/// answered with the one error that says which limit it met (and then
/// `complete`); a running one is [`Woken`].
#[derive(Clone)]
struct Limited {
    schema: KlantbeeldSchema,
    connection: Arc<OnceLock<Connection>>,
    principal: Arc<OnceLock<Principal>>,
    limiter: Option<Arc<RateLimiter>>,
}

impl Executor for Limited {
    fn execute(
        &self,
        request: async_graphql::Request,
    ) -> impl std::future::Future<Output = async_graphql::Response> + Send {
        self.schema.execute(request)
    }

    fn execute_stream(
        &self,
        request: async_graphql::Request,
        session_data: Option<Arc<Data>>,
    ) -> BoxStream<'static, async_graphql::Response> {
        let refused = |error: ServerError| {
            futures::stream::once(async move { async_graphql::Response::from_errors(vec![error]) })
                .boxed()
        };
        // async-graphql starts operations only after the acknowledgement,
        // which comes after `connection_init` set both.
        let (Some(principal), Some(connection)) = (self.principal.get(), self.connection.get())
        else {
            return refused(limits::request_error(async_graphql::Error::new(FORBIDDEN)));
        };
        if let Some(limiter) = &self.limiter {
            if let Err(wait) = limiter.take(&principal.subject, Instant::now()) {
                return refused(limits::rate::refused(retry_after_seconds(wait)));
            }
        }
        let operation = match connection.operations().start() {
            Ok(operation) => operation,
            Err(refusal) => return refused(refusal.error()),
        };
        let results = Executor::execute_stream(&self.schema, request, session_data);
        Woken::new(results, operation).boxed()
    }
}

/// An operation's results, looked at only when they woke it: async-graphql
/// polls every operation of a connection each time one has a result, and a
/// look into the events hub (a lock shared by every subscriber) for each
/// made one event cost O(N²) over N subscriptions of one connection. Here
/// an idle operation's poll is an atomic swap. It holds its place among the
/// connection's operations ([`Operation`]) until it is dropped.
struct Woken {
    results: BoxStream<'static, async_graphql::Response>,
    wake: Arc<Wakeup>,
    _place: Operation,
}

/// Whether an operation's stream woke it since its last poll, and the
/// connection's task to wake.
struct Wakeup {
    woken: AtomicBool,
    task: AtomicWaker,
}

impl Wake for Wakeup {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::SeqCst);
        self.task.wake();
    }
}

impl Woken {
    fn new(results: BoxStream<'static, async_graphql::Response>, place: Operation) -> Woken {
        Woken {
            results,
            // The first poll looks: nothing has woken it yet.
            wake: Arc::new(Wakeup {
                woken: AtomicBool::new(true),
                task: AtomicWaker::new(),
            }),
            _place: place,
        }
    }
}

impl Stream for Woken {
    type Item = async_graphql::Response;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        this.wake.task.register(cx.waker());
        if !this.wake.woken.swap(false, Ordering::SeqCst) {
            return Poll::Pending;
        }
        let waker = Waker::from(this.wake.clone());
        let polled = this
            .results
            .poll_next_unpin(&mut Context::from_waker(&waker));
        if polled.is_ready() {
            // A stream that gave an item may have the next one ready
            // without waking anyone: look again next time.
            this.wake.woken.store(true, Ordering::SeqCst);
        }
        polled
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
/// refusal (the legacy `connection_error` stays) and a close with the code
/// `refused` holds (4403, or 4429 for a principal with too many
/// connections); async-graphql's close for an operation before the
/// acknowledgement as 4401; anything else as it is.
fn closing(message: Message, refused: &AtomicU16) -> Vec<Message> {
    let code = refused.swap(0, Ordering::SeqCst);
    if code != 0 {
        let reason = if code == CLOSE_TOO_MANY {
            TOO_MANY
        } else {
            FORBIDDEN
        };
        return match message {
            Message::Close(_) => vec![close(code, reason)],
            other => vec![other, close(code, reason)],
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
    let results = until_expired(
        results,
        principal.expires,
        state.app.config.auth.leeway_seconds,
    );
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

/// The events of an SSE stream until the token it was opened with
/// expires (`exp` plus the leeway its checks allow), as a WebSocket is
/// closed then; at expiry a last `next` says why the stream ends. A
/// principal without `exp` (the development profile) has no end of its own.
fn until_expired(
    results: impl Stream<Item = Result<Event, axum::Error>> + Send + 'static,
    exp: Option<u64>,
    leeway: u64,
) -> BoxStream<'static, Result<Event, axum::Error>> {
    let Some(exp) = exp else {
        return results.boxed();
    };
    let expired = Arc::new(AtomicBool::new(false));
    let timer = {
        let expired = expired.clone();
        async move {
            tokio::time::sleep(until(exp.saturating_add(leeway))).await;
            expired.store(true, Ordering::SeqCst);
        }
    };
    let last = futures::stream::once(async move { expired.load(Ordering::SeqCst) }).filter_map(
        |expired| async move {
            expired.then(|| {
                tracing::info!("ending an SSE stream: its token expired");
                let error = limits::request_error(
                    async_graphql::Error::new(
                        "the token expired; subscribe again with a fresh one (vanaf: the last \
                         event id resumes without loss)",
                    )
                    .extend_with(|_, e| e.set("code", "UNAUTHENTICATED")),
                );
                Event::default()
                    .event("next")
                    .json_data(async_graphql::Response::from_errors(vec![error]))
            })
        },
    );
    results.take_until(timer).chain(last).boxed()
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
        let refused = AtomicU16::new(CLOSE_FORBIDDEN);
        let library = Message::Close(Some(CloseFrame {
            code: 1002,
            reason: "Forbidden".into(),
        }));
        assert_eq!(code(&closing(library, &refused)), [Some(4403)]);
        // Legacy: connection_error, then the close.
        refused.store(CLOSE_FORBIDDEN, Ordering::SeqCst);
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
        refused.store(CLOSE_TOO_MANY, Ordering::SeqCst);
        let library = Message::Close(Some(CloseFrame {
            code: 1002,
            reason: TOO_MANY.into(),
        }));
        assert_eq!(code(&closing(library, &refused)), [Some(4429)]);
    }
}
