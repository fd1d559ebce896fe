//! Fault injection: per request, with given probabilities, answer 500, answer 429, answer slowly,
//! or close the connection without answering. A seed makes the sequence reproducible.

use std::sync::Mutex;
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

pub use crate::serve_settings::FaultSpec;

/// What to do to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    None,
    Error500,
    TooManyRequests,
    Slow(Duration),
    Drop,
}

/// How many requests got each fault so far (for soak tests and their reports).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FaultCounts {
    pub requests: u64,
    pub error_500: u64,
    pub error_429: u64,
    pub slow: u64,
    pub dropped: u64,
}

/// The fault source of a running platform.
pub(crate) struct Faults {
    spec: FaultSpec,
    rng: Mutex<StdRng>,
    counts: Mutex<FaultCounts>,
}

impl Faults {
    /// Seeds the generator from the spec (or the OS).
    pub fn new(spec: FaultSpec) -> Self {
        let rng = match spec.seed {
            Some(seed) => StdRng::seed_from_u64(seed),
            None => StdRng::from_os_rng(),
        };
        Self {
            spec,
            rng: Mutex::new(rng),
            counts: Mutex::new(FaultCounts::default()),
        }
    }

    /// The faults drawn so far.
    pub fn counts(&self) -> FaultCounts {
        self.counts.lock().map(|c| *c).unwrap_or_default()
    }

    /// Draws the fault for the next request and counts it.
    pub fn draw(&self) -> Fault {
        let fault = self.draw_uncounted();
        if let Ok(mut c) = self.counts.lock() {
            c.requests += 1;
            match fault {
                Fault::None => {}
                Fault::Error500 => c.error_500 += 1,
                Fault::TooManyRequests => c.error_429 += 1,
                Fault::Slow(_) => c.slow += 1,
                Fault::Drop => c.dropped += 1,
            }
        }
        fault
    }

    /// Draws the fault for the next request (one draw per request).
    fn draw_uncounted(&self) -> Fault {
        let r: f64 = match self.rng.lock() {
            Ok(mut rng) => rng.random(),
            Err(_) => return Fault::None,
        };
        let s = &self.spec;
        let mut edge = s.drop;
        if r < edge {
            return Fault::Drop;
        }
        edge += s.error_500;
        if r < edge {
            return Fault::Error500;
        }
        edge += s.error_429;
        if r < edge {
            return Fault::TooManyRequests;
        }
        edge += s.slow;
        if r < edge {
            return Fault::Slow(s.slow_delay);
        }
        Fault::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_form() {
        let s: FaultSpec = "500=0.05,429=0.03,slow=0.05:1s,drop=0.02,seed=42"
            .parse()
            .expect("parse");
        assert_eq!(s.error_500, 0.05);
        assert_eq!(s.error_429, 0.03);
        assert_eq!((s.slow, s.slow_delay), (0.05, Duration::from_secs(1)));
        assert_eq!(s.drop, 0.02);
        assert_eq!(s.seed, Some(42));
        assert!("500=2".parse::<FaultSpec>().is_err());
        assert!("boom=0.1".parse::<FaultSpec>().is_err());
        assert!("500=0.6,429=0.6".parse::<FaultSpec>().is_err());
    }

    #[test]
    fn same_seed_same_faults() {
        let spec: FaultSpec = "500=0.3,429=0.3,seed=7".parse().expect("parse");
        let (a, b) = (Faults::new(spec.clone()), Faults::new(spec));
        let xs: Vec<_> = (0..50).map(|_| a.draw()).collect();
        let ys: Vec<_> = (0..50).map(|_| b.draw()).collect();
        assert_eq!(xs, ys);
    }
}
