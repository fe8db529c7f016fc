//! klantbeeld-gateway: a GraphQL gateway that gives a municipal customer
//! contact centre the whole klantbeeld of a caller (use case C4161) in one
//! query, assembled from Klantinteracties, the BRP and Referentielijsten.
//!
//! Folders follow ARCHITECTURE.md: `auth` (who calls, and what they may
//! read and do), `limits` (what a caller may send, and how often), `config`
//! (settings), `startup` and `telemetry` (process wiring), `http` (the HTTP
//! surface), `graphql` (schema, resolvers, planner), `registers` (clients),
//! `audit` (the verwerkingslog of BRP lookups), `domain` (parsed values),
//! `events` (notifications in, the events hub), `sandbox` (the embedded
//! registers).

pub mod audit;
pub mod auth;
pub mod config;
pub mod domain;
pub mod events;
pub mod graphql;
pub(crate) mod http;
pub(crate) mod limits;
pub mod registers;
pub mod sandbox;
pub mod startup;
pub mod telemetry;
