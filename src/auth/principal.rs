//! Who is asking, and what they may do: the [`Principal`] a request runs as,
//! and the [`Ability`] values that roles grant (`[auth.roles]`; the type
//! lives in `domain`, since the configuration parses it too).

use std::collections::{BTreeMap, BTreeSet};

pub use crate::domain::Ability;

/// The caller of one request: from a verified token, or the development
/// principal when `auth.mode = "development"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The token's subject (rate limiting and the verwerkingslog use it).
    pub subject: String,
    /// The roles the token names, known to the configuration or not.
    pub roles: Vec<String>,
    /// The purpose (doelbinding) the token carries, if any.
    pub purpose: Option<String>,
    /// Whether a verified token names this principal (false for the
    /// development principal and for nobody).
    pub authenticated: bool,
    /// When the token stops being valid (its `exp`, Unix seconds); a
    /// WebSocket opened with it is closed then.
    pub expires: Option<u64>,
    /// What the known roles grant together.
    abilities: BTreeSet<Ability>,
}

/// The subject of the development principal.
pub const DEVELOPMENT_SUBJECT: &str = "development";

impl Principal {
    /// A principal with the abilities its `roles` get from `role_map`;
    /// roles the map does not know grant nothing.
    pub fn new(
        subject: String,
        roles: Vec<String>,
        purpose: Option<String>,
        role_map: &BTreeMap<String, Vec<Ability>>,
    ) -> Principal {
        let abilities = roles
            .iter()
            .filter_map(|r| role_map.get(r))
            .flatten()
            .copied()
            .collect();
        Principal {
            subject,
            roles,
            purpose,
            authenticated: true,
            expires: None,
            abilities,
        }
    }

    /// The development profile's principal: every ability, every configured role.
    pub fn development(role_map: &BTreeMap<String, Vec<Ability>>) -> Principal {
        Principal {
            subject: DEVELOPMENT_SUBJECT.to_string(),
            roles: role_map.keys().cloned().collect(),
            purpose: None,
            authenticated: false,
            expires: None,
            abilities: Ability::ALL.into_iter().collect(),
        }
    }

    /// A principal that may do nothing: what a resolver sees when no
    /// principal was attached to the request (fail closed).
    pub fn nobody() -> Principal {
        Principal {
            subject: String::new(),
            roles: Vec::new(),
            purpose: None,
            authenticated: false,
            expires: None,
            abilities: BTreeSet::new(),
        }
    }

    /// Whether this principal has `ability`.
    pub fn can(&self, ability: Ability) -> bool {
        self.abilities.contains(&ability)
    }

    /// The abilities, for logs and tests.
    pub fn abilities(&self) -> impl Iterator<Item = Ability> + '_ {
        self.abilities.iter().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles() -> BTreeMap<String, Vec<Ability>> {
        BTreeMap::from([
            ("kcc-medewerker".into(), vec![Ability::BrpLezen]),
            (
                "kcc-vertrouwelijk".into(),
                vec![Ability::VertrouwelijkLezen, Ability::BrpLezen],
            ),
        ])
    }

    #[test]
    fn abilities_are_the_union_of_known_roles() {
        let p = Principal::new(
            "u1".into(),
            vec!["kcc-vertrouwelijk".into(), "onbekend".into()],
            None,
            &roles(),
        );
        assert!(p.can(Ability::VertrouwelijkLezen));
        assert!(p.can(Ability::BrpLezen));
        assert!(!p.can(Ability::Schrijven));
        assert_eq!(p.abilities().count(), 2);
    }

    #[test]
    fn unknown_roles_grant_nothing_and_nobody_can_do_nothing() {
        let p = Principal::new("u".into(), vec!["beheerder".into()], None, &roles());
        assert_eq!(p.abilities().count(), 0);
        assert!(Ability::ALL.iter().all(|a| !Principal::nobody().can(*a)));
        assert!(Ability::ALL
            .iter()
            .all(|a| Principal::development(&roles()).can(*a)));
    }

    #[test]
    fn ability_names_round_trip_through_the_configuration() {
        for a in Ability::ALL {
            let parsed: Ability =
                serde_json::from_value(serde_json::Value::String(a.as_str().into())).unwrap();
            assert_eq!(parsed, a);
        }
    }
}
