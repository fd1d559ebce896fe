//! An asset as stored, and its conversion to the wire `Asset` (short) and `AssetDetail` forms.

use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::api::types::{
    Asset, AssetError, AssetStatus, DerivedStatus, Hls, TechnicalMetadata, Thumbnail, UploadMethod,
    UserMetadata,
};
use crate::platform::file_urls::FileUrls;
use crate::platform::store::ids::rfc3339;

/// Columns read by [`AssetRow::from_row`], in order.
pub(crate) const ASSET_COLUMNS: &str = "id, method, status, filename, file_type, created_ms, user_metadata, \
     enable_hls, enable_thumbnail, hls_status, thumb_status, file_token, size, duration, \
     technical_metadata, error_message, blob_ready, source";

/// One row of the `assets` table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AssetRow {
    pub id: String,
    pub method: UploadMethod,
    pub status: AssetStatus,
    pub filename: String,
    pub file_type: Option<String>,
    pub created_ms: i64,
    pub user_metadata: Option<UserMetadata>,
    pub enable_hls: bool,
    pub enable_thumbnail: bool,
    pub hls_status: Option<DerivedStatus>,
    pub thumb_status: Option<DerivedStatus>,
    pub file_token: String,
    pub size: Option<u64>,
    pub duration: Option<f64>,
    pub technical_metadata: Option<TechnicalMetadata>,
    pub error_message: Option<String>,
    pub blob_ready: bool,
    /// `Asset.source` as JSON text: only connector imports have one (the platform makes none;
    /// a test or a hand-made data dir may hold them).
    pub source: Option<String>,
}

impl AssetRow {
    /// Reads a row selected with [`ASSET_COLUMNS`].
    pub fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        let meta: Option<String> = r.get(6)?;
        let tech: Option<String> = r.get(14)?;
        Ok(Self {
            id: r.get(0)?,
            method: r.get(1)?,
            status: r.get(2)?,
            filename: r.get(3)?,
            file_type: r.get(4)?,
            created_ms: r.get(5)?,
            user_metadata: meta.and_then(|m| serde_json::from_str(&m).ok()),
            enable_hls: r.get(7)?,
            enable_thumbnail: r.get(8)?,
            hls_status: r.get(9)?,
            thumb_status: r.get(10)?,
            file_token: r.get(11)?,
            size: r.get::<_, Option<i64>>(12)?.map(|s| s.max(0) as u64),
            duration: r.get(13)?,
            technical_metadata: tech.and_then(|t| serde_json::from_str(&t).ok()),
            error_message: r.get(15)?,
            blob_ready: r.get(16)?,
            source: r.get(17)?,
        })
    }

    /// The short form answered by `POST /assets`.
    pub fn to_short(&self) -> Asset {
        let mut a = Asset::minimal(&self.id);
        a.method = Some(self.method.clone());
        a.status = Some(self.status.clone());
        a.filename = Some(self.filename.clone());
        a.file_type = self.file_type.clone();
        a.created_at = Some(rfc3339(self.created_ms));
        a.user_metadata = self.user_metadata.clone().filter(|m| !m.is_empty());
        a.source = self.source.as_deref().and_then(|t| serde_json::from_str(t).ok());
        a
    }

    /// The detailed form answered by list and retrieve; served URLs are made by `files` as of
    /// now, each for its own file and expiring.
    pub fn to_detail(&self, files: &FileUrls) -> Asset {
        let mut a = self.to_short();
        let now = crate::platform::store::ids::now_ms();
        let url = |rest: &str| files.url(&self.file_token, rest, now);
        if self.enable_hls {
            let status = self.hls_status.clone().unwrap_or(DerivedStatus::Pending);
            let manifest_url = (status == DerivedStatus::Ready).then(|| url("hls/index.m3u8"));
            a.hls = Some(Hls { status, manifest_url });
        }
        if self.enable_thumbnail {
            let status = self.thumb_status.clone().unwrap_or(DerivedStatus::Pending);
            let representative_url = (status == DerivedStatus::Ready).then(|| url("thumbnail.jpg"));
            a.thumbnail = Some(Thumbnail {
                status,
                representative_url,
            });
        }
        if self.status != AssetStatus::Processing {
            a.technical_metadata = self.technical_metadata.clone();
        }
        if self.status == AssetStatus::Ready {
            a.size = self.size;
            a.duration = self.duration;
        }
        if self.status == AssetStatus::Failed {
            let message = self
                .error_message
                .clone()
                .unwrap_or_else(|| "Processing failed.".into());
            a.error = Some(AssetError { message });
        }
        a
    }
}

/// Loads one asset by id.
pub(crate) fn load(conn: &Connection, id: &str) -> rusqlite::Result<Option<AssetRow>> {
    conn.query_row(
        &format!("SELECT {ASSET_COLUMNS} FROM assets WHERE id = ?1"),
        [id],
        AssetRow::from_row,
    )
    .optional()
}

/// Loads one asset by the token of its served files.
pub(crate) fn load_by_token(conn: &Connection, token: &str) -> rusqlite::Result<Option<AssetRow>> {
    conn.query_row(
        &format!("SELECT {ASSET_COLUMNS} FROM assets WHERE file_token = ?1"),
        [token],
        AssetRow::from_row,
    )
    .optional()
}

/// Inserts a new asset row. `due_ms` is when processing may start.
pub(crate) fn insert(conn: &Connection, row: &AssetRow, due_ms: i64) -> rusqlite::Result<()> {
    let seq = crate::platform::store::db::next_seq(conn, "assets")?;
    let meta = row
        .user_metadata
        .as_ref()
        .map(|m| serde_json::Value::Object(m.clone()).to_string());
    conn.execute(
        "INSERT INTO assets (id, seq, method, status, filename, file_type, created_ms, user_metadata, \
         enable_hls, enable_thumbnail, hls_status, thumb_status, file_token, size, blob_ready, due_ms) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        params![
            row.id,
            seq,
            row.method,
            row.status,
            row.filename,
            row.file_type,
            row.created_ms,
            meta,
            row.enable_hls,
            row.enable_thumbnail,
            row.enable_hls.then_some(DerivedStatus::Pending),
            row.enable_thumbnail.then_some(DerivedStatus::Pending),
            row.file_token,
            row.size.map(|s| s as i64),
            row.blob_ready,
            due_ms,
        ],
    )?;
    Ok(())
}

/// Stores new user metadata (`None` clears it).
pub(crate) fn set_user_metadata(
    conn: &Connection,
    id: &str,
    meta: Option<&UserMetadata>,
) -> rusqlite::Result<usize> {
    let text = meta
        .filter(|m| !m.is_empty())
        .map(|m| serde_json::Value::Object(m.clone()).to_string());
    conn.execute(
        "UPDATE assets SET user_metadata = ?2 WHERE id = ?1",
        params![id, text],
    )
}
