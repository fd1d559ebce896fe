//! The new-index form's state: the name typed, the two model options, the focused field, what
//! is wrong with it, and the picker it came from (Esc goes back to it unchanged).

use tui_input::Input;

use crate::api::indexable::{INDEX_MODEL, check_index_name, check_model_options};
use crate::api::types::{CreateIndexRequest, IndexModel};
use crate::tui::index_picker::picker::{IndexChoices, IndexPicker};
use crate::tui::msg::RequestId;

/// The focused field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Visual,
    Audio,
}

#[derive(Debug, Clone)]
pub struct NewIndexForm {
    /// The picker to go back to.
    pub picker: Box<IndexPicker>,
    pub name: Input,
    pub visual: bool,
    pub audio: bool,
    pub field: Field,
    /// What to change before it can be sent, or why the service refused it.
    pub error: Option<String>,
    /// The create in flight: keys wait for its answer.
    pub sending: Option<RequestId>,
}

impl NewIndexForm {
    /// A form over `picker`; the name starts as the picker's filter (a name no index matched).
    pub fn new(picker: Box<IndexPicker>) -> Self {
        let name = Input::new(picker.filter.value().trim().to_string());
        Self {
            picker,
            name,
            visual: true,
            audio: true,
            field: Field::Name,
            error: None,
            sending: None,
        }
    }

    /// The options ticked, in the service's order.
    pub fn options(&self) -> Vec<String> {
        [("visual", self.visual), ("audio", self.audio)]
            .into_iter()
            .filter(|(_, on)| *on)
            .map(|(o, _)| o.to_string())
            .collect()
    }

    /// The body to send, or what to change: a blank name, a name an index loaded in the picker
    /// already has, no option ticked.
    pub fn request(&self) -> Result<CreateIndexRequest, String> {
        let name = check_index_name(self.name.value())?;
        if let IndexChoices::Loaded(all) = &self.picker.indexes
            && let Some(same) = all
                .iter()
                .find(|i| i.index_name.as_deref() == Some(name.as_str()))
        {
            return Err(format!(
                "an index named {name:?} already exists ({}); choose another name",
                same.id
            ));
        }
        let options = self.options();
        check_model_options(&options).map_err(|_| "tick visual, audio or both".to_string())?;
        Ok(CreateIndexRequest {
            index_name: name,
            models: vec![IndexModel {
                model_name: INDEX_MODEL.to_string(),
                model_options: options,
            }],
            addons: None,
        })
    }

    /// Moves the focus by `delta` fields, wrapping.
    pub fn move_focus(&mut self, delta: isize) {
        const ORDER: [Field; 3] = [Field::Name, Field::Visual, Field::Audio];
        let at = ORDER.iter().position(|f| *f == self.field).unwrap_or(0);
        let next = (at as isize + delta).rem_euclid(ORDER.len() as isize) as usize;
        self.field = ORDER[next];
    }

    /// Space on an option ticks or unticks it; false on the name (where it is typed).
    pub fn toggle(&mut self) -> bool {
        match self.field {
            Field::Name => return false,
            Field::Visual => self.visual = !self.visual,
            Field::Audio => self.audio = !self.audio,
        }
        self.error = None;
        true
    }
}
