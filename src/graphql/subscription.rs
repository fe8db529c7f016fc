//! The subscription root: live updates from the events hub, each with
//! `vanaf` to resume after a reconnect (the events after that id are
//! replayed first; an id older than the replay buffer is an error).
//!
//! A subscriber sees an event only about objects a query would show it
//! ([`Inzage`]), matched on what the register holds (the betrokkenen of a
//! klantcontact as the register gave them), never on a notification's
//! claims. Each event is served from the objects it carries: its resolvers
//! run with fresh loaders primed with them ([`EventLoaders`]), so a
//! subscriber's selection costs no register call unless it reaches beyond
//! the event.

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextExecute};
use async_graphql::{
    Context, Data, Enum, ErrorExtensions, Object, Response, Result, Subscription, ID,
};
use futures::{Stream, StreamExt};
use uuid::Uuid;

use super::context::Gateway;
use super::error::bad_input;
use super::inzage::Inzage;
use super::loaders::Loaders;
use super::query::parse_uuid;
use super::types::enums::InterneTaakStatus;
use super::types::{InterneTaak, Klantcontact, Partij};
use crate::events::event::{self, Event, EventId, Gebeurtenis};
use crate::events::hub::HubError;
use crate::registers::klantinteracties as ki;

/// The subscription root.
pub struct Subscription;

#[Subscription]
impl Subscription {
    /// Klantcontacten registered with this partij as betrokkene.
    async fn klantcontact_geregistreerd(
        &self,
        ctx: &Context<'_>,
        partij: ID,
        #[graphql(desc = "Resume after this event id: the events after it come first.")]
        vanaf: Option<ID>,
    ) -> Result<impl Stream<Item = Result<KlantcontactGeregistreerd>>> {
        let partij = parse_uuid("partij", &partij)?;
        let inzage = inzage(ctx);
        volg(ctx, vanaf, move |event| match &event.gebeurtenis {
            Gebeurtenis::KlantcontactGeregistreerd(k) if toon_klantcontact(k, partij, &inzage) => {
                Some(KlantcontactGeregistreerd(event.id, k.clone()))
            }
            _ => None,
        })
        .await
    }

    /// Interne taken created, changed or deleted, optionally only those
    /// assigned to `actor` and of `status` (before or after the change: a
    /// work list also hears of a taak that left it).
    async fn interne_taak_gewijzigd(
        &self,
        ctx: &Context<'_>,
        actor: Option<ID>,
        status: Option<InterneTaakStatus>,
        #[graphql(desc = "Resume after this event id: the events after it come first.")]
        vanaf: Option<ID>,
    ) -> Result<impl Stream<Item = Result<InterneTaakGewijzigd>>> {
        let actor = actor.map(|a| parse_uuid("actor", &a)).transpose()?;
        volg(ctx, vanaf, move |event| match &event.gebeurtenis {
            Gebeurtenis::InterneTaakGewijzigd(t) if toon_interne_taak(t, actor, status) => {
                Some(InterneTaakGewijzigd(event.id, t.clone()))
            }
            _ => None,
        })
        .await
    }

    /// Changes of one partij.
    async fn partij_gewijzigd(
        &self,
        ctx: &Context<'_>,
        uuid: ID,
        #[graphql(desc = "Resume after this event id: the events after it come first.")]
        vanaf: Option<ID>,
    ) -> Result<impl Stream<Item = Result<PartijGewijzigd>>> {
        let uuid = parse_uuid("uuid", &uuid)?;
        let inzage = inzage(ctx);
        volg(ctx, vanaf, move |event| match &event.gebeurtenis {
            Gebeurtenis::PartijGewijzigd(p) if toon_partij(p, uuid, &inzage) => {
                Some(PartijGewijzigd(event.id, p.clone()))
            }
            _ => None,
        })
        .await
    }
}

/// The subscriber's reading rights; none beyond the ordinary when the
/// transport gave none.
fn inzage(ctx: &Context<'_>) -> Inzage {
    ctx.data_opt::<Inzage>().copied().unwrap_or(Inzage::GEEN)
}

