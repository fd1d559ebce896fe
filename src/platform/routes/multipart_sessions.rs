//! Multipart upload sessions (`/assets/multipart-uploads…`): create, presigned URLs, status and
//! the list of incomplete sessions. Chunk `PUT`s are in `chunk_put.rs`, reports in
//! `chunk_report.rs`, the stored session in `store/rows/upload_session.rs`.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rusqlite::params;

use crate::api::types::{
    AssetStatus, AssetType, ChunkInfo, ChunkStatus, CreateUploadRequest, CreateUploadResponse,
    IncompleteUpload, Page, PresignedUrlsRequest, PresignedUrlsResponse, UploadMethod, UploadSessionStatus,
    UploadStatus,
};
use crate::platform::error::ErrorAnswer;
use crate::platform::media::rules::{self, Origin};
use crate::platform::request::http_util::{Paging, body_bytes, json_from, query_pairs};
use crate::platform::request::metadata_rules::{self, drop_empty};
use crate::platform::state::Shared;
use crate::platform::store::db::next_seq;
use crate::platform::store::ids::{new_id, new_token, now_ms, rfc3339};
use crate::platform::store::rows::asset_row::{self, AssetRow};
use crate::platform::store::rows::upload_session::{
    SESSION_COLUMNS, Session, expire_sessions, load_session, mint_urls, not_active, session_from_row,
    unknown_upload,
};

/// Handles `POST /assets/multipart-uploads`: reserves the asset, sizes the chunks (docs/contract.md §15.6)
/// and hands out the first URLs.
pub(crate) async fn create(State(state): State<Shared>, body: Body) -> Result<Response, ErrorAnswer> {
    let bytes = body_bytes(body, state.limits.max_field_bytes).await?;
    let raw: serde_json::Value = json_from(&bytes)?;
    for key in ["filename", "type", "total_size"] {
        if raw.get(key).is_none_or(serde_json::Value::is_null) {
            return Err(ErrorAnswer::param_missing(key));
        }
    }
    let req: CreateUploadRequest = serde_json::from_value(raw.clone()).map_err(|e| {
        ErrorAnswer::bad_request("parameter_invalid", format!("The request body is invalid: {e}."))
    })?;
    crate::platform::request::text_rules::check_name(
        "filename",
        &req.filename,
        state.limits.max_filename_chars,
    )?;
    let l = &state.limits;
    let max = match req.asset_type {
        AssetType::Image => l.image_max_bytes,
        AssetType::Video | AssetType::Audio => l.multipart_media_max_bytes,
        AssetType::Document => {
            return Err(ErrorAnswer::bad_request(
                "parameter_invalid",
                "The type parameter is invalid. Multipart uploads take video, audio or image; send a document with POST /assets (method direct up to 200 MB, or url up to 512 MB).",
            ));
        }
        AssetType::Other(_) => return Err(ErrorAnswer::param_invalid("type")),
    };
    if req.total_size == 0 {
        return Err(ErrorAnswer::param_invalid("total_size"));
    }
    if req.total_size > max {
        return Err(rules::too_large(
            req.asset_type.clone(),
            Origin::Multipart,
            max,
            req.total_size,
        ));
    }
    state.ensure_room(req.total_size)?;
    // `null`, `""` and `[]` keys are dropped (docs/contract.md §16.4).
    let user_metadata = metadata_rules::read_field(&bytes, "user_metadata")?
        .map(drop_empty)
        .filter(|m| !m.is_empty());
    let chunk_size = l.chunk_size_for(req.total_size);
    let total_chunks = u32::try_from(req.total_size.div_ceil(chunk_size))
        .map_err(|_| ErrorAnswer::param_invalid("total_size"))?;
    let now = now_ms();
    let session = Session {
        id: new_id(),
        asset_id: new_id(),
        total_size: req.total_size,
        chunk_size,
        total_chunks,
        status: UploadSessionStatus::Active,
        created_ms: now,
        updated_ms: now,
        expires_ms: now + l.session_ttl.as_millis() as i64,
    };
    let asset = AssetRow {
        id: session.asset_id.clone(),
        method: UploadMethod::Multipart,
        status: AssetStatus::Processing,
        filename: req.filename.clone(),
        file_type: None,
        created_ms: now,
        user_metadata,
        enable_hls: req.enable_hls.unwrap_or(false),
        enable_thumbnail: req.enable_thumbnail.unwrap_or(false),
        hls_status: None,
        thumb_status: None,
        file_token: new_token(),
        size: None,
        duration: None,
        technical_metadata: None,
        error_message: None,
        blob_ready: false,
        source: None,
    };
    let first = state.limits.initial_upload_urls;
    let st = state.clone();
    let s = session.clone();
    let urls = state
        .store
        .call(move |c| {
            let tx = c.transaction()?;
            asset_row::insert(&tx, &asset, i64::MAX)?;
            let seq = next_seq(&tx, "uploads")?;
            tx.execute(
                &format!("INSERT INTO uploads ({SESSION_COLUMNS}, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"),
                params![
                    s.id,
                    s.asset_id,
                    s.total_size as i64,
                    s.chunk_size as i64,
                    s.total_chunks,
                    s.status,
                    s.created_ms,
                    s.updated_ms,
                    s.expires_ms,
                    seq
                ],
            )?;
            {
                let mut stmt = tx.prepare("INSERT INTO chunks (upload_id, idx, updated_ms) VALUES (?1, ?2, ?3)")?;
                for idx in 1..=s.total_chunks {
                    stmt.execute(params![s.id, idx, s.created_ms])?;
                }
            }
            let (urls, _) = mint_urls(&tx, &st, &s, 1, first)?;
            tx.commit()?;
            Ok(urls)
        })
        .await?;
    let resp = CreateUploadResponse {
        upload_id: session.id,
        asset_id: session.asset_id,
        upload_urls: urls,
        upload_headers: Default::default(),
        chunk_size,
        total_chunks,
        expires_at: Some(rfc3339(session.expires_ms)),
    };
    Ok((StatusCode::CREATED, Json(resp)).into_response())
}

