//! Fetching `method=url` media: streamed to a temp file under the URL size limit. A body that is
//! an HLS playlist is handed to `hls_ingest`, which fetches its segments through `url_get` too.

use crate::api::types::AssetType;
use crate::platform::error::ErrorAnswer;
use crate::platform::media::hls_ingest;
use crate::platform::media::rules::{self, Origin};
pub(crate) use crate::platform::media::url_get::Fetched;
use crate::platform::media::url_get::{append, not_accessible, open, write};
use crate::platform::state::Shared;
use crate::platform::store::blobs::TempFile;

/// Downloads `url` into a temp file (not yet fsynced; the caller finishes it). An HLS playlist
/// (a body starting with `#EXTM3U`, whatever the name or content type) becomes its segments.
pub(crate) async fn fetch(state: &Shared, url: &str) -> Result<Fetched, ErrorAnswer> {
    let mut resp = open(state, url, url).await?;
    let limit = state.limits.url_media_max_bytes;
    if let Some(len) = resp.content_length().filter(|l| *l > limit) {
        return Err(rules::too_large(AssetType::Video, Origin::Url, limit, len));
    }
    let first = match resp.chunk().await {
        Ok(c) => c.unwrap_or_default(),
        Err(e) => return Err(not_accessible(url, e)),
    };
    if hls_ingest::is_playlist(&first) {
        return hls_ingest::ingest(state, url, first, resp).await;
    }
    state.ensure_room(resp.content_length().unwrap_or(0))?;
    let mut temp = TempFile::create(state.blobs.temp_path()).await?;
    write(&mut temp, &first, limit).await?;
    append(&mut resp, &mut temp, limit, url).await?;
    Ok(Fetched {
        temp,
        manifest_seconds: None,
    })
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
