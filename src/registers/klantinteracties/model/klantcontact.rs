//! The klantcontact and what hangs off it: its betrokkenen, the interne
//! taken it led to, the onderwerpobjecten it was about, its bijlagen.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::actor::Actor;
use super::common::{
    fk_without_uuid_as_none, Adres, Contactnaam, Fk, ObjectIdentificator, Rol, Status,
};
use super::partij::{DigitaalAdres, Partij};
use crate::registers::tolerant::{datetime, empty_as_none, null_as_default};

/// One contact between the municipality and a partij (`/klantcontacten`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Klantcontact {
    pub uuid: Uuid,
    pub url: String,
    #[serde(deserialize_with = "null_as_default")]
    pub ging_over_onderwerpobjecten: Vec<Fk>,
    /// Inline, whole actors (derived from the actorklantcontacten).
    #[serde(deserialize_with = "null_as_default")]
    pub had_betrokken_actoren: Vec<Actor>,
    #[serde(deserialize_with = "null_as_default")]
    pub omvatte_bijlagen: Vec<Fk>,
    #[serde(deserialize_with = "null_as_default")]
    pub had_betrokkenen: Vec<Fk>,
    #[serde(deserialize_with = "null_as_default")]
    pub leidde_tot_interne_taken: Vec<Fk>,
    /// Deprecated by Open Klant, still the number KCC staff know.
    pub nummer: Option<String>,
    pub referentienummer: Option<String>,
    /// A free string, or a Referentielijsten item code when the register checks it.
    #[serde(deserialize_with = "null_as_default")]
    pub kanaal: String,
    #[serde(deserialize_with = "null_as_default")]
    pub onderwerp: String,
    #[serde(deserialize_with = "null_as_default")]
    pub inhoud: String,
    #[serde(deserialize_with = "null_as_default")]
    pub reactie: String,
    pub indicatie_contact_gelukt: Option<bool>,
    /// Since API 0.9.0 (Open Klant 2.18); empty before.
    #[serde(deserialize_with = "null_as_default")]
    pub hoofd_onderwerp_type: String,
    /// Since API 0.9.0 (Open Klant 2.18); `None` on older servers.
    pub verdere_actie_ondernomen: Option<bool>,
    /// ISO 639-2/B as documented, but not checked by Open Klant.
    #[serde(deserialize_with = "null_as_default")]
    pub taal: String,
    pub vertrouwelijk: bool,
    #[serde(deserialize_with = "datetime")]
    pub plaatsgevonden_op: Option<DateTime<FixedOffset>>,
    #[serde(deserialize_with = "null_as_default")]
    pub metadata: serde_json::Map<String, serde_json::Value>,
    #[serde(rename = "_expand", skip_serializing_if = "Option::is_none")]
    pub expand: Option<KlantcontactExpand>,
}

/// What `expand` inlines into a klantcontact. `None`: not expanded;
/// `Some([])`: expanded, nothing there.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct KlantcontactExpand {
    /// With `hadBetrokkenen.wasPartij` / `.digitaleAdressen`, nested in each
    /// betrokkene's `_expand`.
    pub had_betrokkenen: Option<Vec<Betrokkene>>,
    pub leidde_tot_interne_taken: Option<Vec<InterneTaak>>,
    pub ging_over_onderwerpobjecten: Option<Vec<Onderwerpobject>>,
    pub omvatte_bijlagen: Option<Vec<Bijlage>>,
}

/// A partij (or an unknown person) taking part in a klantcontact (`/betrokkenen`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Betrokkene {
    pub uuid: Uuid,
    pub url: String,
    pub was_partij: Option<Fk>,
    pub had_klantcontact: Fk,
    #[serde(deserialize_with = "null_as_default")]
    pub digitale_adressen: Vec<Fk>,
    #[serde(deserialize_with = "empty_as_none")]
    pub bezoekadres: Option<Adres>,
    #[serde(deserialize_with = "empty_as_none")]
    pub correspondentieadres: Option<Adres>,
    #[serde(deserialize_with = "empty_as_none")]
    pub contactnaam: Option<Contactnaam>,
    #[serde(deserialize_with = "null_as_default")]
    pub volledige_naam: String,
    pub rol: Rol,
    #[serde(deserialize_with = "null_as_default")]
    pub organisatienaam: String,
    pub initiator: bool,
    #[serde(rename = "_expand", skip_serializing_if = "Option::is_none")]
    pub expand: Option<BetrokkeneExpand>,
}

/// What `expand` inlines into a betrokkene, depending on where it sits: on
/// `/betrokkenen` `digitaleAdressen`; under a partij `hadKlantcontact`; under
/// a klantcontact `wasPartij` and `digitaleAdressen`.
///
/// A to-one member that is `None` was not expanded *or* was left out by the
/// register because the same object was already expanded elsewhere in the
/// response (Open Klant deduplicates expanded objects across a response):
/// resolve references from all expanded objects, not from this spot alone.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BetrokkeneExpand {
    pub digitale_adressen: Option<Vec<DigitaalAdres>>,
    pub had_klantcontact: Option<Box<Klantcontact>>,
    pub was_partij: Option<Box<Partij>>,
}

/// What a klantcontact was about, e.g. a zaak (`/onderwerpobjecten`). When
/// `wasKlantcontact` is set, the object is an earlier klantcontact: the
/// follow-up chain.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Onderwerpobject {
    pub uuid: Uuid,
    pub url: String,
    pub klantcontact: Option<Fk>,
    pub was_klantcontact: Option<Fk>,
    #[serde(deserialize_with = "empty_as_none")]
    pub onderwerpobjectidentificator: Option<ObjectIdentificator>,
}

/// A document that is part of a klantcontact (`/bijlagen`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Bijlage {
    pub uuid: Uuid,
    pub url: String,
    pub was_bijlage_van_klantcontact: Option<Fk>,
    #[serde(deserialize_with = "empty_as_none")]
    pub bijlageidentificator: Option<ObjectIdentificator>,
}

/// A task a klantcontact led to; a "contactverzoek" in KCC terms (`/internetaken`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct InterneTaak {
    pub uuid: Uuid,
    pub url: String,
    /// Deprecated by Open Klant, still the number KCC staff know.
    pub nummer: Option<String>,
    pub referentienummer: Option<String>,
    #[serde(deserialize_with = "null_as_default")]
    pub gevraagde_handeling: String,
    pub aanleidinggevend_klantcontact: Fk,
    /// The first assigned actor; the only one on older servers. Without
    /// actoren Open Klant 2.18.0 sends `{"uuid": null}`: absent.
    #[serde(deserialize_with = "fk_without_uuid_as_none")]
    pub toegewezen_aan_actor: Option<Fk>,
    /// All assigned actors (references only: actors are not inlined here).
    #[serde(deserialize_with = "null_as_default")]
    pub toegewezen_aan_actoren: Vec<Fk>,
    #[serde(deserialize_with = "null_as_default")]
    pub toelichting: String,
    pub status: Status,
    #[serde(deserialize_with = "datetime")]
    pub toegewezen_op: Option<DateTime<FixedOffset>>,
    #[serde(deserialize_with = "datetime")]
    pub afgehandeld_op: Option<DateTime<FixedOffset>>,
}

impl InterneTaak {
    /// The assigned actors, on every server version: the list when the
    /// register has it, else the single `toegewezenAanActor`.
    pub fn actoren(&self) -> Vec<&Fk> {
        if self.toegewezen_aan_actoren.is_empty() {
            self.toegewezen_aan_actor.iter().collect()
        } else {
            self.toegewezen_aan_actoren.iter().collect()
        }
    }
}
