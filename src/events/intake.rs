//! From a notification to a domain event: the gateway fetches the object
//! the notification is about from its own configured register (never the
//! URL in the message: a notification cannot make the gateway call an
//! arbitrary host) and publishes what changed. The gateway's mutations use
//! the same functions, so an event looks the same whichever way it came.
//!
//! Notifications about actors (resource `actor` or kanaal `actoren`) or
//! reference lists (kanaal `referentielijsten`, kenmerk `tabel` naming the
//! table; all tables without it) invalidate the shared caches instead. Open
//! Klant 2.18 publishes neither (only partijen, klantcontacten and
//! internetaken), so these come from a publisher that does; without one,
//! the caches' TTLs bound how stale they get.
//!
//! A deletion becomes an event only when the register confirms it (the
//! object answers 404): a notification, even one with the webhook's
//! secret, cannot make an existing object "deleted" for subscribers. Who
//! hears of a deletion is decided on the object's last known state (the
//! hub's `vorige`), not on the notification.
//!
//! What the intake needs is handed to it in [`Intake`] (built in `app.rs`):
//! events know nothing of GraphQL, which owns those caches.

use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use uuid::Uuid;

use super::event::{
    Actie, BetrokkenPartij, Gebeurtenis, InterneTaakGewijzigd, KlantcontactGeregistreerd,
    Onderwerp, PartijGewijzigd,
};
use super::hub::HubError;
use super::notificatie::Notificatie;
use super::Events;
use crate::registers::klantinteracties::{Klantcontact, Resource};
use crate::registers::{ErrorKind, Klantinteracties, RegisterError};

/// What a klantcontact event is read with: its betrokkenen and
/// onderwerpobjecten (kept whole, for every subscriber's selection) and
/// the betrokkenen's partijen (of which the event keeps only the reference
/// and the flag the reading rules need), in one call.
const KLANTCONTACT_EXPAND: &[&str] = &[
    "hadBetrokkenen",
    "hadBetrokkenen.wasPartij",
    "gingOverOnderwerpobjecten",
];

/// The shared caches a notification can make stale.
pub(crate) trait Caches: Send + Sync + 'static {
    /// Forgets the actor `uuid`.
    fn forget_actor(&self, uuid: Uuid) -> BoxFuture<'_, ()>;
    /// Forgets a reference table (`None`: all of them).
    fn forget_referentielijst<'a>(&'a self, tabel: Option<&'a str>) -> BoxFuture<'a, ()>;
}

/// What the intake works with.
pub(crate) struct Intake {
    /// Where objects are read (never the URL a notification names).
    klantinteracties: Klantinteracties,
    /// Where events are published.
    events: Arc<Events>,
    caches: Arc<dyn Caches>,
    /// Tries of a fetch (`notificaties.fetch_attempts`).
    attempts: u32,
}

impl Intake {
    pub(crate) fn new(
        klantinteracties: Klantinteracties,
        events: Arc<Events>,
        caches: Arc<dyn Caches>,
        attempts: u32,
    ) -> Intake {
        Intake {
            klantinteracties,
            events,
            caches,
            attempts,
        }
    }

    /// Where events are published (the webhook claims notifications there).
    pub(crate) fn events(&self) -> &Arc<Events> {
        &self.events
    }

    /// Handles one accepted notification: publishes its event or
    /// invalidates the caches it concerns. Failures are logged: the sender
    /// got its 204.
    pub(crate) async fn verwerk(&self, n: &Notificatie) {
        let (ki, attempts) = (&self.klantinteracties, self.attempts);
        if n.kanaal == "referentielijsten" {
            let tabel = n.kenmerk("tabel").filter(|t| !t.is_empty());
            self.caches.forget_referentielijst(tabel.as_deref()).await;
            return;
        }
        let Some(uuid) = n.resource_uuid() else {
            tracing::debug!(kanaal = %n.kanaal, "notification without a resource uuid ignored");
            return;
        };
        let actie = Actie::parse(&n.actie);
        let result = match (n.kanaal.as_str(), actie) {
            ("partijen", Some(actie)) => partij_gewijzigd(ki, uuid, actie, attempts).await,
            ("internetaken", Some(actie)) => {
                interne_taak_gewijzigd(ki, uuid, actie, attempts).await
            }
            ("klantcontacten", Some(Actie::Create)) => {
                // Unknown when the backend is unreachable: read it, the
                // publication drops a repeat.
                if self.events.gezien(Onderwerp::Klantcontact(uuid)).await == Ok(true) {
                    return;
                }
                klantcontact_geregistreerd(ki, uuid, attempts)
                    .await
                    .map(|k| k.map(Gebeurtenis::KlantcontactGeregistreerd))
            }
            _ if n.resource == "actor" || n.kanaal == "actoren" => {
                self.caches.forget_actor(uuid).await;
                return;
            }
            // Open Notificaties' test message, other kanalen and actions.
            _ => return,
        };
        match result {
            Ok(Some(gebeurtenis)) => self.publiceer(gebeurtenis, &n.kanaal).await,
            // Deleted before it could be read: the destroy notification follows.
            Ok(None) => {}
            Err(e) => tracing::error!(error = %e, kanaal = %n.kanaal, "notification not processed"),
        }
    }
}

