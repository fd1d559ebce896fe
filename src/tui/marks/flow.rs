//! The marking keys (`Space`, `v`, `*`, `Esc`) and the copy actions on marks: `y` copies the
//! marked ids one per line, `Y` offers them or their JSON.

use std::collections::HashMap;

use crate::api::types::Asset;

use crate::tui::app::App;
use crate::tui::dialogs::{CopyMenu, Modal};
use crate::tui::effect::Effect;

impl App {
    /// `Space`: marks or unmarks the selected asset and moves down.
    pub(in crate::tui) fn toggle_mark(&mut self) -> Vec<Effect> {
        let Some(asset) = self.list.selected_asset().cloned() else {
            return Vec::new();
        };
        self.marks.toggle(&asset);
        self.list.move_by(1);
        self.detail_scroll = 0;
        self.follow_selection()
    }

    /// `v`: starts a range at the selection, or ends the one being drawn.
    pub(in crate::tui) fn toggle_range(&mut self) {
        if self.marks.range_active() {
            self.marks.end_range();
        } else {
            self.marks.start_range(&self.list);
        }
    }

    /// `*`: marks every row shown, or unmarks them when all are marked.
    pub(in crate::tui) fn toggle_mark_shown(&mut self) {
        let marked = self.marks.toggle_shown(&self.list);
        let shown = self.list.visible.len();
        self.notices.flash = Some(if marked {
            format!("marked the {shown} rows shown")
        } else {
            format!("unmarked the {shown} rows shown")
        });
    }

    /// `Esc` with nothing else open: forgets the marks.
    pub(in crate::tui) fn clear_marks(&mut self) {
        let n = self.marks.len();
        self.marks.clear();
        self.notices.flash = Some(format!("cleared {n} mark(s)"));
    }

    /// Extends a range being drawn to where the selection is now; called after every message,
    /// so moving by key, page, click or a refresh all extend it the same way.
    pub(in crate::tui) fn sync_range(&mut self) {
        if self.marks.range_active() {
            self.marks.follow_range(&self.list);
        }
    }

    /// The marked assets, each as loaded now when it is (fresher than the copy in the mark).
    pub(in crate::tui) fn marked_assets(&self) -> Vec<Asset> {
        let loaded: HashMap<&str, &Asset> = self
            .list
            .items
            .iter()
            .filter(|a| self.marks.contains(&a.id))
            .map(|a| (a.id.as_str(), a))
            .collect();
        self.marks
            .assets()
            .into_iter()
            .map(|m| (*loaded.get(m.id.as_str()).unwrap_or(&m)).clone())
            .collect()
    }

    fn marked_ids(&self) -> String {
        let ids: Vec<&str> = self.marks.assets().into_iter().map(|a| a.id.as_str()).collect();
        ids.join("\n")
    }

    /// `y` with marks: the marked ids, one per line.
    pub(in crate::tui) fn copy_marked_ids(&mut self) -> Vec<Effect> {
        let label = format!("{} asset ids", self.marks.len());
        let ids = self.marked_ids();
        self.copy(&label, ids)
    }

    /// `Y` with marks: the ids or the JSON array of the marked assets.
    pub(in crate::tui) fn open_marks_copy_menu(&mut self) {
        let json = serde_json::to_string_pretty(&self.marked_assets()).map_err(|e| e.to_string());
        self.modal = Some(Modal::CopyMenu(CopyMenu {
            entries: vec![
                ("marked asset ids", Ok(self.marked_ids())),
                ("JSON of the marked assets", json),
            ],
            selected: 0,
        }));
    }
}