/// Handles `POST /assets/multipart-uploads/{upload_id}/presigned-urls`.
pub(crate) async fn presign(
    State(state): State<Shared>,
    Path(id): Path<String>,
    body: Body,
) -> Result<Response, ErrorAnswer> {
    let bytes = body_bytes(body, state.limits.max_field_bytes).await?;
    let raw: serde_json::Value = json_from(&bytes)?;
    for key in ["start", "count"] {
        if raw.get(key).is_none() {
            return Err(ErrorAnswer::param_missing(key));
        }
    }
    let req: PresignedUrlsRequest = serde_json::from_value(raw).map_err(|e| {
        ErrorAnswer::bad_request("parameter_invalid", format!("The request body is invalid: {e}."))
    })?;
    if req.count == 0 || req.count > state.limits.max_url_batch {
        return Err(ErrorAnswer::bad_request(
            "parameter_invalid",
            format!(
                "The count parameter is invalid. It must be between 1 and {}.",
                state.limits.max_url_batch
            ),
        ));
    }
    let st = state.clone();
    let upload_id = id.clone();
    let (urls, expires_ms) = state
        .store
        .call(move |c| {
            let Some(s) = load_session(c, &id)? else {
                return Err(unknown_upload(&id));
            };
            if s.status != UploadSessionStatus::Active {
                return Err(not_active(&s));
            }
            if req.start == 0 || req.start > s.total_chunks {
                return Err(ErrorAnswer::bad_request(
                    "parameter_invalid",
                    format!(
                        "The start parameter is invalid. It must be between 1 and {}.",
                        s.total_chunks
                    ),
                ));
            }
            Ok(mint_urls(c, &st, &s, req.start, req.count)?)
        })
        .await?;
    let resp = PresignedUrlsResponse {
        upload_id,
        start_index: req.start,
        count: urls.len() as u32,
        upload_urls: urls,
        generated_at: Some(rfc3339(now_ms())),
        expires_at: Some(rfc3339(expires_ms)),
    };
    Ok(Json(resp).into_response())
}

