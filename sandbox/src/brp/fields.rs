//! The `fields` parameter: which paths exist per response type, which may
//! be asked for, and the projection of a full `Persoon` onto the asked
//! fields plus the fields the BRP always delivers.
//!
//! The paths are derived from the vendored spec: the component schemas
//! `Persoon`, `PersoonBeperkt` and `GezagPersoonBeperkt` are walked through
//! their `$ref`s, `allOf`/`oneOf`, array items and discriminator mappings.
//! A Waardetabel, a date (`AbstractDatum`) and `gezag` are delivered whole
//! when any of their sub-fields is asked for.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde_json::{Map, Value};
use yaml_rust2::{Yaml, YamlLoader};

use super::onderzoek;

const SPEC: &str = include_str!("../../../specs/brp-personen-openapi.yaml");

/// Schemas whose sub-fields are never delivered apart.
const GEHEEL: [&str; 3] = ["Waardetabel", "AbstractDatum", "Gezag"];

/// Always delivered, so never to be asked for: a path containing one of
/// these is refused (the BRP checks by substring).
pub(crate) const NIET_TOEGESTAAN: [&str; 6] = [
    "opschortingBijhouding",
    "geheimhoudingPersoonsgegevens",
    "inOnderzoek",
    "verificatie",
    "rni",
    "indicatieVastgesteldVerblijftNietOpAdres",
];

/// The root fields delivered with every person.
const ALTIJD: [&str; 4] = [
    "geheimhoudingPersoonsgegevens",
    "opschortingBijhouding",
    "rni",
    "verificatie",
];

/// Delivered with its group whenever anything of the group is.
const MET_GROEP: &str = "indicatieVastgesteldVerblijftNietOpAdres";

/// Aliases for afnemers without authorisation for foreign addresses: the
/// same fields, never with foreign data.
const BINNENLAND: [(&str, &str); 2] = [
    ("verblijfplaatsBinnenland", "verblijfplaats"),
    ("adresseringBinnenland", "adressering"),
];

/// A node of a response type's field tree.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Node {
    /// Delivered whole when any part is asked for.
    pub(crate) geheel: bool,
    pub(crate) kinderen: BTreeMap<String, Node>,
}

impl Node {
    fn merge(&mut self, other: Node) {
        self.geheel |= other.geheel;
        for (k, v) in other.kinderen {
            self.kinderen.entry(k).or_default().merge(v);
        }
    }

    /// The node at a dot path.
    pub(crate) fn get(&self, pad: &str) -> Option<&Node> {
        pad.split('.')
            .try_fold(self, |node, deel| node.kinderen.get(deel))
    }
}

/// The field trees of the three response types.
#[derive(Debug)]
pub(crate) struct Schemas {
    pub(crate) persoon: Node,
    pub(crate) persoon_beperkt: Node,
    pub(crate) gezag_persoon_beperkt: Node,
}

struct Walker<'a> {
    schemas: &'a Yaml,
    stack: Vec<String>,
}

impl Walker<'_> {
    fn walk(&mut self, schema: &Yaml) -> Node {
        let mut node = Node::default();
        if let Some(r) = schema["$ref"].as_str() {
            let naam = r.rsplit('/').next().unwrap_or(r).to_string();
            // A variant refers back to its abstract base: walk each once.
            if self.stack.contains(&naam) {
                return node;
            }
            let def = &self.schemas[naam.as_str()];
            self.stack.push(naam.clone());
            node = self.walk(def);
            self.stack.pop();
            node.geheel |= GEHEEL.contains(&naam.as_str());
            return node;
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            for s in schema[key].as_vec().into_iter().flatten() {
                let n = self.walk(s);
                node.merge(n);
            }
        }
        if !schema["items"].is_badvalue() {
            let n = self.walk(&schema["items"]);
            node.merge(n);
        }
        for (k, v) in schema["properties"].as_hash().into_iter().flatten() {
            if let Some(k) = k.as_str() {
                let n = self.walk(v);
                node.kinderen.entry(k.to_string()).or_default().merge(n);
            }
        }
        for (_, r) in schema["discriminator"]["mapping"]
            .as_hash()
            .into_iter()
            .flatten()
        {
            if let Some(r) = r.as_str() {
                let mut verwijzing = yaml_rust2::yaml::Hash::new();
                verwijzing.insert(Yaml::String("$ref".into()), Yaml::String(r.into()));
                let n = self.walk(&Yaml::Hash(verwijzing));
                node.merge(n);
            }
        }
        node
    }
}

