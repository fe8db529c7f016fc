//! Which media type a GraphQL answer over HTTP is written in, from the
//! request's `Accept` header (RFC 9110 §12.5.1, q-values honoured), as the
//! GraphQL over HTTP draft asks:
//! - `application/graphql-response+json` when the client accepts it at least
//!   as much as `application/json` and names it (its status codes can be
//!   trusted: 4xx for a request that never ran, no `data` then);
//! - `application/json` when that is what the client accepts, and for
//!   `Accept: */*` or no `Accept` header at all. The draft's watershed
//!   (from 2025 a missing `Accept` SHOULD mean graphql-response+json) is
//!   deliberately not followed: older clients and tools send no `Accept` or
//!   `*/*` and decide by `application/json`, and a wildcard says nothing
//!   about which of the two the client can read;
//! - 406 Not Acceptable when the client accepts neither (the draft's
//!   RECOMMENDED choice), before anything else happens.
//!
//! [`negotiate`] is the middleware of `POST|GET /graphql`: it answers 406
//! itself, hands the chosen type to the handler as a request extension, and
//! gives the GraphQL error bodies of the layers behind it (401, 413, 429)
//! the chosen type too.

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The two media types a GraphQL answer can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaType {
    /// `application/graphql-response+json`: status codes follow the result.
    GraphqlResponse,
    /// `application/json`: 200 for every well-formed request.
    Json,
}

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";
const JSON: &str = "application/json";

impl MediaType {
    /// The `Content-Type` of an answer in this media type (UTF-8, said
    /// explicitly, as the draft recommends).
    pub fn content_type(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            MediaType::GraphqlResponse => "application/graphql-response+json; charset=utf-8",
            MediaType::Json => "application/json; charset=utf-8",
        })
    }

    fn essence(self) -> &'static str {
        match self {
            MediaType::GraphqlResponse => GRAPHQL_RESPONSE,
            MediaType::Json => JSON,
        }
    }
}

/// How well an `Accept` header accepts one media type: the q-value of the
/// most specific range that matches it, and whether that range names the
/// type itself (not a wildcard).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Acceptance {
    q: f32,
    named: bool,
}

/// The media type for a request with these headers, or `None` when the
/// client accepts neither (406).
pub fn choose(headers: &HeaderMap) -> Option<MediaType> {
    let values: Vec<&str> = headers
        .get_all(header::ACCEPT)
        .iter()
        // A header that is not text accepts nothing we can tell.
        .map(|v| v.to_str().unwrap_or(""))
        .collect();
    if values.iter().all(|v| v.trim().is_empty()) {
        return Some(MediaType::Json);
    }
    let ranges: Vec<Range> = values
        .iter()
        .flat_map(|v| v.split(','))
        .filter_map(Range::parse)
        .collect();
    let graphql = acceptance(&ranges, MediaType::GraphqlResponse);
    let json = acceptance(&ranges, MediaType::Json);
    match (graphql.q > 0.0, json.q > 0.0) {
        (false, false) => None,
        (true, false) => Some(MediaType::GraphqlResponse),
        (false, true) => Some(MediaType::Json),
        // Both: the higher q; on a tie the one named (graphql-response+json
        // when both are), application/json when only wildcards matched.
        (true, true) if graphql.q > json.q => Some(MediaType::GraphqlResponse),
        (true, true) if json.q > graphql.q => Some(MediaType::Json),
        (true, true) if graphql.named => Some(MediaType::GraphqlResponse),
        (true, true) => Some(MediaType::Json),
    }
}

/// One media range of an `Accept` header.
#[derive(Debug)]
struct Range {
    kind: String,
    subtype: String,
    q: f32,
}

impl Range {
    /// `type/subtype;param=value;q=0.5`; `None` for a range that is not one
    /// (ignored, as RFC 9110 allows).
    fn parse(text: &str) -> Option<Range> {
        let mut parts = text.split(';');
        let (kind, subtype) = parts.next()?.trim().split_once('/')?;
        let (kind, subtype) = (
            kind.trim().to_ascii_lowercase(),
            subtype.trim().to_ascii_lowercase(),
        );
        if kind.is_empty() || subtype.is_empty() || (kind == "*" && subtype != "*") {
            return None;
        }
        let mut q = 1.0;
        for param in parts {
            let Some((name, value)) = param.split_once('=') else {
                continue;
            };
            match name.trim().to_ascii_lowercase().as_str() {
                "q" => {
                    q = value
                        .trim()
                        .parse::<f32>()
                        .ok()
                        .filter(|q| (0.0..=1.0).contains(q))?
                }
                // A charset other than UTF-8 cannot be served.
                "charset" if !value.trim().trim_matches('"').eq_ignore_ascii_case("utf-8") => {
                    q = 0.0
                }
                _ => {}
            }
        }
        Some(Range { kind, subtype, q })
    }

