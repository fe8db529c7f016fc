//! Persisted documents: a request may name its document instead of sending
//! it, and a production gateway may run only the documents its front ends
//! were built with.
//!
//! - **Automatic persisted queries** (APQ), as Apollo Client and urql speak
//!   it: a request brings `extensions.persistedQuery` with `version` 1 and
//!   the `sha256Hash` of its document, at first without the text. A hash the
//!   gateway knows runs its document (also over GET, so that a browser or a
//!   CDN could cache the request: every answer still says
//!   `Cache-Control: private, no-store`, since it carries register data);
//!   an unknown one is answered with the error `PersistedQueryNotFound`
//!   (`extensions.code` `PERSISTED_QUERY_NOT_FOUND`), after which the client
//!   sends hash and text, and the gateway checks that the hash is the
//!   text's, keeps the text (at most [`APQ_CAPACITY_BYTES`], each within
//!   `limits.max_document_bytes`) and runs it. Its parsed tree is then kept
//!   by the parsed-documents cache, like any text's.
//! - **Trusted documents**: a manifest (`documents.manifest`, JSON, id →
//!   document, as GraphQL Code Generator's persisted documents, Relay's
//!   persist-output or Apollo's persisted query manifest write it), loaded
//!   at start. A request names one by `documentId` (or by its SHA-256 as an
//!   APQ hash). With `documents.only_trusted = true`, principals without
//!   the ability `ad-hoc-documenten` run only the manifest's documents (by
//!   id, or by sending the identical text); anything else is refused before
//!   it is parsed: an unknown id with 404 `PERSISTED_QUERY_NOT_IN_LIST`,
//!   another text with 403 `QUERY_NOT_IN_SAFELIST` (the codes Apollo's
//!   router uses), and they cannot register APQ documents either. The same
//!   rule holds on every transport (`/graphql/sse`, and each operation over
//!   `/graphql/ws`: [`Persisted::admit_text`]).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use axum::http::StatusCode;
use moka::future::Cache;

use super::over_http::{Params, Refusal};
use crate::auth::{Ability, Principal};
use crate::config::{DocumentsConfig, LimitsConfig};

/// Bytes of APQ document text kept at most (least recently used go first).
pub const APQ_CAPACITY_BYTES: u64 = 4 * 1024 * 1024;

/// A SHA-256 digest.
type Hash = [u8; 32];

/// The persisted documents of one gateway.
pub struct Persisted {
    apq: Cache<Hash, Arc<str>>,
    manifest: Manifest,
    only_trusted: bool,
    max_document_bytes: usize,
}

impl Persisted {
    /// The store for `config`, its manifest read now; `Err` names the key
    /// and what is wrong.
    pub fn new(config: &DocumentsConfig, limits: &LimitsConfig) -> Result<Persisted, String> {
        let manifest = if config.manifest.is_empty() {
            Manifest::default()
        } else {
            let text = std::fs::read_to_string(&config.manifest)
                .map_err(|e| format!("documents.manifest: cannot read {}: {e}", config.manifest))?;
            Manifest::parse(&text)
                .map_err(|e| format!("documents.manifest ({}): {e}", config.manifest))?
        };
        if config.only_trusted && manifest.by_id.is_empty() {
            return Err(
                "documents.only_trusted is true, but documents.manifest names no documents: \
                 only principals with ad-hoc-documenten could run anything"
                    .into(),
            );
        }
        Ok(Persisted {
            apq: Cache::builder()
                .max_capacity(APQ_CAPACITY_BYTES)
                .weigher(|_: &Hash, text: &Arc<str>| u32::try_from(text.len()).unwrap_or(u32::MAX))
                .build(),
            manifest,
            only_trusted: config.only_trusted,
            max_document_bytes: limits.max_document_bytes,
        })
    }

    /// Whether some principals may run only trusted documents.
    pub fn only_trusted(&self) -> bool {
        self.only_trusted
    }

