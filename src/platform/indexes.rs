//! The index calls of §15.9, just far enough that an asset can be referenced by an indexed
//! asset (making a plain delete answer 409) and the reference removed again.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rusqlite::{OptionalExtension, params};
use serde_json::{Value, json};

use super::assets_routes::load_or_404;
use super::error::ApiError;
use super::http_util::{Paging, json_body, query_pairs};
use super::ids::{new_id, now_ms, rfc3339};
use super::state::Shared;
use super::store::next_seq;

fn index_json(
    id: &str,
    name: &str,
    models: &str,
    addons: Option<&str>,
    created_ms: i64,
    videos: i64,
) -> Value {
    let mut v = json!({
        "_id": id,
        "index_name": name,
        "models": serde_json::from_str::<Value>(models).unwrap_or(Value::Array(vec![])),
        "created_at": rfc3339(created_ms),
        "updated_at": rfc3339(created_ms),
        "video_count": videos,
        "total_duration": 0,
    });
    if let Some(a) = addons.and_then(|a| serde_json::from_str::<Value>(a).ok()) {
        v["addons"] = a;
    }
    v
}

/// Handles `POST /indexes`.
pub(crate) async fn create(State(state): State<Shared>, body: Body) -> Result<Response, ApiError> {
    let v: Value = json_body(body, state.limits.max_field_bytes).await?;
    let name = v
        .get("index_name")
        .and_then(Value::as_str)
        .map(str::trim)
        .unwrap_or("");
    if name.is_empty() {
        return Err(ApiError::param_missing("index_name"));
    }
    let models = v
        .get("models")
        .filter(|m| m.as_array().is_some_and(|a| !a.is_empty()));
    let Some(models) = models else {
        return Err(ApiError::param_missing("models"));
    };
    let (name, models, addons) = (
        name.to_string(),
        models.to_string(),
        v.get("addons").map(Value::to_string),
    );
    let id = new_id();
    let out = id.clone();
    state
        .store
        .call(move |c| {
            let taken: bool = c.query_row("SELECT COUNT(*) > 0 FROM indexes WHERE name = ?1", [&name], |r| r.get(0))?;
            if taken {
                return Ok(Err(ApiError::bad_request(
                    "index_name_already_exists",
                    format!("The index name {name} is already in use. Please choose another name."),
                )));
            }
            let seq = next_seq(c, "indexes")?;
            c.execute(
                "INSERT INTO indexes (id, seq, name, models, addons, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, seq, name, models, addons, now_ms()],
            )?;
            Ok(Ok(()))
        })
        .await??;
    Ok((StatusCode::CREATED, Json(json!({ "_id": out }))).into_response())
}

