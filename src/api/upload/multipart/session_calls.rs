//! The multipart-upload calls of the contract, one method each, plus the chunk `PUT` to a
//! presigned URL. The driver that uses them to send a whole file is in `send.rs`.

use std::collections::BTreeMap;
use std::time::Duration;

use reqwest::Method;

use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::retry::{Recovery, recovery};
use crate::api::types::{
    CompletedChunk, CreateUploadRequest, CreateUploadResponse, IncompleteUpload, Page, PresignedUrlsRequest,
    PresignedUrlsResponse, ReportChunksRequest, ReportChunksResponse, UploadStatus,
};
use crate::api::upload::wait::WaitFn;
use crate::api::wire::{check, decode, path_segment, send};

/// Timeout of the session calls (create, presign, report, status).
const SESSION_TIMEOUT: Duration = Duration::from_secs(60);
/// Timeout of one chunk `PUT` (a few MiB; generous for slow links).
pub(crate) const CHUNK_TIMEOUT: Duration = Duration::from_secs(300);
/// Most URLs or chunks the service accepts in one presign or report call.
pub const MAX_BATCH: u32 = 50;

impl Client {
    /// `POST /assets/multipart-uploads`: opens a session and reserves the asset id. Not
    /// idempotent (a repeat opens a second session), so retried only when it never left.
    pub async fn create_multipart_upload(
        &self,
        req: &CreateUploadRequest,
    ) -> Result<CreateUploadResponse, ApiError> {
        let resp = self
            .retry
            .run_unsent(|| async {
                let r = self
                    .request(Method::POST, "/assets/multipart-uploads")
                    .json(req)
                    .timeout(SESSION_TIMEOUT);
                check(send(r).await?).await
            })
            .await?;
        decode(resp).await
    }

    /// Opens a session as [`Client::create_multipart_upload`] does, but a rate limit closes the
    /// client's shared gate and is waited out (within `deadline`), as for `POST /assets`, and a
    /// 5xx, 408 or lost connection is sent again up to the policy's `max_retries` times without
    /// reconciling (why: `retry.rs`, "a session create").
    pub(crate) async fn open_session(
        &self,
        req: &CreateUploadRequest,
        deadline: tokio::time::Instant,
        on_wait: Option<&WaitFn>,
    ) -> Result<CreateUploadResponse, ApiError> {
        let mut retries = 0;
        let mut rate_waits = 0;
        loop {
            self.wait_for_gate(deadline, on_wait).await?;
            let r = self
                .request(Method::POST, "/assets/multipart-uploads")
                .json(req)
                .timeout(SESSION_TIMEOUT);
            let error = match send(r).await {
                Ok(resp) => {
                    let (remaining, reset) = crate::api::wire::rate_window(&resp);
                    self.gate.note_remaining(remaining, reset);
                    match check(resp).await {
                        Ok(resp) => return decode(resp).await,
                        Err(e) => e,
                    }
                }
                Err(e) => e,
            };
            match recovery(&error, false) {
                Recovery::WaitForRateLimit(server) => {
                    let wait = self.retry.rate_wait(rate_waits, server);
                    rate_waits += 1;
                    if tokio::time::Instant::now() + wait > deadline {
                        return Err(error);
                    }
                    self.gate.close_for(wait);
                }
                // A session the attempt may have opened cannot be found again; it is left to
                // expire. Counted, so a failing service leaves a few such sessions, not one per
                // backoff until the deadline.
                Recovery::Backoff | Recovery::Reconcile if retries < self.retry.max_retries => {
                    retries += 1;
                    let wait = self.retry.delay(retries - 1, &error);
                    self.back_off(wait, error, deadline, on_wait).await?;
                }
                _ => return Err(error),
            }
        }
    }

    /// `POST /assets/multipart-uploads/{id}/presigned-urls`: fresh URLs for chunks
    /// `start ..= start + count - 1` (`count` at most [`MAX_BATCH`]). Retried: asking twice only
    /// mints more URLs.
    pub async fn presigned_urls(
        &self,
        upload_id: &str,
        start: u32,
        count: u32,
    ) -> Result<PresignedUrlsResponse, ApiError> {
        let path = format!(
            "/assets/multipart-uploads/{}/presigned-urls",
            path_segment(upload_id)?
        );
        let body = PresignedUrlsRequest {
            start,
            count: count.clamp(1, MAX_BATCH),
        };
        self.send_json_with(SESSION_TIMEOUT, || self.request(Method::POST, &path).json(&body))
            .await
    }

