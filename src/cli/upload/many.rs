//! `upload PATH...` with several paths, a directory or a glob: the media files they name (see
//! `upload_plan`), sent `--jobs` at a time on the shared engine (a file waiting for `ready` holds no slot), which waits out the rate
//! limit for all of them at once. Skipped inputs are named on stderr before anything is sent;
//! each file gets one line when it ends, then one summary. `--json` prints an array: the asset,
//! or `{"path", "error"}`. Exit 0 when every file ended `ready` or was skipped, 1 otherwise.

use std::path::PathBuf;
use std::sync::Arc;

use futures_util::stream::{self, StreamExt};
use serde_json::{Value, json};
use tokio::sync::Semaphore;

use crate::api::types::{AssetStatus, ListAssetsQuery};
use crate::api::{
    Client, CreateAsset, LocalMedia, MultipartState, UploadHooks, UploadJob, UploadOptions, UploadSource,
    Wait, WaitReason,
};
use crate::cli::{CliContext, CliError, UploadArgs, output, output::render};
use crate::resume::ResumeWriter;
use crate::upload_plan::{Existing, UploadPlan};

/// Files of a batch that may be waiting for `ready` while others send: polls are cheap, but
/// against the real service (one poll each 5 s) this many is ~3 requests a second.
const WAITING_AT_ONCE: usize = 16;

/// How one file ended.
enum Ended {
    Ready(Box<crate::api::types::Asset>),
    /// Created, but not `ready`: failed processing, or `--no-wait`.
    NotReady(Box<crate::api::types::Asset>),
    Failed(String),
}

