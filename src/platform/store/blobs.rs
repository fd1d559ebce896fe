//! Files of the data dir: blobs named by asset id, temp files for bodies being received, derived
//! files (thumbnails, HLS) and multipart chunks. Client filenames never become paths.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use md5::{Digest, Md5};
use tokio::io::AsyncWriteExt;

use crate::platform::store::ids::{is_hex_name, new_token};

/// Blobs and derived files without a row are only removed once this old, so a concurrent process
/// that has renamed a blob but not yet committed its row is left alone.
const ORPHAN_GRACE: Duration = Duration::from_secs(60);

/// The directory layout of one data dir.
#[derive(Debug, Clone)]
pub(crate) struct Blobs {
    root: PathBuf,
}

impl Blobs {
    /// Creates the sub-directories if needed.
    pub fn open(root: &Path) -> std::io::Result<Self> {
        for sub in ["blobs", "tmp", "derived", "chunks"] {
            std::fs::create_dir_all(root.join(sub))?;
        }
        Ok(Self {
            root: root.to_path_buf(),
        })
    }

    /// Whether the data dir's disk can take `incoming` more bytes and still keep `reserve` free.
    /// When the free space cannot be read, the writes themselves will tell.
    pub fn has_room(&self, incoming: u64, reserve: u64) -> bool {
        match rustix::fs::statvfs(&self.root) {
            Ok(s) => s.f_bavail.saturating_mul(s.f_frsize) >= incoming.saturating_add(reserve),
            Err(_) => true,
        }
    }

    /// The SQLite file.
    pub fn db_path(&self) -> PathBuf {
        self.root.join("platform.sqlite3")
    }

    /// The blob of an asset (the id is checked to be hex, so it is a safe file name).
    pub fn blob_path(&self, id: &str) -> Option<PathBuf> {
        is_hex_name(id, 24).then(|| self.root.join("blobs").join(id))
    }

    /// The directory of an asset's derived files.
    pub fn derived_dir(&self, id: &str) -> Option<PathBuf> {
        is_hex_name(id, 24).then(|| self.root.join("derived").join(id))
    }

    /// The file a multipart session's chunks are written into, each at its offset; it becomes
    /// the asset's blob by a rename. Named by the session id (checked hex), never client input.
    pub fn session_file(&self, upload_id: &str) -> Option<PathBuf> {
        is_hex_name(upload_id, 24).then(|| self.root.join("chunks").join(upload_id))
    }

    /// Removes a session's file (or the chunk dir an earlier version kept there).
    pub async fn remove_session_file(&self, upload_id: &str) {
        if let Some(p) = self.session_file(upload_id)
            && tokio::fs::remove_file(&p).await.is_err()
        {
            let _ = tokio::fs::remove_dir_all(p).await;
        }
    }

    /// A fresh temp file name. The process id in it only helps a person reading the directory:
    /// the sweep goes by who holds the data dir, since a pid that still exists may be a zombie,
    /// a reused number or another pid namespace's process.
    pub fn temp_path(&self) -> PathBuf {
        self.root
            .join("tmp")
            .join(format!("{}.{}.part", std::process::id(), new_token()))
    }

    /// Moves a finished, fsynced temp file to `dest` and fsyncs the directory, so the rename is
    /// durable before the caller commits a row that points at it.
    pub async fn commit(&self, temp: &Path, dest: &Path) -> std::io::Result<()> {
        if let Some(parent) = dest.parent() {
            tokio::fs::create_dir_all(parent).await?;
        }
        tokio::fs::rename(temp, dest).await?;
        if let Some(parent) = dest.parent() {
            let parent = parent.to_path_buf();
            tokio::task::spawn_blocking(move || std::fs::File::open(parent)?.sync_all())
                .await
                .map_err(std::io::Error::other)??;
        }
        Ok(())
    }

    /// Removes an asset's blob and derived files (missing files are fine).
    pub async fn remove_asset_files(&self, id: &str) {
        if let Some(p) = self.blob_path(id) {
            let _ = tokio::fs::remove_file(p).await;
        }
        if let Some(d) = self.derived_dir(id) {
            let _ = tokio::fs::remove_dir_all(d).await;
        }
    }

