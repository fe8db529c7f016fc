//! The gateway's listener: accepts connections and serves the router on
//! them, as `axum::serve` does (hyper-util's connection builder, with
//! upgrades for WebSockets, graceful shut-down), plus two things
//! `axum::serve` cannot be told:
//!
//! - a **header-read timeout** (`server.header_read_timeout_ms`): a
//!   connection must send a request's headers, whole, within it (from when
//!   it opened, or since its previous request); one that trickles them
//!   (slowloris) is closed instead of holding a connection and its memory
//!   for ever;
//! - a **connection cap** (`server.max_connections`): connections open at
//!   once, HTTP and WebSocket alike (the permit travels with the socket, so
//!   an upgraded WebSocket holds it until it closes). One beyond the cap is
//!   closed at once rather than left in the kernel's queue: its client
//!   learns now and retries, instead of waiting behind connections that
//!   hold theirs.
//!
//! Graceful shut-down is as before: when `signal` fires, no new
//! connections, and the open ones finish their requests in flight.

use std::future::Future;
use std::io;
use std::pin::{pin, Pin};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::config::ServerConfig;

/// A refused connection is logged at most once per this many seconds: a
/// flood of them must not become a flood of log lines.
const WARN_EVERY_SECONDS: u64 = 10;

/// Serves `router` on `listener` until `signal` fires, then until the open
/// connections have finished (the caller bounds how long it waits).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    server: &ServerConfig,
    signal: impl Future<Output = ()>,
) -> io::Result<()> {
    let header_read_timeout = Duration::from_millis(server.header_read_timeout_ms);
    let max = server.max_connections;
    let open = Arc::new(Semaphore::new(max));
    let graceful = GracefulShutdown::new();
    let last_warned = AtomicU64::new(0);
    let mut signal = pin!(signal);
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    accept_failed(&e).await;
                    continue;
                }
            },
            () = &mut signal => break,
        };
        let Ok(permit) = open.clone().try_acquire_owned() else {
            // Dropping the stream closes it.
            let now = unix_seconds();
            let before = last_warned.load(Ordering::Relaxed);
            if now >= before + WARN_EVERY_SECONDS
                && last_warned
                    .compare_exchange(before, now, Ordering::Relaxed, Ordering::Relaxed)
                    .is_ok()
            {
                tracing::warn!(
                    %remote,
                    max_connections = max,
                    "connections closed at once: server.max_connections are open"
                );
            }
            continue;
        };
        let io = TokioIo::new(Held {
            stream,
            _permit: permit,
        });
        let service = TowerToHyperService::new(router.clone());
        let mut builder = Builder::new(TokioExecutor::new());
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(header_read_timeout);
        let connection = builder.serve_connection_with_upgrades(io, service);
        let connection = graceful.watch(connection.into_owned());
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::trace!(error = %e, "connection ended with an error");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// An accept that failed: out of file descriptors or a connection reset
/// before it was accepted. The former is waited out (as `axum::serve`
/// does), so the loop does not spin; neither stops the listener.
async fn accept_failed(e: &io::Error) {
    if matches!(
        e.kind(),
        io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionReset
    ) {
        return;
    }
    tracing::error!(error = %e, "accepting a connection failed; trying again in a second");
    tokio::time::sleep(Duration::from_secs(1)).await;
}

fn unix_seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A socket with its place under the connection cap, given back when the
/// socket closes (also after an upgrade to a WebSocket).
struct Held {
    stream: TcpStream,
    _permit: OwnedSemaphorePermit,
}

impl AsyncRead for Held {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Held {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}
