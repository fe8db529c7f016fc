//! The GraphiQL playground at `/`, opened on the C4161 klantbeeld query with
//! the persona's variables, so that a developer sees a working klantbeeld
//! with one click.

use axum::response::{Html, IntoResponse};

/// The reference query of use case C4161.
pub const C4161_QUERY: &str = include_str!("../../queries/c4161-klantbeeld.graphql");

/// The C4161 persona's partij nummer (DESIGN.md, fixed interfaces).
pub const C4161_VARIABLES: &str = r#"{ "nummer": "123454321" }"#;

/// The GraphiQL version loaded by the page.
const GRAPHIQL_VERSION: &str = "3.8.3";

pub async fn page() -> impl IntoResponse {
    // JSON string literals are valid JavaScript string literals.
    let query = serde_json::to_string(C4161_QUERY).unwrap_or_default();
    let variables = serde_json::to_string(C4161_VARIABLES).unwrap_or_default();
    Html(format!(
        r#"<!DOCTYPE html>
<html lang="nl">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>klantbeeld-gateway · GraphiQL</title>
  <style>body {{ margin: 0; height: 100vh; }} #graphiql {{ height: 100vh; }}</style>
  <link rel="stylesheet" href="https://unpkg.com/graphiql@{v}/graphiql.min.css">
  <script crossorigin src="https://unpkg.com/react@18/umd/react.production.min.js"></script>
  <script crossorigin src="https://unpkg.com/react-dom@18/umd/react-dom.production.min.js"></script>
  <script crossorigin src="https://unpkg.com/graphiql@{v}/graphiql.min.js"></script>
</head>
<body>
  <div id="graphiql">GraphiQL is loading… (it needs unpkg.com; the endpoint itself is POST /graphql)</div>
  <script>
    const fetcher = GraphiQL.createFetcher({{ url: new URL('/graphql', window.location.origin).toString() }});
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, {{
        fetcher,
        defaultQuery: {query},
        defaultVariables: {variables},
        defaultEditorToolsVisibility: 'variables',
      }})
    );
  </script>
</body>
</html>"#,
        v = GRAPHIQL_VERSION,
    ))
}
