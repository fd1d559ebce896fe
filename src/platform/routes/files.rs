//! Served files (thumbnails, HLS playlists and segments, uploaded originals) under
//! `/_files/{grant}/…`. Like presigned URLs they need no API key: the grant names one asset's
//! file (or HLS directory) and an expiry, signed (`platform::file_urls`). A grant for another
//! file, or a made-up one, finds nothing (404); an expired one is 403, and the client reads the
//! asset again for a fresh URL. Single byte ranges are honoured (`Range: bytes=…` → 206).

use std::io::SeekFrom;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tokio::io::{AsyncReadExt, AsyncSeekExt};
use tokio_util::io::ReaderStream;

use crate::platform::error::ErrorAnswer;
use crate::platform::file_urls::Refusal;
use crate::platform::state::Shared;
use crate::platform::store::ids::{is_hex_name, now_ms};
use crate::platform::store::rows::asset_row;

fn not_found() -> ErrorAnswer {
    ErrorAnswer::new(
        StatusCode::NOT_FOUND,
        "resource_not_exist",
        "The requested file does not exist.",
    )
}

/// 403 for a URL this platform made whose time is over.
fn expired() -> ErrorAnswer {
    ErrorAnswer::new(
        StatusCode::FORBIDDEN,
        "access_denied",
        "Request has been denied: this file URL has expired. Retrieve the asset again for a fresh URL.",
    )
}

/// Handles `GET /_files/{grant}/{*rest}`.
pub(crate) async fn serve(
    State(state): State<Shared>,
    Path((grant, rest)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ErrorAnswer> {
    if !safe_relative(&rest) {
        return Err(not_found());
    }
    let token = match state.file_urls.check(&grant, &rest, now_ms()) {
        Ok(token) if is_hex_name(token, 32) => token.to_string(),
        Err(Refusal::Expired) => return Err(expired()),
        _ => return Err(not_found()),
    };
    let row = state
        .store
        .call(move |c| Ok(asset_row::load_by_token(c, &token)?))
        .await?
        .ok_or_else(not_found)?;
    let (path, mime) = if rest == "original" || rest.starts_with("original/") {
        let mime = row
            .file_type
            .clone()
            .unwrap_or_else(|| "application/octet-stream".into());
        (state.blobs.blob_path(&row.id).ok_or_else(not_found)?, mime)
    } else {
        let dir = state.blobs.derived_dir(&row.id).ok_or_else(not_found)?;
        (dir.join(&rest), mime_of(&rest).to_string())
    };
    let mut file = tokio::fs::File::open(&path).await.map_err(|_| not_found())?;
    let len = file.metadata().await?.len();
    let range = headers
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .map(|r| parse_range(r, len));
    let (status, start, count) = match range {
        None | Some(RangeAnswer::Ignore) => (StatusCode::OK, 0, len),
        Some(RangeAnswer::Unsatisfiable) => {
            let mut resp = StatusCode::RANGE_NOT_SATISFIABLE.into_response();
            if let Ok(v) = HeaderValue::from_str(&format!("bytes */{len}")) {
                resp.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            return Ok(resp);
        }
        Some(RangeAnswer::Part { start, end }) => (StatusCode::PARTIAL_CONTENT, start, end - start + 1),
    };
    file.seek(SeekFrom::Start(start)).await?;
    let body = Body::from_stream(ReaderStream::new(file.take(count)));
    let mut resp = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, mime)
        .header(header::CONTENT_LENGTH, count)
        .header(header::ACCEPT_RANGES, "bytes");
    if status == StatusCode::PARTIAL_CONTENT {
        resp = resp.header(
            header::CONTENT_RANGE,
            format!("bytes {start}-{}/{len}", start + count - 1),
        );
    }
    resp.body(body).map_err(ErrorAnswer::internal)
}

/// Only plain names (`thumbnail.jpg`, `hls/segment001.ts`, `original/name.mp4`): no `..`, no
/// hidden files, no separators other than `/`.
fn safe_relative(rest: &str) -> bool {
    let segments: Vec<&str> = rest.split('/').collect();
    segments.len() <= 2
        && segments.iter().all(|s| {
            !s.is_empty()
                && !s.starts_with('.')
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        })
}

fn mime_of(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("jpg") => "image/jpeg",
        Some("m3u8") => "application/vnd.apple.mpegurl",
        Some("ts") => "video/mp2t",
        _ => "application/octet-stream",
    }
}

/// How to answer a `Range` header.
#[derive(Debug, PartialEq, Eq)]
enum RangeAnswer {
    /// Not a single byte range we understand: send everything.
    Ignore,
    Unsatisfiable,
    /// Inclusive bounds.
    Part {
        start: u64,
        end: u64,
    },
}

fn parse_range(value: &str, len: u64) -> RangeAnswer {
    let Some(spec) = value.trim().strip_prefix("bytes=") else {
        return RangeAnswer::Ignore;
    };
    if spec.contains(',') {
        return RangeAnswer::Ignore;
    }
    let Some((a, b)) = spec.split_once('-') else {
        return RangeAnswer::Ignore;
    };
    let (a, b) = (a.trim(), b.trim());
    let parsed = match (a.parse::<u64>().ok(), b.parse::<u64>().ok()) {
        (Some(s), Some(e)) if s <= e => Some((s, e.min(len.saturating_sub(1)))),
        (Some(s), None) if b.is_empty() => Some((s, len.saturating_sub(1))),
        (None, Some(n)) if a.is_empty() && n > 0 => Some((len.saturating_sub(n), len.saturating_sub(1))),
        _ => return RangeAnswer::Ignore,
    };
    match parsed {
        Some((s, e)) if len > 0 && s < len && s <= e => RangeAnswer::Part { start: s, end: e },
        _ => RangeAnswer::Unsatisfiable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(
            parse_range("bytes=0-9", 100),
            RangeAnswer::Part { start: 0, end: 9 }
        );
        assert_eq!(
            parse_range("bytes=90-", 100),
            RangeAnswer::Part { start: 90, end: 99 }
        );
        assert_eq!(
            parse_range("bytes=-10", 100),
            RangeAnswer::Part { start: 90, end: 99 }
        );
        assert_eq!(
            parse_range("bytes=50-500", 100),
            RangeAnswer::Part { start: 50, end: 99 }
        );
        assert_eq!(parse_range("bytes=100-", 100), RangeAnswer::Unsatisfiable);
        assert_eq!(parse_range("items=1-2", 100), RangeAnswer::Ignore);
    }

    #[test]
    fn only_plain_relative_names() {
        assert!(safe_relative("thumbnail.jpg"));
        assert!(safe_relative("hls/segment001.ts"));
        assert!(!safe_relative("../blobs/x"));
        assert!(!safe_relative("hls/../../x"));
        assert!(!safe_relative("a/b/c"));
        assert!(!safe_relative(".hidden"));
    }
}
