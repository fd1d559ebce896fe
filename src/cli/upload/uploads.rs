//! `uploads`: unfinished multipart uploads, merging the service's incomplete sessions with the
//! resume state saved on this machine.

use serde::Serialize;

use crate::api::types::IncompleteUpload;
use crate::api::{Client, MultipartState};
use crate::cli::{CliContext, CliError, UploadsArgs, output, output::render};
use crate::format;
use crate::resume::same_service;

/// One line of the listing (also its `--json` shape).
#[derive(Debug, Serialize)]
struct UploadRow {
    upload_id: String,
    /// The service's session status, or `unknown` when only the local state knows it.
    status: String,
    total_size: u64,
    total_chunks: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires_at: Option<String>,
    /// Chunks acknowledged, per the local state.
    #[serde(skip_serializing_if = "Option::is_none")]
    acknowledged_chunks: Option<usize>,
    /// The local file, when this machine can resume it.
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    asset_id: Option<String>,
    resumable: bool,
}

pub async fn run(client: &Client, ctx: &CliContext, args: &UploadsArgs) -> Result<(), CliError> {
    let store = ctx.resume_store()?;
    if let Some(id) = &args.forget {
        return match store.forget(id) {
            Ok(()) => {
                output::note(format!("forgot the resume state of {id}"));
                Ok(())
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(CliError::Usage(format!(
                "no saved upload {id} in {}: nothing to forget (see `tl-assets uploads`)",
                store.dir().display()
            ))),
            Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => Err(CliError::Usage(e.to_string())),
            Err(e) => Err(e.into()),
        };
    }
    let server = client.list_all_incomplete_uploads().await?;
    let local: Vec<MultipartState> = store
        .list()
        .into_iter()
        .filter(|s| same_service(&s.base_url, client))
        .collect();
    let rows = merge(server, local);
    if args.json {
        return render::print_json(&rows);
    }
    if rows.is_empty() {
        output::note("no unfinished uploads");
        return Ok(());
    }
    let mut out = output::stdout();
    writeln!(
        out,
        "{:<26}{:<11}{:>10}  {:<11}{:<17}FILE",
        "UPLOAD ID", "STATUS", "SIZE", "CHUNKS", "EXPIRES"
    )?;
    for r in &rows {
        let chunks = match r.acknowledged_chunks {
            Some(n) => format!("{n}/{}", r.total_chunks),
            None => format!("?/{}", r.total_chunks),
        };
        let expires = r
            .expires_at
            .as_deref()
            .map(format::short_time)
            .unwrap_or_default();
        writeln!(
            out,
            "{:<26}{:<11}{:>10}  {:<11}{:<17}{}",
            format::printable(&r.upload_id),
            format::printable(&r.status),
            format::size(r.total_size),
            chunks,
            format::printable(&expires),
            format::printable(r.path.as_deref().unwrap_or("(not resumable from here)"))
        )?;
    }
    if rows.iter().any(|r| r.resumable) {
        output::note("finish one with: tl-assets upload --resume UPLOAD_ID");
    }
    Ok(())
}

fn merge(server: Vec<IncompleteUpload>, mut local: Vec<MultipartState>) -> Vec<UploadRow> {
    let mut rows: Vec<UploadRow> = server
        .into_iter()
        .map(|s| {
            let mine = local
                .iter()
                .position(|l| l.upload_id == s.upload_id)
                .map(|i| local.remove(i));
            UploadRow {
                status: s.status.to_string(),
                total_size: s.total_size,
                total_chunks: s.total_chunks,
                expires_at: s
                    .expires_at
                    .or_else(|| mine.as_ref().and_then(|m| m.expires_at.clone())),
                acknowledged_chunks: mine.as_ref().map(|m| m.acknowledged.len() + m.stored.len()),
                path: mine.as_ref().map(|m| m.path.display().to_string()),
                asset_id: mine.as_ref().map(|m| m.asset_id.clone()),
                resumable: mine.is_some(),
                upload_id: s.upload_id,
            }
        })
        .collect();
    // Local states the service no longer lists (completed, expired) cannot be resumed.
    rows.extend(local.into_iter().map(|m| UploadRow {
        upload_id: m.upload_id.clone(),
        status: "unknown".into(),
        total_size: m.size,
        total_chunks: m.total_chunks,
        expires_at: m.expires_at.clone(),
        acknowledged_chunks: Some(m.acknowledged.len() + m.stored.len()),
        path: Some(m.path.display().to_string()),
        asset_id: Some(m.asset_id.clone()),
        resumable: false,
    }));
    rows
}
