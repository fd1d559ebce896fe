//! The indexed-asset calls: `POST/GET /indexes/{index-id}/indexed-assets` and
//! `GET/PATCH/DELETE …/{indexed-asset-id}`. Indexing is simulated: an indexed asset goes
//! `pending → queued → indexing` in equal steps over the processing delay, then `ready` (or
//! `failed` for media an index cannot hold: images). The state is worked out from the creation
//! time whenever it is read, so it needs no background job and survives restarts.

use std::time::Duration;

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde_json::{Value, json};

use super::assets_routes;
use super::body_fields::{self, object};
use super::error::ApiError;
use super::http_util::{Paging, Sort, contains_folded, json_body, query_one, query_pairs};
use super::ids::{new_id, now_ms, rfc3339};
use super::indexes;
use super::state::Shared;
use super::store::next_seq;
use crate::api::types::{
    AssetType, CreatedIndexedAsset, DerivedStatus, IndexedAsset, IndexedAssetStatus, IndexedSystemMetadata,
    Page, UserMetadata,
};

const COLUMNS: &str = "ia.id, ia.asset_id, ia.created_ms, ia.outcome, ia.enable_video_stream, ia.user_metadata, \
     COALESCE(ia.updated_ms, ia.created_ms), ia.seq, a.filename, a.duration, a.size, a.technical_metadata";

/// An indexed asset as stored.
struct Stored {
    id: String,
    asset_id: String,
    created_ms: i64,
    outcome: String,
    video_stream: bool,
    /// Raw JSON, parsed only for the rows a page shows (a list may hold thousands).
    user_metadata: Option<String>,
    updated_ms: i64,
    seq: i64,
    filename: Option<String>,
    duration: Option<f64>,
    size: Option<i64>,
    /// The asset's raw technical metadata, parsed like `user_metadata`.
    tech: Option<String>,
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Stored> {
    Ok(Stored {
        id: r.get(0)?,
        asset_id: r.get(1)?,
        created_ms: r.get(2)?,
        outcome: r.get(3)?,
        video_stream: r.get(4)?,
        user_metadata: r.get(5)?,
        updated_ms: r.get(6)?,
        seq: r.get(7)?,
        filename: r.get(8)?,
        duration: r.get(9)?,
        size: r.get(10)?,
        tech: r.get(11)?,
    })
}

/// Where indexing is at `now`: the state, since when, and when it finished (once final).
fn progress(
    outcome: &str,
    created_ms: i64,
    now: i64,
    delay: Duration,
) -> (IndexedAssetStatus, i64, Option<i64>) {
    let delay = i64::try_from(delay.as_millis()).unwrap_or(i64::MAX);
    let elapsed = now.saturating_sub(created_ms).max(0);
    if elapsed >= delay {
        let done = created_ms.saturating_add(delay);
        let status = if outcome == "failed" {
            IndexedAssetStatus::Failed
        } else {
            IndexedAssetStatus::Ready
        };
        return (status, done, Some(done));
    }
    let step = (elapsed.saturating_mul(3) / delay.max(1)).clamp(0, 2);
    let status = match step {
        0 => IndexedAssetStatus::Pending,
        1 => IndexedAssetStatus::Queued,
        _ => IndexedAssetStatus::Indexing,
    };
    (status, created_ms + step * delay / 3, None)
}

/// The parts of an asset's technical metadata an indexed asset shows.
#[derive(serde::Deserialize)]
struct Picture {
    video_fps: Option<f64>,
    video_width: Option<u32>,
    video_height: Option<u32>,
}

impl Stored {
    fn user_metadata(&self) -> Option<UserMetadata> {
        let text = self.user_metadata.as_deref()?;
        serde_json::from_str::<UserMetadata>(text)
            .ok()
            .filter(|m| !m.is_empty())
    }

    fn picture(&self) -> Option<Picture> {
        serde_json::from_str(self.tech.as_deref()?).ok()
    }

    fn status(&self, delay: Duration, now: i64) -> IndexedAssetStatus {
        progress(&self.outcome, self.created_ms, now, delay).0
    }

