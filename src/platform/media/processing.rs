//! The background job that moves assets from `processing` to `ready` (or `failed`) once their
//! `processing_delay` has passed: probes the blob, fills size/duration/technical metadata and
//! makes thumbnails and HLS when asked. Assets left `processing` by a process that died are
//! picked up again, since the job works from the rows, not from memory.

use std::sync::atomic::Ordering;
use std::time::Duration;

use rusqlite::params;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::api::types::{AssetStatus, AssetType, DerivedStatus, TechnicalMetadata};
use crate::platform::error::ErrorAnswer;
use crate::platform::media::probe::{self, MediaKind, Probed};
use crate::platform::media::rules::{self, Origin};
use crate::platform::media::{derive, document};
use crate::platform::state::{AppState, Shared};
use crate::platform::store::ids::now_ms;
use crate::platform::store::rows::asset_row::{self, AssetRow};

/// How long a process holds an asset it is working on before another process sharing the data
/// dir may take it over. A platform that starts alone on the data dir takes every lease back at
/// once (`store::seed::resume`), so this only matters while several processes share one.
const LEASE: Duration = Duration::from_secs(120);
/// Longest sleep between looks at the table (other processes may add work).
const IDLE_POLL: Duration = Duration::from_millis(500);

/// How many assets are processed at once when the configuration does not say: one per core
/// (probing and thumbnails are CPU work on the blocking pool), at least two so one slow file
/// (a long video through ffmpeg) does not hold up every small one behind it.
pub(crate) fn default_workers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get()).max(2)
}

/// Runs until `stop` turns true, processing up to `state.processing_workers` assets at once;
/// then waits for the ones in hand.
pub(crate) async fn run(state: Shared, mut stop: watch::Receiver<bool>) {
    let workers = state.processing_workers.max(1);
    let mut jobs = JoinSet::new();
    loop {
        if *stop.borrow() {
            break;
        }
        while jobs.try_join_next().is_some() {}
        let free = workers.saturating_sub(jobs.len());
        if free > 0 {
            match claim_due(&state, free).await {
                Ok(ids) => {
                    let more = ids.len() == free;
                    for id in ids {
                        let state = state.clone();
                        jobs.spawn(async move {
                            let _in_flight = InFlight::enter(&state);
                            crate::platform::test_stall::point("platform_process").await;
                            #[cfg(test)]
                            if let Some(gate) = state.process_gate.get() {
                                gate.wait().await;
                            }
                            if let Err(e) = process(&state, &id).await {
                                tracing::warn!(asset = %id, error = ?e, "processing failed");
                            }
                        });
                    }
                    // Every free worker got an asset: more may be due.
                    if more {
                        continue;
                    }
                }
                Err(e) => tracing::warn!(error = ?e, "could not look for due assets"),
            }
        }
        if free == 0 {
            // Every worker is busy: the next look is when one is done (due assets would make
            // `next_due_in` zero and this loop spin).
            tokio::select! {
                _ = jobs.join_next() => {}
                _ = stop.changed() => {}
            }
            continue;
        }
        let wait = next_due_in(&state).await.unwrap_or(IDLE_POLL).min(IDLE_POLL);
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = state.wake.notified() => {}
            _ = stop.changed() => {}
            Some(_) = jobs.join_next(), if !jobs.is_empty() => {}
        }
    }
    while jobs.join_next().await.is_some() {}
}

/// Counts the assets being processed (and the most seen at once), for the pool's tests.
struct InFlight<'a>(&'a AppState);

