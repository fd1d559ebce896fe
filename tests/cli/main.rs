//! The binary (`CARGO_BIN_EXE_tl-assets`) run as a user or a script would: exit codes, `--json`
//! shapes, pipes, uploads and their limits, against its embedded platform or one the test serves.
//! One test binary, so the library and the dev-dependencies are linked once for all of them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr
)]

#[path = "../support"]
mod support {
    pub mod cli;
    pub mod embedded_cli;
    pub mod fake_multipart;
    pub mod hls_server;
    pub mod indexes;
    pub mod metadata_lines;
    pub mod pdf_gen;
    pub mod subtitled;
}

mod commands;
mod delete_prompt;
mod doctor;
mod documents;
mod index_admin;
mod indexes;
mod metadata_values;
mod pipes;
mod rough_edges;
mod transcripts;
mod upload_limits;
mod uploads;
