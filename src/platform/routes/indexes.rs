//! The index calls: `POST/GET /indexes`, `GET/PUT/DELETE /indexes/{index-id}`. Each index keeps
//! its models as given (checked: every model has a name and options), and counts the indexed
//! assets it holds.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde_json::Value;

use crate::api::indexable::{INDEX_MODEL, check_model_options};
use crate::api::types::{CreatedId, Index, IndexModel};
use crate::platform::error::ErrorAnswer;
use crate::platform::request::body_fields::{self, object};
use crate::platform::request::http_util::{Paging, Sort, contains_folded, json_body, query_one, query_pairs};
use crate::platform::state::Shared;
use crate::platform::store::db::next_seq;
use crate::platform::store::ids::{new_id, now_ms, rfc3339};

/// Columns read by [`from_row`], in order.
const INDEX_COLUMNS: &str = "i.id, i.name, i.models, i.addons, i.created_ms, COALESCE(i.updated_ms, i.created_ms), \
     (SELECT COUNT(*) FROM indexed_assets ia WHERE ia.index_id = i.id), \
     (SELECT COALESCE(SUM(a.duration), 0) FROM indexed_assets ia JOIN assets a ON a.id = ia.asset_id \
      WHERE ia.index_id = i.id), i.seq";

/// An index as stored, with what sorting needs.
struct IndexRow {
    index: Index,
    seq: i64,
    created_ms: i64,
    updated_ms: i64,
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<IndexRow> {
    let (models, addons): (String, Option<String>) = (r.get(2)?, r.get(3)?);
    let (created_ms, updated_ms): (i64, i64) = (r.get(4)?, r.get(5)?);
    let count: i64 = r.get(6)?;
    Ok(IndexRow {
        index: Index {
            id: r.get(0)?,
            index_name: Some(r.get(1)?),
            // Stored only after the checks of `models_of`; an unreadable value (hand-edited
            // database) shows as no models rather than failing the whole list.
            models: serde_json::from_str(&models).unwrap_or_default(),
            addons: addons.and_then(|a| serde_json::from_str(&a).ok()),
            video_count: Some(count.max(0) as u64),
            total_duration: Some(r.get(7)?),
            created_at: Some(rfc3339(created_ms)),
            updated_at: Some(rfc3339(updated_ms)),
            expires_at: None,
        },
        seq: r.get(8)?,
        created_ms,
        updated_ms,
    })
}

/// Loads one index by id.
pub(crate) fn load(c: &Connection, id: &str) -> rusqlite::Result<Option<Index>> {
    c.query_row(
        &format!("SELECT {INDEX_COLUMNS} FROM indexes i WHERE i.id = ?1"),
        [id],
        from_row,
    )
    .optional()
    .map(|r| r.map(|r| r.index))
}

/// Loads an index or answers 404.
pub(crate) async fn load_or_404(state: &Shared, id: &str) -> Result<Index, ErrorAnswer> {
    let owned = id.to_string();
    state
        .store
        .find_or_404(id, "indexes", move |c| load(c, &owned))
        .await
}

/// The `models` of a create body: a non-empty array of `{model_name, model_options}`, each the
/// one model new indexes take (`marengo3.0`) with `visual` and/or `audio`, so what is stored
/// always reads back in the published shape.
fn models_of(body: &serde_json::Map<String, Value>) -> Result<Vec<IndexModel>, ErrorAnswer> {
    let invalid = |why: String| {
        ErrorAnswer::bad_request(
            "parameter_invalid",
            format!("The models parameter is invalid. {why}"),
        )
    };
    let Some(v) = body.get("models").filter(|v| !v.is_null()) else {
        return Err(ErrorAnswer::param_missing("models"));
    };
    let items = v
        .as_array()
        .filter(|a| !a.is_empty())
        .ok_or_else(|| invalid("It must be a non-empty array of models.".into()))?;
    items
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let m = m
                .as_object()
                .ok_or_else(|| invalid(format!("models[{i}] must be an object.")))?;
            let name = match m.get("model_name") {
                None | Some(Value::Null) => {
                    return Err(ErrorAnswer::param_missing(&format!("models[{i}].model_name")));
                }
                Some(n) => n
                    .as_str()
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .ok_or_else(|| invalid(format!("models[{i}].model_name must be a non-empty string.")))?,
            };
            let options = body_fields::strings(m, "model_options", 1).map_err(|e| ErrorAnswer {
                message: e
                    .message
                    .replace("model_options", &format!("models[{i}].model_options")),
                ..e
            })?;
            if name != INDEX_MODEL {
                return Err(invalid(format!(
                    "models[{i}].model_name {name:?} is not offered for new indexes; \
                     the only accepted model is {INDEX_MODEL}."
                )));
            }
            let options = options.unwrap_or_default();
            check_model_options(&options)
                .map_err(|why| invalid(format!("models[{i}].model_options: {why}.")))?;
            Ok(IndexModel {
                model_name: name.to_string(),
                model_options: options,
            })
        })
        .collect()
}

