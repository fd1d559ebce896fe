//! Frames kept on disk across runs, under the user's cache dir: one PNG per asset, time and
//! pixel size, the whole bounded (oldest written dropped first). A cache that cannot be written
//! (read-only dir, full disk) is reported once by the caller and the preview goes on without it.

use std::path::{Path, PathBuf};

/// Default bound of the cache, in megabytes.
pub const DEFAULT_MB: u64 = 256;

/// What a cached frame is keyed by.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FrameKey {
    pub asset_id: String,
    /// Milliseconds from the start.
    pub at_ms: u64,
    pub width: u32,
    pub height: u32,
}

/// The disk cache.
#[derive(Debug, Clone)]
pub struct FrameCache {
    dir: PathBuf,
    limit: u64,
}

/// The user's cache dir for frames (`…/tl-assets/frames`), if the OS has one.
pub fn default_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("io", "tl-assets", "tl-assets").map(|d| d.cache_dir().join("frames"))
}

/// Only the characters an id can safely hold as a file name.
fn safe(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(96)
        .collect()
}

impl FrameCache {
    /// A cache in `dir` holding at most `limit_mb` megabytes.
    pub fn new(dir: PathBuf, limit_mb: u64) -> Self {
        Self {
            dir,
            limit: limit_mb.saturating_mul(1024 * 1024),
        }
    }

    /// Where the cache lives.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, key: &FrameKey) -> PathBuf {
        self.dir
            .join(safe(&key.asset_id))
            .join(format!("{}-{}x{}.png", key.at_ms, key.width, key.height))
    }

    /// The PNG kept for `key`, if any.
    pub fn get(&self, key: &FrameKey) -> Option<Vec<u8>> {
        std::fs::read(self.path(key)).ok().filter(|b| !b.is_empty())
    }

    /// Keeps `png` for `key` (written beside and renamed, so a reader never sees half a file),
    /// then drops the oldest files past the bound.
    pub fn put(&self, key: &FrameKey, png: &[u8]) -> std::io::Result<()> {
        if self.limit == 0 {
            return Ok(());
        }
        let path = self.path(key);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let tmp = path.with_extension("png.tmp");
        std::fs::write(&tmp, png)?;
        std::fs::rename(&tmp, &path)?;
        self.trim();
        Ok(())
    }

    /// Bytes held now.
    pub fn bytes(&self) -> u64 {
        self.files().iter().map(|f| f.1).sum()
    }

    fn files(&self) -> Vec<(PathBuf, u64, std::time::SystemTime)> {
        let mut out = Vec::new();
        let Ok(assets) = std::fs::read_dir(&self.dir) else {
            return out;
        };
        for asset in assets.flatten() {
            let Ok(entries) = std::fs::read_dir(asset.path()) else {
                continue;
            };
            for e in entries.flatten() {
                if let Ok(m) = e.metadata()
                    && m.is_file()
                {
                    let when = m.modified().unwrap_or(std::time::UNIX_EPOCH);
                    out.push((e.path(), m.len(), when));
                }
            }
        }
        out
    }

    /// Drops the oldest files until the cache is within its bound.
    fn trim(&self) {
        let mut files = self.files();
        let mut total: u64 = files.iter().map(|f| f.1).sum();
        if total <= self.limit {
            return;
        }
        files.sort_by_key(|f| f.2);
        for (path, len, _) in files {
            if total <= self.limit {
                break;
            }
            if std::fs::remove_file(&path).is_ok() {
                total = total.saturating_sub(len);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(at_ms: u64) -> FrameKey {
        FrameKey {
            asset_id: "../evil/id".into(),
            at_ms,
            width: 10,
            height: 10,
        }
    }

    #[test]
    fn keeps_and_bounds_and_stays_inside_its_dir() {
        let dir = tempfile::tempdir().expect("dir");
        let cache = FrameCache::new(dir.path().to_path_buf(), 1);
        let big = vec![7u8; 400 * 1024];
        for i in 0..5 {
            cache.put(&key(i), &big).expect("put");
            std::thread::sleep(std::time::Duration::from_millis(15));
        }
        assert!(cache.bytes() <= 1024 * 1024, "{}", cache.bytes());
        assert!(cache.get(&key(0)).is_none(), "the oldest is dropped first");
        assert_eq!(cache.get(&key(4)).as_deref(), Some(big.as_slice()));
        assert!(cache.path(&key(1)).starts_with(dir.path()));
    }

    #[test]
    fn a_read_only_dir_is_an_error_not_a_panic() {
        let cache = FrameCache::new(PathBuf::from("/proc/tl-assets-no"), 10);
        assert!(cache.put(&key(1), b"x").is_err());
        assert!(cache.get(&key(1)).is_none());
    }
}
