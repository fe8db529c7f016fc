//! Requests per principal (`[rate_limit]`): a token bucket per subject, in
//! memory (one replica; several replicas each limit on their own). Each
//! operation takes one token: a `/graphql` request takes one in the
//! middleware that answers an empty bucket with 429 and `Retry-After`
//! (`http::protect`), and a batch of n operations the other n − 1 when it
//! has been read ([`RateLimiter::take_n`], all or none), so a batch costs
//! what its operations sent one by one would.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::config::RateLimitConfig;

/// Buckets beyond this many make the limiter drop the full (idle) ones.
const PRUNE_ABOVE: usize = 10_000;

struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// Token buckets keyed by principal subject.
pub struct RateLimiter {
    per_second: f64,
    burst: f64,
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl RateLimiter {
    pub fn new(config: &RateLimitConfig) -> RateLimiter {
        RateLimiter {
            per_second: config.per_second,
            burst: f64::from(config.burst),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token for `key` at `now`; when there is none, how long until
    /// there is.
    pub fn take(&self, key: &str, now: Instant) -> Result<(), Duration> {
        self.take_n(key, 1, now)
    }

    /// Takes `n` tokens for `key` at `now`, all or none; when there are
    /// fewer, how long until there are `n` (a request for more than the
    /// burst waits for the burst to refill, then is refused again: the
    /// batch limit keeps `n` below it in practice).
    pub fn take_n(&self, key: &str, n: u32, now: Instant) -> Result<(), Duration> {
        let wanted = f64::from(n);
        // A poisoned lock only means another request panicked mid-update;
        // the buckets are still numbers.
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() > PRUNE_ABOVE {
            let (rate, burst) = (self.per_second, self.burst);
            buckets.retain(|_, b| refilled(b, now, rate, burst) < burst);
        }
        let bucket = buckets.entry(key.to_string()).or_insert(Bucket {
            tokens: self.burst,
            updated: now,
        });
        bucket.tokens = refilled(bucket, now, self.per_second, self.burst);
        bucket.updated = now;
        if bucket.tokens >= wanted {
            bucket.tokens -= wanted;
            Ok(())
        } else {
            let missing = wanted.min(self.burst) - bucket.tokens;
            Err(Duration::from_secs_f64(missing.max(0.0) / self.per_second))
        }
    }
}

fn refilled(bucket: &Bucket, now: Instant, per_second: f64, burst: f64) -> f64 {
    let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
    (bucket.tokens + elapsed * per_second).min(burst)
}

/// The whole seconds until `wait` is over, rounded up, at least 1: what
/// `Retry-After` says.
pub fn retry_after_seconds(wait: Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}

/// The GraphQL error of a request or operation refused at the rate limit
/// (`RATE_LIMITED`, naming the key), whatever the transport: the body of
/// `/graphql`'s 429, and an operation's one error over a WebSocket.
pub fn refused(seconds: u64) -> async_graphql::ServerError {
    use async_graphql::ErrorExtensions;
    super::request_error(
        async_graphql::Error::new(format!("too many requests; try again in {seconds} s"))
            .extend_with(|_, e| {
                e.set("code", "RATE_LIMITED");
                e.set("limit", "rate_limit.per_second");
            }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(per_second: f64, burst: u32) -> RateLimiter {
        RateLimiter::new(&RateLimitConfig {
            enabled: true,
            per_second,
            burst,
        })
    }

    #[test]
    fn a_refusal_names_its_code_and_key_and_when_to_try_again() {
        assert_eq!(
            serde_json::to_value(refused(3)).unwrap(),
            serde_json::json!({
                "message": "too many requests; try again in 3 s",
                "extensions": { "code": "RATE_LIMITED", "limit": "rate_limit.per_second" }
            })
        );
    }

    #[test]
    fn a_burst_then_the_sustained_rate() {
        let l = limiter(2.0, 3);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(l.take("a", t0).is_ok());
        }
        let wait = l.take("a", t0).unwrap_err();
        assert_eq!(wait, Duration::from_millis(500));
        // Another principal has its own bucket.
        assert!(l.take("b", t0).is_ok());
        // Half a second later one token is back, not two.
        let t1 = t0 + Duration::from_millis(500);
        assert!(l.take("a", t1).is_ok());
        assert!(l.take("a", t1).is_err());
        // A long quiet spell refills to the burst, no more.
        let t2 = t1 + Duration::from_secs(3600);
        for _ in 0..3 {
            assert!(l.take("a", t2).is_ok());
        }
        assert!(l.take("a", t2).is_err());
    }

    #[test]
    fn several_tokens_are_taken_all_or_none() {
        let l = limiter(1.0, 5);
        let t0 = Instant::now();
        assert!(l.take_n("a", 4, t0).is_ok());
        // One left: two are refused, and take nothing.
        assert_eq!(l.take_n("a", 2, t0), Err(Duration::from_secs(1)));
        assert!(l.take("a", t0).is_ok());
        assert!(l.take("a", t0).is_err());
    }

    #[test]
    fn idle_buckets_are_dropped_when_there_are_many() {
        let l = limiter(1.0, 1);
        let t0 = Instant::now();
        for i in 0..=PRUNE_ABOVE {
            assert!(l.take(&i.to_string(), t0).is_ok());
        }
        let later = t0 + Duration::from_secs(10);
        assert!(l.take("new", later).is_ok());
        assert_eq!(l.buckets.lock().unwrap().len(), 1);
    }

    #[test]
    fn retry_after_is_whole_seconds_rounded_up() {
        assert_eq!(retry_after_seconds(Duration::from_millis(1500)), 2);
        assert_eq!(retry_after_seconds(Duration::from_secs(2)), 2);
        assert_eq!(retry_after_seconds(Duration::ZERO), 1);
    }
}
