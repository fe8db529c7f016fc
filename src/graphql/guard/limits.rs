//! Query limits, checked by an async-graphql extension before anything is
//! executed, so a refused query costs no register call: the document's
//! size and nesting before it is parsed, its aliases and introspection
//! fields after, its depth and complexity after validation. Each refusal is
//! a `LIMIT_EXCEEDED` error whose `extensions.limit` names the
//! configuration key. (The batch size and the body size are checked in the
//! HTTP layer, `http::limits`, since they are not properties of one query.)
//!
//! Complexity: every field costs 1; a list field multiplies what is below it
//! by its page size ([`page_cost`]: `first`, or the default page) or, for a
//! relation without paging, by [`RELATION_FANOUT`] ([`relation_cost`]). The
//! own depth and complexity checks replace async-graphql's `limit_depth` and
//! `limit_complexity`, whose errors do not say which limit was hit.

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextValidation,
};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{ErrorExtensions, Pos, ServerError, ServerResult, ValidationResult, Variables};

use super::{forbidden, nobody};
use crate::auth::{Ability, Principal};
use crate::config::LimitsConfig;

/// A paged list without `first` is costed as this many items.
pub const DEFAULT_PAGE: usize = 20;
/// A relation list without paging (a partij's betrokkenen, a contact's
/// interne taken) is costed as this many items.
pub const RELATION_FANOUT: usize = 5;
/// Room above `max_depth` for argument values (`(`, `[`, `{` in arguments)
/// in the pre-parse nesting check; the exact depth is checked after
/// validation.
const NESTING_SLACK: usize = 8;

/// The complexity of a paged list field: `first` (or [`DEFAULT_PAGE`]) times
/// what is selected below it. For `#[graphql(complexity = ...)]`.
pub fn page_cost(first: Option<i32>, child_complexity: usize) -> usize {
    let page = first.map_or(DEFAULT_PAGE, |f| usize::try_from(f).unwrap_or(0).max(1));
    items_cost(page, child_complexity)
}

/// The complexity of a relation list without paging.
pub fn relation_cost(child_complexity: usize) -> usize {
    items_cost(RELATION_FANOUT, child_complexity)
}

/// The complexity of a list of `items` known from the arguments (the BSNs
/// of `personen`).
pub fn items_cost(items: usize, child_complexity: usize) -> usize {
    items.saturating_mul(child_complexity).saturating_add(1)
}

/// A refused request: `LIMIT_EXCEEDED`, naming the configuration key.
pub fn limit_error(limit: &'static str, message: impl Into<String>) -> ServerError {
    request_error(async_graphql::Error::new(message).extend_with(|_, ext| {
        ext.set("code", "LIMIT_EXCEEDED");
        ext.set("limit", limit);
    }))
}

/// An error about the request as a whole: no location, no path.
fn request_error(e: async_graphql::Error) -> ServerError {
    let mut e = e.into_server_error(Pos::default());
    e.locations.clear();
    e
}

/// The extension factory, built from `[limits]`.
pub struct QueryLimits(Arc<LimitsConfig>);

impl QueryLimits {
    pub fn new(config: &LimitsConfig) -> QueryLimits {
        QueryLimits(Arc::new(config.clone()))
    }

    /// The parser's own recursion limit: at least async-graphql's default,
    /// and no lower than what the nesting check lets through.
    pub fn recursive_depth(config: &LimitsConfig) -> usize {
        (config.max_depth + NESTING_SLACK).max(32)
    }
}

impl ExtensionFactory for QueryLimits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(LimitsExtension(self.0.clone()))
    }
}

struct LimitsExtension(Arc<LimitsConfig>);

#[async_graphql::async_trait::async_trait]
impl Extension for LimitsExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let limits = &self.0;
        if query.len() > limits.max_document_bytes {
            return Err(limit_error(
                "limits.max_document_bytes",
                format!(
                    "the document is {} bytes; limits.max_document_bytes is {}",
                    query.len(),
                    limits.max_document_bytes
                ),
            ));
        }
        if nesting(query) > limits.max_depth + NESTING_SLACK {
            return Err(depth_error(limits.max_depth));
        }
        // The parser's and async-graphql's own recursion limits (reached
        // through nested fragments) are the depth limit too.
        let document = next.run(ctx, query, variables).await.map_err(|e| {
            if e.message.to_ascii_lowercase().contains("recursion") {
                depth_error(limits.max_depth)
            } else {
                e
            }
        })?;
        let aliases = count_aliases(&document);
        if aliases > limits.max_aliases {
            return Err(limit_error(
                "limits.max_aliases",
                format!(
                    "the document has {aliases} aliases; limits.max_aliases is {}",
                    limits.max_aliases
                ),
            ));
        }
        let principal = ctx.data_opt::<Principal>().unwrap_or(nobody());
        if uses_introspection(&document) && !principal.can(Ability::Introspectie) {
            return Err(request_error(forbidden(
                "introspection (__schema, __type) shows the whole schema",
                Ability::Introspectie,
            )));
        }
        Ok(document)
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let result = next.run(ctx).await?;
        let limits = &self.0;
        if result.depth > limits.max_depth {
            return Err(vec![depth_error(limits.max_depth)]);
        }
        if result.complexity > limits.max_complexity {
            return Err(vec![limit_error(
                "limits.max_complexity",
                format!(
                    "the query's complexity is {}; limits.max_complexity is {}",
                    result.complexity, limits.max_complexity
                ),
            )]);
        }
        tracing::debug!(
            depth = result.depth,
            complexity = result.complexity,
            "query within limits"
        );
        Ok(result)
    }
}