impl<'a> InFlight<'a> {
    fn enter(state: &'a AppState) -> Self {
        let now = state.processing_now.fetch_add(1, Ordering::SeqCst) + 1;
        state.processing_peak.fetch_max(now, Ordering::SeqCst);
        Self(state)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.processing_now.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Takes the lease on up to `n` due assets, oldest due first, in one write.
async fn claim_due(state: &Shared, n: usize) -> Result<Vec<String>, ErrorAnswer> {
    state
        .store
        .call(move |c| {
            let now = now_ms();
            let mut stmt = c.prepare(
                "UPDATE assets SET lease_ms = ?2 WHERE id IN (SELECT id FROM assets WHERE status = 'processing' \
                 AND blob_ready = 1 AND due_ms <= ?1 AND lease_ms <= ?1 ORDER BY due_ms LIMIT ?3) RETURNING id",
            )?;
            let ids = stmt
                .query_map(params![now, now + LEASE.as_millis() as i64, n as i64], |r| r.get(0))?
                .collect::<Result<Vec<String>, _>>()?;
            Ok(ids)
        })
        .await
}

async fn next_due_in(state: &Shared) -> Option<Duration> {
    let next: Option<i64> = state
        .store
        .call(|c| {
            Ok(c.query_row(
                "SELECT MIN(MAX(due_ms, lease_ms)) FROM assets WHERE status = 'processing' AND blob_ready = 1",
                [],
                |r| r.get(0),
            )?)
        })
        .await
        .ok()
        .flatten();
    next.map(|due| Duration::from_millis((due - now_ms()).max(0) as u64))
}

/// Processes one asset now (also used by seeding).
pub(crate) async fn process(state: &Shared, id: &str) -> Result<(), ErrorAnswer> {
    let Some(row) = ({
        let id = id.to_string();
        state.store.call(move |c| Ok(asset_row::load(c, &id)?)).await?
    }) else {
        return Ok(());
    };
    let blob = state
        .blobs
        .blob_path(id)
        .ok_or_else(|| ErrorAnswer::internal("bad id"))?;
    if row.file_type.as_deref().and_then(AssetType::from_mime) == Some(AssetType::Document) {
        return process_document(state, &row, &blob).await;
    }
    let probe_path = blob.clone();
    let probed = tokio::task::spawn_blocking(move || probe::probe(&probe_path))
        .await
        .map_err(ErrorAnswer::internal)?;
    let outcome = match probed {
        Err(e) => Outcome::failed(format!("The file could not be read: {e}.")),
        Ok((kind, mut p)) => {
            // A duration only the upload knew (an HLS playlist's #EXTINF sum) stands in.
            p.duration = p.duration.or(row.duration);
            // Direct and URL uploads were checked at upload; multipart bytes are checked here.
            let verdict = rules::check(kind, &p, Origin::Multipart, &state.limits);
            match verdict {
                Err(e) => Outcome {
                    tech: Some(technical_metadata(kind, &p)),
                    ..Outcome::failed(e.message)
                },
                Ok(_) => {
                    let derived = derive::make(state, &row, kind, &blob).await;
                    if matches!(kind, MediaKind::Video | MediaKind::Audio) {
                        store_transcript(state, id, &blob).await?;
                    }
                    Outcome {
                        status: AssetStatus::Ready,
                        error: None,
                        mime: Some(p.mime.clone()),
                        size: Some(p.size),
                        duration: matches!(kind, MediaKind::Video | MediaKind::Audio)
                            .then_some(p.duration)
                            .flatten(),
                        tech: Some(technical_metadata(kind, &p)),
                        // Images ignore the HLS flag (it is on by default): no `hls` object.
                        hls: (row.enable_hls && kind != MediaKind::Image).then_some(derived.hls),
                        thumb: row.enable_thumbnail.then_some(derived.thumbnail),
                    }
                }
            }
        }
    };
    save(state, &row, outcome).await
}

/// A document's processing: its fields and, for a PDF, page 1 as the thumbnail.
async fn process_document(state: &Shared, row: &AssetRow, blob: &std::path::Path) -> Result<(), ErrorAnswer> {
    let mime = row.file_type.clone().unwrap_or_default();
    let size = tokio::fs::metadata(blob)
        .await
        .map_err(ErrorAnswer::internal)?
        .len();
    let dir = state.blobs.derived_dir(&row.id);
    let target = match (&dir, row.enable_thumbnail) {
        (Some(dir), true) if tokio::fs::create_dir_all(dir).await.is_ok() => Some(dir.join("thumbnail.jpg")),
        _ => None,
    };
    let done = document::process(blob, &mime, size, target.as_deref()).await;
    let outcome = Outcome {
        status: if done.error.is_some() {
            AssetStatus::Failed
        } else {
            AssetStatus::Ready
        },
        error: done.error,
        mime: None,
        size: Some(size),
        duration: None,
        tech: Some(done.tech),
        hls: None,
        thumb: done.thumbnail.or(Some(DerivedStatus::Error)),
    };
    save(state, row, outcome).await
}

/// Reads the file's text subtitle track, if any, and stores what it says before the asset
/// turns `ready` (so a `ready` asset's transcript is already there).
async fn store_transcript(state: &Shared, id: &str, blob: &std::path::Path) -> Result<(), ErrorAnswer> {
    use crate::platform::media::subtitles::{self, Found};
    use crate::platform::store::rows::transcript_row;
    if let Found::Transcript(t) = subtitles::read(state.ffmpeg.as_deref(), blob).await {
        let id = id.to_string();
        state
            .store
            .call(move |c| Ok(transcript_row::save(c, &id, &t)?))
            .await?;
    }
    Ok(())
}

/// The result of processing one asset.
struct Outcome {
    status: AssetStatus,
    error: Option<String>,
    mime: Option<String>,
    size: Option<u64>,
    duration: Option<f64>,
    tech: Option<TechnicalMetadata>,
    hls: Option<DerivedStatus>,
    thumb: Option<DerivedStatus>,
}

impl Outcome {
    fn failed(message: String) -> Self {
        Self {
            status: AssetStatus::Failed,
            error: Some(message),
            mime: None,
            size: None,
            duration: None,
            tech: None,
            hls: Some(DerivedStatus::Error),
            thumb: Some(DerivedStatus::Error),
        }
    }
}

async fn save(state: &Shared, row: &AssetRow, o: Outcome) -> Result<(), ErrorAnswer> {
    let id = row.id.clone();
    let tech = o.tech.as_ref().and_then(|t| serde_json::to_string(t).ok());
    let (hls, thumb) = (
        row.enable_hls.then_some(o.hls).flatten(),
        row.enable_thumbnail.then_some(o.thumb).flatten(),
    );
    let changed = state
        .store
        .call(move |c| {
            Ok(c.execute(
                "UPDATE assets SET status = ?2, error_message = ?3, file_type = COALESCE(?4, file_type), \
                 size = COALESCE(?5, size), duration = ?6, technical_metadata = ?7, \
                 hls_status = COALESCE(?8, hls_status), thumb_status = COALESCE(?9, thumb_status), lease_ms = 0 \
                 WHERE id = ?1 AND status = 'processing'",
                params![id, o.status, o.error, o.mime, o.size.map(|s| s as i64), o.duration, tech, hls, thumb],
            )?)
        })
        .await?;
    if changed == 0 {
        // Deleted while we worked: do not leave derived files behind.
        state.blobs.remove_asset_files(&row.id).await;
    }
    Ok(())
}

#[cfg(test)]
#[path = "processing_pool_tests.rs"]
mod pool_tests;

/// What probing knows, in the wire shape of `technical_metadata`.
pub(crate) fn technical_metadata(kind: MediaKind, p: &Probed) -> TechnicalMetadata {
    let mut t = TechnicalMetadata {
        file_size_bytes: Some(p.size),
        file_mime_type: Some(p.mime.clone()),
        file_container_format: p.container.clone(),
        ..TechnicalMetadata::default()
    };
    match kind {
        MediaKind::Image => {
            t.image_width = p.width;
            t.image_height = p.height;
            t.image_format = p.mime.strip_prefix("image/").map(str::to_string);
        }
        MediaKind::Video | MediaKind::Audio => {
            if p.video_tracks > 0 {
                t.video_codec = p.video_codec.clone();
                t.video_width = p.width;
                t.video_height = p.height;
                t.video_duration_seconds = p.duration;
                if let (Some(w), Some(h)) = (p.width, p.height) {
                    t.storage_aspect_ratio = Some(f64::from(w) / f64::from(h.max(1)));
                }
            }
            if p.audio_tracks > 0 {
                t.audio_codec = p.audio_codec.clone();
                t.audio_sample_rate = p.sample_rate;
                t.audio_channels = p.channels;
                t.audio_duration_seconds = p.duration;
            }
            t.has_audio = Some(p.audio_tracks > 0);
            t.total_video_streams = Some(p.video_tracks);
            t.total_audio_streams = Some(p.audio_tracks);
        }
        _ => {}
    }
    t
}
