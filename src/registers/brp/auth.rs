//! How the gateway authenticates to the BRP, per request: nothing (the
//! sandbox, or a static bearer token on the handle), a static API key header,
//! or OAuth2 client credentials.
//!
//! An OAuth2 token is fetched from the token endpoint when first needed and
//! reused until `refresh_before` its expiry (at most half its lifetime
//! before), then fetched again; one fetch at a time, so concurrent lookups
//! wait for the same token instead of each asking for one. A 401 from the BRP
//! drops the token (see [`BrpAuth::rejected`]). The secret is only ever in
//! the form body of the token request, which is never logged.

use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION};
use serde::Deserialize;
use tokio::sync::Mutex;
use url::Url;

use crate::config::{BrpAuthConfig, BrpAuthMethod};
use crate::registers::error::{ErrorKind, Register, RegisterError};
use crate::registers::transport::{BuildError, RegisterHandle};

/// How the observer and errors name the token request.
const TOKEN_TEMPLATE: &str = "/oauth/token";

/// The lifetime assumed when a token answer gives no `expires_in`.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(300);

/// The BRP's authentication.
#[derive(Default)]
pub(crate) enum BrpAuth {
    /// No header beyond what the handle sends.
    #[default]
    None,
    /// A static key in a header of its own.
    ApiKey {
        header: HeaderName,
        key: HeaderValue,
    },
    /// OAuth2 client credentials (boxed: the client and its token cache
    /// are larger than the other kinds).
    OAuth2(Box<OAuth2>),
}

impl std::fmt::Debug for BrpAuth {
    // Leaves every credential out.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BrpAuth::None => f.write_str("None"),
            BrpAuth::ApiKey { header, .. } => write!(f, "ApiKey({header})"),
            BrpAuth::OAuth2(o) => write!(f, "OAuth2({}, client {})", o.token_url, o.client_id),
        }
    }
}

/// An OAuth2 client-credentials client with its cached token.
pub(crate) struct OAuth2 {
    token_url: Url,
    client_id: String,
    client_secret: String,
    scope: String,
    resource_server: String,
    refresh_before: Duration,
    token: Mutex<Option<Token>>,
}

/// A token and when to stop using it.
struct Token {
    header: HeaderValue,
    renew_at: Instant,
}

/// The token endpoint's answer (RFC 6749 §5.1).
#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

impl OAuth2 {
    /// A client for `token_url`; `scope` and `resource_server` are sent
    /// when not empty.
    pub(crate) fn new(
        token_url: Url,
        client_id: String,
        client_secret: String,
        scope: String,
        resource_server: String,
        refresh_before: Duration,
    ) -> OAuth2 {
        OAuth2 {
            token_url,
            client_id,
            client_secret,
            scope,
            resource_server,
            refresh_before,
            token: Mutex::new(None),
        }
    }

    /// `Authorization: Bearer …` with a token that is not about to expire.
    async fn header(&self, handle: &RegisterHandle) -> Result<HeaderValue, RegisterError> {
        let mut slot = self.token.lock().await;
        if let Some(token) = slot.as_ref() {
            if Instant::now() < token.renew_at {
                return Ok(token.header.clone());
            }
        }
        let token = self.fetch(handle).await?;
        let header = token.header.clone();
        *slot = Some(token);
        Ok(header)
    }

