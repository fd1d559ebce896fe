//! Bench-only seeding: writes many ready asset rows straight into a data dir's store, in one
//! transaction, so a scale benchmark needs no uploads. The rows have no blob file: listing and
//! retrieving work, fetching the media does not.

use std::path::Path;

use rusqlite::params;

use crate::platform::error::PlatformError;
use crate::platform::store::blobs::Blobs;
use crate::platform::store::db::{Store, next_seq};
use crate::platform::store::ids::{new_id, new_token, now_ms};

const WORDS: [&str; 16] = [
    "harbour",
    "sunset",
    "meeting",
    "drone",
    "lecture",
    "interview",
    "street",
    "forest",
    "launch",
    "kitchen",
    "concert",
    "rain",
    "studio",
    "market",
    "train",
    "garden",
];

/// `(mime, extension, duration)` of the synthetic kinds, in the order they rotate.
const KINDS: [(&str, &str, Option<f64>); 3] = [
    ("video/mp4", "mp4", Some(42.5)),
    ("audio/x-wav", "wav", Some(180.0)),
    ("image/jpeg", "jpg", None),
];

/// A varied, deterministic file name for synthetic asset `i`.
pub fn synthetic_filename(i: usize) -> String {
    let a = WORDS[i % WORDS.len()];
    let b = WORDS[(i / WORDS.len() + i * 7) % WORDS.len()];
    let (_, ext, _) = KINDS[i % KINDS.len()];
    format!("{a}-{b}-{i:06}.{ext}")
}

/// Adds `n` ready assets (video, audio and image in turn) to the store of `data_dir`, newest
/// last, and returns their ids in insertion order. For benchmarks only.
pub fn seed_synthetic(data_dir: &Path, n: usize) -> Result<Vec<String>, PlatformError> {
    let blobs = Blobs::open(data_dir)?;
    // Opening the store creates or migrates the schema; the seeding itself uses its own connection.
    drop(Store::open(&blobs.db_path())?);
    let mut conn = rusqlite::Connection::open(blobs.db_path())?;
    let tx = conn.transaction()?;
    let first_seq = next_seq(&tx, "assets")?;
    let start_ms = now_ms() - n as i64 * 1000;
    let mut ids = Vec::with_capacity(n);
    {
        let mut stmt = tx.prepare(
            "INSERT INTO assets (id, seq, method, status, filename, file_type, created_ms, \
             enable_thumbnail, thumb_status, file_token, size, duration, technical_metadata, blob_ready) \
             VALUES (?1, ?2, 'direct', 'ready', ?3, ?4, ?5, 1, 'ready', ?6, ?7, ?8, ?9, 1)",
        )?;
        for i in 0..n {
            let id = new_id();
            let (mime, _, duration) = KINDS[i % KINDS.len()];
            let size = 1_000_000 + (i as i64 * 7919) % 50_000_000;
            let tech = format!(r#"{{"file_size_bytes":{size},"file_mime_type":"{mime}"}}"#);
            stmt.execute(params![
                id,
                first_seq + i as i64,
                synthetic_filename(i),
                mime,
                start_ms + i as i64 * 1000,
                new_token(),
                size,
                duration,
                tech,
            ])?;
            ids.push(id);
        }
    }
    tx.commit()?;
    Ok(ids)
}
