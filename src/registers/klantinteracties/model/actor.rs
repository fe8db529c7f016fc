//! Actors: the medewerkers, teams and systems that handle klantcontacten and
//! interne taken.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::common::{Fk, ObjectIdentificator, SoortActor};
use crate::registers::tolerant::{empty_as_none, null_as_default, sibling_tagged_enum};

/// Someone or something acting for the municipality (`/actoren`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Actor {
    pub uuid: Uuid,
    pub url: String,
    #[serde(deserialize_with = "null_as_default")]
    pub naam: String,
    /// `soortActor` and `actorIdentificatie`, decoded by kind.
    #[serde(flatten)]
    pub identificatie: ActorIdentificatie,
    pub indicatie_actief: Option<bool>,
    /// Where the actor is known elsewhere (free strings).
    #[serde(deserialize_with = "empty_as_none")]
    pub actoridentificator: Option<ObjectIdentificator>,
}

impl Actor {
    /// The kind of actor.
    pub fn soort_actor(&self) -> SoortActor {
        self.identificatie.soort()
    }
}

sibling_tagged_enum! {
    /// The identification of an actor, whose shape `soortActor` selects.
    pub enum ActorIdentificatie: SoortActor by ("soortActor", "actorIdentificatie") {
        Medewerker(Medewerker),
        GeautomatiseerdeActor(GeautomatiseerdeActor),
        OrganisatorischeEenheid(OrganisatorischeEenheid),
    }
}

/// `actorIdentificatie` of a medewerker.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Medewerker {
    #[serde(deserialize_with = "null_as_default")]
    pub functie: String,
    #[serde(deserialize_with = "null_as_default")]
    pub emailadres: String,
    #[serde(deserialize_with = "null_as_default")]
    pub telefoonnummer: String,
}

/// `actorIdentificatie` of a system acting on its own.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct GeautomatiseerdeActor {
    #[serde(deserialize_with = "null_as_default")]
    pub functie: String,
    #[serde(deserialize_with = "null_as_default")]
    pub omschrijving: String,
}

/// `actorIdentificatie` of a team or department.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OrganisatorischeEenheid {
    #[serde(deserialize_with = "null_as_default")]
    pub omschrijving: String,
    #[serde(deserialize_with = "null_as_default")]
    pub emailadres: String,
    #[serde(deserialize_with = "null_as_default")]
    pub faxnummer: String,
    #[serde(deserialize_with = "null_as_default")]
    pub telefoonnummer: String,
}

/// An actor's part in a klantcontact (`/actorklantcontacten`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ActorKlantcontact {
    pub uuid: Uuid,
    pub url: String,
    pub actor: Fk,
    pub klantcontact: Fk,
}
