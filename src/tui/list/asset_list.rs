//! The loaded assets: pages fetched so far, their order, the rows shown, and the selection. Pure
//! state; the app decides when to fetch. What the list asks the server for is in
//! `list/page_requests.rs`, the local fuzzy filter in `list/filter.rs`, how new rows enter the
//! order in `list/ingest.rs`, a re-read first page in `list/refresh.rs`.

use std::collections::HashSet;

use crate::api::types::{Asset, ListAssetsQuery, Page};

use super::page_requests::{OwedMove, PAGE_LIMIT, PREFETCH_MARGIN, PendingPage, Restore, ServerFilter};
use super::removed_ids::RemovedIds;
use super::sort::{SortOrder, merge_sorted};

#[derive(Debug, Clone, Default)]
pub struct AssetList {
    pub items: Vec<Asset>,
    /// The ids of `items`, to drop the ones a page repeats without scanning the list.
    pub(in crate::tui) ids: HashSet<String>,
    /// Total on the server for the current server filters, once a page has said.
    pub total: Option<u64>,
    /// Highest page loaded (0: none yet).
    pub pages_loaded: u32,
    pub has_more: bool,
    pub pending: Option<PendingPage>,
    pub server_filter: ServerFilter,
    /// The local fuzzy filter text (empty: no filter).
    pub local_filter: String,
    /// How the rows are ordered (`s`, `S`); kept when the server filters change.
    pub sort: SortOrder,
    /// Every index into `items` in `sort` order; empty in the server's order (`items` is it).
    pub(in crate::tui) order: Vec<usize>,
    /// Indices into `items` that pass the local filter: in `sort` order, or, in the server's
    /// order with a fuzzy filter, best match first.
    pub visible: Vec<usize>,
    /// While a query is typed: `visible` of each shorter query typed on the way to it, so erasing
    /// a character restores the earlier rows instead of rescoring every row. Emptied whenever
    /// `items` change.
    pub(in crate::tui) earlier: Vec<(String, Vec<usize>)>,
    /// Index into `visible`.
    pub selected: usize,
    /// First row drawn; kept here so mouse clicks map to rows without the view.
    pub offset: usize,
    pub restore: Option<Restore>,
    /// Ids with a delete in flight (drawn dimmed).
    pub deleting: HashSet<String>,
    /// Ids deleted here; a page fetched before the server removed one must not bring it back.
    pub removed: RemovedIds,
    /// Set when an appended page brought nothing new (others uploaded many assets meanwhile), so
    /// the next fetch moves past it instead of asking for the same page again.
    pub min_next_page: u32,
    /// A move down that ran past the loaded rows, paid when the next page arrives.
    pub owed: Option<OwedMove>,
}

impl AssetList {
    /// A list that will load its first page.
    pub fn new() -> Self {
        Self {
            has_more: true,
            ..Self::default()
        }
    }

    /// The query for `page` with the current server filters.
    pub fn query(&self, page: u32) -> ListAssetsQuery {
        ListAssetsQuery {
            page: Some(page),
            page_limit: Some(PAGE_LIMIT),
            asset_types: self.server_filter.asset_type.iter().cloned().collect(),
            filename: self.server_filter.filename.clone(),
            ..ListAssetsQuery::default()
        }
    }

    /// Forgets every loaded page (the server filters changed).
    pub fn clear(&mut self) {
        self.items.clear();
        self.ids.clear();
        self.earlier.clear();
        self.order.clear();
        self.visible.clear();
        self.total = None;
        self.pages_loaded = 0;
        self.has_more = true;
        self.selected = 0;
        self.offset = 0;
        self.pending = None;
        self.restore = None;
        self.min_next_page = 0;
        self.owed = None;
    }

    pub fn selected_asset(&self) -> Option<&Asset> {
        self.visible.get(self.selected).and_then(|&i| self.items.get(i))
    }

    pub fn selected_id(&self) -> Option<String> {
        self.selected_asset().map(|a| a.id.clone())
    }

    /// The page holding the first asset not loaded yet. Counting loaded assets rather than pages
    /// keeps paging right after local changes: a delete shifts the server's later assets up a
    /// place (asking for `pages_loaded + 1` would skip the one that moved across the boundary),
    /// an upload shifts them down (the overlap is de-duplicated). Deletes still in flight may
    /// already have happened on the server, so they count as gone.
    pub fn next_page(&self) -> u32 {
        let offset = self.items.len().saturating_sub(self.deleting.len()) as u32;
        (offset / PAGE_LIMIT + 1).max(self.min_next_page)
    }

    /// True when the selection is near the end and another page exists and none is in flight.
    pub fn wants_next_page(&self) -> bool {
        self.has_more && self.pending.is_none() && self.selected + PREFETCH_MARGIN >= self.visible.len()
    }

