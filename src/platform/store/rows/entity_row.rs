//! Entities as stored: rows of `entities` plus their ordered `entity_assets`, the checks of a new
//! entity, and the wire form. An entity reads `processing` for one processing delay after its
//! assets last changed, then `ready`.

use std::time::Duration;

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params, params_from_iter};
use serde_json::{Map, Value};

use crate::api::types::{Entity, EntityStatus};
use crate::platform::error::ErrorAnswer;
use crate::platform::request::body_fields;
use crate::platform::store::db::next_seq;
use crate::platform::store::ids::{new_id, rfc3339};

const COLUMNS: &str =
    "id, seq, collection_id, name, description, metadata, created_ms, updated_ms, changed_ms";

/// One entity and its assets, in the order they were added.
#[derive(Debug, Clone)]
pub(crate) struct EntityRow {
    pub id: String,
    pub seq: i64,
    pub collection_id: String,
    pub name: String,
    pub description: Option<String>,
    pub metadata: Option<Map<String, Value>>,
    pub created_ms: i64,
    pub updated_ms: i64,
    /// When its assets last changed (creation included).
    pub changed_ms: i64,
    pub asset_ids: Vec<String>,
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<EntityRow> {
    let meta: Option<String> = r.get(5)?;
    Ok(EntityRow {
        id: r.get(0)?,
        seq: r.get(1)?,
        collection_id: r.get(2)?,
        name: r.get(3)?,
        description: r.get(4)?,
        metadata: meta.and_then(|m| serde_json::from_str(&m).ok()),
        created_ms: r.get(6)?,
        updated_ms: r.get(7)?,
        changed_ms: r.get(8)?,
        asset_ids: Vec::new(),
    })
}

fn with_assets(c: &Connection, mut rows: Vec<EntityRow>) -> rusqlite::Result<Vec<EntityRow>> {
    let mut stmt =
        c.prepare_cached("SELECT asset_id FROM entity_assets WHERE entity_id = ?1 ORDER BY pos")?;
    for row in &mut rows {
        row.asset_ids = stmt
            .query_map([&row.id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
    }
    Ok(rows)
}

/// One entity of a collection.
pub(crate) fn load(c: &Connection, collection_id: &str, id: &str) -> rusqlite::Result<Option<EntityRow>> {
    let row = c
        .query_row(
            &format!("SELECT {COLUMNS} FROM entities WHERE id = ?1 AND collection_id = ?2"),
            params![id, collection_id],
            from_row,
        )
        .optional()?;
    Ok(with_assets(c, row.into_iter().collect())?.pop())
}

/// Every entity of a collection.
pub(crate) fn in_collection(c: &Connection, collection_id: &str) -> rusqlite::Result<Vec<EntityRow>> {
    let rows = c
        .prepare(&format!(
            "SELECT {COLUMNS} FROM entities WHERE collection_id = ?1"
        ))?
        .query_map([collection_id], from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    with_assets(c, rows)
}

/// Every entity that holds `asset_id`, newest first.
pub(crate) fn holding_asset(c: &Connection, asset_id: &str) -> rusqlite::Result<Vec<EntityRow>> {
    let rows = c
        .prepare(&format!(
            "SELECT {COLUMNS} FROM entities WHERE id IN (SELECT entity_id FROM entity_assets WHERE asset_id = ?1) \
             ORDER BY seq DESC"
        ))?
        .query_map([asset_id], from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    with_assets(c, rows)
}

impl EntityRow {
    /// The wire form at `now`.
    pub fn to_wire(&self, delay: Duration, now: i64) -> Entity {
        let delay = i64::try_from(delay.as_millis()).unwrap_or(i64::MAX);
        let status = if now.saturating_sub(self.changed_ms) >= delay {
            EntityStatus::Ready
        } else {
            EntityStatus::Processing
        };
        Entity {
            id: self.id.clone(),
            entity_collection_id: Some(self.collection_id.clone()),
            name: Some(self.name.clone()),
            description: self.description.clone(),
            metadata: self.metadata.clone().filter(|m| !m.is_empty()),
            asset_ids: self.asset_ids.clone(),
            status: Some(status),
            created_at: Some(rfc3339(self.created_ms)),
            updated_at: Some(rfc3339(self.updated_ms)),
        }
    }
}

/// A new entity as asked for, checked for shape (not yet for its assets existing).
#[derive(Debug, Clone)]
pub(crate) struct NewEntity {
    pub name: String,
    pub description: Option<String>,
    pub metadata: Option<Map<String, Value>>,
    pub asset_ids: Vec<String>,
}

impl NewEntity {
    /// Reads one entity of a create or bulk-create body.
    pub fn parse(v: &Value) -> Result<Self, ErrorAnswer> {
        let obj = body_fields::object(v)?;
        Ok(Self {
            name: body_fields::name(obj, "name")?,
            description: body_fields::description(obj, "description")?,
            metadata: body_fields::metadata(obj, "metadata", false)?,
            asset_ids: asset_ids(obj)?,
        })
    }
}

/// Most asset ids one request may name (each becomes a bound parameter of one query).
const MAX_ASSET_IDS: usize = 1000;

/// The `asset_ids` of a body: at least one, at most [`MAX_ASSET_IDS`], each once.
pub(crate) fn asset_ids(obj: &Map<String, Value>) -> Result<Vec<String>, ErrorAnswer> {
    let ids = dedup(body_fields::strings(obj, "asset_ids", 1)?.unwrap_or_default());
    if ids.len() > MAX_ASSET_IDS {
        return Err(ErrorAnswer::bad_request(
            "parameter_invalid",
            format!("The asset_ids parameter is invalid. It may name at most {MAX_ASSET_IDS} assets."),
        ));
    }
    Ok(ids)
}

/// The ids in first-seen order, each once.
fn dedup(ids: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    ids.into_iter().filter(|id| seen.insert(id.clone())).collect()
}

/// The first of `ids` that names no asset, if any.
pub(crate) fn first_missing_asset(c: &Connection, ids: &[String]) -> rusqlite::Result<Option<String>> {
    if ids.is_empty() {
        return Ok(None);
    }
    let marks = vec!["?"; ids.len()].join(", ");
    let args: Vec<SqlValue> = ids.iter().cloned().map(SqlValue::Text).collect();
    let found: std::collections::HashSet<String> = c
        .prepare(&format!("SELECT id FROM assets WHERE id IN ({marks})"))?
        .query_map(params_from_iter(args.iter()), |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(ids.iter().find(|id| !found.contains(*id)).cloned())
}

/// 400 for an asset id in a body that names no asset.
pub(crate) fn unknown_asset(id: &str) -> ErrorAnswer {
    ErrorAnswer::bad_request(
        "parameter_invalid",
        format!("The asset_ids parameter is invalid. The asset {id} does not exist."),
    )
}

/// Appends `ids` (not yet linked) to the entity's assets.
pub(crate) fn link_assets(tx: &Transaction<'_>, entity_id: &str, ids: &[String]) -> rusqlite::Result<()> {
    let mut pos: i64 = tx.query_row(
        "SELECT COALESCE(MAX(pos), 0) FROM entity_assets WHERE entity_id = ?1",
        [entity_id],
        |r| r.get(0),
    )?;
    for id in ids {
        pos += 1;
        tx.execute(
            "INSERT OR IGNORE INTO entity_assets (entity_id, asset_id, pos) VALUES (?1, ?2, ?3)",
            params![entity_id, id, pos],
        )?;
    }
    Ok(())
}

/// Inserts a checked entity (its assets must exist) and returns it as stored.
pub(crate) fn insert(
    tx: &Transaction<'_>,
    collection_id: &str,
    new: &NewEntity,
    now: i64,
) -> rusqlite::Result<EntityRow> {
    let id = new_id();
    let seq = next_seq(tx, "entities")?;
    let meta = new
        .metadata
        .as_ref()
        .filter(|m| !m.is_empty())
        .map(|m| Value::Object(m.clone()).to_string());
    tx.execute(
        "INSERT INTO entities (id, seq, collection_id, name, description, metadata, created_ms, updated_ms, \
         changed_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?7)",
        params![id, seq, collection_id, new.name, new.description, meta, now],
    )?;
    link_assets(tx, &id, &new.asset_ids)?;
    Ok(EntityRow {
        id,
        seq,
        collection_id: collection_id.to_string(),
        name: new.name.clone(),
        description: new.description.clone(),
        metadata: new.metadata.clone(),
        created_ms: now,
        updated_ms: now,
        changed_ms: now,
        asset_ids: new.asset_ids.clone(),
    })
}
