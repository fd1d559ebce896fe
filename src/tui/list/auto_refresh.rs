//! Auto-refresh: while the app is idle, page 1 is read again every `refresh_secs` so that assets
//! other programs add or delete show up. The runtime only sends [`crate::tui::Msg::RefreshTick`] at
//! that period; whether a tick is due and the app idle is decided in `update`
//! (`list/auto_refresh_flow.rs`), so it is tested on virtual time.

use std::time::Duration;

use jiff::Timestamp;

use crate::tui::msg::RequestId;

/// The period when the config does not say.
pub const DEFAULT_REFRESH: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutoRefresh {
    /// `None`: off (`refresh_secs = 0`).
    pub every: Option<Duration>,
    /// When page 1 was last asked for by a refresh.
    pub(in crate::tui) last: Option<Timestamp>,
    /// The re-read page 1 on its way.
    pub(in crate::tui) in_flight: Option<RequestId>,
}

impl Default for AutoRefresh {
    fn default() -> Self {
        Self {
            every: Some(DEFAULT_REFRESH),
            last: None,
            in_flight: None,
        }
    }
}

impl AutoRefresh {
    /// True when a refresh is due at `now`. A tick a little early still counts (the runtime's
    /// timer and the wall clock drift apart), one well before the period does not.
    pub(in crate::tui) fn due(&self, now: Timestamp) -> bool {
        let Some(every) = self.every else {
            return false;
        };
        let Some(last) = self.last else {
            return true;
        };
        now.duration_since(last).as_secs_f64() >= every.as_secs_f64() * 0.9
    }
}
