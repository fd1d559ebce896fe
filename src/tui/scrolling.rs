//! Scroll positions kept inside their content: the detail pane and the help overlay; and Tab's
//! move between the panes. The
//! heights come from the views' own wrapping at the app's size, so `update` stays pure and no
//! key scrolls into blank rows.

use super::app::{App, Focus};
use super::dialogs::Modal;
use super::input::keymap::Action;

impl App {
    /// Another selected asset (a key, a click, a filter, a page) shows its detail from the top;
    /// otherwise the detail and help scroll stay within their content, however the content or
    /// the size changed, so no key ever scrolls into blank rows.
    pub(super) fn clamp_scrolls(&mut self) {
        let selected = self.list.selected_asset().map(|a| a.id.as_str());
        if selected != self.detail_of.as_deref() {
            self.detail_of = selected.map(str::to_string);
            self.detail_scroll = 0;
        } else if self.detail_scroll > 0 {
            self.detail_scroll = self.detail_scroll.min(super::view::detail_max_scroll(self));
        }
        if let Some(Modal::Help { scroll, context }) = &self.modal
            && *scroll > 0
        {
            let max = super::view::help_max_scroll(self, *context);
            if let Some(Modal::Help { scroll, .. }) = &mut self.modal {
                *scroll = (*scroll).min(max);
            }
        }
    }

    /// Tab: the next pane (the uploads only while they have rows).
    pub(super) fn switch_pane(&mut self) {
        self.focus = match self.focus {
            Focus::List => Focus::Detail,
            Focus::Detail if !self.uploads.jobs.is_empty() => Focus::Uploads,
            Focus::Detail | Focus::Uploads => Focus::List,
        };
    }

    /// Keys in the help overlay.
    pub(super) fn on_help_key(&mut self, action: Option<Action>) {
        // Page keys move by the rows shown; `update` keeps the scroll inside the content.
        let page = self.size.1.saturating_sub(4).max(1);
        if let Some(Modal::Help { scroll, .. }) = &mut self.modal {
            match action {
                Some(Action::Down) => *scroll = scroll.saturating_add(1),
                Some(Action::Up) => *scroll = scroll.saturating_sub(1),
                Some(Action::PageDown) => *scroll = scroll.saturating_add(page),
                Some(Action::PageUp) => *scroll = scroll.saturating_sub(page),
                Some(Action::HalfDown) => *scroll = scroll.saturating_add(page / 2),
                Some(Action::HalfUp) => *scroll = scroll.saturating_sub(page / 2),
                Some(Action::Top) => *scroll = 0,
                Some(Action::Bottom) => *scroll = u16::MAX,
                Some(Action::Cancel) => self.modal = None,
                _ => {}
            }
        }
    }
}
