//! The mutation root: the writes of the KCC flow. Each needs the ability
//! `schrijven` (`guard::require`, checked first: a refused write costs no
//! register call), checks its input with Open Klant's own rules before any
//! register call ([`invoer`]), then loads the objects it writes to or links
//! to and guards them as a query would ([`doel`]: a taak of a vertrouwelijk
//! klantcontact, a partij with indicatieGeheimhouding are `FORBIDDEN`
//! before anything is written), writes through the Klantinteracties client,
//! maps a register's 400 to the input fields ([`fouten`]), and reports what
//! it wrote to the events hub, so that subscribers hear of it at once (the
//! register's notification that follows is recognised as the same change
//! and not published again).

mod fouten;
pub mod invoer;

use std::sync::Arc;

use async_graphql::{Context, Object, Result};

use self::fouten::{van_register, Velden};
use self::invoer::{MaakInterneTaakInput, RegistreerKlantcontactInput, WerkInterneTaakBijInput};
use super::error::from_register;
use super::guard;
use super::shared::Shared;
use super::subscription::prime_klantcontact;
use super::types::{data, load_error, InterneTaak, Klantcontact};
use crate::auth::Ability;
use crate::events::event::{self, Actie, Gebeurtenis};
use crate::events::intake;
use crate::registers::klantinteracties as ki;
use crate::registers::klantinteracties::write::Ref;

/// Where the register's names for `POST /maak-klantcontact` sit in the input.
const REGISTREER: Velden<'static> = &[
    ("klantcontact.nonFieldErrors", "input"),
    ("klantcontact.", "input."),
    ("betrokkene.wasPartij", "input.partij"),
    ("betrokkene.", "input.betrokkene."),
    (
        "onderwerpobject.onderwerpobjectidentificator.",
        "input.onderwerpobject.",
    ),
    ("onderwerpobject.", "input.onderwerpobject."),
    ("nonFieldErrors", "input"),
];

/// Where the register's names for an interne taak sit in the input.
const INTERNE_TAAK: Velden<'static> = &[
    ("aanleidinggevendKlantcontact", "input.klantcontact"),
    ("toegewezenAanActoren", "input.actoren"),
    ("gevraagdeHandeling", "input.gevraagdeHandeling"),
    ("toelichting", "input.toelichting"),
    ("status", "input.status"),
    ("nonFieldErrors", "input"),
];

/// The mutation root.
pub struct Mutation;

#[Object]
impl Mutation {
    /// Registers a klantcontact with the partij as betrokkene (and what it
    /// was about), in one call to the register (`POST /maak-klantcontact`);
    /// digitale adressen the partij gave are added to its betrokkene.
    async fn registreer_klantcontact(
        &self,
        ctx: &Context<'_>,
        input: RegistreerKlantcontactInput,
    ) -> Result<Klantcontact> {
        guard::require(ctx, Ability::Schrijven, "registering a klantcontact")?;
        let registratie = input.check()?;
        let (gateway, loaders) = data(ctx)?;
        let body = &registratie.body;
        if let Some(partij) = body.betrokkene.as_ref().and_then(|b| b.was_partij.as_ref()) {
            doel(ctx, &loaders.partijen, partij.uuid).await?;
        }
        if let Some(eerder) = body
            .onderwerpobject
            .as_ref()
            .and_then(|o| o.was_klantcontact.as_ref())
        {
            doel(ctx, &loaders.klantcontacten, eerder.uuid).await?;
        }
        let ki = &gateway.registers.klantinteracties;
        // What the register's release would drop or refuse, refused before
        // the first write: nothing is written then.
        let capabilities = ki.capabilities().await.map_err(|e| from_register(&e))?;
        registratie.bewaard_door(&capabilities)?;
        let gemaakt = ki
            .maak_klantcontact(&registratie.body)
            .await
            .map_err(|e| van_register(&e, REGISTREER, "input"))?;
        let betrokkene = gemaakt.betrokkene.as_ref().map(|b| Ref { uuid: b.uuid });
        let mut adresfout = None;
        for (i, mut adres) in registratie.digitale_adressen.into_iter().enumerate() {
            adres.verstrekt_door_betrokkene = betrokkene;
            if let Err(e) = ki.maak_digitaal_adres(&adres).await {
                let pad = format!("input.betrokkene.digitaleAdressen[{i}].");
                let velden = [
                    ("adres", format!("{pad}adres")),
                    ("soortDigitaalAdres", format!("{pad}soort")),
                    ("omschrijving", format!("{pad}omschrijving")),
                ];
                let velden: Vec<(&str, &str)> =
                    velden.iter().map(|(r, i)| (*r, i.as_str())).collect();
                adresfout = Some(van_register(&e, &velden, "input.betrokkene"));
                break;
            }
        }
        let uuid = gemaakt.klantcontact.uuid;
        // Read back as the intake reads it, so both paths give the same
        // event; if that read fails, the event is built from the answer.
        let geregistreerd = match intake::klantcontact_geregistreerd(ki, uuid, 1).await {
            Ok(Some(k)) => k,
            _ => event::KlantcontactGeregistreerd {
                klantcontact: Arc::new(gemaakt.klantcontact),
                betrokkenen: gemaakt.betrokkene.into_iter().map(Arc::new).collect(),
                partijen: Vec::new(),
                onderwerpobjecten: gemaakt.onderwerpobject.into_iter().map(Arc::new).collect(),
            },
        };
        let klantcontact = prime_klantcontact(loaders, &geregistreerd).await;
        publiceer(
            gateway,
            Gebeurtenis::KlantcontactGeregistreerd(geregistreerd),
        )
        .await;
        match adresfout {
            Some(mut e) => {
                e.message = format!(
                    "klantcontact {uuid} was registered, but a digitaal adres was not: {}",
                    e.message
                );
                Err(e)
            }
            None => Ok(klantcontact),
        }
    }

