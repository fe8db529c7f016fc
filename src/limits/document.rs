//! The limits of one operation's document: its size and nesting, checked on
//! the text before it is parsed (so that a pathological document never
//! reaches the parser), and its aliases and introspection fields, checked on
//! the syntax tree. The depth and complexity need validation
//! ([`super::extension`]).

use async_graphql::parser::types::{ExecutableDocument, Field, Selection, SelectionSet};

use super::Refusal;
use crate::auth::{rules, Principal};
use crate::config::LimitsConfig;

/// Room above `max_depth` for argument values (`(`, `[`, `{` in arguments)
/// in the nesting check on the text; the exact depth is checked after
/// validation.
pub(super) const NESTING_SLACK: usize = 8;

/// The checks on the text: `limits.max_document_bytes`, and a nesting no
/// deeper than `limits.max_depth` allows.
pub fn check_text(query: &str, limits: &LimitsConfig) -> Result<(), Refusal> {
    if query.len() > limits.max_document_bytes {
        return Err(Refusal::new(
            "limits.max_document_bytes",
            format!(
                "the document is {} bytes; limits.max_document_bytes is {}",
                query.len(),
                limits.max_document_bytes
            ),
        ));
    }
    if nesting(query) > limits.max_depth + NESTING_SLACK {
        return Err(too_deep(limits));
    }
    Ok(())
}

/// Whether a document's text passes [`check_text`], so that parsing it is
/// safe (`http::documents`).
pub fn parsable(query: &str, limits: &LimitsConfig) -> bool {
    check_text(query, limits).is_ok()
}

/// `limits.max_aliases`.
pub fn check_aliases(document: &ExecutableDocument, limits: &LimitsConfig) -> Result<(), Refusal> {
    let aliases = count_aliases(document);
    if aliases > limits.max_aliases {
        return Err(Refusal::new(
            "limits.max_aliases",
            format!(
                "the document has {aliases} aliases; limits.max_aliases is {}",
                limits.max_aliases
            ),
        ));
    }
    Ok(())
}

/// The refusal at `limits.max_depth`, wherever it is found (the text, the
/// parser's recursion limit, validation).
pub fn too_deep(limits: &LimitsConfig) -> Refusal {
    Refusal::new(
        "limits.max_depth",
        format!(
            "the query nests deeper than limits.max_depth ({})",
            limits.max_depth
        ),
    )
}

/// What the checks on the syntax tree say of a document whose text is
/// [`parsable`]: whether its aliases are within the limit, and whether it
/// asks for introspection (which only some callers may). It depends on the
/// document alone, so `http::documents` keeps it with the parsed tree.
#[derive(Debug, Clone, Copy)]
pub struct Precheck {
    aliases_within: bool,
    introspection: bool,
}

impl Precheck {
    pub fn of(document: &ExecutableDocument, limits: &LimitsConfig) -> Precheck {
        Precheck {
            aliases_within: check_aliases(document, limits).is_ok(),
            introspection: uses_introspection(document),
        }
    }

    /// Whether the document passes every check made before validation for
    /// `principal`. Such a document may run on the schema without extensions
    /// (`graphql::build_unchecked`); any other goes through the extension for
    /// the refusal that names the limit.
    pub fn passes(&self, principal: &Principal) -> bool {
        self.aliases_within && (!self.introspection || rules::introspection(principal).is_ok())
    }
}

/// The deepest nesting of `{`, `(` and `[` in a document, outside strings
/// and comments: an upper bound of its selection depth, found without
/// parsing.
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
fn visit_fields<'a>(set: &'a SelectionSet, f: &mut impl FnMut(&'a Field)) {
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

/// Whether the document selects `__schema` or `__type` anywhere.
pub fn uses_introspection(document: &ExecutableDocument) -> bool {
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
}
