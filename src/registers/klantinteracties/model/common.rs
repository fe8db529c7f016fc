//! Building blocks every Klantinteracties resource uses: the foreign-key
//! object `{uuid, url}`, addresses, names, the free identificator groups and
//! the code lists (as open enums: a newer Open Klant may add codes).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::registers::tolerant::{null_as_default, open_enum};

/// A reference to another resource, as Open Klant writes every relation.
/// Only `uuid` matters to the gateway; `url` is the register's own absolute
/// URL (built from the host the register saw, so not always reachable).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Fk {
    pub uuid: Uuid,
    pub url: String,
}

/// `#[serde(deserialize_with = ...)]` for a nullable reference that a
/// register may send as `{"uuid": null}` (Open Klant 2.18.0's
/// `toegewezenAanActor` of an interne taak without actoren, recorded in
/// tests/contract/openklant-2.18/): absent, as `null` is.
pub(crate) fn fk_without_uuid_as_none<'de, D>(deserializer: D) -> Result<Option<Fk>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    #[derive(Deserialize)]
    struct Loose {
        #[serde(default)]
        uuid: Option<Uuid>,
        #[serde(default)]
        url: Option<String>,
    }
    Ok(Option::<Loose>::deserialize(deserializer)?.and_then(|l| {
        l.uuid.map(|uuid| Fk {
            uuid,
            url: l.url.unwrap_or_default(),
        })
    }))
}

/// A postal or visiting address of a partij or betrokkene. Every part is
/// optional; `land` is ISO 3166-1 alpha-2 (Open Klant checks it on write),
/// `nummeraanduidingId` a 16-digit BAG id, `postcode` in the `1234 AB` form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Adres {
    #[serde(deserialize_with = "null_as_default")]
    pub nummeraanduiding_id: String,
    #[serde(deserialize_with = "null_as_default")]
    pub straatnaam: String,
    pub huisnummer: Option<u32>,
    #[serde(deserialize_with = "null_as_default")]
    pub huisnummertoevoeging: String,
    #[serde(deserialize_with = "null_as_default")]
    pub postcode: String,
    #[serde(deserialize_with = "null_as_default")]
    pub stad: String,
    #[serde(deserialize_with = "null_as_default")]
    pub adresregel1: String,
    #[serde(deserialize_with = "null_as_default")]
    pub adresregel2: String,
    #[serde(deserialize_with = "null_as_default")]
    pub adresregel3: String,
    #[serde(deserialize_with = "null_as_default")]
    pub land: String,
}

/// The name of a natural person (persoon, contactpersoon, betrokkene).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Contactnaam {
    #[serde(deserialize_with = "null_as_default")]
    pub voorletters: String,
    #[serde(deserialize_with = "null_as_default")]
    pub voornaam: String,
    #[serde(deserialize_with = "null_as_default")]
    pub voorvoegsel_achternaam: String,
    #[serde(deserialize_with = "null_as_default")]
    pub achternaam: String,
}

/// The free identificator group of an onderwerpobject, bijlage or actor:
/// which object in which register (e.g. `zaak` / `open-zaak` / `uuid` /
/// `<uuid>`). Free strings, unlike the partij identificator.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ObjectIdentificator {
    #[serde(deserialize_with = "null_as_default")]
    pub object_id: String,
    #[serde(deserialize_with = "null_as_default")]
    pub code_objecttype: String,
    #[serde(deserialize_with = "null_as_default")]
    pub code_register: String,
    #[serde(deserialize_with = "null_as_default")]
    pub code_soort_object_id: String,
}

open_enum! {
    /// What kind of partij: the discriminator of `partijIdentificatie`.
    pub enum SoortPartij {
        Persoon = "persoon",
        Organisatie = "organisatie",
        Contactpersoon = "contactpersoon",
    }
}

open_enum! {
    /// What kind of actor: the discriminator of `actorIdentificatie`.
    pub enum SoortActor {
        Medewerker = "medewerker",
        GeautomatiseerdeActor = "geautomatiseerde_actor",
        OrganisatorischeEenheid = "organisatorische_eenheid",
    }
}

open_enum! {
    /// The role of a betrokkene in a klantcontact.
    pub enum Rol {
        Vertegenwoordiger = "vertegenwoordiger",
        Klant = "klant",
    }
}

open_enum! {
    /// The state of an interne taak.
    pub enum Status {
        TeVerwerken = "te_verwerken",
        Verwerkt = "verwerkt",
    }
}

open_enum! {
    /// The kind of a digitaal adres.
    pub enum SoortDigitaalAdres {
        Email = "email",
        Telefoonnummer = "telefoonnummer",
        Overig = "overig",
    }
}

open_enum! {
    /// The kind of object a partij identificator identifies.
    pub enum CodeObjecttype {
        NatuurlijkPersoon = "natuurlijk_persoon",
        NietNatuurlijkPersoon = "niet_natuurlijk_persoon",
        Vestiging = "vestiging",
    }
}

open_enum! {
    /// The kind of number in a partij identificator.
    pub enum CodeSoortObjectId {
        Bsn = "bsn",
        Vestigingsnummer = "vestigingsnummer",
        KvkNummer = "kvk_nummer",
        Rsin = "rsin",
    }
}

open_enum! {
    /// The register that issued a partij identificator's number.
    pub enum CodeRegister {
        Brp = "brp",
        Hr = "hr",
    }
}
