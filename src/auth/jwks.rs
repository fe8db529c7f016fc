//! The identity provider's public keys (a JWKS), fetched over HTTP and
//! cached. Keys are used for `auth.jwks_ttl_seconds`; a token whose `kid`
//! the cache does not know makes it fetch again (the provider rotated its
//! keys), but at most once per `auth.jwks_min_refresh_seconds`, so that a
//! flood of made-up `kid`s cannot turn the gateway against the provider.
//!
//! Only RS256 and ES256 (P-256) signing keys are taken; any other key in the
//! set is skipped, and a key never comes from the token itself (`jwk`,
//! `jku` and `x5u` headers are ignored).

use std::sync::Arc;
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, KeyAlgorithm, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey};
use tokio::sync::Mutex;

/// A JWKS larger than this is refused: no provider publishes that many keys.
const MAX_JWKS_BYTES: usize = 256 * 1024;

/// One usable verification key.
#[derive(Clone)]
struct Key {
    kid: Option<String>,
    alg: Algorithm,
    key: Arc<DecodingKey>,
}

#[derive(Default)]
struct State {
    keys: Vec<Key>,
    /// When the keys were last fetched successfully.
    fetched: Option<Instant>,
    /// When a fetch was last tried, successful or not.
    tried: Option<Instant>,
}

/// A cached JWKS.
pub struct Jwks {
    url: String,
    client: reqwest::Client,
    ttl: Duration,
    min_refresh: Duration,
    state: Mutex<State>,
}

impl Jwks {
    /// A cache for the JWKS at `url`; nothing is fetched until a token needs it.
    pub fn new(url: &str, ttl: Duration, min_refresh: Duration) -> Result<Jwks, reqwest::Error> {
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(2))
            .timeout(Duration::from_secs(5))
            .build()?;
        Ok(Jwks {
            url: url.to_string(),
            client,
            ttl,
            min_refresh,
            state: Mutex::new(State::default()),
        })
    }

    /// The key that verifies a token with `kid` and `alg`, fetching the set
    /// when it is stale or does not know `kid`. `None` when there is none.
    pub async fn key(&self, kid: Option<&str>, alg: Algorithm) -> Option<Arc<DecodingKey>> {
        // One fetch at a time: concurrent requests wait for it instead of
        // each fetching the set.
        let mut state = self.state.lock().await;
        let stale = state.fetched.is_none_or(|t| t.elapsed() >= self.ttl);
        if stale && self.may_fetch(&state) {
            self.refresh(&mut state).await;
        }
        if let Some(key) = find(&state.keys, kid, alg) {
            return Some(key);
        }
        if self.may_fetch(&state) {
            self.refresh(&mut state).await;
            return find(&state.keys, kid, alg);
        }
        None
    }

    fn may_fetch(&self, state: &State) -> bool {
        state.tried.is_none_or(|t| t.elapsed() >= self.min_refresh)
    }

    /// Fetches the set; on failure the old keys stay in use (a provider's
    /// hiccup must not log everyone out).
    async fn refresh(&self, state: &mut State) {
        state.tried = Some(Instant::now());
        match self.fetch().await {
            Ok(keys) => {
                tracing::info!(keys = keys.len(), "JWKS fetched");
                state.keys = keys;
                state.fetched = Some(Instant::now());
            }
            Err(reason) => tracing::warn!(%reason, "JWKS fetch failed; keeping the keys we had"),
        }
    }

    async fn fetch(&self) -> Result<Vec<Key>, String> {
        let response = self
            .client
            .get(&self.url)
            .header("Accept", "application/json")
            .send()
            .await
            .map_err(|e| format!("request failed: {}", e.without_url()))?;
        if !response.status().is_success() {
            return Err(format!("answered {}", response.status()));
        }
        if response
            .content_length()
            .is_some_and(|n| n > MAX_JWKS_BYTES as u64)
        {
            return Err("the set is too large".into());
        }
        let body = response
            .bytes()
            .await
            .map_err(|e| format!("reading failed: {}", e.without_url()))?;
        if body.len() > MAX_JWKS_BYTES {
            return Err("the set is too large".into());
        }
        parse(&body)
    }
}

