//! The local platform over loopback: every route's success and failure, every error code of the
//! contract, each JSON answer checked against the published schemas; hostile and exhausting
//! input; and who gets in and that the key never shows (`security_*`). One test binary, so the
//! library and the dev-dependencies are linked once for all of them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr
)]

#[path = "../support/hls_server.rs"]
mod hls_server;
#[path = "../support/pdf_gen.rs"]
mod pdf_gen;
#[path = "../support/platform_support/mod.rs"]
mod platform_support;
#[path = "../support/subtitled.rs"]
mod subtitled;

mod asset_references;
mod assets;
mod documents;
mod entities;
mod errors;
mod exhaustion;
mod extras;
mod file_urls;
mod full_disk;
mod fuzz;
mod hls_links;
mod hostile;
mod index_rules;
mod indexed_assets;
mod indexes;
mod list_memory;
mod metadata;
mod metadata_values;
mod multipart;
mod multipart_rewrite;
mod read_only;
mod schema_silence;
mod security_access;
mod security_secrets;
mod slow_clients;
mod transcription;
mod upload_names;
mod url_targets;
