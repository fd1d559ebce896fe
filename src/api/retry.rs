//! The retry rule of every call, written once here ([`recovery`]), and the backoff policy.
//!
//! - **429 is a wait, not a failure.** The request was refused, not processed, so waiting for the
//!   server's reset (`Retry-After` in seconds or as an HTTP date, else `X-Ratelimit-Reset`, else
//!   backoff; at most [`MAX_RATE_WAIT`] at a time for an upload, the policy's `max_delay` for
//!   other calls) and sending again is safe for any call, even a `POST`. Such waits do not use
//!   up retries: they go on while the server keeps naming a reset, bounded by the caller's
//!   deadline (an upload's `--timeout`) or [`MAX_RATE_WAITS`].
//! - **A request that provably never left** (connect refused) is retried with backoff, any call.
//! - **5xx, 408 or a connection lost after the request was sent**: an idempotent call (reads,
//!   `PUT`s, multipart chunk `PUT`s, reports, status) is retried with backoff; a create may have
//!   been processed, so the caller first *reconciles* (looks for what that attempt created and
//!   adopts it) and only then sends again.
//! - **A session create** (`POST /assets/multipart-uploads`) after such an answer is sent again
//!   *without* reconciling, at most the policy's `max_retries` times. Reconciling would mean
//!   finding the session in `GET /assets/multipart-uploads`, whose rows name neither the file
//!   nor the asset: a match by size and time could be another upload's session, and adopting it
//!   would write this file into someone else's asset. A session left behind is never sent a
//!   byte, so it never becomes a second asset with media; it costs a reserved asset id until it
//!   expires (24 h; the local platform then fails that asset, which it never lists). The count
//!   bounds how many a failing service can leave.
//! - Anything else (4xx, 409, a local problem) is answered at once.

use std::future::Future;
use std::sync::OnceLock;
use std::time::Duration;

use super::error::ApiError;

/// The longest single wait for a rate limit's reset (a longer `Retry-After` is cut to this and
/// the server asked again).
pub const MAX_RATE_WAIT: Duration = Duration::from_secs(5 * 60);
/// Rate-limit waits in a row a call without a deadline accepts before giving up.
pub const MAX_RATE_WAITS: u32 = 40;

/// Told of a call about to be tried again after a failed attempt (not of a rate-limit wait,
/// which uploads report themselves): the error, the wait, and the retry's number of the most.
pub type RetryNotice = fn(&ApiError, Duration, u32, u32);

static NOTICE: OnceLock<RetryNotice> = OnceLock::new();

/// Sets, once per process, who is told of retries: the command line, so a refused connection
/// is not silent for the seconds its retries take. Unset, retries are only logged.
pub fn on_retry(notice: RetryNotice) {
    let _ = NOTICE.set(notice);
}

/// What to do after a failed attempt, by [`recovery`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recovery {
    /// Refused by a rate limit: wait this long (the server's reset, or backoff when it named
    /// none), then send again. Does not count as a retry.
    WaitForRateLimit(Option<Duration>),
    /// Send again after a backoff delay (counts as a retry).
    Backoff,
    /// The request may have been processed: look for its effect before sending again.
    Reconcile,
    /// Not worth another attempt.
    Fail,
}

/// The rule above, for an error of a call that is (or is not) `idempotent`.
pub fn recovery(error: &ApiError, idempotent: bool) -> Recovery {
    match error {
        ApiError::RateLimited { retry_after, .. } => {
            Recovery::WaitForRateLimit(retry_after.map(|d| d.min(MAX_RATE_WAIT)))
        }
        ApiError::Transport { not_sent: true, .. } => Recovery::Backoff,
        e if e.is_transient() && idempotent => Recovery::Backoff,
        e if e.is_transient() => Recovery::Reconcile,
        _ => Recovery::Fail,
    }
}

