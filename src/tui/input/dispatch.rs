//! Keys and mouse: which context a key is read in, and what each action does to the state.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::keymap::{Action, Context, Key};
use crate::tui::app::{App, Focus};
use crate::tui::dialogs::{DialogOutcome, Modal, dialog_step};
use crate::tui::effect::Effect;
use crate::tui::uploads::form::fields::{FormOutcome, Listing, UploadForm};

/// Rows the mouse wheel moves.
const WHEEL_ROWS: isize = 3;

impl App {
    /// The context keys are read in right now.
    pub fn context(&self) -> Context {
        match &self.modal {
            Some(Modal::Help { .. }) => Context::Help,
            Some(
                Modal::ConfirmDelete(_)
                | Modal::ConflictDelete(_)
                | Modal::DeleteSummary(_)
                | Modal::ConfirmQuit(_),
            ) => Context::Dialog,
            Some(Modal::UploadForm(_) | Modal::NewIndex(_)) => Context::Form,
            Some(Modal::NamePrompt(_)) => Context::Prompt,
            Some(Modal::CopyMenu(_) | Modal::IndexPicker(_)) => Context::Menu,
            Some(Modal::ShowUrl(_) | Modal::UploadStory(_)) => Context::Dialog,
            Some(Modal::MetaEditor { discard: Some(_), .. }) => Context::Dialog,
            Some(Modal::MetaEditor { .. }) => Context::Editor,
            None if self.filter_input.is_some() || self.transcript_search_typing() => Context::Prompt,
            None if self.preview.is_some() => Context::Preview,
            None => self.pane_context(),
        }
    }

    /// The context of the focused pane.
    pub fn pane_context(&self) -> Context {
        match self.focus {
            Focus::List => Context::List,
            Focus::Detail => Context::Detail,
            Focus::Uploads => Context::Uploads,
        }
    }

    pub(in crate::tui) fn on_key(&mut self, ev: KeyEvent) -> Vec<Effect> {
        if ev.kind == KeyEventKind::Release {
            return Vec::new();
        }
        let key = Key::from_event(&ev);
        // Ctrl-C always quits, whatever the keymap or the open dialog says.
        if key.ctrl && key.code == KeyCode::Char('c') {
            self.should_quit = true;
            return Vec::new();
        }
        let ctx = self.context();
        let action = self.keymap.lookup(ctx, &key);
        if action == Some(Action::ForceQuit) {
            self.should_quit = true;
            return Vec::new();
        }
        self.notices.flash = None;
        // The dismiss key closes a shown error before it means anything else in the pane.
        if ctx.inherits_global()
            && self.notices.current().is_some()
            && self.keymap.lookup(Context::Global, &key) == Some(Action::Dismiss)
        {
            self.notices.dismiss();
            return Vec::new();
        }
        match ctx {
            Context::Help => {
                self.on_help_key(action);
                Vec::new()
            }
            Context::Dialog if matches!(self.modal, Some(Modal::ShowUrl(_))) => self.on_url_key(action),
            Context::Dialog => self.on_dialog_key(action),
            Context::Menu if matches!(self.modal, Some(Modal::IndexPicker(_))) => {
                self.on_index_picker_key(&ev, action)
            }
            Context::Menu => self.on_menu_key(&ev, action),
            Context::Form if self.new_index_open() => self.on_new_index_key(&ev, action),
            Context::Form => self.on_form_key(&ev, action),
            Context::Prompt => self.on_prompt_key(&ev, action),
            Context::Editor => self.on_editor_key(&ev, action),
            _ => self.on_preview_or_pane_key(action),
        }
    }

