//! The betrokkene: a partij (or a person without one) taking part in a
//! klantcontact, with the name and addresses given at that contact.

use std::sync::Arc;

use async_graphql::{Context, Object, Result};
use uuid::Uuid;

use super::adres::{non_empty, Adres, Contactnaam};
use super::enums::Rol;
use super::{data, related, uuids, DigitaalAdres, Klantcontact, Partij};
use crate::graphql::error::unknown_code;
use crate::graphql::guard;
use crate::limits::cost::relation_cost;
use crate::registers::klantinteracties as ki;

/// A betrokkene bij klantcontact.
pub struct Betrokkene(pub Arc<ki::Betrokkene>);

#[Object]
impl Betrokkene {
    async fn uuid(&self) -> Uuid {
        self.0.uuid
    }
    async fn rol(&self) -> Result<Rol> {
        Ok(match &self.0.rol {
            ki::Rol::Klant => Rol::Klant,
            ki::Rol::Vertegenwoordiger => Rol::Vertegenwoordiger,
            ki::Rol::Onbekend(c) => return Err(unknown_code("rol", c)),
        })
    }
    async fn organisatienaam(&self) -> Option<&str> {
        non_empty(&self.0.organisatienaam)
    }
    /// Whether this betrokkene started the contact.
    async fn initiator(&self) -> bool {
        self.0.initiator
    }
    async fn contactnaam(&self) -> Option<Contactnaam> {
        self.0.contactnaam.as_ref().map(Contactnaam::from)
    }
    async fn volledige_naam(&self) -> Option<&str> {
        non_empty(&self.0.volledige_naam)
    }
    async fn bezoekadres(&self) -> Option<Adres> {
        self.0.bezoekadres.clone().map(Adres)
    }
    async fn correspondentieadres(&self) -> Option<Adres> {
        self.0.correspondentieadres.clone().map(Adres)
    }
    /// The digitale adressen given at this contact.
    #[graphql(complexity = "relation_cost(child_complexity)")]
    async fn digitale_adressen(&self, ctx: &Context<'_>) -> Result<Vec<DigitaalAdres>> {
        related(
            &data(ctx)?.1.digitale_adressen,
            uuids(&self.0.digitale_adressen),
            DigitaalAdres,
        )
        .await
    }
    /// The klantcontact this betrokkene took part in (null with `FORBIDDEN`
    /// when the caller may not read it).
    async fn klantcontact(&self, ctx: &Context<'_>) -> Result<Option<Klantcontact>> {
        guard::related_one(
            ctx,
            &data(ctx)?.1.klantcontacten,
            Some(&self.0.had_klantcontact),
            Klantcontact,
        )
        .await
    }
    /// The partij this betrokkene was, if known (null with `FORBIDDEN` when
    /// the caller may not read it).
    async fn partij(&self, ctx: &Context<'_>) -> Result<Option<Partij>> {
        guard::related_one(
            ctx,
            &data(ctx)?.1.partijen,
            self.0.was_partij.as_ref(),
            Partij,
        )
        .await
    }
}
