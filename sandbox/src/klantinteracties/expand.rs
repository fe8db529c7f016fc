//! `expand` as Open Klant 2.18 does it (its `ExpandLoader` over
//! djangorestframework-inclusions; research §8, §16):
//!
//! - each root resource has its own list of allowed paths (the spec's enum),
//!   given comma-separated and/or in repeated parameters; an unknown value is
//!   400 `expand / invalid_choice`;
//! - a path is followed only from an object expanded through its parent path,
//!   so a nested path without its parent expands nothing;
//! - an item gets `_expand` only when something is expanded under it: a
//!   to-many name gives an array, a to-one name an object or `null`; nested
//!   expansions go in the expanded object's own `_expand`; of an object's
//!   to-many expansions that are empty only the first is kept (as `[]`);
//! - the loader remembers every object it expanded in the response (per
//!   resource type): an object met again is not expanded again, so a to-one
//!   becomes `null` and a to-many leaves it out. The walk is depth first, in
//!   the serializer's field order, over the results in page order, so the
//!   first occurrence is the one that is filled in;
//! - expanded lists are not paginated.

use std::collections::HashSet;

use serde_json::{Map, Value};
use uuid::Uuid;

use super::query::{invalid_choice, Params};
use super::render;
use super::store::Store;

/// The resource types `expand` reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Partij,
    Betrokkene,
    Klantcontact,
    DigitaalAdres,
    InterneTaak,
    CategorieRelatie,
    Onderwerpobject,
    Bijlage,
}

/// One expandable relation of a resource type.
struct Relation {
    name: &'static str,
    target: Kind,
    many: bool,
}

const fn rel(name: &'static str, target: Kind, many: bool) -> Relation {
    Relation { name, target, many }
}

const PARTIJ: &[Relation] = &[
    rel("betrokkenen", Kind::Betrokkene, true),
    rel("categorieRelaties", Kind::CategorieRelatie, true),
    rel("digitaleAdressen", Kind::DigitaalAdres, true),
];
const BETROKKENE: &[Relation] = &[
    rel("wasPartij", Kind::Partij, false),
    rel("hadKlantcontact", Kind::Klantcontact, false),
    rel("digitaleAdressen", Kind::DigitaalAdres, true),
];
const KLANTCONTACT: &[Relation] = &[
    rel("gingOverOnderwerpobjecten", Kind::Onderwerpobject, true),
    rel("omvatteBijlagen", Kind::Bijlage, true),
    rel("hadBetrokkenen", Kind::Betrokkene, true),
    rel("leiddeTotInterneTaken", Kind::InterneTaak, true),
];
const DIGITAAL_ADRES: &[Relation] = &[rel("verstrektDoorBetrokkene", Kind::Betrokkene, false)];

/// The expandable relations of each type, in the serializer's field order.
fn relations(kind: Kind) -> &'static [Relation] {
    match kind {
        Kind::Partij => PARTIJ,
        Kind::Betrokkene => BETROKKENE,
        Kind::Klantcontact => KLANTCONTACT,
        Kind::DigitaalAdres => DIGITAAL_ADRES,
        Kind::InterneTaak | Kind::CategorieRelatie | Kind::Onderwerpobject | Kind::Bijlage => &[],
    }
}

/// The `expand` values a root resource accepts (the spec's enums).
pub(crate) fn choices(root: Kind) -> &'static [&'static str] {
    match root {
        Kind::Partij => &[
            "betrokkenen",
            "betrokkenen.hadKlantcontact",
            "categorieRelaties",
            "digitaleAdressen",
        ],
        Kind::Klantcontact => &[
            "gingOverOnderwerpobjecten",
            "hadBetrokkenen",
            "hadBetrokkenen.digitaleAdressen",
            "hadBetrokkenen.wasPartij",
            "leiddeTotInterneTaken",
            "omvatteBijlagen",
        ],
        Kind::Betrokkene => &["digitaleAdressen"],
        Kind::DigitaalAdres => &[
            "verstrektDoorBetrokkene",
            "verstrektDoorBetrokkene.hadKlantcontact",
            "verstrektDoorBetrokkene.hadKlantcontact.leiddeTotInterneTaken",
        ],
        Kind::InterneTaak | Kind::CategorieRelatie | Kind::Onderwerpobject | Kind::Bijlage => &[],
    }
}

/// Reads `expand` for `root`: every value of every `expand` parameter, split
/// on commas; empty parts are ignored, unknown ones recorded as 400.
pub(crate) fn read(params: &mut Params, root: Kind) -> Vec<String> {
    let allowed = choices(root);
    let mut paths = Vec::new();
    for value in params.all("expand") {
        for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            if allowed.contains(&part) {
                paths.push(part.to_string());
            } else {
                params.invalid("expand", "invalid_choice", invalid_choice(part));
            }
        }
    }
    paths
}

