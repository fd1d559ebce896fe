//! The terminal app: `App::update` fed messages with its effects checked, the views drawn on a
//! `TestBackend` and compared with insta snapshots (in `snapshots/`, named after the module that
//! asserts), and the whole app with its runtime against a real local platform on loopback. One
//! test binary, so the library and the dev-dependencies are linked once for all of them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr
)]

// Declared first: `snap_sizes!` is a macro, visible to the modules declared after it.
#[macro_use]
#[path = "../support/tui_support/mod.rs"]
mod tui_support;
#[path = "../support"]
mod support {
    pub mod counting_proxy;
    pub mod form_submit;
    pub mod hls_server;
    pub mod indexes;
    pub mod meta_editor;
    pub mod metadata_lines;
    pub mod subtitled;
    pub mod tui_harness;
    pub mod upload_many;
}

mod auto_refresh;
mod bulk;
mod bulk_snapshots;
mod copy_open;
mod delete;
mod documents;
mod filters_errors;
mod index_create;
mod index_picker;
mod integration;
mod marks;
mod meta_editor;
mod meta_editor_marks;
mod meta_editor_platform;
mod meta_editor_snapshots;
mod meta_editor_values;
mod multipart;
mod multipart_platform;
mod narrow_screens;
mod no_color;
mod page_down;
mod paging;
mod pane_snapshots;
mod part_of;
mod part_of_platform;
mod part_of_snapshots;
mod preview;
mod preview_hard;
mod preview_hard_platform;
mod preview_platform;
mod quit;
mod read_ahead;
mod read_ahead_moving;
mod rough_edges;
mod runtime;
mod scroll;
mod sort;
mod start_cache;
mod start_cache_platform;
mod thumb_disk;
mod thumbnail;
mod to_end;
mod transcript;
mod transcript_platform;
mod update;
mod upload;
mod upload_batch;
mod upload_many;
mod upload_many_platform;
mod upload_queue;
mod upload_slots;
