//! Fetching `method=url` media: streamed to a temp file under the URL size limit.

use crate::api::types::AssetType;
use crate::platform::error::ErrorAnswer;
use crate::platform::media::rules::{self, Origin};
use crate::platform::media::url_guard;
use crate::platform::state::Shared;
use crate::platform::store::blobs::{TempFile, WriteError};

/// 400 `media_url_not_accessible`, the same for every reason (refused address, no connection,
/// timeout, an HTTP error status, a broken body): telling them apart would let a caller map what
/// the platform can reach. The reason goes to the log for the operator.
fn not_accessible(url: &str, reason: impl std::fmt::Display) -> ErrorAnswer {
    tracing::info!(%reason, "a URL upload could not be fetched");
    ErrorAnswer::bad_request(
        "media_url_not_accessible",
        format!(
            "The media at the URL could not be accessed: {url}. Please verify the URL is correct and publicly accessible."
        ),
    )
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
    // An address written in the URL is never resolved, so it is checked here; names are checked
    // by the client's resolver, redirects by its redirect policy.
    if !url_guard::url_allowed(&parsed, state.allow_private_urls) {
        return Err(not_accessible(url, "a refused address"));
    }
    let limit = state.limits.url_media_max_bytes;
    let mut resp = state
        .http
        .get(parsed)
        .timeout(state.limits.url_fetch_timeout)
        .send()
        .await
        .map_err(|e| not_accessible(url, e))?;
    if !resp.status().is_success() {
        return Err(not_accessible(url, format_args!("HTTP {}", resp.status())));
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
            Err(e) => return Err(not_accessible(url, e)),
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
