//! `upload`: creates an asset from a file (direct, or multipart above the direct limit or on
//! request) or a URL through the library's upload engine, shows progress on stderr, waits for
//! `ready`. `--resume` finishes an interrupted multipart upload from its saved state. A failed
//! upload ends with what to run next (`next_step.rs`).

use std::io::IsTerminal;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::api::types::{Asset, AssetStatus};
use crate::api::{
    Client, CreateAsset, EtagCheck, MultipartState, PollOptions, SendPlan, UploadHooks, UploadJob,
    UploadKind, UploadOptions, UploadSource, Wait, WaitReason,
};
use crate::cli::upload::next_step::{NextStep, again_command};
use crate::cli::upload::progress::ProgressBar;
use crate::cli::{CliContext, CliError, UploadArgs, output, output::render};
use crate::resume::{ResumeStore, ResumeWriter};

pub async fn run(client: &Client, ctx: &CliContext, args: &UploadArgs) -> Result<(), CliError> {
    let poll = poll_options(client, args.poll_interval, args.timeout)?;
    let options = UploadOptions {
        poll,
        wait_ready: !args.no_wait,
        timeout: poll.timeout,
        concurrency: usize::from(args.concurrency),
        etag_check: EtagCheck::asked(args.verify_chunks || ctx.verify_chunks),
        force_multipart: args.multipart,
        ..UploadOptions::for_client(client)
    };
    if args.resume.is_none() && args.is_batch() {
        return crate::cli::upload::many::run(client, ctx, args, options).await;
    }
    let tty = std::io::stderr().is_terminal();
    let (job, store) = if let Some(wanted) = &args.resume {
        let store = ctx.resume_store()?;
        let state = find_state(&store, wanted, args.source())?;
        if tty {
            output::note(format!(
                "resuming upload {} of {} ({} of {} chunks acknowledged locally)",
                state.upload_id,
                state.path.display(),
                state.acknowledged.len(),
                state.total_chunks
            ));
        }
        (UploadJob::Resume(Box::new(state)), Some(store))
    } else {
        let source = UploadSource::parse(args.source().unwrap_or_default());
        if args.multipart && matches!(source, UploadSource::Url(_)) {
            return Err(CliError::Usage(
                "--multipart needs a local file, not a URL".into(),
            ));
        }
        let mut request = CreateAsset::new(source);
        request.filename = args.filename.clone();
        request.enable_hls = args.wants_hls();
        request.enable_thumbnail = args.wants_thumbnail();
        request.user_metadata = args
            .metadata
            .as_deref()
            .map(crate::api::parse_user_metadata)
            .transpose()
            .map_err(|e| CliError::Usage(format!("--metadata: {e}")))?;
        // A store only when a multipart upload may need it (a read-only data dir is fine else).
        let store = ctx.resume_store().ok();
        (UploadJob::New { request, plan: None }, store)
    };
    let hooks = Arc::new(CliHooks {
        tty,
        waits: !args.no_wait,
        store: store.map(ResumeWriter::new),
        bar: Mutex::new(None),
        session: Mutex::new(None),
        asset: Mutex::new(None),
    });
    let result = client.upload(job, &options, hooks.clone()).await;
    hooks.finish_bar();
    if let Some(writer) = &hooks.store {
        writer.flush().await;
    }
    match result {
        Ok(asset) => finish(&asset, args.json),
        Err(e) => {
            let next = hooks.next_step();
            if e.needs_a_change_first() && matches!(next, NextStep::Again(_)) {
                return Err(e.into());
            }
            Err(CliError::Unfinished {
                error: Box::new(e.into()),
                next,
            })
        }
    }
}

/// What the command line shows of an upload, and its saved multipart session.
struct CliHooks {
    tty: bool,
    /// Polls until final after the create.
    waits: bool,
    store: Option<ResumeWriter>,
    bar: Mutex<Option<ProgressBar>>,
    /// The multipart session (upload id, asset id), once open: a retry resumes it.
    session: Mutex<Option<(String, String)>>,
    /// The asset, once it exists: a retry would upload a second copy.
    asset: Mutex<Option<String>>,
}

impl CliHooks {
    fn with_bar(&self, f: impl FnOnce(&ProgressBar)) {
        if let Ok(bar) = self.bar.lock()
            && let Some(bar) = bar.as_ref()
        {
            f(bar);
        }
    }

    fn finish_bar(&self) {
        self.with_bar(ProgressBar::finish);
    }

    fn say(&self, message: &str) {
        let mut shown = false;
        self.with_bar(|b| {
            b.note(message);
            shown = true;
        });
        if !shown {
            output::note(message);
        }
    }

    /// What to run after a failure: follow the asset once it exists, else try again.
    fn next_step(&self) -> NextStep {
        if let Some(id) = self.asset.lock().ok().and_then(|a| a.clone()) {
            return NextStep::follow(&id);
        }
        let session = self
            .session
            .lock()
            .ok()
            .and_then(|s| s.as_ref().map(|(upload, _)| upload.clone()));
        NextStep::Again(again_command(session.as_deref()))
    }
}

