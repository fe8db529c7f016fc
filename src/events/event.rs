//! The domain events the hub carries: what happened to which object, with
//! the object as the register holds it after the change, so that every
//! subscriber is served from the event and none has to call the register.
//!
//! Events serialize (serde) so that a shared backend (Redis Streams) can
//! store them as they are.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::registers::klantinteracties::{
    Betrokkene, InterneTaak, Klantcontact, Onderwerpobject, Partij,
};

/// The id of an event: `<epoch>-<seq>`, increasing. The epoch is the moment
/// the backend's sequence started (milliseconds since 1970), so ids keep
/// increasing over a restart of an in-memory hub and an id of an earlier
/// run is recognisably gone. The form is that of Redis Stream ids, so a
/// Redis backend can use its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub(crate) struct EventId {
    pub epoch: u64,
    pub seq: u64,
}

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.epoch, self.seq)
    }
}

impl FromStr for EventId {
    type Err = String;

    fn from_str(s: &str) -> Result<EventId, String> {
        let bad = || format!("{s:?} is not an event id (<epoch>-<seq>, as events carry it)");
        let (epoch, seq) = s.trim().split_once('-').ok_or_else(bad)?;
        let number = |t: &str| {
            if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            t.parse::<u64>().map_err(|_| bad())
        };
        Ok(EventId {
            epoch: number(epoch)?,
            seq: number(seq)?,
        })
    }
}

/// What was done to an object, as a notification's `actie` says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Actie {
    Create,
    Update,
    PartialUpdate,
    Destroy,
}

impl Actie {
    /// The `actie` of a notification; `None` for one the gateway does not
    /// act on (Open Notificaties' test message, custom actions).
    pub(crate) fn parse(actie: &str) -> Option<Actie> {
        Some(match actie {
            "create" => Actie::Create,
            "update" => Actie::Update,
            "partial_update" => Actie::PartialUpdate,
            "destroy" => Actie::Destroy,
            _ => return None,
        })
    }
}

/// An event as the hub hands it out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Event {
    pub id: EventId,
    pub gebeurtenis: Gebeurtenis,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "soort", rename_all = "camelCase")]
pub(crate) enum Gebeurtenis {
    KlantcontactGeregistreerd(KlantcontactGeregistreerd),
    InterneTaakGewijzigd(InterneTaakGewijzigd),
    PartijGewijzigd(PartijGewijzigd),
}

/// A klantcontact was registered, with who took part and what it was about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct KlantcontactGeregistreerd {
    pub klantcontact: Arc<Klantcontact>,
    pub betrokkenen: Vec<Arc<Betrokkene>>,
    /// The partijen of the betrokkenen, as far as the register gave them:
    /// only what the reading rules need, not the partij with its every
    /// relation (a partij with thousands of betrokkenen made each event
    /// hundreds of kilobytes; a subscriber that selects a partij reads it).
    pub partijen: Vec<BetrokkenPartij>,
    pub onderwerpobjecten: Vec<Arc<Onderwerpobject>>,
}

/// A partij that took part in a klantcontact, as its event keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct BetrokkenPartij {
    pub uuid: Uuid,
    pub indicatie_geheimhouding: Option<bool>,
}

impl From<&Partij> for BetrokkenPartij {
    fn from(p: &Partij) -> BetrokkenPartij {
        BetrokkenPartij {
            uuid: p.uuid,
            indicatie_geheimhouding: p.indicatie_geheimhouding,
        }
    }
}

impl KlantcontactGeregistreerd {
    /// The partijen that took part, by the register's betrokkenen.
    pub(crate) fn partij_uuids(&self) -> impl Iterator<Item = Uuid> + '_ {
        self.betrokkenen
            .iter()
            .filter_map(|b| b.was_partij.as_ref().map(|p| p.uuid))
    }
}

/// An interne taak was created, changed or deleted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct InterneTaakGewijzigd {
    pub actie: Actie,
    pub uuid: Uuid,
    /// The taak after the change; `None` once deleted.
    pub interne_taak: Option<Arc<InterneTaak>>,
    /// The taak as the previous event about it showed it, if the hub saw
    /// one: a work list learns that a taak left it (another actor, another
    /// status) from this.
    pub vorige: Option<Arc<InterneTaak>>,
}

/// A partij was created, changed or deleted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct PartijGewijzigd {
    pub actie: Actie,
    pub uuid: Uuid,
    /// The partij after the change; `None` once deleted.
    pub partij: Option<Arc<Partij>>,
    /// The partij as the previous event about it showed it, if the hub saw
    /// one: who may hear of a deletion is decided on this.
    #[serde(default)]
    pub vorige: Option<Arc<Partij>>,
}

/// The state an event leaves its object in, kept by the hub so that the
/// next event about the object carries it as `vorige`.
#[derive(Debug, Clone)]
pub(crate) enum Toestand {
    InterneTaak(Arc<InterneTaak>),
    Partij(Arc<Partij>),
}

/// The object an event is about: events about one object are deduplicated
/// against each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Onderwerp {
    Klantcontact(Uuid),
    InterneTaak(Uuid),
    Partij(Uuid),
}

impl Gebeurtenis {
    /// The object this event is about.
    pub(crate) fn onderwerp(&self) -> Onderwerp {
        match self {
            Gebeurtenis::KlantcontactGeregistreerd(k) => {
                Onderwerp::Klantcontact(k.klantcontact.uuid)
            }
            Gebeurtenis::InterneTaakGewijzigd(t) => Onderwerp::InterneTaak(t.uuid),
            Gebeurtenis::PartijGewijzigd(p) => Onderwerp::Partij(p.uuid),
        }
    }

