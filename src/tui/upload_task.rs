//! The tasks behind an upload row: a direct upload (one streamed request), a multipart upload
//! (chunks, its session saved after every change so it can be resumed), a resume, and the look
//! for sessions an earlier run left unfinished. Each ends by polling the asset until final.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::time::Instant;

use tokio::sync::mpsc::UnboundedSender;
use tracing::warn;

use crate::api::types::Asset;
use crate::api::{
    ApiError, Client, CreateAsset, EtagCheck, MultipartOptions, MultipartState, PollOptions, ProgressFn,
    StateFn,
};
use crate::resume::{ResumeStore, same_service};

use super::msg::{Msg, UploadId};

/// Least time between two progress messages of one upload.
const PROGRESS_EVERY_MS: u64 = 100;

/// What a multipart task starts from.
pub(super) enum MultipartJob {
    Start(CreateAsset),
    Resume(Box<MultipartState>),
}

/// A progress callback that sends at most one message per [`PROGRESS_EVERY_MS`] (and always the
/// last one, at `total`).
fn progress_messages(tx: &UnboundedSender<Msg>, upload: UploadId, total: Option<u64>) -> ProgressFn {
    let started = Instant::now();
    let last_ms = Arc::new(AtomicU64::new(0));
    let tx = tx.clone();
    Arc::new(move |sent| {
        let now_ms = started.elapsed().as_millis() as u64;
        let due = now_ms >= last_ms.load(Ordering::Relaxed) + PROGRESS_EVERY_MS;
        if due || Some(sent) == total {
            last_ms.store(now_ms, Ordering::Relaxed);
            let _ = tx.send(Msg::UploadProgress {
                upload,
                sent,
                elapsed: started.elapsed(),
            });
        }
    })
}

/// `POST /assets` with the file streamed (or a URL), then polls.
pub(super) async fn direct(
    client: Client,
    poll: PollOptions,
    tx: UnboundedSender<Msg>,
    upload: UploadId,
    request: CreateAsset,
    total: Option<u64>,
) {
    let progress = progress_messages(&tx, upload, total);
    match client.create_asset(&request, total.map(|_| progress)).await {
        Ok(asset) => follow(client, poll, tx, upload, asset).await,
        Err(err) => finished(&tx, upload, Err(err)),
    }
}

/// A multipart upload or resume: the state is saved to `store` after every change (and the
/// session told to the app once), removed once every chunk is acknowledged; then polls.
pub(super) async fn multipart(
    client: Client,
    poll: PollOptions,
    tx: UnboundedSender<Msg>,
    upload: UploadId,
    job: MultipartJob,
    store: Option<ResumeStore>,
    etag_check: EtagCheck,
) {
    let job = match job {
        // The newest saved state of the session wins over the app's copy (which may predate
        // the last chunks); the service's status decides in the end anyway.
        MultipartJob::Resume(state) => {
            let saved = store.as_ref().and_then(|s| s.load(&state.upload_id).ok());
            MultipartJob::Resume(saved.map_or(state, Box::new))
        }
        start => start,
    };
    let total = match &job {
        MultipartJob::Start(req) => match &req.source {
            crate::api::UploadSource::File(p) => std::fs::metadata(p).map(|m| m.len()).ok(),
            crate::api::UploadSource::Url(_) => None,
        },
        MultipartJob::Resume(s) => Some(s.size),
    };
    let options = MultipartOptions {
        progress: Some(progress_messages(&tx, upload, total)),
        on_state: Some(state_messages(&tx, upload, store.clone())),
        etag_check,
        ..MultipartOptions::default()
    };
    let result = match job {
        MultipartJob::Start(request) => client.upload_multipart(&request, &options).await,
        MultipartJob::Resume(state) => client.resume_multipart(*state, &options).await,
    };
    let done = match result {
        Ok(done) => done,
        Err(err) => return finished(&tx, upload, Err(err)),
    };
    if let Some(store) = &store
        && let Err(e) = store.remove(&done.upload_id)
    {
        warn!("cannot remove resume state of {}: {e}", done.upload_id);
    }
    match client.get_asset(&done.asset_id).await {
        Ok(asset) => follow(client, poll, tx, upload, asset).await,
        Err(err) => finished(&tx, upload, Err(err)),
    }
}

/// Saves every state change and tells the app of the session (once) and of chunk counts (when
/// they change).
fn state_messages(tx: &UnboundedSender<Msg>, upload: UploadId, store: Option<ResumeStore>) -> StateFn {
    let saver = store.map(|s| s.saver());
    let told_session = AtomicBool::new(false);
    let last_done = AtomicU32::new(u32::MAX);
    let tx = tx.clone();
    Arc::new(move |state: &MultipartState| {
        if let Some(save) = &saver {
            save(state);
        }
        if !told_session.swap(true, Ordering::Relaxed) {
            let _ = tx.send(Msg::UploadSession {
                upload,
                state: Box::new(state.clone()),
            });
        }
        let done = (state.acknowledged.len() + state.stored.len()) as u32;
        if last_done.swap(done, Ordering::Relaxed) != done {
            let _ = tx.send(Msg::UploadChunks {
                upload,
                done,
                total: state.total_chunks,
            });
        }
    })
}

/// Tells the app the asset exists, then polls it until final.
async fn follow(client: Client, poll: PollOptions, tx: UnboundedSender<Msg>, upload: UploadId, asset: Asset) {
    let id = asset.id.clone();
    let _ = tx.send(Msg::UploadCreated {
        upload,
        asset: Box::new(asset),
    });
    let result = client
        .wait_for_asset(&id, poll, |a| {
            let _ = tx.send(Msg::UploadPolled {
                upload,
                asset: Box::new(a.clone()),
            });
        })
        .await;
    finished(&tx, upload, result);
}

fn finished(tx: &UnboundedSender<Msg>, upload: UploadId, result: Result<Asset, ApiError>) {
    let _ = tx.send(Msg::UploadFinished {
        upload,
        result: result.map(Box::new),
    });
}

/// The saved sessions of the service `client` talks to. When the service lists its unfinished
/// sessions, only those are kept (a completed or expired one cannot be resumed); when it cannot
/// be asked, all are shown and a resume says what went wrong.
pub(super) async fn load_resumable(client: Client, store: ResumeStore, tx: UnboundedSender<Msg>) {
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