    /// Adds a page. With `append` false the page replaces the list (page 1 of a reload);
    /// otherwise it is added after the loaded assets, skipping ids already present (the page may
    /// overlap them, see [`AssetList::next_page`]) and ids deleted here.
    ///
    /// A page costs time in proportion to the page, not to the list: ids are looked up in
    /// `ids`, new rows are merged into the order and the visible rows (see
    /// [`AssetList::take_in`]), the selection is only searched for if it moved.
    pub fn apply_page(&mut self, page_no: u32, page: Page<Asset>, append: bool) {
        let keep = self.selected_id();
        let is_last = page.is_last();
        if !append {
            self.items.clear();
            self.ids.clear();
        }
        self.sync_ids();
        let before = self.items.len();
        for asset in page.data {
            if !self.removed.contains(&asset.id) && self.ids.insert(asset.id.clone()) {
                self.items.push(asset);
            }
        }
        let added = self.items.len() - before;
        self.min_next_page = if append && added == 0 { page_no + 1 } else { 0 };
        self.total = Some(page.page_info.total_results);
        self.pages_loaded = if append {
            self.pages_loaded.max(page_no)
        } else {
            page_no
        };
        self.has_more = !is_last;
        if append {
            self.take_in(before);
        } else {
            self.resort();
            self.refilter();
        }
        let target = self.restore.as_ref().map(|r| r.id.clone()).or(keep);
        if let Some(id) = target {
            let still = self.selected_asset().is_some_and(|a| a.id == id);
            if still || self.select_id(&id) {
                self.restore = None;
            } else if let Some(r) = &mut self.restore {
                r.pages_left = r.pages_left.saturating_sub(1);
                if r.pages_left == 0 || !self.has_more {
                    self.restore = None;
                }
            }
        }
        self.clamp();
        self.pay_owed_move(append);
    }

    /// After a page: the rows a move down still owed, moved from where it stopped (a page that
    /// restarts the list, or a selection that left that asset, cancels them).
    fn pay_owed_move(&mut self, append: bool) {
        let Some(owed) = self.owed.take() else {
            return;
        };
        if !append || self.selected_id().as_deref() != Some(owed.from_id.as_str()) {
            return;
        }
        let wanted = self.selected + owed.rows;
        self.move_to(wanted);
    }

    /// Rebuilds `ids` when `items` was changed without it (tests and benches fill `items`).
    fn sync_ids(&mut self) {
        if self.ids.len() != self.items.len() {
            self.ids = self.items.iter().map(|a| a.id.clone()).collect();
        }
    }

    /// Puts a new asset at the top (it is the newest), or updates it in place if present.
    pub fn upsert_top(&mut self, asset: Asset) {
        if self.items.iter().any(|a| a.id == asset.id) {
            self.update(asset);
            return;
        }
        let keep = self.selected_id();
        self.sync_ids();
        self.ids.insert(asset.id.clone());
        self.items.insert(0, asset);
        self.total = self.total.map(|t| t + 1);
        if !self.sort.is_server_order() {
            // Every row moved down one place in `items`; the new one is row 0.
            for i in &mut self.order {
                *i += 1;
            }
            let (sort, items) = (self.sort, &self.items);
            merge_sorted(&mut self.order, &[0], 0, |a, b| sort.compare(items, a, b));
        }
        self.refilter();
        if let Some(id) = keep {
            self.select_id(&id);
        }
    }

    /// Replaces an asset's data if it is loaded.
    pub fn update(&mut self, asset: Asset) {
        if let Some(row) = self.items.iter().position(|a| a.id == asset.id) {
            self.items[row] = asset;
            self.earlier.clear();
            self.reposition(row);
        }
    }

    /// Removes a deleted asset, keeping the selection on the same row.
    pub fn remove(&mut self, id: &str) {
        if let Some(row) = self.items.iter().position(|a| a.id == id) {
            self.items.remove(row);
            self.ids.remove(id);
            self.total = self.total.map(|t| t.saturating_sub(1));
            // The order stays sorted without the row; the rows after it moved up one place.
            self.order.retain(|&i| i != row);
            for i in &mut self.order {
                if *i > row {
                    *i -= 1;
                }
            }
        }
        self.deleting.remove(id);
        self.removed.insert(id);
        self.refilter();
        self.clamp();
    }

    /// Selects an asset by id; false if it is not visible.
    pub fn select_id(&mut self, id: &str) -> bool {
        match self.visible.iter().position(|&i| self.items[i].id == id) {
            Some(pos) => {
                self.selected = pos;
                true
            }
            None => false,
        }
    }

    /// Moves the selection by `delta` rows, clamped to the loaded rows.
    /// A move down past the loaded rows, while the server has more, is owed: the rest of it is
    /// made when the next page arrives (see [`OwedMove`]).
    pub fn move_by(&mut self, delta: isize) {
        let wanted = (self.selected as isize).saturating_add(delta).max(0) as usize;
        self.move_to(wanted);
    }

    /// Selects row `wanted`, or the last loaded row and owes the rest while more rows exist.
    fn move_to(&mut self, wanted: usize) {
        let last = self.visible.len().saturating_sub(1);
        self.selected = wanted.min(last);
        self.owed = None;
        if wanted > last
            && self.has_more
            && let Some(from_id) = self.selected_id()
        {
            self.owed = Some(OwedMove {
                from_id,
                rows: wanted - last,
            });
        }
    }

    pub fn select_last(&mut self) {
        self.selected = self.visible.len().saturating_sub(1);
        self.owed = None;
    }

    /// Selects a loaded row (a click), cancelling a move still owed.
    pub fn select_row(&mut self, row: usize) {
        self.selected = row.min(self.visible.len().saturating_sub(1));
        self.owed = None;
    }

    pub(in crate::tui) fn clamp(&mut self) {
        if self.selected >= self.visible.len() {
            self.selected = self.visible.len().saturating_sub(1);
        }
    }

    /// Moves `offset` so the selection stays inside a viewport of `height` rows.
    pub fn scroll_into_view(&mut self, height: usize) {
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        let rows = self.visible.len() + usize::from(self.has_more);
        self.offset = self.offset.min(rows.saturating_sub(height));
    }
}