    /// The list-item form; `detailed` adds user metadata.
    fn to_wire(&self, delay: Duration, now: i64, detailed: bool) -> IndexedAsset {
        let (status, since, done) = progress(&self.outcome, self.created_ms, now, delay);
        let tech = self.picture();
        let tech = tech.as_ref();
        IndexedAsset {
            id: self.id.clone(),
            asset_id: Some(self.asset_id.clone()),
            status: Some(status),
            created_at: Some(rfc3339(self.created_ms)),
            updated_at: Some(rfc3339(since.max(self.updated_ms))),
            indexed_at: done.map(rfc3339),
            system_metadata: Some(IndexedSystemMetadata {
                filename: self.filename.clone(),
                duration: self.duration,
                fps: tech.and_then(|t| t.video_fps),
                width: tech.and_then(|t| t.video_width),
                height: tech.and_then(|t| t.video_height),
                size: self.size.map(|s| s.max(0) as u64),
            }),
            user_metadata: detailed.then(|| self.user_metadata()).flatten(),
            hls: None,
        }
    }
}

fn load(c: &Connection, index_id: &str, id: &str) -> rusqlite::Result<Option<Stored>> {
    c.query_row(
        &format!(
            "SELECT {COLUMNS} FROM indexed_assets ia LEFT JOIN assets a ON a.id = ia.asset_id \
             WHERE ia.id = ?1 AND ia.index_id = ?2"
        ),
        params![id, index_id],
        from_row,
    )
    .optional()
}

async fn load_or_404(state: &Shared, index_id: &str, id: &str) -> Result<Stored, ApiError> {
    indexes::load_or_404(state, index_id).await?;
    let (index_id, owned) = (index_id.to_string(), id.to_string());
    state
        .store
        .find_or_404(id, "indexed_assets", move |c| load(c, &index_id, &owned))
        .await
}

/// Handles `POST /indexes/{index-id}/indexed-assets` with `{asset_id, enable_video_stream?,
/// user_metadata?}`: 202 with the new id. The asset must be `ready`.
pub(crate) async fn create(
    State(state): State<Shared>,
    Path(index_id): Path<String>,
    body: Body,
) -> Result<Response, ApiError> {
    indexes::load_or_404(&state, &index_id).await?;
    let v: Value = json_body(body, state.limits.max_field_bytes).await?;
    let obj = object(&v)?;
    let asset_id = match obj.get("asset_id") {
        None | Some(Value::Null) => return Err(ApiError::param_missing("asset_id")),
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(_) => return Err(ApiError::param_invalid("asset_id")),
    };
    let video_stream = body_fields::boolean(obj, "enable_video_stream")?.unwrap_or(false);
    let meta = body_fields::metadata(obj, "user_metadata", false)?
        .filter(|m| !m.is_empty())
        .map(|m| Value::Object(m).to_string());
    let asset = assets_routes::load_or_404(&state, &asset_id).await?;
    if asset.status != crate::api::types::AssetStatus::Ready {
        return Err(ApiError::bad_request(
            "parameter_invalid",
            format!(
                "The asset_id parameter is invalid. The asset {asset_id} is not ready (status {}); \
                 index it once its status is ready.",
                asset.status
            ),
        ));
    }
    let image = asset.file_type.as_deref().and_then(AssetType::from_mime) == Some(AssetType::Image);
    let outcome = if image { "failed" } else { "ready" };
    let id = new_id();
    let out = CreatedIndexedAsset {
        id: id.clone(),
        asset_id: Some(asset_id.clone()),
    };
    state
        .store
        .call(move |c| {
            let tx = c.transaction()?;
            // The asset may have gone since it was read: never leave a reference to nothing.
            if !tx.query_row::<bool, _, _>(
                "SELECT COUNT(*) > 0 FROM assets WHERE id = ?1",
                [&asset_id],
                |r| r.get(0),
            )? {
                return Ok(Err(ApiError::not_found(&asset_id, "assets")));
            }
            let seq = next_seq(&tx, "indexed_assets")?;
            let now = now_ms();
            tx.execute(
                "INSERT INTO indexed_assets (id, seq, index_id, asset_id, created_ms, outcome, \
                 enable_video_stream, user_metadata, updated_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?5)",
                params![id, seq, index_id, asset_id, now, outcome, video_stream, meta],
            )?;
            tx.commit()?;
            Ok(Ok(()))
        })
        .await??;
    Ok((StatusCode::ACCEPTED, Json(out)).into_response())
}

/// The `status` filter: repeated keys, each possibly comma-separated.
fn status_filter(pairs: &[(String, String)]) -> Result<Vec<IndexedAssetStatus>, ApiError> {
    let mut out = Vec::new();
    for (_, v) in pairs.iter().filter(|(k, _)| k == "status") {
        for s in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match IndexedAssetStatus::from(s) {
                IndexedAssetStatus::Other(_) => {
                    return Err(ApiError::bad_request(
                        "parameter_invalid",
                        "The status parameter is invalid. It must be one of: pending, queued, indexing, ready, failed.",
                    ));
                }
                known => out.push(known),
            }
        }
    }
    Ok(out)
}

