//! Read-ahead: which rows around the selection to read before the user lands on them (a window of
//! the next few in the direction of travel, then one behind), the reads on their way, and the
//! rows already read ahead. Pure state; `detail/read_ahead_flow.rs` drives it,
//! `detail/read_ahead_task.rs` runs it. What it reads lands in the caches the detail pane and
//! the thumbnail loader use, so landing on such a row shows its detail at once.
//!
//! The window moves with the cursor. Its rows are asked for once the selection has stayed put
//! a moment ([`IDLE`]: the gap between keys at 4 keys/s is longer, a key held down never leaves
//! one), several rows at once up to [`MAX_REQUESTS`] requests; a key cancels only the reads of
//! rows that left the window. Waiting for the row under the cursor to load as well, and
//! cancelling on every key, made read-ahead useless faster than a key a second over a 250 ms
//! link: one row's reads took the rest plus a round trip, longer than the gap between keys.

use std::collections::VecDeque;
use std::time::Duration;

use crate::tui::msg::RequestId;

/// Rows read ahead in the direction of travel when the config does not say. Moving steadily, a
/// row is asked for [`IDLE`] after the key that brings it into the window and must be read
/// before the cursor gets there: at 4 keys/s over a link answering 250 ms late 2 rows would do
/// (500 ms ≥ 150 + 250 ms); 5 leave room for a slower link or faster keys, and let a flick of up
/// to 5 keys land on a row read while the cursor rested. The cost is the reads of rows the user
/// never lands on: the window's rows once after a jump, one row a key after that.
pub const DEFAULT_ROWS: usize = 5;
/// How long the selection stays put before the rows in the window are asked for: a row the
/// cursor runs past sooner (a key held down) costs no request.
pub const IDLE: Duration = Duration::from_millis(150);
/// Requests of read-ahead on their way at once (a row costs one per part it reads): enough for
/// two or more rows at once, few enough that the service never sees a flood from one user.
pub const MAX_REQUESTS: usize = 8;
/// Rows remembered as read ahead, so a row whose read failed is not read again and again.
const TRIED: usize = 64;

/// What to read ahead for one asset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadAheadJob {
    pub asset_id: String,
    /// Read its indexes and entities.
    pub part_of: bool,
    /// Fetch its thumbnail: (asset id, URL).
    pub thumbnail: Option<(String, String)>,
    /// Read its transcript (a `ready` video or audio asset).
    pub transcript: bool,
}

impl ReadAheadJob {
    /// The requests it makes.
    pub fn requests(&self) -> usize {
        2 * usize::from(self.part_of) + usize::from(self.thumbnail.is_some()) + usize::from(self.transcript)
    }
}

/// One read on its way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flight {
    pub request_id: RequestId,
    pub job: ReadAheadJob,
}

/// The read-ahead state of the app.
#[derive(Debug, Clone)]
pub struct ReadAhead {
    /// Rows read ahead in the direction of travel (one behind as well); 0: off.
    pub rows: usize,
    /// The reads on their way, oldest first.
    pub in_flight: Vec<Flight>,
    /// The row the selection was on at the last look, and whether it last moved down.
    at: Option<usize>,
    down: bool,
    /// Assets read ahead already (whatever came of it), newest last.
    tried: VecDeque<String>,
    /// A read-ahead met the rate limit (or few requests of it are left): none more until the
    /// selection moves.
    pub resting: bool,
}

