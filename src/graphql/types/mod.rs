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

use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use async_graphql::{Context, Result};
use uuid::Uuid;

use super::loaders::{load_in_order, LoadError, Loaders};
use super::shared::Shared;
use crate::registers::klantinteracties::Fk;

/// The request's loaders and the shared gateway, from a resolver's context.
pub fn data<'a>(ctx: &'a Context<'_>) -> Result<(&'a Arc<Shared>, &'a Loaders)> {
    Ok((ctx.data::<Arc<Shared>>()?, ctx.data::<Loaders>()?))
}

/// Maps a loader failure to the GraphQL error at the field.
pub fn load_error(e: super::loaders::LoadError) -> async_graphql::Error {
    super::error::from_register(&e)
}

/// The uuids of a list of references.
pub fn uuids(fks: &[Fk]) -> impl Iterator<Item = Uuid> + '_ {
    fks.iter().map(|f| f.uuid)
}

/// The objects behind `uuids`, through `loader`, in order, as GraphQL type `T`.
pub async fn related<L, T>(
    loader: &DataLoader<L, HashMapCache>,
    uuids: impl IntoIterator<Item = Uuid>,
    wrap: impl Fn(L::Value) -> T,
) -> Result<Vec<T>>
where
    L: Loader<Uuid, Error = LoadError>,
{
    Ok(load_in_order(loader, uuids)
        .await
        .map_err(load_error)?
        .into_iter()
        .map(wrap)
        .collect())
}

/// The object behind an optional reference, through `loader`, as GraphQL type `T`.
pub async fn related_one<L, T>(
    loader: &DataLoader<L, HashMapCache>,
    fk: Option<&Fk>,
    wrap: impl Fn(L::Value) -> T,
) -> Result<Option<T>>
where
    L: Loader<Uuid, Error = LoadError>,
{
    let Some(fk) = fk else { return Ok(None) };
    Ok(loader
        .load_one(fk.uuid)
        .await
        .map_err(load_error)?
        .map(wrap))
}
