//! The call path of a [`RegisterHandle`]: one logical call (`send`) with
//! its request-scoped memory, breaker and retries, each try (`attempt`)
//! reported and logged, and the bare exchange (`exchange`) that the
//! readiness probe shares. The order of the steps is in the documentation of
//! the [parent module](super).

use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use url::Url;

use super::answer::{decode, transport_error};
use super::deadline::{left, Deadline};
use super::failed::FailedCalls;
use super::retry::is_register_failure;
use super::{BreakerState, CallObserver, CallRecord, RegisterHandle, Skip};
use crate::registers::error::{ErrorKind, RegisterError};
use crate::telemetry::{CallSpan, RequestContext};

impl RegisterHandle {
    /// One logical call; see the module documentation. `body` is `None` for
    /// a GET; `headers` are sent with this call only.
    pub(super) async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        url: Url,
        template: &str,
        body: Option<Call>,
        headers: &HeaderMap,
    ) -> Result<T, RegisterError> {
        let inner = &self.inner;
        let context = RequestContext::current();
        let failed = context.as_deref().map(FailedCalls::of);
        let key = body.is_none().then(|| format!("GET {url}"));
        if let Some(earlier) = failed
            .as_ref()
            .and_then(|f| f.earlier(inner.register, key.as_deref()))
        {
            self.tell(|o| o.skipped(inner.register, Skip::FailedInRequest));
            return Err(earlier);
        }
        let whole = Deadline::current();
        let deadline = whole.map(|(at, _)| at);
        if let Some((deadline, budget)) = whole {
            let now = Instant::now();
            let left = left(deadline, now);
            if left.is_zero() {
                let e = self.error(&method, template, ErrorKind::OutOfTime { after: left });
                if let Some(failed) = &failed {
                    failed.remember(key, &e);
                }
                return Err(e);
            }
            let free = inner.permits.available_permits();
            if let Err(wait) = inner.queue.admit(free, inner.max_concurrency, left) {
                // Overloaded when not even a whole request could wait that
                // long; else only this request is out of time.
                let kind = if wait >= budget {
                    self.tell(|o| o.skipped(inner.register, Skip::Shed));
                    let reason = format!(
                        "overloaded: {} calls wait for its {} slots, about {} ms, more than a request may take",
                        inner.queue.waiting(),
                        inner.max_concurrency,
                        wait.as_millis(),
                    );
                    ErrorKind::Unavailable {
                        reason,
                        retry_after: Some(wait),
                    }
                } else {
                    ErrorKind::OutOfTime { after: left }
                };
                let e = self.error(&method, template, kind);
                if let Some(failed) = &failed {
                    failed.remember(key, &e);
                }
                return Err(e);
            }
        }
        let (admitted, moved) = inner.breaker.admit(Instant::now());
        self.breaker_moved(moved);
        let ticket = match admitted {
            Ok(ticket) => ticket,
            Err(rejected) => {
                self.tell(|o| o.skipped(inner.register, Skip::BreakerOpen));
                let reason = format!(
                    "circuit breaker open after {} failed calls in a row; next try in {} ms",
                    rejected.failures,
                    rejected.retry_in.as_millis()
                );
                return Err(self.error(
                    &method,
                    template,
                    ErrorKind::Unavailable {
                        reason,
                        retry_after: Some(rejected.retry_in),
                    },
                ));
            }
        };
        let retried = body.as_ref().is_none_or(|b| b.read);
        let mut attempt = 1;
        let result = loop {
            let result = self
                .attempt(
                    &method,
                    &url,
                    template,
                    body.as_ref(),
                    headers,
                    attempt,
                    context.as_deref(),
                    deadline,
                )
                .await;
            match &result {
                Err(e) if retried && inner.retry.again(attempt, &e.kind) => {
                    let backoff = inner.retry.backoff(attempt);
                    // No retry that could not finish before the deadline.
                    if deadline.is_some_and(|d| backoff >= left(d, Instant::now())) {
                        break result;
                    }
                    tokio::time::sleep(backoff).await;
                    attempt += 1;
                }
                _ => break result,
            }
        };
        let healthy = result
            .as_ref()
            .map_or_else(|e| !is_register_failure(&e.kind), |_| true);
        self.breaker_moved(ticket.finish(healthy, Instant::now()));
        if let (Err(e), Some(failed)) = (&result, &failed) {
            failed.remember(key, e);
        }
        result
    }

    /// One try: the exchange, decoded, reported to the observers and logged.
    #[allow(clippy::too_many_arguments)] // the parts of one call, passed on as they are
    async fn attempt<T: DeserializeOwned>(
        &self,
        method: &Method,
        url: &Url,
        template: &str,
        body: Option<&Call>,
        headers: &HeaderMap,
        attempt: u32,
        context: Option<&RequestContext>,
        deadline: Option<Instant>,
    ) -> Result<T, RegisterError> {
        if let Some(context) = context {
            context.count_upstream_call();
        }
        let register = self.inner.register;
        let span = CallSpan::start(
            context,
            register.as_str(),
            method.as_str(),
            template,
            attempt,
        );
        let (answer, queued, elapsed) = self
            .exchange(
                method,
                url.clone(),
                body,
                headers,
                span.traceparent(),
                deadline,
            )
            .await;
        let status = answer.as_ref().ok().map(|(status, _, _)| status.as_u16());
        if let Ok((_, headers, _)) = &answer {
            self.saw_api_version(headers);
        }
        let result = answer
            .and_then(|(status, _, bytes)| decode::<T>(status, bytes.as_ref(), elapsed))
            .map_err(|kind| self.error(method, template, kind));
        span.end(status, result.as_ref().err().map(|e| e.kind.name()));
        let (objects, expanded) = match &result {
            Ok((_, objects, expanded)) => (*objects, *expanded),
            Err(_) => (0, 0),
        };
        let call = CallRecord {
            register,
            method: method.as_str(),
            template,
            objects,
            expanded,
            elapsed,
            queued,
            status,
            attempt,
            error: result.as_ref().err(),
        };
        self.tell(|o| o.observe(&call));
        let elapsed_ms = elapsed.as_millis() as u64;
        match &result {
            Ok(_) => tracing::debug!(
                register = register.as_str(), %method, template, status, elapsed_ms, attempt,
                "register call"
            ),
            Err(e) => tracing::warn!(
                register = register.as_str(), %method, template, status, elapsed_ms, attempt,
                fault = e.kind.name(), error = %e, "register call failed"
            ),
        }
        result.map(|(value, _, _)| value)
    }

    /// One exchange: waits for a permit, sends (with `traceparent`), reads
    /// the whole body within the timeout. The answer or why none came, the
    /// wait for the permit, and the time from sending until the body was read.
    ///
    /// With a `deadline`, the wait for the permit ends at the deadline, and
    /// the call gets the register's timeout or the time left, whichever is
    /// less. A timeout counts as the register's (`Timeout`) when the call
    /// had at least half the register's own timeout; with less, or while
    /// still waiting for a slot, the request ran out of time (`OutOfTime`),
    /// so that a client asking for a short deadline cannot open the breaker
    /// for everyone.
    pub(super) async fn exchange(
        &self,
        method: &Method,
        url: Url,
        body: Option<&Call>,
        headers: &HeaderMap,
        traceparent: &str,
        deadline: Option<Instant>,
    ) -> (
        Result<(StatusCode, HeaderMap, impl AsRef<[u8]>), ErrorKind>,
        Duration,
        Duration,
    ) {
        let inner = &self.inner;
        let queued_at = Instant::now();
        let permit = {
            let _waiting = inner.queue.wait();
            match deadline {
                None => inner.permits.acquire().await,
                Some(at) => match tokio::time::timeout_at(at.into(), inner.permits.acquire()).await
                {
                    Ok(permit) => permit,
                    Err(_) => {
                        let queued = queued_at.elapsed();
                        let kind = ErrorKind::OutOfTime { after: queued };
                        return (Err(kind), queued, Duration::ZERO);
                    }
                },
            }
        };
        let queued = queued_at.elapsed();
        let started = Instant::now();
        let budget = match deadline {
            Some(at) => inner.timeout.min(left(at, started)),
            None => inner.timeout,
        };

        let mut request = inner
            .layer
            .client
            .request(method.clone(), url)
            .header(ACCEPT, "application/json")
            .header("traceparent", traceparent);
        if let Some(auth) = &inner.auth {
            request = request.header(AUTHORIZATION, auth.clone());
        }
        for (name, value) in headers {
            request = request.header(name, value.clone());
        }
        if let Some(body) = body {
            request = request
                .header(CONTENT_TYPE, body.content_type)
                .body(body.bytes.clone());
        }
        let answer = tokio::time::timeout(budget, async {
            let response = request.send().await?;
            let status = response.status();
            let headers = response.headers().clone();
            let bytes = response.bytes().await?;
            Ok::<_, reqwest::Error>((status, headers, bytes))
        })
        .await;
        drop(permit);
        let elapsed = started.elapsed();
        inner.queue.held(elapsed);
        let the_registers = budget >= inner.timeout / 2;
        let answer = match answer {
            Err(_) if the_registers => Err(ErrorKind::Timeout { after: budget }),
            Err(_) => Err(ErrorKind::OutOfTime { after: budget }),
            Ok(Err(e)) => match transport_error(&e, budget) {
                ErrorKind::Timeout { .. } if !the_registers => {
                    Err(ErrorKind::OutOfTime { after: budget })
                }
                kind => Err(kind),
            },
            Ok(Ok(answer)) => Ok(answer),
        };
        (answer, queued, elapsed)
    }

    /// Remembers the `API-version` header of an answer (Open Klant sends it
    /// on every answer), so that the client notices a register that was
    /// upgraded or downgraded under it.
    pub(super) fn saw_api_version(&self, headers: &HeaderMap) {
        let Some(version) = headers.get("api-version").and_then(|v| v.to_str().ok()) else {
            return;
        };
        let version = version.trim();
        let unchanged = || {
            self.inner
                .api_version
                .read()
                .unwrap_or_else(|e| e.into_inner())
                .as_deref()
                == Some(version)
        };
        // The same as before on nearly every answer: a read lock, no copy.
        if version.len() > 32 || unchanged() {
            return;
        }
        *self
            .inner
            .api_version
            .write()
            .unwrap_or_else(|e| e.into_inner()) = Some(version.to_string());
    }

    pub(super) fn tell(&self, what: impl Fn(&dyn CallObserver)) {
        self.inner.layer.observers.each(what);
    }

    /// Reports and logs a move of the breaker.
    pub(super) fn breaker_moved(&self, moved: Option<BreakerState>) {
        let Some(state) = moved else { return };
        let register = self.inner.register;
        self.tell(|o| o.breaker(register, state));
        match state {
            BreakerState::Open => tracing::warn!(
                register = register.as_str(),
                "circuit breaker opened: calls fail at once until a probe succeeds"
            ),
            BreakerState::HalfOpen | BreakerState::Closed => tracing::info!(
                register = register.as_str(),
                state = state.as_str(),
                "circuit breaker moved"
            ),
        }
    }
}

/// The body of a POST, its content type, and whether the POST only reads
/// (and so may be retried).
pub(super) struct Call {
    pub(super) bytes: Vec<u8>,
    pub(super) content_type: &'static str,
    pub(super) read: bool,
}

impl Call {
    /// A JSON body.
    pub(super) fn json(bytes: Vec<u8>, read: bool) -> Call {
        Call {
            bytes,
            content_type: "application/json",
            read,
        }
    }
}