    pub(in crate::tui) fn on_pane_action(&mut self, action: Option<Action>) -> Vec<Effect> {
        let Some(action) = action else {
            return Vec::new();
        };
        if action.is_write() && self.read_only {
            self.notices.flash = Some(
                "read-only mode: uploads, deletes, metadata edits and indexing are disabled".to_string(),
            );
            return Vec::new();
        }
        let half = (self.list_rows() / 2).max(1) as isize;
        let page = self.list_rows().max(1) as isize;
        match action {
            // Quitting stops running uploads mid-way, so that needs a yes.
            Action::Quit if self.uploads.any_active() => {
                self.modal = Some(Modal::ConfirmQuit(Default::default()))
            }
            Action::Quit => self.should_quit = true,
            Action::Help => {
                self.modal = Some(Modal::Help {
                    scroll: 0,
                    context: self.pane_context(),
                })
            }
            // Errors were dismissed above; with none shown, the key ends a range of marks, then
            // clears an applied local filter, then the marks.
            Action::Dismiss if self.marks.range_active() => self.marks.end_range(),
            Action::Dismiss if !self.list.local_filter.is_empty() => {
                self.list.set_local_filter("");
                return self.follow_selection();
            }
            Action::Dismiss if !self.marks.is_empty() => self.clear_marks(),
            Action::Mark => return self.toggle_mark(),
            Action::MarkRange => self.toggle_range(),
            Action::MarkShown => self.toggle_mark_shown(),
            Action::CopyId if !self.marks.is_empty() => return self.copy_marked_ids(),
            Action::CopyMenu if !self.marks.is_empty() => self.open_marks_copy_menu(),
            Action::SwitchPane => self.switch_pane(),
            Action::Refresh => {
                let mut effects = self.refresh();
                effects.extend(self.refresh_part_of());
                return effects;
            }
            Action::Sort => return self.cycle_sort(),
            Action::ReverseSort => return self.reverse_sort(),
            Action::Upload => self.modal = Some(Modal::UploadForm(Box::new(UploadForm::new()))),
            Action::Delete => self.open_delete(),
            Action::AddToIndex => return self.open_index_picker(),
            Action::Filter => {
                if let Some(run) = &mut self.to_end {
                    run.follow = false;
                }
                self.filter_input = Some(Input::new(self.list.local_filter.clone()));
                self.focus = Focus::List;
            }
            Action::CycleType => {
                self.list.server_filter.cycle_type();
                return self.reload();
            }
            Action::NameFilter => {
                let current = self.list.server_filter.filename.clone().unwrap_or_default();
                self.modal = Some(Modal::NamePrompt(Input::new(current)));
            }
            Action::FocusDetail => {
                self.focus = Focus::Detail;
                self.detail_scroll = 0;
                if let Some(id) = self.list.selected_id() {
                    let request_id = self.request_id();
                    self.detail_request = Some(request_id);
                    return vec![Effect::FetchDetail { request_id, id }];
                }
            }
            Action::Back => self.focus = Focus::List,
            Action::CopyId => return self.copy_id(),
            Action::CopyMenu => return self.open_copy_menu(),
            Action::EditMetadata => self.open_meta_editor(),
            Action::Open => return self.open_selected(),
            Action::Preview => return self.open_preview(),
            Action::CancelUpload => return self.cancel_selected_upload(),
            Action::UploadDetails => {
                if let Some(job) = self.uploads.selected_job() {
                    self.modal = Some(Modal::UploadStory(job.id));
                }
            }
            Action::ResumeUpload => return self.resume_selected(),
            Action::ClearFinished => {
                self.uploads.clear_finished();
                // With no row left the pane is gone: keys go back to the list.
                if self.uploads.jobs.is_empty() && self.focus == Focus::Uploads {
                    self.focus = Focus::List;
                }
            }
            Action::Down => return self.move_selection(1),
            Action::Up => return self.move_selection(-1),
            Action::HalfDown => return self.move_selection(half),
            Action::HalfUp => return self.move_selection(-half),
            Action::PageDown => return self.move_selection(page),
            Action::PageUp => return self.move_selection(-page),
            Action::Top => return self.move_selection(isize::MIN / 2),
            Action::Bottom if self.focus == Focus::List => return self.go_to_end(),
            Action::Bottom => return self.move_selection(isize::MAX / 2),
            _ => {}
        }
        Vec::new()
    }

    /// Moves within the focused pane.
    fn move_selection(&mut self, delta: isize) -> Vec<Effect> {
        match self.focus {
            Focus::List => {
                if let Some(run) = &mut self.to_end {
                    run.follow = false;
                }
                let before = self.list.selected;
                self.list.move_by(delta);
                if self.list.selected != before {
                    self.detail_scroll = 0;
                }
                self.follow_selection()
            }
            Focus::Detail => {
                let d = delta.clamp(-10_000, 10_000) as i32;
                self.detail_scroll = (i32::from(self.detail_scroll) + d).clamp(0, 10_000) as u16;
                Vec::new()
            }
            Focus::Uploads => {
                self.uploads.confirm_cancel = None;
                self.uploads.move_by(delta.clamp(-10_000, 10_000));
                Vec::new()
            }
        }
    }

