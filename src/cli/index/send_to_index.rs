//! `index ASSET_ID... --into INDEX`: sends assets to an index. Every asset is checked first
//! (it exists and is `ready`), so a mistake sends nothing; an asset already in the index is not
//! sent again; `--wait` follows each indexed asset to `ready` or `failed` with progress on
//! stderr. Exit 1 when any failed.

use crate::api::types::{AssetStatus, Index, IndexedAsset, IndexedAssetStatus};
use crate::api::{Client, Sent};
use crate::cli::upload::single::poll_options;
use crate::cli::{CliError, IndexArgs, index::index_lookup, output, output::render, output::table};

pub async fn run(client: &Client, args: &IndexArgs) -> Result<(), CliError> {
    let poll = poll_options(client, args.poll_interval, args.timeout)?;
    let into = args.into.as_deref().unwrap_or_default();
    let index = index_lookup::find(client, into, "--into").await?;
    let ids = unique(&args.asset_ids);
    check_ready(client, &ids).await?;
    let label = index_label(&index);
    let mut created = Vec::with_capacity(ids.len());
    for asset_id in &ids {
        // Already there: follow that one instead of indexing the asset a second time, so running
        // the command again (say after --wait timed out) changes nothing.
        match client.send_to_index(&index.id, asset_id).await {
            Ok(Sent::AlreadyThere(id)) => {
                output::note(format!("{asset_id}: already in {label} as indexed asset {id}"));
                created.push(id);
            }
            Ok(Sent::Created(id)) => {
                output::note(format!("{asset_id}: sent to {label} as indexed asset {id}"));
                created.push(id);
            }
            Err(e) => {
                if !created.is_empty() {
                    output::note(format!("already sent: {}", created.join(", ")));
                }
                return Err(e.into());
            }
        }
    }
    let mut results = Vec::with_capacity(created.len());
    for (id, asset_id) in created.iter().zip(&ids) {
        let got = if args.wait {
            let mut last: Option<IndexedAssetStatus> = None;
            client
                .wait_for_indexed_asset(&index.id, id, poll, |ia| {
                    if ia.status != last {
                        last = ia.status.clone();
                        output::note(format!("{asset_id}: {}", status_text(ia)));
                    }
                })
                .await?
        } else {
            client.get_indexed_asset(&index.id, id).await?
        };
        results.push(got);
    }
    print_results(&results, args.json, &label)?;
    let failed: Vec<&str> = results
        .iter()
        .filter(|r| r.status == Some(IndexedAssetStatus::Failed))
        .map(|r| r.asset_id.as_deref().unwrap_or(&r.id))
        .collect();
    if failed.is_empty() {
        return Ok(());
    }
    Err(CliError::Other(format!(
        "indexing failed for {} of {} asset{} in {label}: {}",
        failed.len(),
        results.len(),
        if results.len() == 1 { "" } else { "s" },
        failed.join(", ")
    )))
}

/// The ids in the order given, each once (indexing one twice would only make two copies).
fn unique(ids: &[String]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    ids.iter()
        .filter(|id| seen.insert(id.as_str()))
        .cloned()
        .collect()
}

/// Every asset exists and is ready; else one message naming each that is not.
async fn check_ready(client: &Client, ids: &[String]) -> Result<(), CliError> {
    let mut problems = Vec::new();
    for id in ids {
        let asset = client.get_asset(id).await?;
        match asset.status {
            Some(AssetStatus::Ready) => {}
            Some(AssetStatus::Failed) => {
                problems.push(format!("asset {id} failed processing and cannot be indexed"));
            }
            other => {
                let status = other.map_or_else(|| "unknown".to_string(), |s| s.to_string());
                problems.push(format!(
                    "asset {id} is not ready yet (status {status}): index it once `tl-assets get {id}` says ready"
                ));
            }
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    problems.push("nothing was sent".into());
    Err(CliError::Other(problems.join("; ")))
}

fn index_label(index: &Index) -> String {
    match &index.index_name {
        Some(name) => format!("index {name:?} ({})", index.id),
        None => format!("index {}", index.id),
    }
}

/// The status, and why when it failed (the platform says so in `error.message`).
fn status_text(ia: &IndexedAsset) -> String {
    let status = ia
        .status
        .as_ref()
        .map_or_else(|| "unknown".to_string(), ToString::to_string);
    match &ia.error {
        Some(e) if ia.status == Some(IndexedAssetStatus::Failed) => {
            format!("{status}: {}", crate::format::printable(&e.message))
        }
        _ => status,
    }
}

fn print_results(results: &[IndexedAsset], json: bool, label: &str) -> Result<(), CliError> {
    if json {
        return match results {
            [one] => render::print_json(one),
            many => render::print_json(many),
        };
    }
    let rows: Vec<Vec<String>> = results
        .iter()
        .map(|r| {
            vec![
                r.asset_id.clone().unwrap_or_default(),
                r.id.clone(),
                status_text(r),
            ]
        })
        .collect();
    write!(
        output::stdout(),
        "{}",
        table::render(&["ASSET", "INDEXED ASSET", "STATUS"], &rows)
    )?;
    output::note(format!("in {label}"));
    Ok(())
}
