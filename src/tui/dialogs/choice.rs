//! The two buttons of a dialog (Cancel and the one that goes ahead) and how a key moves between
//! them; shared by every dialog, so kept apart from the modals that use it.

/// Which button of a two-button dialog has focus. Dialogs always open on `Cancel`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Choice {
    #[default]
    Cancel,
    Proceed,
}

/// The result of a key in a two-button dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialogOutcome {
    Stay,
    Cancelled,
    Proceed,
}

/// Applies a dialog action to a choice.
pub fn dialog_step(choice: &mut Choice, action: crate::tui::input::keymap::Action) -> DialogOutcome {
    use crate::tui::input::keymap::Action;
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
