//! The playground's files, compiled into the binary: GraphiQL, React,
//! ReactDOM and graphql-ws as vendored in `assets/graphiql/` (pinned npm
//! releases with their licences; `tools/graphiql/vendor.sh` changes them),
//! and the gateway's own `start.js` and `playground.css`. So the playground
//! works without internet and under a Content-Security-Policy that allows
//! only the gateway's own origin, and a `cargo build` needs no Node.
//!
//! They are served under `/graphiql/<version>/<file>`, where the version is
//! a hash of every file ([`version`]): a new gateway with other files has
//! other URLs, so each URL's content never changes and browsers may keep it
//! for a year without asking again (`Cache-Control: immutable`). Each file
//! is gzip-compressed once per process (flate2, on a blocking thread, when
//! first asked for, or when the page is asked for: [`warm`]) and served
//! compressed to every client that accepts gzip (GraphiQL's 3.5 MB script
//! becomes about 0.8 MB).

use std::io::Write;
use std::sync::{LazyLock, OnceLock};

use axum::extract::Path;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use flate2::write::GzEncoder;
use flate2::Compression;

/// One file of the playground.
pub struct Asset {
    pub name: &'static str,
    content_type: &'static str,
    raw: &'static [u8],
}

const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
const TEXT: &str = "text/plain; charset=utf-8";

macro_rules! vendored {
    ($name:literal, $type:expr) => {
        Asset {
            name: $name,
            content_type: $type,
            raw: include_bytes!(concat!("../../../assets/graphiql/", $name)),
        }
    };
}

/// Every file, in the order the page loads the scripts.
pub static FILES: [Asset; 11] = [
    vendored!("react.production.min.js", JS),
    vendored!("react-dom.production.min.js", JS),
    vendored!("graphql-ws.min.js", JS),
    vendored!("graphiql.min.js", JS),
    Asset {
        name: "start.js",
        content_type: JS,
        raw: include_bytes!("start.js"),
    },
    vendored!("graphiql.min.css", CSS),
    Asset {
        name: "playground.css",
        content_type: CSS,
        raw: include_bytes!("playground.css"),
    },
    vendored!("LICENSE.graphiql", TEXT),
    vendored!("LICENSE.react", TEXT),
    vendored!("LICENSE.react-dom", TEXT),
    vendored!("LICENSE.graphql-ws", TEXT),
];

/// The compressed files, by their index in [`FILES`].
static GZIPPED: [OnceLock<Vec<u8>>; 11] = [const { OnceLock::new() }; 11];

/// The version segment of the files' URLs: the first 16 hex digits of the
/// SHA-256 of every file's name and content.
pub fn version() -> &'static str {
    static VERSION: LazyLock<String> = LazyLock::new(|| {
        let mut hash = ring::digest::Context::new(&ring::digest::SHA256);
        for file in &FILES {
            hash.update(file.name.as_bytes());
            hash.update(&(file.raw.len() as u64).to_be_bytes());
            hash.update(file.raw);
        }
        hash.finish().as_ref()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    });
    &VERSION
}

/// The URL path of a file (relative to the page at `/`).
pub fn path(name: &str) -> String {
    format!("graphiql/{}/{name}", version())
}

/// The gzip of file `index`, compressed now if it was not yet.
fn gzipped(index: usize) -> &'static [u8] {
    GZIPPED[index].get_or_init(|| {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
        // Writing into a Vec does not fail.
        let _ = encoder.write_all(FILES[index].raw);
        encoder.finish().unwrap_or_default()
    })
}

/// Compresses every file not compressed yet, on a blocking thread, so that
/// the browser that asked for the page finds them ready.
pub fn warm() {
    if GZIPPED.iter().all(|g| g.get().is_some()) {
        return;
    }
    tokio::task::spawn_blocking(|| {
        for index in 0..FILES.len() {
            gzipped(index);
        }
    });
}

/// Whether an `Accept-Encoding` header accepts gzip (`gzip` or `*`, with a
/// q-value above 0).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    let mut gzip = None;
    let mut any = None;
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        for coding in value.to_str().unwrap_or("").split(',') {
            let mut parts = coding.split(';');
            let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = parts
                .filter_map(|p| p.split_once('='))
                .find(|(k, _)| k.trim().eq_ignore_ascii_case("q"))
                .map_or(1.0, |(_, v)| v.trim().parse::<f32>().unwrap_or(0.0));
            match name.as_str() {
                "gzip" | "x-gzip" => gzip = Some(q),
                "*" => any = Some(q),
                _ => {}
            }
        }
    }
    gzip.or(any).is_some_and(|q| q > 0.0)
}

/// `GET /graphiql/{version}/{file}`.
pub async fn serve(Path((asked, name)): Path<(String, String)>, headers: HeaderMap) -> Response {
    let found = FILES.iter().position(|f| f.name == name);
    let (true, Some(index)) = (asked == version(), found) else {
        // An old page's version, or no such file.
        return (StatusCode::NOT_FOUND, "no such playground file\n").into_response();
    };
    let file = &FILES[index];
    let gzip = accepts_gzip(&headers);
    let etag = format!("\"{}{}\"", version(), if gzip { "-gzip" } else { "" });
    let mut response = if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"))
    {
        StatusCode::NOT_MODIFIED.into_response()
    } else if gzip {
        let body = tokio::task::spawn_blocking(move || gzipped(index))
            .await
            .unwrap_or(file.raw);
        let mut response = body.into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        response
    } else {
        file.raw.into_response()
    };
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(file.content_type),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if let Ok(etag) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, etag);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_is_taken_when_accepted() {
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap());
            accepts_gzip(&h)
        };
        assert!(with("gzip, deflate, br, zstd"));
        assert!(with("br;q=1.0, gzip;q=0.8"));
        assert!(with("*"));
        assert!(!with("gzip;q=0"));
        assert!(!with("gzip;q=0, *"));
        assert!(!with("br"));
        assert!(!with("identity"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn the_version_covers_every_file_and_is_stable() {
        assert_eq!(version().len(), 16);
        assert_eq!(version(), version());
        assert_eq!(path("start.js"), format!("graphiql/{}/start.js", version()));
        assert!(FILES.iter().all(|f| !f.raw.is_empty()));
    }
}
