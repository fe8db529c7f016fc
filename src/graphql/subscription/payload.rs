//! What a subscription hands out: one GraphQL type per kind of event, each
//! served from the objects the event carries, and the extension that gives
//! every execution fresh loaders ([`EventLoaders`]), so a subscriber's
//! selection costs no register call unless it reaches beyond the event.

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextExecute};
use async_graphql::{Context, Data, Enum, Object, Response, Result, ID};
use uuid::Uuid;

use crate::audit::OpgegevenGrondslag;
use crate::events::event::{self, EventId};
use crate::graphql::brp::Personen;
use crate::graphql::loaders::Loaders;
use crate::graphql::shared::Shared;
use crate::graphql::types::{InterneTaak, Klantcontact, Partij};

/// What was done, as a notification's `actie` says it.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actie {
    Create,
    Update,
    PartialUpdate,
    Destroy,
}

impl From<event::Actie> for Actie {
    fn from(a: event::Actie) -> Actie {
        match a {
            event::Actie::Create => Actie::Create,
            event::Actie::Update => Actie::Update,
            event::Actie::PartialUpdate => Actie::PartialUpdate,
            event::Actie::Destroy => Actie::Destroy,
        }
    }
}

/// A klantcontact was registered.
pub struct KlantcontactGeregistreerd(
    pub(super) EventId,
    pub(super) event::KlantcontactGeregistreerd,
);

#[Object]
impl KlantcontactGeregistreerd {
    /// The event's id: resume after it with `vanaf`.
    async fn id(&self) -> ID {
        ID(self.0.to_string())
    }
    async fn klantcontact(&self, ctx: &Context<'_>) -> Result<Klantcontact> {
        Ok(prime_klantcontact(ctx.data::<Loaders>()?, &self.1).await)
    }
}

/// An interne taak was created, changed or deleted.
pub struct InterneTaakGewijzigd(pub(super) EventId, pub(super) event::InterneTaakGewijzigd);

#[Object]
impl InterneTaakGewijzigd {
    /// The event's id: resume after it with `vanaf`.
    async fn id(&self) -> ID {
        ID(self.0.to_string())
    }
    async fn actie(&self) -> Actie {
        self.1.actie.into()
    }
    async fn uuid(&self) -> Uuid {
        self.1.uuid
    }
    /// The taak after the change; null once deleted.
    async fn interne_taak(&self, ctx: &Context<'_>) -> Result<Option<InterneTaak>> {
        let Some(taak) = self.1.interne_taak.clone() else {
            return Ok(None);
        };
        let loaders = ctx.data::<Loaders>()?;
        loaders
            .interne_taken
            .feed_one(taak.uuid, taak.clone())
            .await;
        Ok(Some(InterneTaak(taak)))
    }
}

/// A partij was created, changed or deleted.
pub struct PartijGewijzigd(pub(super) EventId, pub(super) event::PartijGewijzigd);

#[Object]
impl PartijGewijzigd {
    /// The event's id: resume after it with `vanaf`.
    async fn id(&self) -> ID {
        ID(self.0.to_string())
    }
    async fn actie(&self) -> Actie {
        self.1.actie.into()
    }
    async fn uuid(&self) -> Uuid {
        self.1.uuid
    }
    /// The partij after the change; null once deleted.
    async fn partij(&self, ctx: &Context<'_>) -> Result<Option<Partij>> {
        let Some(partij) = self.1.partij.clone() else {
            return Ok(None);
        };
        let loaders = ctx.data::<Loaders>()?;
        loaders.partijen.feed_one(partij.uuid, partij.clone()).await;
        Ok(Some(Partij(partij)))
    }
}

/// Feeds the loaders with everything a klantcontact event carries and
/// gives the klantcontact.
pub(crate) async fn prime_klantcontact(
    loaders: &Loaders,
    k: &event::KlantcontactGeregistreerd,
) -> Klantcontact {
    loaders
        .betrokkenen
        .feed_many(k.betrokkenen.iter().map(|b| (b.uuid, b.clone())))
        .await;
    loaders
        .onderwerpobjecten
        .feed_many(k.onderwerpobjecten.iter().map(|o| (o.uuid, o.clone())))
        .await;
    loaders
        .actoren
        .feed_many(
            k.klantcontact
                .had_betrokken_actoren
                .iter()
                .map(|a| (a.uuid, Arc::new(a.clone()))),
        )
        .await;
    loaders
        .klantcontacten
        .feed_one(k.klantcontact.uuid, k.klantcontact.clone())
        .await;
    Klantcontact(k.klantcontact.clone())
}

/// Gives every execution that has no loaders fresh ones: each event a
/// subscription resolves (and each operation over the WebSocket and SSE
/// transports) gets its own, so nothing one event loaded is stale for the
/// next. Requests that bring loaders (`POST /graphql`) keep theirs. Where
/// the transport gave who asks and why ([`OpgegevenGrondslag`]), the execution
/// gets its own BRP access ([`Personen`]) bound to it, as `POST /graphql`
/// requests get from `graphql::prepare`.
pub struct EventLoaders;

impl ExtensionFactory for EventLoaders {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(EventLoaders)
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for EventLoaders {
    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        match (ctx.data_opt::<Loaders>(), ctx.data_opt::<Arc<Shared>>()) {
            (None, Some(gateway)) => {
                let mut data = Data::default();
                data.insert(Loaders::new(gateway));
                if let Some(context) = ctx.data_opt::<Arc<OpgegevenGrondslag>>() {
                    data.insert(Personen::new(gateway, context.clone()));
                }
                next.run_with_data(ctx, operation_name, data).await
            }
            _ => next.run(ctx, operation_name).await,
        }
    }
}
