//! The GraphQL layer: schema, resolvers, request-scoped loaders and the
//! planner that decides which register calls a request makes.

pub mod brp;
pub mod context;
pub mod error;
pub mod guard;
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

/// Whether a validation error suggests the names a wrong one may have meant
/// ("Did you mean …?"). Suggestions show the schema's fields and arguments,
/// so only callers who may introspect it get them; async-graphql switches
/// them per schema, so there is a schema of each kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suggestions {
    Shown,
    Hidden,
}

fn builder(
    suggestions: Suggestions,
) -> async_graphql::SchemaBuilder<Query, Mutation, Subscription> {
    let builder = Schema::build(Query, Mutation, Subscription);
    match suggestions {
        Suggestions::Shown => builder,
        Suggestions::Hidden => builder.disable_suggestions(),
    }
}

/// Builds the schema around a running gateway, with the query limits of
/// its configuration (`guard::limits`).
pub fn build(gateway: Arc<Gateway>, suggestions: Suggestions) -> KlantbeeldSchema {
    let limits = &gateway.config.limits;
    builder(suggestions)
        .extension(guard::limits::QueryLimits::new(limits))
        .limit_recursive_depth(guard::limits::QueryLimits::recursive_depth(limits))
        .data(gateway)
        .extension(subscription::EventLoaders)
        .finish()
}

/// The schema without extensions, for `POST /graphql`. As soon as one
/// extension is registered, async-graphql resolves every field through the
/// extension chain (a registry lookup and a boxed future per field): 13–32 %
/// of a klantbeeld's CPU. Its caller runs only documents within the limits
/// checked before validation ([`guard::limits::within`]) and hands any
/// other, or one that hits async-graphql's own depth and complexity limits
/// (set here at the configured values), to the schema of [`build`] for the
/// refusal that names the limit. Requests on it bring their own loaders, so
/// `EventLoaders` has nothing to do there.
pub fn build_unchecked(gateway: Arc<Gateway>, suggestions: Suggestions) -> KlantbeeldSchema {
    let limits = &gateway.config.limits;
    builder(suggestions)
        .limit_recursive_depth(guard::limits::QueryLimits::recursive_depth(limits))
        .limit_depth(limits.max_depth)
        .limit_complexity(limits.max_complexity)
        .data(gateway)
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
