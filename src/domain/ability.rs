//! An ability that a role grants: a parsed value, shared by the
//! configuration (`[auth.roles]` lists them) and by authorization (`auth`
//! asks whether a principal has one), so it lives below both.

use serde::Deserialize;

/// Something a role allows. The configuration maps each role to a list of
/// these (`[auth.roles]`); `auth::rules` says what each one opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ability {
    /// Read klantcontacten marked `vertrouwelijk`.
    VertrouwelijkLezen,
    /// Read partijen with `indicatieGeheimhouding`.
    GeheimhoudingLezen,
    /// Read persons from the BRP.
    BrpLezen,
    /// Read BRP persons with `geheimhoudingPersoonsgegevens`: only roles
    /// inside the municipality have it (the indication restricts what goes
    /// to third parties, not what the municipality itself sees).
    BrpGeheimhoudingLezen,
    /// Run mutations.
    Schrijven,
    /// Open subscriptions.
    Abonneren,
    /// Run introspection queries (`__schema`, `__type`).
    Introspectie,
    /// Send any document, not only those of the trusted documents'
    /// manifest (matters only with `documents.only_trusted = true`).
    AdHocDocumenten,
}

impl Ability {
    /// Every ability, in declaration order.
    pub const ALL: [Ability; 8] = [
        Ability::VertrouwelijkLezen,
        Ability::GeheimhoudingLezen,
        Ability::BrpLezen,
        Ability::BrpGeheimhoudingLezen,
        Ability::Schrijven,
        Ability::Abonneren,
        Ability::Introspectie,
        Ability::AdHocDocumenten,
    ];

    /// The name used in the configuration and in error messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Ability::VertrouwelijkLezen => "vertrouwelijk-lezen",
            Ability::GeheimhoudingLezen => "geheimhouding-lezen",
            Ability::BrpLezen => "brp-lezen",
            Ability::BrpGeheimhoudingLezen => "brp-geheimhouding-lezen",
            Ability::Schrijven => "schrijven",
            Ability::Abonneren => "abonneren",
            Ability::Introspectie => "introspectie",
            Ability::AdHocDocumenten => "ad-hoc-documenten",
        }
    }
}
