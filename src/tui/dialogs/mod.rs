//! Modal state: which overlay is open, and what it holds. Confirmation is data: each feature keeps
//! its dialog's state in its folder (the delete dialogs in `delete/dialog_data.rs`, the copy menu
//! in `copy_open/menu.rs`, the index picker in `index_picker/picker.rs`); the two buttons they
//! share are `choice.rs`.

use tui_input::Input;

use super::uploads::form::fields::UploadForm;

pub(in crate::tui) mod choice;
pub use super::copy_open::menu::{CopyMenu, ShowUrl, hls_url, thumb_url};
pub use super::delete::dialog_data::{
    ConfirmDelete, ConflictDelete, ConflictStep, Conflicted, DeleteSummary, DeleteTarget, References,
};
pub use super::index_picker::picker::{IndexChoices, IndexPicker, PickTarget};
pub use choice::{Choice, DialogOutcome, dialog_step};

/// The overlay on top of the panes, if any. Only one at a time.
#[derive(Debug, Clone)]
pub enum Modal {
    /// Bindings of `context` (the pane that had focus) and the global ones.
    Help {
        scroll: u16,
        context: super::input::keymap::Context,
    },
    ConfirmDelete(ConfirmDelete),
    ConflictDelete(ConflictDelete),
    /// The result of a bulk delete; one button closes it.
    DeleteSummary(DeleteSummary),
    /// `i`: the index to send the selected (or marked) assets to.
    IndexPicker(Box<IndexPicker>),
    /// `n` in the picker: a new index (the picker it came from is inside).
    NewIndex(Box<super::index_create::form::NewIndexForm>),
    /// Quit while uploads run (quitting stops them): the focused button.
    ConfirmQuit(Choice),
    UploadForm(Box<UploadForm>),
    /// Server filename filter prompt.
    NamePrompt(Input),
    /// What to copy of the selected asset.
    CopyMenu(CopyMenu),
    /// A URL that was not opened here, with a Copy button.
    ShowUrl(ShowUrl),
    /// The metadata editor; `discard` is the "drop the changes?" question while it is asked.
    MetaEditor {
        editor: Box<super::meta_editor::editor::MetaEditor>,
        discard: Option<Choice>,
    },
    /// The whole story of one upload row (Enter in the uploads pane).
    UploadStory(super::msg::UploadId),
}
