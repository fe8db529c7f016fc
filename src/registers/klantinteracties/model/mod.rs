//! The Klantinteracties resources as Open Klant 2.8 to 2.18 (API 0.2 to
//! 0.9) send them, decoded tolerantly: a field a release does not have is
//! its default, unknown fields are ignored, unknown codes are kept.
//!
//! Field names follow the register (camelCase on the wire, snake_case here).
//! Relations are [`Fk`] references; whole related objects come only inline
//! where the register inlines them (`partijIdentificatoren`,
//! `hadBetrokkenActoren`) or in `_expand` (the `expand` member of the four
//! expandable resources).

mod actor;
mod common;
mod klantcontact;
mod partij;

pub use actor::{
    Actor, ActorIdentificatie, ActorKlantcontact, GeautomatiseerdeActor, Medewerker,
    OrganisatorischeEenheid,
};
pub use common::{
    Adres, CodeObjecttype, CodeRegister, CodeSoortObjectId, Contactnaam, Fk, ObjectIdentificator,
    Rol, SoortActor, SoortDigitaalAdres, SoortPartij, Status,
};
pub use klantcontact::{
    Betrokkene, BetrokkeneExpand, Bijlage, InterneTaak, Klantcontact, KlantcontactExpand,
    Onderwerpobject,
};
pub use partij::{
    Categorie, CategorieFk, CategorieRelatie, CategorieRelatieFk, ContactpersoonIdentificatie,
    DigitaalAdres, DigitaalAdresExpand, OrganisatieIdentificatie, Partij, PartijExpand,
    PartijIdentificatie, PartijIdentificator, PartijIdentificatorGroep, PersoonIdentificatie,
    Rekeningnummer, Vertegenwoordiging,
};

use serde::de::DeserializeOwned;
use uuid::Uuid;

/// A Klantinteracties resource: where it lives and what it can expand. The
/// client's generic `get` and `list` work for every type that implements it.
pub trait Resource: DeserializeOwned + Send + 'static {
    /// The collection path below the base URL, e.g. `/partijen`.
    const PATH: &'static str;
    /// The detail path template, e.g. `/partijen/{uuid}` (also what the
    /// call observer is told).
    const DETAIL: &'static str;
    /// The `expand` values the register accepts on this resource (API 0.9.0).
    const EXPAND: &'static [&'static str];
    /// The resource's uuid.
    fn uuid(&self) -> Uuid;
}

macro_rules! resource {
    ($ty:ty, $path:literal, [$($expand:literal),* $(,)?]) => {
        impl Resource for $ty {
            const PATH: &'static str = $path;
            const DETAIL: &'static str = concat!($path, "/{uuid}");
            const EXPAND: &'static [&'static str] = &[$($expand),*];
            fn uuid(&self) -> Uuid {
                self.uuid
            }
        }
    };
}

resource!(
    Partij,
    "/partijen",
    [
        "betrokkenen",
        "betrokkenen.hadKlantcontact",
        "categorieRelaties",
        "digitaleAdressen",
    ]
);
resource!(PartijIdentificator, "/partij-identificatoren", []);
resource!(Vertegenwoordiging, "/vertegenwoordigingen", []);
resource!(Categorie, "/categorieen", []);
resource!(CategorieRelatie, "/categorie-relaties", []);
resource!(
    DigitaalAdres,
    "/digitaleadressen",
    [
        "verstrektDoorBetrokkene",
        "verstrektDoorBetrokkene.hadKlantcontact",
        "verstrektDoorBetrokkene.hadKlantcontact.leiddeTotInterneTaken",
    ]
);
resource!(Rekeningnummer, "/rekeningnummers", []);
resource!(
    Klantcontact,
    "/klantcontacten",
    [
        "hadBetrokkenen",
        "hadBetrokkenen.digitaleAdressen",
        "hadBetrokkenen.wasPartij",
        "leiddeTotInterneTaken",
        "gingOverOnderwerpobjecten",
        "omvatteBijlagen",
    ]
);
resource!(Betrokkene, "/betrokkenen", ["digitaleAdressen"]);
resource!(Onderwerpobject, "/onderwerpobjecten", []);
resource!(Bijlage, "/bijlagen", []);
resource!(InterneTaak, "/internetaken", []);
resource!(Actor, "/actoren", []);
resource!(ActorKlantcontact, "/actorklantcontacten", []);

#[cfg(test)]
mod tests;