    /// Deletes temp files, and blobs, derived dirs and session files no active session or row
    /// knows. Returns how many entries were removed.
    /// With `alone` (no other process uses the data dir) every temp file and every such file is
    /// an orphan. Else temp files are kept (a live process may be receiving into one, for as
    /// long as its upload lasts) and the others only go once older than the grace period.
    pub fn sweep_orphans(&self, assets: &HashSet<String>, uploads: &HashSet<String>, alone: bool) -> usize {
        let mut removed = 0;
        removed += sweep_dir(&self.root.join("tmp"), |_, _| alone);
        removed += sweep_dir(&self.root.join("blobs"), |name, age| {
            !assets.contains(name) && (age || alone)
        });
        removed += sweep_dir(&self.root.join("derived"), |name, age| {
            !assets.contains(name) && (age || alone)
        });
        removed += sweep_dir(&self.root.join("chunks"), |name, age| {
            !uploads.contains(name) && (age || alone)
        });
        removed
    }
}

/// Removes entries of `dir` for which `doomed(name, older_than_grace)` holds.
fn sweep_dir(dir: &Path, doomed: impl Fn(&str, bool) -> bool) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age >= ORPHAN_GRACE);
        if doomed(&name, old) {
            let path = entry.path();
            let ok = if path.is_dir() {
                std::fs::remove_dir_all(&path).is_ok()
            } else {
                std::fs::remove_file(&path).is_ok()
            };
            removed += usize::from(ok);
        }
    }
    removed
}

/// A file being received: counts bytes, computes MD5, enforces a size limit, and deletes itself
/// unless it was kept.
pub(crate) struct TempFile {
    path: PathBuf,
    file: Option<tokio::fs::File>,
    len: u64,
    md5: Md5,
    keep: bool,
}

/// The body grew past the allowed size.
#[derive(Debug, thiserror::Error)]
pub(crate) enum WriteError {
    #[error("body larger than {limit} bytes")]
    TooLarge { limit: u64, seen: u64 },
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl TempFile {
    /// Creates the file at `path`.
    pub async fn create(path: PathBuf) -> std::io::Result<Self> {
        let file = tokio::fs::File::create(&path).await?;
        Ok(Self {
            path,
            file: Some(file),
            len: 0,
            md5: Md5::new(),
            keep: false,
        })
    }

    /// Appends `bytes`, failing once the total would pass `limit`.
    pub async fn write(&mut self, bytes: &[u8], limit: u64) -> Result<(), WriteError> {
        let seen = self.len + bytes.len() as u64;
        if seen > limit {
            return Err(WriteError::TooLarge { limit, seen });
        }
        let file = self
            .file
            .as_mut()
            .ok_or_else(|| std::io::Error::other("temp file closed"))?;
        file.write_all(bytes).await?;
        self.md5.update(bytes);
        self.len = seen;
        Ok(())
    }

    /// Where the file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes and fsyncs; returns the hex MD5 of the content.
    pub async fn finish(&mut self) -> std::io::Result<String> {
        if let Some(mut file) = self.file.take() {
            file.flush().await?;
            file.sync_all().await?;
        }
        Ok(hex::encode(self.md5.clone().finalize()))
    }

    /// Stops the file from being deleted on drop (it was renamed away).
    pub fn keep(mut self) {
        self.keep = true;
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.keep {
            // Best effort: a leftover is swept at the next start.
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A temp file named after a process that still exists (pid 1, or a zombie, or a reused pid)
    /// is still an orphan when no other process holds the data dir.
    #[test]
    fn temp_files_go_by_who_holds_the_data_dir_not_by_pid() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = Blobs::open(dir.path()).unwrap();
        let tmp = dir.path().join("tmp");
        let names = [
            "1.aaaa.part".to_string(),
            format!("{}.bbbb.part", std::process::id()),
        ];
        for n in &names {
            std::fs::write(tmp.join(n), b"x").unwrap();
        }
        let none = HashSet::new();
        assert_eq!(
            blobs.sweep_orphans(&none, &none, false),
            0,
            "another process may own them"
        );
        assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 2);
        assert_eq!(
            blobs.sweep_orphans(&none, &none, true),
            2,
            "alone, nothing can own them"
        );
        assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 0);
    }
}