/// The hub's events after `vanaf`, then live, each turned into `T` by
/// `kies` or skipped; a hub error ends the stream with that error.
async fn volg<T, F>(
    ctx: &Context<'_>,
    vanaf: Option<ID>,
    kies: F,
) -> Result<impl Stream<Item = Result<T>> + use<T, F>>
where
    T: Send + 'static,
    F: Fn(&Arc<Event>) -> Option<T> + Send + 'static,
{
    let vanaf = vanaf
        .map(|v| v.parse::<EventId>().map_err(|e| bad_input("vanaf", e)))
        .transpose()?;
    let gateway = ctx.data::<Arc<Gateway>>()?;
    let events = gateway
        .events
        .subscribe(vanaf)
        .await
        .map_err(|e| hub_error(&e))?;
    Ok(events.filter_map(move |item| {
        futures::future::ready(match item {
            Ok(event) => kies(&event).map(Ok),
            Err(e) => Some(Err(hub_error(&e))),
        })
    }))
}

/// A hub error at the subscription: `EVENTS_EXPIRED` when events a
/// subscriber needs are gone (resume is impossible: reload), else the
/// matching code.
fn hub_error(e: &HubError) -> async_graphql::Error {
    let code = match e {
        HubError::Verlopen { .. } | HubError::Achter { .. } => "EVENTS_EXPIRED",
        HubError::Onbekend { .. } => "BAD_USER_INPUT",
        HubError::Onbereikbaar(_) => "UPSTREAM_UNAVAILABLE",
    };
    let field = matches!(e, HubError::Verlopen { .. } | HubError::Onbekend { .. });
    async_graphql::Error::new(e.to_string()).extend_with(move |_, ext| {
        ext.set("code", code);
        if field {
            ext.set("field", "vanaf");
        }
    })
}

/// Whether a subscriber to `partij`'s klantcontacten gets this one: the
/// partij took part by the register's betrokkenen, and a query would show
/// the subscriber both the klantcontact (`vertrouwelijk`) and the partij
/// (`indicatieGeheimhouding`; a partij the event lacks counts as secret).
pub fn toon_klantcontact(
    k: &event::KlantcontactGeregistreerd,
    partij: Uuid,
    inzage: &Inzage,
) -> bool {
    k.partij_uuids().any(|p| p == partij)
        && inzage.klantcontact(&k.klantcontact)
        && (inzage.geheimhouding
            || k.partijen
                .iter()
                .find(|p| p.uuid == partij)
                .is_some_and(|p| inzage.partij(p)))
}

/// Whether the taak matches the filters before or after the change.
pub fn toon_interne_taak(
    t: &event::InterneTaakGewijzigd,
    actor: Option<Uuid>,
    status: Option<InterneTaakStatus>,
) -> bool {
    let past = |taak: &ki::InterneTaak| {
        actor.is_none_or(|a| taak.actoren().iter().any(|f| f.uuid == a))
            && status.is_none_or(|s| taak.status.as_str() == s.code())
    };
    match (&t.interne_taak, &t.vorige) {
        (None, None) => actor.is_none() && status.is_none(),
        (nu, vorige) => nu.as_deref().is_some_and(past) || vorige.as_deref().is_some_and(past),
    }
}

