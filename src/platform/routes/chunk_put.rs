//! `PUT /_uploads/{token}`: the presigned chunk URLs. Like S3 presigned URLs they need no API
//! key; the random token is single use and expires. The body is streamed into the session's file
//! at the chunk's offset, synced and answered with `ETag: "<hex md5>"`. A retried chunk (new
//! URL) overwrites its range; the MD5 recorded is that of the last bytes written.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use rusqlite::{OptionalExtension, params};

use crate::api::types::UploadSessionStatus;
use crate::platform::error::ErrorAnswer;
use crate::platform::state::Shared;
use crate::platform::store::ids::{is_hex_name, now_ms};
use crate::platform::store::rows::upload_session::{Session, load_session};
use crate::platform::store::session_file::{self, Piece, RangeWriter, lock_chunk};

fn denied(why: &str) -> ErrorAnswer {
    ErrorAnswer::new(
        StatusCode::FORBIDDEN,
        "access_denied",
        format!("Request has been denied: {why}."),
    )
}

/// Handles `PUT /_uploads/{token}`.
pub(crate) async fn put_chunk(
    State(state): State<Shared>,
    Path(token): Path<String>,
    body: Body,
) -> Result<Response, ErrorAnswer> {
    if !is_hex_name(&token, 32) {
        return Err(denied("unknown URL"));
    }
    let lookup = token.clone();
    let (session, idx) = state
        .store
        .call(move |c| {
            let url: Option<(String, u32, i64, bool)> = c
                .query_row(
                    "SELECT upload_id, idx, expires_ms, used FROM chunk_urls WHERE token = ?1",
                    [&lookup],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            let Some((upload_id, idx, expires_ms, used)) = url else {
                return Err(denied("unknown URL"));
            };
            if used {
                return Err(denied("this URL was already used"));
            }
            if expires_ms < now_ms() {
                return Err(denied("this URL has expired"));
            }
            let Some(session) = load_session(c, &upload_id)? else {
                return Err(denied("unknown upload"));
            };
            if session.status != UploadSessionStatus::Active {
                return Err(denied("the upload session is no longer active"));
            }
            Ok((session, idx))
        })
        .await?;
    let expected = session.expected_size(idx);
    state.ensure_room(expected)?;
    let lock = Arc::new(lock_chunk(&session.id, idx).await);
    // A reported chunk is final: the bytes of a new PUT are checked and hashed, not written.
    let (upload_id, reported_q) = (session.id.clone(), idx);
    let reported: bool = state
        .store
        .call(move |c| {
            Ok(c.query_row(
                "SELECT reported FROM chunks WHERE upload_id = ?1 AND idx = ?2",
                params![upload_id, reported_q],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(false))
        })
        .await?;
    let file = if reported {
        None
    } else {
        let path = state
            .blobs
            .session_file(&session.id)
            .ok_or_else(|| ErrorAnswer::internal("bad upload id"))?;
        Some(session_file::open(path, session.total_size).await?)
    };
    let offset = u64::from(idx - 1) * session.chunk_size;
    let mut writer = RangeWriter::new(file, offset, lock.clone());
    let mut piece = Piece::new();
    let mut size = 0u64;
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| {
            ErrorAnswer::bad_request("incomplete_body", format!("The body could not be read: {e}"))
        })?;
        size += chunk.len() as u64;
        if size > expected {
            return Err(ErrorAnswer::bad_request(
                "entity_too_large",
                format!("Chunk {idx} must be {expected} bytes; more were sent."),
            ));
        }
        let mut rest = &chunk[..];
        while !rest.is_empty() {
            rest = &rest[piece.fill(rest)..];
            if piece.is_full() {
                piece = writer.write(piece).await?;
            }
        }
    }
    if !piece.is_empty() {
        writer.write(piece).await?;
    }
    let md5 = writer.finish().await?;
    record_chunk(&state, &session, idx, &token, size, &md5).await?;
    drop(lock);
    let mut resp = StatusCode::OK.into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("\"{md5}\"")) {
        resp.headers_mut().insert(header::ETAG, v);
    }
    Ok(resp)
}

/// Uses up the token and records the size and MD5 of the chunk's bytes (now on disk).
async fn record_chunk(
    state: &Shared,
    session: &Session,
    idx: u32,
    token: &str,
    size: u64,
    md5: &str,
) -> Result<(), ErrorAnswer> {
    let (token, upload_id, md5_owned) = (token.to_string(), session.id.clone(), md5.to_string());
    state
        .store
        .call(move |c| {
            let tx = c.transaction()?;
            let n = tx.execute("UPDATE chunk_urls SET used = 1 WHERE token = ?1 AND used = 0", [&token])?;
            if n == 0 {
                return Err(denied("this URL was already used"));
            }
            // A reported chunk is final; a new PUT cannot replace its bytes.
            tx.execute(
                "UPDATE chunks SET size = ?3, md5 = ?4, updated_ms = ?5 WHERE upload_id = ?1 AND idx = ?2 AND reported = 0",
                params![upload_id, idx, size as i64, md5_owned, now_ms()],
            )?;
            tx.commit()?;
            Ok(())
        })
        .await
}