/// How often and how patiently a call is retried.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 = never retry).
    pub max_retries: u32,
    /// Delay before the first retry; doubles each time.
    pub base_delay: Duration,
    /// Upper bound of one delay, including a server's `Retry-After`.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 4,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// The wait before retry number `attempt` (0-based): the server's `Retry-After` when given,
    /// else `base × 2^attempt` with up to 25 % jitter taken off, capped at `max_delay`.
    pub fn delay(&self, attempt: u32, error: &ApiError) -> Duration {
        if let Some(server) = error.retry_after() {
            return server.min(self.max_delay);
        }
        self.backoff(attempt)
    }

    /// The wait for a rate limit: the server's reset when it named one, else backoff.
    pub fn rate_wait(&self, attempt: u32, server: Option<Duration>) -> Duration {
        server.unwrap_or_else(|| self.backoff(attempt)).min(MAX_RATE_WAIT)
    }

    /// `base × 2^attempt` with up to 25 % jitter taken off, capped at `max_delay`.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exp = self.base_delay.saturating_mul(1u32 << attempt.min(16));
        let capped = exp.min(self.max_delay);
        let jitter = super::jitter::fraction() * 0.25;
        capped.mul_f64(1.0 - jitter)
    }

    /// Runs `op` until it succeeds, fails with a non-transient error, or retries run out.
    /// Only for idempotent calls: a 409 or 4xx is returned at once.
    pub async fn run<T, F, Fut>(&self, op: F) -> Result<T, ApiError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        self.run_as(op, true).await
    }

    /// Runs a call that is not idempotent (a metadata `PATCH`, a session create): retried when
    /// the request provably never reached the server or a rate limit refused it, never after an
    /// answer that may mean it was processed. (Creating an asset reconciles instead: see
    /// `Client::upload`.)
    pub async fn run_unsent<T, F, Fut>(&self, op: F) -> Result<T, ApiError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        self.run_as(op, false).await
    }

    async fn run_as<T, F, Fut>(&self, mut op: F, idempotent: bool) -> Result<T, ApiError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        let mut attempt = 0;
        let mut rate_waits = 0;
        loop {
            let e = match op().await {
                Err(e) => e,
                ok => return ok,
            };
            let wait = match recovery(&e, idempotent) {
                // A policy that never retries answers even a rate limit at once.
                Recovery::WaitForRateLimit(server)
                    if self.max_retries > 0 && rate_waits < MAX_RATE_WAITS && server.is_some() =>
                {
                    rate_waits += 1;
                    // A call without a deadline caps one wait at the policy's longest delay
                    // (a hostile reset cannot park it); refused again, it simply waits again.
                    self.rate_wait(attempt, server).min(self.max_delay)
                }
                Recovery::WaitForRateLimit(_) | Recovery::Backoff if attempt < self.max_retries => {
                    attempt += 1;
                    let wait = self.delay(attempt - 1, &e);
                    if let Some(notice) = NOTICE.get() {
                        notice(&e, wait, attempt, self.max_retries);
                    }
                    wait
                }
                _ => return Err(e),
            };
            tracing::debug!(code = e.code(), attempt, ?wait, "retrying after transient error");
            tokio::time::sleep(wait).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_wins_over_backoff() {
        let p = RetryPolicy::default();
        let e = ApiError::RateLimited {
            code: "too_many_requests".into(),
            message: String::new(),
            retry_after: Some(Duration::from_secs(7)),
        };
        assert_eq!(p.delay(0, &e), Duration::from_secs(7));
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy {
            max_retries: 10,
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(5),
        };
        let e = ApiError::Transport {
            message: String::new(),
            not_sent: true,
        };
        let d0 = p.delay(0, &e);
        assert!(d0 <= Duration::from_secs(1) && d0 >= Duration::from_millis(750));
        let d5 = p.delay(5, &e);
        assert!(d5 <= Duration::from_secs(5) && d5 >= Duration::from_millis(3750));
    }

    #[tokio::test(start_paused = true)]
    async fn unsent_only_retries_connect_failures() {
        let p = RetryPolicy::default();
        let mut calls = 0;
        let r: Result<(), _> = p
            .run_unsent(|| {
                calls += 1;
                async { Err(ApiError::from_response(500, None, "")) }
            })
            .await;
        assert!(r.is_err());
        assert_eq!(calls, 1, "a 5xx on a non-idempotent call is not retried");
        let mut calls = 0;
        let r: Result<(), _> = p
            .run_unsent(|| {
                calls += 1;
                let n = calls;
                async move {
                    if n < 3 {
                        Err(ApiError::Transport {
                            message: "refused".into(),
                            not_sent: true,
                        })
                    } else {
                        Ok(())
                    }
                }
            })
            .await;
        assert!(r.is_ok());
        assert_eq!(calls, 3);
    }

    #[test]
    fn the_rule_by_case() {
        let limited = ApiError::RateLimited {
            code: "too_many_requests".into(),
            message: String::new(),
            retry_after: Some(Duration::from_secs(41)),
        };
        let huge = ApiError::RateLimited {
            code: "too_many_requests".into(),
            message: String::new(),
            retry_after: Some(Duration::from_secs(86_400)),
        };
        let lost = ApiError::Transport {
            message: String::new(),
            not_sent: false,
        };
        let refused = ApiError::Transport {
            message: String::new(),
            not_sent: true,
        };
        let e500 = ApiError::from_response(500, None, "");
        let e408 = ApiError::from_response(408, None, "");
        let e400 = ApiError::from_response(400, None, "");
        for idempotent in [true, false] {
            assert_eq!(
                recovery(&limited, idempotent),
                Recovery::WaitForRateLimit(Some(Duration::from_secs(41)))
            );
            assert_eq!(
                recovery(&huge, idempotent),
                Recovery::WaitForRateLimit(Some(MAX_RATE_WAIT))
            );
            assert_eq!(recovery(&refused, idempotent), Recovery::Backoff);
            assert_eq!(recovery(&e400, idempotent), Recovery::Fail);
        }
        for e in [&lost, &e500, &e408] {
            assert_eq!(recovery(e, true), Recovery::Backoff);
            assert_eq!(recovery(e, false), Recovery::Reconcile);
        }
    }

    #[tokio::test(start_paused = true)]
    async fn rate_limit_waits_do_not_use_up_retries() {
        let p = RetryPolicy {
            max_retries: 1,
            ..RetryPolicy::default()
        };
        let start = tokio::time::Instant::now();
        let mut calls = 0;
        let r: Result<(), _> = p
            .run_unsent(|| {
                calls += 1;
                let n = calls;
                async move {
                    if n <= 5 {
                        Err(ApiError::RateLimited {
                            code: "too_many_requests".into(),
                            message: String::new(),
                            retry_after: Some(Duration::from_secs(3)),
                        })
                    } else {
                        Ok(())
                    }
                }
            })
            .await;
        assert!(r.is_ok(), "{r:?}");
        assert_eq!(calls, 6);
        assert_eq!(start.elapsed(), Duration::from_secs(15));
    }

    #[tokio::test(start_paused = true)]
    async fn conflict_is_returned_at_once() {
        let p = RetryPolicy::default();
        let mut calls = 0;
        let r: Result<(), _> = p
            .run(|| {
                calls += 1;
                async {
                    Err(ApiError::Conflict {
                        code: "asset_referenced".into(),
                        message: String::new(),
                    })
                }
            })
            .await;
        assert!(matches!(r, Err(ApiError::Conflict { .. })));
        assert_eq!(calls, 1);
    }
}
