//! The registers' enumerations in GraphQL style (`TE_VERWERKEN`), with the
//! register's own value for each.

use async_graphql::Enum;

use crate::registers::klantinteracties as ki;

/// `soortPartij`.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SoortPartij {
    Persoon,
    Organisatie,
    Contactpersoon,
}

/// `soortActor`.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SoortActor {
    Medewerker,
    GeautomatiseerdeActor,
    OrganisatorischeEenheid,
}

/// The role of a betrokkene at a klantcontact.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rol {
    Vertegenwoordiger,
    Klant,
}

/// The status of an interne taak.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum InterneTaakStatus {
    TeVerwerken,
    Verwerkt,
}

impl InterneTaakStatus {
    /// The register's value.
    pub fn code(self) -> &'static str {
        match self {
            InterneTaakStatus::TeVerwerken => "te_verwerken",
            InterneTaakStatus::Verwerkt => "verwerkt",
        }
    }

    /// The register's status.
    pub fn register(self) -> ki::Status {
        match self {
            InterneTaakStatus::TeVerwerken => ki::Status::TeVerwerken,
            InterneTaakStatus::Verwerkt => ki::Status::Verwerkt,
        }
    }
}

/// `soortDigitaalAdres`.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SoortDigitaalAdres {
    Email,
    Telefoonnummer,
    Overig,
}

/// The kinds of identificator a partij can be found by.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartijIdentificatorSoort {
    Bsn,
    KvkNummer,
    Vestigingsnummer,
    Rsin,
}

impl PartijIdentificatorSoort {
    /// `codeSoortObjectId` in the register.
    pub fn code(self) -> &'static str {
        match self {
            PartijIdentificatorSoort::Bsn => "bsn",
            PartijIdentificatorSoort::KvkNummer => "kvk_nummer",
            PartijIdentificatorSoort::Vestigingsnummer => "vestigingsnummer",
            PartijIdentificatorSoort::Rsin => "rsin",
        }
    }

    /// The register's `codeSoortObjectId`.
    pub fn register(self) -> ki::CodeSoortObjectId {
        match self {
            PartijIdentificatorSoort::Bsn => ki::CodeSoortObjectId::Bsn,
            PartijIdentificatorSoort::KvkNummer => ki::CodeSoortObjectId::KvkNummer,
            PartijIdentificatorSoort::Vestigingsnummer => ki::CodeSoortObjectId::Vestigingsnummer,
            PartijIdentificatorSoort::Rsin => ki::CodeSoortObjectId::Rsin,
        }
    }
}

impl From<PartijIdentificatorSoort> for crate::domain::IdentificatorSoort {
    fn from(soort: PartijIdentificatorSoort) -> Self {
        match soort {
            PartijIdentificatorSoort::Bsn => Self::Bsn,
            PartijIdentificatorSoort::KvkNummer => Self::KvkNummer,
            PartijIdentificatorSoort::Vestigingsnummer => Self::Vestigingsnummer,
            PartijIdentificatorSoort::Rsin => Self::Rsin,
        }
    }
}
