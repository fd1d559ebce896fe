//! The file of a multipart session: every chunk PUT writes its bytes straight into it at the
//! chunk's offset, so completing the session is a rename, not a copy (each byte is written once).
//! File I/O runs on the blocking pool in pieces of at most [`PIECE`] bytes.
//!
//! Whole pieces at aligned offsets are written past the page cache (`O_DIRECT`, Linux) where the
//! file system allows it. Each chunk is synced before its ETag is answered anyway, so the cache
//! buys no speed here, and copying every byte into it was the platform's largest cost after the
//! MD5 (40 % of its CPU in a profile of a 1 GiB upload on a VM, where fresh cache pages are dear).
//! The rest (a chunk's tail, an unaligned chunk size, a file system that refuses) goes through
//! the cache as before; the two never write the same block.

use std::collections::HashMap;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex};

use md5::{Digest, Md5};

/// The most bytes of one body held in memory at a time.
pub(crate) const PIECE: usize = 1024 * 1024;

/// What a write past the page cache needs aligned: the buffer's address, the file offset and the
/// length (4 KiB covers the logical block size of the disks in use).
const ALIGN: usize = 4096;

/// A buffer of up to [`PIECE`] bytes that starts on an [`ALIGN`] boundary in memory.
pub(crate) struct Piece {
    buf: Vec<u8>,
    start: usize,
    len: usize,
}

impl Piece {
    pub fn new() -> Self {
        let buf = vec![0u8; PIECE + ALIGN];
        // A byte pointer can always be aligned; should it say otherwise, the piece is simply
        // never written past the cache.
        let start = buf.as_ptr().align_offset(ALIGN).min(ALIGN);
        Self { buf, start, len: 0 }
    }

    /// Copies as much of `src` as fits; returns how many bytes were taken.
    pub fn fill(&mut self, src: &[u8]) -> usize {
        let take = src.len().min(PIECE - self.len);
        let at = self.start + self.len;
        self.buf[at..at + take].copy_from_slice(&src[..take]);
        self.len += take;
        take
    }

    pub fn is_full(&self) -> bool {
        self.len == PIECE
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn clear(&mut self) {
        self.len = 0;
    }

    pub fn bytes(&self) -> &[u8] {
        &self.buf[self.start..self.start + self.len]
    }

    /// Whether these bytes may be written past the cache at `offset`.
    fn can_go_direct(&self, offset: u64) -> bool {
        let address = self.buf.as_ptr() as usize + self.start;
        address.is_multiple_of(ALIGN) && self.len.is_multiple_of(ALIGN) && offset.is_multiple_of(ALIGN as u64)
    }
}

/// The session file, opened for writes through the page cache and, where the file system
/// allows it, past it.
pub(crate) struct SessionFile {
    cached: std::fs::File,
    direct: Option<std::fs::File>,
}

impl SessionFile {
    /// Writes `piece` at `offset`, past the cache when it is aligned and that is possible.
    fn write_at(&self, piece: &Piece, offset: u64) -> std::io::Result<()> {
        if let Some(direct) = &self.direct
            && piece.can_go_direct(offset)
        {
            match direct.write_all_at(piece.bytes(), offset) {
                // Alignment this file system does not take (or a short write that left an
                // unaligned rest): the same bytes through the cache instead.
                Err(e) if e.raw_os_error() == Some(rustix::io::Errno::INVAL.raw_os_error()) => {}
                done => return done,
            }
        }
        self.cached.write_all_at(piece.bytes(), offset)
    }
}

/// The session file opened past the page cache, or None where that is not to be had (another
/// OS, a file system such as tmpfs that refuses `O_DIRECT`).
fn open_direct(path: &Path) -> Option<std::fs::File> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let flags = rustix::fs::OFlags::DIRECT.bits() as i32;
        std::fs::OpenOptions::new()
            .write(true)
            .custom_flags(flags)
            .open(path)
            .ok()
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = path;
        None
    }
}

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
pub(crate) async fn open(path: PathBuf, total_size: u64) -> std::io::Result<Arc<SessionFile>> {
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
        let direct = open_direct(&path);
        Ok(SessionFile { cached: file, direct })
    })
    .await
    .map_err(std::io::Error::other)??;
    Ok(Arc::new(file))
}

/// Hashes and writes one piece on the blocking pool; gives the hash state and the piece back.
type PieceTask = tokio::task::JoinHandle<std::io::Result<(Md5, Piece)>>;

/// Writes pieces of one chunk at increasing offsets and hashes them, on the blocking pool. One
/// piece is hashed and written while the next is received (a write past the page cache returns
/// only once the disk has the bytes).
pub(crate) struct RangeWriter {
    file: Option<Arc<SessionFile>>,
    offset: u64,
    /// The hash state, when no piece is being hashed.
    md5: Option<Md5>,
    pending: Option<PieceTask>,
    /// The chunk's lock, also held by the piece being written: a PUT that ends early (its
    /// client went away) lets the next PUT of the chunk in only once that write is done.
    lock: Arc<ChunkGuard>,
}

impl RangeWriter {
    /// Writes from `offset` into `file` under the chunk's `lock`; with no file the bytes are
    /// only hashed.
    pub fn new(file: Option<Arc<SessionFile>>, offset: u64, lock: Arc<ChunkGuard>) -> Self {
        Self {
            file,
            offset,
            md5: Some(Md5::new()),
            pending: None,
            lock,
        }
    }

