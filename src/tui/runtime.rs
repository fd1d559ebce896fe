//! The runtime: turns each [`Effect`] into a tokio task that calls the API and sends [`Msg`]s back
//! on one channel. The loop that feeds `App::update` and draws is in `event_loop.rs`.
//!
//! Everything here is drivable without a terminal: a test builds a [`Runtime`], feeds key
//! messages to `App::update`, hands the effects to [`Runtime::perform_all`] and awaits results
//! with [`Runtime::next_msg`]; or it runs [`run_with`] on a `TestBackend` with a scripted stream.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc::UnboundedReceiver, mpsc::UnboundedSender, mpsc::unbounded_channel, oneshot};
use tokio::task::AbortHandle;
use tracing::debug;

use crate::api::{Client, EtagCheck, PollOptions, SendPlan, UploadJob, UploadKind, UploadOptions};
use crate::resume::{ResumeStore, ResumeWriter};

use super::detail::part_of_tasks::PartOfTasks;
use super::detail::read_ahead_task::ReadAheadTasks;
use super::detail::thumbnail::{ThumbKey, disk::ThumbDisk, loader::ThumbLoader};
use super::effect::Effect;
use super::first_frame_probe::FirstFrameProbe;
use super::list::page_fetch::fetch_page;
use super::meta_editor::save_task;
use super::msg::{Msg, UploadId};
use super::preview::loader::{FrameJob, PreviewLoader, PreviewSetup};
use super::task_error::CopyError;
use super::terminal::graphics_pick::GraphicsPick;
use super::terminal::launch::{self, TerminalOut};
use super::uploads::form::local_dirs::{expand_home, list_dir};
use super::uploads::{many_task, task};

/// Runs effects as tasks; results come back through [`Runtime::next_msg`].
pub struct Runtime {
    client: Client,
    poll: PollOptions,
    tx: UnboundedSender<Msg>,
    rx: UnboundedReceiver<Msg>,
    uploads: HashMap<UploadId, AbortHandle>,
    /// The page fetch in flight; a new one replaces it, and the pages fetched alongside.
    page_task: Option<AbortHandle>,
    alongside: Vec<AbortHandle>,
    /// Benchmarks only: see [`FirstFrameProbe`].
    pub first_frame_probe: Option<FirstFrameProbe>,
    thumbs: ThumbLoader,
    part_of: PartOfTasks,
    read_ahead: ReadAheadTasks,
    terminal_out: TerminalOut,
    /// Where multipart sessions are saved to be resumed; `None`: not saved.
    resume: Option<ResumeStore>,
    /// Writes the sessions of every upload of this runtime, off the async workers.
    resume_writer: Option<ResumeWriter>,
    /// When multipart chunks are hashed to check their ETags.
    etag_check: EtagCheck,
    /// The graphics pick still being found out (the terminal's answer comes after the first frames).
    pending_graphics: Option<oneshot::Receiver<GraphicsPick>>,
    /// The expansion of the upload form's paths waiting or running; a newer one replaces it.
    plan_task: Option<AbortHandle>,
    preview: PreviewLoader,
}

impl Runtime {
    pub fn new(client: Client) -> Self {
        let (tx, rx) = unbounded_channel();
        // Pictures off until a `Picker` is given (building one asks tmux to allow passthrough).
        // The preview reads its streams with the thumbnails' client: one connection to the host.
        let thumbs = ThumbLoader::new(None);
        let preview = PreviewLoader::new(PreviewSetup::unset(), thumbs.http());
        Self {
            poll: PollOptions::for_client(&client),
            client,
            tx,
            rx,
            uploads: HashMap::new(),
            page_task: None,
            alongside: Vec::new(),
            first_frame_probe: None,
            thumbs,
            part_of: PartOfTasks::default(),
            read_ahead: ReadAheadTasks::default(),
            terminal_out: TerminalOut::Captured(Arc::default()),
            resume: None,
            resume_writer: None,
            etag_check: EtagCheck::Auto,
            pending_graphics: None,
            plan_task: None,
            preview,
        }
    }

    /// The same runtime saving multipart sessions in `store` (the command line's store, so
    /// either may resume what the other started).
    pub fn with_resume_store(mut self, store: Option<ResumeStore>) -> Self {
        self.resume_writer = store.clone().map(ResumeWriter::new);
        self.resume = store;
        self
    }

    /// The same runtime checking multipart chunks' ETags as `check` says.
    pub fn with_etag_check(mut self, check: EtagCheck) -> Self {
        self.etag_check = check;
        self
    }

    /// The same runtime drawing thumbnails with `picker` (`None`: no thumbnails).
    pub fn with_picker(mut self, picker: Option<ratatui_image::picker::Picker>) -> Self {
        self.preview.set_picker(picker.clone());
        self.thumbs.set_picker(picker);
        self
    }

