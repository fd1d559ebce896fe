//! `i`: sending the selected (or marked) assets to an index. The picker loads the indexes, the
//! filter narrows them, `n` opens the new-index form (`index_create/`), Enter sends the ready
//! video and audio assets (the others are named with the reason, not sent), and each
//! new indexed asset is followed until `ready` or `failed`, its status shown live in the detail
//! pane's "Indexes" section. A summary in the status line says how it went.

use crossterm::event::{Event, KeyCode, KeyEvent};
use tracing::debug;
use tui_input::backend::crossterm::EventHandler;

use crate::api::types::{Index, IndexRef, IndexedAsset, IndexedAssetStatus};
use crate::api::{ApiError, Sent};

use crate::tui::app::App;
use crate::tui::detail::part_of::AddRun;
use crate::tui::dialogs::{IndexChoices, IndexPicker, Modal, PickTarget};
use crate::tui::effect::Effect;
use crate::tui::input::keymap::{Action, Key};
use crate::tui::msg::RequestId;
use crate::tui::task_error::SectionError;

/// Names listed in a message before "and N more".
const NAMES_SHOWN: usize = 3;

/// `a.mp4 (processing), b.mp4 (failed) and 2 more`.
fn names(targets: &[PickTarget]) -> String {
    let mut s = targets
        .iter()
        .take(NAMES_SHOWN)
        .map(PickTarget::described)
        .collect::<Vec<_>>()
        .join(", ");
    if targets.len() > NAMES_SHOWN {
        s.push_str(&format!(" and {} more", targets.len() - NAMES_SHOWN));
    }
    s
}

/// The index's name, or its id when it has none.
pub(in crate::tui) fn index_label(index: &IndexRef) -> String {
    index.name.clone().unwrap_or_else(|| index.id.clone())
}

impl App {
    /// `i`: opens the picker for the marked assets, else the selected one. When none of them is
    /// ready, says so instead: there would be nothing to send.
    pub(in crate::tui) fn open_index_picker(&mut self) -> Vec<Effect> {
        let targets: Vec<PickTarget> = if self.marks.is_empty() {
            self.list
                .selected_asset()
                .map(PickTarget::of)
                .into_iter()
                .collect()
        } else {
            self.marks.end_range();
            self.marked_assets().iter().map(PickTarget::of).collect()
        };
        if targets.is_empty() {
            return Vec::new();
        }
        if targets.iter().all(PickTarget::not_ready) {
            let what = if targets.len() == 1 { "is" } else { "are" };
            self.notices.flash = Some(format!(
                "{} {what} not ready: only ready assets can be added to an index",
                names(&targets)
            ));
            return Vec::new();
        }
        if targets.iter().all(|t| t.problem.is_some()) {
            self.notices.flash = Some(format!(
                "{}: an index holds ready video and audio only; nothing to add",
                names(&targets)
            ));
            return Vec::new();
        }
        let request_id = self.request_id();
        self.modal = Some(Modal::IndexPicker(Box::new(IndexPicker::new(
            request_id, targets,
        ))));
        vec![Effect::LoadIndexes { request_id }]
    }

    /// Keys in the picker: plain characters (and editing keys) go to the filter; the menu's
    /// keys move, send and close.
    pub(in crate::tui) fn on_index_picker_key(
        &mut self,
        ev: &KeyEvent,
        action: Option<Action>,
    ) -> Vec<Effect> {
        let Some(Modal::IndexPicker(picker)) = &mut self.modal else {
            return Vec::new();
        };
        let key = Key::from_event(ev);
        let plain_char = matches!(key.code, KeyCode::Char(_)) && !key.ctrl && !key.alt;
        // `n` on an empty filter (else it is typed) or Ctrl-N: a new index.
        let new_index =
            key.code == KeyCode::Char('n') && !key.alt && (key.ctrl || picker.filter.value().is_empty());
        if new_index {
            return self.open_new_index_form();
        }
        match action.filter(|_| !plain_char) {
            Some(Action::Down) => picker.move_by(1),
            Some(Action::Up) => picker.move_by(-1),
            Some(Action::Cancel) => self.modal = None,
            Some(Action::Confirm) => return self.send_to_chosen(),
            _ => {
                let before = picker.filter.value().to_string();
                picker.filter.handle_event(&Event::Key(*ev));
                if picker.filter.value() != before {
                    picker.filter_changed();
                }
            }
        }
        Vec::new()
    }

