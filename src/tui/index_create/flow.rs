//! The new-index form's keys and answer: `n` (or Ctrl-N) in the picker opens it, refused in
//! read-only mode; Enter checks it (blank or taken name, no option) and sends the create; the
//! answer brings the picker back with the new index highlighted, or shows the service's reason
//! in the form, which keeps what was typed.

use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::backend::crossterm::EventHandler;

use crate::api::ApiError;
use crate::api::types::Index;
use crate::format::printable;
use crate::tui::app::App;
use crate::tui::dialogs::{IndexChoices, Modal};
use crate::tui::effect::Effect;
use crate::tui::index_create::form::NewIndexForm;
use crate::tui::input::keymap::{Action, Key};
use crate::tui::msg::RequestId;

impl App {
    /// `n` in the picker: the form over it. Read-only mode refuses with a line saying so.
    pub(in crate::tui) fn open_new_index_form(&mut self) -> Vec<Effect> {
        if self.read_only {
            self.notices.flash = Some("read-only mode: creating an index is disabled".to_string());
            return Vec::new();
        }
        if let Some(Modal::IndexPicker(picker)) = self.modal.take() {
            self.modal = Some(Modal::NewIndex(Box::new(NewIndexForm::new(picker))));
        }
        Vec::new()
    }

    /// Whether the new-index form is the open modal (its keys go to `on_new_index_key`).
    pub(in crate::tui) fn new_index_open(&self) -> bool {
        matches!(self.modal, Some(Modal::NewIndex(_)))
    }

    /// Keys in the form: Tab/arrows move, Space ticks an option, Enter creates, Esc goes back
    /// to the picker; other keys edit the name. While the create is in flight keys wait.
    pub(in crate::tui) fn on_new_index_key(&mut self, ev: &KeyEvent, action: Option<Action>) -> Vec<Effect> {
        let Some(Modal::NewIndex(form)) = &mut self.modal else {
            return Vec::new();
        };
        if form.sending.is_some() {
            return Vec::new();
        }
        let key = Key::from_event(ev);
        let cancel = key.code == KeyCode::Esc || action == Some(Action::Cancel);
        let submit = key.code == KeyCode::Enter || action == Some(Action::Submit);
        match key.code {
            _ if cancel => {
                if let Some(Modal::NewIndex(form)) = self.modal.take() {
                    self.modal = Some(Modal::IndexPicker(form.picker));
                }
            }
            _ if submit => match form.request() {
                Err(why) => form.error = Some(why),
                Ok(body) => {
                    form.error = None;
                    let request_id = self.request_id();
                    if let Some(Modal::NewIndex(form)) = &mut self.modal {
                        form.sending = Some(request_id);
                    }
                    return vec![Effect::CreateIndex { request_id, body }];
                }
            },
            KeyCode::Tab | KeyCode::Down => form.move_focus(1),
            KeyCode::BackTab | KeyCode::Up => form.move_focus(-1),
            KeyCode::Char(' ') if form.toggle() => {}
            _ if form.field == crate::tui::index_create::form::Field::Name => {
                let before = form.name.value().to_string();
                form.name.handle_event(&Event::Key(*ev));
                if form.name.value() != before {
                    form.error = None;
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// The create answered: the picker again, the new index in it and highlighted; or the
    /// reason in the form.
    pub(in crate::tui) fn on_index_created(
        &mut self,
        request_id: RequestId,
        result: Result<Index, ApiError>,
    ) -> Vec<Effect> {
        let Some(Modal::NewIndex(form)) = &mut self.modal else {
            return Vec::new();
        };
        if form.sending != Some(request_id) {
            return Vec::new();
        }
        form.sending = None;
        let index = match result {
            Ok(index) => index,
            Err(e) => {
                form.error = Some(format!("{}: {}", e.code(), e.message()));
                return Vec::new();
            }
        };
        let Some(Modal::NewIndex(form)) = self.modal.take() else {
            return Vec::new();
        };
        let mut picker = form.picker;
        let name = index.index_name.clone().unwrap_or_else(|| index.id.clone());
        match &mut picker.indexes {
            IndexChoices::Loaded(all) => all.insert(0, index),
            other => *other = IndexChoices::Loaded(vec![index]),
        }
        picker.filter = tui_input::Input::default();
        picker.filter_changed();
        let count = picker.send.len();
        self.modal = Some(Modal::IndexPicker(picker));
        self.notices.flash = Some(format!(
            "created index \"{}\" · Enter adds {count} asset{} to it",
            printable(&name),
            if count == 1 { "" } else { "s" }
        ));
        Vec::new()
    }
}
