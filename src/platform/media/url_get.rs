//! One guarded GET of a URL upload (scheme and address checks, timeout, status) and streaming
//! its body into a temp file under the running size cap; shared by plain URL fetches and the
//! segments of HLS playlists.

use crate::api::types::AssetType;
use crate::platform::error::ErrorAnswer;
use crate::platform::media::rules::{self, Origin};
use crate::platform::media::url_guard;
use crate::platform::state::Shared;
use crate::platform::store::blobs::{TempFile, WriteError};

/// What a URL fetch produced: the media on disk, and for an HLS playlist the sum of its
/// `#EXTINF` durations (used when the media itself does not tell its duration).
pub(crate) struct Fetched {
    pub temp: TempFile,
    pub manifest_seconds: Option<f64>,
}

/// 400 `media_url_not_accessible`, the same for every reason (refused address, no connection,
/// timeout, an HTTP error status, a broken body): telling them apart would let a caller map what
/// the platform can reach. The reason goes to the log for the operator.
pub(crate) fn not_accessible(url: &str, reason: impl std::fmt::Display) -> ErrorAnswer {
    tracing::info!(%reason, "a URL upload could not be fetched");
    ErrorAnswer::bad_request(
        "media_url_not_accessible",
        format!(
            "The media at the URL could not be accessed: {url}. Please verify the URL is correct and publicly accessible."
        ),
    )
}

/// Sends a GET for `url` through the address guard and returns the response once its status
/// says success. `shown` is the URL the caller named (the one an error message repeats).
pub(crate) async fn open(state: &Shared, url: &str, shown: &str) -> Result<reqwest::Response, ErrorAnswer> {
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
        return Err(not_accessible(shown, "a refused address"));
    }
    let resp = state
        .http
        .get(parsed)
        .timeout(state.limits.url_fetch_timeout)
        .send()
        .await
        .map_err(|e| not_accessible(shown, e))?;
    if !resp.status().is_success() {
        return Err(not_accessible(shown, format_args!("HTTP {}", resp.status())));
    }
    Ok(resp)
}

/// Appends the rest of `resp` to `temp`, keeping the running total of `temp` under `limit`.
pub(crate) async fn append(
    resp: &mut reqwest::Response,
    temp: &mut TempFile,
    limit: u64,
    shown: &str,
) -> Result<(), ErrorAnswer> {
    loop {
        let chunk = match resp.chunk().await {
            Ok(Some(c)) => c,
            Ok(None) => return Ok(()),
            Err(e) => return Err(not_accessible(shown, e)),
        };
        write(temp, &chunk, limit).await?;
    }
}

pub(crate) async fn write(temp: &mut TempFile, bytes: &[u8], limit: u64) -> Result<(), ErrorAnswer> {
    match temp.write(bytes, limit).await {
        Ok(()) => Ok(()),
        Err(WriteError::TooLarge { seen, .. }) => {
            Err(rules::too_large(AssetType::Video, Origin::Url, limit, seen))
        }
        Err(WriteError::Io(e)) => Err(e.into()),
    }
}
