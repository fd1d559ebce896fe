//! The loaded assets: pages fetched so far, the server filters that chose them, the local fuzzy
//! filter over them, their order, and the selection. Pure state; the app decides when to fetch.
//! How new rows enter the order is in `list_ingest.rs`, a re-read first page in
//! `list_refresh.rs`.

use std::collections::HashSet;

use crate::api::types::{Asset, AssetType, ListAssetsQuery, Page};

use super::list_filter::Scorer;
use super::list_sort::{SortOrder, merge_sorted};
use super::msg::RequestId;
use super::removed_ids::RemovedIds;

/// Items per page requested from the server (the documented maximum).
pub const PAGE_LIMIT: u32 = 50;
/// Start fetching the next page when the selection is this close to the end of the list.
pub const PREFETCH_MARGIN: usize = 10;
/// Characters with a meaning in a filter pattern (negation, anchors, exact match, escape); a
/// query holding one may match more rows as it grows, so it is always matched against every row.
const PATTERN_SYNTAX: [char; 5] = ['!', '^', '$', '\'', '\\'];

/// The filter prefix that matches ids instead of names.
pub const ID_PREFIX: &str = "id:";

/// The id part of a local filter that asks for ids (`id:66b1`).
pub(super) fn id_query(text: &str) -> Option<&str> {
    text.strip_prefix(ID_PREFIX)
}

/// Filters the server applies; changing one reloads from page 1.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServerFilter {
    pub asset_type: Option<AssetType>,
    pub filename: Option<String>,
}

impl ServerFilter {
    /// all → video → audio → image → all.
    pub fn cycle_type(&mut self) {
        self.asset_type = match self.asset_type {
            None => Some(AssetType::Video),
            Some(AssetType::Video) => Some(AssetType::Audio),
            Some(AssetType::Audio) => Some(AssetType::Image),
            _ => None,
        };
    }
}

/// A page request in flight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PendingPage {
    pub request_id: RequestId,
    pub page: u32,
    /// True when the page continues the list (dedupe and append); false when page 1 starts it
    /// afresh (a reload or a refresh).
    pub append: bool,
}

/// After a refresh: the asset to select again once it shows up, and how many pages to reload
/// at most to find it (as many as were loaded before).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restore {
    pub id: String,
    pub pages_left: u32,
}

