//! What the asset list asks the server for: the page size, the server-side filters, the page
//! request in flight, and the asset to find again after a refresh.

use crate::api::types::AssetType;

use crate::tui::msg::RequestId;

/// Items per page requested from the server (the documented maximum).
pub const PAGE_LIMIT: u32 = 50;
/// Start fetching the next page when the selection is this close to the end of the list.
pub const PREFETCH_MARGIN: usize = 10;
/// Filters the server applies; changing one reloads from page 1.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServerFilter {
    pub asset_type: Option<AssetType>,
    pub filename: Option<String>,
}

impl ServerFilter {
    /// all → video → audio → image → document → all.
    pub fn cycle_type(&mut self) {
        self.asset_type = match self.asset_type {
            None => Some(AssetType::Video),
            Some(AssetType::Video) => Some(AssetType::Audio),
            Some(AssetType::Audio) => Some(AssetType::Image),
            Some(AssetType::Image) => Some(AssetType::Document),
            _ => None,
        };
    }
}

/// A page request in flight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PendingPage {
    pub request_id: RequestId,
    pub page: u32,
    /// True when the page continues the list (dedupe and append); false when page 1 starts it
    /// afresh (a reload or a refresh).
    pub append: bool,
}

/// After a refresh: the asset to select again once it shows up, and how many pages to reload
/// at most to find it (as many as were loaded before).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restore {
    pub id: String,
    pub pages_left: u32,
}

/// A move down that asked for rows not loaded yet (`PgDn`, `Ctrl-D`, `j`, the wheel at the last
/// loaded row while more exist): it stopped on `from_id`, `rows` short of where it was going.
/// The rows are moved when the next page arrives, unless the selection has left `from_id`
/// meanwhile (another key or a click took it elsewhere): a key is never dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwedMove {
    pub from_id: String,
    pub rows: usize,
}
