//! Addresses, names and identificator groups: plain values of the register.

use async_graphql::{Object, SimpleObject};

use crate::domain::land;
use crate::graphql::referentie::Referentiewaarde;
use crate::registers::klantinteracties as ki;

/// An address of a partij or betrokkene.
pub struct Adres(pub ki::Adres);

#[Object]
impl Adres {
    /// The BAG nummeraanduiding (16 digits).
    async fn nummeraanduiding_id(&self) -> Option<&str> {
        non_empty(&self.0.nummeraanduiding_id)
    }
    /// `null` on Open Klant before 2.7, which has no such field.
    async fn straatnaam(&self) -> Option<&str> {
        non_empty(&self.0.straatnaam)
    }
    /// `null` on Open Klant before 2.7, which has no such field.
    async fn huisnummer(&self) -> Option<u32> {
        self.0.huisnummer
    }
    /// `null` on Open Klant before 2.7, which has no such field.
    async fn huisnummertoevoeging(&self) -> Option<&str> {
        non_empty(&self.0.huisnummertoevoeging)
    }
    /// `null` on Open Klant before 2.7, which has no such field.
    async fn postcode(&self) -> Option<&str> {
        non_empty(&self.0.postcode)
    }
    /// `null` on Open Klant before 2.7, which has no such field.
    async fn stad(&self) -> Option<&str> {
        non_empty(&self.0.stad)
    }
    async fn adresregel1(&self) -> Option<&str> {
        non_empty(&self.0.adresregel1)
    }
    async fn adresregel2(&self) -> Option<&str> {
        non_empty(&self.0.adresregel2)
    }
    async fn adresregel3(&self) -> Option<&str> {
        non_empty(&self.0.adresregel3)
    }
    /// The country (ISO 3166-1 alpha-2) with its name from the LAND list,
    /// whichever code system the register uses: Open Klant up to 2.6 stores
    /// an RNI/GBA Tabel 34 code (`6030`), which is translated; a Tabel 34
    /// code the gateway cannot translate (a country that no longer exists)
    /// gives `null` here and stays in `landcodeGba`.
    async fn land(&self) -> Option<Referentiewaarde> {
        let code = self.0.land.trim();
        if land::is_gba(code) {
            return land::iso_van_gba(code).and_then(|iso| Referentiewaarde::of("land", iso));
        }
        Referentiewaarde::of("land", code)
    }
    /// The country as an RNI/GBA Tabel 34 code (4 digits): as Open Klant up
    /// to 2.6 stores it, or translated from the ISO code where known.
    async fn landcode_gba(&self) -> Option<String> {
        let code = self.0.land.trim();
        if land::is_gba(code) {
            return Some(code.to_string());
        }
        land::gba_van_iso(code).map(str::to_string)
    }
}

/// The name of a person as a contact.
#[derive(SimpleObject)]
pub struct Contactnaam {
    pub voorletters: Option<String>,
    pub voornaam: Option<String>,
    pub voorvoegsel_achternaam: Option<String>,
    pub achternaam: Option<String>,
}

impl From<&ki::Contactnaam> for Contactnaam {
    fn from(c: &ki::Contactnaam) -> Self {
        Contactnaam {
            voorletters: owned(&c.voorletters),
            voornaam: owned(&c.voornaam),
            voorvoegsel_achternaam: owned(&c.voorvoegsel_achternaam),
            achternaam: owned(&c.achternaam),
        }
    }
}

/// Which object in which register (actor, onderwerpobject, bijlage).
#[derive(SimpleObject)]
pub struct Objectidentificator {
    pub object_id: Option<String>,
    pub code_objecttype: Option<String>,
    pub code_soort_object_id: Option<String>,
    pub code_register: Option<String>,
}

impl From<&ki::ObjectIdentificator> for Objectidentificator {
    fn from(o: &ki::ObjectIdentificator) -> Self {
        Objectidentificator {
            object_id: owned(&o.object_id),
            code_objecttype: owned(&o.code_objecttype),
            code_soort_object_id: owned(&o.code_soort_object_id),
            code_register: owned(&o.code_register),
        }
    }
}

/// Open Klant writes "no value" as an empty string; GraphQL says `null`.
pub fn non_empty(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

/// [`non_empty`], owned.
pub fn owned(s: &str) -> Option<String> {
    non_empty(s).map(str::to_string)
}
