//! The GraphiQL playground at `/`, opened on the C4161 klantbeeld query
//! with the persona's variables, so that a developer sees a working
//! klantbeeld with one click, on a machine without internet too.
//!
//! Every file the page loads comes from the gateway itself
//! ([`assets`]: `/graphiql/<version>/…`), and the page has no inline script:
//! `start.js` reads the query and variables from the root element's data
//! attributes. So the page can carry a Content-Security-Policy that allows
//! only the gateway's own origin ([`CSP`]): scripts, styles, fonts and
//! connections (`fetch` to `/graphql`, the WebSocket to `/graphql/ws`) from
//! `'self'` only. GraphiQL sets inline styles (emotion, React style
//! attributes), hence `style-src 'unsafe-inline'`; its fonts and icons come
//! as `data:` URLs.

mod assets;

use axum::http::{header, HeaderValue};
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use axum::Router;

/// The reference query of use case C4161.
pub const C4161_QUERY: &str = include_str!("../../../queries/c4161-klantbeeld.graphql");

/// The C4161 persona's partij nummer (README, "Start").
pub const C4161_VARIABLES: &str = r#"{ "nummer": "123454321" }"#;

/// The page's Content-Security-Policy: the gateway's own origin only.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
font-src 'self' data:; img-src 'self' data:; connect-src 'self'; base-uri 'none'; \
form-action 'none'; frame-ancestors 'none'";

/// The page and its files.
pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/", get(page))
        .route("/graphiql/{version}/{file}", get(assets::serve))
}

/// `GET /`.
async fn page() -> impl IntoResponse {
    assets::warm();
    (
        [
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(CSP),
            ),
            // The page names the files' current version: always fresh.
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (
                header::REFERRER_POLICY,
                HeaderValue::from_static("no-referrer"),
            ),
        ],
        Html(html()),
    )
}

/// The page's HTML: the stylesheets and scripts of [`assets`] (in order,
/// deferred), and the root element with the query and variables to open on.
fn html() -> &'static str {
    static HTML: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let styles: String = ["graphiql.min.css", "playground.css"]
            .iter()
            .map(|f| format!("  <link rel=\"stylesheet\" href=\"{}\">\n", assets::path(f)))
            .collect();
        let scripts: String = assets::FILES
            .iter()
            .filter(|f| f.name.ends_with(".js"))
            .map(|f| {
                format!(
                    "  <script defer src=\"{}\"></script>\n",
                    assets::path(f.name)
                )
            })
            .collect();
        format!(
            r#"<!DOCTYPE html>
<html lang="nl">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>klantbeeld-gateway · GraphiQL</title>
{styles}{scripts}</head>
<body>
  <div id="graphiql" data-query="{query}" data-variables="{variables}">GraphiQL is loading… (it needs JavaScript; the endpoint itself is POST /graphql)</div>
</body>
</html>
"#,
            query = attribute(C4161_QUERY),
            variables = attribute(C4161_VARIABLES),
        )
    });
    &HTML
}

/// `text` escaped for a double-quoted HTML attribute.
fn attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_escaped() {
        assert_eq!(
            attribute(r#"a "b" <c> & 'd'"#),
            "a &quot;b&quot; &lt;c&gt; &amp; &#39;d&#39;"
        );
    }

    #[test]
    fn the_page_has_no_inline_script_and_opens_on_c4161() {
        let page = html();
        assert_eq!(page.matches("<script").count(), 5, "{page}");
        assert_eq!(
            page.matches("<script defer src=\"graphiql/").count(),
            5,
            "{page}"
        );
        assert!(!page.contains("<style"), "{page}");
        assert!(!page.contains("http"), "no other origin: {page}");
        assert!(page.contains("partijOpNummer(nummer: $nummer)"));
        assert!(page.contains("{ &quot;nummer&quot;: &quot;123454321&quot; }"));
    }
}