    /// Enter: sends the ready assets to the highlighted index and closes. With no index to send
    /// to (still loading, none, none matching) it stays; after a failed load it asks again.
    fn send_to_chosen(&mut self) -> Vec<Effect> {
        let Some(Modal::IndexPicker(picker)) = &mut self.modal else {
            return Vec::new();
        };
        if matches!(picker.indexes, IndexChoices::Failed(_)) {
            let request_id = self.request_id();
            if let Some(Modal::IndexPicker(picker)) = &mut self.modal {
                picker.request_id = request_id;
                picker.indexes = IndexChoices::Loading;
            }
            return vec![Effect::LoadIndexes { request_id }];
        }
        let Some(index) = picker.chosen() else {
            return Vec::new();
        };
        let index = IndexRef {
            id: index.id.clone(),
            name: index.index_name.clone(),
        };
        let asset_ids: Vec<String> = picker.send.iter().map(|t| t.id.clone()).collect();
        let not_ready = picker.skipped.len();
        self.modal = None;
        let request_id = self.request_id();
        self.part_of.adding.push(AddRun {
            request_id,
            index_label: index_label(&index),
            not_ready,
        });
        self.notices.flash = Some(format!("adding {} to {}…", asset_ids.len(), index_label(&index)));
        vec![Effect::AddToIndex {
            request_id,
            index,
            asset_ids,
        }]
    }

    pub(in crate::tui) fn on_indexes_loaded(
        &mut self,
        request_id: RequestId,
        result: Result<Vec<Index>, ApiError>,
    ) -> Vec<Effect> {
        let Some(Modal::IndexPicker(picker)) = &mut self.modal else {
            return Vec::new();
        };
        if picker.request_id != request_id {
            return Vec::new();
        }
        picker.indexes = match &result {
            Ok(all) => IndexChoices::Loaded(all.clone()),
            Err(e) => IndexChoices::Failed(SectionError::from(e)),
        };
        picker.move_by(0);
        if let Err(ApiError::Transport { message, .. }) = result {
            self.connectivity.lost(self.now, message, None);
        }
        Vec::new()
    }

    /// The sends answered: each new indexed asset joins the asset's "Indexes" section and is
    /// followed; the status line sums it up.
    pub(in crate::tui) fn on_added_to_index(
        &mut self,
        request_id: RequestId,
        index: IndexRef,
        results: Vec<(String, Result<Sent, ApiError>)>,
    ) -> Vec<Effect> {
        let run = self
            .part_of
            .adding
            .iter()
            .position(|r| r.request_id == request_id)
            .map(|i| self.part_of.adding.remove(i));
        let mut effects = Vec::new();
        let (mut added, mut already) = (0usize, 0usize);
        let mut failed: Vec<ApiError> = Vec::new();
        for (asset_id, result) in results {
            match result {
                Ok(sent) => {
                    let status = match sent {
                        Sent::Created(_) => {
                            added += 1;
                            Some(IndexedAssetStatus::Pending)
                        }
                        Sent::AlreadyThere(_) => {
                            already += 1;
                            None
                        }
                    };
                    self.part_of.upsert_index(&asset_id, sent.id(), &index, status);
                    effects.extend(self.watch(&asset_id, &index, sent.id()));
                }
                Err(e) => failed.push(e),
            }
        }
        let label = run
            .as_ref()
            .map_or_else(|| index_label(&index), |r| r.index_label.clone());
        let mut parts = vec![format!("added {added} to {label}")];
        if already > 0 {
            parts.push(format!("{already} already there"));
        }
        if let Some(n) = run.as_ref().map(|r| r.not_ready).filter(|n| *n > 0) {
            parts.push(format!("{n} not sent"));
        }
        if let Some(first) = failed.first() {
            parts.push(format!(
                "{} failed ({}: {})",
                failed.len(),
                first.code(),
                first.message()
            ));
        }
        self.notices.flash = Some(parts.join(" · "));
        // When nothing went, the error is the news: shown whole, the way the app shows errors.
        if added + already == 0
            && let Some(first) = failed.first()
        {
            self.api_error(&format!("adding to {label}"), first, None);
        }
        effects
    }

    /// A followed indexed asset moved on: its row in the asset's "Indexes" section follows.
    pub(in crate::tui) fn on_indexed_asset_polled(
        &mut self,
        asset_id: &str,
        index: &IndexRef,
        indexed_asset_id: &str,
        result: Result<Box<IndexedAsset>, ApiError>,
    ) -> Vec<Effect> {
        match result {
            Ok(ia) => {
                if ia.status.as_ref().is_some_and(IndexedAssetStatus::is_final) {
                    self.part_of.watching.remove(indexed_asset_id);
                }
                self.part_of
                    .upsert_index(asset_id, indexed_asset_id, index, ia.status);
            }
            Err(e) => {
                // The task has ended; showing the asset again (or `r`) reads the status anew.
                self.part_of.watching.remove(indexed_asset_id);
                debug!(%asset_id, %indexed_asset_id, error = %e, "stopped following the indexed asset");
            }
        }
        Vec::new()
    }
}
