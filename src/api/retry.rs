//! Retry policy for idempotent calls: exponential backoff with jitter, honouring `Retry-After`.

use std::future::Future;
use std::time::Duration;

use super::error::ApiError;

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
        let exp = self.base_delay.saturating_mul(1u32 << attempt.min(16));
        let capped = exp.min(self.max_delay);
        let jitter = rand::random::<f64>() * 0.25;
        capped.mul_f64(1.0 - jitter)
    }

    /// Runs `op` until it succeeds, fails with a non-transient error, or retries run out.
    /// Only for idempotent calls: a 409 or 4xx is returned at once.
    pub async fn run<T, F, Fut>(&self, op: F) -> Result<T, ApiError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        self.run_while(op, ApiError::is_transient).await
    }

    /// Runs a call that is not idempotent (`POST /assets`, a metadata `PATCH`): retried only
    /// when the request provably never reached the server, never on an HTTP answer.
    pub async fn run_unsent<T, F, Fut>(&self, op: F) -> Result<T, ApiError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        self.run_while(op, |e| matches!(e, ApiError::Transport { not_sent: true, .. }))
            .await
    }

    async fn run_while<T, F, Fut>(
        &self,
        mut op: F,
        retryable: impl Fn(&ApiError) -> bool,
    ) -> Result<T, ApiError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        let mut attempt = 0;
        loop {
            match op().await {
                Err(e) if retryable(&e) && attempt < self.max_retries => {
                    let wait = self.delay(attempt, &e);
                    tracing::debug!(code = e.code(), attempt, ?wait, "retrying after transient error");
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                other => return other,
            }
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
