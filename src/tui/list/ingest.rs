//! How rows enter the list's order: a new sort sorts the loaded rows once; a page that arrives
//! is merged into the order and into the visible rows (a binary search per new row and one copy
//! of the list), never re-sorted or re-filtered as a whole; an asset that changed moves to its
//! new place.

use std::cmp::Ordering;

use super::asset_list::AssetList;
use super::filter::Scorer;
use super::filter::id_query;
use super::sort::{SortOrder, merge_sorted};

impl AssetList {
    /// Orders the list by `sort`, keeping the selected asset selected (wherever it lands).
    pub fn set_sort(&mut self, sort: SortOrder) {
        let keep = self.selected_id();
        self.sort = sort;
        self.resort();
        self.refilter();
        self.selected = 0;
        if let Some(id) = keep {
            self.select_id(&id);
        }
        self.clamp();
    }

    /// Sorts every loaded row into `order` (nothing to do in the server's order).
    pub(in crate::tui) fn resort(&mut self) {
        self.order.clear();
        if self.sort.is_server_order() {
            return;
        }
        self.order = (0..self.items.len()).collect();
        self.sort.sort_rows(&self.items, &mut self.order);
    }

    /// Takes in the rows from `first` on, just appended to `items`: merged into `order` and, those
    /// that pass the local filter, into `visible`, the selection staying on its asset.
    pub(in crate::tui) fn take_in(&mut self, first: usize) {
        self.earlier.clear();
        let mut new: Vec<usize> = (first..self.items.len()).collect();
        if new.is_empty() {
            return;
        }
        let sort = self.sort;
        let sorted = !sort.is_server_order();
        if sorted {
            sort.sort_rows(&self.items, &mut new);
            let items = &self.items;
            merge_sorted(&mut self.order, &new, 0, |a, b| sort.compare(items, a, b));
        }
        let filtered = !self.local_filter.is_empty();
        if !sorted && !filtered {
            // Appended rows come last in the server's order.
            self.visible.extend(new);
            return;
        }
        let matched = if filtered {
            // In the order of `new` when sorted, else best first: the order `visible` is in.
            self.fuzzy(new.into_iter())
        } else {
            new
        };
        let had_rows = !self.visible.is_empty();
        let watch = self.selected;
        let items = &self.items;
        let shift = if sorted {
            merge_sorted(&mut self.visible, &matched, watch, |a, b| {
                sort.compare(items, a, b)
            })
        } else if id_query(&self.local_filter).is_some() {
            merge_sorted(&mut self.visible, &matched, watch, |a, b| a.cmp(&b))
        } else {
            let mut scorer = Scorer::new(&self.local_filter);
            merge_sorted(&mut self.visible, &matched, watch, |a, b| {
                let mut score = |i: usize| items.get(i).and_then(|x| scorer.score(x));
                let (sa, sb) = (score(a), score(b));
                sb.cmp(&sa).then(a.cmp(&b))
            })
        };
        if had_rows {
            self.selected += shift;
        }
    }

    /// Row `row` of `items` changed: moves it to its place in the order (a scan and a binary
    /// search, no re-sort), the selection staying on its asset.
    pub(in crate::tui) fn reposition(&mut self, row: usize) {
        let sort = self.sort;
        if sort.is_server_order() {
            return;
        }
        let keep = self.selected_id();
        let items = &self.items;
        let mut moved = false;
        for rows in [&mut self.order, &mut self.visible] {
            let Some(at) = rows.iter().position(|&i| i == row) else {
                continue;
            };
            let after = |t: usize| sort.compare(items, t, row) == Ordering::Greater;
            let in_place = !at.checked_sub(1).is_some_and(|p| after(rows[p]))
                && rows.get(at + 1).is_none_or(|&n| after(n));
            if in_place {
                continue;
            }
            rows.remove(at);
            let to = rows.partition_point(|&t| !after(t));
            rows.insert(to, row);
            moved = true;
        }
        if moved && let Some(id) = keep {
            self.select_id(&id);
        }
    }
}