    /// `POST /assets/multipart-uploads/{id}`: reports finished chunks (at most [`MAX_BATCH`]).
    /// Retried: the service ignores chunks reported twice. `url` is set once all are reported.
    pub async fn report_chunks(
        &self,
        upload_id: &str,
        chunks: &[CompletedChunk],
    ) -> Result<ReportChunksResponse, ApiError> {
        let path = format!("/assets/multipart-uploads/{}", path_segment(upload_id)?);
        let body = ReportChunksRequest {
            completed_chunks: chunks.to_vec(),
        };
        self.send_json_with(SESSION_TIMEOUT, || self.request(Method::POST, &path).json(&body))
            .await
    }

    /// `GET /assets/multipart-uploads/{id}?page&page_limit`: the session and one page of its
    /// chunk list.
    pub async fn upload_status(
        &self,
        upload_id: &str,
        page: u32,
        page_limit: u32,
    ) -> Result<UploadStatus, ApiError> {
        let path = format!("/assets/multipart-uploads/{}", path_segment(upload_id)?);
        let q = [("page", page.to_string()), ("page_limit", page_limit.to_string())];
        self.send_json_with(SESSION_TIMEOUT, || self.request(Method::GET, &path).query(&q))
            .await
    }

    /// The session status with the chunk lists of every page merged into `uploaded_chunks`.
    pub async fn upload_status_all(&self, upload_id: &str) -> Result<UploadStatus, ApiError> {
        let mut status = self.upload_status(upload_id, 1, MAX_BATCH).await?;
        let mut page = 1;
        while page < status.page_info.total_page {
            page += 1;
            let next = self.upload_status(upload_id, page, MAX_BATCH).await?;
            if next.uploaded_chunks.is_empty() {
                break;
            }
            status.uploaded_chunks.extend(next.uploaded_chunks);
        }
        Ok(status)
    }

    /// `GET /assets/multipart-uploads?page&page_limit`: one page of incomplete sessions.
    pub async fn list_incomplete_uploads(
        &self,
        page: u32,
        page_limit: u32,
    ) -> Result<Page<IncompleteUpload>, ApiError> {
        let q = [("page", page.to_string()), ("page_limit", page_limit.to_string())];
        self.send_json_with(SESSION_TIMEOUT, || {
            self.request(Method::GET, "/assets/multipart-uploads").query(&q)
        })
        .await
    }

    /// Every incomplete session, all pages (stops at `total_page` or an empty page).
    pub async fn list_all_incomplete_uploads(&self) -> Result<Vec<IncompleteUpload>, ApiError> {
        let mut all = Vec::new();
        let mut page = 1;
        loop {
            let got = self.list_incomplete_uploads(page, MAX_BATCH).await?;
            let last = got.is_last();
            all.extend(got.data);
            if last {
                return Ok(all);
            }
            page += 1;
        }
    }

    /// `PUT <presigned url>` of one chunk's bytes: no `x-api-key` (the URL carries its own
    /// authority), the session's `upload_headers`, and a known length. Returns the `ETag`
    /// without quotes. One attempt: the URL is single-use, so the caller fetches a new one to retry.
    pub async fn put_chunk(
        &self,
        url: &str,
        headers: &BTreeMap<String, String>,
        length: u64,
        body: reqwest::Body,
    ) -> Result<String, ApiError> {
        let mut req = self
            .http
            .put(url)
            .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
            .header(reqwest::header::CONTENT_LENGTH, length)
            .timeout(CHUNK_TIMEOUT);
        for (k, v) in headers {
            // The session's headers win over ours (e.g. a different content type), except the
            // length, which must match the bytes we send.
            if !k.eq_ignore_ascii_case("content-length") {
                req = req.header(k.as_str(), v.as_str());
            }
        }
        let resp = check(send(req.body(body)).await?).await?;
        let etag = resp
            .headers()
            .get(reqwest::header::ETAG)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.trim().trim_start_matches("W/").trim_matches('"').to_string())
            .filter(|v| !v.is_empty())
            .ok_or_else(|| ApiError::Decode("chunk upload answered without an ETag header".into()))?;
        Ok(etag)
    }
}