/// Whether a subscriber to partij `uuid` gets this change.
pub fn toon_partij(p: &event::PartijGewijzigd, uuid: Uuid, inzage: &Inzage) -> bool {
    p.uuid == uuid
        && p.partij
            .as_deref()
            .is_none_or(|partij| inzage.partij(partij))
}

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
pub struct KlantcontactGeregistreerd(EventId, event::KlantcontactGeregistreerd);

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
pub struct InterneTaakGewijzigd(EventId, event::InterneTaakGewijzigd);

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
pub struct PartijGewijzigd(EventId, event::PartijGewijzigd);

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
pub(super) async fn prime_klantcontact(
    loaders: &Loaders,
    k: &event::KlantcontactGeregistreerd,
) -> Klantcontact {
    loaders
        .betrokkenen
        .feed_many(k.betrokkenen.iter().map(|b| (b.uuid, b.clone())))
        .await;
    loaders
        .partijen
        .feed_many(k.partijen.iter().map(|p| (p.uuid, p.clone())))
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
/// next. Requests that bring loaders (`POST /graphql`) keep theirs.
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
        match (ctx.data_opt::<Loaders>(), ctx.data_opt::<Arc<Gateway>>()) {
            (None, Some(gateway)) => {
                let mut data = Data::default();
                data.insert(Loaders::new(gateway));
                next.run_with_data(ctx, operation_name, data).await
            }
            _ => next.run(ctx, operation_name).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::event::{Actie as EventActie, InterneTaakGewijzigd as Taak};
    use crate::registers::klantinteracties::{Betrokkene, Fk, Partij as KiPartij, Status};

    fn klantcontact(
        vertrouwelijk: bool,
        partij: Uuid,
        geheim: bool,
    ) -> event::KlantcontactGeregistreerd {
        event::KlantcontactGeregistreerd {
            klantcontact: Arc::new(ki::Klantcontact {
                vertrouwelijk,
                ..Default::default()
            }),
            betrokkenen: vec![Arc::new(Betrokkene {
                was_partij: Some(Fk {
                    uuid: partij,
                    url: String::new(),
                }),
                ..Default::default()
            })],
            partijen: vec![Arc::new(KiPartij {
                uuid: partij,
                indicatie_geheimhouding: Some(geheim),
                ..Default::default()
            })],
            onderwerpobjecten: vec![],
        }
    }

    #[test]
    fn a_confidential_klantcontact_reaches_only_who_may_read_it() {
        let p = Uuid::from_u128(1);
        let other = Uuid::from_u128(2);
        assert!(toon_klantcontact(
            &klantcontact(false, p, false),
            p,
            &Inzage::GEEN
        ));
        assert!(!toon_klantcontact(
            &klantcontact(false, p, false),
            other,
            &Inzage::VOLLEDIG
        ));
        assert!(!toon_klantcontact(
            &klantcontact(true, p, false),
            p,
            &Inzage::GEEN
        ));
        assert!(toon_klantcontact(
            &klantcontact(true, p, false),
            p,
            &Inzage::VOLLEDIG
        ));
        assert!(!toon_klantcontact(
            &klantcontact(false, p, true),
            p,
            &Inzage::GEEN
        ));
        let mut zonder_partij = klantcontact(false, p, false);
        zonder_partij.partijen.clear();
        assert!(!toon_klantcontact(&zonder_partij, p, &Inzage::GEEN));
        assert!(toon_klantcontact(&zonder_partij, p, &Inzage::VOLLEDIG));
    }

    #[test]
    fn a_work_list_hears_of_taken_that_join_or_leave_it() {
        let a = Uuid::from_u128(1);
        let b = Uuid::from_u128(2);
        let taak = |actor: Uuid, status: Status| {
            Arc::new(ki::InterneTaak {
                toegewezen_aan_actoren: vec![Fk {
                    uuid: actor,
                    url: String::new(),
                }],
                status,
                ..Default::default()
            })
        };
        let verplaatst = Taak {
            actie: EventActie::PartialUpdate,
            uuid: Uuid::nil(),
            interne_taak: Some(taak(b, Status::TeVerwerken)),
            vorige: Some(taak(a, Status::TeVerwerken)),
        };
        assert!(toon_interne_taak(&verplaatst, Some(a), None));
        assert!(toon_interne_taak(
            &verplaatst,
            Some(b),
            Some(InterneTaakStatus::TeVerwerken)
        ));
        assert!(!toon_interne_taak(
            &verplaatst,
            Some(b),
            Some(InterneTaakStatus::Verwerkt)
        ));
        assert!(!toon_interne_taak(
            &verplaatst,
            Some(Uuid::from_u128(3)),
            None
        ));
        let onbekend_weg = Taak {
            actie: EventActie::Destroy,
            uuid: Uuid::nil(),
            interne_taak: None,
            vorige: None,
        };
        assert!(toon_interne_taak(&onbekend_weg, None, None));
        assert!(!toon_interne_taak(&onbekend_weg, Some(a), None));
    }
}
