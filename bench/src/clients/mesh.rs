//! GraphQL Mesh + Hive Gateway as a KCC front end would use it, in the two
//! set-ups of `bench/mesh/`: the generated schema with its `expand` arguments
//! (three round trips, the client joins the answers) and the schema with
//! links added through `additionalTypeDefs` + `@resolveTo` (one round trip).
//! The documents live in `bench/mesh/queries/`, fragments shared.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use futures::future::BoxFuture;
use serde_json::Value;

use super::{array, check_nummer, Endpoint, KlantbeeldClient, Shape};
use crate::load::Failure;

/// The Mesh documents, each with the fragments it uses.
pub struct Documents {
    partij: String,
    klantcontacten: String,
    linked: String,
    /// The `ActorVelden` fragment (and what it uses), for the actors query
    /// that is built per klantbeeld.
    actor_fragments: String,
}

impl Documents {
    /// Reads `dir` (`bench/mesh/queries`).
    pub fn load(dir: &Path) -> Result<Documents, String> {
        let read = |name: &str| {
            std::fs::read_to_string(dir.join(name))
                .map_err(|e| format!("cannot read {}: {e}", dir.join(name).display()))
        };
        let fragments = parse_fragments(&read("fragments.graphql")?);
        Ok(Documents {
            partij: with_fragments(&read("generated-1-partij.graphql")?, &fragments)?,
            klantcontacten: with_fragments(
                &read("generated-2-klantcontacten.graphql")?,
                &fragments,
            )?,
            linked: with_fragments(&read("linked.graphql")?, &fragments)?,
            actor_fragments: with_fragments("{ ...ActorVelden }", &fragments)?
                .trim_start_matches("{ ...ActorVelden }")
                .to_string(),
        })
    }
}

/// The fragments of a file by name: each block from a line that starts with
/// `fragment ` up to the next one.
fn parse_fragments(text: &str) -> BTreeMap<String, String> {
    let mut fragments = BTreeMap::new();
    let mut current: Option<(String, String)> = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("fragment ") {
            if let Some((name, body)) = current.take() {
                fragments.insert(name, body);
            }
            let name = rest
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string();
            current = Some((name, String::new()));
        }
        if let Some((_, body)) = current.as_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    if let Some((name, body)) = current {
        fragments.insert(name, body);
    }
    fragments
}

/// `document` followed by every fragment it spreads, directly or through
/// another fragment (GraphQL rejects unused fragments, so only those).
fn with_fragments(document: &str, fragments: &BTreeMap<String, String>) -> Result<String, String> {
    let spread =
        regex::Regex::new(r"\.\.\.\s*([A-Za-z_][A-Za-z0-9_]*)").map_err(|e| e.to_string())?;
    let mut needed = BTreeSet::new();
    let mut queue: Vec<String> = vec![document.to_string()];
    while let Some(text) = queue.pop() {
        for capture in spread.captures_iter(&text) {
            let name = &capture[1];
            if name == "on" || needed.contains(name) {
                continue;
            }
            let body = fragments
                .get(name)
                .ok_or_else(|| format!("fragment {name} is not in fragments.graphql"))?;
            needed.insert(name.to_string());
            queue.push(body.clone());
        }
    }
    let mut out = document.to_string();
    for name in needed {
        out.push('\n');
        out.push_str(&fragments[&name]);
    }
    Ok(out)
}

/// The first partij of a `partijenList` answer, checked against the nummer.
fn partij_of<'a>(data: &'a Value, nummer: &str) -> Result<&'a Value, Failure> {
    let partij = data
        .get("partijenList")
        .map(|l| array(l, "results"))
        .and_then(|r| r.first());
    check_nummer(partij, nummer)?;
    partij.ok_or_else(|| Failure::new("partij not found", nummer.to_string()))
}

/// The `_expand.<key>` list of a resource.
fn expanded<'a>(value: &'a Value, key: &str) -> &'a [Value] {
    value.get("_expand").map(|e| array(e, key)).unwrap_or(&[])
}

fn uuid(value: &Value) -> Option<&str> {
    value.get("uuid").and_then(Value::as_str)
}

/// Variant 1: the generated schema, three round trips.
pub struct MeshGenerated {
    endpoint: Endpoint,
    documents: Arc<Documents>,
}

impl MeshGenerated {
    pub fn new(endpoint: Endpoint, documents: Arc<Documents>) -> MeshGenerated {
        MeshGenerated {
            endpoint,
            documents,
        }
    }
}

impl KlantbeeldClient for MeshGenerated {
    fn klantbeeld(&self, nummer: String) -> BoxFuture<'static, Result<Shape, Failure>> {
        let endpoint = self.endpoint.clone();
        let documents = self.documents.clone();
        Box::pin(async move { generated(&endpoint, &documents, &nummer).await })
    }
}

