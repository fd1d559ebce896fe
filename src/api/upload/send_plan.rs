//! The decision of how an upload is sent (direct, multipart or URL), made once, before anything
//! is sent, from the file's size and kind and the service's limits.

use crate::api::error::ApiError;
use crate::api::types::AssetType;
use crate::api::upload::file_probe::{LocalMedia, inspect_file_off_thread};
use crate::api::upload::request::{CreateAsset, UploadSource, stored_name};

/// Direct uploads above this size are refused by the service (video/audio); use multipart.
pub const DIRECT_LIMIT_MEDIA: u64 = 200 * 1000 * 1000;
/// Image uploads above this size are refused whatever the method.
pub const IMAGE_LIMIT: u64 = 32 * 1000 * 1000;
/// The size limit of a direct upload for this kind of media.
pub fn direct_limit(asset_type: &AssetType) -> u64 {
    match asset_type {
        AssetType::Image => IMAGE_LIMIT,
        _ => DIRECT_LIMIT_MEDIA,
    }
}

/// How a new asset's media is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadKind {
    /// The file in one streamed request.
    Direct,
    /// The file in chunks through a resumable session.
    Multipart,
    /// The service fetches a URL itself.
    Url,
}

/// What an upload will do, decided before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendPlan {
    pub kind: UploadKind,
    /// The file's size; `None` for a URL.
    pub size: Option<u64>,
    /// The name the asset is stored under.
    pub stored_name: String,
}

/// Direct or multipart for a local file: video and audio over `direct_media_limit` (or when
/// asked) go in chunks; an image over the image limit cannot be uploaded at all.
pub fn choose_kind(
    media: &LocalMedia,
    direct_media_limit: u64,
    force_multipart: bool,
) -> Result<UploadKind, ApiError> {
    let image = media.asset_type == AssetType::Image;
    if media.asset_type == AssetType::Document
        && (force_multipart || media.size > direct_media_limit.min(DIRECT_LIMIT_MEDIA))
    {
        // docs/contract.md §16: multipart sessions take no documents; a large one goes by URL.
        return Err(ApiError::LocalFile(format!(
            "{}: documents go in one direct request (up to {}) and never in chunks; put a larger one where a URL reaches it and upload the URL",
            media.path.display(),
            bytesize::ByteSize(DIRECT_LIMIT_MEDIA)
        )));
    }
    if image && media.size > IMAGE_LIMIT {
        return Err(ApiError::LocalFile(format!(
            "{}: {} is over the {} limit for images (whatever the upload method)",
            media.path.display(),
            bytesize::ByteSize(media.size),
            bytesize::ByteSize(IMAGE_LIMIT)
        )));
    }
    Ok(
        if force_multipart || (!image && media.size > direct_media_limit) {
            UploadKind::Multipart
        } else {
            UploadKind::Direct
        },
    )
}

/// Plans the upload of `req`: inspects a local file (off the async workers) and chooses how to
/// send it.
pub async fn plan_upload(
    req: &CreateAsset,
    direct_media_limit: u64,
    force_multipart: bool,
) -> Result<SendPlan, ApiError> {
    let stored_name = stored_name(req);
    match &req.source {
        UploadSource::File(path) => {
            let media = inspect_file_off_thread(path.clone()).await?;
            Ok(SendPlan {
                kind: choose_kind(&media, direct_media_limit, force_multipart)?,
                size: Some(media.size),
                stored_name,
            })
        }
        UploadSource::Url(_) if force_multipart => Err(ApiError::InvalidInput(
            "a multipart upload needs a local file, not a URL".into(),
        )),
        UploadSource::Url(_) => Ok(SendPlan {
            kind: UploadKind::Url,
            size: None,
            stored_name,
        }),
    }
}
