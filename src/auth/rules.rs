//! Authorization: what a [`Principal`] may read and do (README,
//! "Security"). The rules are stated on plain facts, the flags a register
//! gives an object ([`Object`]), so that they read as one list and every
//! caller applies the same ones: the GraphQL resolvers (`graphql::guard`,
//! which turns a [`Denied`] into a `FORBIDDEN` error and leaves withheld
//! objects out of lists), the subscriptions ([`super::Inzage`]) and the
//! query limits (introspection).
//!
//! - a klantcontact marked `vertrouwelijk` needs `vertrouwelijk-lezen`;
//! - a partij with `indicatieGeheimhouding` needs `geheimhouding-lezen`;
//! - an interne taak is as confidential as the klantcontact it came from;
//! - any BRP look-up needs `brp-lezen` ([`brp`]); a BRP person with
//!   `geheimhoudingPersoonsgegevens` needs `brp-geheimhouding-lezen`, which
//!   only roles inside the municipality have (the indication restricts what
//!   goes to third parties, not what the municipality itself sees);
//! - mutations and subscriptions need `schrijven` / `abonneren`
//!   ([`require`]); introspection needs `introspectie` ([`introspection`]).
//!
//! A request that carries no principal may read nothing confidential
//! (fail closed, [`or_nobody`]).

use std::fmt;
use std::sync::LazyLock;

use super::{Ability, Principal};

/// What decides who may read an object: the one flag of it the rules look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Object {
    /// A klantcontact and its `vertrouwelijk`.
    Klantcontact { vertrouwelijk: bool },
    /// A partij and its `indicatieGeheimhouding`.
    Partij { geheimhouding: bool },
    /// An interne taak, and whether the klantcontact it came from is
    /// `vertrouwelijk`.
    InterneTaak { klantcontact_vertrouwelijk: bool },
    /// A BRP person and its `geheimhoudingPersoonsgegevens`.
    Persoon { geheimhouding: bool },
}

impl Object {
    /// The ability reading this object needs, and why; `None` when anyone may.
    pub fn needs(self) -> Option<(Ability, &'static str)> {
        match self {
            Object::Klantcontact {
                vertrouwelijk: true,
            } => Some((
                Ability::VertrouwelijkLezen,
                "this klantcontact is vertrouwelijk",
            )),
            Object::Partij {
                geheimhouding: true,
            } => Some((
                Ability::GeheimhoudingLezen,
                "this partij has indicatieGeheimhouding",
            )),
            Object::InterneTaak {
                klantcontact_vertrouwelijk: true,
            } => Some((
                Ability::VertrouwelijkLezen,
                "this interne taak came from a vertrouwelijk klantcontact",
            )),
            Object::Persoon {
                geheimhouding: true,
            } => Some((
                Ability::BrpGeheimhoudingLezen,
                "this person has geheimhoudingPersoonsgegevens in the BRP",
            )),
            _ => None,
        }
    }
}

/// A refusal: the ability that is missing, and a sentence saying what needs
/// it. The sentence names no identifier: the caller may not have known the
/// object existed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denied {
    pub ability: Ability,
    message: String,
}

impl fmt::Display for Denied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Denied {
    /// `why` the object is withheld, and the ability that would show it.
    fn withheld(why: &str, ability: Ability) -> Denied {
        Denied {
            ability,
            message: format!(
                "{why}: reading it needs the ability {}, which the caller's roles do not grant",
                ability.as_str()
            ),
        }
    }
}

/// Whether `principal` may read `object`.
pub fn read(principal: &Principal, object: Object) -> Result<(), Denied> {
    match object.needs() {
        Some((ability, why)) if !principal.can(ability) => Err(Denied::withheld(why, ability)),
        _ => Ok(()),
    }
}

/// Requires an ability for an operation as a whole (a mutation needs
/// `schrijven`, a subscription `abonneren`): the refusal says that `what`
/// (e.g. "subscribing to live updates") needs it.
pub fn require(principal: &Principal, ability: Ability, what: &str) -> Result<(), Denied> {
    if principal.can(ability) {
        Ok(())
    } else {
        Err(Denied {
            ability,
            message: format!(
                "{what} needs the ability {}, which the caller's roles do not grant",
                ability.as_str()
            ),
        })
    }
}

