//! The entity-collection calls: `GET/POST /entity-collections` and
//! `GET/PATCH/DELETE /entity-collections/{entity_collection_id}`. Deleting a collection deletes
//! its entities (never the assets they name).

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde_json::Value;

use crate::api::types::EntityCollection;
use crate::platform::error::ErrorAnswer;
use crate::platform::request::body_fields::{self, object};
use crate::platform::request::http_util::{Paging, Sort, contains_folded, json_body, query_one, query_pairs};
use crate::platform::state::Shared;
use crate::platform::store::db::next_seq;
use crate::platform::store::ids::{new_id, now_ms, rfc3339};

/// Fields `sort_by` may name on the collection and entity lists.
pub(crate) const SORT_FIELDS: &[&str] = &["created_at", "updated_at", "name"];

const COLUMNS: &str = "id, seq, name, description, created_ms, updated_ms";

struct Stored {
    seq: i64,
    created_ms: i64,
    updated_ms: i64,
    wire: EntityCollection,
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Stored> {
    let (created_ms, updated_ms) = (r.get(4)?, r.get(5)?);
    Ok(Stored {
        seq: r.get(1)?,
        created_ms,
        updated_ms,
        wire: EntityCollection {
            id: r.get(0)?,
            name: Some(r.get(2)?),
            description: r.get(3)?,
            created_at: Some(rfc3339(created_ms)),
            updated_at: Some(rfc3339(updated_ms)),
        },
    })
}

fn load(c: &Connection, id: &str) -> rusqlite::Result<Option<EntityCollection>> {
    c.query_row(
        &format!("SELECT {COLUMNS} FROM entity_collections WHERE id = ?1"),
        [id],
        from_row,
    )
    .optional()
    .map(|s| s.map(|s| s.wire))
}

/// Loads a collection or answers 404.
pub(crate) async fn load_or_404(state: &Shared, id: &str) -> Result<EntityCollection, ErrorAnswer> {
    let owned = id.to_string();
    state
        .store
        .find_or_404(id, "entity_collections", move |c| load(c, &owned))
        .await
}

/// Handles `GET /entity-collections`: `name` keeps the collections whose name holds it.
pub(crate) async fn list(
    State(state): State<Shared>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ErrorAnswer> {
    let pairs = query_pairs(raw.as_deref());
    let paging = Paging::from_pairs(&pairs, &state.limits)?;
    let sort = Sort::from_pairs(&pairs, SORT_FIELDS)?;
    let name = query_one(&pairs, "name")
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    let mut rows = state
        .store
        .call(|c| {
            let mut stmt = c.prepare(&format!("SELECT {COLUMNS} FROM entity_collections"))?;
            let rows = stmt.query_map([], from_row)?.collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .await?;
    if let Some(n) = &name {
        rows.retain(|r| {
            r.wire
                .name
                .as_deref()
                .is_some_and(|have| contains_folded(have, n))
        });
    }
    sort.apply(&mut rows, |r, by| match by {
        "name" => (r.wire.name.as_deref().unwrap_or("").to_lowercase(), 0, r.seq),
        "updated_at" => (String::new(), r.updated_ms, r.seq),
        _ => (String::new(), r.created_ms, r.seq),
    });
    Ok(paging.respond(rows, |r| r.wire))
}

/// Handles `POST /entity-collections` with `{name, description?}`: 201 with the collection.
pub(crate) async fn create(State(state): State<Shared>, body: Body) -> Result<Response, ErrorAnswer> {
    let v: Value = json_body(body, state.limits.max_field_bytes).await?;
    let obj = object(&v)?;
    let name = body_fields::name(obj, "name")?;
    let description = body_fields::description(obj, "description")?;
    let id = new_id();
    let created = state
        .store
        .call(move |c| {
            let tx = c.transaction()?;
            let seq = next_seq(&tx, "entity_collections")?;
            tx.execute(
                "INSERT INTO entity_collections (id, seq, name, description, created_ms, updated_ms) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                params![id, seq, name, description, now_ms()],
            )?;
            let created = load(&tx, &id)?;
            tx.commit()?;
            Ok(created)
        })
        .await?
        .ok_or_else(|| ErrorAnswer::internal("collection gone right after insert"))?;
    Ok((StatusCode::CREATED, Json(created)).into_response())
}

/// Handles `GET /entity-collections/{entity_collection_id}`.
pub(crate) async fn retrieve(
    State(state): State<Shared>,
    Path(id): Path<String>,
) -> Result<Response, ErrorAnswer> {
    Ok(Json(load_or_404(&state, &id).await?).into_response())
}

/// Handles `PATCH /entity-collections/{entity_collection_id}` with `{name?, description?}`.
pub(crate) async fn update(
    State(state): State<Shared>,
    Path(id): Path<String>,
    body: Body,
) -> Result<Response, ErrorAnswer> {
    load_or_404(&state, &id).await?;
    let v: Value = json_body(body, state.limits.max_field_bytes).await?;
    let obj = object(&v)?;
    let name = body_fields::optional_name(obj, "name")?;
    let description = body_fields::description(obj, "description")?;
    let missing = id.clone();
    let updated = state
        .store
        .call(move |c| {
            c.execute(
                "UPDATE entity_collections SET name = COALESCE(?2, name), description = COALESCE(?3, description), \
                 updated_ms = ?4 WHERE id = ?1",
                params![id, name, description, now_ms()],
            )?;
            Ok(load(c, &id)?)
        })
        .await?
        .ok_or_else(|| ErrorAnswer::not_found(&missing, "entity_collections"))?;
    Ok(Json(updated).into_response())
}

/// Handles `DELETE /entity-collections/{entity_collection_id}` (204).
pub(crate) async fn delete(
    State(state): State<Shared>,
    Path(id): Path<String>,
) -> Result<Response, ErrorAnswer> {
    load_or_404(&state, &id).await?;
    state
        .store
        .call(move |c| {
            let tx = c.transaction()?;
            tx.execute(
                "DELETE FROM entity_assets WHERE entity_id IN (SELECT id FROM entities WHERE collection_id = ?1)",
                [&id],
            )?;
            tx.execute("DELETE FROM entities WHERE collection_id = ?1", [&id])?;
            tx.execute("DELETE FROM entity_collections WHERE id = ?1", [&id])?;
            tx.commit()?;
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
