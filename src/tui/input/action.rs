//! What a key can ask for: the `Action` enum and, in one `match`, each action's file name, help
//! text and footer label, so help, footer hints and keymap parsing all read the same row and a
//! new action does not compile until it has one.

/// Declares [`Action`] and [`Action::ALL`] from one list, so the list of every action cannot
/// miss one.
macro_rules! actions {
    ($($variant:ident),* $(,)?) => {
        /// What a key asks for. The name in the TOML file is the snake_case form.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action {
            $($variant),*
        }

        impl Action {
            /// Every action, in the order of the declaration.
            pub const ALL: &'static [Action] = &[$(Action::$variant),*];
        }
    };
}

actions! {
    // The order is the order of the help listing and of the footer hints.
    Down,
    Up,
    Top,
    Bottom,
    PageDown,
    PageUp,
    HalfDown,
    HalfUp,
    FocusDetail,
    Back,
    SwitchPane,
    Filter,
    CycleType,
    NameFilter,
    Refresh,
    Sort,
    ReverseSort,
    Upload,
    Delete,
    AddToIndex,
    CopyId,
    CopyMenu,
    EditMetadata,
    Open,
    Preview,
    SearchTranscript,
    NextMatch,
    PrevMatch,
    PreviewAtLine,
    ZoomIn,
    ZoomOut,
    CopyTime,
    Mark,
    MarkRange,
    MarkShown,
    CancelUpload,
    ClearFinished,
    ResumeUpload,
    UploadDetails,
    Dismiss,
    Help,
    Quit,
    ForceQuit,
    Left,
    Right,
    Confirm,
    Cancel,
    NextField,
    PrevField,
    Complete,
    Toggle,
    Browse,
    Submit,
}

impl Action {
    /// The action's file name, its help text, and its footer label (`None`: help only).
    fn row(self) -> (&'static str, &'static str, Option<&'static str>) {
        match self {
            Action::Quit => ("quit", "quit", Some("quit")),
            Action::ForceQuit => ("force_quit", "quit at once, from anywhere", None),
            Action::Help => ("help", "show this help", Some("help")),
            Action::SwitchPane => ("switch_pane", "switch pane", Some("pane")),
            Action::Refresh => (
                "refresh",
                "reload, keeping selection and filters",
                Some("refresh"),
            ),
            Action::Sort => ("sort", "sort: newest, name, size, duration, status", None),
            Action::ReverseSort => ("reverse_sort", "reverse the sort", None),
            Action::Upload => ("upload", "upload a file or URL", Some("upload")),
            Action::Dismiss => (
                "dismiss",
                "dismiss a message, else clear filter, then marks",
                None,
            ),
            Action::Down => ("down", "move down", None),
            Action::Up => ("up", "move up", None),
            Action::Top => ("top", "go to the first row", None),
            Action::Bottom => ("bottom", "go to the last row, loading the rest", None),
            Action::PageDown => ("page_down", "page down", None),
            Action::PageUp => ("page_up", "page up", None),
            Action::HalfDown => ("half_down", "half a page down", None),
            Action::HalfUp => ("half_up", "half a page up", None),
            Action::FocusDetail => ("focus_detail", "focus the detail pane", Some("detail")),
            Action::Back => ("back", "back to the list", Some("back")),
            Action::Filter => (
                "filter",
                "fuzzy filter by name, local (id:… for ids)",
                Some("filter"),
            ),
            Action::CycleType => (
                "cycle_type",
                "server filter: cycle type all/video/audio/image/document",
                Some("type"),
            ),
            Action::NameFilter => ("name_filter", "server filter: filename contains", Some("name")),
            Action::Delete => ("delete", "delete the selected asset", Some("delete")),
            Action::AddToIndex => (
                "add_to_index",
                "add the selected (or marked) assets to an index",
                None,
            ),
            Action::CopyId => ("copy_id", "copy the asset id", None),
            Action::CopyMenu => ("copy_menu", "copy: id, HLS URL, thumbnail URL or JSON", None),
            Action::EditMetadata => (
                "edit_metadata",
                "edit the user metadata (on marks: set/unset keys)",
                None,
            ),
            Action::Open => ("open", "open the HLS stream in a player (or the thumbnail)", None),
            Action::Preview => (
                "preview",
                "preview: storyboard of a video, waveform of audio, a PDF's first page",
                None,
            ),
            Action::ZoomIn => ("zoom_in", "zoom into the span around the cursor", Some("zoom")),
            Action::ZoomOut => ("zoom_out", "zoom back out", None),
            Action::CopyTime => ("copy_time", "copy the cursor's time", Some("copy time")),
            Action::Mark => (
                "mark",
                "mark or unmark, then move down (d, y, Y act on marks)",
                None,
            ),
            Action::MarkRange => (
                "mark_range",
                "mark a range: move to extend it, v or Esc ends it",
                None,
            ),
            Action::MarkShown => ("mark_shown", "mark every row shown (again: unmark them)", None),
            Action::UploadDetails => (
                "upload_details",
                "the selected upload's whole story: error, asset id, times",
                Some("details"),
            ),
            Action::CancelUpload => ("cancel_upload", "cancel the selected upload", Some("cancel")),
            Action::ResumeUpload => (
                "resume_upload",
                "retry the selected failed or cancelled upload (multipart resumes)",
                Some("retry"),
            ),
            Action::ClearFinished => ("clear_finished", "clear finished uploads", Some("clear")),
            Action::SearchTranscript => ("search", "search the transcript (Enter: first match)", None),
            Action::NextMatch => ("next_match", "next transcript line that matches", None),
            Action::PrevMatch => ("prev_match", "previous transcript line that matches", None),
            Action::PreviewAtLine => (
                "preview_line",
                "preview at the transcript line (the match, else the top one shown)",
                None,
            ),
            Action::Left => ("left", "previous button", None),
            Action::Right => ("right", "next button", None),
            Action::Confirm => ("confirm", "press the focused button", Some("choose")),
            Action::Cancel => ("cancel", "cancel and close", Some("cancel")),
            Action::NextField => ("next_field", "next field", Some("next")),
            Action::PrevField => ("prev_field", "previous field", None),
            Action::Complete => ("complete", "complete the path", Some("complete")),
            Action::Toggle => ("toggle", "toggle the option", Some("toggle")),
            Action::Browse => ("browse", "browse the directory", Some("browse")),
            Action::Submit => ("submit", "apply / send", Some("ok")),
        }
    }

    /// The name used in keymap files.
    pub fn name(self) -> &'static str {
        self.row().0
    }

    /// What the action does, for the help overlay.
    pub fn describe(self) -> &'static str {
        self.row().1
    }

    /// A short footer label, for actions worth a hint.
    pub fn hint(self) -> Option<&'static str> {
        self.row().2
    }
    /// True for actions that change data on the server; hidden and refused in read-only mode.
    pub fn is_write(self) -> bool {
        matches!(
            self,
            Action::Upload
                | Action::Delete
                | Action::AddToIndex
                | Action::ResumeUpload
                | Action::EditMetadata
        )
    }

    /// The action a keymap file names, if any.
    pub(in crate::tui) fn from_name(name: &str) -> Option<Action> {
        Self::ALL.iter().copied().find(|a| a.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every variant has its row by the compiler (the match) and is in `ALL` by the macro; what
    /// is left to check is that no two actions share a file name, which would make one of them
    /// unreachable from a keymap file.
    #[test]
    fn every_action_is_found_by_its_own_name() {
        for a in Action::ALL {
            assert_eq!(Action::from_name(a.name()), Some(*a), "{a:?}");
        }
    }
}
