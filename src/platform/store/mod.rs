//! What the platform keeps: the SQLite store and its schema, the rows of each resource
//! (`rows/`), the asset list query and its name index, blob and session files in the data dir,
//! the data-dir lock, start-up housekeeping and seeding.

pub(super) mod asset_query;
pub(super) mod blobs;
pub(super) mod db;
pub(super) mod dir_lock;
pub(super) mod ids;
pub(super) mod name_index;
pub(super) mod refs_schema;
pub(super) mod rows;
pub(super) mod seed;
pub(super) mod session_file;
pub(super) mod sql_enums;
#[cfg(any(test, feature = "test-hooks"))]
pub(super) mod synthetic;
