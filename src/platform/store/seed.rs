//! Start-up housekeeping (orphan sweep) and the one-time import of sample media.

use std::collections::HashSet;
use std::path::Path;

use rusqlite::params;

use crate::api::types::{AssetStatus, UploadMethod};
use crate::platform::RunningPlatform;
use crate::platform::error::{ErrorAnswer, PlatformError};
use crate::platform::media::probe::{self, MediaKind};
use crate::platform::media::processing;
use crate::platform::store::blobs::{Blobs, TempFile};
use crate::platform::store::db::{Store, meta_get, meta_set};
use crate::platform::store::ids::{new_id, new_token, now_ms};
use crate::platform::store::rows::asset_row::{self, AssetRow};

/// Marker in the `meta` table: samples were imported once into this data dir.
const SEEDED_KEY: &str = "samples_seeded";

fn request_error(e: ErrorAnswer) -> PlatformError {
    PlatformError::Request {
        code: e.code.to_string(),
        message: e.message,
    }
}

/// Brings assets left `processing` by an earlier run (which may have died mid-job) within this
/// run's processing delay, so the job resumes them promptly. With `alone` (no other process
/// holds the data dir) every processing lease belongs to a process that is gone, so they are all
/// taken back now instead of after the lease runs out.
pub(crate) async fn resume(
    store: &Store,
    delay: std::time::Duration,
    alone: bool,
) -> Result<(), PlatformError> {
    let due = now_ms() + delay.as_millis() as i64;
    store
        .call(move |c| {
            Ok(c.execute(
                "UPDATE assets SET due_ms = MIN(due_ms, ?1), lease_ms = CASE WHEN ?2 THEN 0 ELSE lease_ms END \
                 WHERE status = 'processing' AND blob_ready = 1",
                params![due, alone],
            )?)
        })
        .await
        .map_err(request_error)?;
    Ok(())
}

/// Removes files no row points at (temp files of dead processes, blobs of rows that never
/// committed, chunk dirs of vanished sessions).
pub(crate) async fn sweep(store: &Store, blobs: &Blobs, alone: bool) -> Result<(), PlatformError> {
    let (assets, uploads) = store
        .call(|c| {
            let ids = |sql: &str| -> rusqlite::Result<HashSet<String>> {
                let mut stmt = c.prepare(sql)?;
                let set = stmt
                    .query_map([], |r| r.get::<_, String>(0))?
                    .collect::<Result<_, _>>()?;
                Ok(set)
            };
            Ok((
                ids("SELECT id FROM assets")?,
                ids("SELECT id FROM uploads WHERE status = 'active'")?,
            ))
        })
        .await
        .map_err(request_error)?;
    let blobs = blobs.clone();
    let removed = tokio::task::spawn_blocking(move || blobs.sweep_orphans(&assets, &uploads, alone))
        .await
        .map_err(|e| PlatformError::Task(e.to_string()))?;
    if removed > 0 {
        tracing::info!(removed, "removed orphan files");
    }
    Ok(())
}

/// Imports every media file of `dir` as ready assets the first time a data dir is used (a marker
/// in the store remembers it was done, so deleting the samples does not bring them back).
/// Returns how many were imported.
pub async fn seed_samples_once(platform: &RunningPlatform, dir: &Path) -> Result<usize, PlatformError> {
    let state = platform.state().clone();
    let first_time = state
        .store
        .call(|c| {
            let tx = c.transaction()?;
            if meta_get(&tx, SEEDED_KEY)?.is_some() {
                return Ok(false);
            }
            meta_set(&tx, SEEDED_KEY, &now_ms().to_string())?;
            tx.commit()?;
            Ok(true)
        })
        .await
        .map_err(request_error)?;
    if !first_time {
        return Ok(0);
    }
    let mut files: Vec<_> = std::fs::read_dir(dir)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let mut imported = 0;
    for path in files {
        let probe_path = path.clone();
        let Ok(Ok((kind, probed))) = tokio::task::spawn_blocking(move || probe::probe(&probe_path)).await
        else {
            continue;
        };
        if !matches!(kind, MediaKind::Video | MediaKind::Audio | MediaKind::Image) || probed.broken.is_some()
        {
            continue;
        }
        let mut temp = TempFile::create(state.blobs.temp_path()).await?;
        tokio::fs::copy(&path, temp.path()).await?;
        tokio::fs::File::open(temp.path()).await?.sync_all().await?;
        temp.finish().await?;
        let id = new_id();
        let Some(blob) = state.blobs.blob_path(&id) else {
            continue;
        };
        state.blobs.commit(temp.path(), &blob).await?;
        temp.keep();
        let row = AssetRow {
            id: id.clone(),
            method: UploadMethod::Direct,
            status: AssetStatus::Processing,
            filename: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "sample".into()),
            file_type: Some(probed.mime.clone()),
            created_ms: now_ms(),
            user_metadata: None,
            // HLS for what plays, so the preview (`p`) works on the samples from the first start.
            enable_hls: matches!(kind, MediaKind::Video | MediaKind::Audio),
            // An audio file has no picture: asking would only show a thumbnail `error`.
            enable_thumbnail: kind != MediaKind::Audio,
            hls_status: None,
            thumb_status: None,
            file_token: new_token(),
            size: Some(probed.size),
            duration: None,
            technical_metadata: None,
            error_message: None,
            blob_ready: true,
            source: None,
        };
        // Due later than now: this call processes it inline; the job only steps in if that fails.
        let due = now_ms() + 60_000;
        state
            .store
            .call(move |c| Ok(asset_row::insert(c, &row, due)?))
            .await
            .map_err(request_error)?;
        processing::process(&state, &id).await.map_err(request_error)?;
        imported += 1;
    }
    Ok(imported)
}

/// Makes the asset `id` a connector import with `source` (the platform implements no
/// `/connections` calls, so this is how tests and the benches get such an asset). True when
/// the asset exists.
#[doc(hidden)]
#[cfg(any(test, feature = "test-hooks"))]
pub async fn mark_connector(
    platform: &RunningPlatform,
    id: &str,
    source: &crate::api::types::AssetSource,
) -> Result<bool, PlatformError> {
    let id = id.to_string();
    let text = serde_json::to_string(source).map_err(|e| PlatformError::InvalidSetting(e.to_string()))?;
    platform
        .state()
        .store
        .call(move |c| {
            Ok(c.execute(
                "UPDATE assets SET method = 'connector', source = ?2 WHERE id = ?1",
                rusqlite::params![id, text],
            )? == 1)
        })
        .await
        .map_err(request_error)
}
