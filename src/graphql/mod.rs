//! The GraphQL layer: schema, resolvers, request-scoped loaders and the
//! planner that decides which register calls a request makes.

pub mod context;
pub mod error;
pub mod inzage;
pub mod loaders;
pub mod mutation;
pub mod planner;
mod query;
pub mod referentie;
pub mod subscription;
pub mod types;

use std::sync::Arc;

use async_graphql::Schema;

pub use context::Gateway;
pub use inzage::Inzage;
pub use loaders::Loaders;
pub use mutation::Mutation;
pub use query::Query;
pub use subscription::Subscription;

/// The executable schema.
pub type KlantbeeldSchema = Schema<Query, Mutation, Subscription>;

/// Builds the schema around a running gateway.
pub fn build(gateway: Arc<Gateway>) -> KlantbeeldSchema {
    Schema::build(Query, Mutation, Subscription)
        .data(gateway)
        .extension(subscription::EventLoaders)
        .finish()
}

/// The SDL of the schema, as `schema.graphql` holds it.
pub fn sdl() -> String {
    Schema::build(Query, Mutation, Subscription).finish().sdl()
}
