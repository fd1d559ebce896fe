//! A multipart session as stored: its `uploads` row, loading it (expiring old sessions first),
//! the errors about one, and minting its single-use chunk URLs.

use rusqlite::{Connection, OptionalExtension, params};

use crate::api::types::{PresignedUrl, UploadSessionStatus};
use crate::platform::error::ErrorAnswer;
use crate::platform::state::Shared;
use crate::platform::store::ids::{new_token, now_ms, rfc3339};

/// One row of `uploads`.
#[derive(Debug, Clone)]
pub(crate) struct Session {
    pub id: String,
    pub asset_id: String,
    pub total_size: u64,
    pub chunk_size: u64,
    pub total_chunks: u32,
    pub status: UploadSessionStatus,
    pub created_ms: i64,
    pub updated_ms: i64,
    pub expires_ms: i64,
}

impl Session {
    /// Bytes expected for chunk `idx` (the last one may be smaller).
    pub fn expected_size(&self, idx: u32) -> u64 {
        let before = u64::from(idx - 1) * self.chunk_size;
        self.chunk_size.min(self.total_size - before)
    }
}

pub(crate) const SESSION_COLUMNS: &str =
    "id, asset_id, total_size, chunk_size, total_chunks, status, created_ms, updated_ms, expires_ms";

pub(crate) fn session_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Session> {
    Ok(Session {
        id: r.get(0)?,
        asset_id: r.get(1)?,
        total_size: r.get::<_, i64>(2)?.max(0) as u64,
        chunk_size: r.get::<_, i64>(3)?.max(1) as u64,
        total_chunks: r.get(4)?,
        status: r.get(5)?,
        created_ms: r.get(6)?,
        updated_ms: r.get(7)?,
        expires_ms: r.get(8)?,
    })
}

/// Marks sessions past their 24 h as `expired` and fails their reserved assets.
pub(crate) fn expire_sessions(c: &Connection) -> rusqlite::Result<()> {
    let now = now_ms();
    c.execute(
        "UPDATE assets SET status = 'failed', error_message = 'The multipart upload session expired before it was completed.' \
         WHERE status = 'processing' AND blob_ready = 0 AND id IN \
         (SELECT asset_id FROM uploads WHERE status = 'active' AND expires_ms < ?1)",
        [now],
    )?;
    c.execute(
        "UPDATE uploads SET status = 'expired', updated_ms = ?1 WHERE status = 'active' AND expires_ms < ?1",
        [now],
    )?;
    Ok(())
}

/// Loads a session (after expiring old ones), or `None`.
pub(crate) fn load_session(c: &Connection, id: &str) -> rusqlite::Result<Option<Session>> {
    expire_sessions(c)?;
    c.query_row(
        &format!("SELECT {SESSION_COLUMNS} FROM uploads WHERE id = ?1"),
        [id],
        session_from_row,
    )
    .optional()
}

/// 404 for an unknown session.
pub(crate) fn unknown_upload(id: &str) -> ErrorAnswer {
    ErrorAnswer::not_found(id, "multipart_uploads")
}

/// 400 for a session that can no longer take chunks.
pub(crate) fn not_active(s: &Session) -> ErrorAnswer {
    ErrorAnswer::bad_request(
        "parameter_invalid",
        format!(
            "The upload session {} is {} and no longer accepts chunks. Start a new upload.",
            s.id, s.status
        ),
    )
}

/// Mints presigned URLs for chunks `start..start+count` (clipped to the session).
pub(crate) fn mint_urls(
    c: &Connection,
    state: &Shared,
    s: &Session,
    start: u32,
    count: u32,
) -> rusqlite::Result<(Vec<PresignedUrl>, i64)> {
    let expires = now_ms() + state.limits.chunk_url_ttl.as_millis() as i64;
    let end = start.saturating_add(count).min(s.total_chunks + 1);
    let mut urls = Vec::new();
    for idx in start..end {
        let token = new_token();
        c.execute(
            "INSERT INTO chunk_urls (token, upload_id, idx, expires_ms) VALUES (?1, ?2, ?3, ?4)",
            params![token, s.id, idx, expires],
        )?;
        urls.push(PresignedUrl {
            chunk_index: idx,
            url: format!("{}/_uploads/{token}", state.origin),
            expires_at: Some(rfc3339(expires)),
        });
    }
    Ok((urls, expires))
}
