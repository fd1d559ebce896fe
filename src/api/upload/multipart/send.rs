//! Sending a whole file through a multipart session: chunks read straight from the file at
//! their offsets, a bounded number in flight, each retried on its own with a fresh URL
//! (`chunks.rs`), reported in batches, and the state handed to the caller after every
//! change so it can resume later.

use std::sync::Arc;

use tokio::sync::Mutex;
use tokio::task::JoinSet;

use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::types::{CompletedChunk, CreateUploadRequest, PresignedUrl, UploadSessionStatus};
use crate::api::upload::file_probe::inspect_file;
use crate::api::upload::multipart::chunks::ChunkJob;
use crate::api::upload::multipart::etag_check::EtagCheck;
use crate::api::upload::multipart::session_calls::MAX_BATCH;
use crate::api::upload::multipart::session_record::{MultipartState, file_identity};
use crate::api::upload::request::{CreateAsset, ProgressFn, UploadSource, file_name_of};
use crate::api::upload::wait::WaitFn;

/// Called with the state after every change (chunk stored, batch reported), to be saved.
pub type StateFn = Arc<dyn Fn(&MultipartState) + Send + Sync>;

/// Resolves once the states handed to a [`StateFn`] so far are saved.
pub type SavedFn = Arc<dyn Fn() -> futures_util::future::BoxFuture<'static, ()> + Send + Sync>;

/// How a multipart upload runs.
#[derive(Clone)]
pub struct MultipartOptions {
    /// Chunks in flight at once (at least 1).
    pub concurrency: usize,
    /// Chunks reported per call (1 to 50).
    pub report_batch: usize,
    /// Told of the bytes the service holds (stored or acknowledged chunks).
    pub progress: Option<ProgressFn>,
    /// Told of every state change; save it to resume after a crash.
    pub on_state: Option<StateFn>,
    /// When each chunk's ETag is checked against the MD5 of the bytes sent.
    pub etag_check: EtagCheck,
    /// Awaited after each `on_state`: resolves once that state is on disk (a writer that saves
    /// off the async workers says so here).
    pub on_saved: Option<SavedFn>,
    /// Told of each wait for a rate limit's reset or a backoff before the session opens.
    pub on_wait: Option<WaitFn>,
    /// How long opening the session may wait for rate limits and retries.
    pub patience: std::time::Duration,
}

impl Default for MultipartOptions {
    fn default() -> Self {
        Self {
            concurrency: 4,
            report_batch: 10,
            progress: None,
            on_state: None,
            etag_check: EtagCheck::Auto,
            on_saved: None,
            on_wait: None,
            patience: std::time::Duration::from_secs(30 * 60),
        }
    }
}

impl std::fmt::Debug for MultipartOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MultipartOptions")
            .field("concurrency", &self.concurrency)
            .field("report_batch", &self.report_batch)
            .field("etag_check", &self.etag_check)
            .finish_non_exhaustive()
    }
}

/// The end of a finished multipart upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultipartOutcome {
    /// The new asset (it now goes through `processing` like any asset).
    pub asset_id: String,
    /// The session id.
    pub upload_id: String,
    /// Chunks sent by this run (0 when everything was already there).
    pub chunks_sent: u32,
    /// Chunks the service reported as already known (should be 0).
    pub duplicate_chunks: u32,
    /// The uploaded file's URL from the last report, when this run made that report.
    pub url: Option<String>,
    /// The final state, all chunks acknowledged.
    pub state: MultipartState,
}

