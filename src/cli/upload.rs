//! `upload`: creates an asset from a file (direct, or multipart above the direct limit or on
//! request) or a URL, shows progress on a terminal, waits for `ready`. `--resume` finishes an
//! interrupted multipart upload from its saved state.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Duration;

use super::progress::ProgressBar;
use super::{CliContext, CliError, UploadArgs, render};
use crate::api::types::{Asset, AssetStatus, UserMetadata};
use crate::api::{
    Client, CreateAsset, EtagCheck, MultipartOptions, MultipartState, PollOptions, UploadSource,
    direct_limit, inspect_file,
};
use crate::resume::ResumeStore;

pub async fn run(client: &Client, ctx: &CliContext, args: &UploadArgs) -> Result<(), CliError> {
    let poll = poll_options(client, args.poll_interval, args.timeout)?;
    let interactive = std::io::stderr().is_terminal();
    let asset_id = if let Some(wanted) = &args.resume {
        let store = ctx.resume_store()?;
        let state = find_state(&store, wanted, args.source.as_deref())?;
        multipart(client, ctx, &store, Job::Resume(state), args, interactive).await?
    } else {
        let source = UploadSource::parse(args.source.as_deref().unwrap_or_default());
        let mut request = CreateAsset::new(source.clone());
        request.filename = args.filename.clone();
        request.enable_hls = args.hls;
        request.enable_thumbnail = args.thumbnail;
        request.user_metadata = args.metadata.as_deref().map(parse_metadata).transpose()?;
        let big = match &source {
            UploadSource::File(path) => {
                let media = inspect_file(path)?;
                Some((media.size, media.size > direct_limit(&media.asset_type)))
            }
            UploadSource::Url(_) if args.multipart => {
                return Err(CliError::Usage(
                    "--multipart needs a local file, not a URL".into(),
                ));
            }
            UploadSource::Url(_) => None,
        };
        match big {
            Some((_, over)) if over || args.multipart => {
                let store = ctx.resume_store()?;
                multipart(client, ctx, &store, Job::Start(request), args, interactive).await?
            }
            _ => {
                let bar = match big {
                    Some((size, _)) if interactive => Some(ProgressBar::new("uploading", size)),
                    _ => None,
                };
                let created = client
                    .create_asset(&request, bar.as_ref().map(ProgressBar::callback))
                    .await;
                if let Some(bar) = bar {
                    bar.finish();
                }
                let created = created?;
                if args.no_wait || created.status.as_ref().is_some_and(AssetStatus::is_final) {
                    return finish(&created, args.json);
                }
                created.id
            }
        }
    };
    if args.no_wait {
        return finish(&client.get_asset(&asset_id).await?, args.json);
    }
    if interactive {
        eprintln!("created {asset_id}; processing…");
    }
    let asset = client.wait_for_asset(&asset_id, poll, |_| {}).await?;
    finish(&asset, args.json)
}

enum Job {
    Start(CreateAsset),
    Resume(MultipartState),
}

/// Runs a multipart upload with its state saved as it goes; removes the state once done.
async fn multipart(
    client: &Client,
    ctx: &CliContext,
    store: &ResumeStore,
    job: Job,
    args: &UploadArgs,
    interactive: bool,
) -> Result<String, CliError> {
    let total = match &job {
        Job::Start(req) => match &req.source {
            UploadSource::File(p) => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
            UploadSource::Url(_) => 0,
        },
        Job::Resume(s) => s.size,
    };
    let bar = interactive.then(|| ProgressBar::new("uploading (multipart)", total));
    let options = MultipartOptions {
        concurrency: usize::from(args.concurrency),
        progress: bar.as_ref().map(ProgressBar::callback),
        on_state: Some(store.saver()),
        etag_check: EtagCheck::asked(args.verify_chunks || ctx.verify_chunks),
        ..MultipartOptions::default()
    };
    let result = match job {
        Job::Start(req) => client.upload_multipart(&req, &options).await,
        Job::Resume(state) => {
            if interactive {
                eprintln!(
                    "resuming upload {} of {} ({} of {} chunks acknowledged locally)",
                    state.upload_id,
                    state.path.display(),
                    state.acknowledged.len(),
                    state.total_chunks
                );
            }
            client.resume_multipart(state, &options).await
        }
    };
    if let Some(bar) = bar {
        bar.finish();
    }
    match result {
        Ok(done) => {
            if let Err(e) = store.remove(&done.upload_id) {
                tracing::warn!("cannot remove resume state of {}: {e}", done.upload_id);
            }
            Ok(done.asset_id)
        }
        Err(e) => {
            if !matches!(e, crate::api::ApiError::Local(_)) {
                eprintln!("the upload can be finished later with: tl-assets upload --resume");
            }
            Err(e.into())
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

/// `--metadata`: a flat JSON object of strings, numbers and booleans.
fn parse_metadata(text: &str) -> Result<UserMetadata, CliError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| CliError::Usage(format!("--metadata is not JSON: {e}")))?;
    let serde_json::Value::Object(map) = value else {
        return Err(CliError::Usage("--metadata must be a JSON object".into()));
    };
    if let Some((k, _)) = map
        .iter()
        .find(|(_, v)| !(v.is_string() || v.is_number() || v.is_boolean()))
    {
        return Err(CliError::Usage(format!(
            "--metadata value of {k:?} must be a string, number or boolean"
        )));
    }
    Ok(map)
}

/// `--poll-interval` and `--timeout`, with the client's defaults (`index --wait` reads them too).
pub(super) fn poll_options(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_must_be_a_flat_object() {
        let m = parse_metadata(r#"{"a":"x","n":3,"ok":true}"#).expect("ok");
        assert_eq!(m.len(), 3);
        assert!(parse_metadata("[1]").is_err());
        assert!(parse_metadata(r#"{"a":{"b":1}}"#).is_err());
        assert!(parse_metadata("nope").is_err());
    }
}
