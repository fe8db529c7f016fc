//! What a caller may read (DESIGN.md decision 8): `vertrouwelijk`
//! klantcontacten and partijen with `indicatieGeheimhouding` need a right of
//! their own. Subscriptions ask this before they hand out an event, so that a
//! subscriber sees only what a query would show it.
//!
//! Hook for authentication: the transports put an `Inzage` in the request's
//! (or the WebSocket connection's) data, derived from the caller's
//! credentials by [`Inzage::voor`]. Until the roles of the JWT are there, the
//! development profile's caller has every right (DESIGN.md: the default
//! config works with no token as a development principal with every role).
//! Where no `Inzage` is given, none of the rights hold.

use crate::registers::klantinteracties as ki;

/// The reading rights of one caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inzage {
    /// May read klantcontacten marked `vertrouwelijk`.
    pub vertrouwelijk: bool,
    /// May read partijen with `indicatieGeheimhouding`.
    pub geheimhouding: bool,
}

impl Inzage {
    /// Every right: the development profile's caller.
    pub const VOLLEDIG: Inzage = Inzage {
        vertrouwelijk: true,
        geheimhouding: true,
    };

    /// No right beyond the ordinary: what holds when nothing is known.
    pub const GEEN: Inzage = Inzage {
        vertrouwelijk: false,
        geheimhouding: false,
    };

    /// The rights of a caller who presented `credentials` (the
    /// `Authorization` header, or `connection_init`'s payload on a
    /// WebSocket), or why they are refused. Today every caller is the
    /// development principal; the security work checks the token here and
    /// maps its roles.
    pub fn voor(credentials: Option<&str>) -> Result<Inzage, String> {
        let _ = credentials;
        Ok(Inzage::VOLLEDIG)
    }

    pub fn klantcontact(&self, k: &ki::Klantcontact) -> bool {
        !k.vertrouwelijk || self.vertrouwelijk
    }

    pub fn partij(&self, p: &ki::Partij) -> bool {
        p.indicatie_geheimhouding != Some(true) || self.geheimhouding
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confidential_objects_need_their_right() {
        let geheim = ki::Klantcontact {
            vertrouwelijk: true,
            ..Default::default()
        };
        let gewoon = ki::Klantcontact::default();
        assert!(Inzage::GEEN.klantcontact(&gewoon));
        assert!(!Inzage::GEEN.klantcontact(&geheim));
        assert!(Inzage::VOLLEDIG.klantcontact(&geheim));
        let partij = ki::Partij {
            indicatie_geheimhouding: Some(true),
            ..Default::default()
        };
        assert!(!Inzage::GEEN.partij(&partij));
        assert!(Inzage::VOLLEDIG.partij(&partij));
    }
}
