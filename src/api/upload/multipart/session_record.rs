//! Where a multipart upload stands: a plain, serializable record the caller saves (the api
//! knows nothing of storage) so that an interrupted upload can be finished later.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use crate::api::error::ApiError;

/// The resumable state of one multipart upload.
///
/// `stored` chunks were accepted by the chunk `PUT` (their ETag is the proof) but not yet
/// reported; `acknowledged` chunks were accepted by a report. Neither is ever sent again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MultipartState {
    /// The session id (`upload_id`).
    pub upload_id: String,
    /// The asset id reserved for the upload.
    pub asset_id: String,
    /// The base URL the session was opened on (never the key).
    pub base_url: String,
    /// The file, as an absolute path.
    pub path: PathBuf,
    /// The name the asset is stored under.
    pub filename: String,
    /// File size in bytes when the upload started.
    pub size: u64,
    /// File modification time (ns since the epoch) when the upload started, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mtime_ns: Option<u64>,
    /// Bytes per chunk (the last chunk may be smaller).
    pub chunk_size: u64,
    /// Number of chunks (1-based indexes `1..=total_chunks`).
    pub total_chunks: u32,
    /// Headers to send on every chunk `PUT`.
    #[serde(default)]
    pub upload_headers: BTreeMap<String, String>,
    /// When the session expires (24 h after creation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// Chunks uploaded but not yet reported: index → ETag.
    #[serde(default)]
    pub stored: BTreeMap<u32, String>,
    /// Chunks the service has acknowledged in a report.
    #[serde(default)]
    pub acknowledged: BTreeSet<u32>,
}

impl MultipartState {
    /// Byte offset and length of chunk `index` (1-based).
    pub fn chunk_range(&self, index: u32) -> (u64, u64) {
        let offset = u64::from(index.saturating_sub(1)) * self.chunk_size;
        let len = self.chunk_size.min(self.size.saturating_sub(offset));
        (offset, len)
    }

    /// Bytes of the chunks the service holds (stored or acknowledged): the upload's progress.
    pub fn done_bytes(&self) -> u64 {
        self.stored
            .keys()
            .chain(self.acknowledged.iter())
            .map(|&i| self.chunk_range(i).1)
            .sum()
    }

    /// True when every chunk has been acknowledged.
    pub fn is_complete(&self) -> bool {
        self.acknowledged.len() as u64 >= u64::from(self.total_chunks)
    }

    /// Chunk indexes still to send, in order.
    pub fn missing(&self) -> Vec<u32> {
        (1..=self.total_chunks)
            .filter(|i| !self.acknowledged.contains(i) && !self.stored.contains_key(i))
            .collect()
    }

    /// Fails when the file is gone or differs in size or mtime from when the upload started:
    /// chunks already sent would no longer match the file.
    pub fn check_file(&self) -> Result<(), ApiError> {
        let (size, mtime) = file_identity(&self.path)?;
        if size != self.size || (self.mtime_ns.is_some() && mtime.is_some() && mtime != self.mtime_ns) {
            return Err(ApiError::LocalFile(format!(
                "{} changed since the upload started ({} bytes then, {size} now, or a newer mtime); \
                 start a new upload",
                self.path.display(),
                self.size
            )));
        }
        Ok(())
    }
}

/// Size and mtime (ns since the epoch) of a file.
pub(crate) fn file_identity(path: &Path) -> Result<(u64, Option<u64>), ApiError> {
    let meta =
        std::fs::metadata(path).map_err(|e| ApiError::LocalFile(format!("{}: {e}", path.display())))?;
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .and_then(|d| u64::try_from(d.as_nanos()).ok());
    Ok((meta.len(), mtime))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(size: u64, chunk: u64) -> MultipartState {
        MultipartState {
            upload_id: "u".into(),
            asset_id: "a".into(),
            base_url: "http://127.0.0.1:1/v1.3".into(),
            path: "/nonexistent".into(),
            filename: "f.mp4".into(),
            size,
            mtime_ns: None,
            chunk_size: chunk,
            total_chunks: size.div_ceil(chunk) as u32,
            upload_headers: BTreeMap::new(),
            expires_at: None,
            stored: BTreeMap::new(),
            acknowledged: BTreeSet::new(),
        }
    }

    #[test]
    fn ranges_cover_the_file_and_the_last_chunk_is_short() {
        let s = state(25, 10);
        assert_eq!(s.total_chunks, 3);
        assert_eq!(s.chunk_range(1), (0, 10));
        assert_eq!(s.chunk_range(3), (20, 5));
    }

    #[test]
    fn progress_and_missing_follow_stored_and_acknowledged() {
        let mut s = state(25, 10);
        s.acknowledged.insert(1);
        s.stored.insert(3, "etag".into());
        assert_eq!(s.done_bytes(), 15);
        assert_eq!(s.missing(), vec![2]);
        assert!(!s.is_complete());
        s.acknowledged.extend([2, 3]);
        assert!(s.is_complete());
    }

    #[test]
    fn state_round_trips_as_json() {
        let mut s = state(25, 10);
        s.stored.insert(2, "abc".into());
        let text = serde_json::to_string(&s).expect("ser");
        assert_eq!(serde_json::from_str::<MultipartState>(&text).expect("de"), s);
    }
}