pub async fn run(
    client: &Client,
    ctx: &CliContext,
    args: &UploadArgs,
    mut options: UploadOptions,
) -> Result<(), CliError> {
    // `--jobs` bounds the sends; a file waiting for `ready` gives its slot to the next one.
    let jobs = usize::from(args.jobs).max(1);
    options.send_slots = Some(Arc::new(Semaphore::new(jobs)));
    if args.filename.is_some() {
        return Err(CliError::Usage(
            "--filename names one file; it cannot be given with several".into(),
        ));
    }
    let metadata = args
        .metadata
        .as_deref()
        .map(crate::api::parse_user_metadata)
        .transpose()
        .map_err(|e| CliError::Usage(format!("--metadata: {e}")))?;
    let inputs = args.sources.clone();
    // Walking a tree of 10,000 files is blocking work: off the async threads.
    let mut plan = tokio::task::spawn_blocking(move || UploadPlan::expand(&inputs))
        .await
        .map_err(|e| CliError::Other(e.to_string()))?;
    let media = plan.files.len();
    let given = media + plan.skipped.len();
    if args.skip_existing && !plan.files.is_empty() {
        let assets = client.list_all_assets(&ListAssetsQuery::default()).await?;
        let existing = Existing::from_assets(&assets);
        plan.skip_existing(&existing);
    }
    // One line however many were skipped: the summary names the first few of each reason.
    let files = plan.files.clone();
    if files.is_empty() {
        output::note(format!("nothing to upload: {}", plan.summary()));
        if args.json {
            render::print_json(&Vec::<Value>::new())?;
        }
        // Every media file already there (`--skip-existing`) is done; no media at all is not.
        return if media > 0 {
            Ok(())
        } else {
            Err(CliError::Other(format!(
                "nothing was sent: none of the {given} input file(s) is video, audio, image or document"
            )))
        };
    }
    output::note(format!("uploading {}", plan.summary()));
    let store = ctx.resume_store().ok().map(ResumeWriter::new);
    let options = &options;
    let ended: Vec<(PathBuf, Ended)> = stream::iter(files)
        .map(|file| {
            let (store, metadata) = (store.clone(), metadata.clone());
            async move {
                let path = file.path.clone();
                let mut request = CreateAsset::new(UploadSource::File(path.clone()));
                request.enable_hls = args.wants_hls();
                request.enable_thumbnail = args.wants_thumbnail();
                request.user_metadata = metadata;
                let hooks = Arc::new(FileHooks {
                    name: file_name(&file),
                    store,
                });
                let job = UploadJob::New { request, plan: None };
                let ended = match client.upload(job, options, hooks).await {
                    Ok(a) if a.status == Some(AssetStatus::Ready) => Ended::Ready(Box::new(a)),
                    Ok(a) => Ended::NotReady(Box::new(a)),
                    Err(e) => Ended::Failed(format!("{}: {}", e.code(), e.message())),
                };
                say_ended(&path, &ended);
                (path, ended)
            }
        })
        .buffer_unordered(jobs + WAITING_AT_ONCE)
        .collect()
        .await;
    if let Some(store) = &store {
        store.flush().await;
    }
    let ready = ended.iter().filter(|(_, e)| matches!(e, Ended::Ready(_))).count();
    let not_ready = ended.len() - ready;
    let skipped = given - ended.len();
    if args.no_wait {
        let failed = ended
            .iter()
            .filter(|(_, e)| matches!(e, Ended::Failed(_)))
            .count();
        let sent = ended.len() - failed;
        output::note(format!(
            "{sent} sent, not waited for, {failed} failed, {skipped} skipped, of {given} input file(s)"
        ));
    } else {
        output::note(format!(
            "{ready} ready, {not_ready} not, {skipped} skipped, of {given} input file(s)"
        ));
    }
    if args.json {
        let all: Vec<Value> = ended
            .iter()
            .map(|(path, e)| match e {
                Ended::Ready(a) | Ended::NotReady(a) => {
                    serde_json::to_value(a).unwrap_or_else(|e| json!({"path": path, "error": e.to_string()}))
                }
                Ended::Failed(why) => json!({ "path": path, "error": why }),
            })
            .collect();
        render::print_json(&all)?;
    }
    let waited = !args.no_wait;
    let all_fine = ended.iter().all(|(_, e)| match e {
        Ended::Ready(_) => true,
        Ended::NotReady(a) => !waited && a.status != Some(AssetStatus::Failed),
        Ended::Failed(_) => false,
    });
    if all_fine {
        Ok(())
    } else {
        Err(CliError::Other(format!(
            "{not_ready} of {} file(s) did not end ready",
            ended.len()
        )))
    }
}

fn file_name(f: &LocalMedia) -> String {
    crate::upload_plan::file_name(&f.path)
}

fn say_ended(path: &std::path::Path, ended: &Ended) {
    let shown = path.display();
    match ended {
        Ended::Ready(a) => output::note(format!("ready   {shown}  {}", a.id)),
        Ended::NotReady(a) => {
            let status = a.status.as_ref().map_or("unknown", |s| s.as_str());
            let why = a
                .error
                .as_ref()
                .map(|e| format!(": {}", e.message))
                .unwrap_or_default();
            output::note(format!("{status:<7} {shown}  {}{why}", a.id));
        }
        Ended::Failed(why) => output::note(format!("failed  {shown}: {why}")),
    }
}

/// What one file of a batch reports: waits (named by file) and its multipart session, saved so
/// `upload --resume` can finish it after a crash. No progress bar: several run at once.
struct FileHooks {
    name: String,
    store: Option<ResumeWriter>,
}

impl UploadHooks for FileHooks {
    fn waiting(&self, wait: &Wait) {
        let secs = wait.left.as_secs_f64().ceil() as u64;
        match &wait.reason {
            WaitReason::RateLimit => {
                output::note(format!("{}: rate limited: waiting {secs}s", self.name));
            }
            WaitReason::Retry { code } => {
                output::note(format!("{}: {code}: trying again in {secs}s", self.name));
            }
        }
    }

    fn session(&self, state: &MultipartState) {
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
        if let Some(store) = &self.store {
            store.remove(upload_id);
        }
    }
}
