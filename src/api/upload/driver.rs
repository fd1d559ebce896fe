//! The one upload engine, used by the command line and the terminal app alike: plan (direct,
//! multipart or URL, decided here only) → send (rate limits waited out, failures retried or
//! reconciled, see `retry.rs`) → poll until the asset is final. Each caller brings its own
//! [`UploadHooks`] for progress, waits, saved sessions and state.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::time::Instant;

use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::poll::PollOptions;
use crate::api::types::{Asset, AssetStatus};
use crate::api::upload::multipart::etag_check::EtagCheck;
use crate::api::upload::multipart::send::MultipartOptions;
use crate::api::upload::multipart::session_record::MultipartState;
use crate::api::upload::request::{CreateAsset, ProgressFn};
use crate::api::upload::send_plan::{DIRECT_LIMIT_MEDIA, SendPlan, UploadKind, plan_upload};
use crate::api::upload::wait::{Wait, WaitFn};

/// What to upload.
#[derive(Debug, Clone)]
pub enum UploadJob {
    /// A new asset; the plan is made here unless the caller already made it.
    New {
        request: CreateAsset,
        plan: Option<SendPlan>,
    },
    /// The rest of an interrupted multipart upload.
    Resume(Box<MultipartState>),
}

/// How an upload runs.
#[derive(Debug, Clone)]
pub struct UploadOptions {
    /// Polling until final (its timeout bounds the poll).
    pub poll: PollOptions,
    /// Poll until `ready`/`failed`; else return the asset as created.
    pub wait_ready: bool,
    /// Bounds the waits and retries of sending (rate limits, backoffs).
    pub timeout: Duration,
    /// Multipart chunks in flight at once.
    pub concurrency: usize,
    pub etag_check: EtagCheck,
    /// Video and audio over this size go multipart.
    pub direct_media_limit: u64,
    /// Multipart whatever the size.
    pub force_multipart: bool,
    /// Shared by uploads that may send only so many at once (a batch's `--jobs`): a permit is
    /// held from the plan until the asset exists and given back before polling, so files
    /// waiting for `ready` never hold up the next send. `None`: no bound here.
    pub send_slots: Option<Arc<Semaphore>>,
}

impl UploadOptions {
    /// Defaults for `client`: its poll options, wait for `ready`, 30 minutes.
    pub fn for_client(client: &Client) -> Self {
        let poll = PollOptions::for_client(client);
        Self {
            poll,
            wait_ready: true,
            timeout: poll.timeout,
            concurrency: MultipartOptions::default().concurrency,
            etag_check: EtagCheck::Auto,
            direct_media_limit: DIRECT_LIMIT_MEDIA,
            force_multipart: false,
            send_slots: None,
        }
    }
}

/// What a caller is told as an upload goes. Every method has a do-nothing default.
pub trait UploadHooks: Send + Sync {
    /// The plan is made (a resume has none).
    fn planned(&self, _plan: &SendPlan) {}
    /// Bytes of the file sent (direct) or held by the service (multipart).
    fn progress(&self, _sent: u64) {}
    /// The upload waits before sending again (rate limit or backoff).
    fn waiting(&self, _wait: &Wait) {}
    /// A multipart session changed: save it to resume later.
    fn session(&self, _state: &MultipartState) {}
    /// Resolves once every session handed to [`UploadHooks::session`] so far is saved; the
    /// upload waits for it after each change.
    fn session_saved(&self) -> futures_util::future::BoxFuture<'static, ()> {
        Box::pin(async {})
    }
    /// Every chunk of the session is acknowledged: its saved state can go.
    fn session_done(&self, _upload_id: &str) {}
    /// The asset exists.
    fn created(&self, _asset: &Asset) {}
    /// A poll answered.
    fn polled(&self, _asset: &Asset) {}
}

/// Hooks that want to be told nothing.
pub struct NoHooks;
impl UploadHooks for NoHooks {}

impl Client {
    /// Runs one upload to its end: the asset, final when `options.wait_ready` (a `failed`
    /// asset is `Ok`, its error says why).
    pub async fn upload(
        &self,
        job: UploadJob,
        options: &UploadOptions,
        hooks: Arc<dyn UploadHooks>,
    ) -> Result<Asset, ApiError> {
        // A closed semaphore (never closed here) would only mean no bound.
        let slot = match &options.send_slots {
            Some(slots) => slots.clone().acquire_owned().await.ok(),
            None => None,
        };
        let deadline = Instant::now() + options.timeout;
        let on_wait: WaitFn = {
            let h = hooks.clone();
            Arc::new(move |w: &Wait| h.waiting(w))
        };
        let progress: ProgressFn = {
            let h = hooks.clone();
            Arc::new(move |n| h.progress(n))
        };
        let multipart = || {
            let h = hooks.clone();
            MultipartOptions {
                concurrency: options.concurrency.max(1),
                progress: Some(progress.clone()),
                on_state: Some(Arc::new(move |s: &MultipartState| h.session(s))),
                etag_check: options.etag_check,
                on_saved: Some({
                    let h = hooks.clone();
                    Arc::new(move || h.session_saved())
                }),
                on_wait: Some(on_wait.clone()),
                patience: options.timeout,
                ..MultipartOptions::default()
            }
        };
        let asset = match job {
            UploadJob::New { request, plan } => {
                let plan = match plan {
                    Some(plan) => plan,
                    None => {
                        plan_upload(&request, options.direct_media_limit, options.force_multipart).await?
                    }
                };
                hooks.planned(&plan);
                match plan.kind {
                    UploadKind::Multipart => {
                        let done = self.upload_multipart(&request, &multipart()).await?;
                        hooks.session_done(&done.upload_id);
                        self.get_asset(&done.asset_id).await?
                    }
                    UploadKind::Direct | UploadKind::Url => {
                        let progress = plan.size.map(|_| progress.clone());
                        self.create_recovering(&request, plan.size, progress, deadline, Some(&on_wait))
                            .await?
                    }
                }
            }
            UploadJob::Resume(state) => {
                let done = self.resume_multipart(*state, &multipart()).await?;
                hooks.session_done(&done.upload_id);
                self.get_asset(&done.asset_id).await?
            }
        };
        drop(slot);
        hooks.created(&asset);
        if !options.wait_ready || asset.status.as_ref().is_some_and(AssetStatus::is_final) {
            return Ok(asset);
        }
        self.wait_for_asset(&asset.id, options.poll, |a| hooks.polled(a))
            .await
    }
}
