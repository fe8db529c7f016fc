//! What a principal may hold open on the streaming transports: WebSockets
//! per principal (`limits.max_connections_per_principal`) and operations
//! per WebSocket (`limits.max_operations_per_connection`). Each operation
//! over a WebSocket also takes a token of the principal's rate limit
//! ([`super::rate`]), as a request to `/graphql` does; that is the
//! transport's glue (`http::subscriptions`).
//!
//! A slot is taken when a connection is authenticated or an operation
//! starts, and given back when its guard is dropped (the connection closes,
//! the operation completes or is stopped), so nothing has to remember to
//! give it back.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::Refusal;
use crate::config::LimitsConfig;

/// The open WebSockets of every principal.
pub struct Connections {
    max: usize,
    max_operations: usize,
    open: Mutex<HashMap<String, usize>>,
}

impl Connections {
    pub fn new(limits: &LimitsConfig) -> Arc<Connections> {
        Arc::new(Connections {
            max: limits.max_connections_per_principal,
            max_operations: limits.max_operations_per_connection,
            open: Mutex::new(HashMap::new()),
        })
    }

    /// A place for one more WebSocket of `subject`, or the refusal when it
    /// holds the most it may.
    pub fn open(self: &Arc<Self>, subject: &str) -> Result<Connection, Refusal> {
        // A poisoned lock means a panic between two integer updates: the
        // counts are still numbers.
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        let count = open.entry(subject.to_string()).or_insert(0);
        if *count >= self.max {
            return Err(Refusal::new(
                "limits.max_connections_per_principal",
                format!(
                    "this principal has {} WebSockets open; limits.max_connections_per_principal \
                     is {}",
                    count, self.max
                ),
            ));
        }
        *count += 1;
        Ok(Connection {
            connections: self.clone(),
            subject: subject.to_string(),
            operations: Arc::new(Operations {
                max: self.max_operations,
                live: AtomicUsize::new(0),
            }),
        })
    }

    #[cfg(test)]
    fn count(&self, subject: &str) -> usize {
        let open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        open.get(subject).copied().unwrap_or(0)
    }
}

/// One open WebSocket of a principal; dropping it closes its place.
pub struct Connection {
    connections: Arc<Connections>,
    subject: String,
    operations: Arc<Operations>,
}

impl Connection {
    /// The operations of this connection.
    pub fn operations(&self) -> Arc<Operations> {
        self.operations.clone()
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        let mut open = self
            .connections
            .open
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if let Some(count) = open.get_mut(&self.subject) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                open.remove(&self.subject);
            }
        }
    }
}

/// The operations running on one WebSocket.
pub struct Operations {
    max: usize,
    live: AtomicUsize,
}

impl Operations {
    /// A place for one more operation, or the refusal when the connection
    /// runs the most it may.
    pub fn start(self: &Arc<Self>) -> Result<Operation, Refusal> {
        let taken = self
            .live
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < self.max).then_some(n + 1)
            });
        match taken {
            Ok(_) => Ok(Operation(self.clone())),
            Err(n) => Err(Refusal::new(
                "limits.max_operations_per_connection",
                format!(
                    "this WebSocket runs {n} operations; limits.max_operations_per_connection \
                     is {}: complete one first, or open another connection",
                    self.max
                ),
            )),
        }
    }
}

/// One running operation; dropping it frees its place.
pub struct Operation(Arc<Operations>);

impl Drop for Operation {
    fn drop(&mut self) {
        self.0.live.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(connections: usize, operations: usize) -> LimitsConfig {
        LimitsConfig {
            max_connections_per_principal: connections,
            max_operations_per_connection: operations,
            ..crate::config::Config::development().limits
        }
    }

    #[test]
    fn connections_count_per_principal_and_come_back_when_closed() {
        let c = Connections::new(&limits(2, 1));
        let a1 = c.open("a").unwrap();
        let _a2 = c.open("a").unwrap();
        let refused = c.open("a").err().unwrap();
        assert_eq!(refused.limit, "limits.max_connections_per_principal");
        // Another principal has its own count.
        let _b = c.open("b").unwrap();
        drop(a1);
        assert!(c.open("a").is_ok());
        assert_eq!(c.count("a"), 1);
    }

    #[test]
    fn operations_count_per_connection_and_come_back_when_done() {
        let c = Connections::new(&limits(2, 2));
        let connection = c.open("a").unwrap();
        let ops = connection.operations();
        let one = ops.start().unwrap();
        let _two = ops.start().unwrap();
        let refused = ops.start().err().unwrap();
        assert_eq!(refused.limit, "limits.max_operations_per_connection");
        drop(one);
        assert!(ops.start().is_ok());
        // Another connection of the same principal has its own.
        let other = c.open("a").unwrap();
        assert!(other.operations().start().is_ok());
    }
}
