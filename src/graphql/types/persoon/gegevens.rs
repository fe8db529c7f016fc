//! The person's other groups: adressering, opschorting, immigratie,
//! verblijfstitel, kiesrecht, RNI and verificatie.

use async_graphql::{Object, SimpleObject};

use super::waarden::{Datum, InOnderzoek, Waardetabel};
use crate::registers::brp;

/// Ready-made address lines and salutation, composed by the BRP.
pub struct Adressering(pub brp::Adressering);

#[Object]
impl Adressering {
    /// e.g. "Geachte heer Van Oostrum".
    async fn aanhef(&self) -> Option<&str> {
        self.0.aanhef.as_deref()
    }
    async fn aanschrijfwijze(&self) -> Option<Aanschrijfwijze> {
        self.0.aanschrijfwijze.as_ref().map(|a| Aanschrijfwijze {
            naam: a.naam.clone(),
            aanspreekvorm: a.aanspreekvorm.clone(),
        })
    }
    /// The name to use in running text.
    async fn gebruik_in_lopende_tekst(&self) -> Option<&str> {
        self.0.gebruik_in_lopende_tekst.as_deref()
    }
    async fn adresregel1(&self) -> Option<&str> {
        self.0.adresregel1.as_deref()
    }
    async fn adresregel2(&self) -> Option<&str> {
        self.0.adresregel2.as_deref()
    }
    async fn adresregel3(&self) -> Option<&str> {
        self.0.adresregel3.as_deref()
    }
    async fn land(&self) -> Option<Waardetabel> {
        Waardetabel::of(&self.0.land)
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

/// How to address the person in writing.
#[derive(SimpleObject)]
pub struct Aanschrijfwijze {
    pub naam: Option<String>,
    pub aanspreekvorm: Option<String>,
}

/// Why and since when the BRP no longer keeps the record up to date:
/// `O` overlijden, `E` emigratie, `M` ministerieel besluit, `R` RNI.
pub struct OpschortingBijhouding(pub brp::OpschortingBijhouding);

#[Object]
impl OpschortingBijhouding {
    async fn reden(&self) -> Option<Waardetabel> {
        Waardetabel::of(&self.0.reden)
    }
    async fn datum(&self) -> Option<Datum> {
        Datum::of(&self.0.datum)
    }
}

/// Where the person lived before settling in the Netherlands.
pub struct Immigratie(pub brp::Immigratie);

#[Object]
impl Immigratie {
    async fn land_vanwaar_ingeschreven(&self) -> Option<Waardetabel> {
        Waardetabel::of(&self.0.land_vanwaar_ingeschreven)
    }
    async fn datum_vestiging_in_nederland(&self) -> Option<Datum> {
        Datum::of(&self.0.datum_vestiging_in_nederland)
    }
    async fn vanuit_verblijfplaats_onbekend(&self) -> bool {
        self.0.vanuit_verblijfplaats_onbekend.unwrap_or(false)
    }
    async fn indicatie_vestiging_vanuit_buitenland(&self) -> bool {
        self.0
            .indicatie_vestiging_vanuit_buitenland
            .unwrap_or(false)
    }
    async fn in_onderzoek(&self) -> Option<InOnderzoek> {
        InOnderzoek::of(&self.0.in_onderzoek)
    }
}

/// A residence permit.
pub struct Verblijfstitel(pub brp::Verblijfstitel);

#[Object]
impl Verblijfstitel {
    async fn aanduiding(&self) -> Option<Waardetabel> {
        Waardetabel::of(&self.0.aanduiding)
    }
    async fn datum_einde(&self) -> Option<Datum> {
        Datum::of(&self.0.datum_einde)
    }
    async fn datum_ingang(&self) -> Option<Datum> {
        Datum::of(&self.0.datum_ingang)
    }
    async fn in_onderzoek(&self) -> Option<InOnderzoek> {
        InOnderzoek::of(&self.0.in_onderzoek)
    }
}

/// Exclusion from voting.
pub struct UitsluitingKiesrecht(pub brp::UitsluitingKiesrecht);

#[Object]
impl UitsluitingKiesrecht {
    async fn uitgesloten_van_kiesrecht(&self) -> bool {
        self.0.uitgesloten_van_kiesrecht.unwrap_or(false)
    }
    async fn einddatum(&self) -> Option<Datum> {
        Datum::of(&self.0.einddatum)
    }
}

/// The right to vote for the European Parliament.
pub struct EuropeesKiesrecht(pub brp::EuropeesKiesrecht);

#[Object]
impl EuropeesKiesrecht {
    async fn aanduiding(&self) -> Option<Waardetabel> {
        Waardetabel::of(&self.0.aanduiding)
    }
    async fn einddatum_uitsluiting(&self) -> Option<Datum> {
        Datum::of(&self.0.einddatum_uitsluiting)
    }
}

/// Registration in the RNI (non-residents), per participating authority.
pub struct RniDeelnemer(pub brp::RniDeelnemer);

#[Object]
impl RniDeelnemer {
    async fn deelnemer(&self) -> Option<Waardetabel> {
        Waardetabel::of(&self.0.deelnemer)
    }
    async fn omschrijving_verdrag(&self) -> Option<&str> {
        self.0.omschrijving_verdrag.as_deref()
    }
    async fn categorie(&self) -> Option<&str> {
        self.0.categorie.as_deref()
    }
}

/// When and how the record was verified.
pub struct Verificatie(pub brp::Verificatie);

#[Object]
impl Verificatie {
    async fn datum(&self) -> Option<Datum> {
        Datum::of(&self.0.datum)
    }
    async fn omschrijving(&self) -> Option<&str> {
        self.0.omschrijving.as_deref()
    }
}
