//! Wire types of indexes and indexed assets (`/indexes…`, `/assets/{id}/indexed-assets`): what an
//! asset is indexed into, and how far indexing has got.

use serde::{Deserialize, Deserializer, Serialize};

use super::UserMetadata;

open_enum!(
    /// State of an indexed asset: `pending → queued → validating → indexing → ready` (or
    /// `failed`). `validating` came with later releases of the service: the media is being checked.
    IndexedAssetStatus {
        Pending => "pending",
        Queued => "queued",
        Validating => "validating",
        Indexing => "indexing",
        Ready => "ready",
        Failed => "failed",
    }
);

impl IndexedAssetStatus {
    /// True once indexing will not change state again (`ready` or `failed`).
    pub fn is_final(&self) -> bool {
        matches!(self, Self::Ready | Self::Failed)
    }
}

/// A count or size the schema types as a JSON number: accepts `3` and `3.0` alike.
fn lenient_count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    let v: Option<f64> = Option::deserialize(d)?;
    Ok(v.filter(|n| n.is_finite() && *n >= 0.0).map(|n| n.round() as u64))
}

/// One model of an index and the modalities it analyses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexModel {
    pub model_name: String,
    #[serde(default)]
    pub model_options: Vec<String>,
}

/// An index (`GET /indexes/{id}` and the items of `GET /indexes`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Index {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index_name: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub models: Vec<IndexModel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addons: Option<Vec<String>>,
    /// How many assets are indexed in it.
    #[serde(
        default,
        deserialize_with = "lenient_count",
        skip_serializing_if = "Option::is_none"
    )]
    pub video_count: Option<u64>,
    /// Seconds of media indexed in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_duration: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

/// Body of `POST /indexes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateIndexRequest {
    pub index_name: String,
    pub models: Vec<IndexModel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addons: Option<Vec<String>>,
}

/// Answer of `POST /indexes` (and the id-only answers of other creates).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatedId {
    #[serde(rename = "_id")]
    pub id: String,
}

/// What the service knows of the indexed media.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IndexedSystemMetadata {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fps: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    #[serde(
        default,
        deserialize_with = "lenient_count",
        skip_serializing_if = "Option::is_none"
    )]
    pub size: Option<u64>,
}

/// An indexed asset: an asset's membership of one index. The list items and the retrieve answer
/// share this shape; `user_metadata` and `hls` come only with the retrieve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexedAsset {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<IndexedAssetStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// When indexing finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indexed_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system_metadata: Option<IndexedSystemMetadata>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_metadata: Option<UserMetadata>,
    /// The stream, when the asset was indexed with `enable_video_stream`; kept as raw JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hls: Option<serde_json::Value>,
    /// Why indexing failed, as the local platform says it (the published schema has no field
    /// for it; the project's choice, docs/contract.md §16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<super::AssetError>,
}

/// Body of `POST /indexes/{index-id}/indexed-assets`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateIndexedAssetRequest {
    pub asset_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_video_stream: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_metadata: Option<UserMetadata>,
}

/// Answer of `POST /indexes/{index-id}/indexed-assets` (202): indexing has been accepted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatedIndexedAsset {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset_id: Option<String>,
}

/// Query of `GET /indexes`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListIndexesQuery {
    /// 1-based; `None` means the server default (1).
    pub page: Option<u64>,
    /// Items per page, 1..=50; `None` means the server default (10).
    pub page_limit: Option<u32>,
    /// Only indexes whose name matches this.
    pub index_name: Option<String>,
}

impl ListIndexesQuery {
    /// The query as `(key, value)` pairs.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = paging_pairs(self.page, self.page_limit);
        if let Some(n) = &self.index_name {
            pairs.push(("index_name", n.clone()));
        }
        pairs
    }
}

/// Query of `GET /indexes/{index-id}/indexed-assets`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListIndexedAssetsQuery {
    /// 1-based; `None` means the server default (1).
    pub page: Option<u64>,
    /// Items per page, 1..=50; `None` means the server default (10).
    pub page_limit: Option<u32>,
    /// OR-match on status (sent as repeated `status`).
    pub status: Vec<IndexedAssetStatus>,
    /// Only indexed assets whose filename contains this.
    pub filename: Option<String>,
}

impl ListIndexedAssetsQuery {
    /// The query as `(key, value)` pairs, repeated keys for arrays.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = paging_pairs(self.page, self.page_limit);
        pairs.extend(self.status.iter().map(|s| ("status", s.as_str().to_string())));
        if let Some(f) = &self.filename {
            pairs.push(("filename", f.clone()));
        }
        pairs
    }
}

/// `page` and `page_limit` pairs of any list query.
pub(crate) fn paging_pairs(page: Option<u64>, limit: Option<u32>) -> Vec<(&'static str, String)> {
    let mut pairs = Vec::new();
    if let Some(p) = page {
        pairs.push(("page", p.to_string()));
    }
    if let Some(l) = limit {
        pairs.push(("page_limit", l.to_string()));
    }
    pairs
}