/// The uuids `relation` of the object `uuid` of type `kind` points to.
fn related(store: &Store, kind: Kind, uuid: &Uuid, relation: &str) -> Vec<Uuid> {
    let idx = &store.idx;
    match (kind, relation) {
        (Kind::Partij, "betrokkenen") => idx.betrokkenen_by_partij.of(uuid).to_vec(),
        (Kind::Partij, "categorieRelaties") => idx.categorie_relaties_by_partij.of(uuid).to_vec(),
        (Kind::Partij, "digitaleAdressen") => idx.digitaleadressen_by_partij.of(uuid).to_vec(),
        (Kind::Betrokkene, "wasPartij") => store
            .betrokkenen
            .get(uuid)
            .and_then(|b| b.was_partij)
            .into_iter()
            .collect(),
        (Kind::Betrokkene, "hadKlantcontact") => store
            .betrokkenen
            .get(uuid)
            .map(|b| b.had_klantcontact)
            .into_iter()
            .collect(),
        (Kind::Betrokkene, "digitaleAdressen") => {
            idx.digitaleadressen_by_betrokkene.of(uuid).to_vec()
        }
        (Kind::Klantcontact, "gingOverOnderwerpobjecten") => {
            idx.onderwerpobjecten_by_klantcontact.of(uuid).to_vec()
        }
        (Kind::Klantcontact, "omvatteBijlagen") => idx.bijlagen_by_klantcontact.of(uuid).to_vec(),
        (Kind::Klantcontact, "hadBetrokkenen") => idx.betrokkenen_by_klantcontact.of(uuid).to_vec(),
        (Kind::Klantcontact, "leiddeTotInterneTaken") => {
            idx.internetaken_by_klantcontact.of(uuid).to_vec()
        }
        (Kind::DigitaalAdres, "verstrektDoorBetrokkene") => store
            .digitaleadressen
            .get(uuid)
            .and_then(|d| d.verstrekt_door_betrokkene)
            .into_iter()
            .collect(),
        _ => Vec::new(),
    }
}

/// The full JSON of one object, or `None` when it is not (or no longer) stored.
fn render_object(store: &Store, kind: Kind, uuid: &Uuid, base: &str) -> Option<Value> {
    Some(match kind {
        Kind::Partij => render::partij(store, store.partijen.get(uuid)?, base),
        Kind::Betrokkene => render::betrokkene(store, store.betrokkenen.get(uuid)?, base),
        Kind::Klantcontact => render::klantcontact(store, store.klantcontacten.get(uuid)?, base),
        Kind::DigitaalAdres => {
            render::digitaal_adres(store, store.digitaleadressen.get(uuid)?, base)
        }
        Kind::InterneTaak => render::interne_taak(store, store.internetaken.get(uuid)?, base),
        Kind::CategorieRelatie => {
            render::categorie_relatie(store, store.categorie_relaties.get(uuid)?, base)
        }
        Kind::Onderwerpobject => {
            render::onderwerpobject(store, store.onderwerpobjecten.get(uuid)?, base)
        }
        Kind::Bijlage => render::bijlage(store, store.bijlagen.get(uuid)?, base),
    })
}

/// Expands the results of one response; remembers what it expanded.
pub(crate) struct Expander<'s> {
    store: &'s Store,
    base: &'s str,
    paths: HashSet<String>,
    seen: HashSet<(Kind, Uuid)>,
    /// Objects inlined so far, at any depth (for the cost model).
    pub(crate) expanded: usize,
}

impl<'s> Expander<'s> {
    pub(crate) fn new(store: &'s Store, base: &'s str, paths: Vec<String>) -> Expander<'s> {
        Expander {
            store,
            base,
            paths: paths.into_iter().collect(),
            seen: HashSet::new(),
            expanded: 0,
        }
    }

    /// Adds `_expand` to a result of type `kind` when anything is expanded under it.
    pub(crate) fn expand(&mut self, kind: Kind, uuid: &Uuid, value: &mut Value) {
        if let (Some(children), Some(object)) =
            (self.children(kind, uuid, ""), value.as_object_mut())
        {
            object.insert("_expand".into(), Value::Object(children));
        }
    }

    /// The `_expand` of the object at `prefix`, or `None` when no requested
    /// path continues from it.
    fn children(&mut self, kind: Kind, uuid: &Uuid, prefix: &str) -> Option<Map<String, Value>> {
        let mut out: Option<Map<String, Value>> = None;
        let mut empty_kept = false;
        for relation in relations(kind) {
            let path = if prefix.is_empty() {
                relation.name.to_string()
            } else {
                format!("{prefix}.{}", relation.name)
            };
            if !self.paths.contains(&path) {
                continue;
            }
            let targets = related(self.store, kind, uuid, relation.name);
            let value = if relation.many {
                // Each item is expanded (and its own paths followed) before
                // the next is looked at, as the loader's generator does.
                let mut items = Vec::new();
                for t in &targets {
                    if self.seen.insert((relation.target, *t)) {
                        items.extend(self.object(relation.target, t, &path));
                    }
                }
                // Of the to-many expansions of one object that come out
                // empty, Open Klant 2.18.0 keeps only the first (in this
                // order) as `[]` and leaves the others out: seen in every
                // recording (`detail-partij-kaal-expand-all`,
                // `lijst-klantcontacten-expand-all`,
                // `lijst-klantcontacten-na-wijzigingen`).
                if items.is_empty() {
                    if empty_kept {
                        continue;
                    }
                    empty_kept = true;
                }
                Value::Array(items)
            } else {
                targets
                    .first()
                    .filter(|t| self.seen.insert((relation.target, **t)))
                    .and_then(|t| self.object(relation.target, t, &path))
                    .unwrap_or(Value::Null)
            };
            out.get_or_insert_with(Map::new)
                .insert(relation.name.to_string(), value);
        }
        out
    }

    /// One expanded object with its own `_expand`.
    fn object(&mut self, kind: Kind, uuid: &Uuid, path: &str) -> Option<Value> {
        let mut value = render_object(self.store, kind, uuid, self.base)?;
        self.expanded += 1;
        if let (Some(children), Some(object)) =
            (self.children(kind, uuid, path), value.as_object_mut())
        {
            object.insert("_expand".into(), Value::Object(children));
        }
        Some(value)
    }
}