    async fn fetch(&self, handle: &RegisterHandle) -> Result<Token, RegisterError> {
        let mut form = vec![
            ("grant_type", "client_credentials"),
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.as_str()),
        ];
        if !self.scope.is_empty() {
            form.push(("scope", &self.scope));
        }
        if !self.resource_server.is_empty() {
            form.push(("resourceServer", &self.resource_server));
        }
        let answer: TokenAnswer = handle
            .post_form(self.token_url.clone(), TOKEN_TEMPLATE, &form)
            .await?;
        let malformed = |reason: &str| {
            RegisterError::new(
                Register::Brp,
                format!("POST {TOKEN_TEMPLATE}"),
                ErrorKind::Malformed {
                    reason: reason.to_string(),
                },
            )
        };
        if answer.access_token.is_empty() {
            return Err(malformed("the token answer holds no access_token"));
        }
        let mut header = HeaderValue::from_str(&format!("Bearer {}", answer.access_token))
            .map_err(|_| malformed("the access_token cannot be sent as a header"))?;
        header.set_sensitive(true);
        let lifetime = answer
            .expires_in
            .map(Duration::from_secs)
            .unwrap_or(DEFAULT_LIFETIME);
        let margin = self.refresh_before.min(lifetime / 2);
        Ok(Token {
            header,
            renew_at: Instant::now() + lifetime - margin,
        })
    }
}

impl BrpAuth {
    /// From `[brp.auth]`, reading a secret from its file when the value
    /// itself is empty (the configuration has checked that one is given).
    pub(crate) fn from_config(config: &BrpAuthConfig) -> Result<BrpAuth, BuildError> {
        let setting = |key: &str, reason: String| BuildError::Setting {
            key: format!("brp.auth.{key}"),
            reason,
        };
        Ok(match config.method {
            BrpAuthMethod::None => BrpAuth::None,
            BrpAuthMethod::ApiKey => {
                let header = HeaderName::from_bytes(config.api_key_header.as_bytes())
                    .map_err(|_| setting("api_key_header", "is not a header name".into()))?;
                let key = secret(&config.api_key, &config.api_key_file)
                    .map_err(|reason| setting("api_key_file", reason))?;
                let mut key = HeaderValue::from_str(&key)
                    .map_err(|_| setting("api_key", "cannot be sent as a header".into()))?;
                key.set_sensitive(true);
                BrpAuth::ApiKey { header, key }
            }
            BrpAuthMethod::Oauth2 => {
                let token_url = Url::parse(&config.token_url)
                    .map_err(|e| setting("token_url", e.to_string()))?;
                let client_secret = secret(&config.client_secret, &config.client_secret_file)
                    .map_err(|reason| setting("client_secret_file", reason))?;
                BrpAuth::OAuth2(Box::new(OAuth2::new(
                    token_url,
                    config.client_id.trim().to_string(),
                    client_secret,
                    config.scope.clone(),
                    config.resource_server.clone(),
                    Duration::from_secs(config.refresh_before_expiry_seconds),
                )))
            }
        })
    }

    /// The headers that authenticate one BRP request.
    pub(crate) async fn headers(
        &self,
        handle: &RegisterHandle,
    ) -> Result<HeaderMap, RegisterError> {
        let mut headers = HeaderMap::new();
        match self {
            BrpAuth::None => {}
            BrpAuth::ApiKey { header, key } => {
                headers.insert(header.clone(), key.clone());
            }
            BrpAuth::OAuth2(oauth) => {
                headers.insert(AUTHORIZATION, oauth.header(handle).await?);
            }
        }
        Ok(headers)
    }

    /// The BRP refused the credentials: a cached OAuth2 token is dropped, so
    /// that the next request fetches a new one. Returns whether a retry with
    /// new credentials can help (only with OAuth2).
    pub(crate) async fn rejected(&self) -> bool {
        match self {
            BrpAuth::OAuth2(oauth) => {
                *oauth.token.lock().await = None;
                true
            }
            BrpAuth::None | BrpAuth::ApiKey { .. } => false,
        }
    }
}

/// A secret: the value, or else the trimmed content of the file. The error
/// names the file, never its content.
fn secret(value: &str, file: &str) -> Result<String, String> {
    if !value.is_empty() {
        return Ok(value.to_string());
    }
    let content =
        std::fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {}", e.kind()))?;
    let content = content.trim();
    if content.is_empty() {
        return Err(format!("{file} is empty"));
    }
    Ok(content.to_string())
}
