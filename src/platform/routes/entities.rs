//! The entity calls of one collection: `GET/POST …/entities`, `POST …/entities/bulk` and
//! `GET/PATCH/DELETE …/entities/{entity_id}`. Every entity names at least one existing asset.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rusqlite::params;
use serde_json::Value;

use crate::api::types::{BulkCreateEntitiesResponse, BulkCreatedEntity, BulkEntityError, EntityStatus};
use crate::platform::error::ErrorAnswer;
use crate::platform::request::body_fields::{self, object};
use crate::platform::request::http_util::{Paging, Sort, contains_folded, json_body, query_one, query_pairs};
use crate::platform::routes::entity_collections::{self, SORT_FIELDS};
use crate::platform::state::Shared;
use crate::platform::store::ids::now_ms;
use crate::platform::store::rows::entity_row::{
    self, EntityRow, NewEntity, first_missing_asset, unknown_asset,
};

/// Most entities one bulk create may hold.
const MAX_BULK: usize = 100;

/// Loads an entity of a collection, or answers 404 for either.
pub(crate) async fn load_or_404(
    state: &Shared,
    collection_id: &str,
    id: &str,
) -> Result<EntityRow, ErrorAnswer> {
    entity_collections::load_or_404(state, collection_id).await?;
    let (cid, owned) = (collection_id.to_string(), id.to_string());
    state
        .store
        .find_or_404(id, "entities", move |c| entity_row::load(c, &cid, &owned))
        .await
}

/// Handles `GET …/entities`: `name` and `status` filters.
pub(crate) async fn list(
    State(state): State<Shared>,
    Path(cid): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ErrorAnswer> {
    let pairs = query_pairs(raw.as_deref());
    let paging = Paging::from_pairs(&pairs, &state.limits)?;
    let sort = Sort::from_pairs(&pairs, SORT_FIELDS)?;
    let name = query_one(&pairs, "name")
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    let status = match query_one(&pairs, "status")
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(s) => match EntityStatus::from(s) {
            EntityStatus::Other(_) => {
                return Err(ErrorAnswer::bad_request(
                    "parameter_invalid",
                    "The status parameter is invalid. It must be processing or ready.",
                ));
            }
            known => Some(known),
        },
    };
    entity_collections::load_or_404(&state, &cid).await?;
    let rows = state
        .store
        .call(move |c| Ok(entity_row::in_collection(c, &cid)?))
        .await?;
    let (delay, now) = (state.processing_delay, now_ms());
    let mut rows: Vec<(EntityRow, _)> = rows
        .into_iter()
        .map(|r| {
            let wire = r.to_wire(delay, now);
            (r, wire)
        })
        .filter(|(r, w)| {
            name.as_deref().is_none_or(|n| contains_folded(&r.name, n))
                && status.as_ref().is_none_or(|s| w.status.as_ref() == Some(s))
        })
        .collect();
    sort.apply(&mut rows, |(r, _), by| match by {
        "name" => (r.name.to_lowercase(), 0, r.seq),
        "updated_at" => (String::new(), r.updated_ms, r.seq),
        _ => (String::new(), r.created_ms, r.seq),
    });
    Ok(paging.respond(rows, |(_, w)| w))
}

/// Handles `POST …/entities`: 201 with the entity (`processing` at first).
pub(crate) async fn create(
    State(state): State<Shared>,
    Path(cid): Path<String>,
    body: Body,
) -> Result<Response, ErrorAnswer> {
    entity_collections::load_or_404(&state, &cid).await?;
    let v: Value = json_body(body, state.limits.max_field_bytes).await?;
    let new = NewEntity::parse(&v)?;
    let row = state
        .store
        .call(move |c| {
            let tx = c.transaction()?;
            if let Some(missing) = first_missing_asset(&tx, &new.asset_ids)? {
                return Err(unknown_asset(&missing));
            }
            let row = entity_row::insert(&tx, &cid, &new, now_ms())?;
            tx.commit()?;
            Ok(row)
        })
        .await?;
    // The state as of the creation itself: a slow answer must not claim it is ready already.
    let wire = row.to_wire(state.processing_delay, row.changed_ms);
    Ok((StatusCode::CREATED, Json(wire)).into_response())
}