/// Parses the spec into the three field trees.
pub(crate) fn parse(spec: &str) -> Result<Schemas, String> {
    let docs = YamlLoader::load_from_str(spec).map_err(|e| e.to_string())?;
    let doc = docs.first().ok_or("empty spec")?;
    let schemas = &doc["components"]["schemas"];
    let tree = |naam: &str| -> Result<Node, String> {
        if schemas[naam].is_badvalue() {
            return Err(format!("schema {naam} missing"));
        }
        let mut w = Walker {
            schemas,
            stack: vec![naam.to_string()],
        };
        Ok(w.walk(&schemas[naam]))
    };
    Ok(Schemas {
        persoon: tree("Persoon")?,
        persoon_beperkt: tree("PersoonBeperkt")?,
        gezag_persoon_beperkt: tree("GezagPersoonBeperkt")?,
    })
}

/// The field trees of the vendored spec, parsed once.
pub(crate) fn schemas() -> &'static Schemas {
    static PARSED: OnceLock<Schemas> = OnceLock::new();
    // The spec is embedded at compile time, not input; a unit test guards it.
    PARSED.get_or_init(|| parse(SPEC).expect("specs/brp-personen-openapi.yaml has the schemas"))
}

/// A requested path resolved: the path in the response and whether it was
/// asked through a `…Binnenland` alias.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Veld {
    pub(crate) pad: String,
    pub(crate) binnenland: bool,
}

/// Resolves a requested path against a response type: `None` when it does
/// not exist.
pub(crate) fn resolve(schema: &Node, veld: &str) -> Option<Veld> {
    if schema.get(veld).is_some() {
        return Some(Veld {
            pad: veld.to_string(),
            binnenland: false,
        });
    }
    let (eerste, rest) = veld.split_once('.').unwrap_or((veld, ""));
    let (_, basis) = BINNENLAND.iter().find(|(alias, _)| *alias == eerste)?;
    let pad = if rest.is_empty() {
        basis.to_string()
    } else {
        format!("{basis}.{rest}")
    };
    schema.get(&pad).map(|_| Veld {
        pad,
        binnenland: true,
    })
}

/// Is the path one of the always-delivered fields (or inside one)?
pub(crate) fn niet_toegestaan(veld: &str) -> bool {
    NIET_TOEGESTAAN.iter().any(|n| veld.contains(n))
}

/// What to deliver of an object: all of it, or some of its fields.
#[derive(Debug, Default, Clone)]
struct Selectie {
    alles: bool,
    kinderen: BTreeMap<String, Selectie>,
}

impl Selectie {
    fn voeg_toe(&mut self, schema: &Node, pad: &[&str]) {
        if self.alles {
            return;
        }
        match pad.split_first() {
            None => self.alles = true,
            Some(_) if schema.geheel => self.alles = true,
            Some((eerste, rest)) => {
                let Some(kind) = schema.kinderen.get(*eerste) else {
                    return;
                };
                self.kinderen
                    .entry(eerste.to_string())
                    .or_default()
                    .voeg_toe(kind, rest);
            }
        }
    }
}

/// Projects a full v2 person onto the requested fields of a response type,
/// adding what is always delivered. Paths asked through an alias are left
/// out for a person living abroad.
pub(crate) fn project(persoon: &Map<String, Value>, schema: &Node, velden: &[Veld]) -> Value {
    let buitenland = persoon
        .get("verblijfplaats")
        .and_then(|v| v.get("type"))
        .and_then(Value::as_str)
        == Some("VerblijfplaatsBuitenland");
    let mut selectie = Selectie::default();
    for v in velden {
        if v.binnenland && buitenland {
            continue;
        }
        let delen: Vec<&str> = v.pad.split('.').collect();
        selectie.voeg_toe(schema, &delen);
    }
    for altijd in ALTIJD {
        if let Some(node) = schema.kinderen.get(altijd) {
            selectie
                .kinderen
                .entry(altijd.to_string())
                .or_default()
                .voeg_toe(node, &[]);
        }
    }
    Value::Object(object(persoon, schema, &selectie))
}

/// The part of `value` that `selectie` asks for, within `schema`.
fn deel(value: &Value, schema: &Node, selectie: &Selectie) -> Option<Value> {
    if selectie.alles {
        return Some(binnen_schema(value, schema));
    }
    match value {
        Value::Array(items) => Some(Value::Array(
            items
                .iter()
                .map(|i| deel(i, schema, selectie).unwrap_or(Value::Object(Map::new())))
                .collect(),
        )),
        Value::Object(o) => Some(Value::Object(object(o, schema, selectie))),
        _ => None,
    }
}