impl UploadHooks for CliHooks {
    fn planned(&self, plan: &SendPlan) {
        let multipart = plan.kind == UploadKind::Multipart;
        if let (Some(size), Ok(mut bar)) = (plan.size, self.bar.lock()) {
            let label = if multipart {
                format!("uploading {} (multipart)", plan.stored_name)
            } else {
                format!("uploading {}", plan.stored_name)
            };
            *bar = Some(ProgressBar::new(&label, size, self.tty).counting_from_zero());
        }
    }

    fn progress(&self, sent: u64) {
        self.with_bar(|b| b.update(sent));
    }

    fn waiting(&self, wait: &Wait) {
        let secs = wait.left.as_secs_f64().ceil() as u64;
        let until = wait
            .until
            .to_zoned_datetime(jiff::tz::TimeZone::system())
            .strftime("%H:%M:%S")
            .to_string();
        let message = match &wait.reason {
            WaitReason::RateLimit => format!("rate limited: waiting {secs}s (until {until})"),
            WaitReason::Retry { code } => format!("{code}: trying again in {secs}s"),
        };
        self.say(&message);
    }

    fn session(&self, state: &MultipartState) {
        if let Ok(mut s) = self.session.lock()
            && s.is_none()
        {
            *s = Some((state.upload_id.clone(), state.asset_id.clone()));
        }
        if state.size > 0
            && let Ok(mut bar) = self.bar.lock()
            && bar.is_none()
        {
            let name = state.path.file_name().map(|n| n.to_string_lossy().into_owned());
            let label = format!("uploading {} (multipart)", name.unwrap_or_default());
            *bar = Some(ProgressBar::new(&label, state.size, self.tty));
        }
        if let Some(store) = &self.store {
            store.save(state);
        }
    }

    fn session_saved(&self) -> futures_util::future::BoxFuture<'static, ()> {
        let writer = self.store.clone();
        Box::pin(async move {
            if let Some(w) = writer {
                w.flush().await;
            }
        })
    }

    fn session_done(&self, upload_id: &str) {
        // Every chunk is in: the session's asset now exists, whatever happens next.
        let done = self.session.lock().ok().and_then(|mut s| s.take());
        if let (Some((_, asset_id)), Ok(mut asset)) = (done, self.asset.lock()) {
            *asset = Some(asset_id);
        }
        if let Some(store) = &self.store {
            store.remove(upload_id);
        }
    }

    fn created(&self, asset: &Asset) {
        if let Ok(mut known) = self.asset.lock() {
            *known = Some(asset.id.clone());
        }
        self.finish_bar();
        if let Ok(mut bar) = self.bar.lock() {
            *bar = None;
        }
        if self.tty && self.waits && !asset.status.as_ref().is_some_and(AssetStatus::is_final) {
            output::note(format!("created {}; processing…", asset.id));
        }
    }
}

/// The saved state to resume: by upload id, or the one of SOURCE, or the only one there is.
fn find_state(store: &ResumeStore, wanted: &str, source: Option<&str>) -> Result<MultipartState, CliError> {
    if !wanted.is_empty() {
        return store.load(wanted).map_err(|e| {
            CliError::Usage(format!(
                "no resumable upload {wanted} in {}: {e}",
                store.dir().display()
            ))
        });
    }
    let mut found = match source {
        Some(path) => store.for_path(Path::new(path)),
        None => store.list(),
    };
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(CliError::Usage(format!(
            "nothing to resume{} (see `tl-assets uploads`)",
            source.map(|s| format!(" for {s}")).unwrap_or_default()
        ))),
        n => Err(CliError::Usage(format!(
            "{n} resumable uploads match; name one with --resume UPLOAD_ID (see `tl-assets uploads`)"
        ))),
    }
}

/// `--poll-interval` and `--timeout`, with the client's defaults (`index --wait` reads them too).
pub(in crate::cli) fn poll_options(
    client: &Client,
    interval: Option<f64>,
    timeout: f64,
) -> Result<PollOptions, CliError> {
    let secs = |name: &str, v: f64| {
        if v.is_finite() && v > 0.0 {
            Ok(Duration::from_secs_f64(v))
        } else {
            Err(CliError::Usage(format!(
                "{name} must be a positive number of seconds"
            )))
        }
    };
    let mut poll = PollOptions::for_client(client);
    if let Some(i) = interval {
        poll.interval = secs("--poll-interval", i)?;
    }
    poll.timeout = secs("--timeout", timeout)?;
    Ok(poll)
}

/// Prints the asset; a `failed` asset is also an error (exit 1) with the service's reason.
fn finish(asset: &Asset, json: bool) -> Result<(), CliError> {
    render::print_asset(asset, json)?;
    if asset.status == Some(AssetStatus::Failed) {
        let reason = asset
            .error
            .as_ref()
            .map(|e| e.message.clone())
            .unwrap_or_else(|| "no reason given".into());
        return Err(CliError::AssetFailed(format!(
            "asset {} failed: {reason}",
            asset.id
        )));
    }
    Ok(())
}
