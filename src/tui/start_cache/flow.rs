//! The app's side of the start cache: a saved listing shown before page 1 arrives, the mark that
//! it is not current (dropped when a fresh page 1 replaces it), and the listing to save on close.
//!
//! Actions on cached rows are allowed: their ids are real, and an asset deleted meanwhile answers
//! 404 like any other stale row. The fresh page 1 replaces the cached rows whole, so rows deleted
//! meanwhile vanish then; the selection stays on its asset (read up to the pages it was on).

use jiff::Timestamp;

use crate::api::types::{Page, PageInfo};
use crate::tui::app::App;
use crate::tui::list::page_requests::{PAGE_LIMIT, Restore, ServerFilter};

use super::{Listing, MAX_ROWS};

impl App {
    /// Shows `listing` as the list, marked as cached, and has the next page 1 keep its selected
    /// asset. Call before [`App::init`]. An empty listing shows nothing.
    pub fn show_cached(&mut self, listing: Listing) {
        let Some(saved_at) = Timestamp::from_second(listing.saved_at).ok() else {
            return;
        };
        if listing.rows.is_empty() {
            return;
        }
        let rows = listing.rows.len() as u64;
        let page = Page {
            data: listing.rows,
            page_info: PageInfo {
                limit_per_page: PAGE_LIMIT,
                page: 1,
                total_page: if listing.has_more { u32::MAX } else { 1 },
                total_results: listing.total.unwrap_or(rows).max(rows),
            },
        };
        self.list.apply_page(1, page, false);
        let most = (MAX_ROWS as u32).div_ceil(PAGE_LIMIT);
        self.list.pages_loaded = listing.pages_loaded.clamp(1, most);
        if let Some(id) = listing.selected
            && self.list.select_id(&id)
        {
            self.list.restore = Some(Restore {
                id,
                pages_left: self.list.pages_loaded,
            });
        }
        self.cached_since = Some(saved_at);
    }

    /// The list to save on close, at `now`: none while it still shows a cached listing (saving
    /// it would date old rows as new) or while a server filter is on (the app starts unfiltered).
    pub fn listing_to_save(&self, now: Timestamp) -> Option<Listing> {
        let list = &self.list;
        if self.cached_since.is_some()
            || list.server_filter != ServerFilter::default()
            || list.total.is_none()
        {
            return None;
        }
        let rows: Vec<_> = list
            .items
            .iter()
            .filter(|a| !list.deleting.contains(&a.id))
            .take(MAX_ROWS)
            .cloned()
            .collect();
        let selected = list.selected_id().filter(|id| rows.iter().any(|a| &a.id == id));
        Some(Listing {
            saved_at: now.as_second(),
            total: list.total,
            pages_loaded: (rows.len() as u32).div_ceil(PAGE_LIMIT).min(list.pages_loaded),
            has_more: list.has_more || rows.len() < list.items.len(),
            selected,
            rows,
        })
    }

    /// A fresh page 1 replaced the list: it is current.
    pub(in crate::tui) fn list_is_current(&mut self) {
        self.cached_since = None;
    }
}