/// The part of an object that `selectie` asks for, with the inOnderzoek,
/// `type` and indicator that go with its delivered fields.
fn object(o: &Map<String, Value>, schema: &Node, selectie: &Selectie) -> Map<String, Value> {
    let mut out = Map::new();
    for (k, sel) in &selectie.kinderen {
        let (Some(v), Some(node)) = (o.get(k), schema.kinderen.get(k)) else {
            continue;
        };
        if let Some(d) = deel(v, node, sel).filter(|d| !leeg(d)) {
            out.insert(k.clone(), d);
        }
    }
    // A polymorphic object always says what it is; the indicator comes
    // with its group.
    if !out.is_empty() {
        for key in ["type", MET_GROEP] {
            if let (Some(v), Some(_)) = (o.get(key), schema.kinderen.get(key)) {
                out.insert(key.into(), v.clone());
            }
        }
    }
    if let (Some(io), Some(node)) = (o.get("inOnderzoek"), schema.kinderen.get("inOnderzoek")) {
        if let Some(io) = in_onderzoek(io, node, selectie) {
            out.insert("inOnderzoek".into(), io);
        }
    }
    out
}

fn leeg(v: &Value) -> bool {
    match v {
        Value::Object(o) => o.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Null => true,
        _ => false,
    }
}

/// The flags of an `inOnderzoek` that concern the delivered fields, with
/// the start dates that go with them.
fn in_onderzoek(io: &Value, schema: &Node, selectie: &Selectie) -> Option<Value> {
    let io = io.as_object()?;
    let mut vlaggen = Map::new();
    for (k, v) in io {
        let gevraagd = selectie.kinderen.contains_key(k) || k == "type";
        if v.is_boolean() && gevraagd && schema.kinderen.contains_key(k) {
            vlaggen.insert(k.clone(), v.clone());
        }
    }
    if vlaggen.is_empty() {
        return None;
    }
    let mut out = vlaggen.clone();
    for (k, v) in io {
        let datum = !v.is_boolean() && schema.kinderen.contains_key(k);
        if datum && vlaggen.keys().any(|vlag| onderzoek::dekt(k, vlag)) {
            out.insert(k.clone(), v.clone());
        }
    }
    Some(Value::Object(out))
}

/// `value` restricted to the fields its schema knows.
fn binnen_schema(value: &Value, schema: &Node) -> Value {
    if schema.geheel || schema.kinderen.is_empty() {
        return value.clone();
    }
    match value {
        Value::Array(items) => {
            Value::Array(items.iter().map(|i| binnen_schema(i, schema)).collect())
        }
        Value::Object(o) => Value::Object(
            o.iter()
                .filter_map(|(k, v)| {
                    schema
                        .kinderen
                        .get(k)
                        .map(|node| (k.clone(), binnen_schema(v, node)))
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_gives_the_paths_per_response_type() {
        let s = schemas();
        for pad in [
            "burgerservicenummer",
            "naam.voorletters",
            "naam.aanduidingNaamgebruik.code",
            "geboorte.datum.jaar",
            "verblijfplaats.verblijfadres.korteStraatnaam",
            "verblijfplaats.verblijfadres.regel1",
            "verblijfplaats.verblijfadres.locatiebeschrijving",
            "nationaliteiten.nationaliteit.code",
            "partners.naam.voornamen",
            "kinderen.geboorte.datum",
            "gezag.minderjarige.burgerservicenummer",
            "gezag.derde.type",
            "adressering.aanschrijfwijze.aanspreekvorm",
        ] {
            assert!(s.persoon.get(pad).is_some(), "{pad}");
        }
        assert!(s.persoon.get("anummer").is_none());
        assert!(s.persoon_beperkt.get("verblijfplaats").is_none());
        assert!(s
            .persoon_beperkt
            .get("naam.aanduidingNaamgebruik")
            .is_none());
        assert!(s.persoon_beperkt.get("adressering.aanhef").is_none());
        assert!(s.persoon_beperkt.get("gezag").is_none());
        assert!(s.gezag_persoon_beperkt.get("gezag.type").is_some());
        assert!(s.persoon.get("geslacht").unwrap().geheel);
        assert!(
            s.persoon
                .get("naam.adellijkeTitelPredicaat")
                .unwrap()
                .geheel
        );
        assert!(s.persoon.get("geboorte.datum").unwrap().geheel);
        assert!(!s.persoon.get("naam").unwrap().geheel);
    }

    #[test]
    fn aliases_resolve_to_their_group() {
        let s = schemas();
        assert_eq!(
            resolve(
                &s.persoon,
                "verblijfplaatsBinnenland.verblijfadres.postcode"
            ),
            Some(Veld {
                pad: "verblijfplaats.verblijfadres.postcode".into(),
                binnenland: true
            })
        );
        assert_eq!(
            resolve(&s.persoon_beperkt, "verblijfplaatsBinnenland"),
            None
        );
        assert!(niet_toegestaan("naam.inOnderzoek.voornamen"));
        assert!(!niet_toegestaan("naam.voornamen"));
    }
}