/// Handles `GET /indexes`.
pub(crate) async fn list(State(state): State<Shared>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let paging = Paging::from_pairs(&query_pairs(raw.as_deref()), &state.limits)?;
    let (limit, offset) = paging.sql();
    let (data, total) = state
        .store
        .call(move |c| {
            let total: i64 = c.query_row("SELECT COUNT(*) FROM indexes", [], |r| r.get(0))?;
            let mut stmt = c.prepare(
                "SELECT i.id, i.name, i.models, i.addons, i.created_ms, \
                 (SELECT COUNT(*) FROM indexed_assets ia WHERE ia.index_id = i.id) \
                 FROM indexes i ORDER BY seq DESC LIMIT ?1 OFFSET ?2",
            )?;
            let data = stmt
                .query_map(params![limit, offset], |r| {
                    let (id, name, models, addons): (String, String, String, Option<String>) =
                        (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
                    Ok(index_json(
                        &id,
                        &name,
                        &models,
                        addons.as_deref(),
                        r.get(4)?,
                        r.get(5)?,
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok((data, total.max(0) as u64))
        })
        .await?;
    Ok(Json(json!({ "data": data, "page_info": paging.info(total) })).into_response())
}

async fn load_index(state: &Shared, id: &str) -> Result<Value, ApiError> {
    let owned = id.to_string();
    state
        .store
        .call(move |c| {
            Ok(c.query_row(
                "SELECT i.id, i.name, i.models, i.addons, i.created_ms, \
                 (SELECT COUNT(*) FROM indexed_assets ia WHERE ia.index_id = i.id) FROM indexes i WHERE id = ?1",
                [&owned],
                |r| {
                    let (id, name, models, addons): (String, String, String, Option<String>) =
                        (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
                    Ok(index_json(&id, &name, &models, addons.as_deref(), r.get(4)?, r.get(5)?))
                },
            )
            .optional()?)
        })
        .await?
        .ok_or_else(|| ApiError::not_found(id, "indexes"))
}

/// Handles `GET /indexes/{index_id}`.
pub(crate) async fn retrieve(
    State(state): State<Shared>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    Ok(Json(load_index(&state, &id).await?).into_response())
}

/// Handles `DELETE /indexes/{index_id}`: the index and its indexed assets go.
pub(crate) async fn delete(
    State(state): State<Shared>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    load_index(&state, &id).await?;
    state
        .store
        .call(move |c| {
            let tx = c.transaction()?;
            tx.execute("DELETE FROM indexed_assets WHERE index_id = ?1", [&id])?;
            tx.execute("DELETE FROM indexes WHERE id = ?1", [&id])?;
            tx.commit()?;
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Handles `POST /indexes/{index_id}/indexed-assets` with `{asset_id}`: 202 with the new id.
pub(crate) async fn add_asset(
    State(state): State<Shared>,
    Path(index_id): Path<String>,
    body: Body,
) -> Result<Response, ApiError> {
    load_index(&state, &index_id).await?;
    let v: Value = json_body(body, state.limits.max_field_bytes).await?;
    let asset_id = v
        .get("asset_id")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::param_missing("asset_id"))?;
    let asset = load_or_404(&state, asset_id).await?;
    if asset.status != crate::api::types::AssetStatus::Ready {
        return Err(ApiError::bad_request(
            "parameter_invalid",
            format!(
                "The asset_id parameter is invalid. The asset {asset_id} is not ready (status {}).",
                asset.status
            ),
        ));
    }
    let (id, asset_id) = (new_id(), asset_id.to_string());
    let out = json!({ "_id": id, "asset_id": asset_id });
    state
        .store
        .call(move |c| {
            let seq = next_seq(c, "indexed_assets")?;
            c.execute(
                "INSERT INTO indexed_assets (id, seq, index_id, asset_id, created_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, seq, index_id, asset_id, now_ms()],
            )?;
            Ok(())
        })
        .await?;
    Ok((StatusCode::ACCEPTED, Json(out)).into_response())
}

/// Handles `GET /indexes/{index_id}/indexed-assets`.
pub(crate) async fn list_assets(
    State(state): State<Shared>,
    Path(index_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let paging = Paging::from_pairs(&query_pairs(raw.as_deref()), &state.limits)?;
    load_index(&state, &index_id).await?;
    let (limit, offset) = paging.sql();
    let (data, total) = state
        .store
        .call(move |c| {
            let total: i64 = c.query_row(
                "SELECT COUNT(*) FROM indexed_assets WHERE index_id = ?1",
                [&index_id],
                |r| r.get(0),
            )?;
            let mut stmt = c.prepare(
                "SELECT id, asset_id, created_ms FROM indexed_assets WHERE index_id = ?1 \
                 ORDER BY seq DESC LIMIT ?2 OFFSET ?3",
            )?;
            let data = stmt
                .query_map(params![index_id, limit, offset], |r| {
                    let (id, asset_id, ms): (String, String, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
                    Ok(json!({
                        "_id": id, "asset_id": asset_id, "status": "ready",
                        "created_at": rfc3339(ms), "updated_at": rfc3339(ms), "indexed_at": rfc3339(ms),
                    }))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok((data, total.max(0) as u64))
        })
        .await?;
    Ok(Json(json!({ "data": data, "page_info": paging.info(total) })).into_response())
}

/// Handles `DELETE /indexes/{index_id}/indexed-assets/{indexed_asset_id}`.
pub(crate) async fn remove_asset(
    State(state): State<Shared>,
    Path((index_id, ia_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let missing = ia_id.clone();
    let removed = state
        .store
        .call(move |c| {
            Ok(c.execute(
                "DELETE FROM indexed_assets WHERE id = ?1 AND index_id = ?2",
                params![ia_id, index_id],
            )?)
        })
        .await?;
    if removed == 0 {
        return Err(ApiError::not_found(&missing, "indexed_assets"));
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}
