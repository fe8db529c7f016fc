//! The person as the BRP knows it, with the BRP's own field names
//! (Haal Centraal BRP Personen 2.7), so that a selection maps one to one onto
//! the BRP's `fields` (see `graphql::brp::velden`). Only what was selected is
//! asked of the register; whatever was not is `null` here. The fields the
//! BRP delivers unasked (`geheimhoudingPersoonsgegevens`, `inOnderzoek`,
//! `opschortingBijhouding`, `rni`, `verificatie`) are always filled.

mod gegevens;
mod naam;
mod relaties;
mod verblijfplaats;
mod waarden;

use std::sync::Arc;

use async_graphql::Object;

pub use gegevens::{
    Aanschrijfwijze, Adressering, EuropeesKiesrecht, Immigratie, OpschortingBijhouding,
    RniDeelnemer, UitsluitingKiesrecht, Verblijfstitel, Verificatie,
};
pub use naam::{Gebeurtenis, Naam};
pub use relaties::{Kind, Nationaliteit, Ouder, Partner};
pub use verblijfplaats::Verblijfplaats;
pub use waarden::{AdellijkeTitelPredicaat, Datum, InOnderzoek, OnderzoekDatum, Waardetabel};

use crate::registers::brp;

/// A person from the BRP (Basisregistratie Personen).
pub struct Persoon(pub Arc<brp::Persoon>);

#[Object]
impl Persoon {
    async fn burgerservicenummer(&self) -> Option<&str> {
        self.0.burgerservicenummer.as_deref()
    }
    #[graphql(name = "aNummer")]
    async fn a_nummer(&self) -> Option<&str> {
        self.0.a_nummer.as_deref()
    }
    #[graphql(name = "datumEersteInschrijvingGBA")]
    async fn datum_eerste_inschrijving_gba(&self) -> Option<Datum> {
        Datum::of(&self.0.datum_eerste_inschrijving_gba)
    }
    /// The person asked that the data not be given to third parties; the
    /// municipality itself may use it. Show it, don't hide the person.
    async fn geheimhouding_persoonsgegevens(&self) -> bool {
        self.0.geheimhouding_persoonsgegevens.unwrap_or(false)
    }
    /// `M` man, `V` vrouw, `O` onbekend.
    async fn geslacht(&self) -> Option<Waardetabel> {
        Waardetabel::of(&self.0.geslacht)
    }
    async fn leeftijd(&self) -> Option<u32> {
        self.0.leeftijd
    }
    async fn naam(&self) -> Option<Naam> {
        Naam::of(&self.0.naam)
    }
    async fn nationaliteiten(&self) -> Vec<Nationaliteit> {
        self.0
            .nationaliteiten
            .iter()
            .cloned()
            .map(Nationaliteit)
            .collect()
    }
    async fn geboorte(&self) -> Option<Gebeurtenis> {
        Gebeurtenis::of(&self.0.geboorte)
    }
    async fn overlijden(&self) -> Option<Gebeurtenis> {
        Gebeurtenis::of(&self.0.overlijden)
    }
    /// Set when the BRP no longer keeps the record up to date (deceased,
    /// emigrated, …).
    async fn opschorting_bijhouding(&self) -> Option<OpschortingBijhouding> {
        self.0
            .opschorting_bijhouding
            .clone()
            .map(OpschortingBijhouding)
    }
    async fn verblijfplaats(&self) -> Option<Verblijfplaats> {
        Verblijfplaats::of(&self.0.verblijfplaats)
    }
    async fn immigratie(&self) -> Option<Immigratie> {
        self.0.immigratie.clone().map(Immigratie)
    }
    async fn gemeente_van_inschrijving(&self) -> Option<Waardetabel> {
        Waardetabel::of(&self.0.gemeente_van_inschrijving)
    }
    async fn datum_inschrijving_in_gemeente(&self) -> Option<Datum> {
        Datum::of(&self.0.datum_inschrijving_in_gemeente)
    }
    async fn adressering(&self) -> Option<Adressering> {
        self.0.adressering.clone().map(Adressering)
    }
    async fn indicatie_curatele_register(&self) -> bool {
        self.0.indicatie_curatele_register.unwrap_or(false)
    }
    async fn verblijfstitel(&self) -> Option<Verblijfstitel> {
        self.0.verblijfstitel.clone().map(Verblijfstitel)
    }
    async fn uitsluiting_kiesrecht(&self) -> Option<UitsluitingKiesrecht> {
        self.0
            .uitsluiting_kiesrecht
            .clone()
            .map(UitsluitingKiesrecht)
    }
    async fn europees_kiesrecht(&self) -> Option<EuropeesKiesrecht> {
        self.0.europees_kiesrecht.clone().map(EuropeesKiesrecht)
    }
    async fn kinderen(&self) -> Vec<Kind> {
        self.0.kinderen.iter().cloned().map(Kind).collect()
    }
    async fn ouders(&self) -> Vec<Ouder> {
        self.0.ouders.iter().cloned().map(Ouder).collect()
    }
    async fn partners(&self) -> Vec<Partner> {
        self.0.partners.iter().cloned().map(Partner).collect()
    }
    async fn rni(&self) -> Vec<RniDeelnemer> {
        self.0.rni.iter().cloned().map(RniDeelnemer).collect()
    }
    async fn verificatie(&self) -> Option<Verificatie> {
        self.0.verificatie.clone().map(Verificatie)
    }
    async fn in_onderzoek(&self) -> Option<InOnderzoek> {
        InOnderzoek::of(&self.0.in_onderzoek)
    }
}