impl Default for ReadAhead {
    fn default() -> Self {
        Self {
            rows: DEFAULT_ROWS,
            in_flight: Vec::new(),
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

    /// The read of `asset_id` on its way that reads what `part` picks, if any.
    pub fn reading(&self, asset_id: &str, part: impl Fn(&ReadAheadJob) -> bool) -> Option<RequestId> {
        self.in_flight
            .iter()
            .find(|f| f.job.asset_id == asset_id && part(&f.job))
            .map(|f| f.request_id)
    }

    /// True when `request_id` is the read-ahead of `asset_id` on its way.
    pub fn is_reading(&self, asset_id: &str, request_id: RequestId) -> bool {
        self.reading(asset_id, |_| true) == Some(request_id)
    }

    /// True while another read of `requests` requests fits under [`MAX_REQUESTS`] (one read
    /// always fits, whatever it costs).
    pub fn has_room_for(&self, requests: usize) -> bool {
        let busy: usize = self.in_flight.iter().map(|f| f.job.requests()).sum();
        busy == 0 || busy + requests <= MAX_REQUESTS
    }

    /// Notes a read on its way, and its row as read ahead.
    pub fn start(&mut self, flight: Flight) {
        if !self.tried(&flight.job.asset_id) {
            self.tried.push_back(flight.job.asset_id.clone());
        }
        while self.tried.len() > TRIED {
            self.tried.pop_front();
        }
        self.in_flight.push(flight);
    }

    /// The read of `request_id` is over; what it was, if it was still awaited.
    pub fn finish(&mut self, request_id: RequestId) -> Option<Flight> {
        let at = self.in_flight.iter().position(|f| f.request_id == request_id)?;
        Some(self.in_flight.remove(at))
    }

    /// Drops the reads of rows not in `keep` (the cursor passed them, or turned back); their
    /// rows were not read, so they are not remembered as tried: going back to them must read
    /// them again. The requests to cancel.
    pub fn drop_all_but(&mut self, keep: &[&str]) -> Vec<RequestId> {
        let (kept, gone): (Vec<_>, Vec<_>) = std::mem::take(&mut self.in_flight)
            .into_iter()
            .partition(|f| keep.contains(&f.job.asset_id.as_str()));
        self.in_flight = kept;
        self.tried.retain(|t| !gone.iter().any(|f| f.job.asset_id == *t));
        gone.into_iter().map(|f| f.request_id).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A read of `id`'s sections (2 requests), its transcript as well when `requests` is 3 or more,
    /// and its thumbnail when 4.
    fn flight(id: &str, n: u64, requests: usize) -> Flight {
        let job = ReadAheadJob {
            asset_id: id.to_string(),
            part_of: true,
            thumbnail: (requests >= 4).then(|| (id.to_string(), "url".to_string())),
            transcript: requests >= 3,
        };
        assert_eq!(job.requests(), requests);
        Flight {
            request_id: RequestId(n),
            job,
        }
    }

    #[test]
    fn candidates_follow_the_direction_of_travel_and_stay_in_the_list() {
        let mut r = ReadAhead {
            rows: 2,
            ..ReadAhead::default()
        };
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
            r.start(flight(&format!("a{i}"), 1, 2));
            r.in_flight.clear();
        }
        assert!(!r.tried("a0"));
        assert!(r.tried("a99"));
    }

    #[test]
    fn reads_fit_under_the_bound_and_one_always_fits() {
        let mut r = ReadAhead::default();
        assert!(
            r.has_room_for(MAX_REQUESTS + 2),
            "nothing on its way: one read goes"
        );
        r.start(flight("a", 1, 4));
        r.start(flight("b", 2, 3));
        assert!(r.has_room_for(1));
        assert!(!r.has_room_for(2), "4 + 3 + 2 > {MAX_REQUESTS}");
        assert_eq!(r.finish(RequestId(1)), Some(flight("a", 1, 4)));
        assert_eq!(r.finish(RequestId(1)), None, "over already");
        assert!(r.has_room_for(2));
        assert_eq!(r.reading("b", |j| j.transcript), Some(RequestId(2)));
        assert_eq!(
            r.reading("b", |j| j.thumbnail.is_some()),
            None,
            "b reads no thumbnail"
        );
        assert!(r.is_reading("b", flight("b", 2, 3).request_id));
        assert!(!r.is_reading("a", flight("a", 1, 4).request_id));
    }

    #[test]
    fn dropping_passed_rows_keeps_the_rows_ahead_and_forgets_the_dropped() {
        let mut r = ReadAhead::default();
        r.start(flight("passed", 1, 2));
        r.start(flight("ahead", 2, 2));
        assert_eq!(
            r.drop_all_but(&["ahead", "other"]),
            vec![flight("passed", 1, 2).request_id]
        );
        assert_eq!(r.in_flight, vec![flight("ahead", 2, 2)]);
        assert!(!r.tried("passed"), "not read: going back reads it");
        assert!(r.tried("ahead"));
    }
}
