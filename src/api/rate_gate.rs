//! One rate-limit gate per service, shared by every upload of a client (all clones of one
//! `Client`): when one create learns the window is spent (a 429, or an answer saying no request
//! is left), the others wait for the same reset instead of each spending a request to find out.
//! It also keeps what the last answer's rate headers said is left of the window, so background
//! reads can stop before they spend what the user will ask for.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// When the service's create window opens again, and what the last answer said of its window.
#[derive(Debug, Default)]
pub(crate) struct RateGate {
    closed_until: Mutex<Option<Instant>>,
    budget: Mutex<Option<Budget>>,
}

/// The rate window as an answer's `X-Ratelimit-*` headers told it.
#[derive(Debug, Clone, Copy)]
struct Budget {
    remaining: u64,
    limit: u64,
    /// When the window resets (what is left is unknown from then on), if the answer said.
    reset: Option<Instant>,
}

/// Below this share of the window left (in tenths), the rest is kept for what the user asks for.
const LOW_TENTHS: u64 = 1;

impl RateGate {
    /// Keeps the gate closed for `wait` from now (a later reset already known wins).
    pub fn close_for(&self, wait: Duration) -> Instant {
        let until = Instant::now() + wait;
        let mut closed = self.closed_until.lock().unwrap_or_else(|p| p.into_inner());
        let until = closed.map_or(until, |known| known.max(until));
        *closed = Some(until);
        until
    }

    /// How long the gate stays closed from now, if it is closed.
    pub fn closed_for(&self) -> Option<Duration> {
        let closed = self.closed_until.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        closed.filter(|until| *until > now).map(|until| until - now)
    }

    /// Notes what any answer said of its window (`X-Ratelimit-Remaining` of
    /// `X-Ratelimit-Limit`, until `reset`); an answer that says nothing leaves what is known.
    pub fn note_budget(&self, remaining: Option<u64>, limit: Option<u64>, reset: Option<Duration>) {
        let (Some(remaining), Some(limit)) = (remaining, limit) else {
            return;
        };
        let reset = reset.map(|r| Instant::now() + r);
        let mut budget = self.budget.lock().unwrap_or_else(|p| p.into_inner());
        *budget = Some(Budget {
            remaining,
            limit,
            reset,
        });
    }

    /// True when the last answer left fewer than a tenth of its window's requests and the
    /// window has not reset since: background work (read-ahead) leaves those to the user.
    pub fn budget_low(&self) -> bool {
        let budget = self.budget.lock().unwrap_or_else(|p| p.into_inner());
        budget.is_some_and(|b| {
            b.remaining.saturating_mul(10) < b.limit.saturating_mul(LOW_TENTHS)
                && b.reset.is_none_or(|at| at > Instant::now())
        })
    }

    /// Notes what a successful answer said about the window: none left until `reset`.
    pub fn note_remaining(&self, remaining: Option<u64>, reset: Option<Duration>) {
        if let (Some(0), Some(reset)) = (remaining, reset)
            && !reset.is_zero()
        {
            self.close_for(reset.min(super::retry::MAX_RATE_WAIT));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn later_reset_wins_and_time_opens_the_gate() {
        let gate = RateGate::default();
        assert_eq!(gate.closed_for(), None);
        gate.close_for(Duration::from_secs(5));
        gate.close_for(Duration::from_secs(2));
        assert_eq!(gate.closed_for(), Some(Duration::from_secs(5)));
        tokio::time::sleep(Duration::from_secs(5)).await;
        assert_eq!(gate.closed_for(), None);
    }

    #[tokio::test(start_paused = true)]
    async fn a_spent_window_closes_the_gate_until_its_reset() {
        let gate = RateGate::default();
        gate.note_remaining(Some(1), Some(Duration::from_secs(9)));
        assert_eq!(gate.closed_for(), None, "requests left: open");
        gate.note_remaining(Some(0), Some(Duration::from_secs(9)));
        assert_eq!(gate.closed_for(), Some(Duration::from_secs(9)));
    }

    #[tokio::test(start_paused = true)]
    async fn the_budget_is_low_under_a_tenth_until_its_window_resets() {
        let gate = RateGate::default();
        assert!(!gate.budget_low(), "nothing known: not low");
        gate.note_budget(Some(10), Some(100), Some(Duration::from_secs(30)));
        assert!(!gate.budget_low(), "a tenth left");
        gate.note_budget(Some(9), None, None);
        assert!(!gate.budget_low(), "no limit said: what was known stays");
        gate.note_budget(Some(9), Some(100), Some(Duration::from_secs(30)));
        assert!(gate.budget_low());
        tokio::time::sleep(Duration::from_secs(30)).await;
        assert!(!gate.budget_low(), "the window reset");
        gate.note_budget(Some(0), Some(5), None);
        assert!(
            gate.budget_low(),
            "no reset said: low until an answer says otherwise"
        );
        gate.note_budget(Some(5), Some(5), None);
        assert!(!gate.budget_low());
    }
}
