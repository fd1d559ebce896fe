//! The file of a multipart session: every chunk PUT writes its bytes straight into it at the
//! chunk's offset, so completing the session is a rename, not a copy (each byte is written once).
//! File I/O runs on the blocking pool in pieces of at most [`PIECE`] bytes.

use std::collections::HashMap;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex};

use md5::{Digest, Md5};

/// The most bytes of one body held in memory at a time.
pub(crate) const PIECE: usize = 1024 * 1024;

type Key = (String, u32);
type Slots = Mutex<HashMap<Key, Arc<tokio::sync::Mutex<()>>>>;

/// One lock per (session, chunk index) of this process: two PUTs of the same chunk, or a PUT and
/// the report of that chunk, never interleave, so the recorded MD5 is that of the bytes on disk.
static CHUNK_LOCKS: LazyLock<Slots> = LazyLock::new(|| Mutex::new(HashMap::new()));

/// Holds the lock of one chunk; the map entry goes when its last holder or waiter does.
pub(crate) struct ChunkGuard {
    key: Key,
    slot: Arc<tokio::sync::Mutex<()>>,
    guard: Option<tokio::sync::OwnedMutexGuard<()>>,
}

/// Takes the lock of chunk `idx` of session `upload_id`.
pub(crate) async fn lock_chunk(upload_id: &str, idx: u32) -> ChunkGuard {
    let key = (upload_id.to_string(), idx);
    let slot = {
        let mut map = CHUNK_LOCKS.lock().unwrap_or_else(|p| p.into_inner());
        map.entry(key.clone()).or_default().clone()
    };
    let guard = slot.clone().lock_owned().await;
    ChunkGuard {
        key,
        slot,
        guard: Some(guard),
    }
}

impl Drop for ChunkGuard {
    fn drop(&mut self) {
        self.guard.take();
        let mut map = CHUNK_LOCKS.lock().unwrap_or_else(|p| p.into_inner());
        // The map and this guard hold the only references: nobody waits, drop the entry.
        if Arc::strong_count(&self.slot) == 2 {
            map.remove(&self.key);
        }
    }
}

/// Opens the session file, creating it at `total_size` bytes on the first chunk (and fsyncing
/// its directory then, so the file outlives a crash once a chunk in it is acknowledged).
pub(crate) async fn open(path: PathBuf, total_size: u64) -> std::io::Result<Arc<std::fs::File>> {
    let file = tokio::task::spawn_blocking(move || {
        let created = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path);
        let file = match created {
            Ok(file) => {
                file.set_len(total_size)?;
                file.sync_all()?;
                if let Some(dir) = path.parent() {
                    std::fs::File::open(dir)?.sync_all()?;
                }
                file
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let file = std::fs::OpenOptions::new().write(true).open(&path)?;
                if file.metadata()?.len() != total_size {
                    file.set_len(total_size)?;
                }
                file
            }
            Err(e) => return Err(e),
        };
        Ok(file)
    })
    .await
    .map_err(std::io::Error::other)??;
    Ok(Arc::new(file))
}

/// Writes pieces of one chunk at increasing offsets and hashes them, on the blocking pool.
pub(crate) struct RangeWriter {
    file: Option<Arc<std::fs::File>>,
    offset: u64,
    md5: Md5,
}

impl RangeWriter {
    /// Writes from `offset` into `file`; with no file the bytes are only hashed.
    pub fn new(file: Option<Arc<std::fs::File>>, offset: u64) -> Self {
        Self {
            file,
            offset,
            md5: Md5::new(),
        }
    }

    /// Hashes `piece` and writes it at the current offset.
    pub async fn write(&mut self, piece: Vec<u8>) -> std::io::Result<Vec<u8>> {
        let file = self.file.clone();
        let offset = self.offset;
        let mut md5 = std::mem::take(&mut self.md5);
        let (md5, piece) = tokio::task::spawn_blocking(move || {
            md5.update(&piece);
            if let Some(file) = file {
                file.write_all_at(&piece, offset)?;
            }
            Ok::<_, std::io::Error>((md5, piece))
        })
        .await
        .map_err(std::io::Error::other)??;
        self.md5 = md5;
        self.offset += piece.len() as u64;
        Ok(piece)
    }

    /// Puts the written range on disk; returns the hex MD5 of the bytes.
    pub async fn finish(self) -> std::io::Result<String> {
        if let Some(file) = self.file {
            tokio::task::spawn_blocking(move || file.sync_data())
                .await
                .map_err(std::io::Error::other)??;
        }
        Ok(hex::encode(self.md5.finalize()))
    }
}

/// Checks the size of the finished session file and fsyncs it before it is renamed. Returns false
/// when the file is gone (an earlier run died after renaming it to the blob).
pub(crate) async fn seal(path: &Path, total_size: u64) -> std::io::Result<bool> {
    let path = path.to_path_buf();
    tokio::task::spawn_blocking(move || {
        let file = match std::fs::OpenOptions::new().write(true).open(&path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(e),
        };
        if file.metadata()?.len() != total_size {
            return Err(std::io::Error::other(
                "the session file does not have the upload's size",
            ));
        }
        file.sync_all()?;
        Ok(true)
    })
    .await
    .map_err(std::io::Error::other)?
}
