//! One chunk's trip in a multipart upload: a presigned URL (cached, single use, fetched fresh in
//! batches when missing or near expiry), the `PUT` streamed from the file at its offset, the
//! returned ETag checked against the MD5 of the bytes sent, and retries on its own.

use std::collections::HashMap;
use std::sync::Arc;

use futures_util::StreamExt;
use md5::{Digest, Md5};
use tokio::sync::Mutex;

use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::types::PresignedUrl;
use crate::api::upload::multipart::etag_check::EtagCheck;
use crate::api::upload::multipart::session_calls::MAX_BATCH;

/// A URL this close to its expiry is not used; a fresh one is fetched instead.
const URL_MARGIN: jiff::SignedDuration = jiff::SignedDuration::from_secs(120);

/// What every chunk task shares: the client, the session, and a cache of presigned URLs.
pub(crate) struct ChunkJob {
    pub(crate) client: Client,
    pub(crate) upload_id: String,
    pub(crate) path: std::path::PathBuf,
    pub(crate) headers: std::collections::BTreeMap<String, String>,
    pub(crate) total_chunks: u32,
    pub(crate) urls: Mutex<HashMap<u32, PresignedUrl>>,
    pub(crate) etag_check: EtagCheck,
}

impl ChunkJob {
    /// Sends one chunk, retrying on its own (fresh URL each time, since URLs are single-use).
    pub(crate) async fn send_with_retries(&self, index: u32, range: (u64, u64)) -> Result<String, ApiError> {
        let policy = self.client.retry;
        let mut attempt = 0;
        let mut rate_waits = 0;
        loop {
            let result = match self.url_for(index).await {
                Ok(url) => self.send_once(&url, range).await,
                Err(e) => Err(e),
            };
            let e = match result {
                Err(e) => e,
                ok => return ok,
            };
            let wait = match crate::api::retry::recovery(&e, true) {
                // A refused chunk was not stored: wait for the reset, which is no retry.
                crate::api::retry::Recovery::WaitForRateLimit(Some(server))
                    if rate_waits < crate::api::retry::MAX_RATE_WAITS =>
                {
                    rate_waits += 1;
                    policy.rate_wait(attempt, Some(server))
                }
                // 403 from storage is an expired or already-used URL: a new URL fixes it.
                _ if (e.is_transient() || e.status() == Some(403)) && attempt < policy.max_retries => {
                    attempt += 1;
                    policy.delay(attempt - 1, &e)
                }
                _ => return Err(e),
            };
            tracing::debug!(index, attempt, code = e.code(), "retrying chunk");
            tokio::time::sleep(wait).await;
        }
    }

    /// Streams the chunk's bytes from the file (never the whole chunk in memory); where
    /// [`EtagCheck`] says so, checks the returned ETag against their MD5 when it looks like one.
    async fn send_once(&self, url: &str, (offset, len): (u64, u64)) -> Result<String, ApiError> {
        let stream = crate::api::upload::file_stream::read_range(&self.path, offset, len)
            .await
            .map_err(|e| ApiError::LocalFile(format!("{}: cannot read: {e}", self.path.display())))?;
        let digest = self
            .etag_check
            .applies_to(url)
            .then(|| Arc::new(std::sync::Mutex::new(Md5::new())));
        let hashing = digest.clone();
        let stream = stream.map(move |chunk| {
            if let (Ok(bytes), Some(h)) = (&chunk, &hashing)
                && let Ok(mut h) = h.lock()
            {
                h.update(bytes);
            }
            chunk
        });
        let etag = self
            .client
            .put_chunk(url, &self.headers, len, reqwest::Body::wrap_stream(stream))
            .await?;
        let Some(digest) = digest else {
            return Ok(etag);
        };
        let ours = digest
            .lock()
            .map(|h| hex::encode(h.clone().finalize()))
            .map_err(|_| ApiError::Internal("chunk digest unavailable".into()))?;
        if etag.len() == 32
            && etag.chars().all(|c| c.is_ascii_hexdigit())
            && !etag.eq_ignore_ascii_case(&ours)
        {
            return Err(ApiError::EtagMismatch { offset, etag, ours });
        }
        Ok(etag)
    }

    /// A usable URL for `index`: from the cache (taken out: single-use) or a fresh batch.
    async fn url_for(&self, index: u32) -> Result<String, ApiError> {
        // Held across the fetch so that tasks missing URLs at once wait for one batch.
        let mut urls = self.urls.lock().await;
        if let Some(u) = urls.remove(&index)
            && fresh(&u)
        {
            return Ok(u.url);
        }
        let count = (self.total_chunks.saturating_sub(index) + 1).min(MAX_BATCH);
        let got = self.client.presigned_urls(&self.upload_id, index, count).await?;
        for u in got.upload_urls {
            urls.insert(u.chunk_index, u);
        }
        urls.remove(&index)
            .map(|u| u.url)
            .ok_or_else(|| ApiError::Decode(format!("no presigned URL returned for chunk {index}")))
    }
}

/// True unless the URL expires within [`URL_MARGIN`] (an unreadable expiry counts as fresh).
fn fresh(u: &PresignedUrl) -> bool {
    let Some(at) = u
        .expires_at
        .as_deref()
        .and_then(|s| s.parse::<jiff::Timestamp>().ok())
    else {
        return true;
    };
    at.duration_since(jiff::Timestamp::now()) > URL_MARGIN
}
