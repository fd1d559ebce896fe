//! One rate-limit gate per service, shared by every upload of a client (all clones of one
//! `Client`): when one create learns the window is spent (a 429, or an answer saying no request
//! is left), the others wait for the same reset instead of each spending a request to find out.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// When the service's create window opens again.
#[derive(Debug, Default)]
pub(crate) struct RateGate {
    closed_until: Mutex<Option<Instant>>,
}

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
}
