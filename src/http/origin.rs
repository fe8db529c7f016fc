//! Cross-site requests refused by their `Origin`. A browser names the page's
//! origin on every WebSocket upgrade and every cross-origin request (and
//! on same-origin POSTs). CORS guards what a page may *read*, and makes
//! the browser ask first (preflight) before a `POST` with
//! `application/json`; but a WebSocket is not subject to CORS at all
//! (cross-site WebSocket hijacking), and an `EventSource` or a simple GET
//! is sent without asking. So every GraphQL transport (`/graphql`,
//! `/graphql/sse`, `/graphql/ws`) refuses a request whose `Origin` is
//! neither the gateway's own (the `Host` it was asked under, as GraphiQL
//! at `/` is) nor in `cors.allowed_origins`, with 403, before
//! authentication. A request without `Origin` (curl, a server, a native
//! client) is not a browser's and passes.
//!
//! In the development profile (`auth.mode = "development"`: no token, every
//! ability) only loopback origins pass (`localhost`, `127.0.0.0/8`,
//! `[::1]`), also when they are listed or the same as the `Host`: a page
//! on another site that a developer opens cannot write through the
//! gateway on their machine, not even by DNS rebinding (its origin then is
//! the attacker's name, resolved to 127.0.0.1).

use std::net::IpAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use url::{Host, Url};

use crate::config::{AuthMode, Config};

/// Which origins may use the GraphQL transports.
#[derive(Debug)]
pub struct OriginPolicy {
    /// `cors.allowed_origins`, each as its ASCII serialisation.
    allowed: Vec<String>,
    /// The development profile: loopback origins only.
    loopback_only: bool,
}

impl OriginPolicy {
    pub fn new(config: &Config) -> OriginPolicy {
        OriginPolicy {
            allowed: config
                .cors
                .allowed_origins
                .iter()
                .filter_map(|o| Url::parse(o).ok())
                .map(|u| u.origin().ascii_serialization())
                .collect(),
            loopback_only: config.auth.mode == AuthMode::Development,
        }
    }

    /// Whether a request with this `Origin`, asked under this `Host`, may
    /// go on; `Err` says why not.
    pub fn admits(&self, origin: &str, host: Option<&str>) -> Result<(), String> {
        let shown = shown(origin);
        let url = Url::parse(origin)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
            .ok_or_else(|| format!("requests from origin {shown} are not allowed"))?;
        if self.loopback_only && !is_loopback(&url) {
            return Err(format!(
                "requests from origin {shown} are not allowed: the development profile (auth.mode = \"development\") admits only loopback origins"
            ));
        }
        let listed = self.allowed.contains(&url.origin().ascii_serialization());
        if listed || host.is_some_and(|h| same_authority(&url, h)) {
            Ok(())
        } else {
            Err(format!(
                "requests from origin {shown} are not allowed: it is neither this gateway's own origin nor in cors.allowed_origins"
            ))
        }
    }
}

/// Whether `origin` names the same host and port as a `Host` header.
fn same_authority(origin: &Url, host: &str) -> bool {
    let Ok(asked) = Url::parse(&format!("{}://{host}", origin.scheme())) else {
        return false;
    };
    asked.host() == origin.host()
        && asked.port_or_known_default() == origin.port_or_known_default()
        && asked.path() == "/"
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(d)) => {
            let d = d.trim_end_matches('.');
            d.eq_ignore_ascii_case("localhost") || d.to_ascii_lowercase().ends_with(".localhost")
        }
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// At most 100 characters of an origin, control characters replaced, for
/// an error message.
fn shown(origin: &str) -> String {
    let mut s: String = origin
        .chars()
        .take(100)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    if origin.chars().count() > 100 {
        s.push('…');
    }
    s
}

/// The middleware; see the module documentation.
pub async fn guard(
    State(policy): State<Arc<OriginPolicy>>,
    request: Request,
    next: Next,
) -> Response {
    let headers = request.headers();
    let mut origins = headers.get_all(header::ORIGIN).iter();
    let Some(origin) = origins.next() else {
        return next.run(request).await;
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let verdict = match (origin.to_str(), origins.next()) {
        (Ok(origin), None) => policy.admits(origin, host),
        _ => Err("a request must carry one Origin, as text".to_string()),
    };
    match verdict {
        Ok(()) => next.run(request).await,
        Err(message) => {
            tracing::info!(%message, "request refused by its origin");
            let body = serde_json::json!({"errors": [{
                "message": message,
                "extensions": {"code": "FORBIDDEN"}
            }]});
            (StatusCode::FORBIDDEN, axum::Json(body)).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(allowed: &[&str], loopback_only: bool) -> OriginPolicy {
        OriginPolicy {
            allowed: allowed
                .iter()
                .map(|o| Url::parse(o).unwrap().origin().ascii_serialization())
                .collect(),
            loopback_only,
        }
    }

    #[test]
    fn listed_or_own_origins_pass() {
        let p = policy(&["https://kcc.gemeente.example/"], false);
        assert!(p.admits("https://kcc.gemeente.example", None).is_ok());
        assert!(p.admits("https://KCC.gemeente.example:443", None).is_ok());
        assert!(p.admits("http://kcc.gemeente.example", None).is_err());
        assert!(p.admits("https://kcc.gemeente.example:8443", None).is_err());
        // Its own origin, as the Host names it (GraphiQL at /).
        let own = p.admits("https://gateway.example", Some("gateway.example"));
        assert!(own.is_ok());
        assert!(p
            .admits("http://gateway.example:8080", Some("gateway.example:8080"))
            .is_ok());
        assert!(p
            .admits("http://gateway.example:8081", Some("gateway.example:8080"))
            .is_err());
        assert!(p
            .admits("http://gateway.example", Some("gateway.example/x"))
            .is_err());
        let e = p
            .admits("https://evil.example", Some("gateway.example"))
            .unwrap_err();
        assert!(e.contains("cors.allowed_origins"), "{e}");
        for bad in [
            "null",
            "",
            "file://",
            "chrome-extension://abc",
            "evil.example",
        ] {
            assert!(p.admits(bad, Some("evil.example")).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_development_profile_admits_only_loopback() {
        let p = policy(
            &["https://kcc.gemeente.example", "http://localhost:3000"],
            true,
        );
        assert!(p.admits("http://localhost:3000", None).is_ok());
        assert!(p
            .admits("http://127.0.0.1:8080", Some("127.0.0.1:8080"))
            .is_ok());
        assert!(p.admits("http://[::1]:8080", Some("[::1]:8080")).is_ok());
        assert!(p
            .admits("http://app.localhost:8080", Some("app.localhost:8080"))
            .is_ok());
        // Listed, but not loopback.
        let e = p.admits("https://kcc.gemeente.example", None).unwrap_err();
        assert!(e.contains("development profile"), "{e}");
        // DNS rebinding: same origin as the Host, but not a loopback name.
        assert!(p
            .admits("http://evil.example:8080", Some("evil.example:8080"))
            .is_err());
        // Loopback, but neither listed nor the gateway's own.
        assert!(p
            .admits("http://localhost:9999", Some("127.0.0.1:8080"))
            .is_err());
    }
}
