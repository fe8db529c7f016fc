//! The typed filters callers give the client, and the Open Klant query
//! parameters each one becomes (only here: the rest of the gateway never
//! writes a parameter name).

use super::CodeSoortObjectId;

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

impl PartijFilter {
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

/// The parameters of an address's parts, per kind of address.
type AdresParameters = [&'static str; 5];

const BEZOEKADRES: AdresParameters = [
    "bezoekadresNummeraanduidingId",
    "bezoekadresAdresregel1",
    "bezoekadresAdresregel2",
    "bezoekadresAdresregel3",
    "bezoekadresLand",
];

const CORRESPONDENTIEADRES: AdresParameters = [
    "correspondentieadresNummeraanduidingId",
    "correspondentieadresAdresregel1",
    "correspondentieadresAdresregel2",
    "correspondentieadresAdresregel3",
    "correspondentieadresLand",
];

fn push_adres(query: &mut Query, adres: &Option<AdresFilter>, names: AdresParameters) {
    let Some(a) = adres else { return };
    let parts = [
        &a.nummeraanduiding_id,
        &a.adresregel1,
        &a.adresregel2,
        &a.adresregel3,
        &a.land,
    ];
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
                    "bezoekadresAdresregel1",
                    "Van Puffelenstraat 23".to_string()
                ),
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
