//! The outbound transport all register clients share (named so, beside the
//! inbound `src/http/`): one pooled `reqwest::Client` for every register,
//! and per register a [`RegisterHandle`] that knows its base URL,
//! credentials, request timeout, concurrency limit, retry policy and circuit
//! breaker; DRF page-number paging ([`Page`], [`RegisterHandle::all_pages`]).
//!
//! Every call ([`RegisterHandle::get`], [`RegisterHandle::query_with_headers`],
//! [`RegisterHandle::post`], [`RegisterHandle::patch`], …) goes through one
//! `send`, one logical call:
//! 1. a call that already failed in this request is not made again, nor is
//!    any call to a register that timed out or was unavailable in it (see
//!    `failed.rs`), nor any call once the request's [deadline] passed;
//! 2. a call that would wait for a slot longer than the request's deadline
//!    allows is refused at once (`Unavailable` with `retry_after`, see
//!    [`deadline`]);
//! 3. the register's [breaker](breaker) must let it through, else it fails
//!    at once with `Unavailable`;
//! 4. each try waits for one of the register's permits (held until the whole
//!    body is read, so the calls in flight to a register never exceed
//!    `max_concurrency`), sends with the request's `traceparent`, reads the
//!    body within `request_timeout_ms` or the time left until the
//!    request's deadline, whichever is less, decodes it, and reports to the
//!    [observers](observe);
//! 5. a read that failed transiently is tried again after a jittered
//!    backoff ([`retry`]), when the deadline leaves time for it; writes
//!    never are;
//! 6. the outcome goes to the breaker, and a failure to the request's memory
//!    of failed calls.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use tokio::sync::Semaphore;
use url::Url;

use super::error::{ErrorKind, Register, RegisterError};
use crate::config::RegisterConfig;
use breaker::Breaker;
pub use breaker::BreakerState;
use call::Call;
pub(crate) use deadline::Deadline;
use deadline::SharedQueue;
use observe::Observers;
pub use observe::{CallObserver, CallRecord, Skip};
pub use paging::Page;
pub(crate) use probe::Probe;
use retry::RetryPolicy;

mod answer;
pub(crate) mod breaker;
mod call;
pub(crate) mod deadline;
mod failed;
pub(crate) mod observe;
mod paging;
mod probe;
pub(crate) mod retry;

/// What every register handle shares: the connection pool and the observers.
pub(crate) struct HttpLayer {
    client: reqwest::Client,
    observers: Observers,
}

impl std::fmt::Debug for HttpLayer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpLayer").finish_non_exhaustive()
    }
}

/// Why the layer or a handle could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("registers.{register}.base_url is not a usable URL: {reason}")]
    BaseUrl {
        register: &'static str,
        reason: String,
    },
    #[error("registers.{register}.token cannot be sent as a header")]
    Token { register: &'static str },
    #[error("cannot build the HTTP client: {0}")]
    Client(String),
    /// Another setting of a register that cannot be used (`key` is its full
    /// configuration key; `reason` never holds a secret).
    #[error("{key}: {reason}")]
    Setting { key: String, reason: String },
}

impl HttpLayer {
    /// Builds the shared client. reqwest sets the connect timeout per
    /// client, not per request, so the layer uses the largest one any
    /// register is configured with: no register then fails to connect
    /// sooner than its configuration allows (the per-register request
    /// timeout still bounds every call).
    pub(crate) fn new<'a>(
        configs: impl IntoIterator<Item = &'a RegisterConfig>,
    ) -> Result<Arc<HttpLayer>, BuildError> {
        let connect_timeout_ms = configs
            .into_iter()
            .map(|c| c.connect_timeout_ms)
            .max()
            .unwrap_or(2_000);
        let client = reqwest::Client::builder()
            .use_rustls_tls()
            .connect_timeout(Duration::from_millis(connect_timeout_ms))
            .pool_idle_timeout(Duration::from_secs(60))
            .user_agent(concat!("klantbeeld-gateway/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| BuildError::Client(e.to_string()))?;
        Ok(Arc::new(HttpLayer {
            client,
            observers: Observers::default(),
        }))
    }

    /// Adds an observer of every call on every register (the planner's cost
    /// model, the metrics, a test's recorder, …).
    pub(crate) fn add_observer(&self, observer: Arc<dyn CallObserver>) {
        self.observers.add(observer);
    }
}

/// How a register expects its token.
#[derive(Debug, Clone, Copy)]
pub(crate) enum AuthScheme {
    /// `Authorization: Token <token>` (DRF token auth: Open Klant, Referentielijsten).
    Token,
    /// `Authorization: Bearer <token>` (an OAuth2 access token: BRP proxies).
    Bearer,
}

/// One register as the clients use it: cheap to clone, shares the pool.
#[derive(Clone)]
pub struct RegisterHandle {
    inner: Arc<HandleInner>,
}

struct HandleInner {
    register: Register,
    base: Url,
    auth: Option<HeaderValue>,
    timeout: Duration,
    permits: Semaphore,
    max_concurrency: usize,
    queue: SharedQueue,
    retry: RetryPolicy,
    breaker: Breaker,
    layer: Arc<HttpLayer>,
    /// The `API-version` header of the last answer that had one.
    api_version: std::sync::RwLock<Option<String>>,
}

impl std::fmt::Debug for RegisterHandle {
    // Leaves the credentials out.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegisterHandle")
            .field("register", &self.inner.register)
            .field("base", &self.inner.base.as_str())
            .field("timeout", &self.inner.timeout)
            .field("max_concurrency", &self.inner.max_concurrency)
            .finish_non_exhaustive()
    }
}

