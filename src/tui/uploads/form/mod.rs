//! The upload form: its fields and directory browser, the text of its path field, the preview of
//! what the paths expand to, the local file system as it sees it, and its drawing.

pub(in crate::tui) mod fields;
pub(in crate::tui) mod local_dirs;
pub(in crate::tui) mod path_text;
pub(in crate::tui) mod preview;
pub(in crate::tui) mod view;
