//! The GraphQL schema of the klantbeeld.

pub mod planner;

use async_graphql::{EmptyMutation, EmptySubscription, Object, Schema};

use crate::config::Config;

/// The executable schema.
pub type KlantbeeldSchema = Schema<Query, EmptyMutation, EmptySubscription>;

/// Why the schema could not be built.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BuildError(String);

/// The query root.
pub struct Query;

#[Object]
impl Query {
    /// The gateway's version.
    async fn versie(&self) -> &'static str {
        env!("CARGO_PKG_VERSION")
    }
}

/// Builds the schema.
pub fn build(_config: &Config) -> Result<KlantbeeldSchema, BuildError> {
    Ok(Schema::build(Query, EmptyMutation, EmptySubscription).finish())
}

/// The SDL of the schema, as `schema.graphql` holds it.
pub fn sdl() -> String {
    Schema::build(Query, EmptyMutation, EmptySubscription)
        .finish()
        .sdl()
}