impl RegisterHandle {
    /// A handle for `register` as `config` describes it. An empty token
    /// sends no `Authorization` header.
    pub(crate) fn new(
        layer: Arc<HttpLayer>,
        register: Register,
        config: &RegisterConfig,
        scheme: AuthScheme,
    ) -> Result<RegisterHandle, BuildError> {
        let mut base = Url::parse(config.base_url.trim()).map_err(|e| BuildError::BaseUrl {
            register: register.as_str(),
            reason: e.to_string(),
        })?;
        if !matches!(base.scheme(), "http" | "https") {
            return Err(BuildError::BaseUrl {
                register: register.as_str(),
                reason: format!("scheme {:?} is not http or https", base.scheme()),
            });
        }
        base.set_query(None);
        base.set_fragment(None);
        let trimmed = base.path().trim_end_matches('/').to_string();
        base.set_path(&trimmed);
        let token = config.token.expose().trim();
        let auth = if token.is_empty() {
            None
        } else {
            let prefix = match scheme {
                AuthScheme::Token => "Token",
                AuthScheme::Bearer => "Bearer",
            };
            let mut value = HeaderValue::from_str(&format!("{prefix} {token}")).map_err(|_| {
                BuildError::Token {
                    register: register.as_str(),
                }
            })?;
            value.set_sensitive(true);
            Some(value)
        };
        // A limit of 0 would block every call for ever; 1 is the least.
        let max_concurrency = config.max_concurrency.max(1);
        Ok(RegisterHandle {
            inner: Arc::new(HandleInner {
                register,
                base,
                auth,
                timeout: Duration::from_millis(config.request_timeout_ms),
                permits: Semaphore::new(max_concurrency),
                max_concurrency,
                queue: SharedQueue::default(),
                retry: RetryPolicy::from_config(config),
                breaker: Breaker::new(
                    config.breaker_failures,
                    Duration::from_millis(config.breaker_cooldown_ms),
                    Duration::from_millis(config.breaker_cooldown_max_ms),
                ),
                layer,
                api_version: std::sync::RwLock::new(None),
            }),
        })
    }

