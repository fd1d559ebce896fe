//! The indexed-asset calls: `POST/GET /indexes/{index-id}/indexed-assets` and
//! `GET/PATCH/DELETE …/{indexed-asset-id}`. Indexing is simulated
//! (`store/rows/indexed_asset_row.rs`): the state is worked out from the creation time whenever
//! it is read, so it needs no background job and survives restarts; media an index cannot hold
//! (images, anything but video and audio) ends `failed` with the reason as `error.message`.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rusqlite::params;
use serde_json::{Value, json};

use crate::api::indexable::{media_problem, wrong_media_message};
use crate::api::types::{CreatedIndexedAsset, DerivedStatus, IndexedAssetStatus};
use crate::platform::error::ErrorAnswer;
use crate::platform::request::body_fields::{self, object};
use crate::platform::request::http_util::{
    Paging, Sort, body_bytes, contains_folded, json_from, query_one, query_pairs,
};
use crate::platform::request::metadata_rules::{self, drop_empty, is_kept_empty};
use crate::platform::routes::assets;
use crate::platform::routes::indexes;
use crate::platform::state::Shared;
use crate::platform::store::db::next_seq;
use crate::platform::store::ids::{new_id, now_ms};
use crate::platform::store::rows::indexed_asset_row::{COLUMNS, Stored, from_row, load_or_404};

/// Handles `POST /indexes/{index-id}/indexed-assets` with `{asset_id, enable_video_stream?,
/// user_metadata?}`: 202 with the new id. The asset must be `ready`.
pub(crate) async fn create(
    State(state): State<Shared>,
    Path(index_id): Path<String>,
    body: Body,
) -> Result<Response, ErrorAnswer> {
    indexes::load_or_404(&state, &index_id).await?;
    let bytes = body_bytes(body, state.limits.max_field_bytes).await?;
    let v: Value = json_from(&bytes)?;
    let obj = object(&v)?;
    let asset_id = match obj.get("asset_id") {
        None | Some(Value::Null) => return Err(ErrorAnswer::param_missing("asset_id")),
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(_) => return Err(ErrorAnswer::param_invalid("asset_id")),
    };
    let video_stream = body_fields::boolean(obj, "enable_video_stream")?.unwrap_or(false);
    // `null`, `""` and `[]` keys are dropped (docs/contract.md §16.4).
    let meta = metadata_rules::read_field(&bytes, "user_metadata")?
        .map(drop_empty)
        .filter(|m| !m.is_empty())
        .map(|m| Value::Object(m).to_string());
    let asset = assets::load_or_404(&state, &asset_id).await?;
    if asset.status != crate::api::types::AssetStatus::Ready {
        return Err(ErrorAnswer::bad_request(
            "parameter_invalid",
            format!(
                "The asset_id parameter is invalid. The asset {asset_id} is not ready (status {}); \
                 index it once its status is ready.",
                asset.status
            ),
        ));
    }
    // Media an index cannot hold is accepted, as the service accepts it, and fails once
    // validated, saying why.
    let failure = media_problem(asset.file_type.as_deref()).map(|kind| wrong_media_message(&kind));
    let outcome = if failure.is_some() { "failed" } else { "ready" };
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
                return Err(ErrorAnswer::not_found(&asset_id, "assets"));
            }
            let seq = next_seq(&tx, "indexed_assets")?;
            let now = now_ms();
            tx.execute(
                "INSERT INTO indexed_assets (id, seq, index_id, asset_id, created_ms, outcome, \
                 enable_video_stream, user_metadata, updated_ms, failure) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?5, ?9)",
                params![
                    id,
                    seq,
                    index_id,
                    asset_id,
                    now,
                    outcome,
                    video_stream,
                    meta,
                    failure
                ],
            )?;
            tx.commit()?;
            Ok(())
        })
        .await?;
    Ok((StatusCode::ACCEPTED, Json(out)).into_response())
}

/// The `status` filter: repeated keys, each possibly comma-separated.
fn status_filter(pairs: &[(String, String)]) -> Result<Vec<IndexedAssetStatus>, ErrorAnswer> {
    let mut out = Vec::new();
    for (_, v) in pairs.iter().filter(|(k, _)| k == "status") {
        for s in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match IndexedAssetStatus::from(s) {
                IndexedAssetStatus::Other(_) => {
                    return Err(ErrorAnswer::bad_request(
                        "parameter_invalid",
                        "The status parameter is invalid. It must be one of: pending, queued, validating, indexing, ready, failed.",
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
) -> Result<Response, ErrorAnswer> {
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
    Ok(paging.respond(rows, |r| r.to_wire(delay, now, false)))
}

/// Handles `GET /indexes/{index-id}/indexed-assets/{indexed-asset-id}`.
pub(crate) async fn retrieve(
    State(state): State<Shared>,
    Path((index_id, id)): Path<(String, String)>,
) -> Result<Response, ErrorAnswer> {
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
) -> Result<Value, ErrorAnswer> {
    if !status.is_some_and(IndexedAssetStatus::is_final) {
        return Ok(json!({ "status": "PROCESSING" }));
    }
    let asset = assets::load_or_404(state, &row.asset_id)
        .await?
        .to_detail(&state.file_urls);
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
) -> Result<Response, ErrorAnswer> {
    let row = load_or_404(&state, &index_id, &id).await?;
    let bytes = body_bytes(body, state.limits.max_field_bytes).await?;
    let v: Value = json_from(&bytes)?;
    object(&v)?;
    let patch = metadata_rules::read_field(&bytes, "user_metadata")?.unwrap_or_default();
    let mut merged = row.user_metadata().unwrap_or_default();
    for (k, v) in patch {
        if v.is_null() {
            merged.remove(&k);
        } else if !is_kept_empty(&v) {
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
) -> Result<Response, ErrorAnswer> {
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
        return Err(ErrorAnswer::not_found(&missing, "indexed_assets"));
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}