/// Any BRP look-up (a person, a search) needs `brp-lezen`; the BRP
/// resolvers ask this before the register is asked.
pub fn brp(principal: &Principal) -> Result<(), Denied> {
    require(
        principal,
        Ability::BrpLezen,
        "looking up persons in the BRP",
    )
}

/// Introspection (`__schema`, `__type`) shows the whole schema and needs
/// `introspectie`.
pub fn introspection(principal: &Principal) -> Result<(), Denied> {
    if principal.can(Ability::Introspectie) {
        Ok(())
    } else {
        Err(Denied::withheld(
            "introspection (__schema, __type) shows the whole schema",
            Ability::Introspectie,
        ))
    }
}

static NOBODY: LazyLock<Principal> = LazyLock::new(Principal::nobody);

/// The principal a request carries, or one that may do nothing when it
/// carries none (fail closed).
pub fn or_nobody(principal: Option<&Principal>) -> &Principal {
    principal.unwrap_or(&NOBODY)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn with(abilities: &[Ability]) -> Principal {
        let map = BTreeMap::from([("r".to_string(), abilities.to_vec())]);
        Principal::new("u".into(), vec!["r".into()], None, &map)
    }

    #[test]
    fn confidential_objects_need_their_ability() {
        let geheim = Object::Klantcontact {
            vertrouwelijk: true,
        };
        let open = Object::Klantcontact {
            vertrouwelijk: false,
        };
        assert!(read(&with(&[]), open).is_ok());
        let e = read(&with(&[Ability::GeheimhoudingLezen]), geheim).unwrap_err();
        assert!(e.to_string().contains("vertrouwelijk-lezen"), "{e}");
        assert_eq!(e.ability, Ability::VertrouwelijkLezen);
        assert!(read(&with(&[Ability::VertrouwelijkLezen]), geheim).is_ok());

        let partij = Object::Partij {
            geheimhouding: true,
        };
        assert!(read(&with(&[Ability::VertrouwelijkLezen]), partij).is_err());
        assert!(read(&with(&[Ability::GeheimhoudingLezen]), partij).is_ok());
        let gewoon = Object::Partij {
            geheimhouding: false,
        };
        assert!(read(or_nobody(None), gewoon).is_ok());

        let taak = Object::InterneTaak {
            klantcontact_vertrouwelijk: true,
        };
        let e = read(&with(&[]), taak).unwrap_err();
        assert!(e.to_string().starts_with("this interne taak"), "{e}");
        assert!(read(&with(&[Ability::VertrouwelijkLezen]), taak).is_ok());
    }

    #[test]
    fn brp_geheimhouding_is_for_roles_inside_the_municipality() {
        let partner = with(&[Ability::BrpLezen]);
        let kcc = with(&[Ability::BrpLezen, Ability::BrpGeheimhoudingLezen]);
        let geheim = Object::Persoon {
            geheimhouding: true,
        };
        let gewoon = Object::Persoon {
            geheimhouding: false,
        };
        assert!(read(&partner, gewoon).is_ok());
        assert!(read(&partner, geheim).is_err());
        assert!(read(&kcc, geheim).is_ok());
        assert!(brp(&partner).is_ok());
        assert!(brp(&with(&[Ability::BrpGeheimhoudingLezen])).is_err());
    }

    #[test]
    fn operations_and_introspection_name_the_missing_ability() {
        let e = require(&with(&[]), Ability::Abonneren, "subscribing").unwrap_err();
        assert_eq!(
            e.to_string(),
            "subscribing needs the ability abonneren, which the caller's roles do not grant"
        );
        assert!(require(&with(&[Ability::Abonneren]), Ability::Abonneren, "x").is_ok());
        let e = introspection(or_nobody(None)).unwrap_err();
        assert_eq!(e.ability, Ability::Introspectie);
        assert!(introspection(&with(&[Ability::Introspectie])).is_ok());
    }
}