    /// The `API-version` header of the register's last answer that had one.
    pub(crate) fn api_version(&self) -> Option<String> {
        self.inner
            .api_version
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Tells every observer of the transport something a client found
    /// (the release it detected, rows it dropped).
    pub(crate) fn tell_observers(&self, what: impl Fn(&dyn CallObserver)) {
        self.tell(what);
    }

    /// Which register this is.
    pub(crate) fn register(&self) -> Register {
        self.inner.register
    }

    /// The base URL (no trailing slash).
    pub(crate) fn base_url(&self) -> &Url {
        &self.inner.base
    }

    /// The most calls in flight at once.
    pub(crate) fn max_concurrency(&self) -> usize {
        self.inner.max_concurrency
    }

    /// The state of the register's circuit breaker.
    pub(crate) fn breaker_state(&self) -> BreakerState {
        self.inner.breaker.state()
    }

    /// Tells the breaker how a readiness probe went (see
    /// [`Breaker::probed`]); reports a move like a call's.
    pub(crate) fn breaker_probed(&self, up: bool) {
        let moved = self.inner.breaker.probed(up, std::time::Instant::now());
        self.breaker_moved(moved);
    }

    /// `base + path` with the query parameters, in order.
    pub fn url(&self, path: &str, query: &[(&str, String)]) -> Url {
        let mut url = self.inner.base.clone();
        url.set_path(&format!("{}{path}", self.inner.base.path()));
        if !query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        url
    }

    /// A GET of `url`, decoded as `T`; retried on transient failures.
    pub async fn get<T: DeserializeOwned>(
        &self,
        url: Url,
        template: &str,
    ) -> Result<T, RegisterError> {
        self.get_with_headers(url, template, &HeaderMap::new())
            .await
    }

    /// [`get`](Self::get) with extra headers for this call only.
    pub(crate) async fn get_with_headers<T: DeserializeOwned>(
        &self,
        url: Url,
        template: &str,
        headers: &HeaderMap,
    ) -> Result<T, RegisterError> {
        self.send(Method::GET, url, template, None, headers).await
    }

    /// A POST that writes: `body` as JSON, the answer decoded as `T`. Never
    /// retried: a second try could write twice.
    pub async fn post<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        url: Url,
        template: &str,
        body: &B,
    ) -> Result<T, RegisterError> {
        self.with_json(Method::POST, url, template, body, &HeaderMap::new(), false)
            .await
    }

    /// A PATCH that writes: `body` as JSON, the answer decoded as `T`. Never
    /// retried.
    pub(crate) async fn patch<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        url: Url,
        template: &str,
        body: &B,
    ) -> Result<T, RegisterError> {
        self.with_json(Method::PATCH, url, template, body, &HeaderMap::new(), false)
            .await
    }

    /// A write (`method` POST, PUT or PATCH) with `body` as JSON and extra
    /// headers for this call only, the answer decoded as `T`. Never retried.
    pub(crate) async fn write_with_headers<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        url: Url,
        template: &str,
        body: &B,
        headers: &HeaderMap,
    ) -> Result<T, RegisterError> {
        self.with_json(method, url, template, body, headers, false)
            .await
    }

    /// A POST that only reads (the BRP's `POST /personen`), with extra
    /// headers for this call only (the BRP's per-request credentials and
    /// protocollering headers): retried like a GET.
    pub(crate) async fn query_with_headers<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        url: Url,
        template: &str,
        body: &B,
        headers: &HeaderMap,
    ) -> Result<T, RegisterError> {
        self.with_json(Method::POST, url, template, body, headers, true)
            .await
    }

    /// A call with a JSON body; `read`: it only reads, so it may be retried.
    async fn with_json<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        url: Url,
        template: &str,
        body: &B,
        headers: &HeaderMap,
        read: bool,
    ) -> Result<T, RegisterError> {
        let call = self.json(&method, template, body, read)?;
        self.send(method, url, template, Some(call), headers).await
    }

    /// A POST of a form (`application/x-www-form-urlencoded`) to `url`, which
    /// need not be below the base URL (an OAuth2 token endpoint). The form
    /// may hold secrets: like every body, it is never logged. Not retried.
    pub(crate) async fn post_form<T: DeserializeOwned>(
        &self,
        url: Url,
        template: &str,
        form: &[(&str, &str)],
    ) -> Result<T, RegisterError> {
        let bytes = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish()
            .into_bytes();
        let call = Call {
            bytes,
            content_type: "application/x-www-form-urlencoded",
            read: false,
        };
        self.send(Method::POST, url, template, Some(call), &HeaderMap::new())
            .await
    }

    /// `body` as a JSON call (`read`: safe to retry), or the error that it
    /// cannot be encoded.
    fn json<B: Serialize + ?Sized>(
        &self,
        method: &Method,
        template: &str,
        body: &B,
        read: bool,
    ) -> Result<Call, RegisterError> {
        let bytes = serde_json::to_vec(body).map_err(|e| {
            self.error(
                method,
                template,
                ErrorKind::Malformed {
                    reason: format!("request body cannot be encoded: {e}"),
                },
            )
        })?;
        Ok(Call::json(bytes, read))
    }

    /// An error of this register for the operation `method template`.
    pub(crate) fn error(&self, method: &Method, template: &str, kind: ErrorKind) -> RegisterError {
        RegisterError::new(self.inner.register, format!("{method} {template}"), kind)
    }
}
