//! The streaming transports of GraphQL: WebSocket on `/graphql/ws` (both
//! `graphql-transport-ws` and the legacy `graphql-ws` protocol) and
//! GraphQL over Server-Sent Events on `/graphql/sse` in the "distinct
//! connections" mode (enisdenjo/graphql-sse `PROTOCOL.md`): one operation
//! per request (GET with query parameters or POST with a JSON body), each
//! result an `event: next`, the end an `event: complete`; the client stops
//! by closing the response.
//!
//! Credentials: a WebSocket brings them in `connection_init`'s payload
//! (browsers cannot set headers on an upgrade), an SSE request in its
//! `Authorization` header. Both go through [`Inzage::voor`], the one hook
//! where the security work checks them; what it gives is the subscriber's
//! reading rights for the whole connection.

use std::convert::Infallible;
use std::time::Duration;

use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql::Data;
use async_graphql_axum::{GraphQLProtocol, GraphQLRequest, GraphQLWebSocket};
use axum::extract::{State, WebSocketUpgrade};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use futures::StreamExt;

use crate::graphql::{Inzage, KlantbeeldSchema};

/// The initial read buffer of a WebSocket connection.
const READ_BUFFER: usize = 8 * 1024;

/// The two routes, with the schema as their state.
pub fn routes<S: Clone + Send + Sync + 'static>(schema: KlantbeeldSchema) -> Router<S> {
    Router::new()
        .route("/graphql/ws", get(websocket))
        .route("/graphql/sse", get(sse).post(sse))
        .with_state(schema)
}

/// Upgrades to a GraphQL WebSocket; the rights come with `connection_init`.
async fn websocket(
    State(schema): State<KlantbeeldSchema>,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        // Clients send small messages (init, subscribe, complete): a small
        // read buffer (it grows for a larger one) keeps an idle subscriber
        // cheap; the default of 128 KiB is made for bulk transfer.
        .read_buffer_size(READ_BUFFER)
        .on_upgrade(move |socket| {
            GraphQLWebSocket::new(socket, schema, protocol)
                .on_connection_init(connection_init)
                .serve()
        })
}

/// Reads the credentials of `connection_init` (`Authorization` or
/// `authorization`, or `token`); a refusal closes the connection.
async fn connection_init(payload: serde_json::Value) -> async_graphql::Result<Data> {
    let credentials = ["Authorization", "authorization", "token"]
        .iter()
        .find_map(|k| payload.get(*k).and_then(|v| v.as_str()));
    let inzage = Inzage::voor(credentials).map_err(async_graphql::Error::new)?;
    let mut data = Data::default();
    data.insert(inzage);
    Ok(data)
}

/// Runs one operation and streams its results as `next` events, then
/// `complete`. Refused credentials are a 401 before the stream starts.
async fn sse(
    State(schema): State<KlantbeeldSchema>,
    headers: HeaderMap,
    request: GraphQLRequest,
) -> Response {
    let credentials = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let inzage = match Inzage::voor(credentials) {
        Ok(i) => i,
        Err(reason) => {
            return (
                StatusCode::UNAUTHORIZED,
                Json(serde_json::json!({ "errors": [{ "message": reason }] })),
            )
                .into_response()
        }
    };
    let results = schema
        .execute_stream(request.into_inner().data(inzage))
        .map(|response| Event::default().event("next").json_data(response));
    let complete = futures::stream::once(async { Ok(Event::default().event("complete").data("")) });
    let events = results
        .chain(complete)
        .map(|event| Ok::<_, Infallible>(event.unwrap_or_else(|e| failed(&e))));
    Sse::new(events)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

/// A result that cannot be written as JSON (it always can; this keeps the
/// stream well-formed even so).
fn failed(e: &axum::Error) -> Event {
    Event::default().event("next").data(
        serde_json::json!({ "errors": [{ "message": format!("cannot encode the result: {e}") }] })
            .to_string(),
    )
}
