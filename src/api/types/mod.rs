//! Wire types of the TwelveLabs Assets API (v1.3), shared by the client and the local platform.
//!
//! Field names follow the wire (`snake_case`, primary key `_id`). Every field the service may omit
//! is an `Option` and is skipped when `None`, because the service omits absent fields rather than
//! sending `null`. Unknown fields are ignored on input, and unknown enum values are kept as
//! [`AssetStatus::Other`] and friends so a newer server never breaks an older client.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// User metadata: a flat JSON object whose values are strings, numbers or booleans.
pub type UserMetadata = Map<String, Value>;

/// Declares a string enum that keeps values it does not know instead of failing to parse.
macro_rules! open_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this version does not know; kept verbatim.
            Other(String),
        }

        impl $name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)+
                    Self::Other(s) => s,
                }
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $($wire => Self::$variant,)+
                    other => Self::Other(other.to_string()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Ok(Self::from(s.as_str()))
            }
        }
    };
}

mod entities;
mod indexes;
mod multipart;
pub use entities::*;
pub use indexes::*;
pub use multipart::*;

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
    }
);

impl AssetType {
    /// The type implied by a MIME type (`video/mp4` → video), if it is a media type at all.
    pub fn from_mime(mime: &str) -> Option<Self> {
        match mime.split('/').next()? {
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
    /// Connector import details; kept as raw JSON since the client only displays it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Value>,
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
    /// Fields not modelled above (timecodes, colour, geospatial, …), kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Pagination block of every list response.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageInfo {
    #[serde(default)]
    pub limit_per_page: u32,
    /// The page asked for: any page number may be asked for, so wider than `total_page`.
    #[serde(default)]
    pub page: u64,
    #[serde(default)]
    pub total_page: u32,
    #[serde(default)]
    pub total_results: u64,
}

/// One page of a list response: `{data, page_info}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    #[serde(default = "Vec::new")]
    pub data: Vec<T>,
    #[serde(default)]
    pub page_info: PageInfo,
}

impl<T> Page<T> {
    /// True when no page follows this one (`page >= total_page`, or nothing on this page).
    pub fn is_last(&self) -> bool {
        self.data.is_empty() || self.page_info.page >= u64::from(self.page_info.total_page)
    }
}

/// Query of `GET /assets`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListAssetsQuery {
    /// 1-based; `None` means the server default (1).
    pub page: Option<u32>,
    /// Items per page, 1..=50; `None` means the server default (10).
    pub page_limit: Option<u32>,
    /// OR-match on ids (sent as repeated `asset_ids`).
    pub asset_ids: Vec<String>,
    /// OR-match on media type (sent as repeated `asset_types`).
    pub asset_types: Vec<AssetType>,
    /// Case-insensitive substring of the filename.
    pub filename: Option<String>,
}

impl ListAssetsQuery {
    /// The query as `(key, value)` pairs, repeated keys for arrays, as the service expects.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(p) = self.page {
            pairs.push(("page", p.to_string()));
        }
        if let Some(l) = self.page_limit {
            pairs.push(("page_limit", l.to_string()));
        }
        for id in &self.asset_ids {
            pairs.push(("asset_ids", id.clone()));
        }
        for t in &self.asset_types {
            pairs.push(("asset_types", t.as_str().to_string()));
        }
        if let Some(f) = &self.filename {
            pairs.push(("filename", f.clone()));
        }
        pairs
    }
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

    #[test]
    fn list_query_repeats_array_keys() {
        let q = ListAssetsQuery {
            asset_ids: vec!["a".into(), "b".into()],
            asset_types: vec![AssetType::Video, AssetType::Image],
            ..Default::default()
        };
        let pairs = q.to_pairs();
        assert_eq!(pairs.iter().filter(|(k, _)| *k == "asset_ids").count(), 2);
        assert_eq!(pairs.iter().filter(|(k, _)| *k == "asset_types").count(), 2);
    }

    #[test]
    fn last_page_detection() {
        let mut p: Page<Asset> = Page {
            data: vec![],
            page_info: PageInfo {
                limit_per_page: 10,
                page: 1,
                total_page: 3,
                total_results: 25,
            },
        };
        assert!(p.is_last(), "empty data ends paging");
        p.data.push(Asset::minimal("x"));
        assert!(!p.is_last());
        p.page_info.page = 3;
        assert!(p.is_last());
    }
}