    /// The same runtime keeping thumbnail files across runs in `disk` (`None`: in memory only).
    pub fn with_thumb_disk(mut self, disk: Option<ThumbDisk>) -> Self {
        self.thumbs.set_disk(disk);
        self
    }

    /// The same runtime previewing with `setup`'s ffmpeg and cache.
    pub fn with_preview(mut self, setup: PreviewSetup) -> Self {
        self.preview = PreviewLoader::new(setup, self.thumbs.http());
        self.preview.set_picker(self.thumbs.picker());
        self
    }

    /// ffmpeg children the preview started since this runtime began.
    pub fn preview_decoders_started(&self) -> usize {
        self.preview.decoders_started()
    }

    /// The same runtime taking its graphics pick from `pick` when it arrives; the app hears of it
    /// as [`Msg::GraphicsKnown`].
    pub(super) fn with_pending_graphics(mut self, pick: oneshot::Receiver<GraphicsPick>) -> Self {
        self.pending_graphics = Some(pick);
        self
    }

    /// The graphics pick still to arrive, for the event loop to wait on; taken once.
    pub(super) fn take_pending_graphics(&mut self) -> Option<oneshot::Receiver<GraphicsPick>> {
        self.pending_graphics.take()
    }

    /// Thumbnails from now on drawn with `picker` (it arrived after the first frames).
    pub(super) fn set_thumb_graphics(&mut self, picker: Option<ratatui_image::picker::Picker>) {
        self.preview.set_picker(picker.clone());
        self.thumbs.set_picker(picker);
    }

    /// The same runtime writing terminal sequences (OSC 52) to `out`.
    pub fn with_terminal_out(mut self, out: TerminalOut) -> Self {
        self.terminal_out = out;
        self
    }

    /// What was written for the terminal when output is captured (tests).
    pub fn captured_terminal_output(&self) -> Vec<u8> {
        match &self.terminal_out {
            TerminalOut::Captured(buf) => buf.lock().map(|b| b.clone()).unwrap_or_default(),
            TerminalOut::Stdout => Vec::new(),
        }
    }

    /// Where an upload task loads and saves its session.
    fn resume_store(&self) -> Option<(ResumeStore, ResumeWriter)> {
        self.resume.clone().zip(self.resume_writer.clone())
    }

    /// How the upload engine runs an upload of this app: its polling, ETag check, and the
    /// poll timeout also bounding the waits for rate limits and retries.
    fn upload_options(&self) -> UploadOptions {
        UploadOptions {
            poll: self.poll,
            timeout: self.poll.timeout,
            etag_check: self.etag_check,
            ..UploadOptions::for_client(&self.client)
        }
    }

    /// The same runtime with other polling settings (tests poll fast).
    pub fn with_poll(mut self, poll: PollOptions) -> Self {
        self.poll = poll;
        self
    }

    /// The API client the tasks use.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// A sender for messages from elsewhere (signals, scripted input).
    pub fn sender(&self) -> UnboundedSender<Msg> {
        self.tx.clone()
    }

    /// The next background result; waits for one.
    pub async fn next_msg(&mut self) -> Option<Msg> {
        self.rx.recv().await
    }

    /// A background result if one is ready, without waiting.
    pub fn try_next_msg(&mut self) -> Option<Msg> {
        self.rx.try_recv().ok()
    }

    /// Read-ahead tasks still running.
    pub fn read_ahead_running(&self) -> usize {
        self.read_ahead.running()
    }

    /// Upload tasks still running (their handles are kept to cancel them).
    pub fn uploads_running(&self) -> usize {
        self.uploads.values().filter(|h| !h.is_finished()).count()
    }

    /// Upload task handles kept: the running ones plus any that ended since the last upload
    /// started, never more than were running at once.
    pub fn upload_handles(&self) -> usize {
        self.uploads.len()
    }

    /// Keeps a new upload's handle and drops those of uploads that ended, so the map holds
    /// only what can still be cancelled.
    fn track_upload(&mut self, upload: UploadId, handle: AbortHandle) {
        self.uploads.retain(|_, h| !h.is_finished());
        self.uploads.insert(upload, handle);
    }

    pub fn perform_all(&mut self, effects: Vec<Effect>) {
        for e in effects {
            self.perform(e);
        }
    }

