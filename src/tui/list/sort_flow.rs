//! `s` and `S`: ordering the list. The API has no sort parameter, so a sort over a partly loaded
//! list loads the rest in the background (the `G` run, not following the end), each page merged
//! into the order as it arrives; the selection and the marks stay on their assets.

use super::sort::SortOrder;
use crate::tui::app::App;
use crate::tui::effect::Effect;

impl App {
    /// `s`: newest first → name → size → duration → status → newest first.
    pub(in crate::tui) fn cycle_sort(&mut self) -> Vec<Effect> {
        let next = self.list.sort.next_key();
        self.sort_by(next)
    }

    /// `S`: the current order the other way round.
    pub(in crate::tui) fn reverse_sort(&mut self) -> Vec<Effect> {
        let flipped = self.list.sort.flipped();
        self.sort_by(flipped)
    }

    fn sort_by(&mut self, sort: SortOrder) -> Vec<Effect> {
        self.list.set_sort(sort);
        // The loading itself shows in the status bar while it runs.
        self.notices.flash = Some(
            sort.label()
                .unwrap_or_else(|| "newest first, as the server lists".to_string()),
        );
        self.follow_or_load_for_sort()
    }

    /// After a page or a new order: with a sort chosen and pages left on the server, loads the
    /// rest (unless a run already does); else keeps the selection on screen, fetching the next
    /// page near the end as usual.
    pub(in crate::tui) fn follow_or_load_for_sort(&mut self) -> Vec<Effect> {
        if !self.list.sort.is_server_order()
            && self.to_end.is_none()
            && self.list.has_more
            && self.list.restore.is_none()
        {
            let effects = self.load_to_end(false);
            self.list.scroll_into_view(self.list_rows());
            return effects;
        }
        self.follow_selection()
    }
}
