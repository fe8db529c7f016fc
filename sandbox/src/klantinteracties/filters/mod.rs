//! The list filters of every Klantinteracties endpoint, exactly the query
//! parameters the spec lists per path (research §6).
//!
//! A filter function reads its parameters through [`Params`] (which makes
//! them the endpoint's known parameters) and returns a [`Selection`]: the
//! predicates every result must pass, and, when a parent filter is given, the
//! candidate rows found through the store's indexes, so that a
//! parent-filtered list never scans a table of millions.

mod klantcontacten;
mod partijen;

pub(crate) use klantcontacten::*;
pub(crate) use partijen::*;

use std::collections::HashSet;

use uuid::Uuid;

use super::model::{ObjectIdentificator, PartijIdentificator};
use super::query::Params;
use super::store::{object_id_key, Keyed, Store, Table};

/// A test every result must pass.
type Predicate<'s, T> = Box<dyn Fn(&T) -> bool + 's>;

/// Which rows a list returns.
pub(crate) struct Selection<'s, T> {
    candidates: Option<Vec<Uuid>>,
    predicates: Vec<Predicate<'s, T>>,
}

impl<'s, T: Keyed> Default for Selection<'s, T> {
    fn default() -> Self {
        Selection {
            candidates: None,
            predicates: Vec::new(),
        }
    }
}

impl<'s, T: Keyed> Selection<'s, T> {
    /// Every result must pass `predicate`.
    pub(crate) fn keep(&mut self, predicate: impl Fn(&T) -> bool + 's) {
        self.predicates.push(Box::new(predicate));
    }

    /// Results are among `uuids` (found through an index); several calls intersect.
    pub(crate) fn narrow(&mut self, uuids: impl IntoIterator<Item = Uuid>) {
        let new: Vec<Uuid> = uuids.into_iter().collect();
        self.candidates = Some(match self.candidates.take() {
            None => new,
            Some(old) => {
                let new: HashSet<Uuid> = new.into_iter().collect();
                old.into_iter().filter(|u| new.contains(u)).collect()
            }
        });
    }

    /// The matching rows, newest created first (`-pk`), each with a number
    /// that orders like its primary key.
    pub(crate) fn run(&self, table: &'s Table<T>) -> Vec<(&'s T, u64)> {
        let passes = |row: &T| self.predicates.iter().all(|p| p(row));
        match &self.candidates {
            Some(uuids) => {
                let mut seen = HashSet::new();
                let mut rows: Vec<(&T, u64)> = uuids
                    .iter()
                    .filter(|u| seen.insert(**u))
                    .filter_map(|u| Some((table.get(u)?, table.pk(u)?)))
                    .filter(|(row, _)| passes(row))
                    .collect();
                rows.sort_unstable_by_key(|row| std::cmp::Reverse(row.1));
                rows
            }
            None => table
                .newest_first()
                .enumerate()
                .filter(|(_, row)| passes(row))
                .map(|(rank, row)| (row, u64::MAX - rank as u64))
                .collect(),
        }
    }
}

/// A text filter compared exactly.
fn exact<'s, T: Keyed>(
    s: &mut Selection<'s, T>,
    value: Option<String>,
    field: impl Fn(&T) -> &str + 's,
) {
    if let Some(v) = value {
        s.keep(move |row| field(row) == v);
    }
}

/// A text filter compared case-insensitively by containment (`icontains`).
fn contains<'s, T: Keyed>(
    s: &mut Selection<'s, T>,
    value: Option<String>,
    field: impl Fn(&T) -> &str + 's,
) {
    if let Some(v) = value.map(|v| v.to_lowercase()) {
        s.keep(move |row| super::query::icontains(field(row), &v));
    }
}

/// A filter on an equal value of any `PartialEq` field.
fn equal<'s, T: Keyed, V: PartialEq + 's>(
    s: &mut Selection<'s, T>,
    value: Option<V>,
    field: impl Fn(&T) -> V + 's,
) {
    if let Some(v) = value {
        s.keep(move |row| field(row) == v);
    }
}

