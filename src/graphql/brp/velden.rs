//! The BRP `fields` of a GraphQL selection (ARCHITECTURE.md decision 4): the
//! register is asked for exactly what the client selected below a `Persoon`,
//! plus `burgerservicenummer` (to key the answer and for protocollering),
//! and never for the fields the BRP delivers unasked (asking for one is a
//! 400 there).
//!
//! The GraphQL types use the BRP's own field names, so a selected leaf's
//! path is the chain of names from the person down to it. [`PERSOON`] says
//! what each name is: a leaf, a whole (a Waardetabel or a date, which the
//! BRP delivers whole; asking for its parts would ask the same), a field
//! the BRP always delivers, or a group with its own names. A name the tree
//! does not know (`__typename`, a field on a shared GraphQL type that this
//! kind of group does not have) asks for nothing, except `__typename` on a
//! polymorphic group, which asks for its `type`.

use std::collections::BTreeSet;
use std::sync::Arc;

use async_graphql::{SelectionField, Value};

/// What a name in the selection stands for.
#[derive(Debug, Clone, Copy)]
enum Veld {
    /// A value: asked for by its path.
    Blad,
    /// A Waardetabel or a date: asked for by its path, whatever of it is
    /// selected.
    Geheel,
    /// Delivered by the BRP unasked; never asked for.
    Altijd,
    /// A group of named fields; only the selected ones are asked for.
    Groep(&'static [(&'static str, Veld)]),
    /// A polymorphic group: like `Groep`, and `__typename` asks for `type`.
    Soorten(&'static [(&'static str, Veld)]),
}

use Veld::{Altijd, Blad, Geheel, Groep, Soorten};

/// `inOnderzoek`, on every level: delivered with what it is about.
const IN_ONDERZOEK: (&str, Veld) = ("inOnderzoek", Altijd);

const NAAM: &[(&str, Veld)] = &[
    ("voornamen", Blad),
    ("adellijkeTitelPredicaat", Geheel),
    ("voorvoegsel", Blad),
    ("geslachtsnaam", Blad),
    ("voorletters", Blad),
    ("volledigeNaam", Blad),
    ("aanduidingNaamgebruik", Geheel),
    IN_ONDERZOEK,
];

/// The name of a relative: no `volledigeNaam`, no `aanduidingNaamgebruik`.
const NAAM_GERELATEERDE: &[(&str, Veld)] = &[
    ("voornamen", Blad),
    ("adellijkeTitelPredicaat", Geheel),
    ("voorvoegsel", Blad),
    ("geslachtsnaam", Blad),
    ("voorletters", Blad),
    IN_ONDERZOEK,
];

const GEBEURTENIS: &[(&str, Veld)] = &[
    ("datum", Geheel),
    ("land", Geheel),
    ("plaats", Geheel),
    IN_ONDERZOEK,
];

const ONTBINDING: &[(&str, Veld)] = &[("datum", Geheel), IN_ONDERZOEK];

const VERBLIJFADRES: &[(&str, Veld)] = &[
    ("officieleStraatnaam", Blad),
    ("korteStraatnaam", Blad),
    ("huisnummer", Blad),
    ("huisletter", Blad),
    ("huisnummertoevoeging", Blad),
    ("aanduidingBijHuisnummer", Geheel),
    ("postcode", Blad),
    ("woonplaats", Blad),
    ("locatiebeschrijving", Blad),
    ("regel1", Blad),
    ("regel2", Blad),
    ("regel3", Blad),
    ("land", Geheel),
    IN_ONDERZOEK,
];

const VERBLIJFPLAATS: &[(&str, Veld)] = &[
    ("verblijfadres", Groep(VERBLIJFADRES)),
    ("functieAdres", Geheel),
    ("adresseerbaarObjectIdentificatie", Blad),
    ("nummeraanduidingIdentificatie", Blad),
    ("datumVan", Geheel),
    ("indicatieVastgesteldVerblijftNietOpAdres", Altijd),
    IN_ONDERZOEK,
];

const ADRESSERING: &[(&str, Veld)] = &[
    ("aanhef", Blad),
    (
        "aanschrijfwijze",
        Groep(&[("naam", Blad), ("aanspreekvorm", Blad)]),
    ),
    ("gebruikInLopendeTekst", Blad),
    ("adresregel1", Blad),
    ("adresregel2", Blad),
    ("adresregel3", Blad),
    ("land", Geheel),
    ("indicatieVastgesteldVerblijftNietOpAdres", Altijd),
    IN_ONDERZOEK,
];

const NATIONALITEIT: &[(&str, Veld)] = &[
    ("type", Blad),
    ("nationaliteit", Geheel),
    ("redenOpname", Geheel),
    ("datumIngangGeldigheid", Geheel),
    IN_ONDERZOEK,
];

const IMMIGRATIE: &[(&str, Veld)] = &[
    ("landVanwaarIngeschreven", Geheel),
    ("datumVestigingInNederland", Geheel),
    ("vanuitVerblijfplaatsOnbekend", Blad),
    ("indicatieVestigingVanuitBuitenland", Blad),
    IN_ONDERZOEK,
];

const VERBLIJFSTITEL: &[(&str, Veld)] = &[
    ("aanduiding", Geheel),
    ("datumEinde", Geheel),
    ("datumIngang", Geheel),
    IN_ONDERZOEK,
];

const KIND: &[(&str, Veld)] = &[
    ("burgerservicenummer", Blad),
    ("naam", Groep(NAAM_GERELATEERDE)),
    ("geboorte", Groep(GEBEURTENIS)),
    IN_ONDERZOEK,
];

