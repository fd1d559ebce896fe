//! The app's side of a lost connection and of rate limits: routing API errors to the banner,
//! the countdown or a message, and on each tick asking again for what was deferred.

use jiff::Timestamp;

use crate::api::ApiError;

use super::app::App;
use super::effect::Effect;
use super::notices::Notice;

impl App {
    /// Routes an API error: a lost connection opens the banner, a rate limit starts the
    /// countdown; every error except a lost connection is shown as a message.
    pub(super) fn api_error(&mut self, context: &str, err: &ApiError, retry_page: Option<u32>) {
        match err {
            ApiError::Transport { message, .. } => {
                self.connectivity.lost(self.now, message.clone(), retry_page);
                return;
            }
            ApiError::RateLimited { retry_after, .. } => {
                self.connectivity.rate_limited(self.now, *retry_after, retry_page);
            }
            _ => {}
        }
        self.notices.push(Notice::from_error(context, err));
    }

    pub(super) fn connection_ok(&mut self) {
        if self.connectivity.reached() {
            self.notices.flash = Some("connection restored".to_string());
        }
    }

    pub(super) fn on_tick(&mut self, now: Timestamp) -> Vec<Effect> {
        self.now = now;
        let mut effects = Vec::new();
        if let Some(page) = self.connectivity.end_rate_limit_wait(now) {
            effects.extend(self.fetch_page(page));
        }
        if let Some(page) = self.connectivity.reconnect_due(now, self.list.pending.is_some()) {
            effects.extend(if page <= 1 {
                self.refresh()
            } else {
                self.fetch_page(page)
            });
        }
        effects
    }
}
