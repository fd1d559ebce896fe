//! The task behind an upload row: the library's upload engine (direct, multipart or a resume,
//! then polling until final) with hooks that turn its progress, waits and session changes into
//! messages, and that save the session so it can be resumed. Also the look for sessions an
//! earlier run left unfinished.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::time::Instant;

use tokio::sync::mpsc::UnboundedSender;
use tracing::warn;

use crate::api::types::Asset;
use crate::api::{
    ApiError, Client, MultipartState, UploadHooks, UploadJob, UploadOptions, UploadSource, Wait,
};
use crate::resume::{ResumeStore, ResumeWriter, same_service};

use crate::tui::msg::{Msg, UploadId};

/// Least time between two progress messages of one upload.
const PROGRESS_EVERY_MS: u64 = 100;

/// Runs one upload to its end and reports it. For a resume, the newest saved state of the
/// session wins over the app's copy (which may predate the last chunks); the service's status
/// decides in the end anyway.
pub(in crate::tui) async fn run(
    client: Client,
    options: UploadOptions,
    tx: UnboundedSender<Msg>,
    upload: UploadId,
    job: UploadJob,
    total: Option<u64>,
    store: Option<(ResumeStore, ResumeWriter)>,
) {
    let job = match job {
        UploadJob::Resume(state) => {
            let id = state.upload_id.clone();
            let saved = match store.clone().map(|s| s.0) {
                Some(s) => tokio::task::spawn_blocking(move || s.load(&id).ok())
                    .await
                    .ok()
                    .flatten(),
                None => None,
            };
            UploadJob::Resume(saved.map_or(state, Box::new))
        }
        new => {
            if let Err(e) = unchanged_since_queued(&new, total).await {
                let _ = tx.send(Msg::UploadFinished {
                    upload,
                    result: Err(e),
                });
                return;
            }
            new
        }
    };
    let hooks = Arc::new(RowHooks {
        tx: tx.clone(),
        upload,
        total,
        started: Instant::now(),
        last_ms: AtomicU64::new(0),
        told_session: AtomicBool::new(false),
        last_done: AtomicU32::new(u32::MAX),
        saver: store.map(|s| s.1),
    });
    let result = client.upload(job, &options, hooks.clone()).await;
    if let Some(saver) = &hooks.saver {
        saver.flush().await;
    }
    let _ = tx.send(Msg::UploadFinished {
        upload,
        result: result.map(Box::new),
    });
}

/// A file waits in the queue for its turn, maybe long (a batch, a rate limit): right before it
/// is sent, it must still be there with the size it was queued with, or it fails alone with
/// one line saying so (the row and the notice name the file).
async fn unchanged_since_queued(job: &UploadJob, total: Option<u64>) -> Result<(), ApiError> {
    let (UploadJob::New { request, .. }, Some(queued)) = (job, total) else {
        return Ok(());
    };
    let UploadSource::File(path) = &request.source else {
        return Ok(());
    };
    match tokio::fs::metadata(path).await {
        Ok(m) if m.len() == queued => Ok(()),
        Ok(m) => Err(ApiError::LocalFile(format!(
            "changed size while it waited in the queue ({queued} → {} bytes); not sent",
            m.len()
        ))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(ApiError::LocalFile(
            "vanished while it waited in the queue; not sent".to_string(),
        )),
        Err(e) => Err(ApiError::LocalFile(format!(
            "cannot be read any more ({e}); not sent"
        ))),
    }
}

/// The hooks of one row: messages to the app, sessions to the resume store.
struct RowHooks {
    tx: UnboundedSender<Msg>,
    upload: UploadId,
    total: Option<u64>,
    started: Instant,
    last_ms: AtomicU64,
    told_session: AtomicBool,
    last_done: AtomicU32,
    saver: Option<ResumeWriter>,
}

impl UploadHooks for RowHooks {
    /// At most one message per [`PROGRESS_EVERY_MS`] (and always the last one, at `total`).
    fn progress(&self, sent: u64) {
        let now_ms = self.started.elapsed().as_millis() as u64;
        let due = now_ms >= self.last_ms.load(Ordering::Relaxed) + PROGRESS_EVERY_MS;
        if due || Some(sent) == self.total {
            self.last_ms.store(now_ms, Ordering::Relaxed);
            let _ = self.tx.send(Msg::UploadProgress {
                upload: self.upload,
                sent,
                elapsed: self.started.elapsed(),
            });
        }
    }

    fn waiting(&self, wait: &Wait) {
        let _ = self.tx.send(Msg::UploadWaiting {
            upload: self.upload,
            wait: wait.clone(),
        });
    }

    /// Saves every change and tells the app of the session (once) and of chunk counts (when
    /// they change).
    fn session(&self, state: &MultipartState) {
        if let Some(saver) = &self.saver {
            saver.save(state);
        }
        if !self.told_session.swap(true, Ordering::Relaxed) {
            let _ = self.tx.send(Msg::UploadSession {
                upload: self.upload,
                state: Box::new(state.clone()),
            });
        }
        let done = (state.acknowledged.len() + state.stored.len()) as u32;
        if self.last_done.swap(done, Ordering::Relaxed) != done {
            let _ = self.tx.send(Msg::UploadChunks {
                upload: self.upload,
                done,
                total: state.total_chunks,
            });
        }
    }

    fn session_saved(&self) -> futures_util::future::BoxFuture<'static, ()> {
        let writer = self.saver.clone();
        Box::pin(async move {
            if let Some(w) = writer {
                w.flush().await;
            }
        })
    }

    fn session_done(&self, upload_id: &str) {
        if let Some(saver) = &self.saver {
            saver.remove(upload_id);
        }
    }

    fn created(&self, asset: &Asset) {
        let _ = self.tx.send(Msg::UploadCreated {
            upload: self.upload,
            asset: Box::new(asset.clone()),
        });
    }

    fn polled(&self, asset: &Asset) {
        let _ = self.tx.send(Msg::UploadPolled {
            upload: self.upload,
            asset: Box::new(asset.clone()),
        });
    }
}

/// The saved sessions of the service `client` talks to. When the service lists its unfinished
/// sessions, only those are kept (a completed or expired one cannot be resumed); when it cannot
/// be asked, all are shown and a resume says what went wrong.
pub(in crate::tui) async fn load_resumable(client: Client, store: ResumeStore, tx: UnboundedSender<Msg>) {
    let saved = tokio::task::spawn_blocking(move || store.list())
        .await
        .unwrap_or_default();
    let mut states: Vec<MultipartState> = saved
        .into_iter()
        .filter(|s| same_service(&s.base_url, &client))
        .collect();
    if states.is_empty() {
        return;
    }
    match client.list_all_incomplete_uploads().await {
        Ok(open) => states.retain(|s| open.iter().any(|u| u.upload_id == s.upload_id)),
        Err(e) => warn!(
            code = e.code(),
            "cannot list unfinished uploads; showing every saved one"
        ),
    }
    if !states.is_empty() {
        let _ = tx.send(Msg::ResumableFound { states });
    }
}