/// What this extension's checks before validation say of a document whose
/// text is [`parsable`]: whether its aliases are within the limit, and
/// whether it asks for introspection (which only some callers may). It
/// depends on the document alone, so `http::documents` keeps it with the
/// parsed tree.
#[derive(Debug, Clone, Copy)]
pub struct Precheck {
    aliases_within: bool,
    introspection: bool,
}

impl Precheck {
    pub fn of(document: &ExecutableDocument, limits: &LimitsConfig) -> Precheck {
        Precheck {
            aliases_within: count_aliases(document) <= limits.max_aliases,
            introspection: uses_introspection(document),
        }
    }

    /// Whether the document passes every check made before validation for
    /// `principal`. Such a document may run on the schema without extensions
    /// (`graphql::build_unchecked`); any other goes through the extension for
    /// the refusal that names the limit.
    pub fn passes(&self, principal: &Principal) -> bool {
        self.aliases_within && (!self.introspection || principal.can(Ability::Introspectie))
    }
}

/// Whether an answer is async-graphql's own refusal at the depth,
/// complexity or recursion limit (`graphql::build_unchecked` sets them as
/// the checked schema has them); the checked schema then gives the refusal
/// that names the limit.
pub fn hit_builtin_limit(response: &async_graphql::Response) -> bool {
    response.errors.iter().any(|e| {
        e.message == "Query is too complex."
            || e.message == "Query is nested too deep."
            || e.message.to_ascii_lowercase().contains("recursion")
    })
}

/// Whether a document's text passes the checks made before parsing (size
/// and nesting), so that parsing it is safe (`http::documents`).
pub fn parsable(query: &str, limits: &LimitsConfig) -> bool {
    query.len() <= limits.max_document_bytes && nesting(query) <= limits.max_depth + NESTING_SLACK
}

fn depth_error(max: usize) -> ServerError {
    limit_error(
        "limits.max_depth",
        format!("the query nests deeper than limits.max_depth ({max})"),
    )
}

/// The deepest nesting of `{`, `(` and `[` in a document, outside strings
/// and comments: an upper bound of its selection depth, found without
/// parsing (so that a pathological document never reaches the parser).
fn nesting(query: &str) -> usize {
    let bytes = query.as_bytes();
    let (mut depth, mut deepest, mut i) = (0usize, 0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                i += 3;
                while i < bytes.len() && !bytes[i..].starts_with(b"\"\"\"") {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 2;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'{' | b'(' | b'[' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b'}' | b')' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    deepest
}

/// Every selection set of the document: its operations' and fragments'.
fn selection_sets(document: &ExecutableDocument) -> Vec<&SelectionSet> {
    document
        .operations
        .iter()
        .map(|(_, op)| &op.node.selection_set.node)
        .chain(
            document
                .fragments
                .values()
                .map(|f| &f.node.selection_set.node),
        )
        .collect()
}

/// Visits every field below `set` (inline fragments included; named
/// fragments are visited once, as their own selection sets).
fn visit_fields<'a>(
    set: &'a SelectionSet,
    f: &mut impl FnMut(&'a async_graphql::parser::types::Field),
) {
    for item in &set.items {
        match &item.node {
            Selection::Field(field) => {
                f(&field.node);
                visit_fields(&field.node.selection_set.node, f);
            }
            Selection::InlineFragment(inline) => visit_fields(&inline.node.selection_set.node, f),
            Selection::FragmentSpread(_) => {}
        }
    }
}

fn count_aliases(document: &ExecutableDocument) -> usize {
    let mut n = 0;
    for set in selection_sets(document) {
        visit_fields(set, &mut |field| n += usize::from(field.alias.is_some()));
    }
    n
}

fn uses_introspection(document: &ExecutableDocument) -> bool {
    let mut found = false;
    for set in selection_sets(document) {
        visit_fields(set, &mut |field| {
            found |= matches!(field.name.node.as_str(), "__schema" | "__type");
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_ignores_strings_and_comments() {
        assert_eq!(nesting("{ a { b } }"), 2);
        assert_eq!(nesting(r#"{ a(x: "{{{{") { b } }"#), 2);
        assert_eq!(nesting("{ a(x: [1]) }"), 3);
        assert_eq!(nesting("{ a # {{{{{\n { b } }"), 2);
        assert_eq!(nesting("{ a(x: \"\"\" {{{ \\\"\"\" \"\"\") }"), 2);
        assert_eq!(nesting(&"{a".repeat(1000)), 1000);
        assert_eq!(nesting("}}}{"), 1);
    }

    #[test]
    fn aliases_and_introspection_are_found_in_fragments_too() {
        let doc = async_graphql::parser::parse_query(
            "query { a: partij(uuid: \"x\") { ...F } ... on Query { b: __typename } }
             fragment F on Partij { c: uuid d: nummer }",
        )
        .unwrap();
        assert_eq!(count_aliases(&doc), 4);
        assert!(!uses_introspection(&doc));
        let doc =
            async_graphql::parser::parse_query("{ ... on Query { __schema { types { name } } } }")
                .unwrap();
        assert!(uses_introspection(&doc));
    }

    #[test]
    fn list_costs_follow_the_page_size() {
        assert_eq!(page_cost(Some(5), 3), 16);
        assert_eq!(page_cost(None, 3), DEFAULT_PAGE * 3 + 1);
        assert_eq!(page_cost(Some(-1), 3), 4);
        assert_eq!(page_cost(Some(i32::MAX), usize::MAX), usize::MAX);
        assert_eq!(relation_cost(2), RELATION_FANOUT * 2 + 1);
        assert_eq!(items_cost(3, 2), 7);
    }
}