/// The usable keys of a JWKS document.
fn parse(body: &[u8]) -> Result<Vec<Key>, String> {
    #[derive(serde::Deserialize)]
    struct Set {
        keys: Vec<serde_json::Value>,
    }
    let set: Set = serde_json::from_slice(body).map_err(|_| "not a JWKS document".to_string())?;
    Ok(set
        .keys
        .into_iter()
        .filter_map(|v| serde_json::from_value::<Jwk>(v).ok())
        .filter_map(|jwk| usable(&jwk))
        .collect())
}

/// An RS256 or ES256 signing key, or `None`.
fn usable(jwk: &Jwk) -> Option<Key> {
    if matches!(jwk.common.public_key_use, Some(PublicKeyUse::Encryption)) {
        return None;
    }
    let alg = match (&jwk.algorithm, jwk.common.key_algorithm) {
        (AlgorithmParameters::RSA(_), None | Some(KeyAlgorithm::RS256)) => Algorithm::RS256,
        (AlgorithmParameters::EllipticCurve(ec), None | Some(KeyAlgorithm::ES256))
            if ec.curve == EllipticCurve::P256 =>
        {
            Algorithm::ES256
        }
        _ => return None,
    };
    let key = DecodingKey::from_jwk(jwk).ok()?;
    Some(Key {
        kid: jwk.common.key_id.clone(),
        alg,
        key: Arc::new(key),
    })
}

/// The key for `kid` (when the token names one) of algorithm `alg`; a token
/// without `kid` is verified only when the set has exactly one such key.
fn find(keys: &[Key], kid: Option<&str>, alg: Algorithm) -> Option<Arc<DecodingKey>> {
    let mut candidates = keys.iter().filter(|k| k.alg == alg);
    match kid {
        Some(kid) => candidates
            .find(|k| k.kid.as_deref() == Some(kid))
            .map(|k| k.key.clone()),
        None => {
            let first = candidates.next()?;
            candidates.next().is_none().then(|| first.key.clone())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // A P-256 public key (RFC 7515 appendix A.3) and an RSA one (A.2).
    const EC: &str = r#"{"kty":"EC","crv":"P-256","kid":"ec1",
        "x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
        "y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#;
    const RSA: &str = r#"{"kty":"RSA","kid":"rsa1","alg":"RS256","e":"AQAB",
        "n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ"}"#;

    fn set(keys: &[&str]) -> Vec<u8> {
        format!(r#"{{"keys":[{}]}}"#, keys.join(",")).into_bytes()
    }

    #[test]
    fn rsa_and_p256_keys_are_taken_others_skipped() {
        let other = r#"{"kty":"oct","k":"c2VjcmV0","kid":"hmac"}"#;
        let enc = r#"{"kty":"RSA","use":"enc","kid":"enc","e":"AQAB","n":"ofgW"}"#;
        let garbage = r#"{"kty":"RSA"}"#;
        let keys = parse(&set(&[EC, RSA, other, enc, garbage])).unwrap();
        let kinds: Vec<_> = keys.iter().map(|k| (k.kid.clone(), k.alg)).collect();
        assert_eq!(
            kinds,
            vec![
                (Some("ec1".into()), Algorithm::ES256),
                (Some("rsa1".into()), Algorithm::RS256)
            ]
        );
        assert!(parse(b"not json").is_err());
    }

    #[test]
    fn a_key_is_found_by_kid_and_algorithm_only() {
        let keys = parse(&set(&[EC, RSA])).unwrap();
        assert!(find(&keys, Some("rsa1"), Algorithm::RS256).is_some());
        assert!(find(&keys, Some("rsa1"), Algorithm::ES256).is_none());
        assert!(find(&keys, Some("other"), Algorithm::RS256).is_none());
        // Without a kid: only when one key of that algorithm exists.
        assert!(find(&keys, None, Algorithm::ES256).is_some());
        let two = parse(&set(&[RSA, &RSA.replace("rsa1", "rsa2")])).unwrap();
        assert!(find(&two, None, Algorithm::RS256).is_none());
    }
}
