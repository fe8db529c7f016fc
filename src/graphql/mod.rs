//! The GraphQL layer: schema, resolvers, request-scoped loaders and the
//! planner that decides which register calls a request makes.

pub mod brp;
pub mod error;
pub(crate) mod guard;
pub mod loaders;
pub mod mutation;
pub(crate) mod planner;
mod query;
pub mod referentie;
pub(crate) mod shared;
pub mod subscription;
pub mod types;
pub(crate) mod zoeken;

use std::sync::Arc;

use async_graphql::Schema;

use crate::audit::OpgegevenGrondslag;
use crate::limits::QueryLimits;

pub use brp::Personen;
pub use loaders::Loaders;
pub use mutation::Mutation;
pub use query::Query;
pub use shared::Shared;
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
/// its configuration ([`QueryLimits`]; an introspection it refuses is
/// [`guard::forbidden`]).
pub fn build(gateway: Arc<Shared>, suggestions: Suggestions) -> KlantbeeldSchema {
    let limits = &gateway.config.limits;
    builder(suggestions)
        .extension(QueryLimits::new(limits, guard::forbidden))
        .limit_recursive_depth(QueryLimits::recursive_depth(limits))
        .data(gateway)
        .extension(subscription::EventLoaders)
        .finish()
}

/// The schema without extensions, for `POST /graphql`. As soon as one
/// extension is registered, async-graphql resolves every field through the
/// extension chain (a registry lookup and a boxed future per field): 13–32 %
/// of a klantbeeld's CPU. Its caller runs only documents within the limits
/// checked before validation ([`crate::limits::document::Precheck`]) and hands any
/// other, or one that hits async-graphql's own depth and complexity limits
/// (set here at the configured values), to the schema of [`build`] for the
/// refusal that names the limit. Requests on it bring their own loaders, so
/// `EventLoaders` has nothing to do there.
pub fn build_unchecked(gateway: Arc<Shared>, suggestions: Suggestions) -> KlantbeeldSchema {
    let limits = &gateway.config.limits;
    builder(suggestions)
        .limit_recursive_depth(QueryLimits::recursive_depth(limits))
        .limit_depth(limits.max_depth)
        .limit_complexity(limits.max_complexity)
        .data(gateway)
        .finish()
}

/// Gives one GraphQL request what it needs for itself: its own loaders
/// (nothing loaded for one request is seen by another), who asks and why
/// (its [`OpgegevenGrondslag`]), and BRP access bound to that.
pub fn prepare(
    request: async_graphql::Request,
    gateway: &Arc<Shared>,
    context: &OpgegevenGrondslag,
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
