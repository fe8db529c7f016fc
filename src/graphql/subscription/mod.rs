//! The subscription root: live updates from the events hub, each with
//! `vanaf` to resume after a reconnect (the events after that id are
//! replayed first; an id older than the replay buffer is an error).
//!
//! Subscribing needs the ability `abonneren`. A subscriber then sees an
//! event only about objects a query would show it: the rights are the
//! [`Inzage`] of the principal the transport authenticated (the WebSocket's
//! `connection_init`, the SSE request's `Authorization` header), matched on
//! what the register holds (the betrokkenen of a klantcontact as the
//! register gave them), never on a notification's claims. What goes out is
//! in [`payload`].
//!
//! An event whose visibility costs a register call (an interne taak, for a
//! subscriber without `vertrouwelijk-lezen`: the klantcontact it came from
//! decides) is judged once per event and reading rights
//! ([`Beoordelingen`]), not once per subscriber: a hundred subscribers, or
//! ten replays of the same events, cost one call per event.

mod payload;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use async_graphql::{Context, ErrorExtensions, Result, Subscription, ID};
use futures::{Stream, StreamExt};
use uuid::Uuid;

use super::error::bad_input;
use super::guard::{self, Guarded};
use super::loaders::Loaders;
use super::query::parse_uuid;
use super::shared::Shared;
use super::types::enums::InterneTaakStatus;
use crate::auth::{Ability, Inzage};
use crate::events::event::{self, Event, EventId, Gebeurtenis};
use crate::events::hub::HubError;
use crate::registers::klantinteracties as ki;

