//! `GET /assets`, `GET /assets/{id}`, `DELETE /assets/{id}` and `GET /assets/{id}/indexed-assets`.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::api::types::{AssetType, IndexRef, IndexedAssetSummary, Page};
use crate::platform::error::ErrorAnswer;
use crate::platform::request::http_util::{Paging, parse_bool, query_one, query_pairs};
use crate::platform::state::Shared;
use crate::platform::store::asset_query::{self, ListFilter};
use crate::platform::store::rows::asset_row::{self, AssetRow};

/// Handles `GET /assets`: filters, newest first, paged.
pub(crate) async fn list(
    State(state): State<Shared>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ErrorAnswer> {
    let pairs = query_pairs(raw.as_deref());
    let paging = Paging::from_pairs(&pairs, &state.limits)?;
    // Reserved multipart assets have no bytes yet and are not listed (the query keeps to
    // `blob_ready = 1`).
    let mut filter = ListFilter {
        ids: pairs
            .iter()
            .filter(|(k, _)| k == "asset_ids")
            .map(|(_, v)| v.clone())
            .collect(),
        ..ListFilter::default()
    };
    for (_, v) in pairs.iter().filter(|(k, _)| k == "asset_types") {
        match AssetType::from(v.as_str()) {
            AssetType::Other(_) => return Err(ErrorAnswer::param_invalid("asset_types")),
            t => filter.kinds.push(t.as_str().to_string()),
        }
    }
    filter.filename = query_one(&pairs, "filename")
        .filter(|f| !f.is_empty())
        .map(str::to_string);
    let (limit, offset) = paging.sql();
    let (listed, total) = state
        .store
        .call_with_names(move |c, names| Ok(asset_query::page(c, names, &filter, limit, offset)?))
        .await?;
    super::asset_page::answer(state, listed, paging.info(total))
}

/// Loads an asset or answers 404.
pub(crate) async fn load_or_404(state: &Shared, id: &str) -> Result<AssetRow, ErrorAnswer> {
    let owned = id.to_string();
    state
        .store
        .find_or_404(id, "assets", move |c| asset_row::load(c, &owned))
        .await
}

/// Handles `GET /assets/{asset_id}`.
pub(crate) async fn retrieve(
    State(state): State<Shared>,
    Path(id): Path<String>,
) -> Result<Response, ErrorAnswer> {
    let row = load_or_404(&state, &id).await?;
    Ok(Json(row.to_detail(&state.file_urls)).into_response())
}

/// Handles `DELETE /assets/{asset_id}?force=`: 409 while indexed assets reference it, unless forced.
pub(crate) async fn delete(
    State(state): State<Shared>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ErrorAnswer> {
    let pairs = query_pairs(raw.as_deref());
    let force = parse_bool("force", query_one(&pairs, "force"))?;
    let owned = id.clone();
    let outcome = state
        .store
        .call(move |c| {
            let tx = c.transaction()?;
            let exists: bool =
                tx.query_row("SELECT COUNT(*) > 0 FROM assets WHERE id = ?1", [&owned], |r| {
                    r.get(0)
                })?;
            if !exists {
                return Err(ErrorAnswer::not_found(&owned, "assets"));
            }
            let refs: i64 = tx.query_row(
                "SELECT COUNT(*) FROM indexed_assets WHERE asset_id = ?1",
                [&owned],
                |r| r.get(0),
            )?;
            if refs > 0 && !force {
                let noun = if refs == 1 {
                    "indexed asset"
                } else {
                    "indexed assets"
                };
                return Err(ErrorAnswer::new(
                    StatusCode::CONFLICT,
                    "asset_referenced",
                    format!(
                        "The asset {owned} is referenced by {refs} {noun}. Set force=true to delete anyway."
                    ),
                ));
            }
            // Nothing may go on naming the asset: its indexed assets go, and entities drop it
            // from their `asset_ids` (entity links never block a delete, forced or not).
            tx.execute("DELETE FROM indexed_assets WHERE asset_id = ?1", [&owned])?;
            tx.execute("DELETE FROM entity_assets WHERE asset_id = ?1", [&owned])?;
            tx.execute("DELETE FROM assets WHERE id = ?1", [&owned])?;
            let uploads: Vec<String> = {
                let mut stmt = tx.prepare("SELECT id FROM uploads WHERE asset_id = ?1")?;
                stmt.query_map([&owned], |r| r.get(0))?
                    .collect::<Result<_, _>>()?
            };
            for u in &uploads {
                tx.execute("DELETE FROM chunks WHERE upload_id = ?1", [u])?;
                tx.execute("DELETE FROM chunk_urls WHERE upload_id = ?1", [u])?;
                tx.execute("DELETE FROM uploads WHERE id = ?1", [u])?;
            }
            tx.commit()?;
            Ok(uploads)
        })
        .await?;
    crate::platform::test_stall::point("platform_delete").await;
    state.blobs.remove_asset_files(&id).await;
    for u in outcome {
        state.blobs.remove_session_file(&u).await;
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Handles `GET /assets/{asset_id}/indexed-assets`: what blocks a plain delete.
pub(crate) async fn indexed_assets(
    State(state): State<Shared>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ErrorAnswer> {
    let pairs = query_pairs(raw.as_deref());
    let paging = Paging::from_pairs(&pairs, &state.limits)?;
    load_or_404(&state, &id).await?;
    let (limit, offset) = paging.sql();
    let (data, total) = state
        .store
        .call(move |c| {
            let total: i64 = c.query_row(
                "SELECT COUNT(*) FROM indexed_assets WHERE asset_id = ?1",
                [&id],
                |r| r.get(0),
            )?;
            let mut stmt = c.prepare(
                "SELECT ia.id, i.id, i.name FROM indexed_assets ia JOIN indexes i ON i.id = ia.index_id \
                 WHERE ia.asset_id = ?1 ORDER BY ia.seq DESC LIMIT ?2 OFFSET ?3",
            )?;
            let data = stmt
                .query_map(rusqlite::params![id, limit, offset], |r| {
                    Ok(IndexedAssetSummary {
                        id: r.get(0)?,
                        index: IndexRef {
                            id: r.get(1)?,
                            name: r.get(2)?,
                        },
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok((data, total.max(0) as u64))
        })
        .await?;
    Ok(Json(Page {
        data,
        page_info: paging.info(total),
    })
    .into_response())
}
