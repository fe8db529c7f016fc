//! Parsed GraphQL documents by their text. KCC front ends send the same few
//! documents all day, and parsing one (the C4161 query is 3 KB) is a
//! noticeable share of a small request's CPU; so each text is parsed once
//! and its syntax tree handed to async-graphql with the next request that
//! brings the same text (`Request::set_parsed_query`).
//!
//! Only texts within the size and nesting limits are parsed here
//! ([`limits::parsable`]); any other goes on unparsed, for the limits
//! extension to refuse with the error that names the limit. With the tree
//! the cache keeps what the limits checked before validation say of it
//! ([`limits::Precheck`]) and the name of its only operation, so a request
//! with a known text costs a lookup and a clone of the tree.
//!
//! The cache lives here, not in `crate::limits`: it refuses nothing, it
//! spares this endpoint a parse; the limits decide, it only remembers what
//! they said.

use std::sync::Arc;

use async_graphql::parser::types::{DocumentOperations, ExecutableDocument};
use async_graphql::Request;
use moka::future::Cache;

use crate::auth::Principal;
use crate::config::LimitsConfig;
use crate::limits::document as limits;

/// Bytes of document text the cache holds at most (the trees it keeps are a
/// small multiple of that).
const CAPACITY_BYTES: u64 = 4 * 1024 * 1024;

/// The cache, shared by all requests.
pub struct Documents {
    parsed: Cache<Arc<str>, Arc<Parsed>>,
    limits: LimitsConfig,
}

/// One text, parsed, with what is known of it whoever sends it.
struct Parsed {
    document: ExecutableDocument,
    /// The name of its only operation, when it has one and it is named.
    only_operation: Option<String>,
    precheck: limits::Precheck,
}

impl Documents {
    pub fn new(limits: &LimitsConfig) -> Documents {
        Documents {
            parsed: Cache::builder()
                .max_capacity(CAPACITY_BYTES)
                .weigher(|text: &Arc<str>, _| u32::try_from(text.len()).unwrap_or(u32::MAX))
                .build(),
            limits: limits.clone(),
        }
    }

    /// Gives `request` its parsed document (from the cache, or parsed now
    /// and kept) and says what it found: the operation's name (as the
    /// request names it, when the document has an operation of that name;
    /// else the document's only named operation; `None` for an anonymous
    /// operation, a name the document lacks, or a text not parsed here), and
    /// whether the document is within the limits checked before validation
    /// for `principal` ([`limits::Precheck`]).
    pub async fn prepare(&self, request: &mut Request, principal: &Principal) -> Prepared {
        // The name of an operation that cannot be found in a parsed
        // document is not known: `None`, whatever the request says (the
        // name labels metrics; a client must not make up labels).
        let unparsed = |_: &Request| Prepared {
            name: None,
            within_limits: false,
            parsed: false,
        };
        let parsed = match self.parsed.get(request.query.as_str()).await {
            Some(parsed) => parsed,
            None => {
                if !limits::parsable(&request.query, &self.limits) {
                    return unparsed(request);
                }
                let Ok(document) = async_graphql::parser::parse_query(&request.query) else {
                    return unparsed(request);
                };
                let parsed = Arc::new(Parsed {
                    only_operation: only_operation(&document),
                    precheck: limits::Precheck::of(&document, &self.limits),
                    document,
                });
                self.parsed
                    .insert(Arc::from(request.query.as_str()), parsed.clone())
                    .await;
                parsed
            }
        };
        let prepared = Prepared {
            name: match &request.operation_name {
                Some(name) => has_operation(&parsed.document, name).then(|| name.clone()),
                None => parsed.only_operation.clone(),
            },
            within_limits: parsed.precheck.passes(principal),
            parsed: true,
        };
        request.set_parsed_query(parsed.document.clone());
        prepared
    }
}

/// What [`Documents::prepare`] found.
pub struct Prepared {
    pub name: Option<String>,
    pub within_limits: bool,
    /// Whether `request` now has its parsed document (a text over the size
    /// or nesting limit, or one that does not parse, has not).
    pub parsed: bool,
}

/// Whether `document` has an operation called `name`.
fn has_operation(document: &ExecutableDocument, name: &str) -> bool {
    match &document.operations {
        DocumentOperations::Multiple(ops) => ops.keys().any(|n| n.as_str() == name),
        DocumentOperations::Single(_) => false,
    }
}

/// The name of a document's only operation, when it has one and it is named.
fn only_operation(document: &ExecutableDocument) -> Option<String> {
    match &document.operations {
        DocumentOperations::Multiple(ops) if ops.len() == 1 => {
            ops.keys().next().map(|n| n.to_string())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> LimitsConfig {
        LimitsConfig {
            max_document_bytes: 200,
            max_depth: 3,
            ..crate::config::Config::development().limits
        }
    }

    #[tokio::test]
    async fn parses_a_text_once_and_names_its_operation() {
        let documents = Documents::new(&limits());
        let text = "query Klantbeeld { partij(uuid: \"x\") { uuid } }";
        for _ in 0..3 {
            let mut request = Request::new(text);
            let prepared = documents.prepare(&mut request, &Principal::nobody()).await;
            assert_eq!(prepared.name.as_deref(), Some("Klantbeeld"));
            assert!(prepared.within_limits && prepared.parsed);
            assert!(request.parsed_query().is_ok());
        }
        documents.parsed.run_pending_tasks().await;
        assert_eq!(documents.parsed.entry_count(), 1);
        // A name the document does not have is no name.
        let mut named = Request::new("{ partij(uuid: \"x\") { uuid } }").operation_name("Anders");
        let prepared = documents.prepare(&mut named, &Principal::nobody()).await;
        assert_eq!(prepared.name, None);
        let two = "query A { __typename } query B { __typename }";
        let mut named = Request::new(two).operation_name("B");
        let prepared = documents.prepare(&mut named, &Principal::nobody()).await;
        assert_eq!(prepared.name.as_deref(), Some("B"));
        let mut introspection = Request::new("{ __schema { queryType { name } } }");
        let prepared = documents
            .prepare(&mut introspection, &Principal::nobody())
            .await;
        assert!(!prepared.within_limits, "nobody may not introspect");
        assert!(prepared.parsed);
    }

    #[tokio::test]
    async fn leaves_texts_over_the_limits_and_bad_syntax_unparsed() {
        let documents = Documents::new(&limits());
        let long = format!("{{ partij(uuid: \"{}\") {{ uuid }} }}", "x".repeat(300));
        let deep = "{ a { b { c { d { e { f { g { h { i { j { k { l } } } } } } } } } } } }";
        for text in [long.as_str(), deep, "query {"] {
            let mut request = Request::new(text);
            let prepared = documents.prepare(&mut request, &Principal::nobody()).await;
            assert_eq!(prepared.name, None);
            assert!(!prepared.within_limits && !prepared.parsed);
        }
        documents.parsed.run_pending_tasks().await;
        assert_eq!(documents.parsed.entry_count(), 0);
    }
}