    /// Whether `principal` may run only trusted documents.
    fn restricted(&self, principal: &Principal) -> bool {
        self.only_trusted && !principal.can(Ability::AdHocDocumenten)
    }

    /// The GraphQL request of `params` for `principal`: its document sent,
    /// or found by id or hash; or why it cannot run.
    pub async fn resolve(
        &self,
        mut params: Params,
        principal: &Principal,
    ) -> Result<async_graphql::Request, Refusal> {
        let hash = apq_hash(&params)?;
        let restricted = self.restricted(principal);
        match (params.query.as_deref(), &params.document_id, hash) {
            (Some(text), _, hash) => {
                if let Some(hash) = hash {
                    if sha256(text) != hash {
                        return Err(Refusal::bad_request(
                            "provided sha does not match query: extensions.persistedQuery.sha256Hash must be the SHA-256 of the query",
                        ));
                    }
                }
                if restricted {
                    self.admit_text(text, principal)?;
                } else if let Some(hash) = hash {
                    if text.len() <= self.max_document_bytes {
                        self.apq.insert(hash, Arc::from(text)).await;
                    }
                }
            }
            (None, Some(id), _) => {
                let text = self.manifest.by_id(id).ok_or_else(|| not_in_list(id))?;
                params.query = Some(text.to_string());
            }
            (None, None, Some(hash)) => {
                let known = match self.manifest.by_hash(&hash) {
                    Some(text) => Some(text),
                    None if restricted => return Err(not_in_list(&hex(&hash))),
                    None => self.apq.get(&hash).await,
                };
                let text = known.ok_or_else(not_found)?;
                params.query = Some(text.to_string());
            }
            (None, None, None) => {}
        }
        params.into_request()
    }

    /// Whether `principal` may run the document `text`: any, unless
    /// restricted to the manifest's ([`Persisted::resolve`] and the
    /// WebSocket's operations).
    pub fn admit_text(&self, text: &str, principal: &Principal) -> Result<(), Refusal> {
        if !self.restricted(principal) || self.manifest.texts.contains(&sha256(text)) {
            return Ok(());
        }
        Err(Refusal {
            status: StatusCode::FORBIDDEN,
            code: "QUERY_NOT_IN_SAFELIST",
            message: "only the trusted documents of documents.manifest may run \
                      (documents.only_trusted), and this is not one of them; \
                      sending other documents needs the ability ad-hoc-documenten"
                .into(),
            allow: None,
            request_error: false,
        })
    }
}

/// `extensions.persistedQuery.sha256Hash`, checked; `None` without
/// `persistedQuery`.
fn apq_hash(params: &Params) -> Result<Option<Hash>, Refusal> {
    let Some(persisted) = params
        .extensions
        .as_ref()
        .and_then(|e| e.get("persistedQuery"))
    else {
        return Ok(None);
    };
    let bad = |what: &str| {
        Refusal::bad_request(format!(
            "extensions.persistedQuery {what}; it must be {{\"version\": 1, \"sha256Hash\": \"<64 hexadecimal digits>\"}}"
        ))
    };
    let persisted = persisted
        .as_object()
        .ok_or_else(|| bad("is not an object"))?;
    if persisted.get("version").and_then(serde_json::Value::as_u64) != Some(1) {
        return Err(bad(
            "has no version 1 (the only version of automatic persisted queries)",
        ));
    }
    let hash = persisted
        .get("sha256Hash")
        .and_then(serde_json::Value::as_str)
        .ok_or_else(|| bad("has no sha256Hash"))?;
    parse_hex(hash)
        .map(Some)
        .ok_or_else(|| bad("has a sha256Hash that is not 64 hexadecimal digits"))
}

/// The APQ answer to a hash the gateway does not know: the client then
/// sends the text. Apollo Client and urql look for this message and code.
fn not_found() -> Refusal {
    Refusal {
        status: StatusCode::BAD_REQUEST,
        code: "PERSISTED_QUERY_NOT_FOUND",
        message: "PersistedQueryNotFound".into(),
        allow: None,
        request_error: true,
    }
}