impl Client {
    /// Opens a multipart session for a local file and sends it whole. The state is handed to
    /// `options.on_state` from the moment the session exists, so a crash leaves it resumable.
    pub async fn upload_multipart(
        &self,
        req: &CreateAsset,
        options: &MultipartOptions,
    ) -> Result<MultipartOutcome, ApiError> {
        let UploadSource::File(path) = &req.source else {
            return Err(ApiError::InvalidInput(
                "a multipart upload needs a local file".into(),
            ));
        };
        // Stat, sniff and resolve the file on a blocking thread, not an async worker.
        let given = path.clone();
        let (media, path, (size, mtime_ns)) = tokio::task::spawn_blocking(move || {
            let media = inspect_file(&given)?;
            let path = std::fs::canonicalize(&given)
                .map_err(|e| ApiError::LocalFile(format!("{}: {e}", given.display())))?;
            let identity = file_identity(&path)?;
            Ok::<_, ApiError>((media, path, identity))
        })
        .await
        .map_err(|e| ApiError::Internal(format!("file check failed: {e}")))??;
        let filename = req.filename.clone().unwrap_or_else(|| file_name_of(&path));
        let body = CreateUploadRequest {
            filename: filename.clone(),
            asset_type: media.asset_type,
            total_size: size,
            // Both flags always sent: multipart's own default (false) is not the direct upload's.
            enable_hls: Some(req.enable_hls),
            enable_thumbnail: Some(req.enable_thumbnail),
            user_metadata: req.user_metadata.clone(),
        };
        let deadline = tokio::time::Instant::now() + options.patience;
        let created = self
            .open_session(&body, deadline, options.on_wait.as_ref())
            .await?;
        let state = MultipartState {
            upload_id: created.upload_id,
            asset_id: created.asset_id,
            base_url: self.base_url().to_string(),
            path,
            filename,
            size,
            mtime_ns,
            chunk_size: created.chunk_size.max(1),
            total_chunks: created.total_chunks,
            upload_headers: created.upload_headers,
            expires_at: created.expires_at,
            stored: Default::default(),
            acknowledged: Default::default(),
        };
        if u64::from(state.total_chunks) != size.div_ceil(state.chunk_size) {
            return Err(ApiError::Decode(format!(
                "session has {} chunks of {} bytes for a {size}-byte file",
                state.total_chunks, state.chunk_size
            )));
        }
        if let Some(save) = &options.on_state {
            save(&state);
        }
        self.drive(state, created.upload_urls, options).await
    }

    /// Finishes an interrupted upload from its saved state. The service's session status says
    /// which chunks it already has; only the others are sent.
    pub async fn resume_multipart(
        &self,
        state: MultipartState,
        options: &MultipartOptions,
    ) -> Result<MultipartOutcome, ApiError> {
        let state = tokio::task::spawn_blocking(move || state.check_file().map(|()| state))
            .await
            .map_err(|e| ApiError::Internal(format!("file check failed: {e}")))??;
        let mut state = state;
        let status = self.upload_status_all(&state.upload_id).await?;
        match status.status {
            UploadSessionStatus::Completed => {
                state.stored.clear();
                state.acknowledged = (1..=state.total_chunks).collect();
            }
            UploadSessionStatus::Active => {
                for chunk in &status.uploaded_chunks {
                    if chunk.status == crate::api::types::ChunkStatus::Completed {
                        state.stored.remove(&chunk.index);
                        state.acknowledged.insert(chunk.index);
                    }
                }
            }
            other => {
                return Err(ApiError::InvalidInput(format!(
                    "upload {} is {other} on the service and cannot be resumed; start a new upload",
                    state.upload_id
                )));
            }
        }
        if let Some(save) = &options.on_state {
            save(&state);
        }
        self.drive(state, Vec::new(), options).await
    }