    /// The object as this event leaves it, which the next event about it
    /// gets as `vorige`; none for a klantcontact or a deletion.
    pub(crate) fn toestand(&self) -> Option<Toestand> {
        match self {
            Gebeurtenis::InterneTaakGewijzigd(t) => {
                t.interne_taak.clone().map(Toestand::InterneTaak)
            }
            Gebeurtenis::PartijGewijzigd(p) => p.partij.clone().map(Toestand::Partij),
            Gebeurtenis::KlantcontactGeregistreerd(_) => None,
        }
    }

    /// Sets `vorige` to what the previous event about the object left it in.
    pub(crate) fn zet_vorige(&mut self, vorige: Option<Toestand>) {
        match (self, vorige) {
            (Gebeurtenis::InterneTaakGewijzigd(t), Some(Toestand::InterneTaak(v))) => {
                t.vorige = Some(v);
            }
            (Gebeurtenis::PartijGewijzigd(p), Some(Toestand::Partij(v))) => p.vorige = Some(v),
            _ => {}
        }
    }

    /// [`Gebeurtenis::toestand`] written out, for a backend that keeps text
    /// (Redis); empty when there is none.
    pub(crate) fn toestand_json(&self) -> String {
        let written = match self.toestand() {
            Some(Toestand::InterneTaak(t)) => serde_json::to_string(&t),
            Some(Toestand::Partij(p)) => serde_json::to_string(&p),
            None => return String::new(),
        };
        written.unwrap_or_default()
    }

    /// Sets `vorige` from what [`Gebeurtenis::toestand_json`] wrote of the
    /// previous event about the object; empty or unreadable text is none.
    pub(crate) fn zet_vorige_json(&mut self, json: &str) {
        if json.is_empty() {
            return;
        }
        let vorige = match self {
            Gebeurtenis::InterneTaakGewijzigd(_) => serde_json::from_str(json)
                .ok()
                .map(|t| Toestand::InterneTaak(Arc::new(t))),
            Gebeurtenis::PartijGewijzigd(_) => serde_json::from_str(json)
                .ok()
                .map(|p| Toestand::Partij(Arc::new(p))),
            Gebeurtenis::KlantcontactGeregistreerd(_) => None,
        };
        self.zet_vorige(vorige);
    }

    /// The state this event leaves its object in, as a number: two events
    /// with the same fingerprint about the same object tell the same (a
    /// klantcontact is registered once; a taak or partij is in one state, a
    /// deletion being a state too). The hub remembers fingerprints, not
    /// whole objects.
    pub(crate) fn vingerafdruk(&self) -> u64 {
        let state = match self {
            Gebeurtenis::KlantcontactGeregistreerd(_) => Ok(b"geregistreerd".to_vec()),
            Gebeurtenis::InterneTaakGewijzigd(t) => serde_json::to_vec(&t.interne_taak),
            Gebeurtenis::PartijGewijzigd(p) => serde_json::to_vec(&p.partij),
        };
        // An object that cannot be written out is never taken for a repeat.
        let Ok(state) = state else {
            return uniek();
        };
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        std::hash::Hasher::write(&mut hasher, &state);
        std::hash::Hasher::finish(&hasher)
    }
}

/// A fingerprint that matches nothing before it.
fn uniek() -> u64 {
    uuid::Uuid::new_v4().as_u64_pair().0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_print_parse_and_order() {
        let a = EventId { epoch: 17, seq: 9 };
        let b = EventId { epoch: 17, seq: 10 };
        let c = EventId { epoch: 18, seq: 1 };
        assert!(a < b && b < c);
        assert_eq!(a.to_string(), "17-9");
        assert_eq!("17-9".parse::<EventId>(), Ok(a));
        for bad in [
            "",
            "17",
            "17-",
            "-9",
            "17-9-1",
            "a-1",
            "1-+2",
            "99999999999999999999-1",
        ] {
            assert!(bad.parse::<EventId>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_change_repeats_only_the_same_state() {
        let taak = |toelichting: &str| {
            Gebeurtenis::InterneTaakGewijzigd(InterneTaakGewijzigd {
                actie: Actie::PartialUpdate,
                uuid: Uuid::nil(),
                interne_taak: Some(Arc::new(InterneTaak {
                    toelichting: toelichting.into(),
                    ..InterneTaak::default()
                })),
                vorige: None,
            })
        };
        assert_eq!(taak("a").vingerafdruk(), taak("a").vingerafdruk());
        assert_ne!(taak("b").vingerafdruk(), taak("a").vingerafdruk());
        let weg = Gebeurtenis::InterneTaakGewijzigd(InterneTaakGewijzigd {
            actie: Actie::Destroy,
            uuid: Uuid::nil(),
            interne_taak: None,
            vorige: None,
        });
        assert_ne!(weg.vingerafdruk(), taak("a").vingerafdruk());
        assert_eq!(weg.vingerafdruk(), weg.vingerafdruk());
    }

    #[test]
    fn events_survive_serialization() {
        let event = Event {
            id: EventId { epoch: 1, seq: 2 },
            gebeurtenis: Gebeurtenis::InterneTaakGewijzigd(InterneTaakGewijzigd {
                actie: Actie::Create,
                uuid: Uuid::from_u128(7),
                interne_taak: Some(Arc::new(InterneTaak {
                    uuid: Uuid::from_u128(7),
                    gevraagde_handeling: "Terugbellen".into(),
                    ..InterneTaak::default()
                })),
                vorige: None,
            }),
        };
        let json = serde_json::to_string(&event).unwrap();
        assert_eq!(serde_json::from_str::<Event>(&json).unwrap(), event);
    }
}