#[derive(Debug, Clone, Default)]
pub struct AssetList {
    pub items: Vec<Asset>,
    /// The ids of `items`, to drop the ones a page repeats without scanning the list.
    pub(super) ids: HashSet<String>,
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
    pub(super) order: Vec<usize>,
    /// Indices into `items` that pass the local filter: in `sort` order, or, in the server's
    /// order with a fuzzy filter, best match first.
    pub visible: Vec<usize>,
    /// While a query is typed: `visible` of each shorter query typed on the way to it, so erasing
    /// a character restores the earlier rows instead of rescoring every row. Emptied whenever
    /// `items` change.
    pub(super) earlier: Vec<(String, Vec<usize>)>,
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
    pub fn move_by(&mut self, delta: isize) {
        let last = self.visible.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + delta).clamp(0, last.max(0)) as usize;
    }

    pub fn select_last(&mut self) {
        self.selected = self.visible.len().saturating_sub(1);
    }

    /// Sets the local filter text and recomputes the visible rows. Typing on (the text extends
    /// the previous one) only rescores the rows that matched before, since a longer plain query
    /// matches a subset of what its prefix matched; the rows of the shorter query are kept, so
    /// erasing back to it (backspace) costs nothing.
    pub fn set_local_filter(&mut self, text: &str) {
        let keep = self.selected_id();
        let narrows = !self.local_filter.is_empty()
            && id_query(text).is_some() == id_query(&self.local_filter).is_some()
            && text.len() > self.local_filter.len()
            && text.starts_with(self.local_filter.as_str())
            && !text.contains(PATTERN_SYNTAX);
        // Only the queries on the way to this one stay useful (the last may be this one).
        let on_the_way = |(q, _): &&(String, Vec<usize>)| text.starts_with(q.as_str());
        self.earlier
            .truncate(self.earlier.iter().take_while(on_the_way).count());
        let previous = std::mem::replace(&mut self.local_filter, text.to_string());
        if narrows {
            let candidates = std::mem::take(&mut self.visible);
            self.visible = self.fuzzy(candidates.iter().copied());
            self.earlier.push((previous, candidates));
        } else if let Some((_, rows)) = self.earlier.pop_if(|(q, _)| q == text) {
            self.visible = rows;
        } else {
            self.refilter();
        }
        self.selected = 0;
        if text.is_empty()
            && let Some(id) = keep
        {
            self.select_id(&id);
        }
        self.clamp();
    }

    /// Recomputes `visible` from `items`, the order and the local filter: fuzzy over the names
    /// (or the ids, see [`AssetList::fuzzy`]); in the sort's order when one is chosen, else
    /// best score first, server order among equals. Never sorts: `order` already is.
    pub fn refilter(&mut self) {
        self.earlier.clear();
        let sorted = !self.sort.is_server_order();
        if sorted && self.order.len() != self.items.len() {
            // `items` was filled without the order (tests and benches fill `items`).
            self.resort();
        }
        self.visible = match (self.local_filter.is_empty(), sorted) {
            (true, true) => self.order.clone(),
            (true, false) => (0..self.items.len()).collect(),
            (false, true) => self.fuzzy(self.order.iter().copied()),
            (false, false) => self.fuzzy(0..self.items.len()),
        };
    }

    /// The indices among `candidates` that match the local filter: fuzzy over the name shown
    /// (the filename, else the id), best first; or with `id:` in front, the ids holding the
    /// rest, in server order. Ids stay out of the fuzzy match: their hex digits would match
    /// nearly any query with digits in it. With a sort chosen, the filter only picks: the
    /// matches keep the order of `candidates`.
    pub(super) fn fuzzy(&self, candidates: impl Iterator<Item = usize>) -> Vec<usize> {
        if let Some(part) = id_query(&self.local_filter) {
            let part = part.trim().to_lowercase();
            return candidates
                .filter(|&i| {
                    self.items
                        .get(i)
                        .is_some_and(|a| a.id.to_lowercase().contains(&part))
                })
                .collect();
        }
        let mut scorer = Scorer::new(&self.local_filter);
        if !self.sort.is_server_order() {
            return candidates
                .filter(|&i| self.items.get(i).and_then(|a| scorer.score(a)).is_some())
                .collect();
        }
        let mut scored: Vec<(u32, usize)> = candidates
            .filter_map(|i| scorer.score(self.items.get(i)?).map(|s| (s, i)))
            .collect();
        scored.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().map(|(_, i)| i).collect()
    }

    pub(super) fn clamp(&mut self) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn list_of(names: &[&str]) -> AssetList {
        let mut list = AssetList::new();
        list.items = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let mut a = Asset::minimal(&format!("{i:024x}"));
                a.filename = Some((*n).to_string());
                a
            })
            .collect();
        list.refilter();
        list
    }

    #[test]
    fn typing_on_narrows_to_what_a_fresh_filter_finds() {
        let names = [
            "harbour-sunset.mp4",
            "Sunset Drive.wav",
            "sun.jpg",
            "unset.mp4",
            "studio-rain.mp4",
            "SUNSET.MOV",
        ];
        let mut typed = list_of(&names);
        for query in [
            "s",
            "su",
            "sun",
            "suns",
            "sunse",
            "sunset",
            "sunset m",
            "sunset mp4",
            "sunset mp4!x",
        ] {
            typed.set_local_filter(query);
            let mut fresh = list_of(&names);
            fresh.set_local_filter(query);
            assert_eq!(typed.visible, fresh.visible, "{query:?}");
        }
        typed.set_local_filter("Su");
        let mut fresh = list_of(&names);
        fresh.set_local_filter("Su");
        assert_eq!(typed.visible, fresh.visible);
    }

    #[test]
    fn erasing_restores_what_a_fresh_filter_finds() {
        let names = [
            "harbour-sunset.mp4",
            "Sunset Drive.wav",
            "sun.jpg",
            "unset.mp4",
            "studio-rain.mp4",
            "SUNSET.MOV",
            "sunrise!.png",
        ];
        let mut typed = list_of(&names);
        // Typing, erasing, retyping, a jump to another query, pattern syntax on the way.
        let steps = [
            "s", "su", "sun", "suns", "sun", "su", "sun", "sunr", "sunri", "sunr", "sun", "su", "s", "", "u",
            "un", "uns", "un", "sun", "sun!", "sun!x", "sun!", "sun", "su", "S", "Su", "SUN", "Su", "S", "",
        ];
        for query in steps {
            typed.set_local_filter(query);
            let mut fresh = list_of(&names);
            fresh.set_local_filter(query);
            assert_eq!(typed.visible, fresh.visible, "{query:?}");
        }
        // The rows change while a query is typed: what was kept for shorter queries is stale.
        let mut more: Vec<&str> = names.to_vec();
        for query in ["s", "su", "sun"] {
            typed.set_local_filter(query);
        }
        let mut a = Asset::minimal(&format!("{:024x}", names.len()));
        a.filename = Some("sunny.mp4".into());
        typed.items.push(a);
        typed.refilter();
        more.push("sunny.mp4");
        for query in ["su", "s"] {
            typed.set_local_filter(query);
            let mut fresh = list_of(&more);
            fresh.set_local_filter(query);
            assert_eq!(typed.visible, fresh.visible, "after new rows: {query:?}");
        }
    }
}
