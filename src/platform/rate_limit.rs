//! Per-key request limit on `POST /assets`, fixed windows, with the `X-Ratelimit-*` headers of
//! docs/contract.md §15.5.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use crate::platform::store::ids::now_ms;
pub use crate::serve_settings::RateLimit;

/// The numbers sent in the `X-Ratelimit-*` headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RateState {
    pub limit: u32,
    pub remaining: u32,
    pub used: u32,
    /// Window end, Unix epoch seconds.
    pub reset_epoch: i64,
    /// Seconds until the window ends (for `Retry-After`), at least 1.
    pub retry_after: u64,
    pub allowed: bool,
}

/// Counts requests per key.
pub(crate) struct RateLimiter {
    limit: RateLimit,
    windows: Mutex<HashMap<String, (i64, u32)>>,
}

impl RateLimiter {
    /// A limiter enforcing `limit`.
    pub fn new(limit: RateLimit) -> Self {
        Self {
            limit,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// The window length.
    pub fn window(&self) -> Duration {
        self.limit.window
    }

    /// Counts one request of `key` and says whether it is allowed.
    pub fn hit(&self, key: &str) -> RateState {
        let now = now_ms();
        let window_ms = self.limit.window.as_millis().max(1) as i64;
        let mut map = match self.windows.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        let entry = map.entry(key.to_string()).or_insert((now, 0));
        if now - entry.0 >= window_ms {
            *entry = (now, 0);
        }
        let allowed = entry.1 < self.limit.requests;
        if allowed {
            entry.1 += 1;
        }
        let end = entry.0 + window_ms;
        RateState {
            limit: self.limit.requests,
            remaining: self.limit.requests - entry.1,
            used: entry.1,
            reset_epoch: end.div_euclid(1000) + i64::from(end.rem_euclid(1000) > 0),
            retry_after: ((end - now).max(0) as u64).div_ceil(1000).max(1),
            allowed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_limits() {
        assert_eq!(
            "60/min".parse::<RateLimit>().expect("parse"),
            RateLimit {
                requests: 60,
                window: Duration::from_secs(60)
            }
        );
        assert_eq!(
            "5/10s".parse::<RateLimit>().expect("parse").window,
            Duration::from_secs(10)
        );
        assert!("0/min".parse::<RateLimit>().is_err());
        assert!("lots".parse::<RateLimit>().is_err());
    }

    #[test]
    fn counts_within_a_window() {
        let l = RateLimiter::new(RateLimit {
            requests: 2,
            window: Duration::from_secs(3600),
        });
        assert!(l.hit("k").allowed);
        let second = l.hit("k");
        assert!(second.allowed);
        assert_eq!((second.used, second.remaining), (2, 0));
        assert!(!l.hit("k").allowed);
        assert!(l.hit("other").allowed, "limits are per key");
    }
}