    fn on_dialog_key(&mut self, action: Option<Action>) -> Vec<Effect> {
        let Some(action) = action else {
            return Vec::new();
        };
        match &mut self.modal {
            Some(Modal::UploadStory(_)) => {
                if matches!(action, Action::Confirm | Action::Cancel) {
                    self.modal = None;
                }
                Vec::new()
            }
            Some(Modal::ConfirmDelete(_)) => self.on_confirm_delete_key(action),
            Some(Modal::ConflictDelete(_)) => self.on_conflict_key(action),
            Some(Modal::DeleteSummary(_)) => {
                self.on_summary_key(action);
                Vec::new()
            }
            Some(Modal::MetaEditor { .. }) => {
                self.on_discard_key(action);
                Vec::new()
            }
            Some(Modal::ConfirmQuit(choice)) => {
                match dialog_step(choice, action) {
                    DialogOutcome::Stay => {}
                    DialogOutcome::Cancelled => self.modal = None,
                    DialogOutcome::Proceed => self.should_quit = true,
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn on_form_key(&mut self, ev: &KeyEvent, action: Option<Action>) -> Vec<Effect> {
        let Some(Modal::UploadForm(form)) = &mut self.modal else {
            return Vec::new();
        };
        match form.on_key(ev, action) {
            FormOutcome::Nothing => Vec::new(),
            FormOutcome::Close => {
                self.modal = None;
                Vec::new()
            }
            FormOutcome::List { dir, prefix } => {
                let request_id = self.request_id();
                if let Some(Modal::UploadForm(form)) = &mut self.modal {
                    form.listing = Some(Listing { request_id, prefix });
                }
                vec![Effect::ListDir { request_id, dir }]
            }
            FormOutcome::Submit if form.is_url() => self.submit_urls(),
            FormOutcome::Submit => self.submit_paths(),
        }
    }

    /// The local filter line and the server filename prompt.
    fn on_prompt_key(&mut self, ev: &KeyEvent, action: Option<Action>) -> Vec<Effect> {
        let key = Key::from_event(ev);
        let plain_char = matches!(key.code, KeyCode::Char(_)) && !key.ctrl && !key.alt;
        let action = if plain_char { None } else { action };
        if let Some(Modal::NamePrompt(input)) = &mut self.modal {
            match action {
                Some(Action::Submit) => {
                    let text = input.value().trim().to_string();
                    self.modal = None;
                    self.list.server_filter.filename = Some(text).filter(|t| !t.is_empty());
                    return self.reload();
                }
                Some(Action::Cancel) => self.modal = None,
                _ => {
                    input.handle_event(&Event::Key(*ev));
                }
            }
            return Vec::new();
        }
        let Some(input) = &mut self.filter_input else {
            self.on_transcript_prompt_key(ev, action);
            return Vec::new();
        };
        match action {
            // Enter keeps the filter and returns to the list; Esc clears it.
            Some(Action::Submit) => self.filter_input = None,
            Some(Action::Cancel) => {
                self.filter_input = None;
                self.list.set_local_filter("");
            }
            _ => {
                input.handle_event(&Event::Key(*ev));
                let text = input.value().to_string();
                self.list.set_local_filter(&text);
            }
        }
        self.follow_selection()
    }

    pub(in crate::tui) fn on_paste(&mut self, text: &str) -> Vec<Effect> {
        match &mut self.modal {
            Some(Modal::UploadForm(form)) => form.paste(text),
            Some(Modal::NamePrompt(input)) => {
                *input = Input::new(format!("{}{}", input.value(), text.trim()))
            }
            Some(Modal::IndexPicker(picker)) => {
                picker.filter = Input::new(format!("{}{}", picker.filter.value(), text.trim()));
                picker.filter_changed();
            }
            Some(Modal::MetaEditor { .. }) => self.paste_into_editor(text),
            _ => {}
        }
        Vec::new()
    }

    pub(in crate::tui) fn on_mouse(&mut self, ev: MouseEvent) -> Vec<Effect> {
        if self.modal.is_some() {
            return Vec::new();
        }
        let areas = self.areas();
        let inside = |r: ratatui::layout::Rect| {
            ev.column >= r.x && ev.column < r.x + r.width && ev.row >= r.y && ev.row < r.y + r.height
        };
        let over_list = inside(areas.list);
        let over_detail = inside(areas.detail);
        let over_uploads = areas.uploads.is_some_and(inside);
        match ev.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let delta = if ev.kind == MouseEventKind::ScrollDown {
                    WHEEL_ROWS
                } else {
                    -WHEEL_ROWS
                };
                let saved = self.focus;
                self.focus = if over_detail {
                    Focus::Detail
                } else if over_uploads {
                    Focus::Uploads
                } else {
                    Focus::List
                };
                let effects = self.move_selection(delta);
                self.focus = saved;
                effects
            }
            MouseEventKind::Down(MouseButton::Left) if over_list => {
                self.focus = Focus::List;
                let first = areas.first_list_row();
                if ev.row >= first {
                    let row = self.list.offset + usize::from(ev.row - first);
                    if row < self.list.visible.len() {
                        if let Some(run) = &mut self.to_end {
                            run.follow = false;
                        }
                        self.list.select_row(row);
                        self.detail_scroll = 0;
                        return self.follow_selection();
                    }
                }
                Vec::new()
            }
            MouseEventKind::Down(MouseButton::Left) if over_detail => {
                self.focus = Focus::Detail;
                Vec::new()
            }
            MouseEventKind::Down(MouseButton::Left) if over_uploads => {
                self.click_uploads(ev.row, areas.uploads);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }
}