async fn generated(endpoint: &Endpoint, docs: &Documents, nummer: &str) -> Result<Shape, Failure> {
    let first = endpoint
        .query(&docs.partij, serde_json::json!({ "nummer": nummer }))
        .await?;
    let partij = partij_of(&first, nummer)?;
    let partij_uuid =
        uuid(partij).ok_or_else(|| Failure::new("invalid response", "partij without uuid"))?;

    let second = endpoint
        .query(
            &docs.klantcontacten,
            serde_json::json!({ "partij": partij_uuid }),
        )
        .await?;
    let list = second.get("klantcontactenList").unwrap_or(&Value::Null);
    if list.get("next").is_some_and(|n| !n.is_null()) {
        return Err(Failure::new(
            "too many klantcontacten",
            format!("partij {nummer} has more than one page of klantcontacten"),
        ));
    }
    let contacts: BTreeMap<&str, &Value> = array(list, "results")
        .iter()
        .filter_map(|k| uuid(k).map(|u| (u, k)))
        .collect();

    let mut shape = Shape::default();
    let mut assigned: Vec<&str> = Vec::new();
    for betrokkene in expanded(partij, "betrokkenen") {
        shape.betrokkenen += 1;
        let contact = betrokkene
            .get("hadKlantcontact")
            .and_then(uuid)
            .and_then(|u| contacts.get(u));
        let Some(contact) = contact else { continue };
        shape.klantcontacten += 1;
        for taak in expanded(contact, "leiddeTotInterneTaken") {
            shape.interne_taken += 1;
            assigned.extend(array(taak, "toegewezenAanActoren").iter().filter_map(uuid));
        }
    }
    if assigned.is_empty() {
        return Ok(shape);
    }

    let distinct: BTreeSet<&str> = assigned.iter().copied().collect();
    let alias: BTreeMap<&str, String> = distinct
        .iter()
        .enumerate()
        .map(|(i, u)| (*u, format!("a{i}")))
        .collect();
    let mut document = String::from("query Actoren {\n");
    for (actor, name) in &alias {
        if !actor.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
            return Err(Failure::new(
                "invalid response",
                format!("actor uuid {actor:?}"),
            ));
        }
        document.push_str(&format!(
            "  {name}: actorenRetrieve(uuid: \"{actor}\") {{ ...ActorVelden }}\n"
        ));
    }
    document.push_str("}\n");
    document.push_str(&docs.actor_fragments);
    let third = endpoint.query(&document, Value::Null).await?;
    shape.toegewezen_actoren = assigned
        .iter()
        .filter(|u| third.get(&alias[**u]).is_some_and(|a| !a.is_null()))
        .count();
    Ok(shape)
}

/// Variant 2: links added with `@resolveTo`, one round trip.
pub struct MeshLinked {
    endpoint: Endpoint,
    documents: Arc<Documents>,
}

impl MeshLinked {
    pub fn new(endpoint: Endpoint, documents: Arc<Documents>) -> MeshLinked {
        MeshLinked {
            endpoint,
            documents,
        }
    }
}

impl KlantbeeldClient for MeshLinked {
    fn klantbeeld(&self, nummer: String) -> BoxFuture<'static, Result<Shape, Failure>> {
        let endpoint = self.endpoint.clone();
        let documents = self.documents.clone();
        Box::pin(async move {
            let data = endpoint
                .query(&documents.linked, serde_json::json!({ "nummer": nummer }))
                .await?;
            let partij = partij_of(&data, &nummer)?;
            let mut shape = Shape::default();
            for betrokkene in expanded(partij, "betrokkenen") {
                shape.betrokkenen += 1;
                let Some(contact) = betrokkene.get("klantcontact").filter(|k| k.is_object()) else {
                    continue;
                };
                shape.klantcontacten += 1;
                for taak in array(contact, "interneTaken") {
                    shape.interne_taken += 1;
                    shape.toegewezen_actoren += array(taak, "toegewezenAanActoren")
                        .iter()
                        .filter(|a| a.get("actor").is_some_and(|x| !x.is_null()))
                        .count();
                }
            }
            Ok(shape)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_fragments_used_are_added_transitively() {
        let fragments = parse_fragments(
            "# comment\nfragment A on X {\n  ...B\n}\n\nfragment B on Y { b }\nfragment C on Z { c }\n",
        );
        assert_eq!(fragments.len(), 3);
        let doc = with_fragments("query { x { ...A ... on Y { y } } }", &fragments);
        let doc = doc.unwrap_or_default();
        assert!(doc.contains("fragment A on X"));
        assert!(doc.contains("fragment B on Y"));
        assert!(!doc.contains("fragment C"));
    }

    #[test]
    fn a_missing_fragment_is_an_error() {
        assert!(with_fragments("{ ...Nope }", &BTreeMap::new()).is_err());
    }
}
