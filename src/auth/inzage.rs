//! What a caller may read of Klantinteracties, small enough to travel with
//! a subscription's stream: `vertrouwelijk` klantcontacten (and the interne
//! taken they led to) and partijen with `indicatieGeheimhouding` need an
//! ability of their own. An `Inzage` is derived from the caller's
//! [`Principal`] and nothing else, so queries and subscriptions (which ask
//! it before they hand out an event) see the same objects. Which flag needs
//! which ability is decided once, by [`Object::needs`]; an `Inzage` only
//! records which of those abilities the principal has.

use super::rules::Object;
use super::{Ability, Principal};

/// The reading rights of one caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Inzage {
    /// May read klantcontacten marked `vertrouwelijk` (`vertrouwelijk-lezen`).
    pub vertrouwelijk: bool,
    /// May read partijen with `indicatieGeheimhouding` (`geheimhouding-lezen`).
    pub geheimhouding: bool,
}

impl Inzage {
    /// The rights `principal`'s abilities grant.
    pub fn van(principal: &Principal) -> Inzage {
        Inzage {
            vertrouwelijk: principal.can(Ability::VertrouwelijkLezen),
            geheimhouding: principal.can(Ability::GeheimhoudingLezen),
        }
    }

    /// Whether this caller may read `object`: the ability it needs (if any)
    /// is one of these rights.
    pub fn mag(&self, object: Object) -> bool {
        match object.needs() {
            None => true,
            Some((Ability::VertrouwelijkLezen, _)) => self.vertrouwelijk,
            Some((Ability::GeheimhoudingLezen, _)) => self.geheimhouding,
            Some(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn met(abilities: &[Ability]) -> Inzage {
        let map = BTreeMap::from([("r".to_string(), abilities.to_vec())]);
        Inzage::van(&Principal::new("u".into(), vec!["r".into()], None, &map))
    }

    #[test]
    fn the_rights_follow_the_principals_abilities_one_by_one() {
        let geheim_contact = Object::Klantcontact {
            vertrouwelijk: true,
        };
        let geheime_partij = Object::Partij {
            geheimhouding: true,
        };
        let geheime_taak = Object::InterneTaak {
            klantcontact_vertrouwelijk: true,
        };
        let gewoon = (
            Object::Klantcontact {
                vertrouwelijk: false,
            },
            Object::Partij {
                geheimhouding: false,
            },
        );
        let niemand = Inzage::van(&Principal::nobody());
        assert!(niemand.mag(gewoon.0) && niemand.mag(gewoon.1));
        assert!(!niemand.mag(geheim_contact) && !niemand.mag(geheime_partij));
        assert!(!niemand.mag(geheime_taak));

        let vertrouwelijk = met(&[Ability::VertrouwelijkLezen, Ability::Abonneren]);
        assert!(vertrouwelijk.mag(geheim_contact) && vertrouwelijk.mag(geheime_taak));
        assert!(!vertrouwelijk.mag(geheime_partij));
        let geheimhouding = met(&[Ability::GeheimhoudingLezen]);
        assert!(!geheimhouding.mag(geheim_contact));
        assert!(geheimhouding.mag(geheime_partij));
        // BRP geheimhouding is another matter: it opens no partij.
        assert!(!met(&[Ability::BrpGeheimhoudingLezen]).mag(geheime_partij));

        let development = Inzage::van(&Principal::development(&BTreeMap::new()));
        assert!(development.mag(geheim_contact) && development.mag(geheime_partij));
    }
}