/// Handles `POST …/entities/bulk` with `{entities: [...]}`: creates each valid entity; the
/// others are listed in `errors` by position. 201 even when some failed.
pub(crate) async fn create_bulk(
    State(state): State<Shared>,
    Path(cid): Path<String>,
    body: Body,
) -> Result<Response, ErrorAnswer> {
    entity_collections::load_or_404(&state, &cid).await?;
    let v: Value = json_body(body, state.limits.max_field_bytes).await?;
    let items = match object(&v)?.get("entities") {
        None | Some(Value::Null) => return Err(ErrorAnswer::param_missing("entities")),
        // The schema sets no minimum: an empty array creates nothing and says so (201, counts 0).
        Some(Value::Array(a)) if a.len() <= MAX_BULK => a.clone(),
        Some(_) => {
            return Err(ErrorAnswer::bad_request(
                "parameter_invalid",
                format!(
                    "The entities parameter is invalid. It must be an array of at most {MAX_BULK} entities."
                ),
            ));
        }
    };
    let parsed: Vec<(Option<String>, Result<NewEntity, ErrorAnswer>)> = items
        .iter()
        .map(|item| {
            let name = item.get("name").and_then(Value::as_str).map(str::to_string);
            (name, NewEntity::parse(item))
        })
        .collect();
    let answer = state
        .store
        .call(move |c| {
            let tx = c.transaction()?;
            let mut answer = BulkCreateEntitiesResponse {
                success_count: 0,
                failed_count: 0,
                entities: Vec::new(),
                errors: Vec::new(),
            };
            let now = now_ms();
            for (i, (name, new)) in parsed.into_iter().enumerate() {
                let checked = match new {
                    Ok(new) => match first_missing_asset(&tx, &new.asset_ids)? {
                        Some(missing) => Err(unknown_asset(&missing)),
                        None => Ok(new),
                    },
                    Err(e) => Err(e),
                };
                match checked {
                    Ok(new) => {
                        let row = entity_row::insert(&tx, &cid, &new, now)?;
                        answer.success_count += 1;
                        answer.entities.push(BulkCreatedEntity {
                            id: row.id,
                            name: Some(row.name),
                            status: Some(EntityStatus::Processing.as_str().to_string()),
                        });
                    }
                    Err(e) => {
                        answer.failed_count += 1;
                        answer.errors.push(BulkEntityError {
                            entity_index: u32::try_from(i).unwrap_or(u32::MAX),
                            entity_name: name,
                            error_reason: e.message,
                        });
                    }
                }
            }
            tx.commit()?;
            Ok(answer)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

/// Handles `GET …/entities/{entity_id}`.
pub(crate) async fn retrieve(
    State(state): State<Shared>,
    Path((cid, id)): Path<(String, String)>,
) -> Result<Response, ErrorAnswer> {
    let row = load_or_404(&state, &cid, &id).await?;
    Ok(Json(row.to_wire(state.processing_delay, now_ms())).into_response())
}

/// Handles `PATCH …/entities/{entity_id}` with `{name?, description?, metadata?}` (`metadata`
/// replaces the whole set); the assets are left as they are. 200 with the entity.
pub(crate) async fn update(
    State(state): State<Shared>,
    Path((cid, id)): Path<(String, String)>,
    body: Body,
) -> Result<Response, ErrorAnswer> {
    load_or_404(&state, &cid, &id).await?;
    let v: Value = json_body(body, state.limits.max_field_bytes).await?;
    let obj = object(&v)?;
    let name = body_fields::optional_name(obj, "name")?;
    let description = body_fields::description(obj, "description")?;
    let metadata = body_fields::metadata(obj, "metadata", false)?;
    let meta_given = metadata.is_some();
    let meta_text = metadata
        .filter(|m| !m.is_empty())
        .map(|m| Value::Object(m).to_string());
    let missing = id.clone();
    let row = state
        .store
        .call(move |c| {
            c.execute(
                "UPDATE entities SET name = COALESCE(?3, name), description = COALESCE(?4, description), \
                 metadata = CASE WHEN ?5 THEN ?6 ELSE metadata END, updated_ms = ?7 \
                 WHERE id = ?1 AND collection_id = ?2",
                params![id, cid, name, description, meta_given, meta_text, now_ms()],
            )?;
            Ok(entity_row::load(c, &cid, &id)?)
        })
        .await?
        .ok_or_else(|| ErrorAnswer::not_found(&missing, "entities"))?;
    Ok(Json(row.to_wire(state.processing_delay, now_ms())).into_response())
}

/// Handles `DELETE …/entities/{entity_id}` (204); the assets stay.
pub(crate) async fn delete(
    State(state): State<Shared>,
    Path((cid, id)): Path<(String, String)>,
) -> Result<Response, ErrorAnswer> {
    load_or_404(&state, &cid, &id).await?;
    state
        .store
        .call(move |c| {
            let tx = c.transaction()?;
            tx.execute("DELETE FROM entity_assets WHERE entity_id = ?1", [&id])?;
            tx.execute(
                "DELETE FROM entities WHERE id = ?1 AND collection_id = ?2",
                params![id, cid],
            )?;
            tx.commit()?;
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
