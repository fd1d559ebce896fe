//! How long the selection must rest on an asset before the sections read on landing (its
//! indexes and entities, its transcript) are asked for.
//!
//! The wait tells a key that lands from one that passes through. A fixed wait long enough for
//! the slowest key repeat (120 ms) was most of the time a landing on an unread row took beyond
//! the round trip. So the wait follows how fast keys have lately come: a little longer than the
//! gap between repeated keys, within [`SHORTEST`]..[`LONGEST`]. A gap longer than [`NOT_REPEAT`]
//! is a pause, not a repeat, and teaches nothing.

use std::future::Future;
use std::time::Duration;

use tokio::task::AbortHandle;
use tokio::time::Instant;

/// The wait before the first repeat has been seen, and the floor: key repeat is rarely faster
/// than one key in 30 ms.
pub const SHORTEST: Duration = Duration::from_millis(45);
/// The ceiling, for slow key repeat (or keys typed one by one, quickly).
pub const LONGEST: Duration = Duration::from_millis(150);
/// Gaps at least this long are pauses between keys, not key repeat.
pub const NOT_REPEAT: Duration = Duration::from_millis(200);

/// The wait, learnt from the gaps between selection changes.
#[derive(Debug, Default)]
pub struct Settle {
    /// The asset and when the selection came to it.
    last: Option<(String, Instant)>,
    /// The recent gap between repeated keys, smoothed; none seen yet when `None`.
    gap: Option<Duration>,
}

impl Settle {
    /// The wait before reading `asset_id`'s sections, the selection having come to it `now`.
    /// Asking again for the same asset (its second section) gives what is left of that wait.
    pub fn wait(&mut self, asset_id: &str, now: Instant) -> Duration {
        match &self.last {
            Some((id, at)) if id == asset_id => {
                return self
                    .wait_for_gap()
                    .saturating_sub(now.saturating_duration_since(*at));
            }
            Some((_, at)) => {
                let gap = now.saturating_duration_since(*at);
                if gap < NOT_REPEAT {
                    // Smoothed over about four gaps: one late key does not stretch the wait.
                    self.gap = Some(match self.gap {
                        Some(old) => (old * 3 + gap) / 4,
                        None => gap,
                    });
                }
            }
            None => {}
        }
        self.last = Some((asset_id.to_string(), now));
        self.wait_for_gap()
    }

    fn wait_for_gap(&self) -> Duration {
        match self.gap {
            Some(gap) => (gap * 3 / 2).clamp(SHORTEST, LONGEST),
            None => SHORTEST,
        }
    }
}

/// Starts `read` once `wait` has passed; the handle cancels the wait, not the read. A read
/// already on its way runs to its end when the selection moves on (its answer is dropped as
/// stale): dropping a request mid-way closes its connection, and the next read would pay a new
/// handshake.
pub fn after_settling<F>(wait: Duration, read: F) -> AbortHandle
where
    F: Future<Output = ()> + Send + 'static,
{
    tokio::spawn(async move {
        tokio::time::sleep(wait).await;
        tokio::spawn(read);
    })
    .abort_handle()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    /// Walks `gaps` (ms between selection changes) from `start`; returns the last wait.
    fn after(settle: &mut Settle, start: Instant, gaps: &[u64]) -> Duration {
        let mut at = start;
        let mut wait = settle.wait("row0", at);
        for (i, gap) in gaps.iter().enumerate() {
            at += ms(*gap);
            wait = settle.wait(&format!("row{}", i + 1), at);
        }
        wait
    }

    #[tokio::test(start_paused = true)]
    async fn fast_key_repeat_waits_a_little_longer_than_its_gap() {
        let mut settle = Settle::default();
        assert_eq!(
            after(&mut settle, Instant::now(), &[33; 20]),
            Duration::from_micros(49_500)
        );
    }

    #[tokio::test(start_paused = true)]
    async fn slow_key_repeat_waits_longer_but_never_past_the_ceiling() {
        let mut settle = Settle::default();
        assert_eq!(after(&mut settle, Instant::now(), &[80; 20]), ms(120));
        let mut slower = Settle::default();
        assert_eq!(after(&mut slower, Instant::now(), &[190; 20]), LONGEST);
    }

    #[tokio::test(start_paused = true)]
    async fn pauses_between_keys_teach_nothing() {
        let mut settle = Settle::default();
        assert_eq!(after(&mut settle, Instant::now(), &[1000, 250, 600]), SHORTEST);
        // A pause after repeats keeps what the repeats taught.
        let mut taught = Settle::default();
        assert_eq!(
            after(
                &mut taught,
                Instant::now(),
                &[80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 5000]
            ),
            after(&mut Settle::default(), Instant::now(), &[80; 10])
        );
    }

    #[tokio::test(start_paused = true)]
    async fn the_second_section_of_one_asset_waits_what_is_left() {
        let mut settle = Settle::default();
        let start = Instant::now();
        let first = settle.wait("a", start);
        assert_eq!(settle.wait("a", start + ms(10)), first - ms(10));
        assert_eq!(settle.wait("a", start + first + ms(10)), Duration::ZERO);
    }

    /// Cancelled while it waits, the read never starts; cancelled once started, it ends.
    #[tokio::test(start_paused = true)]
    async fn cancelling_stops_the_wait_not_a_read_on_its_way() {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let read = |tx: tokio::sync::mpsc::UnboundedSender<&'static str>, name| async move {
            tokio::time::sleep(ms(250)).await;
            let _ = tx.send(name);
        };
        after_settling(ms(50), read(tx.clone(), "waiting")).abort();
        let started = after_settling(ms(50), read(tx.clone(), "on its way"));
        tokio::time::sleep(ms(60)).await;
        started.abort();
        drop(tx);
        tokio::time::sleep(ms(500)).await;
        assert_eq!(rx.recv().await, Some("on its way"));
        assert_eq!(rx.recv().await, None, "the cancelled wait started its read");
    }
}
