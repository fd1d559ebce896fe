//! The SQLite store: one connection per process, WAL with `synchronous=FULL` so an acknowledged
//! write survives a crash, a busy timeout so several processes can share one data dir. Blocking
//! calls run on tokio's blocking pool, never on the async threads.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::Connection;

use crate::platform::error::{ErrorAnswer, PlatformError};
use crate::platform::store::name_index::NameIndex;

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS assets (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    method TEXT NOT NULL,
    status TEXT NOT NULL,
    filename TEXT NOT NULL,
    file_type TEXT,
    created_ms INTEGER NOT NULL,
    user_metadata TEXT,
    enable_hls INTEGER NOT NULL DEFAULT 0,
    enable_thumbnail INTEGER NOT NULL DEFAULT 0,
    hls_status TEXT,
    thumb_status TEXT,
    file_token TEXT NOT NULL,
    size INTEGER,
    duration REAL,
    technical_metadata TEXT,
    error_message TEXT,
    blob_ready INTEGER NOT NULL DEFAULT 0,
    due_ms INTEGER NOT NULL DEFAULT 0,
    lease_ms INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS assets_seq ON assets(seq);
CREATE INDEX IF NOT EXISTS assets_token ON assets(file_token);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS indexes (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    models TEXT NOT NULL,
    addons TEXT,
    created_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS indexed_assets (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    index_id TEXT NOT NULL,
    asset_id TEXT NOT NULL,
    created_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS indexed_assets_asset ON indexed_assets(asset_id);
CREATE TABLE IF NOT EXISTS uploads (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    asset_id TEXT NOT NULL,
    total_size INTEGER NOT NULL,
    chunk_size INTEGER NOT NULL,
    total_chunks INTEGER NOT NULL,
    status TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL,
    expires_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
    upload_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    size INTEGER,
    md5 TEXT,
    reported INTEGER NOT NULL DEFAULT 0,
    reported_ms INTEGER,
    updated_ms INTEGER NOT NULL,
    PRIMARY KEY (upload_id, idx)
);
CREATE TABLE IF NOT EXISTS chunk_urls (
    token TEXT PRIMARY KEY,
    upload_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    expires_ms INTEGER NOT NULL,
    used INTEGER NOT NULL DEFAULT 0
);
"#;

/// What makes `GET /assets` fast on a big table: a `kind` column (`video`, `audio`, `image`, `document`)
/// derived from `file_type`, indexes over the listed rows (`blob_ready = 1`) in list order, and
/// per-kind row counts kept by triggers, so `total_results` needs no `COUNT(*)` over every row,
/// and `listed_changes`, the log of listed rows that appeared, went or were renamed, from which
/// the filename search's in-memory index keeps itself current (last 4 096 entries kept).
const LISTING_SCHEMA: &str = r#"
CREATE INDEX IF NOT EXISTS assets_listed ON assets(seq) WHERE blob_ready = 1;
CREATE INDEX IF NOT EXISTS assets_listed_kind ON assets(kind, seq) WHERE blob_ready = 1;
CREATE INDEX IF NOT EXISTS assets_listed_name ON assets(seq, lower(filename), kind) WHERE blob_ready = 1;
CREATE TABLE IF NOT EXISTS asset_counts (kind TEXT PRIMARY KEY, n INTEGER NOT NULL);
CREATE TRIGGER IF NOT EXISTS assets_count_insert AFTER INSERT ON assets WHEN NEW.blob_ready = 1 BEGIN
    INSERT INTO asset_counts (kind, n) VALUES (COALESCE(NEW.kind, ''), 1)
        ON CONFLICT(kind) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS assets_count_delete AFTER DELETE ON assets WHEN OLD.blob_ready = 1 BEGIN
    UPDATE asset_counts SET n = n - 1 WHERE kind = COALESCE(OLD.kind, '');
END;
CREATE TRIGGER IF NOT EXISTS assets_count_update AFTER UPDATE OF blob_ready, file_type ON assets
    WHEN OLD.blob_ready IS NOT NEW.blob_ready OR OLD.kind IS NOT NEW.kind BEGIN
    UPDATE asset_counts SET n = n - 1 WHERE OLD.blob_ready = 1 AND kind = COALESCE(OLD.kind, '');
    INSERT INTO asset_counts (kind, n) SELECT COALESCE(NEW.kind, ''), 1 WHERE NEW.blob_ready = 1
        ON CONFLICT(kind) DO UPDATE SET n = n + 1;
END;
CREATE TABLE IF NOT EXISTS listed_changes (id INTEGER PRIMARY KEY AUTOINCREMENT, seq INTEGER NOT NULL);
CREATE TRIGGER IF NOT EXISTS listed_changes_prune AFTER INSERT ON listed_changes BEGIN
    DELETE FROM listed_changes WHERE id <= NEW.id - 4096;
END;
CREATE TRIGGER IF NOT EXISTS listed_change_insert AFTER INSERT ON assets WHEN NEW.blob_ready = 1 BEGIN
    INSERT INTO listed_changes (seq) VALUES (NEW.seq);
END;
CREATE TRIGGER IF NOT EXISTS listed_change_delete AFTER DELETE ON assets WHEN OLD.blob_ready = 1 BEGIN
    INSERT INTO listed_changes (seq) VALUES (OLD.seq);
END;
CREATE TRIGGER IF NOT EXISTS listed_change_update AFTER UPDATE OF blob_ready, filename, file_type, seq ON assets
    WHEN (OLD.blob_ready = 1 OR NEW.blob_ready = 1) AND (OLD.blob_ready IS NOT NEW.blob_ready
        OR OLD.filename IS NOT NEW.filename OR OLD.kind IS NOT NEW.kind OR OLD.seq IS NOT NEW.seq) BEGIN
    INSERT INTO listed_changes (seq) VALUES (OLD.seq);
    INSERT INTO listed_changes (seq) SELECT NEW.seq WHERE NEW.seq IS NOT OLD.seq;
END;
"#;

/// The `kind` of an asset: the documents' three MIME types are `document` (docs/contract.md
/// §16), any other type its part before the slash.
const KIND_EXPR: &str = "(CASE WHEN lower(file_type) IN ('application/pdf', 'text/plain', 'text/markdown') \
     THEN 'document' ELSE lower(substr(file_type, 1, instr(file_type, '/') - 1)) END)";

/// Everything that reads `kind`, then the column itself and its counts.
const DROP_KIND: &str = "DROP TRIGGER IF EXISTS assets_count_insert; DROP TRIGGER IF EXISTS assets_count_delete; \
     DROP TRIGGER IF EXISTS assets_count_update; DROP TRIGGER IF EXISTS listed_change_insert; \
     DROP TRIGGER IF EXISTS listed_change_delete; DROP TRIGGER IF EXISTS listed_change_update; \
     DROP INDEX IF EXISTS assets_listed_kind; DROP INDEX IF EXISTS assets_listed_name; \
     ALTER TABLE assets DROP COLUMN kind; DROP TABLE IF EXISTS asset_counts;";

fn kind_knows_documents(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<bool> {
    let sql: String = tx.query_row(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'assets'",
        [],
        |r| r.get(0),
    )?;
    Ok(sql.contains("'document'"))
}

/// Brings a data dir of any earlier version up to [`LISTING_SCHEMA`], filling the counts from
/// the rows the first time. One immediate transaction, so two processes opening an old data dir
/// at once do not both fill the counts.
fn migrate_listing(conn: &mut Connection) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut has_kind = tx
        .prepare("SELECT 1 FROM pragma_table_xinfo('assets') WHERE name = 'kind'")?
        .exists([])?;
    if has_kind && !kind_knows_documents(&tx)? {
        // A data dir from before documents: its `kind` says `application`/`text` for them. The
        // column is remade, with what reads it, and the counts refilled.
        tx.execute_batch(DROP_KIND)?;
        has_kind = false;
    }
    if !has_kind {
        tx.execute_batch(&format!(
            "ALTER TABLE assets ADD COLUMN kind TEXT GENERATED ALWAYS AS {KIND_EXPR} VIRTUAL"
        ))?;
    }
    let has_counts = tx
        .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'asset_counts'")?
        .exists([])?;
    tx.execute_batch(LISTING_SCHEMA)?;
    if !has_counts {
        tx.execute(
            "INSERT INTO asset_counts (kind, n) SELECT COALESCE(kind, ''), COUNT(*) FROM assets \
             WHERE blob_ready = 1 GROUP BY 1",
            [],
        )?;
    }
    tx.commit()
}

/// Handle to the metadata database; cheap to clone.
#[derive(Clone)]
pub(crate) struct Store {
    conn: Arc<Mutex<Connection>>,
    /// The listed names of this connection's database, for filename filters; locked only while
    /// `conn` is.
    names: Arc<Mutex<NameIndex>>,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings the schema up to date.
    pub fn open(path: &Path) -> Result<Self, PlatformError> {
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.execute_batch(SCHEMA)?;
        migrate_listing(&mut conn)?;
        crate::platform::store::refs_schema::migrate(&mut conn)?;
        crate::platform::store::rows::transcript_row::migrate(&conn)?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
            names: Arc::default(),
        })
    }

    /// Runs `f` with the connection on the blocking pool.
    pub async fn call<R, F>(&self, f: F) -> Result<R, ErrorAnswer>
    where
        R: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<R, ErrorAnswer> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || {
            let mut guard = conn
                .lock()
                .map_err(|_| ErrorAnswer::internal("store lock poisoned"))?;
            f(&mut guard)
        })
        .await
        .map_err(ErrorAnswer::internal)?
    }

    /// Runs `load` on the connection; nothing found is 404 for `id` in `collection`
    /// (docs/contract.md §15.2).
    pub async fn find_or_404<T, F>(&self, id: &str, collection: &str, load: F) -> Result<T, ErrorAnswer>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> rusqlite::Result<Option<T>> + Send + 'static,
    {
        self.call(move |c| Ok(load(c)?))
            .await?
            .ok_or_else(|| ErrorAnswer::not_found(id, collection))
    }

    /// Like [`Store::call`], with the connection's [`NameIndex`] too.
    pub async fn call_with_names<R, F>(&self, f: F) -> Result<R, ErrorAnswer>
    where
        R: Send + 'static,
        F: FnOnce(&mut Connection, &mut NameIndex) -> Result<R, ErrorAnswer> + Send + 'static,
    {
        let names = Arc::clone(&self.names);
        self.call(move |c| {
            let mut names = names
                .lock()
                .map_err(|_| ErrorAnswer::internal("name index lock poisoned"))?;
            f(c, &mut names)
        })
        .await
    }
}

