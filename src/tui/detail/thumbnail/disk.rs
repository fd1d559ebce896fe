//! Thumbnail files kept on disk across runs, keyed by asset id and thumbnail URL (a new URL is a
//! new file), in the user's cache dir next to the start cache. Bounded: past [`DISK_BYTES`] the
//! files read or written longest ago are removed. A file that cannot be read or decoded is
//! removed and fetched again; a dir that cannot be written only costs the caching.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use tracing::debug;

/// Bytes of thumbnail files kept at most.
pub const DISK_BYTES: u64 = 64 * 1024 * 1024;

/// The thumbnail files' dir.
#[derive(Debug, Clone)]
pub struct ThumbDisk {
    dir: PathBuf,
    bound: u64,
}

impl ThumbDisk {
    /// Thumbnails kept in `dir`, at most [`DISK_BYTES`].
    pub fn new(dir: PathBuf) -> Self {
        Self::bounded(dir, DISK_BYTES)
    }

    /// Thumbnails kept in `dir`, at most `bound` bytes.
    pub fn bounded(dir: PathBuf, bound: u64) -> Self {
        Self { dir, bound }
    }

    /// The file for this asset and URL.
    pub fn path(&self, id: &str, url: &str) -> PathBuf {
        let digest = ring::digest::digest(&ring::digest::SHA256, format!("{id}\n{url}").as_bytes());
        self.dir
            .join(format!("{}.img", hex::encode(&digest.as_ref()[..16])))
    }

    /// The bytes kept for this asset and URL, at most `max` of them; marks the file as just used.
    pub fn get(&self, id: &str, url: &str, max: usize) -> Option<Vec<u8>> {
        let path = self.path(id, url);
        let meta = std::fs::metadata(&path).ok()?;
        if meta.len() > max as u64 {
            self.forget(id, url);
            return None;
        }
        let bytes = std::fs::read(&path).ok()?;
        if let Ok(file) = std::fs::File::options().append(true).open(&path) {
            let _ = file.set_modified(SystemTime::now());
        }
        Some(bytes)
    }

    /// Removes the file for this asset and URL (it did not decode).
    pub fn forget(&self, id: &str, url: &str) {
        let _ = std::fs::remove_file(self.path(id, url));
    }

    /// Keeps `bytes` for this asset and URL (whole or not at: a temporary file renamed), then
    /// removes the least recently used files past the bound.
    pub fn put(&self, id: &str, url: &str, bytes: &[u8]) {
        if let Err(e) = self.write(id, url, bytes) {
            debug!(dir = %self.dir.display(), error = %e, "thumbnail not kept on disk");
            return;
        }
        self.prune();
    }

    fn write(&self, id: &str, url: &str, bytes: &[u8]) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let path = self.path(id, url);
        let temp = path.with_extension(format!(
            "{}.{:08x}.tmp",
            std::process::id(),
            rand::random::<u32>()
        ));
        let written = std::fs::write(&temp, bytes).and_then(|()| std::fs::rename(&temp, &path));
        if written.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        written
    }

    /// Removes the files used longest ago until the rest fit the bound.
    fn prune(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let mut files: Vec<(SystemTime, u64, PathBuf)> = entries
            .filter_map(Result::ok)
            .filter(|e| is_image_file(&e.path()))
            .filter_map(|e| {
                let meta = e.metadata().ok()?;
                Some((
                    meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
                    meta.len(),
                    e.path(),
                ))
            })
            .collect();
        let mut total: u64 = files.iter().map(|f| f.1).sum();
        files.sort_by_key(|f| f.0);
        for (_, len, path) in files {
            if total <= self.bound {
                break;
            }
            if std::fs::remove_file(&path).is_ok() {
                total -= len;
            }
        }
    }
}

fn is_image_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "img")
}
