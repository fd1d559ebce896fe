//! Modal state: confirmation is data. A delete opens `ConfirmDelete` (Cancel focused); a 409
//! opens `ConflictDelete`, which names the referencing indexes and offers Force, and Force asks
//! once more before anything is sent.

use tui_input::Input;

use crate::api::types::IndexedAssetSummary;

use super::upload_form::UploadForm;

/// Which button of a two-button dialog has focus. Dialogs always open on `Cancel`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Choice {
    #[default]
    Cancel,
    Proceed,
}

/// First question: delete this asset?
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmDelete {
    pub id: String,
    pub name: String,
    pub choice: Choice,
}

/// What we know of the indexed assets that block a delete.
#[derive(Debug, Clone, PartialEq)]
pub enum References {
    Loading,
    Loaded {
        items: Vec<IndexedAssetSummary>,
        total: u64,
    },
    /// The list could not be fetched; Force is still offered.
    Unknown(String),
}

impl References {
    /// Index names (or ids), each once, in the order first seen.
    pub fn index_names(&self) -> Vec<String> {
        let References::Loaded { items, .. } = self else {
            return Vec::new();
        };
        let mut names: Vec<String> = Vec::new();
        for it in items {
            let name = it.index.name.clone().unwrap_or_else(|| it.index.id.clone());
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }
}

/// The server refused the delete because indexed assets reference the asset.
#[derive(Debug, Clone, PartialEq)]
pub struct ConflictDelete {
    pub id: String,
    pub name: String,
    pub references: References,
    pub choice: Choice,
    /// False: "referenced — Force?"; true: the final "really force delete?" question.
    pub confirming_force: bool,
}

/// The overlay on top of the panes, if any. Only one at a time.
#[derive(Debug, Clone)]
pub enum Modal {
    /// Bindings of `context` (the pane that had focus) and the global ones.
    Help {
        scroll: u16,
        context: super::keymap::Context,
    },
    ConfirmDelete(ConfirmDelete),
    ConflictDelete(ConflictDelete),
    /// Quit while uploads run (quitting stops them): the focused button.
    ConfirmQuit(Choice),
    UploadForm(Box<UploadForm>),
    /// Server filename filter prompt.
    NamePrompt(Input),
    /// What to copy of the selected asset.
    CopyMenu(super::copy_open::CopyMenu),
    /// A URL that was not opened here, with a Copy button.
    ShowUrl(super::copy_open::ShowUrl),
    /// The whole story of one upload row (Enter in the uploads pane).
    UploadStory(super::msg::UploadId),
}

/// The result of a key in a two-button dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialogOutcome {
    Stay,
    Cancelled,
    Proceed,
}

/// Applies a dialog action to a choice.
pub fn dialog_step(choice: &mut Choice, action: super::keymap::Action) -> DialogOutcome {
    use super::keymap::Action;
    match action {
        // Buttons sit left (Cancel) to right (proceed); the keys point at them.
        Action::Left => {
            *choice = Choice::Cancel;
            DialogOutcome::Stay
        }
        Action::Right => {
            *choice = Choice::Proceed;
            DialogOutcome::Stay
        }
        Action::Confirm => match choice {
            Choice::Cancel => DialogOutcome::Cancelled,
            Choice::Proceed => DialogOutcome::Proceed,
        },
        Action::Cancel => DialogOutcome::Cancelled,
        _ => DialogOutcome::Stay,
    }
}
