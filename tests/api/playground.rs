//! The playground over HTTP: a page without inline script under a
//! Content-Security-Policy of the gateway's own origin, and every file it
//! loads served by the gateway itself, gzip-compressed, under immutable
//! URLs. (That it renders and runs in a browser: `tests/browser.rs`.)

use std::io::Read;

use crate::helpers::{spawn_app, spawn_app_with};

/// The `src` and `href` URLs of the page.
fn urls(page: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in ["src=\"", "href=\""] {
        let mut rest = page;
        while let Some(at) = rest.find(attribute) {
            rest = &rest[at + attribute.len()..];
            let end = rest.find('"').unwrap();
            found.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    found
}

#[tokio::test]
async fn the_page_loads_only_the_gateways_own_files_under_a_strict_policy() {
    let app = spawn_app().await;
    let r = app.client.get(&app.gateway).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    for directive in [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "font-src 'self' data:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(directive), "{directive} in {csp}");
    }
    assert!(!csp.contains("unsafe-eval") && !csp.contains("script-src 'self' 'unsafe-inline'"));
    assert_eq!(r.headers()["cache-control"], "no-cache");
    let page = r.text().await.unwrap();
    assert!(
        !page.contains("<script>") && !page.contains("<style"),
        "{page}"
    );
    assert!(page.contains("data-query=\""), "{page}");
    let files = urls(&page);
    assert_eq!(files.len(), 7, "{files:?}");
    let version = files[0].split('/').nth(1).unwrap().to_string();
    for file in &files {
        assert!(
            file.starts_with(&format!("graphiql/{version}/")),
            "every file from the gateway, one version: {file}"
        );
    }
    // Each is there, immutable, gzip-compressed, and inflates to what is vendored.
    for file in &files {
        let r = app
            .client
            .get(format!("{}/{file}", app.gateway))
            .header("accept-encoding", "gzip, deflate, br")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{file}");
        let h = r.headers().clone();
        assert_eq!(h["cache-control"], "public, max-age=31536000, immutable");
        assert_eq!(h["content-encoding"], "gzip", "{file}");
        assert_eq!(h["vary"], "Accept-Encoding");
        let kind = h["content-type"].to_str().unwrap();
        assert!(
            kind.starts_with(if file.ends_with(".js") {
                "text/javascript"
            } else {
                "text/css"
            }),
            "{file}: {kind}"
        );
        let compressed = r.bytes().await.unwrap();
        let mut inflated = Vec::new();
        flate2::read::GzDecoder::new(&compressed[..])
            .read_to_end(&mut inflated)
            .unwrap();
        let name = file.rsplit('/').next().unwrap();
        let source = match name {
            "start.js" | "playground.css" => format!("src/http/playground/{name}"),
            vendored => format!("assets/graphiql/{vendored}"),
        };
        assert_eq!(inflated, std::fs::read(&source).unwrap(), "{file}");
        if name == "graphiql.min.js" {
            assert!(
                compressed.len() * 3 < inflated.len(),
                "{} of {}",
                compressed.len(),
                inflated.len()
            );
        }
        // Asked again with its ETag: 304.
        let again = app
            .client
            .get(format!("{}/{file}", app.gateway))
            .header("accept-encoding", "gzip")
            .header("if-none-match", h["etag"].clone())
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 304, "{file}");
    }
    // Without gzip: the file as it is. The licences are served too.
    let start = format!("{}/graphiql/{version}/start.js", app.gateway);
    let plain = app.client.get(&start).send().await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(
        plain.bytes().await.unwrap(),
        std::fs::read("src/http/playground/start.js").unwrap()
    );
    let licence = format!("{}/graphiql/{version}/LICENSE.graphiql", app.gateway);
    let text = app
        .client
        .get(&licence)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains("MIT License") || text.contains("Permission is hereby granted"),
        "{text}"
    );
    // Another version, or no such file: 404.
    for path in [
        "graphiql/0000000000000000/start.js",
        &format!("graphiql/{version}/x.js"),
        &format!("graphiql/{version}/..%2Fconfig.toml"),
    ] {
        let r = app
            .client
            .get(format!("{}/{path}", app.gateway))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404, "{path}");
    }
}

#[tokio::test]
async fn no_playground_when_it_is_off() {
    let app = spawn_app_with(|c| c.server.graphiql = false).await;
    let r = app.client.get(&app.gateway).send().await.unwrap();
    assert_eq!(r.status(), 404);
}
