//! The GraphQL layer: schema, resolvers, request-scoped loaders and the
//! planner that decides which register calls a request makes.

pub mod brp;
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
pub mod zoeken;

use std::sync::Arc;

use async_graphql::Schema;

use crate::audit::RequestContext;

pub use brp::Personen;
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

/// Gives one GraphQL request what it needs for itself: its own loaders
/// (nothing loaded for one request is seen by another), its request context
/// (user and purpose), and BRP access bound to that context.
pub fn prepare(
    request: async_graphql::Request,
    gateway: &Arc<Gateway>,
    context: &RequestContext,
) -> async_graphql::Request {
    let context = Arc::new(context.clone());
    request
        .data(Loaders::new(gateway))
        .data(Personen::new(gateway, context.clone()))
        .data(context)
}

/// The SDL of the schema, as `schema.graphql` holds it.
pub fn sdl() -> String {
    Schema::build(Query, Mutation, Subscription).finish().sdl()
}
