//! `PUT /_uploads/{token}`: the presigned chunk URLs. Like S3 presigned URLs they need no API
//! key; the random token is single use and expires. The body is streamed to disk, fsynced and
//! answered with `ETag: "<hex md5>"`.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use rusqlite::{OptionalExtension, params};

use super::blobs::{TempFile, WriteError};
use super::error::ApiError;
use super::ids::{is_hex_name, now_ms};
use super::multipart::{Session, load_session};
use super::state::Shared;

fn denied(why: &str) -> ApiError {
    ApiError::new(
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
) -> Result<Response, ApiError> {
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
                return Ok(Err(denied("unknown URL")));
            };
            if used {
                return Ok(Err(denied("this URL was already used")));
            }
            if expires_ms < now_ms() {
                return Ok(Err(denied("this URL has expired")));
            }
            let Some(session) = load_session(c, &upload_id)? else {
                return Ok(Err(denied("unknown upload")));
            };
            if session.status != "active" {
                return Ok(Err(denied("the upload session is no longer active")));
            }
            Ok(Ok((session, idx)))
        })
        .await??;
    let expected = session.expected_size(idx);
    let mut temp = TempFile::create(state.blobs.temp_path()).await?;
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| {
            ApiError::bad_request("incomplete_body", format!("The body could not be read: {e}"))
        })?;
        match temp.write(&chunk, expected).await {
            Ok(()) => {}
            Err(WriteError::TooLarge { .. }) => {
                return Err(ApiError::bad_request(
                    "entity_too_large",
                    format!("Chunk {idx} must be {expected} bytes; more were sent."),
                ));
            }
            Err(WriteError::Io(e)) => return Err(e.into()),
        }
    }
    let md5 = temp.finish().await?;
    store_chunk(&state, &session, idx, &token, temp, &md5).await?;
    let mut resp = StatusCode::OK.into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("\"{md5}\"")) {
        resp.headers_mut().insert(header::ETAG, v);
    }
    Ok(resp)
}

/// Moves the chunk into the session dir under a content-addressed name (`IDX.MD5`, so the file
/// is in place before any row points at it), then uses up the token and records size and MD5.
async fn store_chunk(
    state: &Shared,
    session: &Session,
    idx: u32,
    token: &str,
    temp: TempFile,
    md5: &str,
) -> Result<(), ApiError> {
    let path = chunk_path(state, &session.id, idx, md5)?;
    let size = std::fs::metadata(temp.path())?.len();
    state.blobs.commit(temp.path(), &path).await?;
    temp.keep();
    let (token, upload_id, md5_owned) = (token.to_string(), session.id.clone(), md5.to_string());
    state
        .store
        .call(move |c| {
            let tx = c.transaction()?;
            let n = tx.execute("UPDATE chunk_urls SET used = 1 WHERE token = ?1 AND used = 0", [&token])?;
            if n == 0 {
                return Ok(Err(denied("this URL was already used")));
            }
            // A reported chunk is final; a new PUT cannot replace its bytes.
            tx.execute(
                "UPDATE chunks SET size = ?3, md5 = ?4, updated_ms = ?5 WHERE upload_id = ?1 AND idx = ?2 AND reported = 0",
                params![upload_id, idx, size as i64, md5_owned, now_ms()],
            )?;
            tx.commit()?;
            Ok(Ok(()))
        })
        .await?
}

/// Where the bytes of chunk `idx` with content hash `md5` live.
pub(crate) fn chunk_path(
    state: &Shared,
    upload_id: &str,
    idx: u32,
    md5: &str,
) -> Result<std::path::PathBuf, ApiError> {
    let dir = state
        .blobs
        .chunk_dir(upload_id)
        .ok_or_else(|| ApiError::internal("bad upload id"))?;
    if !is_hex_name(md5, 32) {
        return Err(ApiError::internal("bad chunk hash"));
    }
    Ok(dir.join(format!("{idx}.{md5}")))
}
