//! The GraphQL side of authorization: the rules are `auth::rules`'; here
//! they are enforced. An object the principal may not read is not returned
//! at all: a list leaves it out (its cursors and counts are computed without
//! it), a single field gives `null` with a `FORBIDDEN` error that says why
//! and names the ability ([`forbidden`]). Which flag of a register object
//! the rules look at is said once, by [`Guarded`].

use std::collections::HashSet;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use async_graphql::{Context, Error, ErrorExtensions, Result};
use uuid::Uuid;

use super::loaders::{load_in_order, LoadError, Loaders};
use super::types::load_error;
use crate::auth::rules::{self, Denied, Object};
use crate::auth::{Ability, Inzage, Principal};
use crate::registers::brp::Persoon;
use crate::registers::klantinteracties::{self as ki, Fk};

/// `FORBIDDEN`: the refusal's sentence, naming the missing ability.
pub fn forbidden(denied: Denied) -> Error {
    let ability = denied.ability.as_str();
    Error::new(denied.to_string()).extend_with(move |_, e| {
        e.set("code", "FORBIDDEN");
        e.set("ability", ability);
    })
}

/// The request's principal; one that may do nothing when none is attached.
pub fn principal<'a>(ctx: &Context<'a>) -> &'a Principal {
    rules::or_nobody(ctx.data_opt::<Principal>())
}

/// The reading rights of the request's principal.
pub fn inzage(ctx: &Context<'_>) -> Inzage {
    Inzage::van(principal(ctx))
}

/// A register object whose content decides who may read it.
pub trait Guarded {
    /// The flag of it the rules look at.
    fn object(&self) -> Object;
}

impl Guarded for ki::Klantcontact {
    fn object(&self) -> Object {
        Object::Klantcontact {
            vertrouwelijk: self.vertrouwelijk,
        }
    }
}

impl Guarded for ki::Partij {
    fn object(&self) -> Object {
        Object::Partij {
            geheimhouding: self.indicatie_geheimhouding == Some(true),
        }
    }
}

/// A partij as a klantcontact event keeps it: the same rule as the partij.
impl Guarded for crate::events::event::BetrokkenPartij {
    fn object(&self) -> Object {
        Object::Partij {
            geheimhouding: self.indicatie_geheimhouding == Some(true),
        }
    }
}

impl Guarded for Persoon {
    fn object(&self) -> Object {
        Object::Persoon {
            geheimhouding: self.geheimhouding_persoonsgegevens == Some(true),
        }
    }
}

/// Whether the request's principal may read `object`; `FORBIDDEN` when not.
pub fn check<T: Guarded + ?Sized>(ctx: &Context<'_>, object: &T) -> Result<()> {
    rules::read(principal(ctx), object.object()).map_err(forbidden)
}

/// A single related object: itself, or `FORBIDDEN` (the field becomes null).
pub fn one<T: Guarded>(ctx: &Context<'_>, object: Option<Arc<T>>) -> Result<Option<Arc<T>>> {
    if let Some(o) = &object {
        check(ctx, o.as_ref())?;
    }
    Ok(object)
}

/// A list: the objects the principal may read, the others left out.
pub fn many<T: Guarded>(ctx: &Context<'_>, objects: Vec<Arc<T>>) -> Vec<Arc<T>> {
    let principal = principal(ctx);
    objects
        .into_iter()
        .filter(|o| rules::read(principal, o.object()).is_ok())
        .collect()
}

/// The related object behind `fk`, through `loader`, as GraphQL type `T`
/// (`types::related_one` for objects that may be withheld): `FORBIDDEN`
/// when the principal may not read it.
pub async fn related_one<L, G, T>(
    ctx: &Context<'_>,
    loader: &DataLoader<L, HashMapCache>,
    fk: Option<&Fk>,
    wrap: impl Fn(Arc<G>) -> T,
) -> Result<Option<T>>
where
    L: Loader<Uuid, Value = Arc<G>, Error = LoadError>,
    G: Guarded + Send + Sync + 'static,
{
    let Some(fk) = fk else { return Ok(None) };
    let object = loader.load_one(fk.uuid).await.map_err(load_error)?;
    Ok(one(ctx, object)?.map(wrap))
}

