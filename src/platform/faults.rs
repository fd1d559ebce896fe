//! Fault injection: per request, with given probabilities, answer 500, answer 429, answer slowly,
//! or close the connection without answering. A seed makes the sequence reproducible.

use std::str::FromStr;
use std::sync::Mutex;
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::error::PlatformError;

/// Fault probabilities, parsed from e.g. `"500=0.05,429=0.03,slow=0.05:1s,drop=0.02,seed=42"`.
#[derive(Debug, Clone, PartialEq)]
pub struct FaultSpec {
    /// Probability of a 500 with an error body.
    pub error_500: f64,
    /// Probability of a 429 with `Retry-After`.
    pub error_429: f64,
    /// Probability of a delayed (but otherwise normal) answer.
    pub slow: f64,
    /// The delay of a slow answer.
    pub slow_delay: Duration,
    /// Probability of closing the connection without any answer.
    pub drop: f64,
    /// Seed of the random draws; `None` seeds from the OS.
    pub seed: Option<u64>,
}

impl Default for FaultSpec {
    fn default() -> Self {
        Self {
            error_500: 0.0,
            error_429: 0.0,
            slow: 0.0,
            slow_delay: Duration::from_secs(1),
            drop: 0.0,
            seed: None,
        }
    }
}

fn bad(msg: impl Into<String>) -> PlatformError {
    PlatformError::InvalidSetting(msg.into())
}

fn probability(key: &str, v: &str) -> Result<f64, PlatformError> {
    let p: f64 = v
        .trim()
        .parse()
        .map_err(|_| bad(format!("{key}: not a number: {v}")))?;
    if !(0.0..=1.0).contains(&p) {
        return Err(bad(format!("{key}: probability must be within 0..=1, got {p}")));
    }
    Ok(p)
}

/// Parses `1s`, `250ms`, `2m` (a bare number means seconds).
pub(crate) fn parse_duration(v: &str) -> Result<Duration, PlatformError> {
    let v = v.trim();
    let (num, unit) = v
        .find(|c: char| c.is_ascii_alphabetic())
        .map_or((v, "s"), |i| v.split_at(i));
    let n: f64 = num
        .trim()
        .parse()
        .map_err(|_| bad(format!("not a duration: {v}")))?;
    let secs = match unit {
        "ms" => n / 1000.0,
        "s" | "sec" => n,
        "m" | "min" => n * 60.0,
        "h" => n * 3600.0,
        _ => return Err(bad(format!("unknown duration unit in {v}"))),
    };
    Duration::try_from_secs_f64(secs).map_err(|_| bad(format!("not a duration: {v}")))
}

impl FromStr for FaultSpec {
    type Err = PlatformError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut spec = FaultSpec::default();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = part
                .split_once('=')
                .ok_or_else(|| bad(format!("expected key=value: {part}")))?;
            match key.trim() {
                "500" => spec.error_500 = probability(key, value)?,
                "429" => spec.error_429 = probability(key, value)?,
                "drop" => spec.drop = probability(key, value)?,
                "slow" => {
                    let (p, d) = value.split_once(':').unwrap_or((value, "1s"));
                    spec.slow = probability(key, p)?;
                    spec.slow_delay = parse_duration(d)?;
                }
                "seed" => spec.seed = Some(value.trim().parse().map_err(|_| bad(format!("seed: {value}")))?),
                other => return Err(bad(format!("unknown fault: {other}"))),
            }
        }
        let total = spec.error_500 + spec.error_429 + spec.slow + spec.drop;
        if total > 1.0 + f64::EPSILON {
            return Err(bad(format!("fault probabilities add up to {total}, more than 1")));
        }
        Ok(spec)
    }
}

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