    /// Sends every missing chunk and reports them; returns once all are acknowledged.
    async fn drive(
        &self,
        mut state: MultipartState,
        initial_urls: Vec<PresignedUrl>,
        options: &MultipartOptions,
    ) -> Result<MultipartOutcome, ApiError> {
        // Each change is saved before the upload moves on, so a kill at any point leaves a state
        // no older than the last chunk the service holds.
        let notify = |s: &MultipartState| {
            if let Some(save) = &options.on_state {
                save(s);
            }
            if let Some(progress) = &options.progress {
                progress(s.done_bytes());
            }
            options.on_saved.as_ref().map(|saved| saved())
        };
        if let Some(saved) = notify(&state) {
            saved.await;
        }
        let batch = options.report_batch.clamp(1, MAX_BATCH as usize);
        let mut report = Reported::default();
        // Chunks stored by an earlier run are reported first; a proof the service refuses means
        // the part is gone, so that chunk goes back to the queue.
        self.report_stored(&mut state, batch, true, &mut report).await?;
        if let Some(saved) = notify(&state) {
            saved.await;
        }
        let job = Arc::new(ChunkJob {
            client: self.clone(),
            upload_id: state.upload_id.clone(),
            path: state.path.clone(),
            headers: state.upload_headers.clone(),
            total_chunks: state.total_chunks,
            urls: Mutex::new(initial_urls.into_iter().map(|u| (u.chunk_index, u)).collect()),
            etag_check: options.etag_check,
        });
        let mut queue = state.missing().into_iter();
        let mut running = JoinSet::new();
        let mut sent = 0;
        loop {
            while running.len() < options.concurrency.max(1) {
                let Some(index) = queue.next() else { break };
                let range = state.chunk_range(index);
                let job = job.clone();
                running.spawn(async move { (index, job.send_with_retries(index, range).await) });
            }
            let Some(joined) = running.join_next().await else {
                break;
            };
            let (index, result) =
                joined.map_err(|e| ApiError::Internal(format!("chunk task failed: {e}")))?;
            state.stored.insert(index, result?);
            sent += 1;
            if let Some(saved) = notify(&state) {
                saved.await;
            }
            tracing::debug!(index, "chunk sent");
            crate::api::upload::multipart::test_stall::point("after_put", sent).await;
            if state.stored.len() >= batch {
                self.report_stored(&mut state, batch, false, &mut report).await?;
                if let Some(saved) = notify(&state) {
                    saved.await;
                }
            }
        }
        self.report_stored(&mut state, batch, false, &mut report).await?;
        if let Some(saved) = notify(&state) {
            saved.await;
        }
        if !state.is_complete() {
            return Err(ApiError::Decode(format!(
                "upload {}: {} of {} chunks acknowledged after sending all",
                state.upload_id,
                state.acknowledged.len(),
                state.total_chunks
            )));
        }
        Ok(MultipartOutcome {
            asset_id: state.asset_id.clone(),
            upload_id: state.upload_id.clone(),
            chunks_sent: sent,
            duplicate_chunks: report.duplicates,
            url: report.url,
            state,
        })
    }

    /// Reports every stored chunk in batches. With `forgiving`, a refused batch sends its
    /// chunks back to the queue instead of failing. Adds the duplicates and URL to `out`.
    async fn report_stored(
        &self,
        state: &mut MultipartState,
        batch: usize,
        forgiving: bool,
        out: &mut Reported,
    ) -> Result<(), ApiError> {
        let pending: Vec<(u32, String)> = state.stored.iter().map(|(i, e)| (*i, e.clone())).collect();
        for group in pending.chunks(batch) {
            let chunks: Vec<CompletedChunk> = group
                .iter()
                .map(|(index, etag)| CompletedChunk {
                    chunk_index: *index,
                    proof: etag.clone(),
                    proof_type: "etag".into(),
                    chunk_size: state.chunk_range(*index).1,
                })
                .collect();
            crate::api::upload::multipart::test_stall::before_report().await;
            match self.report_chunks(&state.upload_id, &chunks).await {
                Ok(resp) => {
                    out.duplicates += resp.duplicate_chunks;
                    if resp.url.is_some() {
                        out.url = resp.url;
                    }
                    for (index, _) in group {
                        state.stored.remove(index);
                        state.acknowledged.insert(*index);
                    }
                }
                Err(e) if forgiving && matches!(e.status(), Some(400)) => {
                    tracing::warn!(code = e.code(), "stored chunks refused; sending them again");
                    for (index, _) in group {
                        state.stored.remove(index);
                    }
                }
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

/// What the reports of one run said.
#[derive(Default)]
struct Reported {
    duplicates: u32,
    url: Option<String>,
}
