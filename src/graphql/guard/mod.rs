//! Authorization in the GraphQL layer: which objects the request's
//! [`Principal`] may see (DESIGN.md decision 8), and the query limits
//! ([`limits`]).
//!
//! An object the principal may not read is not returned at all: a list
//! leaves it out (its cursors and counts are computed without it), a single
//! field gives `null` with a `FORBIDDEN` error that says why. The rules:
//! - a klantcontact marked `vertrouwelijk` needs `vertrouwelijk-lezen`;
//! - a partij with `indicatieGeheimhouding` needs `geheimhouding-lezen`;
//! - an interne taak is as confidential as the klantcontact it came from;
//! - any BRP look-up needs `brp-lezen` ([`brp`]); a BRP person with
//!   `geheimhoudingPersoonsgegevens` needs `brp-geheimhouding-lezen`, which
//!   only roles inside the municipality have (the indication restricts what
//!   goes to third parties, not what the municipality itself sees);
//! - mutations and subscriptions need `schrijven` / `abonneren` ([`require`]).
//!
//! A request that carries no principal may read nothing confidential
//! (fail closed).

pub mod limits;

use std::sync::{Arc, LazyLock};

use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use async_graphql::{Context, Error, ErrorExtensions, Result};
use uuid::Uuid;

use super::inzage::Inzage;
use super::loaders::{load_in_order, LoadError, Loaders};
use super::types::load_error;
use crate::auth::{Ability, Principal};
use crate::registers::klantinteracties::{self as ki, Fk};

static NOBODY: LazyLock<Principal> = LazyLock::new(Principal::nobody);

/// The request's principal; one that may do nothing when none is attached.
pub fn principal<'a>(ctx: &Context<'a>) -> &'a Principal {
    ctx.data_opt::<Principal>().unwrap_or(nobody())
}

/// The principal that may do nothing (fail closed).
fn nobody() -> &'static Principal {
    &NOBODY
}

/// `FORBIDDEN`: `why` the object is withheld, and the ability that would
/// show it. The message names no identifier: the caller may not have known
/// the object existed.
pub fn forbidden(why: &str, ability: Ability) -> Error {
    denied(
        format!(
            "{why}: reading it needs the ability {}, which the caller's roles do not grant",
            ability.as_str()
        ),
        ability,
    )
}

/// A `FORBIDDEN` error with `message`, naming the missing `ability`.
fn denied(message: String, ability: Ability) -> Error {
    Error::new(message).extend_with(move |_, e| {
        e.set("code", "FORBIDDEN");
        e.set("ability", ability.as_str());
    })
}

/// An object whose content decides who may read it.
pub trait Guarded {
    /// The ability reading this object needs, and why; `None` when anyone may.
    fn needs(&self) -> Option<(Ability, &'static str)>;
}

impl Guarded for ki::Klantcontact {
    fn needs(&self) -> Option<(Ability, &'static str)> {
        self.vertrouwelijk.then_some((
            Ability::VertrouwelijkLezen,
            "this klantcontact is vertrouwelijk",
        ))
    }
}

impl Guarded for ki::Partij {
    fn needs(&self) -> Option<(Ability, &'static str)> {
        (self.indicatie_geheimhouding == Some(true)).then_some((
            Ability::GeheimhoudingLezen,
            "this partij has indicatieGeheimhouding",
        ))
    }
}

impl Guarded for crate::registers::brp::Persoon {
    fn needs(&self) -> Option<(Ability, &'static str)> {
        (self.geheimhouding_persoonsgegevens == Some(true)).then_some((
            Ability::BrpGeheimhoudingLezen,
            "this person has geheimhoudingPersoonsgegevens in the BRP",
        ))
    }
}

/// Whether `principal` may read `object`; the `FORBIDDEN` error when not.
pub fn check_for<T: Guarded + ?Sized>(principal: &Principal, object: &T) -> Result<()> {
    match object.needs() {
        Some((ability, why)) if !principal.can(ability) => Err(forbidden(why, ability)),
        _ => Ok(()),
    }
}

/// [`check_for`] the request's principal.
pub fn check<T: Guarded + ?Sized>(ctx: &Context<'_>, object: &T) -> Result<()> {
    check_for(principal(ctx), object)
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
        .filter(|o| check_for(principal, o.as_ref()).is_ok())
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
    interne_taken_voor(Inzage::hier(ctx), loaders, taken).await
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
    let vertrouwelijk: std::collections::HashSet<Uuid> = contacten
        .iter()
        .filter(|k| !inzage.klantcontact(k))
        .map(|k| k.uuid)
        .collect();
    Ok(taken
        .into_iter()
        .filter(|t| !vertrouwelijk.contains(&t.aanleidinggevend_klantcontact.uuid))
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
        return Err(forbidden(
            "this interne taak came from a vertrouwelijk klantcontact",
            Ability::VertrouwelijkLezen,
        ));
    }
    Ok(taak)
}

/// Requires an ability for an operation as a whole (a mutation needs
/// `schrijven`, a subscription `abonneren`, a BRP look-up `brp-lezen`):
/// `FORBIDDEN` saying that `what` (e.g. "subscribing") needs it.
pub fn require(ctx: &Context<'_>, ability: Ability, what: &str) -> Result<()> {
    if principal(ctx).can(ability) {
        Ok(())
    } else {
        Err(denied(
            format!(
                "{what} needs the ability {}, which the caller's roles do not grant",
                ability.as_str()
            ),
            ability,
        ))
    }
}

/// Any BRP look-up (a person, a search) needs `brp-lezen`; the BRP
/// resolvers call this before the register is asked.
pub fn brp(ctx: &Context<'_>) -> Result<()> {
    require(ctx, Ability::BrpLezen, "looking up persons in the BRP")
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn with(abilities: &[Ability]) -> Principal {
        let map = BTreeMap::from([("r".to_string(), abilities.to_vec())]);
        Principal::new("u".into(), vec!["r".into()], None, &map)
    }

    #[test]
    fn confidential_objects_need_their_ability() {
        let geheim = ki::Klantcontact {
            vertrouwelijk: true,
            ..Default::default()
        };
        let open = ki::Klantcontact::default();
        assert!(check_for(&with(&[]), &open).is_ok());
        let e = check_for(&with(&[Ability::GeheimhoudingLezen]), &geheim).unwrap_err();
        assert!(e.message.contains("vertrouwelijk-lezen"), "{}", e.message);
        assert!(check_for(&with(&[Ability::VertrouwelijkLezen]), &geheim).is_ok());

        let partij = ki::Partij {
            indicatie_geheimhouding: Some(true),
            ..Default::default()
        };
        assert!(check_for(&with(&[Ability::VertrouwelijkLezen]), &partij).is_err());
        assert!(check_for(&with(&[Ability::GeheimhoudingLezen]), &partij).is_ok());
        assert!(check_for(&Principal::nobody(), &ki::Partij::default()).is_ok());
    }

    #[test]
    fn brp_geheimhouding_is_for_roles_inside_the_municipality() {
        use crate::registers::brp::Persoon;
        let partner = with(&[Ability::BrpLezen]);
        let kcc = with(&[Ability::BrpLezen, Ability::BrpGeheimhoudingLezen]);
        let geheim = Persoon {
            geheimhouding_persoonsgegevens: Some(true),
            ..Default::default()
        };
        assert!(check_for(&partner, &Persoon::default()).is_ok());
        assert!(check_for(&partner, &geheim).is_err());
        assert!(check_for(&kcc, &geheim).is_ok());
    }
}
