//! Black-box tests: each starts the whole application (gateway and sandbox)
//! on random ports through `helpers::spawn_app` and talks to it over HTTP.
//! One test binary, so that the crate is linked once.

mod auth;
mod authorization;
mod browser;
mod cli;
mod config;
mod csrf;
mod gateway;
mod helpers;
mod http_spec;
mod klantbeeld;
mod limits;
mod mutations;
mod notificaties;
mod openapi;
mod operations;
mod otlp;
mod persisted;
mod persoon;
mod planner;
mod playground;
mod queries;
mod registers;
mod resilience;
mod sandbox_brp;
mod sandbox_control;
mod sandbox_ki_read;
mod sandbox_ki_write;
mod sandbox_referentielijsten;
mod sandbox_spec;
mod schema;
mod secrets;
mod subscriptions;
mod verwerkingslog;
mod zoeken;
