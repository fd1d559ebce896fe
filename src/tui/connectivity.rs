//! Whether the server can be reached and may be asked: the lost-connection state with its
//! back-off, the rate-limit wait, and the page to ask for again when either ends. One struct,
//! written only through its methods, so the reconnect and the wait cannot disagree.

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};

/// Wait used when a 429 carries no `Retry-After`.
const DEFAULT_RATE_WAIT: Duration = Duration::from_secs(10);
/// Longest wait between two reconnection tries.
const MAX_BACKOFF_SECS: i64 = 30;

/// The connection is down: when it went, when the next try is, how many tries so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offline {
    pub since: Timestamp,
    pub next_try: Timestamp,
    pub attempts: u32,
    pub message: String,
}

#[derive(Debug, Clone, Default)]
pub struct Connectivity {
    offline: Option<Offline>,
    /// Rate limited until this time; requests wait for it.
    rate_limited_until: Option<Timestamp>,
    /// The list page to ask for once the wait or the outage ends.
    retry_page: Option<u32>,
}

impl Connectivity {
    /// The lost-connection state, while the connection is down.
    pub fn offline(&self) -> Option<&Offline> {
        self.offline.as_ref()
    }

    pub fn is_offline(&self) -> bool {
        self.offline.is_some()
    }

    /// True while a rate-limit wait is set (including one that ran out and awaits the tick).
    pub fn is_rate_limited(&self) -> bool {
        self.rate_limited_until.is_some()
    }

    /// The list page that will be asked for again, if one is waiting.
    pub fn retry_page(&self) -> Option<u32> {
        self.retry_page
    }

    /// Seconds left of a rate-limit wait, if one is running.
    pub fn rate_limit_left(&self, now: Timestamp) -> Option<i64> {
        let until = self.rate_limited_until?;
        let left = until.as_millisecond() - now.as_millisecond();
        (left > 0).then(|| (left + 999) / 1000)
    }

    /// Seconds until the next reconnection try.
    pub fn offline_retry_in(&self, now: Timestamp) -> Option<i64> {
        let o = self.offline.as_ref()?;
        Some(((o.next_try.as_millisecond() - now.as_millisecond()).max(0) + 999) / 1000)
    }

    /// A request found no server: opens the lost-connection state or backs off further, and
    /// remembers the page to ask for again (`page`, else the one already waiting, else page 1).
    pub fn lost(&mut self, now: Timestamp, message: String, page: Option<u32>) {
        let attempts = self.offline.as_ref().map_or(0, |o| o.attempts) + 1;
        let wait = (1i64 << attempts.min(5)).min(MAX_BACKOFF_SECS);
        let since = self.offline.as_ref().map_or(now, |o| o.since);
        self.offline = Some(Offline {
            since,
            next_try: now.checked_add(SignedDuration::from_secs(wait)).unwrap_or(now),
            attempts,
            message,
        });
        self.retry_page = page.or(self.retry_page).or(Some(1));
    }

    /// A 429: waits `retry_after` (or a default), then asks for `page` again if given.
    pub fn rate_limited(&mut self, now: Timestamp, retry_after: Option<Duration>, page: Option<u32>) {
        let wait = retry_after.unwrap_or(DEFAULT_RATE_WAIT);
        let wait = SignedDuration::try_from(wait).unwrap_or(SignedDuration::from_secs(10));
        self.rate_limited_until = now.checked_add(wait).ok();
        if page.is_some() {
            self.retry_page = page;
        }
    }

    /// `page` was wanted during a rate-limit wait: it is asked for when the wait ends.
    pub fn defer_page(&mut self, page: u32) {
        self.retry_page = Some(page);
    }

    /// A list page arrived: nothing waits to be asked again.
    pub fn page_arrived(&mut self) {
        self.retry_page = None;
    }

    /// A request succeeded. True when the connection had been down.
    pub fn reached(&mut self) -> bool {
        self.offline.take().is_some()
    }

    /// Ends a rate-limit wait that ran out by `now`; the page to ask for then, if any.
    pub fn end_rate_limit_wait(&mut self, now: Timestamp) -> Option<u32> {
        let until = self.rate_limited_until?;
        if until > now {
            return None;
        }
        self.rate_limited_until = None;
        self.retry_page.take()
    }

    /// While offline, the page to try again when its time came and no page is on its way.
    pub fn reconnect_due(&mut self, now: Timestamp, page_in_flight: bool) -> Option<u32> {
        let off = self.offline.as_ref()?;
        if off.next_try > now || page_in_flight {
            return None;
        }
        // The state stays until a request succeeds; a failure backs off further.
        Some(self.retry_page.take().unwrap_or(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> Timestamp {
        Timestamp::from_second(1_700_000_000 + secs).unwrap_or(Timestamp::UNIX_EPOCH)
    }

    #[test]
    fn a_rate_limit_wait_gives_back_its_page_once_when_it_ends() {
        let mut c = Connectivity::default();
        c.rate_limited(at(0), Some(Duration::from_secs(3)), Some(4));
        assert_eq!(c.rate_limit_left(at(1)), Some(2));
        assert_eq!(c.end_rate_limit_wait(at(2)), None, "still waiting");
        assert_eq!(c.end_rate_limit_wait(at(3)), Some(4));
        assert!(!c.is_rate_limited());
        assert_eq!(c.retry_page(), None, "the page was handed out");
    }

    #[test]
    fn a_lost_connection_backs_off_and_retries_the_waiting_page() {
        let mut c = Connectivity::default();
        c.defer_page(3);
        c.lost(at(0), "refused".into(), None);
        c.lost(at(0), "refused".into(), None);
        let off = c.offline().cloned();
        assert_eq!(off.as_ref().map(|o| o.attempts), Some(2));
        assert_eq!(c.offline_retry_in(at(0)), Some(4));
        assert_eq!(c.reconnect_due(at(4), true), None, "a page is on its way");
        assert_eq!(c.reconnect_due(at(4), false), Some(3));
        assert!(c.reached());
        assert!(!c.is_offline());
    }
}
