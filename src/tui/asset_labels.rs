//! Labels for cells of the asset list and detail. Numbers and times come from the shared
//! [`crate::format`], re-exported here so views say `asset_labels::size` whichever they need.

pub use crate::format::{ago, date_time, duration, eta, parse_time, rate as speed, size};

use crate::api::types::{Asset, AssetStatus, AssetType};

/// A one-character type mark plus a label: `▶ video`, `♪ audio`, `▣ image`, `≡ document`.
pub fn type_label(asset: &Asset) -> (&'static str, String) {
    match asset.asset_type() {
        Some(AssetType::Video) => ("▶", "video".to_string()),
        Some(AssetType::Audio) => ("♪", "audio".to_string()),
        Some(AssetType::Image) => ("▣", "image".to_string()),
        Some(AssetType::Document) => ("≡", "document".to_string()),
        Some(AssetType::Other(o)) => ("?", o),
        None => ("?", asset.file_type.clone().unwrap_or_else(|| "-".to_string())),
    }
}

/// The status word; `-` when the server did not say.
pub fn status_label(status: Option<&AssetStatus>) -> &str {
    status.map_or("-", AssetStatus::as_str)
}
