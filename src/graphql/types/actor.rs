//! Actors: the staff (medewerker), systems (geautomatiseerde actor) and
//! organisational units (organisatorische eenheid) that take part in
//! klantcontacten and get interne taken. One GraphQL interface with a type
//! per kind; the fields every kind has are written once, in the macro.

use std::sync::Arc;

use async_graphql::{Interface, Object, Result};
use uuid::Uuid;

use super::adres::{non_empty, Objectidentificator};
use super::enums::SoortActor;
use crate::graphql::error::unknown_code;
use crate::registers::klantinteracties as ki;

/// An actor of any kind.
#[derive(Interface)]
#[graphql(
    field(name = "uuid", ty = "Uuid"),
    field(name = "naam", ty = "&str"),
    field(name = "soort_actor", ty = "SoortActor"),
    field(name = "indicatie_actief", ty = "Option<bool>"),
    field(name = "actoridentificator", ty = "Option<Objectidentificator>")
)]
pub enum Actor {
    Medewerker(Medewerker),
    GeautomatiseerdeActor(GeautomatiseerdeActor),
    OrganisatorischeEenheid(OrganisatorischeEenheid),
}

impl Actor {
    /// The GraphQL type for the register's actor, by its `soortActor`.
    pub fn from_register(actor: Arc<ki::Actor>) -> Result<Actor> {
        Ok(match &actor.identificatie {
            ki::ActorIdentificatie::Medewerker(_) => Actor::Medewerker(Medewerker(actor)),
            ki::ActorIdentificatie::GeautomatiseerdeActor(_) => {
                Actor::GeautomatiseerdeActor(GeautomatiseerdeActor(actor))
            }
            ki::ActorIdentificatie::OrganisatorischeEenheid(_) => {
                Actor::OrganisatorischeEenheid(OrganisatorischeEenheid(actor))
            }
            ki::ActorIdentificatie::Onbekend { soort, .. } => {
                return Err(unknown_code("soortActor", soort))
            }
        })
    }
}

/// Declares one actor type: the fields of every actor, then its own.
macro_rules! actor_type {
    ($(#[$doc:meta])* $name:ident, $soort:expr, $variant:ident($part:ident) { $($own:tt)* }) => {
        $(#[$doc])*
        pub struct $name(pub Arc<ki::Actor>);

        impl $name {
            /// The part of the actor only this kind has.
            fn part(&self) -> Option<&ki::$variant> {
                match &self.0.identificatie {
                    ki::ActorIdentificatie::$variant($part) => Some($part),
                    _ => None,
                }
            }
        }

        #[Object]
        impl $name {
            async fn uuid(&self) -> Uuid {
                self.0.uuid
            }
            async fn naam(&self) -> &str {
                &self.0.naam
            }
            async fn soort_actor(&self) -> SoortActor {
                $soort
            }
            async fn indicatie_actief(&self) -> Option<bool> {
                self.0.indicatie_actief
            }
            async fn actoridentificator(&self) -> Option<Objectidentificator> {
                self.0.actoridentificator.as_ref().map(Objectidentificator::from)
            }
            $($own)*
        }
    };
}

actor_type!(
    /// A member of staff.
    Medewerker, SoortActor::Medewerker, Medewerker(m) {
        async fn functie(&self) -> Option<&str> {
            self.part().and_then(|m| non_empty(&m.functie))
        }
        async fn emailadres(&self) -> Option<&str> {
            self.part().and_then(|m| non_empty(&m.emailadres))
        }
        async fn telefoonnummer(&self) -> Option<&str> {
            self.part().and_then(|m| non_empty(&m.telefoonnummer))
        }
    }
);

actor_type!(
    /// A system acting on its own (e.g. a chatbot).
    GeautomatiseerdeActor, SoortActor::GeautomatiseerdeActor, GeautomatiseerdeActor(g) {
        async fn functie(&self) -> Option<&str> {
            self.part().and_then(|g| non_empty(&g.functie))
        }
        async fn omschrijving(&self) -> Option<&str> {
            self.part().and_then(|g| non_empty(&g.omschrijving))
        }
    }
);

actor_type!(
    /// A department or team.
    OrganisatorischeEenheid, SoortActor::OrganisatorischeEenheid, OrganisatorischeEenheid(o) {
        async fn omschrijving(&self) -> Option<&str> {
            self.part().and_then(|o| non_empty(&o.omschrijving))
        }
        async fn emailadres(&self) -> Option<&str> {
            self.part().and_then(|o| non_empty(&o.emailadres))
        }
        async fn telefoonnummer(&self) -> Option<&str> {
            self.part().and_then(|o| non_empty(&o.telefoonnummer))
        }
        async fn faxnummer(&self) -> Option<&str> {
            self.part().and_then(|o| non_empty(&o.faxnummer))
        }
    }
);
