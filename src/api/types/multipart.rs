//! Wire types of multipart upload sessions (docs/contract.md §6): creating a session, presigned chunk
//! URLs, chunk reports, session status and the list of incomplete sessions.

use serde::{Deserialize, Serialize};

use super::{AssetType, PageInfo, UserMetadata};

open_enum!(
    /// State of a multipart upload session.
    UploadSessionStatus {
        Active => "active",
        Completed => "completed",
        Failed => "failed",
        Expired => "expired",
    }
);

open_enum!(
    /// State of one chunk of a multipart upload session.
    ChunkStatus {
        Completed => "completed",
        Pending => "pending",
        Failed => "failed",
    }
);

/// Body of `POST /assets/multipart-uploads`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateUploadRequest {
    pub filename: String,
    #[serde(rename = "type")]
    pub asset_type: AssetType,
    pub total_size: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_hls: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_thumbnail: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_metadata: Option<UserMetadata>,
}

/// A presigned URL for one chunk (chunk indexes are 1-based).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PresignedUrl {
    pub chunk_index: u32,
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

/// Response of `POST /assets/multipart-uploads`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateUploadResponse {
    pub upload_id: String,
    pub asset_id: String,
    #[serde(default)]
    pub upload_urls: Vec<PresignedUrl>,
    #[serde(default)]
    pub upload_headers: std::collections::BTreeMap<String, String>,
    pub chunk_size: u64,
    pub total_chunks: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

/// Body of `POST /assets/multipart-uploads/{id}/presigned-urls`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PresignedUrlsRequest {
    pub start: u32,
    pub count: u32,
}

/// Response of `POST /assets/multipart-uploads/{id}/presigned-urls`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PresignedUrlsResponse {
    pub upload_id: String,
    pub start_index: u32,
    pub count: u32,
    #[serde(default)]
    pub upload_urls: Vec<PresignedUrl>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

/// One reported chunk: its index, the ETag returned by the chunk PUT, and the bytes sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompletedChunk {
    pub chunk_index: u32,
    pub proof: String,
    /// Always `etag`.
    pub proof_type: String,
    pub chunk_size: u64,
}

/// Body of `POST /assets/multipart-uploads/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportChunksRequest {
    pub completed_chunks: Vec<CompletedChunk>,
}

/// Response of `POST /assets/multipart-uploads/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportChunksResponse {
    pub asset_id: String,
    pub processed_chunks: u32,
    pub duplicate_chunks: u32,
    pub total_completed: u32,
    /// Present only once every chunk is reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// One chunk in a session status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChunkInfo {
    pub index: u32,
    pub status: ChunkStatus,
    /// Absent (or `null`) until the chunk is completed; omitted when serialising because the
    /// response schema types it as a plain string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uploaded_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Response of `GET /assets/multipart-uploads/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UploadStatus {
    pub upload_id: String,
    pub status: UploadSessionStatus,
    #[serde(default)]
    pub uploaded_chunks: Vec<ChunkInfo>,
    #[serde(default)]
    pub chunks_completed: u32,
    #[serde(default)]
    pub chunks_failed: u32,
    #[serde(default)]
    pub chunks_pending: u32,
    #[serde(default)]
    pub page_info: PageInfo,
    #[serde(default)]
    pub total_size: u64,
    #[serde(default)]
    pub uploaded_size: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
}

/// One item of `GET /assets/multipart-uploads` (incomplete sessions).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncompleteUpload {
    pub upload_id: String,
    pub status: UploadSessionStatus,
    pub total_size: u64,
    pub chunk_size: u64,
    pub total_chunks: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}
