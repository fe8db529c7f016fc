//! The phases of a graceful shut-down as the HTTP surface sees them, so that
//! clients can tell a restart from a network fault:
//! 1. **draining** (at SIGTERM): `/readyz` answers 503, so that the Service
//!    stops sending new requests here, while everything is still served;
//! 2. **closing** (after `server.shutdown_drain_ms`): the listener closes,
//!    WebSocket subscriptions end with close 1001 (going away) and SSE
//!    streams with an explicit `going-away` event, both saying to subscribe
//!    again with `vanaf`;
//! 3. **cut** (at `server.shutdown_grace_ms` after SIGTERM): a request still
//!    running is answered 503 `SHUTTING_DOWN` with `Retry-After`, instead of
//!    a connection that just breaks ([`cut_at_grace`]).
//!
//! Start-up moves the phases (`startup.rs`); the handlers only read them.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use tokio::sync::watch;

/// Where the shut-down is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    Serving,
    Draining,
    Closing,
    Cut,
}

/// The shut-down phase, shared by start-up (which moves it) and the
/// handlers (which read it). Cheap to clone.
#[derive(Debug, Clone)]
pub struct Stopping {
    phase: Arc<watch::Sender<Phase>>,
}

impl Default for Stopping {
    fn default() -> Self {
        Stopping {
            phase: Arc::new(watch::channel(Phase::Serving).0),
        }
    }
}

/// What a WebSocket close and an SSE end event say: why, and how to go on.
pub const GOING_AWAY: &str = "the gateway is shutting down; subscribe again with vanaf";

impl Stopping {
    /// Moves to `phase` (never back).
    pub fn enter(&self, phase: Phase) {
        self.phase.send_if_modified(|now| {
            let later = phase > *now;
            if later {
                *now = phase;
            }
            later
        });
    }

    /// Whether the shut-down began (`/readyz` is 503 from then on).
    pub fn is_stopping(&self) -> bool {
        *self.phase.borrow() >= Phase::Draining
    }

    /// Whether subscriptions are to end now.
    pub fn is_closing(&self) -> bool {
        *self.phase.borrow() >= Phase::Closing
    }

    /// Resolves once the shut-down reached `phase`.
    pub async fn reached(&self, phase: Phase) {
        let mut seen = self.phase.subscribe();
        // Fails only when the sender is gone, which `self` holds.
        let _ = seen.wait_for(|now| *now >= phase).await;
    }
}

/// The middleware that answers a request still running when the grace
/// period ends: 503 with a GraphQL-shaped error `SHUTTING_DOWN` and
/// `Retry-After: 1`, and `Connection: close`, so that the client sends it
/// again elsewhere instead of seeing the connection break.
pub async fn cut_at_grace(
    State(stopping): State<Stopping>,
    request: Request,
    next: Next,
) -> Response {
    tokio::select! {
        response = next.run(request) => response,
        () = stopping.reached(Phase::Cut) => cut(),
    }
}

fn cut() -> Response {
    let body = serde_json::json!({
        "errors": [{
            "message": "the gateway is shutting down and could not finish this request within \
                        server.shutdown_grace_ms; send it again",
            "extensions": {"code": "SHUTTING_DOWN"}
        }]
    });
    let mut response = (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn phases_only_move_forward_and_wake_who_waits() {
        let s = Stopping::default();
        assert!(!s.is_stopping());
        let waiting = tokio::spawn({
            let s = s.clone();
            async move { s.reached(Phase::Closing).await }
        });
        s.enter(Phase::Closing);
        waiting.await.expect("woken");
        s.enter(Phase::Draining);
        assert!(s.is_stopping());
        assert_eq!(*s.phase.borrow(), Phase::Closing);
        assert_eq!(cut().status(), StatusCode::SERVICE_UNAVAILABLE);
    }
}
