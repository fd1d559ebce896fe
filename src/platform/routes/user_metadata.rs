//! `PATCH`, `PUT` and `DELETE /assets/{id}/user-metadata` with the exact rules of docs/contract.md §3.5:
//! PATCH merges (value sets, `null` deletes, `""` is ignored), PUT replaces (`""`/`null` ignored,
//! omitted keys removed), DELETE clears. All answer 204.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::api::types::UserMetadata;
use crate::platform::error::ErrorAnswer;
use crate::platform::media::intake::check_user_metadata;
use crate::platform::request::http_util::json_body;
use crate::platform::routes::assets::load_or_404;
use crate::platform::state::Shared;
use crate::platform::store::rows::asset_row;

async fn read_body(state: &Shared, body: Body) -> Result<UserMetadata, ErrorAnswer> {
    let v: Value = json_body(body, state.limits.max_field_bytes).await?;
    let meta = v
        .get("user_metadata")
        .ok_or_else(|| ErrorAnswer::param_missing("user_metadata"))?;
    check_user_metadata(meta, true)
}

fn is_ignored(v: &Value) -> bool {
    matches!(v, Value::String(s) if s.is_empty())
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
                v if is_ignored(&v) => {}
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
    store(&state, id, move |_| {
        new.into_iter()
            .filter(|(_, v)| !v.is_null() && !is_ignored(v))
            .collect()
    })
    .await
}

/// Handles `DELETE /assets/{asset_id}/user-metadata` (clear).
pub(crate) async fn clear(
    State(state): State<Shared>,
    Path(id): Path<String>,
) -> Result<Response, ErrorAnswer> {
    load_or_404(&state, &id).await?;
    store(&state, id, |_| UserMetadata::new()).await
}
