//! The GraphQL types of the klantbeeld, in the standard's own vocabulary.
//! Each wraps the register's object and resolves relations through the
//! request's loaders.

mod actor;
mod adres;
mod betrokkene;
mod digitaal_adres;
pub mod enums;
mod interne_taak;
mod klantcontact;
mod partij;
pub mod persoon;

pub use actor::Actor;
pub use adres::{Adres, Contactnaam, Objectidentificator};
pub use betrokkene::Betrokkene;
pub use digitaal_adres::DigitaalAdres;
pub use interne_taak::InterneTaak;
pub use klantcontact::{Bijlage, Klantcontact, Onderwerpobject};
pub use partij::{Partij, PartijIdentificator, Rekeningnummer};
pub use persoon::Persoon;

use std::sync::Arc;

use async_graphql::{Context, Result};

use super::context::Gateway;
use super::loaders::Loaders;

/// The request's loaders and the shared gateway, from a resolver's context.
pub fn data<'a>(ctx: &'a Context<'_>) -> Result<(&'a Arc<Gateway>, &'a Loaders)> {
    Ok((ctx.data::<Arc<Gateway>>()?, ctx.data::<Loaders>()?))
}

/// Maps a loader failure to the GraphQL error at the field.
pub fn load_error(e: super::loaders::LoadError) -> async_graphql::Error {
    super::error::from_register(&e)
}
