//! One random user action at a time, the way a user would act: an open dialog is answered
//! first, then browse, page, filter, open the detail, upload, delete, force delete or cancel.

use std::path::PathBuf;

use crossterm::event::KeyCode;
use rand::Rng;
use rand::rngs::StdRng;
use tl_assets::tui::{ConflictStep, Focus, Modal, UploadState};

use super::Harness;
use crate::tui_support::{code, ctrl, key};

impl Harness {
    /// Cancels a running upload (the newest) from the uploads pane, moving to it with j/k.
    pub fn cancel_upload(&mut self) {
        let Some(target) = self.app.uploads.jobs.iter().rposition(|j| j.state.is_active()) else {
            return;
        };
        for _ in 0..3 {
            if self.app.focus == Focus::Uploads {
                break;
            }
            self.press(code(KeyCode::Tab));
        }
        if self.app.focus != Focus::Uploads {
            return;
        }
        while self.app.uploads.selected < target {
            self.keys("j");
        }
        while self.app.uploads.selected > target {
            self.keys("k");
        }
        self.keys("x");
        if matches!(self.app.uploads.jobs[target].state, UploadState::Cancelled { .. }) {
            self.figures.cancels += 1;
        }
        self.keys("h");
    }

    /// Empties the text input that has the keyboard (prompts open with the current value).
    fn clear_input(&mut self) {
        for _ in 0..40 {
            self.press(code(KeyCode::Backspace));
        }
    }

    /// One random user action.
    pub fn act(&mut self, rng: &mut StdRng, upload_files: &[PathBuf]) {
        self.figures.actions += 1;
        if std::mem::take(&mut self.cancel_next) && self.app.modal.is_none() {
            self.cancel_upload();
            return;
        }
        if self.answer_dialog(rng) {
            return;
        }
        if self.app.filter_input.is_some() {
            self.keys("ip");
            self.press(code(if rng.random_bool(0.5) {
                KeyCode::Enter
            } else {
                KeyCode::Esc
            }));
            return;
        }
        if self.app.focus != Focus::List && rng.random_bool(0.5) {
            self.press(code(KeyCode::Esc));
            self.press(key('h'));
        }
        match rng.random_range(0..100) {
            0..=24 => {
                let k = ["j", "k", "jjj", "kk", "g"][rng.random_range(0..5)];
                self.keys(k);
            }
            25..=34 => self.press(match rng.random_range(0..4) {
                0 => code(KeyCode::PageDown),
                1 => code(KeyCode::PageUp),
                2 => ctrl('d'),
                _ => ctrl('u'),
            }),
            35..=41 => self.keys("G"),
            42..=47 => {
                // A type filter; usually cycled back to none, so the list is not empty for long.
                self.keys("t");
                while self.app.list.server_filter.asset_type.is_some() && rng.random_bool(0.7) {
                    self.keys("t");
                }
            }
            48..=51 => {
                self.keys("/");
                self.clear_input();
                self.keys(["clip", "a", "zz", ""][rng.random_range(0..4)]);
                self.press(code(if rng.random_bool(0.5) {
                    KeyCode::Enter
                } else {
                    KeyCode::Esc
                }));
            }
            52..=54 => {
                self.keys("F");
                self.clear_input();
                self.keys(["clip-1", "sample", "", ""][rng.random_range(0..4)]);
                self.press(code(KeyCode::Enter));
            }
            55..=64 => {
                self.press(code(KeyCode::Enter));
                self.keys(["j", "k", "G", ""][rng.random_range(0..4)]);
            }
            65..=69 => self.keys("r"),
            70..=79 => {
                self.keys("u");
                if matches!(self.app.modal, Some(Modal::UploadForm(_))) {
                    let file = &upload_files[rng.random_range(0..upload_files.len())];
                    self.keys(file.to_str().expect("utf-8 path"));
                    self.press(code(KeyCode::Enter));
                    self.figures.uploads_started += 1;
                    if rng.random_bool(0.3) {
                        self.cancel_upload();
                    }
                }
            }
            80..=87 => self.keys("d"),
            88..=92 => self.cancel_upload(),
            93..=95 => self.press(code(KeyCode::Esc)),
            _ => {
                self.keys("?");
                self.press(code(KeyCode::Esc));
            }
        }
    }

    /// Answers an open dialog (true when there was one).
    fn answer_dialog(&mut self, rng: &mut StdRng) -> bool {
        match &self.app.modal {
            Some(Modal::ConfirmDelete(_)) => {
                if rng.random_bool(0.7) {
                    self.press(code(KeyCode::Right));
                    self.press(code(KeyCode::Enter));
                    self.figures.deletes_confirmed += 1;
                } else {
                    self.press(code(KeyCode::Esc));
                }
            }
            Some(Modal::ConflictDelete(c)) => {
                let (loading, confirming) = (c.is_loading(), c.step == ConflictStep::ConfirmForce);
                if loading && rng.random_bool(0.5) {
                    return true;
                }
                if confirming || rng.random_bool(0.6) {
                    self.press(code(KeyCode::Right));
                    self.press(code(KeyCode::Enter));
                    if confirming {
                        self.figures.force_deletes += 1;
                    }
                } else {
                    self.press(code(KeyCode::Esc));
                }
            }
            Some(_) => self.press(code(KeyCode::Esc)),
            None => return false,
        }
        true
    }
}
