//! What a caller may read of Klantinteracties (DESIGN.md decision 8):
//! `vertrouwelijk` klantcontacten and partijen with `indicatieGeheimhouding`
//! need an ability of their own. An `Inzage` is derived from the caller's
//! [`Principal`] and nothing else, so queries (the interne taken of
//! `guard`) and subscriptions (which ask it before they hand out an event)
//! see the same objects. Which flag needs which ability is decided once, by
//! [`Guarded`]; an `Inzage` only records which of those abilities the
//! principal has, small enough to travel with a subscription's stream.

use async_graphql::Context;

use super::guard::{self, Guarded};
use crate::auth::{Ability, Principal};
use crate::registers::klantinteracties as ki;

/// The reading rights of one caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

    /// The rights of the request's principal; none beyond the ordinary when
    /// the request carries no principal ([`guard::principal`], fail closed).
    pub fn hier(ctx: &Context<'_>) -> Inzage {
        Inzage::van(guard::principal(ctx))
    }

    /// Whether this caller may read the klantcontact.
    pub fn klantcontact(&self, k: &ki::Klantcontact) -> bool {
        self.mag(k)
    }

    /// Whether this caller may read the partij.
    pub fn partij(&self, p: &ki::Partij) -> bool {
        self.mag(p)
    }

    /// Whether the ability `object` needs (if any) is one of these rights.
    fn mag(&self, object: &impl Guarded) -> bool {
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
        let geheim_contact = ki::Klantcontact {
            vertrouwelijk: true,
            ..Default::default()
        };
        let geheime_partij = ki::Partij {
            indicatie_geheimhouding: Some(true),
            ..Default::default()
        };
        let gewoon = (ki::Klantcontact::default(), ki::Partij::default());
        let niemand = Inzage::van(&Principal::nobody());
        assert!(niemand.klantcontact(&gewoon.0) && niemand.partij(&gewoon.1));
        assert!(!niemand.klantcontact(&geheim_contact) && !niemand.partij(&geheime_partij));

        let vertrouwelijk = met(&[Ability::VertrouwelijkLezen, Ability::Abonneren]);
        assert!(vertrouwelijk.klantcontact(&geheim_contact));
        assert!(!vertrouwelijk.partij(&geheime_partij));
        let geheimhouding = met(&[Ability::GeheimhoudingLezen]);
        assert!(!geheimhouding.klantcontact(&geheim_contact));
        assert!(geheimhouding.partij(&geheime_partij));
        // BRP geheimhouding is another matter: it opens no partij.
        assert!(!met(&[Ability::BrpGeheimhoudingLezen]).partij(&geheime_partij));

        let development = Inzage::van(&Principal::development(&BTreeMap::new()));
        assert!(development.klantcontact(&geheim_contact) && development.partij(&geheime_partij));
    }
}
