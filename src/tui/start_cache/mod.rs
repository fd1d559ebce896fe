//! The start cache: the listing the TUI showed when it last closed, saved in the user's cache
//! dir and shown at the next start (marked as not yet current) while page 1 is read.
//!
//! One file per service and key (`listing-<hash>.json`): the file name and its content carry the
//! service's base URL (the local platform: its data dir) and a SHA-256 of the API key, never the
//! key. Only an unfiltered listing is saved (the app always starts unfiltered), at most
//! [`MAX_ROWS`] rows and [`MAX_BYTES`] bytes, written to a temporary file and renamed into place,
//! so two instances closing at once leave one whole file. A file that is unreadable, too big,
//! from another service or key, from another version or older than the configured age is
//! ignored with a debug log; nothing about it reaches the user.

pub mod file;
mod flow;
pub mod view;

use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::api::types::Asset;

/// Rows saved at most: the first five pages' worth.
pub const MAX_ROWS: usize = 5 * crate::tui::list::page_requests::PAGE_LIMIT as usize;
/// A cache file larger than this is neither written nor read.
pub const MAX_BYTES: u64 = 4 * 1024 * 1024;
/// The file format's version; another one is ignored.
pub const VERSION: u32 = 1;

/// Where and for whom the listing is kept, and how old it may be to be shown.
#[derive(Debug, Clone)]
pub struct StartCache {
    pub dir: PathBuf,
    /// The service's base URL, or `local:<data dir>` for the embedded platform.
    pub service: String,
    /// Hex SHA-256 of the API key (empty key: none).
    pub key_hash: String,
    pub max_age: Duration,
}

impl StartCache {
    /// The cache for `service` used with `api_key`; the key is hashed at once and not kept.
    pub fn new(dir: PathBuf, service: impl Into<String>, api_key: Option<&str>, max_age: Duration) -> Self {
        Self {
            dir,
            service: service.into(),
            key_hash: key_hash(api_key.unwrap_or("")),
            max_age,
        }
    }

    /// This service and key's file.
    pub fn path(&self) -> PathBuf {
        let name = hash_hex(format!("{}\n{}", self.service, self.key_hash).as_bytes());
        self.dir.join(format!("listing-{}.json", &name[..16]))
    }
}

/// What the list showed: rows as received, in the server's order, and where the selection was.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Listing {
    /// Unix seconds when it was saved.
    pub saved_at: i64,
    pub total: Option<u64>,
    pub pages_loaded: u32,
    pub has_more: bool,
    pub selected: Option<String>,
    pub rows: Vec<Asset>,
}

/// The file: whose listing it is, and the listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    pub version: u32,
    pub service: String,
    pub key_hash: String,
    pub listing: Listing,
}

fn key_hash(key: &str) -> String {
    if key.is_empty() {
        return String::new();
    }
    hash_hex(format!("tl-assets listing key\n{key}").as_bytes())
}

fn hash_hex(bytes: &[u8]) -> String {
    hex::encode(ring::digest::digest(&ring::digest::SHA256, bytes).as_ref())
}
