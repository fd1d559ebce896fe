//! The app's side of auto-refresh: on a due tick while idle, page 1 is asked for alongside
//! anything else; its answer is merged into the list (`list/refresh.rs`) if the app is still
//! idle, else dropped. The state is [`super::auto_refresh::AutoRefresh`].

use jiff::Timestamp;
use tracing::debug;

use crate::api::ApiError;
use crate::api::types::{Asset, Page};

use crate::tui::app::App;
use crate::tui::effect::Effect;
use crate::tui::msg::RequestId;

impl App {
    /// Idle enough to re-read page 1: no dialog, no typing, no delete run, no `G` or sort
    /// run, no page on its way, no lost connection or rate-limit wait.
    pub fn idle_for_refresh(&self) -> bool {
        self.modal.is_none()
            && self.filter_input.is_none()
            && self.delete_run.is_none()
            && self.to_end.is_none()
            && self.list.pending.is_none()
            && self.list.restore.is_none()
            && !self.connectivity.is_offline()
            && !self.connectivity.is_rate_limited()
    }

    /// `Msg::RefreshTick`: asks for page 1 when a refresh is due and the app idle. A refresh
    /// still unanswered a period later was lost (a page fetch stops the ones alongside it):
    /// the new one replaces it, and its answer, if any, is dropped.
    pub(in crate::tui) fn on_refresh_tick(&mut self, now: Timestamp) -> Vec<Effect> {
        self.now = now;
        if !self.auto_refresh.due(now) || !self.idle_for_refresh() {
            return Vec::new();
        }
        let request_id = self.request_id();
        self.auto_refresh.in_flight = Some(request_id);
        self.auto_refresh.last = Some(now);
        vec![Effect::FetchPageAlongside {
            request_id,
            query: self.list.query(1),
        }]
    }

    /// The re-read page 1 came back. Merged while still idle; an error is reported as any
    /// failed page is.
    pub(in crate::tui) fn on_refresh_page(
        &mut self,
        request_id: RequestId,
        result: Result<Page<Asset>, ApiError>,
    ) -> Vec<Effect> {
        self.auto_refresh.in_flight = None;
        match result {
            Ok(page) if self.idle_for_refresh() => {
                self.connection_ok();
                self.list.merge_first_page(page);
                self.follow_selection()
            }
            Ok(_) => {
                debug!(%request_id, "dropping a refresh that came back while busy");
                Vec::new()
            }
            Err(err) => {
                self.api_error("refreshing the list", &err, Some(1));
                Vec::new()
            }
        }
    }
}
