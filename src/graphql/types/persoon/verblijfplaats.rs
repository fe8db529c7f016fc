//! Where a person lives: a Dutch address, a described location, an address
//! abroad, or unknown (the BRP's polymorphic `verblijfplaats`, a union).

use async_graphql::{Object, Union};

use super::waarden::{Datum, InOnderzoek, Waardetabel};
use crate::registers::brp;

/// The person's verblijfplaats, by kind.
#[derive(Union)]
pub enum Verblijfplaats {
    Adres(VerblijfplaatsAdres),
    Locatie(VerblijfplaatsLocatie),
    Buitenland(VerblijfplaatsBuitenland),
    Onbekend(VerblijfplaatsOnbekend),
}

impl Verblijfplaats {
    /// `None` for a kind this gateway does not know.
    pub fn of(v: &Option<brp::Verblijfplaats>) -> Option<Verblijfplaats> {
        Some(match v.as_ref()? {
            brp::Verblijfplaats::Adres(a) => Verblijfplaats::Adres(VerblijfplaatsAdres(a.clone())),
            brp::Verblijfplaats::Locatie(l) => {
                Verblijfplaats::Locatie(VerblijfplaatsLocatie(l.clone()))
            }
            brp::Verblijfplaats::Buitenland(b) => {
                Verblijfplaats::Buitenland(VerblijfplaatsBuitenland(b.clone()))
            }
            brp::Verblijfplaats::VerblijfplaatsOnbekend(o) => {
                Verblijfplaats::Onbekend(VerblijfplaatsOnbekend(o.clone()))
            }
            brp::Verblijfplaats::Onbekend(_) => return None,
        })
    }
}

/// A Dutch address (BRP type `Adres`).
pub struct VerblijfplaatsAdres(brp::VerblijfplaatsAdres);

#[Object]
impl VerblijfplaatsAdres {
    async fn verblijfadres(&self) -> Option<VerblijfadresBinnenland> {
        self.0.verblijfadres.clone().map(VerblijfadresBinnenland)
    }
    /// `W` woonadres or `B` briefadres.
    async fn functie_adres(&self) -> Option<Waardetabel> {
        Waardetabel::of(&self.0.functie_adres)
    }
    async fn adresseerbaar_object_identificatie(&self) -> Option<&str> {
        self.0.adresseerbaar_object_identificatie.as_deref()
    }
    async fn nummeraanduiding_identificatie(&self) -> Option<&str> {
        self.0.nummeraanduiding_identificatie.as_deref()
    }
    async fn datum_van(&self) -> Option<Datum> {
        Datum::of(&self.0.datum_van)
    }
    async fn indicatie_vastgesteld_verblijft_niet_op_adres(&self) -> bool {
        self.0
            .indicatie_vastgesteld_verblijft_niet_op_adres
            .unwrap_or(false)
    }
    async fn in_onderzoek(&self) -> Option<InOnderzoek> {
        InOnderzoek::of(&self.0.in_onderzoek)
    }
}

/// The parts of a Dutch address.
pub struct VerblijfadresBinnenland(brp::VerblijfadresBinnenland);

#[Object]
impl VerblijfadresBinnenland {
    async fn officiele_straatnaam(&self) -> Option<&str> {
        self.0.officiele_straatnaam.as_deref()
    }
    async fn korte_straatnaam(&self) -> Option<&str> {
        self.0.korte_straatnaam.as_deref()
    }
    async fn huisnummer(&self) -> Option<u32> {
        self.0.huisnummer
    }
    async fn huisletter(&self) -> Option<&str> {
        self.0.huisletter.as_deref()
    }
    async fn huisnummertoevoeging(&self) -> Option<&str> {
        self.0.huisnummertoevoeging.as_deref()
    }
    /// `to` (tegenover) or `by` (bij).
    async fn aanduiding_bij_huisnummer(&self) -> Option<Waardetabel> {
        Waardetabel::of(&self.0.aanduiding_bij_huisnummer)
    }
    async fn postcode(&self) -> Option<&str> {
        self.0.postcode.as_deref()
    }
    async fn woonplaats(&self) -> Option<&str> {
        self.0.woonplaats.as_deref()
    }
    async fn in_onderzoek(&self) -> Option<InOnderzoek> {
        InOnderzoek::of(&self.0.in_onderzoek)
    }
}

/// A place without an address, described (BRP type `Locatie`).
pub struct VerblijfplaatsLocatie(brp::VerblijfplaatsLocatie);

#[Object]
impl VerblijfplaatsLocatie {
    async fn verblijfadres(&self) -> Option<VerblijfadresLocatie> {
        self.0.verblijfadres.clone().map(VerblijfadresLocatie)
    }
    async fn functie_adres(&self) -> Option<Waardetabel> {
        Waardetabel::of(&self.0.functie_adres)
    }
    async fn datum_van(&self) -> Option<Datum> {
        Datum::of(&self.0.datum_van)
    }
    async fn indicatie_vastgesteld_verblijft_niet_op_adres(&self) -> bool {
        self.0
            .indicatie_vastgesteld_verblijft_niet_op_adres
            .unwrap_or(false)
    }
    async fn in_onderzoek(&self) -> Option<InOnderzoek> {
        InOnderzoek::of(&self.0.in_onderzoek)
    }
}

/// The description of a location (a houseboat, a caravan).
pub struct VerblijfadresLocatie(brp::VerblijfadresLocatie);

#[Object]
impl VerblijfadresLocatie {
    async fn locatiebeschrijving(&self) -> Option<&str> {
        self.0.locatiebeschrijving.as_deref()
    }
    async fn in_onderzoek(&self) -> Option<InOnderzoek> {
        InOnderzoek::of(&self.0.in_onderzoek)
    }
}

/// An address abroad.
pub struct VerblijfplaatsBuitenland(brp::VerblijfplaatsBuitenland);

#[Object]
impl VerblijfplaatsBuitenland {
    async fn verblijfadres(&self) -> Option<VerblijfadresBuitenland> {
        self.0.verblijfadres.clone().map(VerblijfadresBuitenland)
    }
    async fn datum_van(&self) -> Option<Datum> {
        Datum::of(&self.0.datum_van)
    }
    async fn in_onderzoek(&self) -> Option<InOnderzoek> {
        InOnderzoek::of(&self.0.in_onderzoek)
    }
}

/// The lines of an address abroad.
pub struct VerblijfadresBuitenland(brp::VerblijfadresBuitenland);

#[Object]
impl VerblijfadresBuitenland {
    async fn regel1(&self) -> Option<&str> {
        self.0.regel1.as_deref()
    }
    async fn regel2(&self) -> Option<&str> {
        self.0.regel2.as_deref()
    }
    async fn regel3(&self) -> Option<&str> {
        self.0.regel3.as_deref()
    }
    async fn land(&self) -> Option<Waardetabel> {
        Waardetabel::of(&self.0.land)
    }
    async fn in_onderzoek(&self) -> Option<InOnderzoek> {
        InOnderzoek::of(&self.0.in_onderzoek)
    }
}

/// The BRP does not know where the person lives.
pub struct VerblijfplaatsOnbekend(brp::VerblijfplaatsOnbekend);

#[Object]
impl VerblijfplaatsOnbekend {
    async fn datum_van(&self) -> Option<Datum> {
        Datum::of(&self.0.datum_van)
    }
    async fn in_onderzoek(&self) -> Option<InOnderzoek> {
        InOnderzoek::of(&self.0.in_onderzoek)
    }
}