fn not_in_list(id: &str) -> Refusal {
    let shown: String = id.chars().take(80).filter(|c| !c.is_control()).collect();
    Refusal {
        status: StatusCode::NOT_FOUND,
        code: "PERSISTED_QUERY_NOT_IN_LIST",
        message: format!("no trusted document has the id {shown} (documents.manifest)"),
        allow: None,
        request_error: false,
    }
}

/// The trusted documents.
#[derive(Debug, Default)]
pub struct Manifest {
    /// By the manifest's id (and by `sha256:<hex>` and `<hex>` of the text).
    by_id: HashMap<String, Arc<str>>,
    /// The SHA-256 of every text, for a request that sends the text.
    texts: HashSet<Hash>,
}

impl Manifest {
    /// Reads a manifest: `{"<id>": "<document>", …}` (GraphQL Code
    /// Generator, Relay), or Apollo's `{"format":
    /// "apollo-persisted-query-manifest", "operations": [{"id", "body"}]}`.
    /// An id that is a SHA-256 (64 hexadecimal digits, `sha256:` in front or
    /// not) must be its document's; other ids (Relay's MD5) are names.
    pub fn parse(json: &str) -> Result<Manifest, String> {
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| format!("not valid JSON: {e}"))?;
        let object = value
            .as_object()
            .ok_or("not a JSON object of id -> document")?;
        let entries: Vec<(String, String)> = if object.get("format").and_then(|f| f.as_str())
            == Some("apollo-persisted-query-manifest")
        {
            object
                .get("operations")
                .and_then(|o| o.as_array())
                .ok_or("an Apollo manifest without operations")?
                .iter()
                .enumerate()
                .map(|(i, op)| {
                    let field = |name: &str| {
                        op.get(name)
                            .and_then(|v| v.as_str())
                            .map(str::to_string)
                            .ok_or(format!("operation {i} has no {name} string"))
                    };
                    Ok((field("id")?, field("body")?))
                })
                .collect::<Result<_, String>>()?
        } else {
            object
                .iter()
                .map(|(id, text)| {
                    text.as_str()
                        .map(|t| (id.clone(), t.to_string()))
                        .ok_or(format!("the document of {id} is not a string"))
                })
                .collect::<Result<_, String>>()?
        };
        let mut manifest = Manifest::default();
        for (id, text) in entries {
            if id.is_empty() {
                return Err("a document has an empty id".into());
            }
            let hash = sha256(&text);
            if let Some(claimed) = parse_hex(id.strip_prefix("sha256:").unwrap_or(&id)) {
                if claimed != hash {
                    return Err(format!(
                        "the id {id} is not the SHA-256 of its document ({})",
                        hex(&hash)
                    ));
                }
            }
            let text: Arc<str> = Arc::from(text.as_str());
            for key in [id, hex(&hash), format!("sha256:{}", hex(&hash))] {
                manifest.by_id.insert(key, text.clone());
            }
            manifest.texts.insert(hash);
        }
        Ok(manifest)
    }

    fn by_id(&self, id: &str) -> Option<&Arc<str>> {
        self.by_id.get(id)
    }

    fn by_hash(&self, hash: &Hash) -> Option<Arc<str>> {
        self.by_id.get(&hex(hash)).cloned()
    }
}

/// The SHA-256 of a document's text (its UTF-8 bytes, as clients hash it).
pub fn sha256(text: &str) -> Hash {
    let digest = ring::digest::digest(&ring::digest::SHA256, text.as_bytes());
    let mut hash = [0; 32];
    hash.copy_from_slice(digest.as_ref());
    hash
}

/// Lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// 64 hexadecimal digits (either case) as a digest.
fn parse_hex(text: &str) -> Option<Hash> {
    if text.len() != 64 || !text.is_ascii() {
        return None;
    }
    let mut hash = [0; 32];
    for (i, byte) in hash.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(hash)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const DOC: &str = "{ __typename }";

    fn params(value: serde_json::Value) -> Params {
        let mut p = Params::default();
        let o = value.as_object().unwrap();
        p.query = o.get("query").and_then(|q| q.as_str()).map(str::to_string);
        p.document_id = o
            .get("documentId")
            .and_then(|q| q.as_str())
            .map(str::to_string);
        p.extensions = o.get("extensions").and_then(|e| e.as_object()).cloned();
        p
    }

    fn store(manifest: &str, only_trusted: bool) -> Persisted {
        let dir = std::env::temp_dir().join(format!("manifest-{}", uuid::Uuid::new_v4()));
        std::fs::write(&dir, manifest).unwrap();
        let config = DocumentsConfig {
            manifest: dir.display().to_string(),
            only_trusted,
        };
        let p = Persisted::new(&config, &crate::config::Config::development().limits);
        let _ = std::fs::remove_file(&dir);
        p.unwrap()
    }

    fn apq(hash: &str) -> serde_json::Value {
        json!({"persistedQuery": {"version": 1, "sha256Hash": hash}})
    }

    #[test]
    fn the_sha256_is_what_clients_compute() {
        // echo -n '{ __typename }' | sha256sum
        assert_eq!(
            hex(&sha256(DOC)),
            "7f56e67dd21ab3f30d1ff8b7bed08893f0a0db86449836189b361dd1e56ddb4b"
        );
        assert_eq!(
            parse_hex(&hex(&sha256(DOC)).to_uppercase()),
            Some(sha256(DOC))
        );
        assert_eq!(parse_hex("zz"), None);
        assert_eq!(parse_hex(&"é".repeat(32)), None);
    }

    #[test]
    fn manifests_of_the_three_tools_are_read() {
        let h = hex(&sha256(DOC));
        let flat = Manifest::parse(&json!({ h.clone(): DOC, "relay-md5-id": "{ a }" }).to_string())
            .unwrap();
        assert_eq!(flat.by_id("relay-md5-id").map(|t| &**t), Some("{ a }"));
        assert_eq!(flat.by_id(&format!("sha256:{h}")).map(|t| &**t), Some(DOC));
        assert!(flat.texts.contains(&sha256("{ a }")));
        let apollo = json!({"format": "apollo-persisted-query-manifest", "version": 1,
            "operations": [{"id": h, "name": "T", "type": "query", "body": DOC}]});
        assert!(Manifest::parse(&apollo.to_string())
            .unwrap()
            .by_hash(&sha256(DOC))
            .is_some());
        for (bad, says) in [
            ("[]", "not a JSON object"),
            ("{", "not valid JSON"),
            (r#"{"a": 1}"#, "the document of a is not a string"),
            (r#"{"": "{ a }"}"#, "empty id"),
            (
                &json!({ hex(&sha256("{ b }")): DOC }).to_string(),
                "is not the SHA-256 of its document",
            ),
            (
                r#"{"format": "apollo-persisted-query-manifest"}"#,
                "without operations",
            ),
        ] {
            let e = Manifest::parse(bad).unwrap_err();
            assert!(e.contains(says), "{bad}: {e}");
        }
    }

    #[tokio::test]
    async fn automatic_persisted_queries_register_and_run() {
        let p = store("{}", false);
        let anyone = Principal::nobody();
        let h = hex(&sha256(DOC));
        let unknown = p
            .resolve(params(json!({"extensions": apq(&h)})), &anyone)
            .await
            .unwrap_err();
        assert_eq!(
            (unknown.code, unknown.message.as_str()),
            ("PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound")
        );
        let wrong = p
            .resolve(
                params(json!({"query": "{ b }", "extensions": apq(&h)})),
                &anyone,
            )
            .await
            .unwrap_err();
        assert!(
            wrong.message.contains("provided sha does not match query"),
            "{}",
            wrong.message
        );
        let first = p
            .resolve(
                params(json!({"query": DOC, "extensions": apq(&h)})),
                &anyone,
            )
            .await
            .unwrap();
        assert_eq!(first.query, DOC);
        let again = p
            .resolve(params(json!({"extensions": apq(&h)})), &anyone)
            .await
            .unwrap();
        assert_eq!(again.query, DOC);
        for bad in [
            json!({"persistedQuery": 1}),
            json!({"persistedQuery": {"version": 2, "sha256Hash": h}}),
            apq("abc"),
        ] {
            let e = p
                .resolve(params(json!({"extensions": bad})), &anyone)
                .await
                .unwrap_err();
            assert_eq!(e.code, "BAD_REQUEST");
        }
    }

    #[tokio::test]
    async fn only_trusted_documents_for_principals_without_the_ability() {
        let h = hex(&sha256(DOC));
        let p = store(&json!({ "doc-1": DOC }).to_string(), true);
        let roles =
            std::collections::BTreeMap::from([("dev".to_string(), vec![Ability::AdHocDocumenten])]);
        let restricted = Principal::new("a".into(), vec![], None, &roles);
        let free = Principal::new("b".into(), vec!["dev".into()], None, &roles);
        // By id, by hash, by identical text.
        for request in [
            json!({"documentId": "doc-1"}),
            json!({"documentId": format!("sha256:{h}")}),
            json!({"extensions": apq(&h)}),
            json!({"query": DOC}),
        ] {
            assert_eq!(
                p.resolve(params(request.clone()), &restricted)
                    .await
                    .unwrap()
                    .query,
                DOC,
                "{request}"
            );
        }
        let other = p
            .resolve(params(json!({"query": "{ a }"})), &restricted)
            .await
            .unwrap_err();
        assert_eq!(
            (other.status, other.code),
            (StatusCode::FORBIDDEN, "QUERY_NOT_IN_SAFELIST")
        );
        let unknown = p
            .resolve(params(json!({"documentId": "doc-2"})), &restricted)
            .await
            .unwrap_err();
        assert_eq!(
            (unknown.status, unknown.code),
            (StatusCode::NOT_FOUND, "PERSISTED_QUERY_NOT_IN_LIST")
        );
        // No registering of new APQ documents either.
        let a = "{ a }";
        let ha = hex(&sha256(a));
        assert!(p
            .resolve(
                params(json!({"query": a, "extensions": apq(&ha)})),
                &restricted
            )
            .await
            .is_err());
        assert!(p
            .resolve(params(json!({"extensions": apq(&ha)})), &restricted)
            .await
            .is_err());
        // The ability lifts it.
        assert_eq!(
            p.resolve(params(json!({"query": a, "extensions": apq(&ha)})), &free)
                .await
                .unwrap()
                .query,
            a
        );
        let registered = p
            .resolve(params(json!({"extensions": apq(&ha)})), &free)
            .await
            .unwrap();
        assert_eq!(registered.query, a);
        let still = p
            .resolve(params(json!({"extensions": apq(&ha)})), &restricted)
            .await
            .unwrap_err();
        assert_eq!(still.code, "PERSISTED_QUERY_NOT_IN_LIST");
    }

    #[test]
    fn only_trusted_needs_a_manifest() {
        let config = DocumentsConfig {
            manifest: String::new(),
            only_trusted: true,
        };
        let e = Persisted::new(&config, &crate::config::Config::development().limits)
            .err()
            .unwrap();
        assert!(e.contains("documents.only_trusted"), "{e}");
        let config = DocumentsConfig {
            manifest: "/nonexistent/manifest.json".into(),
            only_trusted: false,
        };
        let e = Persisted::new(&config, &crate::config::Config::development().limits)
            .err()
            .unwrap();
        assert!(
            e.starts_with("documents.manifest: cannot read /nonexistent/manifest.json"),
            "{e}"
        );
    }
}
