//! The handlers of the HTTP contract, one file per resource; `router.rs` maps paths to them.

pub(super) mod asset_create;
pub(super) mod asset_page;
pub(super) mod assets;
pub(super) mod chunk_put;
pub(super) mod chunk_report;
pub(super) mod entities;
pub(super) mod entity_assets;
pub(super) mod entity_collections;
pub(super) mod files;
pub(super) mod indexed_assets;
pub(super) mod indexes;
pub(super) mod multipart_sessions;
pub(super) mod transcription;
pub(super) mod user_metadata;