const OUDER: &[(&str, Veld)] = &[
    ("burgerservicenummer", Blad),
    ("geslacht", Geheel),
    ("ouderAanduiding", Blad),
    ("datumIngangFamilierechtelijkeBetrekking", Geheel),
    ("naam", Groep(NAAM_GERELATEERDE)),
    ("geboorte", Groep(GEBEURTENIS)),
    IN_ONDERZOEK,
];

const PARTNER: &[(&str, Veld)] = &[
    ("burgerservicenummer", Blad),
    ("geslacht", Geheel),
    ("soortVerbintenis", Geheel),
    ("naam", Groep(NAAM_GERELATEERDE)),
    ("geboorte", Groep(GEBEURTENIS)),
    ("aangaanHuwelijkPartnerschap", Groep(GEBEURTENIS)),
    ("ontbindingHuwelijkPartnerschap", Groep(ONTBINDING)),
    IN_ONDERZOEK,
];

/// The fields of a `Persoon` as the GraphQL type has them.
const PERSOON: &[(&str, Veld)] = &[
    ("burgerservicenummer", Blad),
    ("aNummer", Blad),
    ("datumEersteInschrijvingGBA", Geheel),
    ("geheimhoudingPersoonsgegevens", Altijd),
    ("geslacht", Geheel),
    ("leeftijd", Blad),
    ("naam", Groep(NAAM)),
    ("nationaliteiten", Soorten(NATIONALITEIT)),
    ("geboorte", Groep(GEBEURTENIS)),
    ("overlijden", Groep(GEBEURTENIS)),
    ("opschortingBijhouding", Altijd),
    ("verblijfplaats", Soorten(VERBLIJFPLAATS)),
    ("immigratie", Groep(IMMIGRATIE)),
    ("gemeenteVanInschrijving", Geheel),
    ("datumInschrijvingInGemeente", Geheel),
    ("adressering", Groep(ADRESSERING)),
    ("indicatieCurateleRegister", Blad),
    ("verblijfstitel", Groep(VERBLIJFSTITEL)),
    (
        "uitsluitingKiesrecht",
        Groep(&[("uitgeslotenVanKiesrecht", Blad), ("einddatum", Geheel)]),
    ),
    (
        "europeesKiesrecht",
        Groep(&[("aanduiding", Geheel), ("einddatumUitsluiting", Geheel)]),
    ),
    ("kinderen", Groep(KIND)),
    ("ouders", Groep(OUDER)),
    ("partners", Groep(PARTNER)),
    ("rni", Altijd),
    ("verificatie", Altijd),
    IN_ONDERZOEK,
];

/// The field the gateway always asks for.
pub const BSN: &str = "burgerservicenummer";

/// The `fields` of one lookup: `burgerservicenummer` first, then the
/// selected paths in order, each once. Cheap to clone and to compare, as a
/// DataLoader key part.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Velden(Arc<[String]>);

impl Velden {
    /// The fields for these selections of a `Persoon` field (one field
    /// can be selected several times under one response name; their
    /// selections merge).
    pub fn van_selectie<'a>(persoon: impl IntoIterator<Item = SelectionField<'a>>) -> Velden {
        let mut paden = BTreeSet::new();
        for field in persoon {
            verzamel(field, PERSOON, "", &mut paden);
        }
        Velden::uit(paden)
    }

    /// Only `burgerservicenummer`: what a search asks for, since the
    /// persons found are consulted with their own selection afterwards.
    pub fn alleen_bsn() -> Velden {
        Velden::uit(BTreeSet::new())
    }

    fn uit(paden: BTreeSet<String>) -> Velden {
        let mut all = vec![BSN.to_string()];
        all.extend(paden.into_iter().filter(|p| p != BSN));
        Velden(all.into())
    }

    /// The paths, as the BRP's `fields` takes them.
    pub fn paden(&self) -> &[String] {
        &self.0
    }
}

/// Adds the paths of what is selected below `field` (a group described by
/// `tree`, at `prefix`) to `out`.
fn verzamel(
    field: SelectionField<'_>,
    tree: &[(&str, Veld)],
    prefix: &str,
    out: &mut BTreeSet<String>,
) {
    for child in field.selection_set().filter(included) {
        let name = child.name();
        let Some((_, veld)) = tree.iter().find(|(n, _)| *n == name) else {
            continue;
        };
        let path = format!("{prefix}{name}");
        match veld {
            Blad | Geheel => {
                out.insert(path);
            }
            Altijd => {}
            Groep(sub) => verzamel(child, sub, &format!("{path}."), out),
            Soorten(sub) => {
                // `__typename` on the group itself asks for its `type`.
                let typename = child
                    .selection_set()
                    .filter(included)
                    .any(|f| f.name() == "__typename");
                if typename {
                    out.insert(format!("{path}.type"));
                }
                verzamel(child, sub, &format!("{path}."), out)
            }
        }
    }
}

/// Whether `@skip` / `@include` leave the field in.
fn included(field: &SelectionField<'_>) -> bool {
    let Ok(directives) = field.directives() else {
        return true;
    };
    directives.iter().all(|d| {
        let condition = d
            .arguments
            .iter()
            .find(|(name, _)| name.node.as_str() == "if")
            .map(|(_, value)| matches!(value.node, Value::Boolean(true)));
        match (d.name.node.as_str(), condition) {
            ("skip", Some(skip)) => !skip,
            ("include", Some(include)) => include,
            _ => true,
        }
    })
}