/// The four parts of a partij identificator, as filter name suffixes.
const IDENTIFICATOR_PARTS: [&str; 4] = [
    "codeObjecttype",
    "codeRegister",
    "codeSoortObjectId",
    "objectId",
];

fn identificator_part(i: &PartijIdentificator, part: usize) -> &str {
    let g = &i.partij_identificator;
    match part {
        0 => &g.code_objecttype,
        1 => &g.code_register,
        2 => &g.code_soort_object_id,
        _ => &g.object_id,
    }
}

/// The `<prefix>partijIdentificator__{codeObjecttype,…}` filters on a partij.
/// Each part is its own `EXISTS` in Open Klant: the values need not be on
/// the same identificator row.
#[derive(Debug, Clone, Default)]
pub(crate) struct IdentificatorFilter {
    parts: Vec<(usize, String)>,
    /// Through `subIdentificatorVan`: the partij has an identificator whose
    /// parent identificator has the value.
    via_sub: bool,
}

impl IdentificatorFilter {
    /// Reads `<prefix>codeObjecttype` … `<prefix>objectId`.
    pub(crate) fn read(p: &mut Params, prefix: &str) -> IdentificatorFilter {
        let parts = IDENTIFICATOR_PARTS
            .iter()
            .enumerate()
            .filter_map(|(i, name)| Some((i, p.text(&format!("{prefix}{name}"))?)))
            .collect();
        IdentificatorFilter {
            parts,
            via_sub: prefix.starts_with("subIdentificatorVan"),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Whether partij `partij` passes every part.
    pub(crate) fn matches(&self, store: &Store, partij: &Uuid) -> bool {
        let identificatoren = store.idx.identificatoren_by_partij.of(partij);
        self.parts.iter().all(|(part, value)| {
            identificatoren
                .iter()
                .filter_map(|i| store.partij_identificatoren.get(i))
                .filter_map(|i| {
                    if self.via_sub {
                        store.partij_identificatoren.get(&i.sub_identificator_van?)
                    } else {
                        Some(i)
                    }
                })
                .any(|i| identificator_part(i, *part) == value)
        })
    }

    /// The partijen that can match, found through the `objectId` index
    /// (`None` when no `objectId` is given or the parts go through a parent).
    pub(crate) fn candidate_partijen(&self, store: &Store) -> Option<Vec<Uuid>> {
        if self.via_sub {
            return None;
        }
        let (_, object_id) = self.parts.iter().find(|(part, _)| *part == 3)?;
        Some(
            store
                .idx
                .identificatoren_by_object_id
                .of(&object_id_key(object_id))
                .iter()
                .filter_map(|i| store.partij_identificatoren.get(i))
                .filter(|i| &i.partij_identificator.object_id == object_id)
                .filter_map(|i| i.identificeerde_partij)
                .collect(),
        )
    }
}

/// The four free-text identificator filters of actor, onderwerpobject and
/// bijlage: `<prefix>CodeObjecttype`, `…CodeRegister`, `…CodeSoortObjectId`,
/// `…ObjectId`, each compared exactly.
#[derive(Debug, Clone, Default)]
pub(crate) struct ObjectIdentificatorFilter {
    parts: Vec<(usize, String)>,
}

impl ObjectIdentificatorFilter {
    pub(crate) fn read(p: &mut Params, prefix: &str) -> ObjectIdentificatorFilter {
        let parts = [
            "CodeObjecttype",
            "CodeRegister",
            "CodeSoortObjectId",
            "ObjectId",
        ]
        .iter()
        .enumerate()
        .filter_map(|(i, name)| Some((i, p.text(&format!("{prefix}{name}"))?)))
        .collect();
        ObjectIdentificatorFilter { parts }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Whether one identificator passes every part (`None` passes none).
    pub(crate) fn matches(&self, identificator: Option<&ObjectIdentificator>) -> bool {
        let Some(i) = identificator else {
            return self.parts.is_empty();
        };
        self.parts.iter().all(|(part, value)| {
            let field = match part {
                0 => &i.code_objecttype,
                1 => &i.code_register,
                2 => &i.code_soort_object_id,
                _ => &i.object_id,
            };
            field == value
        })
    }
}