/// Handles `GET /indexes/{index-id}/indexed-assets`: `status` and `filename` filters.
pub(crate) async fn list(
    State(state): State<Shared>,
    Path(index_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let pairs = query_pairs(raw.as_deref());
    let paging = Paging::from_pairs(&pairs, &state.limits)?;
    let sort = Sort::from_pairs(&pairs, &["created_at", "updated_at"])?;
    let statuses = status_filter(&pairs)?;
    let filename = query_one(&pairs, "filename")
        .filter(|f| !f.is_empty())
        .map(str::to_string);
    indexes::load_or_404(&state, &index_id).await?;
    let mut rows = state
        .store
        .call(move |c| {
            let mut stmt = c.prepare(&format!(
                "SELECT {COLUMNS} FROM indexed_assets ia LEFT JOIN assets a ON a.id = ia.asset_id \
                 WHERE ia.index_id = ?1"
            ))?;
            let rows = stmt
                .query_map([&index_id], from_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .await?;
    let (delay, now) = (state.processing_delay, now_ms());
    rows.retain(|r| {
        (statuses.is_empty() || statuses.contains(&r.status(delay, now)))
            && filename
                .as_deref()
                .is_none_or(|f| r.filename.as_deref().is_some_and(|n| contains_folded(n, f)))
    });
    sort.apply(&mut rows, |r, by| {
        let ms = if by == "updated_at" {
            r.updated_ms
        } else {
            r.created_ms
        };
        (ms, r.seq)
    });
    let (page, total) = paging.slice(rows);
    Ok(Json(Page {
        data: page.iter().map(|r| r.to_wire(delay, now, false)).collect(),
        page_info: paging.info(total),
    })
    .into_response())
}

/// Handles `GET /indexes/{index-id}/indexed-assets/{indexed-asset-id}`.
pub(crate) async fn retrieve(
    State(state): State<Shared>,
    Path((index_id, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let row = load_or_404(&state, &index_id, &id).await?;
    let mut wire = row.to_wire(state.processing_delay, now_ms(), true);
    if row.video_stream {
        wire.hls = Some(stream_of(&state, &row, wire.status.as_ref()).await?);
    }
    Ok(Json(wire).into_response())
}

/// The `hls` object of an indexed asset asked to keep a stream: the asset's own HLS rendition.
async fn stream_of(
    state: &Shared,
    row: &Stored,
    status: Option<&IndexedAssetStatus>,
) -> Result<Value, ApiError> {
    if !status.is_some_and(IndexedAssetStatus::is_final) {
        return Ok(json!({ "status": "PROCESSING" }));
    }
    let asset = assets_routes::load_or_404(state, &row.asset_id)
        .await?
        .to_detail(&state.origin);
    Ok(match asset.hls {
        Some(h) if h.status == DerivedStatus::Ready => {
            json!({ "status": "COMPLETE", "video_url": h.manifest_url })
        }
        _ => json!({ "status": "ERROR" }),
    })
}

/// Handles `PATCH …/indexed-assets/{indexed-asset-id}` with `{user_metadata}`: merges (a `null`
/// value removes the key); 204.
pub(crate) async fn update(
    State(state): State<Shared>,
    Path((index_id, id)): Path<(String, String)>,
    body: Body,
) -> Result<Response, ApiError> {
    let row = load_or_404(&state, &index_id, &id).await?;
    let v: Value = json_body(body, state.limits.max_field_bytes).await?;
    let patch = body_fields::metadata(object(&v)?, "user_metadata", true)?.unwrap_or_default();
    let mut merged = row.user_metadata().unwrap_or_default();
    for (k, v) in patch {
        if v.is_null() {
            merged.remove(&k);
        } else {
            merged.insert(k, v);
        }
    }
    let text = (!merged.is_empty()).then(|| Value::Object(merged).to_string());
    state
        .store
        .call(move |c| {
            c.execute(
                "UPDATE indexed_assets SET user_metadata = ?2, updated_ms = ?3 WHERE id = ?1",
                params![id, text, now_ms()],
            )?;
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Handles `DELETE …/indexed-assets/{indexed-asset-id}` (204).
pub(crate) async fn delete(
    State(state): State<Shared>,
    Path((index_id, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    indexes::load_or_404(&state, &index_id).await?;
    let missing = id.clone();
    let removed = state
        .store
        .call(move |c| {
            Ok(c.execute(
                "DELETE FROM indexed_assets WHERE id = ?1 AND index_id = ?2",
                params![id, index_id],
            )?)
        })
        .await?;
    if removed == 0 {
        return Err(ApiError::not_found(&missing, "indexed_assets"));
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexing_steps_through_every_state_over_the_delay() {
        let d = Duration::from_millis(300);
        let at = |ms: i64| progress("ready", 1000, 1000 + ms, d).0;
        assert_eq!(at(0), IndexedAssetStatus::Pending);
        assert_eq!(at(100), IndexedAssetStatus::Queued);
        assert_eq!(at(250), IndexedAssetStatus::Indexing);
        assert_eq!(at(300), IndexedAssetStatus::Ready);
        assert_eq!(progress("failed", 1000, 1300, d).0, IndexedAssetStatus::Failed);
        assert_eq!(progress("ready", 1000, 1000, Duration::ZERO).2, Some(1000));
        // A clock that went back reads as just created, not as a panic.
        assert_eq!(progress("ready", 5000, 1000, d).0, IndexedAssetStatus::Pending);
    }
}