/// The related objects behind `uuids` that the principal may read, in
/// order, as GraphQL type `T` (`types::related` for objects that may be
/// withheld).
pub async fn related<L, G, T>(
    ctx: &Context<'_>,
    loader: &DataLoader<L, HashMapCache>,
    uuids: impl IntoIterator<Item = Uuid>,
    wrap: impl Fn(Arc<G>) -> T,
) -> Result<Vec<T>>
where
    L: Loader<Uuid, Value = Arc<G>, Error = LoadError>,
    G: Guarded + Send + Sync + 'static,
{
    let objects = load_in_order(loader, uuids).await.map_err(load_error)?;
    Ok(many(ctx, objects).into_iter().map(wrap).collect())
}

/// Interne taken the principal may read: those whose aanleidinggevend
/// klantcontact it may read. Costs a klantcontact load per taak (through the
/// request's loader) only for a principal without `vertrouwelijk-lezen`.
pub async fn interne_taken(
    ctx: &Context<'_>,
    loaders: &Loaders,
    taken: Vec<Arc<ki::InterneTaak>>,
) -> Result<Vec<Arc<ki::InterneTaak>>> {
    interne_taken_voor(inzage(ctx), loaders, taken).await
}

/// [`interne_taken`] for a caller with `inzage`, outside a resolver (a
/// subscription deciding whether an event goes out).
pub async fn interne_taken_voor(
    inzage: Inzage,
    loaders: &Loaders,
    taken: Vec<Arc<ki::InterneTaak>>,
) -> Result<Vec<Arc<ki::InterneTaak>>> {
    if inzage.vertrouwelijk {
        return Ok(taken);
    }
    let contacten = load_in_order(
        &loaders.klantcontacten,
        taken.iter().map(|t| t.aanleidinggevend_klantcontact.uuid),
    )
    .await
    .map_err(load_error)?;
    let verborgen: HashSet<Uuid> = contacten
        .iter()
        .filter(|k| {
            !inzage.mag(Object::InterneTaak {
                klantcontact_vertrouwelijk: k.vertrouwelijk,
            })
        })
        .map(|k| k.uuid)
        .collect();
    Ok(taken
        .into_iter()
        .filter(|t| !verborgen.contains(&t.aanleidinggevend_klantcontact.uuid))
        .collect())
}

/// One interne taak: itself, or `FORBIDDEN` when it came from a
/// klantcontact the principal may not read.
pub async fn interne_taak(
    ctx: &Context<'_>,
    loaders: &Loaders,
    taak: Arc<ki::InterneTaak>,
) -> Result<Arc<ki::InterneTaak>> {
    if interne_taken(ctx, loaders, vec![taak.clone()])
        .await?
        .is_empty()
    {
        // Left out: the rules' refusal of a taak from a vertrouwelijk
        // klantcontact, for this principal.
        let withheld = Object::InterneTaak {
            klantcontact_vertrouwelijk: true,
        };
        rules::read(principal(ctx), withheld).map_err(forbidden)?;
    }
    Ok(taak)
}

/// Requires an ability for an operation as a whole ([`rules::require`]).
pub fn require(ctx: &Context<'_>, ability: Ability, what: &str) -> Result<()> {
    rules::require(principal(ctx), ability, what).map_err(forbidden)
}

/// Any BRP look-up needs `brp-lezen` ([`rules::brp`]).
pub fn brp(ctx: &Context<'_>) -> Result<()> {
    rules::brp(principal(ctx)).map_err(forbidden)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_is_forbidden_naming_the_ability() {
        let denied =
            rules::require(&Principal::nobody(), Ability::Schrijven, "writing").unwrap_err();
        let error = forbidden(denied).into_server_error(async_graphql::Pos::default());
        let error = serde_json::to_value(error).unwrap();
        assert_eq!(error["extensions"]["code"], "FORBIDDEN");
        assert_eq!(error["extensions"]["ability"], "schrijven");
        assert_eq!(
            error["message"],
            "writing needs the ability schrijven, which the caller's roles do not grant"
        );
    }
}