pub(crate) use payload::prime_klantcontact;
pub use payload::{
    Actie, EventLoaders, InterneTaakGewijzigd, KlantcontactGeregistreerd, PartijGewijzigd,
};

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
        let inzage = abonnee(ctx)?;
        let partij = parse_uuid("partij", &partij)?;
        volg(ctx, vanaf, move |event| {
            futures::future::ready(match &event.gebeurtenis {
                Gebeurtenis::KlantcontactGeregistreerd(k)
                    if toon_klantcontact(k, partij, &inzage) =>
                {
                    Some(Ok(KlantcontactGeregistreerd(event.id, k.clone())))
                }
                _ => None,
            })
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
        let inzage = abonnee(ctx)?;
        let actor = actor.map(|a| parse_uuid("actor", &a)).transpose()?;
        let gateway = ctx.data::<Arc<Shared>>()?.clone();
        volg(ctx, vanaf, move |event| {
            let gateway = gateway.clone();
            async move {
                let Gebeurtenis::InterneTaakGewijzigd(t) = &event.gebeurtenis else {
                    return None;
                };
                if !toon_interne_taak(t, actor, status) {
                    return None;
                }
                match mag_interne_taak(&gateway, inzage, event.id, t).await {
                    Ok(true) => Some(Ok(InterneTaakGewijzigd(event.id, t.clone()))),
                    Ok(false) => None,
                    Err(e) => Some(Err(e)),
                }
            }
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
        let inzage = abonnee(ctx)?;
        let uuid = parse_uuid("uuid", &uuid)?;
        volg(ctx, vanaf, move |event| {
            futures::future::ready(match &event.gebeurtenis {
                Gebeurtenis::PartijGewijzigd(p) if toon_partij(p, uuid, &inzage) => {
                    Some(Ok(PartijGewijzigd(event.id, p.clone())))
                }
                _ => None,
            })
        })
        .await
    }
}

/// The reading rights of a subscriber, or `FORBIDDEN` for a principal
/// without `abonneren` (checked before anything else, so a refused
/// subscription costs nothing).
fn abonnee(ctx: &Context<'_>) -> Result<Inzage> {
    guard::require(ctx, Ability::Abonneren, "subscribing to live updates")?;
    Ok(guard::inzage(ctx))
}

/// The hub's events after `vanaf`, then live, each turned into `T` by
/// `kies` (in order, one at a time) or skipped; a hub error is an error
/// item of the stream.
async fn volg<T, F, Fut>(
    ctx: &Context<'_>,
    vanaf: Option<ID>,
    kies: F,
) -> Result<impl Stream<Item = Result<T>> + use<T, F, Fut>>
where
    T: Send + 'static,
    F: Fn(Arc<Event>) -> Fut + Send + 'static,
    Fut: Future<Output = Option<Result<T>>> + Send + 'static,
{
    let vanaf = vanaf
        .map(|v| v.parse::<EventId>().map_err(|e| bad_input("vanaf", e)))
        .transpose()?;
    let gateway = ctx.data::<Arc<Shared>>()?;
    let events = gateway
        .events
        .subscribe(vanaf)
        .await
        .map_err(|e| hub_error(&e))?;
    Ok(events.filter_map(move |item| {
        let gekozen = item.map(&kies);
        async move {
            match gekozen {
                Ok(keuze) => keuze.await,
                Err(e) => Some(Err(hub_error(&e))),
            }
        }
    }))
}

/// A hub error at the subscription: `EVENTS_EXPIRED` when events a
/// subscriber needs are gone (resume is impossible: reload), else the
/// matching code.
fn hub_error(e: &HubError) -> async_graphql::Error {
    let code = match e {
        HubError::Verlopen { .. } | HubError::Achter { .. } => "EVENTS_EXPIRED",
        HubError::Onbekend { .. } => "BAD_USER_INPUT",
        HubError::TeVeel { .. } => "LIMIT_EXCEEDED",
        // Resume with `vanaf` once the backend is back.
        HubError::Onbereikbaar { .. } | HubError::Onderbroken { .. } => "EVENTS_UNAVAILABLE",
    };
    let field = matches!(
        e,
        HubError::Verlopen { .. } | HubError::Onbekend { .. } | HubError::TeVeel { .. }
    );
    let limit = matches!(e, HubError::TeVeel { .. });
    async_graphql::Error::new(e.to_string()).extend_with(move |_, ext| {
        ext.set("code", code);
        if field {
            ext.set("field", "vanaf");
        }
        if limit {
            ext.set("limit", "events.max_replay");
        }
    })
}

/// Whether a subscriber to `partij`'s klantcontacten gets this one: the
/// partij took part by the register's betrokkenen, and a query would show
/// the subscriber both the klantcontact (`vertrouwelijk`) and the partij
/// (`indicatieGeheimhouding`; a partij the event lacks counts as secret).
pub(crate) fn toon_klantcontact(
    k: &event::KlantcontactGeregistreerd,
    partij: Uuid,
    inzage: &Inzage,
) -> bool {
    k.partij_uuids().any(|p| p == partij)
        && inzage.mag(k.klantcontact.object())
        && (inzage.geheimhouding
            || k.partijen
                .iter()
                .find(|p| p.uuid == partij)
                .is_some_and(|p| inzage.mag(p.object())))
}

/// Whether the taak matches the filters before or after the change.
pub(crate) fn toon_interne_taak(
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

/// Whether a query would show the subscriber this taak: the rule of
/// [`guard::interne_taken`] (a taak is as confidential as the klantcontact
/// it came from), applied to the taak after the change or, once deleted,
/// as it was. A deletion the hub knows nothing of but the uuid goes only to
/// who may read every taak: nothing tells what it came from. Costs a
/// klantcontact read only for a subscriber without `vertrouwelijk-lezen`.
async fn mag_interne_taak(
    gateway: &Arc<Shared>,
    inzage: Inzage,
    id: EventId,
    t: &event::InterneTaakGewijzigd,
) -> Result<bool> {
    if inzage.vertrouwelijk {
        return Ok(true);
    }
    let Some(taak) = t.interne_taak.clone().or_else(|| t.vorige.clone()) else {
        return Ok(false);
    };
    // Concurrent subscribers with the same rights wait for the one lookup;
    // a failed one is not kept (the next subscriber asks again).
    gateway
        .beoordelingen
        .try_get_with((id, inzage), async {
            let loaders = Loaders::new(gateway);
            Ok(!guard::interne_taken_voor(inzage, &loaders, vec![taak])
                .await?
                .is_empty())
        })
        .await
        .map_err(|e: Arc<async_graphql::Error>| (*e).clone())
}

/// Per event and reading rights, whether the event may go out: see the
/// module documentation.
pub(crate) type Beoordelingen = moka::future::Cache<(EventId, Inzage), bool>;

/// Judgements kept: the newest events' (a replay asks for old ones again,
/// and gets them from the register again once they are gone).
const BEOORDELINGEN: u64 = 10_000;
/// How long a judgement is kept: a replay within it is served from here.
const BEOORDELING_TTL: Duration = Duration::from_secs(600);

/// The judgements of one process.
pub(crate) fn beoordelingen() -> Beoordelingen {
    moka::future::Cache::builder()
        .max_capacity(BEOORDELINGEN)
        .time_to_live(BEOORDELING_TTL)
        .build()
}

/// Whether a subscriber to partij `uuid` gets this change: a query would
/// show it the partij after the change or, once deleted, as it last was; a
/// deletion the hub knows nothing of but the uuid goes only to who may read
/// every partij.
pub(crate) fn toon_partij(p: &event::PartijGewijzigd, uuid: Uuid, inzage: &Inzage) -> bool {
    p.uuid == uuid
        && match p.partij.as_deref().or(p.vorige.as_deref()) {
            Some(partij) => inzage.mag(partij.object()),
            None => inzage.geheimhouding,
        }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::event::{Actie as EventActie, InterneTaakGewijzigd as Taak};
    use crate::registers::klantinteracties::{Betrokkene, Fk, Status};

    const GEEN: Inzage = Inzage {
        vertrouwelijk: false,
        geheimhouding: false,
    };
    const VOLLEDIG: Inzage = Inzage {
        vertrouwelijk: true,
        geheimhouding: true,
    };

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
            partijen: vec![event::BetrokkenPartij {
                uuid: partij,
                indicatie_geheimhouding: Some(geheim),
            }],
            onderwerpobjecten: vec![],
        }
    }

    #[test]
    fn a_confidential_klantcontact_reaches_only_who_may_read_it() {
        let p = Uuid::from_u128(1);
        let other = Uuid::from_u128(2);
        assert!(toon_klantcontact(&klantcontact(false, p, false), p, &GEEN));
        assert!(!toon_klantcontact(
            &klantcontact(false, p, false),
            other,
            &VOLLEDIG
        ));
        assert!(!toon_klantcontact(&klantcontact(true, p, false), p, &GEEN));
        assert!(toon_klantcontact(
            &klantcontact(true, p, false),
            p,
            &VOLLEDIG
        ));
        assert!(!toon_klantcontact(&klantcontact(false, p, true), p, &GEEN));
        let mut zonder_partij = klantcontact(false, p, false);
        zonder_partij.partijen.clear();
        assert!(!toon_klantcontact(&zonder_partij, p, &GEEN));
        assert!(toon_klantcontact(&zonder_partij, p, &VOLLEDIG));
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
