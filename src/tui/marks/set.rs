//! Marked assets: the set bulk actions work on. Marks are kept by id with a copy of the asset, so
//! they survive paging, refreshes and filter changes; a marked asset that is filtered out stays
//! marked (and is counted as hidden). A range (`v`) marks every row between its anchor and the
//! selection, on top of the marks made before it started.

use std::collections::HashMap;

use crate::api::types::Asset;

use crate::tui::list::asset_list::AssetList;

/// One marked asset: the asset as it was when marked, and when it was marked (for the order).
#[derive(Debug, Clone, PartialEq)]
struct Marked {
    seq: u64,
    asset: Asset,
}

/// A range being drawn with `v`: where it started and the marks it is added to.
#[derive(Debug, Clone, PartialEq)]
struct Range {
    anchor: String,
    before: HashMap<String, Marked>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Marks {
    marked: HashMap<String, Marked>,
    next_seq: u64,
    range: Option<Range>,
}

impl Marks {
    pub fn is_empty(&self) -> bool {
        self.marked.is_empty()
    }

    pub fn len(&self) -> usize {
        self.marked.len()
    }

    pub fn contains(&self, id: &str) -> bool {
        self.marked.contains_key(id)
    }

    /// True while `v` draws a range.
    pub fn range_active(&self) -> bool {
        self.range.is_some()
    }

    /// The sum of the known sizes of the marked assets.
    pub fn total_size(&self) -> u64 {
        self.marked.values().filter_map(|m| m.asset.size).sum()
    }

    /// Marked assets, in the order they were marked (rows of one range or `*` in list order).
    pub fn assets(&self) -> Vec<&Asset> {
        let mut all: Vec<&Marked> = self.marked.values().collect();
        all.sort_by_key(|m| m.seq);
        all.into_iter().map(|m| &m.asset).collect()
    }

    /// How many marked assets the list does not show (filtered out or not loaded).
    pub fn hidden(&self, list: &AssetList) -> usize {
        if self.marked.is_empty() {
            return 0;
        }
        let shown = list
            .visible
            .iter()
            .filter_map(|&i| list.items.get(i))
            .filter(|a| self.marked.contains_key(&a.id))
            .count();
        self.marked.len().saturating_sub(shown)
    }

    fn insert(&mut self, asset: &Asset) {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.marked.entry(asset.id.clone()).or_insert_with(|| Marked {
            seq,
            asset: asset.clone(),
        });
    }

    /// Marks the asset, or unmarks it when it is marked. Ends a range first.
    pub fn toggle(&mut self, asset: &Asset) {
        self.range = None;
        if self.marked.remove(&asset.id).is_none() {
            self.insert(asset);
        }
    }

    /// Forgets one mark (the asset was deleted).
    pub fn remove(&mut self, id: &str) {
        self.marked.remove(id);
        if let Some(r) = &mut self.range {
            r.before.remove(id);
        }
    }

    pub fn clear(&mut self) {
        self.marked.clear();
        self.range = None;
    }

    /// `*`: marks every row the list shows, or unmarks them all when they are all marked.
    /// Returns true when it marked.
    pub fn toggle_shown(&mut self, list: &AssetList) -> bool {
        self.range = None;
        let shown: Vec<&Asset> = list.visible.iter().filter_map(|&i| list.items.get(i)).collect();
        if !shown.is_empty() && shown.iter().all(|a| self.marked.contains_key(&a.id)) {
            for a in shown {
                self.marked.remove(&a.id);
            }
            return false;
        }
        for a in shown {
            self.insert(a);
        }
        true
    }

    /// `v`: starts a range at the selected row (marking it).
    pub fn start_range(&mut self, list: &AssetList) {
        let Some(anchor) = list.selected_id() else {
            return;
        };
        self.range = Some(Range {
            anchor,
            before: self.marked.clone(),
        });
        self.follow_range(list);
    }

    /// Ends the range, keeping what it marked.
    pub fn end_range(&mut self) {
        self.range = None;
    }

    /// Re-marks the range from its anchor to the selection (the selection moved or the rows
    /// changed). A range whose anchor is no longer shown ends, keeping its marks.
    pub fn follow_range(&mut self, list: &AssetList) {
        let Some(range) = &self.range else {
            return;
        };
        let anchor = list
            .visible
            .iter()
            .position(|&i| list.items.get(i).is_some_and(|a| a.id == range.anchor));
        let Some(anchor) = anchor else {
            self.range = None;
            return;
        };
        let (from, to) = if anchor <= list.selected {
            (anchor, list.selected)
        } else {
            (list.selected, anchor)
        };
        let rows: Vec<&Asset> = list.visible[from..=to.min(list.visible.len().saturating_sub(1))]
            .iter()
            .filter_map(|&i| list.items.get(i))
            .collect();
        // The same rows as the last time leave the marks as they are (most messages).
        let expected = range.before.len() + rows.iter().filter(|a| !range.before.contains_key(&a.id)).count();
        if expected == self.marked.len() && rows.iter().all(|a| self.marked.contains_key(&a.id)) {
            return;
        }
        self.marked = range.before.clone();
        for a in rows {
            self.insert(a);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(n: usize) -> AssetList {
        let mut list = AssetList::new();
        list.items = (0..n)
            .map(|i| {
                let mut a = Asset::minimal(&format!("{i:024x}"));
                a.filename = Some(format!("clip-{i}.mp4"));
                a.size = Some(1000);
                a
            })
            .collect();
        list.refilter();
        list
    }

    #[test]
    fn a_range_follows_the_selection_both_ways_and_keeps_earlier_marks() {
        let mut l = list(10);
        let mut m = Marks::default();
        m.toggle(&l.items[9]);
        l.selected = 4;
        m.start_range(&l);
        assert_eq!(m.len(), 2);
        l.selected = 6;
        m.follow_range(&l);
        assert_eq!(m.len(), 4, "rows 4..=6 and row 9");
        l.selected = 2;
        m.follow_range(&l);
        assert_eq!(m.len(), 4, "rows 2..=4 and row 9");
        assert!(!m.contains(&l.items[6].id));
        m.end_range();
        l.selected = 0;
        m.follow_range(&l);
        assert_eq!(m.len(), 4, "an ended range no longer moves");
        assert_eq!(m.total_size(), 4000);
    }

    #[test]
    fn marks_outlive_the_filter_and_count_as_hidden() {
        let mut l = list(5);
        let mut m = Marks::default();
        assert!(m.toggle_shown(&l));
        l.set_local_filter("clip-3");
        assert_eq!(m.hidden(&l), 4);
        assert!(!m.toggle_shown(&l), "the one shown was marked: unmark it");
        assert_eq!(m.len(), 4);
        l.set_local_filter("");
        assert_eq!(m.hidden(&l), 0);
        assert_eq!(m.assets().len(), 4);
    }
}
