//! `schema.graphql` is the schema the code builds, and the reference
//! queries are valid against it.

use klantbeeld_gateway::graphql;

#[test]
fn schema_graphql_is_in_sync_with_the_code() {
    let path = format!("{}/schema.graphql", env!("CARGO_MANIFEST_DIR"));
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == graphql::sdl(),
        "schema.graphql differs from the schema the code builds; regenerate it with\n\n    cargo run -- schema > schema.graphql\n"
    );
}
