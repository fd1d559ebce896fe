//! Turning received bytes into an asset: probe, apply the rules of docs/contract.md §14, move the blob into
//! place, then commit the row (in that order, so no row ever points at a half-written blob).

use crate::api::types::UserMetadata;
use crate::api::types::{AssetStatus, UploadMethod};
use crate::platform::error::ErrorAnswer;
use crate::platform::media::document;
use crate::platform::media::probe::{self, MediaKind, Probed};
use crate::platform::media::rules::{self, Origin};
use crate::platform::state::Shared;
use crate::platform::store::blobs::TempFile;
use crate::platform::store::ids::{new_id, new_token, now_ms};
use crate::platform::store::rows::asset_row::{self, AssetRow};

/// Options of a new asset besides its bytes.
#[derive(Debug, Clone, Default)]
pub(crate) struct NewAsset {
    pub method: &'static str,
    pub filename: String,
    pub enable_hls: bool,
    pub enable_thumbnail: bool,
    pub user_metadata: Option<UserMetadata>,
    /// A duration to use when the media does not tell its own (an HLS playlist's `#EXTINF` sum).
    pub duration_hint: Option<f64>,
    /// Taken in from an HLS playlist: a video whatever the URL's name says (`stream.txt`), so
    /// the document rules, which go by the name, do not apply.
    pub from_playlist: bool,
}

/// Probes a finished temp file off the async threads.
pub(crate) async fn probe_file(temp: &TempFile) -> Result<(MediaKind, Probed), ErrorAnswer> {
    let path = temp.path().to_path_buf();
    tokio::task::spawn_blocking(move || probe::probe(&path))
        .await
        .map_err(ErrorAnswer::internal)?
        .map_err(ErrorAnswer::from)
}

/// Validates `temp` against the rules and, if it passes, stores it as a new `processing` asset.
pub(crate) async fn accept(
    state: &Shared,
    mut temp: TempFile,
    origin: Origin,
    mut opts: NewAsset,
) -> Result<AssetRow, ErrorAnswer> {
    temp.finish().await?;
    let doc = if opts.from_playlist {
        None
    } else {
        document::check_upload(temp.path(), &opts.filename, origin, &state.limits).await?
    };
    let (probed, asset_type) = match doc {
        Some(probed) => {
            // docs/contract.md §16: no HLS for documents, no thumbnail for text.
            opts.enable_hls = false;
            opts.enable_thumbnail &= probed.mime == document::PDF;
            (probed, crate::api::types::AssetType::Document)
        }
        None => {
            let (kind, mut probed) = probe_file(&temp).await?;
            probed.duration = probed.duration.or(opts.duration_hint);
            let asset_type = rules::check(kind, &probed, origin, &state.limits)?;
            (probed, asset_type)
        }
    };
    let id = new_id();
    let blob = state
        .blobs
        .blob_path(&id)
        .ok_or_else(|| ErrorAnswer::internal("minted id is not hex"))?;
    state.blobs.commit(temp.path(), &blob).await?;
    temp.keep();
    let row = AssetRow {
        id,
        method: UploadMethod::from(opts.method),
        status: AssetStatus::Processing,
        filename: opts.filename,
        file_type: Some(probed.mime.clone()),
        created_ms: now_ms(),
        user_metadata: opts.user_metadata,
        // Images have no HLS rendition: the flag (on by default) is ignored for them.
        enable_hls: opts.enable_hls && asset_type != crate::api::types::AssetType::Image,
        enable_thumbnail: opts.enable_thumbnail,
        hls_status: None,
        thumb_status: None,
        file_token: new_token(),
        size: Some(probed.size),
        duration: opts.duration_hint,
        technical_metadata: None,
        error_message: None,
        blob_ready: true,
        source: None,
    };
    let due = now_ms() + state.processing_delay.as_millis() as i64;
    let stored = row.clone();
    let committed = state
        .store
        .call(move |c| Ok(asset_row::insert(c, &stored, due)?))
        .await;
    if let Err(e) = committed {
        // The row did not commit: the blob must not outlive the failure.
        let _ = tokio::fs::remove_file(&blob).await;
        return Err(e);
    }
    state.wake.notify_one();
    Ok(row)
}

/// Validates a user-metadata object: flat, values string, number or boolean.
pub(crate) fn check_user_metadata(
    value: &serde_json::Value,
    allow_null: bool,
) -> Result<UserMetadata, ErrorAnswer> {
    let invalid = |why: &str| {
        ErrorAnswer::bad_request(
            "parameter_invalid",
            format!("The user_metadata parameter is invalid. {why}"),
        )
    };
    let obj = value
        .as_object()
        .ok_or_else(|| invalid("It must be a JSON object."))?;
    for (k, v) in obj {
        let ok = match v {
            serde_json::Value::String(_) | serde_json::Value::Number(_) | serde_json::Value::Bool(_) => true,
            serde_json::Value::Null => allow_null,
            _ => false,
        };
        if !ok {
            return Err(invalid(&format!(
                "The value of key {k} must be a string, a number or a boolean."
            )));
        }
    }
    Ok(obj.clone())
}