/// The `index_name` of a create or rename body: present, and not blank (an index is found by its
/// name, so an empty one could never be named; the schema is silent, docs/contract.md §16).
fn index_name(body: &serde_json::Map<String, Value>) -> Result<String, ErrorAnswer> {
    let name = body_fields::name(body, "index_name")?;
    if name.is_empty() {
        return Err(ErrorAnswer::bad_request(
            "parameter_invalid",
            "The index_name parameter is invalid. It is empty or only spaces; give the index a name \
             with at least one visible character.",
        ));
    }
    Ok(name)
}

fn name_taken(name: &str) -> ErrorAnswer {
    ErrorAnswer::bad_request(
        "index_name_already_exists",
        format!("Index name {name} already exists. Please use another unique name and try again."),
    )
}

/// Handles `POST /indexes`.
pub(crate) async fn create(State(state): State<Shared>, body: Body) -> Result<Response, ErrorAnswer> {
    let v: Value = json_body(body, state.limits.max_field_bytes).await?;
    let obj = object(&v)?;
    let name = index_name(obj)?;
    let models = models_of(obj)?;
    let addons = body_fields::strings(obj, "addons", 0)?;
    let models = serde_json::to_string(&models).map_err(ErrorAnswer::internal)?;
    let addons = addons
        .map(|a| serde_json::to_string(&a))
        .transpose()
        .map_err(ErrorAnswer::internal)?;
    let id = new_id();
    let out = id.clone();
    state
        .store
        .call(move |c| {
            let tx = c.transaction()?;
            if tx.query_row::<bool, _, _>(
                "SELECT COUNT(*) > 0 FROM indexes WHERE name = ?1",
                [&name],
                |r| r.get(0),
            )? {
                return Err(name_taken(&name));
            }
            let seq = next_seq(&tx, "indexes")?;
            let now = now_ms();
            tx.execute(
                "INSERT INTO indexes (id, seq, name, models, addons, created_ms, updated_ms) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                params![id, seq, name, models, addons, now],
            )?;
            tx.commit()?;
            Ok(())
        })
        .await?;
    Ok((StatusCode::CREATED, Json(CreatedId { id: out })).into_response())
}

/// Handles `GET /indexes`: `index_name` keeps the indexes whose name holds it (any case).
pub(crate) async fn list(
    State(state): State<Shared>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ErrorAnswer> {
    let pairs = query_pairs(raw.as_deref());
    let paging = Paging::from_pairs(&pairs, &state.limits)?;
    let sort = Sort::from_pairs(&pairs, &["created_at", "updated_at"])?;
    let filter = query_one(&pairs, "index_name")
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    let mut rows = state
        .store
        .call(move |c| {
            let mut stmt = c.prepare(&format!("SELECT {INDEX_COLUMNS} FROM indexes i"))?;
            let rows = stmt.query_map([], from_row)?.collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .await?;
    if let Some(f) = &filter {
        rows.retain(|r| {
            r.index
                .index_name
                .as_deref()
                .is_some_and(|n| contains_folded(n, f))
        });
    }
    sort.apply(&mut rows, |r, by| {
        let ms = if by == "updated_at" {
            r.updated_ms
        } else {
            r.created_ms
        };
        (ms, r.seq)
    });
    Ok(paging.respond(rows, |r| r.index))
}

/// Handles `GET /indexes/{index-id}`.
pub(crate) async fn retrieve(
    State(state): State<Shared>,
    Path(id): Path<String>,
) -> Result<Response, ErrorAnswer> {
    Ok(Json(load_or_404(&state, &id).await?).into_response())
}

/// Handles `PUT /indexes/{index-id}`: renames the index (204).
pub(crate) async fn update(
    State(state): State<Shared>,
    Path(id): Path<String>,
    body: Body,
) -> Result<Response, ErrorAnswer> {
    load_or_404(&state, &id).await?;
    let v: Value = json_body(body, state.limits.max_field_bytes).await?;
    let name = index_name(object(&v)?)?;
    state
        .store
        .call(move |c| {
            let tx = c.transaction()?;
            let taken: bool = tx.query_row(
                "SELECT COUNT(*) > 0 FROM indexes WHERE name = ?1 AND id <> ?2",
                params![name, id],
                |r| r.get(0),
            )?;
            if taken {
                return Err(name_taken(&name));
            }
            let changed = tx.execute(
                "UPDATE indexes SET name = ?2, updated_ms = ?3 WHERE id = ?1",
                params![id, name, now_ms()],
            )?;
            tx.commit()?;
            if changed == 0 {
                return Err(ErrorAnswer::not_found(&id, "indexes"));
            }
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Handles `DELETE /indexes/{index-id}`: the index and its indexed assets go (204).
pub(crate) async fn delete(
    State(state): State<Shared>,
    Path(id): Path<String>,
) -> Result<Response, ErrorAnswer> {
    load_or_404(&state, &id).await?;
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
