//! `e`: the metadata editor on the selected asset (its whole set, saved with PUT) or on the
//! marked ones (changes, applied to each with PATCH, a few at a time). `Ctrl-S` sends nothing
//! while a line is refused (the status line says which); `Esc` asks before dropping changes.
//! A success closes the editor and the list shows the asset as the server now has it; a
//! failure keeps the text and shows the error inside the editor.

use crossterm::event::KeyEvent;

use crate::api::ApiError;
use crate::api::types::Asset;

use super::editing::EditorOutcome;
use super::editor::MetaEditor;
use super::save_run::MetaRun;
use crate::tui::app::App;
use crate::tui::dialogs::{Choice, DialogOutcome, Modal, dialog_step};
use crate::tui::effect::Effect;
use crate::tui::input::keymap::Action;
use crate::tui::notices::Notice;

impl App {
    /// `e`: the editor on the marked assets, else on the selected one.
    pub(in crate::tui) fn open_meta_editor(&mut self) {
        let editor = if self.marks.is_empty() {
            let Some(asset) = self.list.selected_asset() else {
                return;
            };
            MetaEditor::for_asset(asset)
        } else {
            self.marks.end_range();
            MetaEditor::for_marked(&self.marks.assets())
        };
        self.modal = Some(Modal::MetaEditor {
            editor: Box::new(editor),
            discard: None,
        });
    }

    /// Keys while the editor has the keyboard (the discard question is a dialog).
    pub(in crate::tui) fn on_editor_key(&mut self, ev: &KeyEvent, action: Option<Action>) -> Vec<Effect> {
        let rows = crate::tui::view::meta_editor_rows(self);
        let Some(Modal::MetaEditor { editor, discard }) = &mut self.modal else {
            return Vec::new();
        };
        if editor.is_saving() {
            self.notices.flash = Some("saving the metadata…".to_string());
            return Vec::new();
        }
        match editor.on_key(ev, action, rows) {
            EditorOutcome::Nothing => {}
            EditorOutcome::Leave if editor.is_dirty() => *discard = Some(Choice::Cancel),
            EditorOutcome::Leave => self.modal = None,
            EditorOutcome::Save => return self.save_metadata(),
        }
        self.follow_editor_cursor();
        Vec::new()
    }

    /// Text pasted into the editor.
    pub(in crate::tui) fn paste_into_editor(&mut self, text: &str) {
        if let Some(Modal::MetaEditor {
            editor,
            discard: None,
        }) = &mut self.modal
            && !editor.is_saving()
        {
            editor.paste(text);
            self.follow_editor_cursor();
        }
    }

    /// Keeps the cursor's line inside the rows the box shows.
    fn follow_editor_cursor(&mut self) {
        let rows = crate::tui::view::meta_editor_rows(self);
        if let Some(Modal::MetaEditor { editor, .. }) = &mut self.modal {
            let checks = editor.checks();
            editor.scroll = editor.window(rows, &checks);
        }
    }

    /// The "discard the changes?" question: Cancel goes back to the text.
    pub(in crate::tui) fn on_discard_key(&mut self, action: Action) {
        let Some(Modal::MetaEditor {
            discard: Some(choice),
            ..
        }) = &mut self.modal
        else {
            return;
        };
        match dialog_step(choice, action) {
            DialogOutcome::Stay => {}
            DialogOutcome::Proceed => self.modal = None,
            DialogOutcome::Cancelled => {
                if let Some(Modal::MetaEditor { discard, .. }) = &mut self.modal {
                    *discard = None;
                }
            }
        }
    }

    /// `Ctrl-S`: the first writes of the run, or why nothing is sent.
    fn save_metadata(&mut self) -> Vec<Effect> {
        let Some(Modal::MetaEditor { editor, .. }) = &mut self.modal else {
            return Vec::new();
        };
        let write = match editor.write() {
            Ok(write) => write,
            Err(why) => {
                self.notices.flash = Some(why);
                return Vec::new();
            }
        };
        let mut run = MetaRun::new(editor.targets(), write);
        let effects = sends(&mut run);
        editor.run = Some(run);
        effects
    }

    /// One write ended: `Ok` carries the asset as read again after it (`None` when only that
    /// read failed, and the change is applied to the list's copy instead).
    pub(in crate::tui) fn on_metadata_saved(
        &mut self,
        id: String,
        result: Result<Option<Box<Asset>>, ApiError>,
    ) -> Vec<Effect> {
        let Some(Modal::MetaEditor { editor, .. }) = &mut self.modal else {
            return Vec::new();
        };
        let Some(run) = editor.run.as_mut().filter(|r| !r.is_over()) else {
            return Vec::new();
        };
        let answer = match &result {
            Ok(_) => Ok(()),
            Err(e) => Err(Notice::from_error("saving the metadata", e)),
        };
        if run.answer(&id, answer).is_none() {
            return Vec::new();
        }
        let effects = sends(run);
        let unread = matches!(result, Ok(None)).then(|| run.write.clone());
        let over = run.is_over().then_some((run.total, run.saved, run.failed.len()));
        match result {
            Ok(Some(asset)) => self.list.update(*asset),
            Ok(None) => {
                if let (Some(write), Some(mut asset)) =
                    (unread, self.list.items.iter().find(|a| a.id == id).cloned())
                {
                    asset.user_metadata = write.apply_to(asset.user_metadata.take());
                    self.list.update(asset);
                }
            }
            Err(_) => {}
        }
        if let Some((total, saved, failed)) = over {
            self.notices.flash = Some(match (total, failed) {
                (1, 0) => "metadata saved".to_string(),
                (1, _) => "metadata not saved".to_string(),
                (n, 0) => format!("metadata saved on {n} assets"),
                (n, f) => format!("metadata saved on {saved} of {n} · {f} failed"),
            });
            if failed == 0 {
                self.modal = None;
            } else {
                self.follow_editor_cursor();
            }
        }
        effects
    }
}

/// The run's next writes, into its free slots.
fn sends(run: &mut MetaRun) -> Vec<Effect> {
    run.next_batch()
        .into_iter()
        .map(|t| Effect::SaveMetadata {
            id: t.id,
            write: run.write.clone(),
        })
        .collect()
}
