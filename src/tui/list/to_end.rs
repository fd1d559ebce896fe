//! `G`/`End` in the list goes to the real last asset, not the last loaded one. The pages between
//! are fetched in the background, a few at once, and appended in server order as they arrive;
//! keys keep working meanwhile, the status bar counts the pages, and the selection stays on the
//! last row until the user moves it.

use std::collections::BTreeMap;

use crate::api::types::{Asset, Page};

use super::page_requests::PAGE_LIMIT;
use crate::tui::msg::RequestId;

/// Pages asked for at once: enough to hide a slow link's latency, few enough to stay polite.
pub const CONCURRENT_PAGES: usize = 4;

/// A run of page fetches to the end of the list.
#[derive(Debug, Clone, Default)]
pub struct ToEnd {
    /// Pages asked for and not answered yet.
    pub(in crate::tui) in_flight: Vec<(RequestId, u32)>,
    /// Pages that came before an earlier one did, waiting for it.
    pub(in crate::tui) arrived: BTreeMap<u32, Page<Asset>>,
    pub(in crate::tui) next_ask: u32,
    pub(in crate::tui) next_apply: u32,
    /// The last page, from the total the server last gave.
    pub(in crate::tui) last: u32,
    /// The first page of the run, for the progress count.
    pub(in crate::tui) first: u32,
    /// True while the selection stays on the last row.
    pub follow: bool,
    /// Started for a sort (the list is ordered once every page is in), not by `G`.
    pub for_sort: bool,
}

impl ToEnd {
    /// Pages appended so far and pages in the run, for the status bar.
    pub fn progress(&self) -> (u32, u32) {
        (
            self.next_apply - self.first,
            (self.last + 1).saturating_sub(self.first),
        )
    }

    /// Pages being fetched now.
    pub fn in_flight(&self) -> usize {
        self.in_flight.len()
    }
}

/// Pages of `PAGE_LIMIT` holding `total` assets.
pub(in crate::tui) fn pages_for(total: Option<u64>) -> u32 {
    u32::try_from(total.unwrap_or(0).div_ceil(u64::from(PAGE_LIMIT))).unwrap_or(u32::MAX)
}
