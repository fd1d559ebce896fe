//! `upload`: creates an asset from a file or URL, shows progress on a terminal, waits for `ready`.

use std::io::IsTerminal;
use std::sync::Arc;
use std::time::Instant;

use super::{CliError, UploadArgs, render};
use crate::api::types::AssetStatus;
use crate::api::{Client, CreateAsset, PollOptions, ProgressFn, UploadSource, inspect_file};
use crate::format;

pub async fn run(client: &Client, args: &UploadArgs) -> Result<(), CliError> {
    let source = UploadSource::parse(&args.source);
    let mut request = CreateAsset::new(source.clone());
    request.filename = args.filename.clone();
    let interactive = std::io::stderr().is_terminal();
    let progress = match (&source, interactive) {
        (UploadSource::File(path), true) => Some(progress_line(inspect_file(path)?.size)),
        _ => None,
    };
    let created = client.create_asset(&request, progress).await;
    if interactive {
        eprintln!();
    }
    let created = created?;
    if args.no_wait || created.status.as_ref().is_some_and(AssetStatus::is_final) {
        return finish(&created, args.json);
    }
    if interactive {
        eprintln!("created {}; processing…", created.id);
    }
    let asset = client
        .wait_for_asset(&created.id, PollOptions::for_client(client), |_| {})
        .await?;
    finish(&asset, args.json)
}

/// Prints the asset; a `failed` asset is also an error (exit 1) with the service's reason.
fn finish(asset: &crate::api::types::Asset, json: bool) -> Result<(), CliError> {
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

/// A progress callback that redraws one stderr line: bytes, %, speed, ETA.
fn progress_line(total: u64) -> ProgressFn {
    let started = Instant::now();
    Arc::new(move |sent: u64| {
        let secs = started.elapsed().as_secs_f64().max(1e-3);
        let speed = sent as f64 / secs;
        let pct = if total > 0 {
            sent as f64 * 100.0 / total as f64
        } else {
            100.0
        };
        eprint!(
            "\r\x1b[2Kuploading {} / {}  {pct:5.1}%  {}  ETA {}",
            format::size(sent),
            format::size(total),
            format::rate(speed),
            format::eta(total.saturating_sub(sent), speed)
        );
    })
}
