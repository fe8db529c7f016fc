//! The person's relations: nationaliteiten, kinderen, ouders, partners.

use async_graphql::Object;

use super::naam::{Gebeurtenis, Naam};
use super::waarden::{Datum, InOnderzoek, Waardetabel};
use crate::registers::brp;

/// One nationality; `type` says which kind (`Nationaliteit`,
/// `BehandeldAlsNederlander`, `VastgesteldNietNederlander`, `Staatloos`,
/// `NationaliteitOnbekend`).
pub struct Nationaliteit(pub brp::Nationaliteit);

impl Nationaliteit {
    fn gegevens(&self) -> Option<&brp::NationaliteitGegevens> {
        match &self.0 {
            brp::Nationaliteit::Bekend(g)
            | brp::Nationaliteit::BehandeldAlsNederlander(g)
            | brp::Nationaliteit::VastgesteldNietNederlander(g)
            | brp::Nationaliteit::Staatloos(g)
            | brp::Nationaliteit::NationaliteitOnbekend(g) => Some(g),
            brp::Nationaliteit::Onbekend(_) => None,
        }
    }
}

#[Object]
impl Nationaliteit {
    #[graphql(name = "type")]
    async fn soort(&self) -> &str {
        self.0.type_name()
    }
    async fn nationaliteit(&self) -> Option<Waardetabel> {
        self.gegevens()
            .and_then(|g| Waardetabel::of(&g.nationaliteit))
    }
    async fn reden_opname(&self) -> Option<Waardetabel> {
        self.gegevens()
            .and_then(|g| Waardetabel::of(&g.reden_opname))
    }
    async fn datum_ingang_geldigheid(&self) -> Option<Datum> {
        self.gegevens()
            .and_then(|g| Datum::of(&g.datum_ingang_geldigheid))
    }
    async fn in_onderzoek(&self) -> Option<InOnderzoek> {
        self.gegevens()
            .and_then(|g| InOnderzoek::of(&g.in_onderzoek))
    }
}

/// A child.
pub struct Kind(pub brp::Kind);

#[Object]
impl Kind {
    async fn burgerservicenummer(&self) -> Option<&str> {
        self.0.burgerservicenummer.as_deref()
    }
    async fn naam(&self) -> Option<Naam> {
        Naam::of(&self.0.naam)
    }
    async fn geboorte(&self) -> Option<Gebeurtenis> {
        Gebeurtenis::of(&self.0.geboorte)
    }
    async fn in_onderzoek(&self) -> Option<InOnderzoek> {
        InOnderzoek::of(&self.0.in_onderzoek)
    }
}

/// A parent.
pub struct Ouder(pub brp::Ouder);

#[Object]
impl Ouder {
    async fn burgerservicenummer(&self) -> Option<&str> {
        self.0.burgerservicenummer.as_deref()
    }
    async fn geslacht(&self) -> Option<Waardetabel> {
        Waardetabel::of(&self.0.geslacht)
    }
    /// `1` or `2`.
    async fn ouder_aanduiding(&self) -> Option<&str> {
        self.0.ouder_aanduiding.as_deref()
    }
    async fn datum_ingang_familierechtelijke_betrekking(&self) -> Option<Datum> {
        Datum::of(&self.0.datum_ingang_familierechtelijke_betrekking)
    }
    async fn naam(&self) -> Option<Naam> {
        Naam::of(&self.0.naam)
    }
    async fn geboorte(&self) -> Option<Gebeurtenis> {
        Gebeurtenis::of(&self.0.geboorte)
    }
    async fn in_onderzoek(&self) -> Option<InOnderzoek> {
        InOnderzoek::of(&self.0.in_onderzoek)
    }
}

/// A spouse or registered partner (current, or the most recently
/// dissolved partnership).
pub struct Partner(pub brp::Partner);

#[Object]
impl Partner {
    async fn burgerservicenummer(&self) -> Option<&str> {
        self.0.burgerservicenummer.as_deref()
    }
    async fn geslacht(&self) -> Option<Waardetabel> {
        Waardetabel::of(&self.0.geslacht)
    }
    /// `H` huwelijk, `P` geregistreerd partnerschap.
    async fn soort_verbintenis(&self) -> Option<Waardetabel> {
        Waardetabel::of(&self.0.soort_verbintenis)
    }
    async fn naam(&self) -> Option<Naam> {
        Naam::of(&self.0.naam)
    }
    async fn geboorte(&self) -> Option<Gebeurtenis> {
        Gebeurtenis::of(&self.0.geboorte)
    }
    async fn aangaan_huwelijk_partnerschap(&self) -> Option<Gebeurtenis> {
        Gebeurtenis::of(&self.0.aangaan_huwelijk_partnerschap)
    }
    async fn ontbinding_huwelijk_partnerschap(&self) -> Option<Gebeurtenis> {
        Gebeurtenis::of(&self.0.ontbinding_huwelijk_partnerschap)
    }
    async fn in_onderzoek(&self) -> Option<InOnderzoek> {
        InOnderzoek::of(&self.0.in_onderzoek)
    }
}
