//! Read-ahead while idle: which rows around the selection to read before the user lands on them
//! (the next few in the direction of travel, then one behind), the one read-ahead that may be
//! on its way, and the rows already read ahead. Pure state; `detail/read_ahead_flow.rs` drives
//! it, `detail/read_ahead_task.rs` runs it. What it reads lands in the caches the detail pane
//! and the thumbnail loader use, so landing on such a row shows its detail at once.

use std::collections::VecDeque;
use std::time::Duration;

use crate::tui::msg::RequestId;

/// Rows read ahead in the direction of travel when the config does not say.
pub const DEFAULT_ROWS: usize = 2;
/// How long the selection rests (and the row under it is loaded) before reading ahead starts.
pub const IDLE: Duration = Duration::from_millis(150);
/// Rows remembered as read ahead, so a row whose read failed is not read again and again.
const TRIED: usize = 64;

/// The read-ahead state of the app.
#[derive(Debug, Clone)]
pub struct ReadAhead {
    /// Rows read ahead in the direction of travel (one behind as well); 0: off.
    pub rows: usize,
    /// The read-ahead on its way: the asset and the request its answers carry.
    pub pending: Option<(String, RequestId)>,
    /// The row the selection was on at the last look, and whether it last moved down.
    at: Option<usize>,
    down: bool,
    /// Assets read ahead already (whatever came of it), newest last.
    tried: VecDeque<String>,
    /// A read-ahead met the rate limit: none more until the selection moves.
    pub resting: bool,
}

impl Default for ReadAhead {
    fn default() -> Self {
        Self {
            rows: DEFAULT_ROWS,
            pending: None,
            at: None,
            down: true,
            tried: VecDeque::new(),
            resting: false,
        }
    }
}

impl ReadAhead {
    /// Notes the selection's row; true when it moved since the last look.
    pub fn moved_to(&mut self, row: Option<usize>) -> bool {
        if row == self.at {
            return false;
        }
        if let (Some(old), Some(new)) = (self.at, row) {
            self.down = new >= old;
        }
        self.at = row;
        self.resting = false;
        true
    }

    /// The rows to read ahead of `selected` among `len`, nearest first in the direction of
    /// travel, then the one behind.
    pub fn candidates(&self, selected: usize, len: usize) -> Vec<usize> {
        if self.rows == 0 {
            return Vec::new();
        }
        let step = |i: usize, forward: bool| {
            if forward == self.down {
                selected.checked_add(i).filter(|r| *r < len)
            } else {
                selected.checked_sub(i)
            }
        };
        let ahead = (1..=self.rows).filter_map(|i| step(i, true));
        ahead.chain(step(1, false)).collect()
    }

    /// True when `id` was read ahead already.
    pub fn tried(&self, id: &str) -> bool {
        self.tried.iter().any(|t| t == id)
    }

    /// Drops the read-ahead on its way (the selection moved), if any; its row was not read, so
    /// it is not remembered as tried: a burst of keys that cut it short must not leave that row
    /// never read ahead. True when there was one.
    pub fn drop_pending(&mut self) -> bool {
        let Some((id, _)) = self.pending.take() else {
            return false;
        };
        self.tried.retain(|t| *t != id);
        true
    }

    /// Remembers `id` as read ahead, forgetting the oldest beyond the bound.
    pub fn mark_tried(&mut self, id: &str) {
        if !self.tried(id) {
            self.tried.push_back(id.to_string());
        }
        while self.tried.len() > TRIED {
            self.tried.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_follow_the_direction_of_travel_and_stay_in_the_list() {
        let mut r = ReadAhead::default();
        assert!(r.moved_to(Some(5)));
        assert_eq!(r.candidates(5, 10), vec![6, 7, 4]);
        assert!(r.moved_to(Some(4)));
        assert_eq!(r.candidates(4, 10), vec![3, 2, 5]);
        assert!(!r.moved_to(Some(4)));
        assert_eq!(r.candidates(0, 10), vec![1], "up at the top: only the one behind");
        r.rows = 0;
        assert!(r.candidates(4, 10).is_empty(), "0 is off");
    }

    #[test]
    fn tried_is_bounded() {
        let mut r = ReadAhead::default();
        for i in 0..100 {
            r.mark_tried(&format!("a{i}"));
        }
        assert!(!r.tried("a0"));
        assert!(r.tried("a99"));
    }
}