    /// Waits for the piece in hand, if any; returns it emptied.
    async fn settle(&mut self) -> std::io::Result<Option<Piece>> {
        let Some(task) = self.pending.take() else {
            return Ok(None);
        };
        let (md5, mut piece) = task.await.map_err(std::io::Error::other)??;
        self.md5 = Some(md5);
        piece.clear();
        Ok(Some(piece))
    }

    /// Starts hashing and writing `piece` at the current offset, once the one before it is
    /// done; returns an empty piece to fill next.
    pub async fn write(&mut self, piece: Piece) -> std::io::Result<Piece> {
        let spare = self.settle().await?;
        let Some(mut md5) = self.md5.take() else {
            return Err(std::io::Error::other("the chunk's hash was lost"));
        };
        let (file, lock) = (self.file.clone(), self.lock.clone());
        let offset = self.offset;
        self.offset += piece.bytes().len() as u64;
        self.pending = Some(tokio::task::spawn_blocking(move || {
            md5.update(piece.bytes());
            if let Some(file) = file {
                file.write_at(&piece, offset)?;
            }
            drop(lock);
            Ok((md5, piece))
        }));
        Ok(spare.unwrap_or_else(Piece::new))
    }

    /// Puts the written range on disk; returns the hex MD5 of the bytes.
    pub async fn finish(mut self) -> std::io::Result<String> {
        self.settle().await?;
        let Some(md5) = self.md5.take() else {
            return Err(std::io::Error::other("the chunk's hash was lost"));
        };
        if let Some(file) = self.file.take() {
            tokio::task::spawn_blocking(move || file.cached.sync_data())
                .await
                .map_err(std::io::Error::other)??;
        }
        Ok(hex::encode(md5.finalize()))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(len: usize, seed: u8) -> Vec<u8> {
        (0..len)
            .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
            .collect()
    }

    /// Feeds `data` through a writer at `offset` as the chunk PUT does; returns the ETag.
    async fn put(file: &Arc<SessionFile>, offset: u64, data: &[u8], lock: ChunkGuard) -> String {
        let mut writer = RangeWriter::new(Some(file.clone()), offset, Arc::new(lock));
        let mut piece = Piece::new();
        // Odd body frames, as a socket delivers them.
        for frame in data.chunks(100_003) {
            let mut rest = frame;
            while !rest.is_empty() {
                rest = &rest[piece.fill(rest)..];
                if piece.is_full() {
                    piece = writer.write(piece).await.unwrap();
                }
            }
        }
        if !piece.is_empty() {
            writer.write(piece).await.unwrap();
        }
        writer.finish().await.unwrap()
    }

    /// Whole pieces at aligned offsets (past the cache where the file system allows), a tail
    /// shorter than a block, and a chunk at an offset no block starts at: the file holds every
    /// byte where it belongs and each ETag is the MD5 of its chunk.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn aligned_and_unaligned_ranges_land_where_they_belong() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("session");
        let first = bytes(3 * PIECE + 12_345, 1);
        let second = bytes(PIECE + 7, 2);
        let total = (first.len() + second.len()) as u64;
        let file = open(path.clone(), total).await.unwrap();

        let a = put(&file, 0, &first, lock_chunk("s", 1).await).await;
        let b = put(&file, first.len() as u64, &second, lock_chunk("s", 2).await).await;

        assert_eq!(a, hex::encode(Md5::digest(&first)));
        assert_eq!(b, hex::encode(Md5::digest(&second)));
        let on_disk = std::fs::read(&path).unwrap();
        assert_eq!(on_disk.len() as u64, total);
        assert!(on_disk[..first.len()] == first[..], "first chunk differs on disk");
        assert!(
            on_disk[first.len()..] == second[..],
            "second chunk differs on disk"
        );
    }

    /// A PUT that stops mid-body (its client went away) leaves its last piece being written;
    /// the next PUT of that chunk gets the lock only after that write, so it can never be
    /// overwritten by the stale bytes.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_chunk_lock_outlives_a_write_in_progress() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("session");
        let stale = bytes(PIECE, 9);
        let file = open(path.clone(), PIECE as u64).await.unwrap();
        let mut writer = RangeWriter::new(Some(file.clone()), 0, Arc::new(lock_chunk("t", 1).await));
        let mut piece = Piece::new();
        piece.fill(&stale);
        let _spare = writer.write(piece).await.unwrap();
        drop(writer); // the handler is gone; the piece's write may still be running

        let _next = lock_chunk("t", 1).await;
        let on_disk = std::fs::read(&path).unwrap();
        assert!(
            on_disk == stale,
            "the lock was handed on before the stale write finished"
        );
    }

    #[test]
    fn a_piece_takes_no_more_than_it_holds() {
        let mut piece = Piece::new();
        assert_eq!(piece.fill(&vec![1u8; PIECE - 10]), PIECE - 10);
        assert_eq!(piece.fill(&[2u8; 25]), 10);
        assert!(piece.is_full());
        assert_eq!(piece.bytes().len(), PIECE);
        assert!(piece.can_go_direct(0));
        assert!(!piece.can_go_direct(512));
        piece.clear();
        piece.fill(&[3u8; 100]);
        assert!(
            !piece.can_go_direct(0),
            "a length that is not whole blocks goes through the cache"
        );
    }
}