    /// How specific a match of `media` this range is: 2 exact, 1
    /// `type/*`, 0 `*/*`; `None` when it does not match.
    fn specificity(&self, media: MediaType) -> Option<u8> {
        let (kind, subtype) = media.essence().split_once('/').unwrap_or_default();
        match (self.kind.as_str(), self.subtype.as_str()) {
            (k, s) if k == kind && s == subtype => Some(2),
            (k, "*") if k == kind => Some(1),
            ("*", "*") => Some(0),
            _ => None,
        }
    }
}

fn acceptance(ranges: &[Range], media: MediaType) -> Acceptance {
    ranges
        .iter()
        .filter_map(|r| r.specificity(media).map(|s| (s, r.q)))
        // The most specific range decides; among equally specific ones the
        // highest q.
        .max_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)))
        .map_or(
            Acceptance {
                q: 0.0,
                named: false,
            },
            |(s, q)| Acceptance { q, named: s == 2 },
        )
}

/// The middleware of `/graphql`; see the module documentation.
pub async fn negotiate(mut request: Request, next: Next) -> Response {
    let Some(media) = choose(request.headers()) else {
        return not_acceptable();
    };
    request.extensions_mut().insert(media);
    let mut response = next.run(request).await;
    // The layers behind this one (authentication, rate limit, body limit)
    // answer their refusals as application/json GraphQL error bodies.
    let headers = response.headers_mut();
    if media == MediaType::GraphqlResponse
        && headers.get(header::CONTENT_TYPE).is_some_and(|v| v == JSON)
    {
        headers.insert(header::CONTENT_TYPE, media.content_type());
    }
    response
}

/// The 406: a GraphQL error body, in `application/json` (the one type
/// every client of this endpoint can be assumed to read).
fn not_acceptable() -> Response {
    let body = serde_json::json!({"errors": [{
        "message": format!(
            "the Accept header accepts neither {GRAPHQL_RESPONSE} nor {JSON}, the media types of a GraphQL answer"
        ),
        "extensions": {"code": "NOT_ACCEPTABLE"}
    }]});
    (
        StatusCode::NOT_ACCEPTABLE,
        [(header::CONTENT_TYPE, MediaType::Json.content_type())],
        body.to_string(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_accept(values: &[&str]) -> Option<MediaType> {
        let mut headers = HeaderMap::new();
        for v in values {
            headers.append(header::ACCEPT, HeaderValue::from_str(v).unwrap());
        }
        choose(&headers)
    }

    use MediaType::{GraphqlResponse as G, Json as J};

    #[test]
    fn no_accept_or_wildcards_mean_json() {
        assert_eq!(with_accept(&[]), Some(J));
        assert_eq!(with_accept(&[""]), Some(J));
        assert_eq!(with_accept(&["*/*"]), Some(J));
        assert_eq!(with_accept(&["application/*"]), Some(J));
        // What a browser sends when it navigates.
        assert_eq!(
            with_accept(&["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"]),
            Some(J)
        );
    }

    #[test]
    fn the_named_types_and_their_q_values() {
        assert_eq!(with_accept(&["application/json"]), Some(J));
        assert_eq!(with_accept(&["application/graphql-response+json"]), Some(G));
        assert_eq!(
            with_accept(&[
                "application/graphql-response+json; charset=utf-8, application/json; charset=utf-8"
            ]),
            Some(G)
        );
        assert_eq!(
            with_accept(&["application/json, application/graphql-response+json"]),
            Some(G)
        );
        assert_eq!(
            with_accept(&["application/json, application/graphql-response+json;q=0.9"]),
            Some(J)
        );
        assert_eq!(
            with_accept(&["application/json;q=0.5, application/graphql-response+json;q=0.6"]),
            Some(G)
        );
        // Named beats a wildcard at the same q; a wildcard with a higher q wins.
        assert_eq!(
            with_accept(&["application/graphql-response+json, */*"]),
            Some(G)
        );
        assert_eq!(with_accept(&["application/json, */*"]), Some(J));
        assert_eq!(with_accept(&["application/json;q=0.5, */*"]), Some(G));
        // Across several header lines, case-insensitive, with spaces.
        assert_eq!(
            with_accept(&["text/html", " Application/GraphQL-Response+JSON "]),
            Some(G)
        );
    }

    #[test]
    fn refusals_and_exclusions() {
        assert_eq!(with_accept(&["text/html"]), None);
        assert_eq!(with_accept(&["application/xml, text/*"]), None);
        assert_eq!(with_accept(&["application/json;q=0"]), None);
        // q=0 on the exact type beats the wildcard that would allow it.
        assert_eq!(with_accept(&["application/json;q=0, */*"]), Some(G));
        assert_eq!(
            with_accept(&["application/graphql-response+json;q=0, application/*"]),
            Some(J)
        );
        // Another charset cannot be served; a bad q-value makes the range void.
        assert_eq!(with_accept(&["application/json; charset=iso-8859-1"]), None);
        assert_eq!(with_accept(&["application/json;q=2"]), None);
        assert_eq!(with_accept(&["garbage, application/json"]), Some(J));
        assert_eq!(with_accept(&["*/json"]), None);
    }
}
