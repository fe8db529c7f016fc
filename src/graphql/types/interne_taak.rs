//! The interne taak: work a klantcontact led to (a contactverzoek, "bel
//! terug"), assigned to actors.

use std::sync::Arc;

use async_graphql::{Context, Object, Result};
use chrono::{DateTime, FixedOffset};
use uuid::Uuid;

use super::adres::non_empty;
use super::enums::InterneTaakStatus;
use super::{data, related, Actor, Klantcontact};
use crate::graphql::error::unknown_code;
use crate::graphql::guard;
use crate::limits::cost::relation_cost;
use crate::registers::klantinteracties as ki;

/// An interne taak.
pub struct InterneTaak(pub Arc<ki::InterneTaak>);

#[Object]
impl InterneTaak {
    async fn uuid(&self) -> Uuid {
        self.0.uuid
    }
    async fn nummer(&self) -> Option<&str> {
        self.0.nummer.as_deref().and_then(non_empty)
    }
    async fn referentienummer(&self) -> Option<&str> {
        self.0.referentienummer.as_deref().and_then(non_empty)
    }
    async fn gevraagde_handeling(&self) -> &str {
        &self.0.gevraagde_handeling
    }
    async fn toelichting(&self) -> Option<&str> {
        non_empty(&self.0.toelichting)
    }
    async fn status(&self) -> Result<InterneTaakStatus> {
        Ok(match &self.0.status {
            ki::Status::TeVerwerken => InterneTaakStatus::TeVerwerken,
            ki::Status::Verwerkt => InterneTaakStatus::Verwerkt,
            ki::Status::Onbekend(c) => return Err(unknown_code("status", c)),
        })
    }
    async fn toegewezen_op(&self) -> Option<DateTime<FixedOffset>> {
        self.0.toegewezen_op
    }
    async fn afgehandeld_op(&self) -> Option<DateTime<FixedOffset>> {
        self.0.afgehandeld_op
    }
    /// The actors this taak is assigned to, in full.
    #[graphql(complexity = "relation_cost(child_complexity)")]
    async fn toegewezen_aan(&self, ctx: &Context<'_>) -> Result<Vec<Actor>> {
        let uuids = self.0.actoren().into_iter().map(|f| f.uuid);
        related(&data(ctx)?.1.actoren, uuids, Actor::from_register)
            .await?
            .into_iter()
            .collect()
    }
    /// The klantcontact this taak came from.
    async fn aanleidinggevend_klantcontact(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Option<Klantcontact>> {
        guard::related_one(
            ctx,
            &data(ctx)?.1.klantcontacten,
            Some(&self.0.aanleidinggevend_klantcontact),
            Klantcontact,
        )
        .await
    }
}
