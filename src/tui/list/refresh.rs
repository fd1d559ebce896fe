//! A re-read first page merged into the loaded list without starting it afresh: assets new on
//! the server appear at the top, those gone from where the page covers go, changed ones are
//! updated; the rest of the loaded pages stay. Nothing is cleared on the way, so nothing
//! flickers.

use std::collections::HashSet;

use crate::api::types::{Asset, Page};

use super::asset_list::AssetList;

impl AssetList {
    /// Merges page 1 as the server gives it now. The page covers the list up to its oldest asset
    /// that was loaded already: loaded assets before that one and absent from the page were
    /// deleted (on the last page, every absent one was). With no asset in common (more new ones
    /// than a page holds), the page goes on top and the loaded rows stay, since what lies
    /// between is not known. The selection stays on its asset (or, gone, on its row), the scroll
    /// where it was. Returns false when nothing changed.
    pub fn merge_first_page(&mut self, page: Page<Asset>) -> bool {
        let is_last = page.is_last();
        self.total = Some(page.page_info.total_results);
        if is_last {
            self.has_more = false;
        }
        let fresh: Vec<Asset> = page
            .data
            .into_iter()
            .filter(|a| !self.removed.contains(&a.id))
            .collect();
        let fresh_ids: HashSet<&str> = fresh.iter().map(|a| a.id.as_str()).collect();
        let known = self
            .items
            .iter()
            .filter(|a| fresh_ids.contains(a.id.as_str()))
            .count();
        let mut covered = 0;
        let mut seen = 0;
        for (pos, a) in self.items.iter().enumerate() {
            if seen == known {
                break;
            }
            if fresh_ids.contains(a.id.as_str()) {
                seen += 1;
                covered = pos + 1;
            }
        }
        if is_last {
            covered = self.items.len();
        }
        if self.items.get(..covered) == Some(fresh.as_slice()) {
            return false;
        }
        let keep = self.selected_id();
        let row = self.selected;
        let tail = self.items.split_off(covered);
        self.items = fresh;
        self.items.extend(tail);
        self.ids = self.items.iter().map(|a| a.id.clone()).collect();
        self.resort();
        self.refilter();
        if !keep.is_some_and(|id| self.select_id(&id)) {
            self.selected = row;
        }
        self.clamp();
        true
    }
}
