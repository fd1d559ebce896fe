//! The local platform's settings that a person types on `serve`'s command line: the rate limit,
//! injected faults and durations. They live outside `platform` so the command line can parse
//! them as it reads its arguments (the commands never see the platform); the platform takes them
//! in its [`PlatformConfig`](crate::platform::PlatformConfig).

use std::str::FromStr;
use std::time::Duration;

/// A setting that could not be understood; the message says what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SettingError(pub String);

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

fn bad(msg: impl Into<String>) -> SettingError {
    SettingError(msg.into())
}

fn probability(key: &str, v: &str) -> Result<f64, SettingError> {
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
pub fn parse_duration(v: &str) -> Result<Duration, SettingError> {
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

/// The spec as `--faults` reads it back, so `serve` can say what it injects.
impl std::fmt::Display for FaultSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "500={},429={},slow={}:{}ms,drop={}",
            self.error_500,
            self.error_429,
            self.slow,
            self.slow_delay.as_millis(),
            self.drop
        )?;
        match self.seed {
            Some(seed) => write!(f, ",seed={seed}"),
            None => Ok(()),
        }
    }
}

impl FromStr for FaultSpec {
    type Err = SettingError;

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

/// A limit such as `60/min`: at most `requests` per `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed per window.
    pub requests: u32,
    /// Window length.
    pub window: Duration,
}

impl FromStr for RateLimit {
    type Err = SettingError;

    /// Accepts `N/s`, `N/sec`, `N/min`, `N/m`, `N/h`, `N/hour`, `N/day`, or `N/<duration>` (`N/10s`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || SettingError(format!("rate limit must look like 60/min, got {s:?}"));
        let (n, per) = s.trim().split_once('/').ok_or_else(bad)?;
        let requests: u32 = n.trim().parse().map_err(|_| bad())?;
        let window = match per.trim() {
            "s" | "sec" | "second" => Duration::from_secs(1),
            "m" | "min" | "minute" => Duration::from_secs(60),
            "h" | "hour" => Duration::from_secs(3600),
            "d" | "day" => Duration::from_secs(86_400),
            other => parse_duration(other).map_err(|_| bad())?,
        };
        if requests == 0 || window.is_zero() {
            return Err(bad());
        }
        Ok(Self { requests, window })
    }
}

/// `--rate-limit`: a limit, or none (`off`, `none`, `0`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitSetting(pub Option<RateLimit>);

impl FromStr for RateLimitSetting {
    type Err = SettingError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "off" | "none" | "0" => Ok(Self(None)),
            spec => spec.parse().map(|l| Self(Some(l))),
        }
    }
}

/// `--processing-delay`: seconds, finite and not negative.
pub fn parse_seconds(s: &str) -> Result<Duration, SettingError> {
    s.trim()
        .parse::<f64>()
        .ok()
        .and_then(|secs| Duration::try_from_secs_f64(secs).ok())
        .ok_or_else(|| SettingError(format!("expected a number of seconds ≥ 0, got {s:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limit_settings() {
        assert_eq!("off".parse::<RateLimitSetting>(), Ok(RateLimitSetting(None)));
        let on: RateLimitSetting = "3/2s".parse().expect("limit");
        assert_eq!(
            on.0.map(|l| (l.requests, l.window)),
            Some((3, Duration::from_secs(2)))
        );
        assert!("fast".parse::<RateLimitSetting>().is_err());
    }

    #[test]
    fn seconds() {
        assert_eq!(parse_seconds("1.5"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_seconds("0"), Ok(Duration::ZERO));
        for bad in ["-1", "NaN", "inf", "soon", ""] {
            assert!(parse_seconds(bad).is_err(), "{bad}");
        }
    }
}
