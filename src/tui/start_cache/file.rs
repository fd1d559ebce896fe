//! Reading and writing the start cache's file: bounded reads, checks of whose listing it is and
//! of its age, and atomic writes (a temporary file renamed into place).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use tracing::debug;

use super::{Listing, MAX_BYTES, MAX_ROWS, Snapshot, StartCache, VERSION};

/// A saved listing from the future by more than this (a clock moved back, a hostile file) is
/// ignored.
const FUTURE_SLACK_SECS: i64 = 300;

/// Why a cache file is not shown; logged at debug level, never shown to the user.
#[derive(Debug, thiserror::Error)]
pub enum Skip {
    #[error("no cache file")]
    Missing,
    #[error("cannot read the cache file: {0}")]
    Unreadable(std::io::Error),
    #[error("the cache file is larger than {MAX_BYTES} bytes")]
    TooBig,
    #[error("the cache file is not a listing: {0}")]
    Invalid(serde_json::Error),
    #[error("the cache file is of another version ({0})")]
    OtherVersion(u32),
    #[error("the cache file is another service's or key's")]
    Foreign,
    #[error("the cache file holds more than {MAX_ROWS} rows")]
    TooManyRows,
    #[error("the cached listing is too old ({0} s)")]
    TooOld(i64),
    #[error("the cached listing is dated in the future")]
    Future,
}

impl StartCache {
    /// The saved listing, if there is one for this service and key, young enough at `now`.
    pub fn load(&self, now: Timestamp) -> Option<Listing> {
        match self.read(now) {
            Ok(listing) => Some(listing),
            Err(Skip::Missing) => None,
            Err(why) => {
                debug!(path = %self.path().display(), %why, "start cache ignored");
                None
            }
        }
    }

    /// [`StartCache::load`] with the reason when there is none.
    pub fn read(&self, now: Timestamp) -> Result<Listing, Skip> {
        let path = self.path();
        let file = match std::fs::File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Skip::Missing),
            Err(e) => return Err(Skip::Unreadable(e)),
        };
        let mut bytes = Vec::new();
        file.take(MAX_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(Skip::Unreadable)?;
        if bytes.len() as u64 > MAX_BYTES {
            return Err(Skip::TooBig);
        }
        let snapshot: Snapshot = serde_json::from_slice(&bytes).map_err(Skip::Invalid)?;
        if snapshot.version != VERSION {
            return Err(Skip::OtherVersion(snapshot.version));
        }
        if snapshot.service != self.service || snapshot.key_hash != self.key_hash {
            return Err(Skip::Foreign);
        }
        let listing = snapshot.listing;
        if listing.rows.len() > MAX_ROWS {
            return Err(Skip::TooManyRows);
        }
        let age = now.as_second().saturating_sub(listing.saved_at);
        if age < -FUTURE_SLACK_SECS {
            return Err(Skip::Future);
        }
        if age > i64::try_from(self.max_age.as_secs()).unwrap_or(i64::MAX) {
            return Err(Skip::TooOld(age));
        }
        Ok(listing)
    }

    /// Saves `listing` for this service and key: written whole to a temporary file beside the
    /// cache file, then renamed over it, so a reader (or another instance) sees the old file or
    /// the new one, never a part.
    pub fn save(&self, listing: &Listing) -> std::io::Result<()> {
        let snapshot = Snapshot {
            version: VERSION,
            service: self.service.clone(),
            key_hash: self.key_hash.clone(),
            listing: listing.clone(),
        };
        let bytes = serde_json::to_vec(&snapshot).map_err(std::io::Error::other)?;
        if bytes.len() as u64 > MAX_BYTES {
            return Err(std::io::Error::other(
                "the listing is larger than the cache's bound",
            ));
        }
        std::fs::create_dir_all(&self.dir)?;
        let path = self.path();
        let temp = temp_path(&path);
        let written = write_new(&temp, &bytes).and_then(|()| std::fs::rename(&temp, &path));
        if written.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        written
    }
}

/// A temporary name no other instance uses at the same time: the process id and a random part.
fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let unique = format!(
        ".{name}.{}.{:016x}.tmp",
        std::process::id(),
        rand::random::<u64>()
    );
    path.with_file_name(unique)
}

/// Writes a new file readable by its owner only (the listing names the user's assets).
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}
