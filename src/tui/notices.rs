//! What the app tells the user besides the data: API errors (kept until dismissed), a one-line
//! info message, the rate-limit countdown and the lost-connection banner.

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};

use crate::api::ApiError;

/// An error shown until dismissed, with everything the user needs to act on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// What was being done (`loading assets`, `deleting harbor.mp4`).
    pub context: String,
    pub status: Option<u16>,
    pub code: String,
    pub message: String,
    pub hint: String,
}

impl Notice {
    pub fn from_error(context: impl Into<String>, err: &ApiError) -> Self {
        Self {
            context: context.into(),
            status: err.status(),
            code: err.code().to_string(),
            message: err.message(),
            hint: err.hint().to_string(),
        }
    }
}

/// The connection is down: when it went, when the next try is, how many tries so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offline {
    pub since: Timestamp,
    pub next_try: Timestamp,
    pub attempts: u32,
    pub message: String,
}

#[derive(Debug, Clone, Default)]
pub struct Notices {
    /// Oldest first; the newest is drawn, `dismiss` pops it.
    pub errors: Vec<Notice>,
    /// A short info line (cleared by the next key).
    pub flash: Option<String>,
    /// Rate limited until this time; requests wait for it.
    pub rate_limited_until: Option<Timestamp>,
    pub offline: Option<Offline>,
}

/// Wait used when a 429 carries no `Retry-After`.
const DEFAULT_RATE_WAIT: Duration = Duration::from_secs(10);
/// Longest wait between two reconnection tries.
const MAX_BACKOFF_SECS: i64 = 30;
/// Most errors kept; older ones are dropped so a flapping server cannot grow memory.
const MAX_ERRORS: usize = 20;

impl Notices {
    pub fn push(&mut self, notice: Notice) {
        if self.errors.last() == Some(&notice) {
            return;
        }
        self.errors.push(notice);
        if self.errors.len() > MAX_ERRORS {
            self.errors.remove(0);
        }
    }

    /// Dismisses the newest error; false when there was none.
    pub fn dismiss(&mut self) -> bool {
        self.errors.pop().is_some()
    }

    pub fn current(&self) -> Option<&Notice> {
        self.errors.last()
    }

    pub fn rate_limit(&mut self, now: Timestamp, retry_after: Option<Duration>) {
        let wait = retry_after.unwrap_or(DEFAULT_RATE_WAIT);
        let wait = SignedDuration::try_from(wait).unwrap_or(SignedDuration::from_secs(10));
        self.rate_limited_until = now.checked_add(wait).ok();
    }

    /// Seconds left of a rate-limit wait, if one is running.
    pub fn rate_limit_left(&self, now: Timestamp) -> Option<i64> {
        let until = self.rate_limited_until?;
        let left = until.as_millisecond() - now.as_millisecond();
        (left > 0).then(|| (left + 999) / 1000)
    }

    /// Records a failed connection: opens the banner or backs off further.
    pub fn connection_lost(&mut self, now: Timestamp, message: String) {
        let attempts = self.offline.as_ref().map_or(0, |o| o.attempts) + 1;
        let wait = (1i64 << attempts.min(5)).min(MAX_BACKOFF_SECS);
        let since = self.offline.as_ref().map_or(now, |o| o.since);
        self.offline = Some(Offline {
            since,
            next_try: now.checked_add(SignedDuration::from_secs(wait)).unwrap_or(now),
            attempts,
            message,
        });
    }

    /// True when the connection was down and a request just succeeded.
    pub fn connection_ok(&mut self) -> bool {
        self.offline.take().is_some()
    }

    /// Seconds until the next reconnection try.
    pub fn offline_retry_in(&self, now: Timestamp) -> Option<i64> {
        let o = self.offline.as_ref()?;
        Some(((o.next_try.as_millisecond() - now.as_millisecond()).max(0) + 999) / 1000)
    }
}
