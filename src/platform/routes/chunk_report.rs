//! `POST /assets/multipart-uploads/{upload_id}`: report uploaded chunks. Each proof must equal the
//! chunk's ETag (hex MD5) and its size the bytes received, or the whole batch is refused (400).
//! When the last chunk is reported the session file, which holds every chunk at its offset,
//! becomes the asset's blob by a rename and the asset goes through processing.

use std::collections::HashSet;

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use rusqlite::params;

use crate::api::types::UploadSessionStatus;
use crate::api::types::{ReportChunksRequest, ReportChunksResponse};
use crate::platform::error::ErrorAnswer;
use crate::platform::request::http_util::json_body;
use crate::platform::state::Shared;
use crate::platform::store::ids::now_ms;
use crate::platform::store::rows::asset_row;
use crate::platform::store::rows::upload_session::{Session, load_session, not_active, unknown_upload};
use crate::platform::store::session_file::{self, lock_chunk};

fn invalid(msg: String) -> ErrorAnswer {
    ErrorAnswer::bad_request("parameter_invalid", msg)
}

/// Handles `POST /assets/multipart-uploads/{upload_id}`.
pub(crate) async fn report(
    State(state): State<Shared>,
    Path(id): Path<String>,
    body: Body,
) -> Result<Response, ErrorAnswer> {
    let raw: serde_json::Value = json_body(body, state.limits.max_field_bytes).await?;
    if raw.get("completed_chunks").is_none() {
        return Err(ErrorAnswer::param_missing("completed_chunks"));
    }
    let req: ReportChunksRequest =
        serde_json::from_value(raw).map_err(|e| invalid(format!("The request body is invalid: {e}.")))?;
    let max = state.limits.max_url_batch as usize;
    if req.completed_chunks.is_empty() || req.completed_chunks.len() > max {
        return Err(invalid(format!(
            "The completed_chunks parameter is invalid. It must hold 1 to {max} items."
        )));
    }
    if let Some(c) = req.completed_chunks.iter().find(|c| c.proof_type != "etag") {
        return Err(invalid(format!(
            "The proof_type parameter is invalid: {}. Only etag is supported.",
            c.proof_type
        )));
    }
    // No chunk of the batch is being rewritten by a PUT while its MD5 is checked and made final.
    let mut indexes: Vec<u32> = req.completed_chunks.iter().map(|c| c.chunk_index).collect();
    indexes.sort_unstable();
    indexes.dedup();
    let mut locks = Vec::with_capacity(indexes.len());
    for idx in indexes {
        locks.push(lock_chunk(&id, idx).await);
    }
    let (session, processed, duplicates, total_completed) = state
        .store
        .call(move |c| {
            let tx = c.transaction()?;
            let Some(s) = load_session(&tx, &id)? else { return Err(unknown_upload(&id)) };
            if s.status == UploadSessionStatus::Completed {
                let n = req.completed_chunks.len() as u32;
                return Ok((s.clone(), 0, n, s.total_chunks));
            }
            if s.status != UploadSessionStatus::Active {
                return Err(not_active(&s));
            }
            for item in &req.completed_chunks {
                let idx = item.chunk_index;
                if idx == 0 || idx > s.total_chunks {
                    return Err(invalid(format!(
                        "The chunk_index parameter is invalid: {idx}. It must be between 1 and {}.",
                        s.total_chunks
                    )));
                }
                let (size, md5): (Option<i64>, Option<String>) = tx.query_row(
                    "SELECT size, md5 FROM chunks WHERE upload_id = ?1 AND idx = ?2",
                    params![s.id, idx],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
                let Some(md5) = md5 else {
                    return Err(invalid(format!("Chunk {idx} has not been uploaded yet.")));
                };
                if !item.proof.trim().trim_matches('"').eq_ignore_ascii_case(&md5) {
                    return Err(invalid(format!(
                        "The proof parameter is invalid for chunk {idx}: it does not match the ETag of the uploaded chunk."
                    )));
                }
                if size != Some(item.chunk_size as i64) {
                    return Err(invalid(format!(
                        "The chunk_size parameter is invalid for chunk {idx}: {} bytes were received.",
                        size.unwrap_or(0)
                    )));
                }
            }
            let (mut processed, mut duplicates) = (0u32, 0u32);
            let mut seen = HashSet::new();
            let now = now_ms();
            for item in &req.completed_chunks {
                let fresh = seen.insert(item.chunk_index)
                    && tx.execute(
                        "UPDATE chunks SET reported = 1, reported_ms = ?3, updated_ms = ?3 \
                         WHERE upload_id = ?1 AND idx = ?2 AND reported = 0",
                        params![s.id, item.chunk_index, now],
                    )? == 1;
                if fresh {
                    processed += 1;
                } else {
                    duplicates += 1;
                }
            }
            tx.execute("UPDATE uploads SET updated_ms = ?2 WHERE id = ?1", params![s.id, now])?;
            let total: u32 = tx.query_row(
                "SELECT COUNT(*) FROM chunks WHERE upload_id = ?1 AND reported = 1",
                [&s.id],
                |r| r.get(0),
            )?;
            tx.commit()?;
            Ok((s, processed, duplicates, total))
        })
        .await?;
    drop(locks);
    let url = if total_completed == session.total_chunks {
        Some(complete(&state, &session).await?)
    } else {
        None
    };
    Ok(Json(ReportChunksResponse {
        asset_id: session.asset_id,
        processed_chunks: processed,
        duplicate_chunks: duplicates,
        total_completed,
        url,
    })
    .into_response())
}

/// Finishes the sessions an earlier run left `active` with every chunk reported: it died while
/// joining them, after the last report was accepted. The join is done again from the session
/// file, which stays until it is renamed to the blob. Returns how many were finished.
pub(crate) async fn finish_interrupted(state: &Shared) -> Result<usize, ErrorAnswer> {
    let sessions: Vec<Session> = state
        .store
        .call(|c| {
            let ids: Vec<String> = {
                let mut stmt = c.prepare(
                    "SELECT u.id FROM uploads u WHERE u.status = 'active' AND u.total_chunks = \
                     (SELECT COUNT(*) FROM chunks k WHERE k.upload_id = u.id AND k.reported = 1)",
                )?;
                stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?
            };
            let mut sessions = Vec::new();
            for id in ids {
                sessions.extend(load_session(c, &id)?.filter(|s| s.status == UploadSessionStatus::Active));
            }
            Ok(sessions)
        })
        .await?;
    for s in &sessions {
        tracing::info!(upload_id = %s.id, "finishing a multipart join interrupted by the last run");
        complete(state, s).await?;
    }
    Ok(sessions.len())
}

/// Makes the session file the asset's blob (once), marks the session completed and queues the
/// asset for processing. Returns the URL of the uploaded file.
async fn complete(state: &Shared, s: &Session) -> Result<String, ErrorAnswer> {
    let asset_id = s.asset_id.clone();
    let asset = state
        .store
        .call(move |c| Ok(asset_row::load(c, &asset_id)?))
        .await?
        .ok_or_else(|| ErrorAnswer::not_found(&s.asset_id, "assets"))?;
    let url = state.file_urls.url(&asset.file_token, "original", now_ms());
    if s.status == UploadSessionStatus::Completed || asset.blob_ready {
        return Ok(url);
    }
    // Every chunk was written into the session file at its offset and synced before it was
    // acknowledged, so the file is the blob: no copy, a rename on the same filesystem.
    let file = state
        .blobs
        .session_file(&s.id)
        .ok_or_else(|| ErrorAnswer::internal("bad upload id"))?;
    let blob = state
        .blobs
        .blob_path(&s.asset_id)
        .ok_or_else(|| ErrorAnswer::internal("bad asset id"))?;
    crate::platform::test_stall::point("platform_join").await;
    if session_file::seal(&file, s.total_size).await? {
        state.blobs.commit(&file, &blob).await?;
    } else if !tokio::fs::try_exists(&blob).await? {
        return Err(ErrorAnswer::internal("the upload's file is missing"));
    }
    let (upload_id, asset_id) = (s.id.clone(), s.asset_id.clone());
    let due = now_ms() + state.processing_delay.as_millis() as i64;
    let total = s.total_size as i64;
    state
        .store
        .call(move |c| {
            let tx = c.transaction()?;
            tx.execute(
                "UPDATE assets SET blob_ready = 1, due_ms = ?2, size = ?3 WHERE id = ?1 AND blob_ready = 0",
                params![asset_id, due, total],
            )?;
            tx.execute(
                "UPDATE uploads SET status = 'completed', updated_ms = ?2 WHERE id = ?1",
                params![upload_id, now_ms()],
            )?;
            tx.execute("DELETE FROM chunk_urls WHERE upload_id = ?1", [&upload_id])?;
            tx.commit()?;
            Ok(())
        })
        .await?;
    state.wake.notify_one();
    Ok(url)
}
