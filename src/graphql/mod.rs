//! The GraphQL layer: schema, resolvers, request-scoped loaders and the
//! planner that decides which register calls a request makes.

pub mod context;
pub mod error;
pub mod guard;
pub mod loaders;
pub mod planner;
mod query;
pub mod referentie;
pub mod types;

use std::sync::Arc;

use async_graphql::{EmptyMutation, EmptySubscription, Schema};

pub use context::Gateway;
pub use loaders::Loaders;
pub use query::Query;

/// The executable schema.
pub type KlantbeeldSchema = Schema<Query, EmptyMutation, EmptySubscription>;

/// Builds the schema around a running gateway, with the query limits of
/// its configuration (`guard::limits`).
pub fn build(gateway: Arc<Gateway>) -> KlantbeeldSchema {
    let limits = &gateway.config.limits;
    Schema::build(Query, EmptyMutation, EmptySubscription)
        .extension(guard::limits::QueryLimits::new(limits))
        .limit_recursive_depth(guard::limits::QueryLimits::recursive_depth(limits))
        .data(gateway)
        .finish()
}

/// The SDL of the schema, as `schema.graphql` holds it.
pub fn sdl() -> String {
    Schema::build(Query, EmptyMutation, EmptySubscription)
        .finish()
        .sdl()
}
