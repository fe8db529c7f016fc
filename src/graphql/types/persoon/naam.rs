//! Names and events: the person's (or a relative's) name, and an event
//! with a date and a place (geboorte, overlijden, huwelijk).

use async_graphql::Object;

use super::waarden::{AdellijkeTitelPredicaat, Datum, InOnderzoek, Waardetabel};
use crate::registers::brp;

/// A name. A relative's name has no `volledigeNaam` and no
/// `aanduidingNaamgebruik`.
pub struct Naam(pub brp::Naam);

impl Naam {
    /// The GraphQL form of the register's value, when there is one.
    pub fn of(n: &Option<brp::Naam>) -> Option<Naam> {
        n.clone().map(Naam)
    }
}

#[Object]
impl Naam {
    async fn voornamen(&self) -> Option<&str> {
        self.0.voornamen.as_deref()
    }
    async fn adellijke_titel_predicaat(&self) -> Option<AdellijkeTitelPredicaat> {
        AdellijkeTitelPredicaat::of(&self.0.adellijke_titel_predicaat)
    }
    async fn voorvoegsel(&self) -> Option<&str> {
        self.0.voorvoegsel.as_deref()
    }
    async fn geslachtsnaam(&self) -> Option<&str> {
        self.0.geslachtsnaam.as_deref()
    }
    async fn voorletters(&self) -> Option<&str> {
        self.0.voorletters.as_deref()
    }
    /// Composed by the BRP from the parts.
    async fn volledige_naam(&self) -> Option<&str> {
        self.0.volledige_naam.as_deref()
    }
    /// How the person wants to be named: `E` eigen, `N` partner na eigen,
    /// `P` partner, `V` partner voor eigen.
    async fn aanduiding_naamgebruik(&self) -> Option<Waardetabel> {
        Waardetabel::of(&self.0.aanduiding_naamgebruik)
    }
    async fn in_onderzoek(&self) -> Option<InOnderzoek> {
        InOnderzoek::of(&self.0.in_onderzoek)
    }
}

/// An event with a date and a place.
pub struct Gebeurtenis(pub brp::Gebeurtenis);

impl Gebeurtenis {
    /// The GraphQL form of the register's value, when there is one.
    pub fn of(g: &Option<brp::Gebeurtenis>) -> Option<Gebeurtenis> {
        g.clone().map(Gebeurtenis)
    }
}

#[Object]
impl Gebeurtenis {
    async fn datum(&self) -> Option<Datum> {
        Datum::of(&self.0.datum)
    }
    async fn land(&self) -> Option<Waardetabel> {
        Waardetabel::of(&self.0.land)
    }
    async fn plaats(&self) -> Option<Waardetabel> {
        Waardetabel::of(&self.0.plaats)
    }
    async fn in_onderzoek(&self) -> Option<InOnderzoek> {
        InOnderzoek::of(&self.0.in_onderzoek)
    }
}