/// Handles `GET /assets/multipart-uploads/{upload_id}`: every chunk listed, pending ones too.
pub(crate) async fn status(
    State(state): State<Shared>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ErrorAnswer> {
    let paging = Paging::from_pairs(&query_pairs(raw.as_deref()), &state.limits)?;
    let (limit, offset) = paging.sql();
    let answer = state
        .store
        .call(move |c| {
            let Some(s) = load_session(c, &id)? else {
                return Err(unknown_upload(&id));
            };
            let (completed, uploaded): (i64, i64) = c.query_row(
                "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM chunks WHERE upload_id = ?1 AND reported = 1",
                [&id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let mut stmt = c.prepare(
                "SELECT idx, reported, reported_ms, updated_ms FROM chunks WHERE upload_id = ?1 \
                 ORDER BY idx LIMIT ?2 OFFSET ?3",
            )?;
            let chunks = stmt
                .query_map(params![id, limit, offset], |r| {
                    let reported: bool = r.get(1)?;
                    Ok(ChunkInfo {
                        index: r.get(0)?,
                        status: if reported {
                            ChunkStatus::Completed
                        } else {
                            ChunkStatus::Pending
                        },
                        uploaded_at: r.get::<_, Option<i64>>(2)?.map(rfc3339),
                        updated_at: Some(rfc3339(r.get(3)?)),
                        error: None,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok((s, completed as u32, uploaded.max(0) as u64, chunks))
        })
        .await?;
    let (s, completed, uploaded_size, chunks) = answer;
    let resp = UploadStatus {
        upload_id: s.id,
        status: s.status.clone(),
        uploaded_chunks: chunks,
        chunks_completed: completed,
        chunks_failed: 0,
        chunks_pending: s.total_chunks - completed,
        page_info: paging.info(u64::from(s.total_chunks)),
        total_size: s.total_size,
        uploaded_size,
        created_at: Some(rfc3339(s.created_ms)),
        updated_at: Some(rfc3339(s.updated_ms)),
    };
    Ok(Json(resp).into_response())
}

/// Handles `GET /assets/multipart-uploads`: active sessions, newest first.
pub(crate) async fn list_incomplete(
    State(state): State<Shared>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ErrorAnswer> {
    let paging = Paging::from_pairs(&query_pairs(raw.as_deref()), &state.limits)?;
    let (limit, offset) = paging.sql();
    let (sessions, total) = state
        .store
        .call(move |c| {
            expire_sessions(c)?;
            let total: i64 = c.query_row("SELECT COUNT(*) FROM uploads WHERE status = 'active'", [], |r| r.get(0))?;
            let mut stmt = c.prepare(&format!(
                "SELECT {SESSION_COLUMNS} FROM uploads WHERE status = 'active' ORDER BY seq DESC LIMIT ?1 OFFSET ?2"
            ))?;
            let rows = stmt.query_map(params![limit, offset], session_from_row)?.collect::<Result<Vec<_>, _>>()?;
            Ok((rows, total.max(0) as u64))
        })
        .await?;
    let data = sessions
        .into_iter()
        .map(|s| IncompleteUpload {
            upload_id: s.id,
            status: s.status.clone(),
            total_size: s.total_size,
            chunk_size: s.chunk_size,
            total_chunks: s.total_chunks,
            created_at: Some(rfc3339(s.created_ms)),
            expires_at: Some(rfc3339(s.expires_ms)),
        })
        .collect();
    Ok(Json(Page {
        data,
        page_info: paging.info(total),
    })
    .into_response())
}
