//! The partij: a person or organisation the municipality has contact with,
//! the root of the klantbeeld.

use std::collections::HashSet;
use std::sync::Arc;

use async_graphql::connection::{self, Connection, Edge};
use async_graphql::{Context, ErrorExtensions, Object, Result, SimpleObject};
use uuid::Uuid;

use super::adres::{non_empty, owned, Adres, Contactnaam};
use super::enums::SoortPartij;
use super::persoon::Persoon;
use super::{data, related, related_one, uuids, Betrokkene, DigitaalAdres, Klantcontact};
use crate::domain::Bsn;
use crate::graphql::brp::persoon_hier;
use crate::graphql::error::unknown_code;
use crate::graphql::guard;
use crate::graphql::referentie::Referentiewaarde;
use crate::limits::cost::{guarded_relation_cost, page_cost, relation_cost};
use crate::registers::klantinteracties as ki;

/// A person (persoon), organisation (organisatie) or contact person
/// (contactpersoon) known to Klantinteracties.
pub struct Partij(pub Arc<ki::Partij>);

#[Object]
impl Partij {
    async fn uuid(&self) -> Uuid {
        self.0.uuid
    }
    /// The partij number staff know (deprecated in the API, still used).
    async fn nummer(&self) -> Option<&str> {
        self.0.nummer.as_deref().and_then(non_empty)
    }
    async fn soort_partij(&self) -> Result<SoortPartij> {
        Ok(match self.0.identificatie.soort() {
            ki::SoortPartij::Persoon => SoortPartij::Persoon,
            ki::SoortPartij::Organisatie => SoortPartij::Organisatie,
            ki::SoortPartij::Contactpersoon => SoortPartij::Contactpersoon,
            ki::SoortPartij::Onbekend(c) => return Err(unknown_code("soortPartij", &c)),
        })
    }
    /// The name to show: the full name of a person or contact person, the
    /// name of an organisation.
    async fn naam(&self) -> Option<&str> {
        match &self.0.identificatie {
            ki::PartijIdentificatie::Persoon(p) => non_empty(&p.volledige_naam),
            ki::PartijIdentificatie::Organisatie(o) => non_empty(&o.naam),
            ki::PartijIdentificatie::Contactpersoon(c) => non_empty(&c.volledige_naam),
            ki::PartijIdentificatie::Onbekend { .. } => None,
        }
    }
    /// The name in parts (persons and contact persons).
    async fn contactnaam(&self) -> Option<Contactnaam> {
        match &self.0.identificatie {
            ki::PartijIdentificatie::Persoon(p) => p.contactnaam.as_ref().map(Contactnaam::from),
            ki::PartijIdentificatie::Contactpersoon(c) => {
                c.contactnaam.as_ref().map(Contactnaam::from)
            }
            _ => None,
        }
    }
    /// The organisation a contact person works for.
    async fn werkte_voor_partij(&self, ctx: &Context<'_>) -> Result<Option<Partij>> {
        let ki::PartijIdentificatie::Contactpersoon(c) = &self.0.identificatie else {
            return Ok(None);
        };
        guard::related_one(
            ctx,
            &data(ctx)?.1.partijen,
            c.werkte_voor_partij.as_ref(),
            Partij,
        )
        .await
    }
    async fn interne_notitie(&self) -> Option<&str> {
        non_empty(&self.0.interne_notitie)
    }
    async fn indicatie_geheimhouding(&self) -> Option<bool> {
        self.0.indicatie_geheimhouding
    }
    async fn indicatie_actief(&self) -> bool {
        self.0.indicatie_actief
    }
    /// The preferred language (ISO 639-2/B) with its name from the TAAL list.
    async fn voorkeurstaal(&self) -> Option<Referentiewaarde> {
        Referentiewaarde::of("voorkeurstaal", &self.0.voorkeurstaal)
    }
    async fn bezoekadres(&self) -> Option<Adres> {
        self.0.bezoekadres.clone().map(Adres)
    }
    async fn correspondentieadres(&self) -> Option<Adres> {
        self.0.correspondentieadres.clone().map(Adres)
    }
    /// BSN, KvK-nummer, vestigingsnummer, RSIN, … of this partij.
    #[graphql(complexity = "relation_cost(child_complexity)")]
    async fn identificatoren(&self, ctx: &Context<'_>) -> Result<Vec<PartijIdentificator>> {
        Ok(identificatoren_van(ctx, &self.0)
            .await?
            .into_iter()
            .map(PartijIdentificator)
            .collect())
    }
    #[graphql(complexity = "relation_cost(child_complexity)")]
    async fn digitale_adressen(&self, ctx: &Context<'_>) -> Result<Vec<DigitaalAdres>> {
        related(
            &data(ctx)?.1.digitale_adressen,
            uuids(&self.0.digitale_adressen),
            DigitaalAdres,
        )
        .await
    }
    async fn voorkeurs_digitaal_adres(&self, ctx: &Context<'_>) -> Result<Option<DigitaalAdres>> {
        related_one(
            &data(ctx)?.1.digitale_adressen,
            self.0.voorkeurs_digitaal_adres.as_ref(),
            DigitaalAdres,
        )
        .await
    }
    /// Every time this partij was betrokkene at a klantcontact (those at a
    /// klantcontact the caller may not read left out).
    #[graphql(complexity = "guarded_relation_cost(child_complexity)")]
    async fn betrokkenen(&self, ctx: &Context<'_>) -> Result<Vec<Betrokkene>> {
        let loaders = data(ctx)?.1;
        let all = related(&loaders.betrokkenen, uuids(&self.0.betrokkenen), |b| b).await?;
        Ok(
            guard::betrokkenen_van_partij(ctx, loaders, self.0.uuid, all)
                .await?
                .into_iter()
                .map(Betrokkene)
                .collect(),
        )
    }
    /// The klantcontacten this partij took part in, newest first (those the
    /// caller may not read left out).
    #[graphql(complexity = "page_cost(first, child_complexity)")]
    async fn klantcontacten(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<usize, Klantcontact>> {
        let loaders = data(ctx)?.1;
        let betrokkenen = related(&loaders.betrokkenen, uuids(&self.0.betrokkenen), |b| b).await?;
        let mut seen = HashSet::new();
        let contacten = betrokkenen
            .iter()
            .map(|b| b.had_klantcontact.uuid)
            .filter(|u| seen.insert(*u));
        let mut all = guard::related(ctx, &loaders.klantcontacten, contacten, |k| k).await?;
        all.sort_by_key(|k| std::cmp::Reverse(k.plaatsgevonden_op));
        connection::query(
            after,
            None,
            first,
            None,
            |after: Option<usize>, _before: Option<usize>, first, _last| async move {
                let start = after.map_or(0, |a| a + 1).min(all.len());
                let end = first.map_or(all.len(), |f| (start + f).min(all.len()));
                let mut page = Connection::new(start > 0, end < all.len());
                page.edges.extend(
                    all[start..end]
                        .iter()
                        .enumerate()
                        .map(|(i, k)| Edge::new(start + i, Klantcontact(k.clone()))),
                );
                Ok::<_, async_graphql::Error>(page)
            },
        )
        .await
    }
    /// The partijen this partij represents (those the caller may not read
    /// left out).
    #[graphql(complexity = "relation_cost(child_complexity)")]
    async fn vertegenwoordigden(&self, ctx: &Context<'_>) -> Result<Vec<Partij>> {
        guard::related(
            ctx,
            &data(ctx)?.1.partijen,
            uuids(&self.0.vertegenwoordigden),
            Partij,
        )
        .await
    }
    #[graphql(complexity = "relation_cost(child_complexity)")]
    async fn rekeningnummers(&self, ctx: &Context<'_>) -> Result<Vec<Rekeningnummer>> {
        related(
            &data(ctx)?.1.rekeningnummers,
            uuids(&self.0.rekeningnummers),
            |r| Rekeningnummer::from(r.as_ref()),
        )
        .await
    }
    /// The person in the BRP behind this partij's BSN identificator, with
    /// exactly the fields selected (`null` for a partij without a BSN).
    async fn persoon(&self, ctx: &Context<'_>) -> Result<Option<Persoon>> {
        match Partij::bsn_of(ctx, &self.0).await? {
            Some(bsn) => persoon_hier(ctx, bsn).await,
            None => Ok(None),
        }
    }
    async fn voorkeurs_rekeningnummer(&self, ctx: &Context<'_>) -> Result<Option<Rekeningnummer>> {
        related_one(
            &data(ctx)?.1.rekeningnummers,
            self.0.voorkeurs_rekeningnummer.as_ref(),
            |r| Rekeningnummer::from(r.as_ref()),
        )
        .await
    }
}

impl Partij {
    /// The BSN among a partij's identificatoren, if any. One that fails
    /// the elfproef is an error of the register's data (no BRP call).
    pub async fn bsn_of(ctx: &Context<'_>, partij: &ki::Partij) -> Result<Option<Bsn>> {
        let identificatoren = identificatoren_van(ctx, partij).await?;
        let bsn = identificatoren
            .iter()
            .filter_map(|i| i.partij_identificator.as_ref())
            .find(|g| g.code_soort_object_id == ki::CodeSoortObjectId::Bsn);
        match bsn {
            None => Ok(None),
            Some(g) => Bsn::parse(&g.object_id).map(Some).map_err(|e| {
                async_graphql::Error::new(format!(
                    "the partij's BSN identificator is not valid: {e}"
                ))
                .extend_with(|_, ext| {
                    ext.set("code", "UPSTREAM_ERROR");
                    ext.set("register", "klantinteracties");
                })
            }),
        }
    }
}

/// A partij's identificatoren with their numbers: as the partij lists them
/// (Open Klant 2.18), or, where it only references them (`{uuid, url}`,
/// older releases), fetched from the register.
async fn identificatoren_van(
    ctx: &Context<'_>,
    partij: &ki::Partij,
) -> Result<Vec<ki::PartijIdentificator>> {
    let mut identificatoren = partij.partij_identificatoren.clone();
    let volledig = identificatoren
        .iter()
        .all(|i| i.partij_identificator.is_some() || !i.andere_partij_identificator.is_empty());
    if !volledig {
        let gateway = ctx.data::<Arc<crate::graphql::Shared>>()?;
        gateway
            .registers
            .klantinteracties
            .vul_identificatoren_van(partij.uuid, &mut identificatoren)
            .await
            .map_err(|e| crate::graphql::error::from_register(&e))?;
    }
    Ok(identificatoren)
}

/// One identificator of a partij (BSN, KvK-nummer, …) with its codes as the
/// register writes them (`bsn`, `brp`, `natuurlijk_persoon`).
pub struct PartijIdentificator(pub ki::PartijIdentificator);

#[Object]
impl PartijIdentificator {
    async fn uuid(&self) -> Uuid {
        self.0.uuid
    }
    async fn code_objecttype(&self) -> Option<&str> {
        self.group().map(|g| g.code_objecttype.as_str())
    }
    async fn code_soort_object_id(&self) -> Option<&str> {
        self.group().map(|g| g.code_soort_object_id.as_str())
    }
    async fn object_id(&self) -> Option<&str> {
        self.group().map(|g| g.object_id.as_str())
    }
    async fn code_register(&self) -> Option<&str> {
        self.group().map(|g| g.code_register.as_str())
    }
    /// An identificator outside the standard kinds, as free text.
    async fn andere_partij_identificator(&self) -> Option<&str> {
        non_empty(&self.0.andere_partij_identificator)
    }
}

impl PartijIdentificator {
    fn group(&self) -> Option<&ki::PartijIdentificatorGroep> {
        self.0.partij_identificator.as_ref()
    }
}

/// A bank account number of a partij.
#[derive(SimpleObject)]
pub struct Rekeningnummer {
    pub uuid: Uuid,
    pub iban: String,
    pub bic: Option<String>,
}

impl From<&ki::Rekeningnummer> for Rekeningnummer {
    fn from(r: &ki::Rekeningnummer) -> Self {
        Rekeningnummer {
            uuid: r.uuid,
            iban: r.iban.clone(),
            bic: owned(&r.bic),
        }
    }
}
