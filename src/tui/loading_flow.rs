//! Loading assets from the server: the list's pages (the first, the next as the selection nears
//! the end, page 1 again on a refresh or a server filter change) and the selected asset's detail.

use tracing::debug;

use crate::api::ApiError;
use crate::api::types::{Asset, Page};

use super::app::App;
use super::effect::Effect;
use super::list::page_requests::{PendingPage, Restore};
use super::msg::RequestId;

impl App {
    /// Asks for `page` with the current filters, unless a rate limit says to wait. Page 1 starts
    /// the list afresh; later pages append.
    pub(super) fn fetch_page(&mut self, page: u32) -> Vec<Effect> {
        self.fetch_page_as(page, page > 1)
    }

    pub(super) fn fetch_page_as(&mut self, page: u32, append: bool) -> Vec<Effect> {
        if !append {
            // The list starts afresh: the pages a `G` was loading no longer follow on.
            self.to_end = None;
        }
        if self.connectivity.rate_limit_left(self.now).is_some() {
            self.connectivity.defer_page(page);
            return Vec::new();
        }
        let request_id = self.request_id();
        self.list.pending = Some(PendingPage {
            request_id,
            page,
            append,
        });
        vec![Effect::FetchPage {
            request_id,
            query: self.list.query(page),
        }]
    }

    /// Reloads from page 1, keeping the selection, the local filter and the server filters.
    pub(super) fn refresh(&mut self) -> Vec<Effect> {
        if let Some(id) = self.list.selected_id() {
            self.list.restore = Some(Restore {
                id,
                pages_left: self.list.pages_loaded.max(1),
            });
        }
        self.fetch_page(1)
    }

    /// Server filters changed: start again from page 1.
    pub(super) fn reload(&mut self) -> Vec<Effect> {
        self.list.clear();
        self.fetch_page(1)
    }

    /// Keeps the selection on screen and fetches the next page when it nears the end.
    pub(super) fn follow_selection(&mut self) -> Vec<Effect> {
        let rows = self.list_rows();
        self.list.scroll_into_view(rows);
        if self.list.wants_next_page()
            && self.list.pages_loaded > 0
            && self.connectivity.retry_page().is_none()
            && self.to_end.is_none()
        {
            let next = self.list.next_page();
            return self.fetch_page_as(next, true);
        }
        Vec::new()
    }

    pub(super) fn on_page(
        &mut self,
        request_id: RequestId,
        page: u32,
        result: Result<Page<Asset>, ApiError>,
    ) -> Vec<Effect> {
        if self.auto_refresh.in_flight == Some(request_id) {
            return self.on_refresh_page(request_id, result);
        }
        if self.to_end.is_some() {
            match self.on_to_end_page(request_id, page, result) {
                Some(effects) => return effects,
                None => {
                    debug!(%request_id, page, "dropping a page nobody waits for");
                    return Vec::new();
                }
            }
        }
        let Some(pending) = self.list.pending.filter(|p| p.request_id == request_id) else {
            debug!(%request_id, page, "dropping a page nobody waits for");
            return Vec::new();
        };
        self.list.pending = None;
        match result {
            Ok(data) => {
                self.connection_ok();
                self.connectivity.page_arrived();
                self.list.apply_page(page, data, pending.append);
                if !pending.append {
                    self.list_is_current();
                }
                if self.list.restore.is_some() && self.list.has_more {
                    return self.fetch_page(page + 1);
                }
                self.follow_or_load_for_sort()
            }
            Err(err) => {
                self.api_error("loading assets", &err, Some(page));
                Vec::new()
            }
        }
    }

    pub(super) fn on_detail(
        &mut self,
        request_id: RequestId,
        result: Result<Box<Asset>, ApiError>,
    ) -> Vec<Effect> {
        if self.detail_request != Some(request_id) {
            debug!(%request_id, "dropping a detail nobody waits for");
            return Vec::new();
        }
        self.detail_request = None;
        match result {
            Ok(asset) => {
                self.connection_ok();
                self.list.update(*asset);
            }
            Err(err) => self.api_error("loading the asset", &err, None),
        }
        self.after_url_renewal(request_id)
    }
}
