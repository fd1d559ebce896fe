//! Fetching `method=url` media: streamed to a temp file under the URL size limit.

use crate::api::types::AssetType;
use crate::platform::error::ErrorAnswer;
use crate::platform::media::rules::{self, Origin};
use crate::platform::state::Shared;
use crate::platform::store::blobs::{TempFile, WriteError};

/// 400 `media_url_not_accessible` in the contract's words, with the actual reason in the middle
/// (a refused connection is not "the server responded with an error").
fn not_accessible(url: &str, reason: &str) -> ErrorAnswer {
    ErrorAnswer::bad_request(
        "media_url_not_accessible",
        format!(
            "The media at the URL could not be accessed: {url}. {reason}. Please verify the URL is correct and publicly accessible."
        ),
    )
}

/// Why a fetch failed before any answer, in a few words.
fn failure_reason(e: &reqwest::Error, host: &str) -> String {
    if e.is_connect() {
        format!("Could not connect to {host}")
    } else if e.is_timeout() {
        format!("{host} did not answer in time")
    } else {
        format!("The connection to {host} failed")
    }
}

/// Downloads `url` into a temp file (not yet fsynced; the caller finishes it).
pub(crate) async fn fetch(state: &Shared, url: &str) -> Result<TempFile, ErrorAnswer> {
    let parsed = reqwest::Url::parse(url).map_err(|_| ErrorAnswer::param_invalid("url"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(ErrorAnswer::bad_request(
            "parameter_invalid",
            "The url parameter is invalid. Only http and https URLs are supported.",
        ));
    }
    let limit = state.limits.url_media_max_bytes;
    let host = match (parsed.host_str(), parsed.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        (None, _) => "the server".to_string(),
    };
    let mut resp = state
        .http
        .get(parsed)
        .timeout(state.limits.url_fetch_timeout)
        .send()
        .await
        .map_err(|e| not_accessible(url, &failure_reason(&e, &host)))?;
    if !resp.status().is_success() {
        let reason = format!("The server responded with HTTP {}", resp.status().as_u16());
        return Err(not_accessible(url, &reason));
    }
    if let Some(len) = resp.content_length().filter(|l| *l > limit) {
        return Err(rules::too_large(AssetType::Video, Origin::Url, limit, len));
    }
    state.ensure_room(resp.content_length().unwrap_or(0))?;
    let mut temp = TempFile::create(state.blobs.temp_path()).await?;
    loop {
        let chunk = match resp.chunk().await {
            Ok(Some(c)) => c,
            Ok(None) => return Ok(temp),
            Err(e) => return Err(not_accessible(url, &failure_reason(&e, &host))),
        };
        match temp.write(&chunk, limit).await {
            Ok(()) => {}
            Err(WriteError::TooLarge { seen, .. }) => {
                return Err(rules::too_large(AssetType::Video, Origin::Url, limit, seen));
            }
            Err(WriteError::Io(e)) => return Err(e.into()),
        }
    }
}

/// A display name from the last path segment of the URL (`asset` when there is none).
pub(crate) fn filename_of(url: &str) -> String {
    reqwest::Url::parse(url)
        .ok()
        .and_then(|u| {
            u.path_segments()
                .and_then(|mut s| s.next_back().map(str::to_string))
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "asset".to_string())
}