    /// Starts the task for one effect.
    pub fn perform(&mut self, effect: Effect) {
        debug!(?effect, "effect");
        let client = self.client.clone();
        let tx = self.tx.clone();
        match effect {
            Effect::FetchPage { request_id, query } => {
                for old in self.page_task.take().into_iter().chain(self.alongside.drain(..)) {
                    old.abort();
                }
                self.page_task = Some(fetch_page(client, tx, request_id, query));
            }
            Effect::FetchPageAlongside { request_id, query } => {
                self.alongside.retain(|t| !t.is_finished());
                self.alongside.push(fetch_page(client, tx, request_id, query));
            }
            Effect::FetchDetail { request_id, id } => {
                tokio::spawn(async move {
                    let result = client.get_asset(&id).await.map(Box::new);
                    let _ = tx.send(Msg::DetailLoaded { request_id, result });
                });
            }
            Effect::StartUpload {
                upload,
                request,
                total,
                multipart,
            } => {
                let kind = match (&request.source, multipart) {
                    (crate::api::UploadSource::Url(_), _) => UploadKind::Url,
                    (_, true) => UploadKind::Multipart,
                    (_, false) => UploadKind::Direct,
                };
                let plan = SendPlan {
                    kind,
                    size: total,
                    stored_name: crate::api::stored_name(&request),
                };
                let job = UploadJob::New {
                    request,
                    plan: Some(plan),
                };
                let options = self.upload_options();
                let store = self.resume_store();
                let task = tokio::spawn(task::run(client, options, tx, upload, job, total, store));
                self.track_upload(upload, task.abort_handle());
            }
            Effect::ResumeUpload { upload, state } => {
                let total = Some(state.size);
                let (options, store) = (self.upload_options(), self.resume_store());
                let job = UploadJob::Resume(state);
                let task = tokio::spawn(task::run(client, options, tx, upload, job, total, store));
                self.track_upload(upload, task.abort_handle());
            }
            Effect::LoadResumable => {
                if let Some(store) = self.resume.clone() {
                    tokio::spawn(task::load_resumable(client, store, tx));
                }
            }
            Effect::CancelUpload { upload } => {
                if let Some(task) = self.uploads.remove(&upload) {
                    task.abort();
                }
            }
            Effect::PlanUpload {
                request_id,
                inputs,
                delay,
            } => {
                if let Some(older) = self.plan_task.take() {
                    older.abort();
                }
                let inputs = inputs
                    .iter()
                    .map(|i| expand_home(Path::new(i)).to_string_lossy().into_owned())
                    .collect();
                self.plan_task = Some(many_task::plan(request_id, inputs, delay, tx));
            }
            Effect::FindExisting { request_id } => many_task::find_existing(client, request_id, tx),
            Effect::Delete { id, force } => super::delete::flow::spawn_delete(client, tx, id, force),
            Effect::FetchReferences { id } => drop(tokio::spawn(async move {
                let result = client.indexed_assets(&id, 1, 50).await;
                let _ = tx.send(Msg::IndexedAssetsLoaded { id, result });
            })),
            Effect::FetchThumbnail { id, url, cells } => {
                self.thumbs.load(ThumbKey { id, url, cells }, tx);
            }
            Effect::ReadAhead { request_id, job } => {
                let thumbs = self.thumbs.prefetcher();
                self.read_ahead.start(request_id, job, &client, thumbs, tx);
            }
            Effect::CancelReadAhead { request_id } => self.read_ahead.cancel(request_id),
            Effect::ReadAheadMoved => self.read_ahead.moved(),
            Effect::FetchPartOf { .. }
            | Effect::FetchTranscript { .. }
            | Effect::LoadIndexes { .. }
            | Effect::CreateIndex { .. }
            | Effect::AddToIndex { .. }
            | Effect::WatchIndexedAsset { .. } => self.part_of.perform(effect, client, tx, self.poll),
            Effect::WriteTerminal { bytes, done } => {
                let result = self
                    .terminal_out
                    .write(&bytes)
                    .map(|()| done)
                    .map_err(CopyError::Terminal);
                let _ = tx.send(Msg::CopyDone { result });
            }
            Effect::RunClipboardTool { tool, text, label } => {
                launch::run_clipboard_tool(tool, text, label, tx)
            }
            Effect::Open { title, url, launch } => launch::open(title, url, launch, tx),
            Effect::SaveMetadata { id, write } => {
                tokio::spawn(async move {
                    let _ = tx.send(save_task::save(client, id, write).await);
                });
            }
            Effect::PreviewFrames {
                job,
                asset_id,
                source,
                times,
                cells,
            } => self.preview.frames(
                FrameJob {
                    job,
                    asset_id,
                    source,
                    times,
                    cells,
                },
                tx,
            ),
            Effect::PreviewPeaks {
                job,
                source,
                span,
                buckets,
            } => self.preview.peaks(job, source, span, buckets, tx),
            Effect::StopPreview => self.preview.stop(),
            Effect::ListDir { request_id, dir } => {
                tokio::task::spawn_blocking(move || {
                    let result = list_dir(&expand_home(&dir));
                    let _ = tx.send(Msg::DirListed {
                        request_id,
                        dir,
                        result,
                    });
                });
            }
        }
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        for task in self.uploads.values() {
            task.abort();
        }
        self.preview.stop();
        // The sessions told so far reach the disk before the app goes, so every stopped
        // multipart upload is resumable at the next start.
        if let Some(writer) = &self.resume_writer {
            writer.flush_blocking(Duration::from_secs(5));
        }
    }
}
