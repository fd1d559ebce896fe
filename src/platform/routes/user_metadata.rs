//! `PATCH`, `PUT` and `DELETE /assets/{id}/user-metadata` with the exact rules of docs/contract.md
//! §3.5 and §16.4: PATCH merges (value sets, `null` deletes, `""` and `[]` keep the old value), PUT
//! replaces (`null`/`""`/`[]` not stored, omitted keys removed), DELETE clears. All answer 204.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::api::types::UserMetadata;
use crate::platform::error::ErrorAnswer;
use crate::platform::request::http_util::{body_bytes, json_from};
use crate::platform::request::metadata_rules::{self, drop_empty, is_kept_empty};
use crate::platform::routes::assets::load_or_404;
use crate::platform::state::Shared;
use crate::platform::store::rows::asset_row;

async fn read_body(state: &Shared, body: Body) -> Result<UserMetadata, ErrorAnswer> {
    let bytes = body_bytes(body, state.limits.max_field_bytes).await?;
    let _: serde_json::Map<String, Value> = json_from(&bytes).map_err(|_| {
        ErrorAnswer::bad_request(
            "parameter_invalid",
            "The request body is invalid: it must be a JSON object holding user_metadata.",
        )
    })?;
    metadata_rules::read_field(&bytes, "user_metadata")?
        .ok_or_else(|| ErrorAnswer::param_missing("user_metadata"))
}

async fn store(
    state: &Shared,
    id: String,
    update: impl FnOnce(UserMetadata) -> UserMetadata + Send + 'static,
) -> Result<Response, ErrorAnswer> {
    let found = state
        .store
        .call(move |c| {
            let tx = c.transaction()?;
            let Some(row) = asset_row::load(&tx, &id)? else {
                return Ok(false);
            };
            let next = update(row.user_metadata.unwrap_or_default());
            asset_row::set_user_metadata(&tx, &id, Some(&next))?;
            tx.commit()?;
            Ok(true)
        })
        .await?;
    if !found {
        return Err(ErrorAnswer::new(
            StatusCode::NOT_FOUND,
            "resource_not_exist",
            "The asset does not exist.",
        ));
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Handles `PATCH /assets/{asset_id}/user-metadata` (merge).
pub(crate) async fn merge(
    State(state): State<Shared>,
    Path(id): Path<String>,
    body: Body,
) -> Result<Response, ErrorAnswer> {
    load_or_404(&state, &id).await?;
    let patch = read_body(&state, body).await?;
    store(&state, id, move |mut current| {
        for (k, v) in patch {
            match v {
                Value::Null => {
                    current.remove(&k);
                }
                v if is_kept_empty(&v) => {}
                v => {
                    current.insert(k, v);
                }
            }
        }
        current
    })
    .await
}

/// Handles `PUT /assets/{asset_id}/user-metadata` (replace).
pub(crate) async fn replace(
    State(state): State<Shared>,
    Path(id): Path<String>,
    body: Body,
) -> Result<Response, ErrorAnswer> {
    load_or_404(&state, &id).await?;
    let new = read_body(&state, body).await?;
    store(&state, id, move |_| drop_empty(new)).await
}

/// Handles `DELETE /assets/{asset_id}/user-metadata` (clear).
pub(crate) async fn clear(
    State(state): State<Shared>,
    Path(id): Path<String>,
) -> Result<Response, ErrorAnswer> {
    load_or_404(&state, &id).await?;
    store(&state, id, |_| UserMetadata::new()).await
}
