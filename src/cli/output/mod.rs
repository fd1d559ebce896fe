//! What the commands write: standard output and stderr notes (`stdout.rs`, the one way out),
//! assets for people and scripts (`render.rs`), plain-text tables (`table.rs`), and how a failed
//! command reports itself (`report.rs`).

pub(super) mod render;
pub(super) mod report;
mod stdout;
pub(super) mod table;

pub use stdout::{
    Stdout, ask_yes_no, end_line_on_terminal, json_line, json_stderr, note, prompt, require_terminal,
    set_json_stderr, stdout,
};
