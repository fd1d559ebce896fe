//! The copy menu and the URL box: what can be copied from an asset, and why a value is missing.

use crate::api::types::{Asset, AssetStatus, AssetType, DerivedStatus};
use crate::tui::detail::thumbnail::thumbnail_url;

use crate::tui::dialogs::choice::Choice;

/// The copy menu: each entry with its text, or why the asset has no such value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyMenu {
    pub entries: Vec<(&'static str, Result<String, String>)>,
    pub selected: usize,
}

impl CopyMenu {
    /// The entries for an asset.
    pub fn for_asset(asset: &Asset) -> Self {
        let json = serde_json::to_string_pretty(asset).map_err(|e| e.to_string());
        let entries = vec![
            ("asset id", Ok(asset.id.clone())),
            ("HLS URL", hls_url(asset).map_err(|m| m.why)),
            ("thumbnail URL", thumb_url(asset).map_err(|m| m.why)),
            ("JSON", json),
        ];
        let selected = entries.iter().position(|e| e.1.is_ok()).unwrap_or(0);
        Self { entries, selected }
    }

    pub(in crate::tui) fn step(&mut self, delta: isize) {
        let n = self.entries.len() as isize;
        let mut i = self.selected as isize;
        for _ in 0..n {
            i = (i + delta).rem_euclid(n);
            if self.entries[i as usize].1.is_ok() {
                self.selected = i as usize;
                return;
            }
        }
    }
}

/// Why an asset has no HLS or thumbnail URL, and whether it may still get one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub why: String,
    /// True while it is being made: it may come.
    pub later: bool,
}

fn never(why: &str) -> Missing {
    Missing {
        why: why.to_string(),
        later: false,
    }
}

/// The asset's HLS manifest URL, or why there is none.
pub fn hls_url(asset: &Asset) -> Result<String, Missing> {
    if asset.asset_type() == Some(AssetType::Image) {
        return Err(never("images have no HLS"));
    }
    if asset.status == Some(AssetStatus::Failed) {
        return Err(never("the asset failed"));
    }
    let Some(hls) = &asset.hls else {
        return Err(never("HLS not requested"));
    };
    match (&hls.manifest_url, &hls.status) {
        (Some(url), _) => Ok(url.clone()),
        (None, DerivedStatus::Pending | DerivedStatus::Processing) => Err(Missing {
            why: "HLS still processing".to_string(),
            later: true,
        }),
        (None, DerivedStatus::Error) => Err(never("HLS failed")),
        (None, _) => Err(never("the server gave no HLS URL")),
    }
}

/// The asset's thumbnail URL, or why there is none.
pub fn thumb_url(asset: &Asset) -> Result<String, Missing> {
    if let Some(url) = thumbnail_url(asset) {
        return Ok(url.to_string());
    }
    if asset.status == Some(AssetStatus::Failed) {
        return Err(never("the asset failed"));
    }
    let Some(thumb) = &asset.thumbnail else {
        return Err(never("thumbnail not requested"));
    };
    match thumb.status {
        DerivedStatus::Pending | DerivedStatus::Processing => Err(Missing {
            why: "thumbnail still processing".to_string(),
            later: true,
        }),
        DerivedStatus::Error => Err(never("thumbnail failed")),
        _ => Err(never("the server gave no thumbnail URL")),
    }
}

/// A URL that could not be opened here, with why, and a Copy button.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShowUrl {
    pub title: String,
    pub url: String,
    pub reason: String,
    pub choice: Choice,
}
