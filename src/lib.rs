//! klantbeeld-gateway: a GraphQL gateway that gives a municipal customer
//! contact centre the whole klantbeeld of a caller (use case C4161) in one
//! query, assembled from Klantinteracties, the BRP and Referentielijsten.
//!
//! Folders follow ARCHITECTURE.md: `auth` (who calls, and what they may
//! read and do), `limits` (what a caller may send, and how often),
//! `config` (settings), `startup` (process start and stop), `app` (the
//! application state, built once, and the wiring of its layers),
//! `telemetry` (logs, metrics, spans), `http` (the inbound HTTP surface),
//! `graphql` (schema, resolvers, planner), `registers` (clients over one
//! outbound transport), `audit` (the verwerkingslog of BRP lookups),
//! `domain` (parsed values), `events` (notifications in, the events hub).
//! The embedded sandbox registers are the crate `klantbeeld-sandbox`
//! (`sandbox/`), linked with the default feature `embedded-sandbox`.

pub mod app;
pub mod audit;
pub mod auth;
pub mod config;
pub mod domain;
pub(crate) mod events;
pub mod graphql;
pub(crate) mod http;
pub(crate) mod limits;
pub mod registers;
pub mod startup;
pub mod telemetry;