impl Intake {
    /// Publishes the event of an accepted notification, trying again while
    /// the events backend is unreachable: the sender got its 204, so this
    /// is the only chance. Meanwhile the queue fills and the webhook
    /// answers 503, so nothing beyond the queue waits.
    async fn publiceer(&self, gebeurtenis: Gebeurtenis, kanaal: &str) {
        let mut wait = Duration::from_millis(100);
        loop {
            match self.events.publish(gebeurtenis.clone()).await {
                Ok(_) => return,
                Err(e @ HubError::Onbereikbaar { .. }) => {
                    tracing::warn!(error = %e, kanaal, "event not yet published; trying again");
                    tokio::time::sleep(wait).await;
                    wait = (wait * 2).min(Duration::from_secs(5));
                }
                Err(e) => {
                    tracing::error!(error = %e, kanaal, "event not published");
                    return;
                }
            }
        }
    }
}

/// The event of a registered klantcontact, read with its betrokkenen, their
/// partijen and its onderwerpobjecten; `None` when it no longer exists.
pub(crate) async fn klantcontact_geregistreerd(
    ki: &Klantinteracties,
    uuid: Uuid,
    attempts: u32,
) -> Result<Option<KlantcontactGeregistreerd>, RegisterError> {
    let Some(mut klantcontact) = fetch(attempts, || {
        ki.get::<Klantcontact>(uuid, KLANTCONTACT_EXPAND)
    })
    .await?
    else {
        return Ok(None);
    };
    let expand = klantcontact.expand.take().unwrap_or_default();
    let mut betrokkenen = Vec::new();
    let mut partijen: Vec<BetrokkenPartij> = Vec::new();
    for mut b in expand.had_betrokkenen.unwrap_or_default() {
        if let Some(p) = b.expand.take().and_then(|e| e.was_partij) {
            // Open Klant expands a partij once per response (§8).
            if !partijen.iter().any(|q| q.uuid == p.uuid) {
                partijen.push(BetrokkenPartij::from(&*p));
            }
        }
        betrokkenen.push(Arc::new(b));
    }
    Ok(Some(KlantcontactGeregistreerd {
        klantcontact: Arc::new(klantcontact),
        betrokkenen,
        partijen,
        onderwerpobjecten: expand
            .ging_over_onderwerpobjecten
            .unwrap_or_default()
            .into_iter()
            .map(Arc::new)
            .collect(),
    }))
}

/// The event of a created, changed or deleted interne taak.
async fn interne_taak_gewijzigd(
    ki: &Klantinteracties,
    uuid: Uuid,
    actie: Actie,
    attempts: u32,
) -> Result<Option<Gebeurtenis>, RegisterError> {
    let Some(interne_taak) = na_wijziging(ki, uuid, actie, attempts, "interne taak").await? else {
        return Ok(None);
    };
    Ok(Some(Gebeurtenis::InterneTaakGewijzigd(
        InterneTaakGewijzigd {
            actie,
            uuid,
            interne_taak,
            vorige: None,
        },
    )))
}

/// The event of a created, changed or deleted partij.
async fn partij_gewijzigd(
    ki: &Klantinteracties,
    uuid: Uuid,
    actie: Actie,
    attempts: u32,
) -> Result<Option<Gebeurtenis>, RegisterError> {
    let Some(partij) = na_wijziging(ki, uuid, actie, attempts, "partij").await? else {
        return Ok(None);
    };
    Ok(Some(Gebeurtenis::PartijGewijzigd(PartijGewijzigd {
        actie,
        uuid,
        partij,
        vorige: None,
    })))
}

/// The object as the register has it after a notification's change:
/// `Some(None)` for a deletion the register confirms (404),
/// `Some(Some(object))` after a create or update, and `None` when no event
/// follows: a destroy of an object the register still has (forged, or a
/// deletion that did not happen), or a change to one deleted before it
/// could be read (its destroy notification follows).
async fn na_wijziging<T: Resource>(
    ki: &Klantinteracties,
    uuid: Uuid,
    actie: Actie,
    attempts: u32,
    what: &str,
) -> Result<Option<Option<Arc<T>>>, RegisterError> {
    let found = fetch(attempts, || ki.get::<T>(uuid, &[])).await?;
    Ok(match (actie, found) {
        (Actie::Destroy, None) => Some(None),
        (Actie::Destroy, Some(_)) => {
            tracing::warn!(
                %uuid,
                "a destroy notification about a {what} the register still has: ignored"
            );
            None
        }
        (_, Some(object)) => Some(Some(Arc::new(object))),
        (_, None) => None,
    })
}

/// One object, tried up to `attempts` times while the register is
/// unavailable, slow or failing (the notification was already answered, so
/// this is the only chance); `None` when it does not exist.
async fn fetch<T: Resource, F, Fut>(attempts: u32, call: F) -> Result<Option<T>, RegisterError>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<T, RegisterError>>,
{
    let mut wait = Duration::from_millis(100);
    let mut attempt = 1;
    loop {
        match call().await {
            Ok(object) => return Ok(Some(object)),
            Err(e) if e.is_not_found() => return Ok(None),
            Err(e) if attempt < attempts && transient(&e) => {
                tracing::debug!(error = %e, attempt, "fetching a notification's resource again");
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(Duration::from_secs(5));
                attempt += 1;
            }
            Err(e) => return Err(e),
        }
    }
}

/// Whether trying again may help.
fn transient(e: &RegisterError) -> bool {
    match &e.kind {
        ErrorKind::Unavailable { .. } | ErrorKind::Timeout { .. } => true,
        ErrorKind::Upstream { status, .. } => *status >= 500,
        _ => false,
    }
}
