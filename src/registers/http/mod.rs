//! The HTTP layer all register clients share: one pooled `reqwest::Client`
//! for every register, and per register a [`RegisterHandle`] that knows its
//! base URL, credentials, request timeout and concurrency limit.
//!
//! Every call ([`RegisterHandle::get`], [`RegisterHandle::post`]) goes through
//! one `send`: it waits for one of the
//! register's permits (held until the whole body is read, so the calls in
//! flight to a register never exceed `max_concurrency`), sends, reads the
//! body within `request_timeout_ms`, turns failures into a [`RegisterError`],
//! decodes the body, and reports the call to the [`CallObserver`], from
//! which the planner learns what calls cost.

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use tokio::sync::Semaphore;
use url::Url;

use super::error::{ErrorKind, Register, RegisterError};
use crate::config::RegisterConfig;
use answer::{decode, transport_error};

mod answer;

/// One call as the observer sees it.
#[derive(Debug, Clone, Copy)]
pub struct CallRecord<'a> {
    pub register: Register,
    /// `GET` or `POST`.
    pub method: &'a str,
    /// The path template below the base URL, e.g. `/klantcontacten/{uuid}`
    /// or `/klantcontacten` (one record per page of a list).
    pub template: &'a str,
    /// Objects in the answer: the results of a page, the persons of a BRP
    /// answer, 1 for a single object, 0 on failure.
    pub objects: usize,
    /// Objects the register inlined through `expand`, at any depth.
    pub expanded: usize,
    /// From sending until the whole body was read.
    pub elapsed: Duration,
    /// Waiting for a permit of the register's concurrency limit before that.
    pub queued: Duration,
    /// The failure, if the call failed.
    pub error: Option<&'a RegisterError>,
}

/// Receives every register call. Set one with [`HttpLayer::set_observer`];
/// any `Fn(&CallRecord)` closure is an observer.
pub trait CallObserver: Send + Sync + 'static {
    fn observe(&self, call: &CallRecord<'_>);
}

impl<F: Fn(&CallRecord<'_>) + Send + Sync + 'static> CallObserver for F {
    fn observe(&self, call: &CallRecord<'_>) {
        self(call)
    }
}

/// What every register handle shares: the connection pool and the observer.
pub struct HttpLayer {
    client: reqwest::Client,
    observer: RwLock<Option<Arc<dyn CallObserver>>>,
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
    pub fn new<'a>(
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
            observer: RwLock::new(None),
        }))
    }

    /// Sets (or replaces) the observer of every call on every register.
    pub fn set_observer(&self, observer: Arc<dyn CallObserver>) {
        if let Ok(mut slot) = self.observer.write() {
            *slot = Some(observer);
        }
    }

    fn observe(&self, call: &CallRecord<'_>) {
        let observer = self.observer.read().ok().and_then(|o| o.clone());
        if let Some(observer) = observer {
            observer.observe(call);
        }
    }
}

/// How a register expects its token.
#[derive(Debug, Clone, Copy)]
pub enum AuthScheme {
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
    layer: Arc<HttpLayer>,
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
    pub fn new(
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
                layer,
            }),
        })
    }

    /// Which register this is.
    pub fn register(&self) -> Register {
        self.inner.register
    }

    /// The base URL (no trailing slash).
    pub fn base_url(&self) -> &Url {
        &self.inner.base
    }

    /// The most calls in flight at once.
    pub fn max_concurrency(&self) -> usize {
        self.inner.max_concurrency
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

    /// A GET of `url`, decoded as `T`.
    pub async fn get<T: DeserializeOwned>(
        &self,
        url: Url,
        template: &str,
    ) -> Result<T, RegisterError> {
        self.send(Method::GET, url, template, None, &HeaderMap::new())
            .await
    }

    /// A POST of `body` as JSON to `url`, the answer decoded as `T`.
    pub async fn post<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        url: Url,
        template: &str,
        body: &B,
    ) -> Result<T, RegisterError> {
        self.post_with_headers(url, template, body, &HeaderMap::new())
            .await
    }

    /// [`post`](Self::post) with extra headers for this call only (the BRP's
    /// per-request credentials and protocollering headers).
    pub async fn post_with_headers<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        url: Url,
        template: &str,
        body: &B,
        headers: &HeaderMap,
    ) -> Result<T, RegisterError> {
        let bytes = serde_json::to_vec(body).map_err(|e| {
            self.error(
                &Method::POST,
                template,
                ErrorKind::Malformed {
                    reason: format!("request body cannot be encoded: {e}"),
                },
            )
        })?;
        let body = Some((bytes, "application/json"));
        self.send(Method::POST, url, template, body, headers).await
    }

    /// A POST of a form (`application/x-www-form-urlencoded`) to `url`, which
    /// need not be below the base URL (an OAuth2 token endpoint). The form
    /// may hold secrets: like every body, it is never logged.
    pub async fn post_form<T: DeserializeOwned>(
        &self,
        url: Url,
        template: &str,
        form: &[(&str, &str)],
    ) -> Result<T, RegisterError> {
        let bytes = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish()
            .into_bytes();
        let body = Some((bytes, "application/x-www-form-urlencoded"));
        self.send(Method::POST, url, template, body, &HeaderMap::new())
            .await
    }

    /// An error of this register for the operation `method template`.
    pub(crate) fn error(&self, method: &Method, template: &str, kind: ErrorKind) -> RegisterError {
        RegisterError::new(self.inner.register, format!("{method} {template}"), kind)
    }

    /// The one way a register is called; see the module documentation.
    async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        url: Url,
        template: &str,
        body: Option<(Vec<u8>, &'static str)>,
        headers: &HeaderMap,
    ) -> Result<T, RegisterError> {
        let inner = &self.inner;
        let queued_at = Instant::now();
        let permit = inner.permits.acquire().await;
        let queued = queued_at.elapsed();
        let started = Instant::now();

        let mut request = inner
            .layer
            .client
            .request(method.clone(), url)
            .header(ACCEPT, "application/json");
        if let Some(auth) = &inner.auth {
            request = request.header(AUTHORIZATION, auth.clone());
        }
        for (name, value) in headers {
            request = request.header(name, value.clone());
        }
        if let Some((body, content_type)) = body {
            request = request.header(CONTENT_TYPE, content_type).body(body);
        }
        let answer = tokio::time::timeout(inner.timeout, async {
            let response = request.send().await?;
            let status = response.status();
            let bytes = response.bytes().await?;
            Ok::<_, reqwest::Error>((status, bytes))
        })
        .await;
        drop(permit);
        let elapsed = started.elapsed();

        let decoded = match answer {
            Err(_) => Err(ErrorKind::Timeout {
                after: inner.timeout,
            }),
            Ok(Err(e)) => Err(transport_error(&e, inner.timeout)),
            Ok(Ok((status, bytes))) => decode::<T>(status, &bytes, elapsed),
        };
        let result = decoded.map_err(|kind| self.error(&method, template, kind));
        let (objects, expanded) = match &result {
            Ok((_, objects, expanded)) => (*objects, *expanded),
            Err(_) => (0, 0),
        };
        inner.layer.observe(&CallRecord {
            register: inner.register,
            method: method.as_str(),
            template,
            objects,
            expanded,
            elapsed,
            queued,
            error: result.as_ref().err(),
        });
        result.map(|(value, _, _)| value)
    }
}
