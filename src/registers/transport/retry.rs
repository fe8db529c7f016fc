//! When a failed call is tried again, how long the layer waits first, and
//! which failures count against the register's circuit breaker.
//!
//! Only reads are retried (a repeated write could create a second
//! klantcontact), and only after failures that another try may not meet: a
//! refused or broken connection, a 429 or 503 (`Unavailable`), a 500 or 502.
//! Never after a timeout: the register is slow, and asking again would double
//! the wait of the whole klantbeeld and the register's load. The wait before
//! retry `n` is drawn uniformly from `0..=min(max, base × 2^(n-1))` ("full
//! jitter"), so that many gateways retrying at once spread out.

use std::time::Duration;

use rand::Rng;

use crate::config::RegisterConfig;
use crate::registers::error::ErrorKind;

/// A register's retry settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RetryPolicy {
    /// Tries after the first, at most.
    pub retries: u32,
    /// The ceiling of the first wait.
    pub base: Duration,
    /// The largest ceiling.
    pub max: Duration,
}

impl RetryPolicy {
    /// The settings of `registers.<name>`.
    pub(crate) fn from_config(config: &RegisterConfig) -> RetryPolicy {
        RetryPolicy {
            retries: config.retries,
            base: Duration::from_millis(config.retry_backoff_ms),
            max: Duration::from_millis(config.retry_backoff_max_ms),
        }
    }

    /// Whether try `attempt` (1 is the first) of a read that failed with
    /// `kind` is followed by another.
    pub(crate) fn again(&self, attempt: u32, kind: &ErrorKind) -> bool {
        attempt <= self.retries && is_transient(kind)
    }

    /// The wait before retry `retry` (1 is the first retry).
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let ceiling = self.ceiling(retry);
        if ceiling.is_zero() {
            return ceiling;
        }
        let ms = rand::thread_rng().gen_range(0..=ceiling.as_millis() as u64);
        Duration::from_millis(ms)
    }

    /// `min(max, base × 2^(retry-1))`.
    fn ceiling(&self, retry: u32) -> Duration {
        let factor = 1u32
            .checked_shl(retry.saturating_sub(1))
            .unwrap_or(u32::MAX);
        self.base.saturating_mul(factor).min(self.max)
    }
}

/// A failure another try may not meet.
fn is_transient(kind: &ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::Unavailable { .. }
            | ErrorKind::Upstream {
                status: 500 | 502,
                ..
            }
    )
}

/// Whether a failure says the register is unwell (counts against its
/// breaker): no connection, a timeout, 429/503, any 5xx. A 4xx or a body the
/// gateway cannot read is the register answering; it does not count.
pub(crate) fn is_register_failure(kind: &ErrorKind) -> bool {
    match kind {
        ErrorKind::Unavailable { .. } | ErrorKind::Timeout { .. } => true,
        ErrorKind::Upstream { status, .. } => *status >= 500,
        ErrorKind::OutOfTime { .. }
        | ErrorKind::NotFound { .. }
        | ErrorKind::BadRequest { .. }
        | ErrorKind::Unauthorized { .. }
        | ErrorKind::Malformed { .. }
        | ErrorKind::Unsupported { .. } => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            retries: 2,
            base: Duration::from_millis(50),
            max: Duration::from_millis(120),
        }
    }

    #[test]
    fn transient_failures_are_retried_up_to_the_limit_timeouts_never() {
        let p = policy();
        let refused = ErrorKind::Unavailable {
            reason: "refused".into(),
            retry_after: None,
        };
        let five_hundred = ErrorKind::Upstream {
            status: 500,
            problem: None,
        };
        assert!(p.again(1, &refused));
        assert!(p.again(2, &five_hundred));
        assert!(!p.again(3, &refused));
        for kind in [
            ErrorKind::Timeout {
                after: Duration::from_millis(300),
            },
            ErrorKind::Upstream {
                status: 501,
                problem: None,
            },
            ErrorKind::NotFound { problem: None },
            ErrorKind::Malformed { reason: "x".into() },
        ] {
            assert!(!p.again(1, &kind), "{kind:?}");
        }
    }

    #[test]
    fn backoff_doubles_within_its_ceiling_and_is_jittered() {
        let p = policy();
        assert_eq!(p.ceiling(1), Duration::from_millis(50));
        assert_eq!(p.ceiling(2), Duration::from_millis(100));
        assert_eq!(p.ceiling(3), Duration::from_millis(120));
        assert_eq!(p.ceiling(40), Duration::from_millis(120));
        let waits: Vec<Duration> = (0..200).map(|_| p.backoff(2)).collect();
        assert!(waits.iter().all(|w| *w <= Duration::from_millis(100)));
        let first = waits[0];
        assert!(waits.iter().any(|w| *w != first), "no jitter: {first:?}");
    }

    #[test]
    fn only_an_unwell_register_counts_against_the_breaker() {
        assert!(is_register_failure(&ErrorKind::Timeout {
            after: Duration::ZERO
        }));
        assert!(is_register_failure(&ErrorKind::Upstream {
            status: 503,
            problem: None
        }));
        assert!(!is_register_failure(&ErrorKind::Upstream {
            status: 409,
            problem: None
        }));
        assert!(!is_register_failure(&ErrorKind::NotFound { problem: None }));
    }
}
