//! Black-box tests: each starts the whole application (gateway and sandbox)
//! on random ports through `helpers::spawn_app` and talks to it over HTTP.
//! One test binary, so that the crate is linked once. The sandbox's own
//! HTTP behaviour is tested in its crate (`sandbox/tests/`), with which
//! these tests share three files.

mod amplification;
mod auth;
mod authorization;
mod browser;
mod cli;
mod config;
mod csrf;
mod gateway;
mod helpers;
mod http_spec;
/// The sandbox Klantinteracties client of the sandbox's write tests (this
/// crate's `helpers::TestApp` has the fields it uses); these tests make
/// their objects with part of it.
#[allow(dead_code)]
#[path = "../../sandbox/tests/api/ki_write/client.rs"]
mod ki_client;
mod klantbeeld;
mod limits;
mod logs;
mod mutations;
mod notificaties;
mod operations;
mod otlp;
mod persisted;
mod persoon;
mod planner;
mod playground;
mod queries;
mod registers;
mod releases;
mod reliability;
mod replicas;
mod resilience;
#[path = "../../sandbox/tests/api/sandbox_calls.rs"]
mod sandbox_calls;
mod schema;
mod secrets;
mod streams;
mod subscriptions;
mod transport;
mod verwerkingslog;
#[path = "../../sandbox/tests/api/yaml.rs"]
mod yaml;
mod zoeken;
