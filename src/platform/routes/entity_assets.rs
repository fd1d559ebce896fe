//! An entity's assets: `POST` and `DELETE …/entities/{entity_id}/assets` (the last asset cannot
//! be removed), and `GET /assets/{asset_id}/entities`, the entities that name an asset.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use rusqlite::params;
use serde_json::Value;

use crate::platform::error::ErrorAnswer;
use crate::platform::request::body_fields::object;
use crate::platform::request::http_util::{Paging, json_body, query_pairs};
use crate::platform::routes::assets;
use crate::platform::routes::entities::load_or_404;
use crate::platform::state::Shared;
use crate::platform::store::ids::now_ms;
use crate::platform::store::rows::entity_row::{self, first_missing_asset, unknown_asset};

async fn asset_ids_of(state: &Shared, body: Body) -> Result<Vec<String>, ErrorAnswer> {
    let v: Value = json_body(body, state.limits.max_field_bytes).await?;
    entity_row::asset_ids(object(&v)?)
}

/// Handles `POST …/entities/{entity_id}/assets` with `{asset_ids}`: adds the assets not yet
/// linked; 200 with the entity (`processing` again while it takes them in).
pub(crate) async fn add(
    State(state): State<Shared>,
    Path((cid, id)): Path<(String, String)>,
    body: Body,
) -> Result<Response, ErrorAnswer> {
    load_or_404(&state, &cid, &id).await?;
    let ids = asset_ids_of(&state, body).await?;
    let row = state
        .store
        .call(move |c| {
            let tx = c.transaction()?;
            if let Some(missing) = first_missing_asset(&tx, &ids)? {
                return Err(unknown_asset(&missing));
            }
            entity_row::link_assets(&tx, &id, &ids)?;
            let now = now_ms();
            tx.execute(
                "UPDATE entities SET changed_ms = ?2, updated_ms = ?2 WHERE id = ?1",
                params![id, now],
            )?;
            let row = entity_row::load(&tx, &cid, &id)?;
            tx.commit()?;
            Ok(row)
        })
        .await?
        .ok_or_else(|| ErrorAnswer::internal("entity gone inside its own transaction"))?;
    Ok(Json(row.to_wire(state.processing_delay, now_ms())).into_response())
}

/// Handles `DELETE …/entities/{entity_id}/assets` with `{asset_ids}`: unlinks them (never
/// deletes them); refused when none of them is linked or when no asset would be left.
pub(crate) async fn remove(
    State(state): State<Shared>,
    Path((cid, id)): Path<(String, String)>,
    body: Body,
) -> Result<Response, ErrorAnswer> {
    load_or_404(&state, &cid, &id).await?;
    let ids = asset_ids_of(&state, body).await?;
    let row = state
        .store
        .call(move |c| {
            // Checked and changed in one transaction, so two removals at once cannot together
            // take the last asset.
            let tx = c.transaction()?;
            let Some(entity) = entity_row::load(&tx, &cid, &id)? else {
                return Err(ErrorAnswer::not_found(&id, "entities"));
            };
            check_removal(&entity.asset_ids, &ids, &id)?;
            for a in &ids {
                tx.execute(
                    "DELETE FROM entity_assets WHERE entity_id = ?1 AND asset_id = ?2",
                    params![id, a],
                )?;
            }
            let now = now_ms();
            tx.execute(
                "UPDATE entities SET changed_ms = ?2, updated_ms = ?2 WHERE id = ?1",
                params![id, now],
            )?;
            let row = entity_row::load(&tx, &cid, &id)?;
            tx.commit()?;
            Ok(row)
        })
        .await?
        .ok_or_else(|| ErrorAnswer::internal("entity gone inside its own transaction"))?;
    Ok(Json(row.to_wire(state.processing_delay, now_ms())).into_response())
}

/// Removing `ids` from an entity holding `held`: each must be held, and one must stay.
fn check_removal(held: &[String], ids: &[String], entity: &str) -> Result<(), ErrorAnswer> {
    if let Some(stranger) = ids.iter().find(|a| !held.contains(a)) {
        return Err(ErrorAnswer::bad_request(
            "parameter_invalid",
            format!(
                "The asset_ids parameter is invalid. The asset {stranger} is not an asset of entity {entity}."
            ),
        ));
    }
    if held.iter().all(|a| ids.contains(a)) {
        return Err(ErrorAnswer::bad_request(
            "parameter_invalid",
            format!(
                "The asset_ids parameter is invalid. An entity must keep at least one asset; \
                 removing these would leave entity {entity} with none."
            ),
        ));
    }
    Ok(())
}

/// Handles `GET /assets/{asset_id}/entities`: the entities whose `asset_ids` hold the asset.
pub(crate) async fn by_asset(
    State(state): State<Shared>,
    Path(asset_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ErrorAnswer> {
    let paging = Paging::from_pairs(&query_pairs(raw.as_deref()), &state.limits)?;
    assets::load_or_404(&state, &asset_id).await?;
    let rows = state
        .store
        .call(move |c| Ok(entity_row::holding_asset(c, &asset_id)?))
        .await?;
    let (delay, now) = (state.processing_delay, now_ms());
    Ok(paging.respond(rows, |r| r.to_wire(delay, now)))
}
