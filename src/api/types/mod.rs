//! Wire types of the TwelveLabs Assets API (v1.3), shared by the client and the local platform.
//!
//! Field names follow the wire (`snake_case`, primary key `_id`). Every field the service may omit
//! is an `Option` and is skipped when `None`, because the service omits absent fields rather than
//! sending `null`. Unknown fields are ignored on input, and unknown enum values are kept as
//! [`AssetStatus::Other`] and friends so a newer server never breaks an older client.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// User metadata: a flat JSON object whose values are strings, numbers, booleans or lists of
/// strings (`api::MetaValue` reads one value; `null` in a request removes a key).
pub type UserMetadata = Map<String, Value>;

#[macro_use]
mod open_enum;

mod document;
mod entities;
mod indexes;
mod multipart;
mod paging;
mod source;
pub use document::{DOCUMENT_MIME_TYPES, DocumentMetadata};
mod transcription;
pub use entities::*;
pub use indexes::*;
pub use multipart::*;
pub use paging::{ListAssetsQuery, Page, PageInfo};
pub use source::{AssetSource, SourceDetails};
pub use transcription::*;

open_enum!(
    /// Processing state of an asset.
    AssetStatus {
        Processing => "processing",
        Ready => "ready",
        Failed => "failed",
    }
);

impl AssetStatus {
    /// True once the asset will not change state again (`ready` or `failed`).
    pub fn is_final(&self) -> bool {
        matches!(self, Self::Ready | Self::Failed)
    }
}

open_enum!(
    /// How an asset was uploaded.
    UploadMethod {
        Direct => "direct",
        Url => "url",
        Multipart => "multipart",
        /// Imported from a connected third-party account (docs/contract.md §16).
        Connector => "connector",
    }
);

open_enum!(
    /// State of a derived artefact (HLS rendition, thumbnail). Note the wire says `error`, not `failed`.
    DerivedStatus {
        Pending => "pending",
        Processing => "processing",
        Ready => "ready",
        Error => "error",
    }
);

open_enum!(
    /// The kind of media, used by the `asset_types` filter and multipart `type`.
    AssetType {
        Video => "video",
        Audio => "audio",
        Image => "image",
        Document => "document",
    }
);

impl AssetType {
    /// The type implied by a MIME type (`video/mp4` → video; `application/pdf`, `text/plain`,
    /// `text/markdown` → document), if it is a media type at all.
    pub fn from_mime(mime: &str) -> Option<Self> {
        let essence = mime.split(';').next().unwrap_or(mime).trim();
        if DOCUMENT_MIME_TYPES.contains(&essence) {
            return Some(Self::Document);
        }
        match essence.split('/').next()? {
            "video" => Some(Self::Video),
            "audio" => Some(Self::Audio),
            "image" => Some(Self::Image),
            _ => None,
        }
    }
}

/// An asset: the short form returned by `POST /assets`, and the detailed form (`AssetDetail`)
/// returned by list and retrieve. The detail-only fields are simply absent in the short form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Asset {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<UploadMethod>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<AssetStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
    /// MIME type, e.g. `video/mp4`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_type: Option<String>,
    /// RFC 3339 timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_metadata: Option<UserMetadata>,
    /// Where a connector import came from (only when `method` is `connector`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<AssetSource>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hls: Option<Hls>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnail: Option<Thumbnail>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technical_metadata: Option<TechnicalMetadata>,
    /// Size in bytes; final once `ready`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// Duration in seconds (video and audio only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<f64>,
    /// Present only when `status` is `failed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<AssetError>,
}

impl Asset {
    /// The media kind derived from `file_type`.
    pub fn asset_type(&self) -> Option<AssetType> {
        self.file_type.as_deref().and_then(AssetType::from_mime)
    }
}

/// HLS rendition state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hls {
    pub status: DerivedStatus,
    /// Present only when `status` is `ready`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest_url: Option<String>,
}

/// Thumbnail state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Thumbnail {
    pub status: DerivedStatus,
    /// Present only when `status` is `ready`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representative_url: Option<String>,
}

/// Why an asset failed. The text is for people, not for parsing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssetError {
    pub message: String,
}

/// Technical metadata found by probing the file. Every field is optional; fields that do not
/// apply to the media type are absent. Fields this version does not model are kept in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TechnicalMetadata {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_size_bytes: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_mime_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_container_format: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_codec: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_width: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_height: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_fps: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_duration_seconds: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_bitrate_bps: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio_codec: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio_sample_rate: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio_channels: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio_duration_seconds: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_width: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_height: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_format: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_audio: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_alpha: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_animated: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_video_streams: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_audio_streams: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_aspect_ratio: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_streams: Option<Vec<Map<String, Value>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio_streams: Option<Vec<Map<String, Value>>>,
    /// The `document_*` fields (documents only). Before `extra`, so `extra` never holds them.
    #[serde(flatten)]
    pub document: DocumentMetadata,
    /// Fields not modelled above (timecodes, colour, geospatial, …), kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Error body of the assets family: `{code, message, docs_url?}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs_url: Option<String>,
}

/// Body of `PATCH`/`PUT /assets/{id}/user-metadata`. Values may be `null` (PATCH: delete the key).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserMetadataBody {
    pub user_metadata: Map<String, Value>,
}

/// One item of `GET /assets/{id}/indexed-assets`: an indexed asset that references the asset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexedAssetSummary {
    #[serde(rename = "_id")]
    pub id: String,
    pub index: IndexRef,
}

/// The index an indexed asset belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexRef {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl Asset {
    /// An asset with only its id set; the rest is filled by the caller.
    pub fn minimal(id: &str) -> Self {
        Self {
            id: id.to_string(),
            method: None,
            status: None,
            filename: None,
            file_type: None,
            created_at: None,
            user_metadata: None,
            source: None,
            hls: None,
            thumbnail: None,
            technical_metadata: None,
            size: None,
            duration: None,
            error: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asset_parses_with_unknown_fields_and_values() {
        let json = r#"{"_id":"abc","status":"waiting","method":"direct","future_field":1,
            "hls":{"status":"ready","manifest_url":"http://x/m.m3u8"},"size":12}"#;
        let a: Asset = serde_json::from_str(json).expect("parse");
        assert_eq!(a.id, "abc");
        assert_eq!(a.status, Some(AssetStatus::Other("waiting".into())));
        assert_eq!(a.method, Some(UploadMethod::Direct));
        assert_eq!(a.size, Some(12));
        assert_eq!(
            a.hls.and_then(|h| h.manifest_url).as_deref(),
            Some("http://x/m.m3u8")
        );
    }

    #[test]
    fn absent_fields_are_omitted_not_null() {
        let a: Asset = serde_json::from_str(r#"{"_id":"x"}"#).expect("parse");
        assert_eq!(serde_json::to_string(&a).expect("ser"), r#"{"_id":"x"}"#);
    }
}
