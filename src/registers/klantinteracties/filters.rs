//! The typed filters callers give the client, and the Open Klant query
//! parameters each one becomes (only here: the rest of the gateway never
//! writes a parameter name).

use super::{Capabilities, CodeSoortObjectId, Landcodes};
use crate::domain::land;

/// How partijen are found in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartijFilter {
    /// By one of its identificatoren, e.g. soort BSN, waarde `999990007`.
    Identificator {
        soort: CodeSoortObjectId,
        waarde: String,
    },
    /// By its (deprecated, still used) nummer.
    Nummer(String),
    /// By parts of its addresses (boxed: ten optional parts).
    Adres(Box<PartijAdres>),
}

/// Parts of a partij's addresses; every given part must match exactly.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartijAdres {
    pub bezoekadres: Option<AdresFilter>,
    pub correspondentieadres: Option<AdresFilter>,
}

/// Parts of one address as Klantinteracties holds it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AdresFilter {
    pub nummeraanduiding_id: Option<String>,
    pub adresregel1: Option<String>,
    pub adresregel2: Option<String>,
    pub adresregel3: Option<String>,
    pub land: Option<String>,
}

/// Parts of the name a betrokkene gave; every given part must match exactly.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactnaamFilter {
    pub voorletters: Option<String>,
    pub voornaam: Option<String>,
    pub voorvoegsel_achternaam: Option<String>,
    pub achternaam: Option<String>,
}

/// One page of a list: `nummer` from 1, `grootte` objects a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pagina {
    pub nummer: usize,
    pub grootte: usize,
}

type Query = Vec<(&'static str, String)>;

impl PartijAdres {
    /// Whether a `land` is given (written per release).
    pub(super) fn has_land(&self) -> bool {
        [&self.bezoekadres, &self.correspondentieadres]
            .into_iter()
            .flatten()
            .any(|a| a.land.is_some())
    }

    /// Whether a part is given that Open Klant really filters on
    /// (`nummeraanduidingId`, `land`); the `adresregel`s it ignores.
    pub(super) fn has_precise_part(&self) -> bool {
        [&self.bezoekadres, &self.correspondentieadres]
            .into_iter()
            .flatten()
            .any(|a| a.nummeraanduiding_id.is_some() || a.land.is_some())
    }
}

impl PartijFilter {
    /// The filter as `release` stores its values: a `land` in the
    /// release's country codes (ISO from 2.7, RNI/GBA Tabel 34 before),
    /// when the code is known in the other system.
    pub(super) fn for_release(&self, capabilities: &Capabilities) -> PartijFilter {
        let PartijFilter::Adres(adres) = self else {
            return self.clone();
        };
        let omzetten = |a: &Option<AdresFilter>| {
            a.clone().map(|mut a| {
                a.land = a.land.map(|l| {
                    let l = l.trim().to_string();
                    let other = match capabilities.land {
                        Landcodes::Gba if !land::is_gba(&l) => land::gba_van_iso(&l),
                        Landcodes::Iso if land::is_gba(&l) => land::iso_van_gba(&l),
                        _ => None,
                    };
                    other.map(str::to_string).unwrap_or(l)
                });
                a
            })
        };
        PartijFilter::Adres(Box::new(PartijAdres {
            bezoekadres: omzetten(&adres.bezoekadres),
            correspondentieadres: omzetten(&adres.correspondentieadres),
        }))
    }

    pub(super) fn query(&self) -> Query {
        match self {
            PartijFilter::Identificator { soort, waarde } => vec![
                (
                    "partijIdentificator__codeSoortObjectId",
                    soort.as_str().to_string(),
                ),
                ("partijIdentificator__objectId", waarde.clone()),
            ],
            PartijFilter::Nummer(nummer) => vec![("nummer", nummer.clone())],
            PartijFilter::Adres(adres) => {
                let mut query = Vec::new();
                push_adres(&mut query, &adres.bezoekadres, BEZOEKADRES);
                push_adres(
                    &mut query,
                    &adres.correspondentieadres,
                    CORRESPONDENTIEADRES,
                );
                query
            }
        }
    }
}

/// The parameters of an address's parts that Open Klant filters on, per
/// kind of address. `…Adresregel1/2/3` are left out: every release accepts
/// and ignores them (the names end in a digit, which its camelCase →
/// snake_case conversion spells `adresregel_1`, a name its filter set does
/// not have), so the client checks the adresregels on the rows instead.
type AdresParameters = [&'static str; 2];

const BEZOEKADRES: AdresParameters = ["bezoekadresNummeraanduidingId", "bezoekadresLand"];

const CORRESPONDENTIEADRES: AdresParameters = [
    "correspondentieadresNummeraanduidingId",
    "correspondentieadresLand",
];

fn push_adres(query: &mut Query, adres: &Option<AdresFilter>, names: AdresParameters) {
    let Some(a) = adres else { return };
    let parts = [&a.nummeraanduiding_id, &a.land];
    for (name, part) in names.into_iter().zip(parts) {
        if let Some(value) = part {
            query.push((name, value.clone()));
        }
    }
}

impl ContactnaamFilter {
    pub(super) fn query(&self) -> Query {
        [
            ("contactnaamVoorletters", &self.voorletters),
            ("contactnaamVoornaam", &self.voornaam),
            (
                "contactnaamVoorvoegselAchternaam",
                &self.voorvoegsel_achternaam,
            ),
            ("contactnaamAchternaam", &self.achternaam),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.clone().map(|v| (name, v)))
        .collect()
    }
}

impl Pagina {
    pub(super) fn query(self) -> Query {
        vec![
            ("page", self.nummer.to_string()),
            ("pageSize", self.grootte.to_string()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_filter_writes_open_klants_parameters_in_order() {
        let adres = PartijFilter::Adres(Box::new(PartijAdres {
            bezoekadres: Some(AdresFilter {
                adresregel1: Some("Van Puffelenstraat 23".into()),
                ..Default::default()
            }),
            correspondentieadres: Some(AdresFilter {
                nummeraanduiding_id: Some("0599200000000001".into()),
                land: Some("NL".into()),
                ..Default::default()
            }),
        }));
        assert_eq!(
            adres.query(),
            vec![
                (
                    "correspondentieadresNummeraanduidingId",
                    "0599200000000001".to_string()
                ),
                ("correspondentieadresLand", "NL".to_string()),
            ]
        );
        let bsn = PartijFilter::Identificator {
            soort: CodeSoortObjectId::Bsn,
            waarde: "999990007".into(),
        };
        assert_eq!(
            bsn.query(),
            vec![
                ("partijIdentificator__codeSoortObjectId", "bsn".to_string()),
                ("partijIdentificator__objectId", "999990007".to_string()),
            ]
        );
        let naam = ContactnaamFilter {
            voornaam: Some("Anton".into()),
            achternaam: Some("Oostrum".into()),
            ..Default::default()
        };
        assert_eq!(
            naam.query(),
            vec![
                ("contactnaamVoornaam", "Anton".to_string()),
                ("contactnaamAchternaam", "Oostrum".to_string()),
            ]
        );
        assert_eq!(
            Pagina {
                nummer: 2,
                grootte: 20
            }
            .query(),
            vec![("page", "2".to_string()), ("pageSize", "20".to_string())]
        );
    }
}
