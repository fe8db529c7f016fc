//! The registers' enumerations in GraphQL style (`TE_VERWERKEN`), with the
//! register's own value for each.

use async_graphql::Enum;

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
