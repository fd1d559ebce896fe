//! An upload waiting before it sends again: why and how long (told to the caller's
//! [`WaitFn`]), the wait while the client's shared rate gate is closed, and the backoff after a
//! transient failure, both bounded by the upload's deadline.

use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::rate_gate::RateGate;

/// Why an upload waits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaitReason {
    /// The service's rate limit is spent until its reset.
    RateLimit,
    /// A transient failure (`code`): sending again after a backoff.
    Retry { code: String },
}

/// An upload waiting before it sends again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wait {
    pub reason: WaitReason,
    /// How long from now.
    pub left: Duration,
    /// The wall-clock end of the wait, for display.
    pub until: jiff::Timestamp,
}

impl Wait {
    fn new(reason: WaitReason, left: Duration) -> Self {
        let until = jiff::Timestamp::now()
            .checked_add(jiff::SignedDuration::try_from(left).unwrap_or_default())
            .unwrap_or_else(|_| jiff::Timestamp::now());
        Self { reason, left, until }
    }
}

/// Told of each wait before it starts.
pub type WaitFn = Arc<dyn Fn(&Wait) + Send + Sync>;

impl Client {
    /// Waits while the shared gate is closed (another request learnt the window is spent).
    /// Fails with a rate-limit error when the reset lies past `deadline`.
    pub(crate) async fn wait_for_gate(
        &self,
        deadline: Instant,
        on_wait: Option<&WaitFn>,
    ) -> Result<(), ApiError> {
        wait_for_gate(&self.gate, deadline, on_wait).await
    }

    /// Sleeps `wait` after a transient `error` unless that would pass `deadline` (then the error).
    pub(crate) async fn back_off(
        &self,
        wait: Duration,
        error: ApiError,
        deadline: Instant,
        on_wait: Option<&WaitFn>,
    ) -> Result<(), ApiError> {
        back_off(wait, error, deadline, on_wait).await
    }
}

pub(crate) async fn wait_for_gate(
    gate: &RateGate,
    deadline: Instant,
    on_wait: Option<&WaitFn>,
) -> Result<(), ApiError> {
    while let Some(left) = gate.closed_for() {
        if Instant::now() + left > deadline {
            return Err(ApiError::RateLimited {
                code: "too_many_requests".into(),
                message: format!(
                    "rate limited for {}s more, past the upload's timeout",
                    left.as_secs_f64().ceil()
                ),
                retry_after: Some(left),
            });
        }
        if let Some(tell) = on_wait {
            tell(&Wait::new(WaitReason::RateLimit, left));
        }
        tokio::time::sleep(left).await;
    }
    Ok(())
}

pub(crate) async fn back_off(
    wait: Duration,
    error: ApiError,
    deadline: Instant,
    on_wait: Option<&WaitFn>,
) -> Result<(), ApiError> {
    if Instant::now() + wait > deadline {
        return Err(error);
    }
    tracing::debug!(code = error.code(), ?wait, "retrying after transient error");
    if let Some(tell) = on_wait {
        let code = error.code().to_string();
        tell(&Wait::new(WaitReason::Retry { code }, wait));
    }
    tokio::time::sleep(wait).await;
    Ok(())
}