#[cfg(test)]
impl Store {
    /// The connection, locked, for tests that query it directly.
    pub fn conn_for_tests(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The next value of a monotonically increasing `seq` column of `table`, for newest-first order.
/// Called inside a write so concurrent processes are serialised by SQLite's write lock.
pub(crate) fn next_seq(conn: &Connection, table: &str) -> rusqlite::Result<i64> {
    conn.query_row(
        &format!("SELECT COALESCE(MAX(seq), 0) + 1 FROM {table}"),
        [],
        |r| r.get(0),
    )
}

/// The data dir's key for signing served-file URLs, made on first use. Kept in the database so
/// every process on the data dir, and the next run, signs alike (a URL outlives a restart).
pub(crate) fn file_url_secret(conn: &Connection) -> rusqlite::Result<Vec<u8>> {
    let mut fresh = [0u8; 32];
    rand::Rng::fill(&mut rand::rng(), &mut fresh);
    conn.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('file_url_key', ?1)",
        [hex::encode(fresh)],
    )?;
    let stored = meta_get(conn, "file_url_key")?.unwrap_or_default();
    Ok(hex::decode(stored).unwrap_or_else(|_| fresh.to_vec()))
}

/// Reads a marker value from the `meta` table.
pub(crate) fn meta_get(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    use rusqlite::OptionalExtension;
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()
}

/// Writes a marker value to the `meta` table.
pub(crate) fn meta_set(conn: &Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2",
        [key, value],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::Store;

    /// The reference tables of an old data dir are brought up to date by `refs_schema.rs` when
    /// the store opens.
    #[test]
    fn a_data_dir_of_an_earlier_version_gets_the_new_columns_and_keeps_its_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("platform.sqlite3");
        {
            let c = rusqlite::Connection::open(&path).unwrap();
            c.execute_batch(
                "CREATE TABLE indexes (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, name TEXT NOT NULL, \
                 models TEXT NOT NULL, addons TEXT, created_ms INTEGER NOT NULL);
                 CREATE TABLE indexed_assets (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, index_id TEXT NOT NULL, \
                 asset_id TEXT NOT NULL, created_ms INTEGER NOT NULL);
                 INSERT INTO indexes VALUES ('i', 1, 'old', '[]', NULL, 5);
                 INSERT INTO indexed_assets VALUES ('ia', 1, 'i', 'a', 5);",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let c = store.conn_for_tests();
        let (outcome, stream, updated): (String, bool, Option<i64>) = c
            .query_row(
                "SELECT outcome, enable_video_stream, updated_ms FROM indexed_assets WHERE id = 'ia'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!((outcome.as_str(), stream, updated), ("ready", false, None));
        assert!(c.prepare("SELECT updated_ms FROM indexes").is_ok());
        drop(c);
        // Opening again changes nothing.
        drop(store);
        Store::open(&path).unwrap();
    }
}
