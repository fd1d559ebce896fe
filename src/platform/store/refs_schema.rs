//! The tables of what refers to assets: indexes with their indexed assets, and entity
//! collections with their entities and each entity's assets. Data dirs of earlier versions get
//! the columns they lack; rows written before then read as long-finished and unchanged.

use rusqlite::Connection;

const REFS_SCHEMA: &str = r#"
CREATE INDEX IF NOT EXISTS indexed_assets_index ON indexed_assets(index_id, seq);
CREATE TABLE IF NOT EXISTS entity_collections (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    created_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS entities (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    collection_id TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    metadata TEXT,
    created_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL,
    changed_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS entities_collection ON entities(collection_id, seq);
CREATE TABLE IF NOT EXISTS entity_assets (
    entity_id TEXT NOT NULL,
    asset_id TEXT NOT NULL,
    pos INTEGER NOT NULL,
    PRIMARY KEY (entity_id, asset_id)
);
CREATE INDEX IF NOT EXISTS entity_assets_asset ON entity_assets(asset_id);
"#;

/// Columns added to tables that earlier versions created: (table, column, declaration).
const ADDED_COLUMNS: &[(&str, &str, &str)] = &[
    ("indexes", "updated_ms", "INTEGER"),
    // `ready` or `failed`: where indexing ends once the processing delay has passed.
    ("indexed_assets", "outcome", "TEXT NOT NULL DEFAULT 'ready'"),
    (
        "indexed_assets",
        "enable_video_stream",
        "INTEGER NOT NULL DEFAULT 0",
    ),
    ("indexed_assets", "user_metadata", "TEXT"),
    ("indexed_assets", "updated_ms", "INTEGER"),
    // `Asset.source` of a connector import, as JSON text.
    ("assets", "source", "TEXT"),
    // Why indexing fails, when `outcome` is `failed` (older rows: none; a generic message).
    ("indexed_assets", "failure", "TEXT"),
];

/// Brings the reference tables up to date, in one immediate transaction so two processes
/// opening an old data dir at once do not both add a column.
pub(crate) fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    for (table, column, decl) in ADDED_COLUMNS {
        let has = tx
            .prepare(&format!(
                "SELECT 1 FROM pragma_table_info('{table}') WHERE name = ?1"
            ))?
            .exists([column])?;
        if !has {
            tx.execute_batch(&format!("ALTER TABLE {table} ADD COLUMN {column} {decl}"))?;
        }
    }
    tx.execute_batch(REFS_SCHEMA)?;
    tx.commit()
}
