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
/// klantcontact it may read. For a principal without `vertrouwelijk-lezen`
/// the flags come from the request's loader when it holds every
/// klantcontact, or when one is missing from one GET of it; when more are
/// missing, from the one list of vertrouwelijk klantcontacten per request
/// ([`Loaders::vertrouwelijke_klantcontacten`]), never one call per taak.
/// Costs `limits::cost::GUARD_FLAGS` in the complexity of the fields that
/// use it.
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
    if inzage.vertrouwelijk || taken.is_empty() {
        return Ok(taken);
    }
    let bekend = loaders.klantcontacten.get_cached_values();
    let mut ontbrekend: Vec<Uuid> = taken
        .iter()
        .map(|t| t.aanleidinggevend_klantcontact.uuid)
        .filter(|u| !bekend.contains_key(u))
        .collect();
    ontbrekend.sort_unstable();
    ontbrekend.dedup();
    let vertrouwelijk = |k: &ki::Klantcontact| {
        !inzage.mag(Object::InterneTaak {
            klantcontact_vertrouwelijk: k.vertrouwelijk,
        })
    };
    let mut verborgen: HashSet<Uuid> = bekend
        .values()
        .filter(|k| vertrouwelijk(k))
        .map(|k| k.uuid)
        .collect();
    match ontbrekend.as_slice() {
        [] => {}
        [één] => match loaders
            .klantcontacten
            .load_one(*één)
            .await
            .map_err(load_error)?
        {
            Some(k) if !vertrouwelijk(&k) => {}
            // Vertrouwelijk, or gone: nothing says it may be read.
            _ => {
                verborgen.insert(*één);
            }
        },
        _ => {
            let lijst = loaders
                .vertrouwelijke_klantcontacten()
                .await
                .map_err(load_error)?;
            verborgen.extend(ontbrekend.iter().filter(|u| lijst.contains(u)));
        }
    }
    Ok(taken
        .into_iter()
        .filter(|t| !verborgen.contains(&t.aanleidinggevend_klantcontact.uuid))
        .collect())
}

/// The betrokkenen of `partij` the principal may see: those at a
/// klantcontact it may read (a betrokkene at a vertrouwelijk contact tells
/// that contact's part, and carries its digitale adressen). The flags come
/// from the request's loader, or in one parent-filter call for all the
/// partij's klantcontacten (shared by aliases); a betrokkene whose contact
/// cannot be found is left out.
pub async fn betrokkenen_van_partij(
    ctx: &Context<'_>,
    loaders: &Loaders,
    partij: Uuid,
    betrokkenen: Vec<Arc<ki::Betrokkene>>,
) -> Result<Vec<Arc<ki::Betrokkene>>> {
    if inzage(ctx).vertrouwelijk || betrokkenen.is_empty() {
        return Ok(betrokkenen);
    }
    let mut bekend = loaders.klantcontacten.get_cached_values();
    if betrokkenen
        .iter()
        .any(|b| !bekend.contains_key(&b.had_klantcontact.uuid))
    {
        let gateway = ctx.data::<Arc<crate::graphql::Shared>>()?;
        let ki = gateway.registers.klantinteracties.clone();
        let contacten = loaders
            .eenmaal(
                format!("klantcontacten van partij {partij}"),
                || async move {
                    ki.klantcontacten_van_partij(partij, &[])
                        .await
                        .map(Arc::new)
                        .map_err(Arc::new)
                },
            )
            .await
            .map_err(load_error)?;
        for k in contacten.iter() {
            bekend.entry(k.uuid).or_insert_with(|| Arc::new(k.clone()));
        }
    }
    let principal = principal(ctx);
    Ok(betrokkenen
        .into_iter()
        .filter(|b| {
            bekend
                .get(&b.had_klantcontact.uuid)
                .is_some_and(|k| rules::read(principal, k.object()).is_ok())
        })
        .collect())
}

/// The betrokkenen of a klantcontact the principal may see: a betrokkene
/// that was a partij with `indicatieGeheimhouding` is that partij at the
/// contact (its name, its addresses), left out for a principal without
/// `geheimhouding-lezen`. The partijen come through the request's loader
/// (the klantbeeld's partij is there already).
pub async fn betrokkenen_van_klantcontact(
    ctx: &Context<'_>,
    loaders: &Loaders,
    betrokkenen: Vec<Arc<ki::Betrokkene>>,
) -> Result<Vec<Arc<ki::Betrokkene>>> {
    if inzage(ctx).geheimhouding {
        return Ok(betrokkenen);
    }
    let partijen = load_in_order(
        &loaders.partijen,
        betrokkenen
            .iter()
            .filter_map(|b| b.was_partij.as_ref().map(|p| p.uuid)),
    )
    .await
    .map_err(load_error)?;
    let principal = principal(ctx);
    let leesbaar: HashSet<Uuid> = partijen
        .iter()
        .filter(|p| rules::read(principal, p.object()).is_ok())
        .map(|p| p.uuid)
        .collect();
    Ok(betrokkenen
        .into_iter()
        .filter(|b| {
            b.was_partij
                .as_ref()
                .is_none_or(|p| leesbaar.contains(&p.uuid))
        })
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
