//! The klantcontact: one contact between the municipality and a klant, with
//! who took part, what it was about, and the interne taken it led to.

use std::sync::Arc;

use async_graphql::{Context, Object, Result};
use chrono::{DateTime, FixedOffset};
use uuid::Uuid;

use super::adres::{non_empty, Objectidentificator};
use super::{data, related, uuids, Actor, Betrokkene, InterneTaak};
use crate::graphql::guard;
use crate::graphql::referentie::Referentiewaarde;
use crate::limits::cost::{guarded_relation_cost, relation_cost};
use crate::registers::klantinteracties as ki;

/// A klantcontact.
pub struct Klantcontact(pub Arc<ki::Klantcontact>);

#[Object]
impl Klantcontact {
    async fn uuid(&self) -> Uuid {
        self.0.uuid
    }
    async fn nummer(&self) -> Option<&str> {
        self.0.nummer.as_deref().and_then(non_empty)
    }
    /// Open Klant 2.18 and later; `null` before (the field does not exist there).
    async fn referentienummer(&self) -> Option<&str> {
        self.0.referentienummer.as_deref().and_then(non_empty)
    }
    /// The channel, with its name from the KANAAL list.
    async fn kanaal(&self) -> Option<Referentiewaarde> {
        Referentiewaarde::of("kanaal", &self.0.kanaal)
    }
    async fn onderwerp(&self) -> &str {
        &self.0.onderwerp
    }
    async fn inhoud(&self) -> Option<&str> {
        non_empty(&self.0.inhoud)
    }
    /// Open Klant 2.18 and later; `null` before (the field does not exist there).
    async fn reactie(&self) -> Option<&str> {
        non_empty(&self.0.reactie)
    }
    async fn indicatie_contact_gelukt(&self) -> Option<bool> {
        self.0.indicatie_contact_gelukt
    }
    /// The language of the contact, with its name from the TAAL list.
    async fn taal(&self) -> Option<Referentiewaarde> {
        Referentiewaarde::of("taal", &self.0.taal)
    }
    async fn vertrouwelijk(&self) -> bool {
        self.0.vertrouwelijk
    }
    async fn plaatsgevonden_op(&self) -> Option<DateTime<FixedOffset>> {
        self.0.plaatsgevonden_op
    }
    /// The kind of matter (e.g. a zaaktype URL), Open Klant 2.18 and later;
    /// `null` before (the field does not exist there).
    async fn hoofd_onderwerp_type(&self) -> Option<&str> {
        non_empty(&self.0.hoofd_onderwerp_type)
    }
    /// Open Klant 2.18 and later; `null` before (the field does not exist there).
    async fn verdere_actie_ondernomen(&self) -> Option<bool> {
        self.0.verdere_actie_ondernomen
    }
    /// Everyone who took part as betrokkene (a partij the caller may not
    /// read left out, with the name and addresses it gave).
    #[graphql(complexity = "guarded_relation_cost(child_complexity)")]
    async fn betrokkenen(&self, ctx: &Context<'_>) -> Result<Vec<Betrokkene>> {
        let loaders = data(ctx)?.1;
        let all = related(&loaders.betrokkenen, uuids(&self.0.had_betrokkenen), |b| b).await?;
        Ok(guard::betrokkenen_van_klantcontact(ctx, loaders, all)
            .await?
            .into_iter()
            .map(Betrokkene)
            .collect())
    }
    /// The actors (staff, units, systems) that took part; the register
    /// inlines them, so they cost no call.
    #[graphql(complexity = "relation_cost(child_complexity)")]
    async fn actoren(&self) -> Result<Vec<Actor>> {
        self.0
            .had_betrokken_actoren
            .iter()
            .map(|a| Actor::from_register(Arc::new(a.clone())))
            .collect()
    }
    /// The interne taken this contact led to.
    #[graphql(complexity = "relation_cost(child_complexity)")]
    async fn interne_taken(&self, ctx: &Context<'_>) -> Result<Vec<InterneTaak>> {
        related(
            &data(ctx)?.1.interne_taken,
            uuids(&self.0.leidde_tot_interne_taken),
            InterneTaak,
        )
        .await
    }
    /// What the contact was about (zaken, earlier contacts, …).
    #[graphql(complexity = "relation_cost(child_complexity)")]
    async fn onderwerpobjecten(&self, ctx: &Context<'_>) -> Result<Vec<Onderwerpobject>> {
        related(
            &data(ctx)?.1.onderwerpobjecten,
            uuids(&self.0.ging_over_onderwerpobjecten),
            Onderwerpobject,
        )
        .await
    }
    /// Documents attached to the contact.
    #[graphql(complexity = "relation_cost(child_complexity)")]
    async fn bijlagen(&self, ctx: &Context<'_>) -> Result<Vec<Bijlage>> {
        related(
            &data(ctx)?.1.bijlagen,
            uuids(&self.0.omvatte_bijlagen),
            Bijlage,
        )
        .await
    }
}

/// An object a klantcontact was about.
pub struct Onderwerpobject(pub Arc<ki::Onderwerpobject>);

#[Object]
impl Onderwerpobject {
    async fn uuid(&self) -> Uuid {
        self.0.uuid
    }
    async fn onderwerpobjectidentificator(&self) -> Option<Objectidentificator> {
        self.0
            .onderwerpobjectidentificator
            .as_ref()
            .map(Objectidentificator::from)
    }
    /// When the object is itself an earlier klantcontact (a follow-up).
    async fn was_klantcontact(&self, ctx: &Context<'_>) -> Result<Option<Klantcontact>> {
        guard::related_one(
            ctx,
            &data(ctx)?.1.klantcontacten,
            self.0.was_klantcontact.as_ref(),
            Klantcontact,
        )
        .await
    }
}

/// A document attached to a klantcontact.
pub struct Bijlage(pub Arc<ki::Bijlage>);

#[Object]
impl Bijlage {
    async fn uuid(&self) -> Uuid {
        self.0.uuid
    }
    async fn bijlageidentificator(&self) -> Option<Objectidentificator> {
        self.0
            .bijlageidentificator
            .as_ref()
            .map(Objectidentificator::from)
    }
}