    /// Creates a contactverzoek: an interne taak a klantcontact led to,
    /// assigned to actors.
    async fn maak_interne_taak(
        &self,
        ctx: &Context<'_>,
        input: MaakInterneTaakInput,
    ) -> Result<InterneTaak> {
        guard::require(ctx, Ability::Schrijven, "creating an interne taak")?;
        let body = input.check()?;
        let (gateway, loaders) = data(ctx)?;
        doel(
            ctx,
            &loaders.klantcontacten,
            body.aanleidinggevend_klantcontact.uuid,
        )
        .await?;
        let taak = gateway
            .registers
            .klantinteracties
            .maak_interne_taak(&body)
            .await
            .map_err(|e| van_register(&e, INTERNE_TAAK, "input"))?;
        Ok(taak_gewijzigd(gateway, loaders, Actie::Create, taak).await)
    }

    /// Changes an interne taak's status, toelichting or actors (PATCH).
    async fn werk_interne_taak_bij(
        &self,
        ctx: &Context<'_>,
        input: WerkInterneTaakBijInput,
    ) -> Result<InterneTaak> {
        guard::require(ctx, Ability::Schrijven, "changing an interne taak")?;
        let (uuid, wijziging) = input.check()?;
        let (gateway, loaders) = data(ctx)?;
        // The taak as a query would show it, or FORBIDDEN.
        if let Some(taak) = loaders
            .interne_taken
            .load_one(uuid)
            .await
            .map_err(load_error)?
        {
            guard::interne_taak(ctx, loaders, taak).await?;
        }
        let taak = gateway
            .registers
            .klantinteracties
            .wijzig_interne_taak(uuid, &wijziging)
            .await
            .map_err(|e| van_register(&e, INTERNE_TAAK, "input"))?;
        Ok(taak_gewijzigd(gateway, loaders, Actie::PartialUpdate, taak).await)
    }
}

/// Loads the object a write targets or links to and guards it as a query
/// would: `FORBIDDEN` when the caller may not read it. One that does not
/// exist is left to the register, whose refusal names the input field.
async fn doel<L, G>(
    ctx: &Context<'_>,
    loader: &async_graphql::dataloader::DataLoader<L, async_graphql::dataloader::HashMapCache>,
    uuid: uuid::Uuid,
) -> Result<()>
where
    L: async_graphql::dataloader::Loader<
        uuid::Uuid,
        Value = Arc<G>,
        Error = super::loaders::LoadError,
    >,
    G: guard::Guarded + Send + Sync + 'static,
{
    match loader.load_one(uuid).await.map_err(load_error)? {
        Some(object) => guard::check(ctx, object.as_ref()),
        None => Ok(()),
    }
}

/// Publishes the change of a taak and gives it, fed to the loaders.
async fn taak_gewijzigd(
    gateway: &Shared,
    loaders: &super::Loaders,
    actie: Actie,
    taak: ki::InterneTaak,
) -> InterneTaak {
    let taak = Arc::new(taak);
    loaders
        .interne_taken
        .feed_one(taak.uuid, taak.clone())
        .await;
    publiceer(
        gateway,
        Gebeurtenis::InterneTaakGewijzigd(event::InterneTaakGewijzigd {
            actie,
            uuid: taak.uuid,
            interne_taak: Some(taak.clone()),
            vorige: None,
        }),
    )
    .await;
    InterneTaak(taak)
}

/// Reports a write to the hub. The write stands when this fails; the
/// register's notification may still bring the event.
async fn publiceer(gateway: &Shared, gebeurtenis: Gebeurtenis) {
    if let Err(e) = gateway.events.publish(gebeurtenis).await {
        tracing::error!(error = %e, "the event of a mutation was not published");
    }
}
