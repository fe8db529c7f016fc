//! The register clients against the running sandbox: decoding, paging,
//! problems, limits, timeouts and the call observer, all over real HTTP.

mod brp;
mod klantinteracties;
mod layer;
mod referentielijsten;

use std::sync::{Arc, Mutex};

use klantbeeld_gateway::config::{Config, RegisterConfig, RegistersConfig};
use klantbeeld_gateway::graphql::error::ErrorCode;
use klantbeeld_gateway::registers::klantinteracties::Resource;
use klantbeeld_gateway::registers::{
    CallRecord, Klantinteracties, Page, Register, RegisterError, Registers,
};

use crate::helpers::TestApp;

/// The registers configuration that points at the app's sandbox.
pub fn config_for(app: &TestApp) -> RegistersConfig {
    // The development profile's settings, pointed at this app's sandbox.
    let defaults = Config::development().registers.klantinteracties;
    let register = |path: &str, token: &str| RegisterConfig {
        base_url: format!("{}{path}", app.sandbox),
        token: token.into(),
        token_file: String::new(),
        ..defaults.clone()
    };
    RegistersConfig {
        klantinteracties: register("/klantinteracties/api/v1", &app.token),
        brp: register("/haalcentraal/api/brp/personen", ""),
        referentielijsten: register("/api/v1", ""),
    }
}

/// The clients for `config`.
pub fn registers(config: &RegistersConfig) -> Registers {
    Registers::new(config).unwrap_or_else(|e| panic!("registers build: {e}"))
}

/// One page of a Klantinteracties list with raw query parameters, straight
/// through the register transport: these tests speak the register's wire
/// format, which the client keeps to itself (its lists are typed).
pub async fn list_page<T: Resource>(
    ki: &Klantinteracties,
    query: &[(&str, String)],
    expand: &[&str],
) -> Result<Page<T>, RegisterError> {
    let handle = ki.handle();
    handle
        .get(handle.url(T::PATH, &with_expand(query, expand)), T::PATH)
        .await
}

/// Every page of such a list, following `next`.
pub async fn list<T: Resource>(
    ki: &Klantinteracties,
    query: &[(&str, String)],
    expand: &[&str],
) -> Result<Vec<T>, RegisterError> {
    let handle = ki.handle();
    handle
        .all_pages(handle.url(T::PATH, &with_expand(query, expand)), T::PATH)
        .await
}

fn with_expand<'a>(query: &[(&'a str, String)], expand: &[&str]) -> Vec<(&'a str, String)> {
    let mut query = query.to_vec();
    if !expand.is_empty() {
        query.push(("expand", expand.join(",")));
    }
    query
}

/// A call as the observer saw it, owned.
#[derive(Debug, Clone, PartialEq)]
pub struct Seen {
    pub register: Register,
    pub method: String,
    pub template: String,
    pub objects: usize,
    pub expanded: usize,
    pub error: Option<&'static str>,
}

/// Installs an observer that records every call; returns the record.
pub fn observe(registers: &Registers) -> Arc<Mutex<Vec<Seen>>> {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&seen);
    registers.add_observer(Arc::new(move |call: &CallRecord<'_>| {
        sink.lock().unwrap().push(Seen {
            register: call.register,
            method: call.method.to_string(),
            template: call.template.to_string(),
            objects: call.objects,
            expanded: call.expanded,
            error: call.error.map(|e| e.code()),
        });
    }));
    seen
}
