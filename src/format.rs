//! Human-readable renderings shared by the command line and the TUI: sizes, durations,
//! timestamps and ages. Pure functions; "now" is always passed in so output is testable.

use jiff::Timestamp;

/// `48213077` → `48.2 MB` (SI units, as the service's limits are stated).
pub fn size(bytes: u64) -> String {
    bytesize::ByteSize(bytes).display().si().to_string()
}

/// Seconds as `m:ss` or `h:mm:ss` (`73.4` → `1:13`).
pub fn duration(seconds: f64) -> String {
    if !seconds.is_finite() || seconds < 0.0 {
        return "?".to_string();
    }
    let total = seconds.round() as u64;
    let (h, m, s) = (total / 3600, (total % 3600) / 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// Parses an RFC 3339 timestamp, with or without fractional seconds.
pub fn parse_time(s: &str) -> Option<Timestamp> {
    s.parse::<Timestamp>().ok()
}

/// A timestamp as `2026-08-01 09:14` (UTC), or the raw text if it does not parse.
pub fn short_time(s: &str) -> String {
    match parse_time(s) {
        Some(t) => t.strftime("%Y-%m-%d %H:%M").to_string(),
        None => s.to_string(),
    }
}

/// How long ago `then` was, compactly: `just now`, `5m ago`, `3h ago`, `2d ago`, `4mo ago`, `1y ago`.
pub fn age(then: &str, now: Timestamp) -> String {
    let Some(t) = parse_time(then) else {
        return String::new();
    };
    let secs = now.as_second() - t.as_second();
    if secs < 0 {
        return "in future".to_string();
    }
    match secs {
        0..=59 => "just now".to_string(),
        60..=3599 => format!("{}m ago", secs / 60),
        3600..=86_399 => format!("{}h ago", secs / 3600),
        86_400..=2_591_999 => format!("{}d ago", secs / 86_400),
        2_592_000..=31_535_999 => format!("{}mo ago", secs / 2_592_000),
        _ => format!("{}y ago", secs / 31_536_000),
    }
}

/// Bytes per second as `12.3 MB/s`.
pub fn rate(bytes_per_sec: f64) -> String {
    if !bytes_per_sec.is_finite() || bytes_per_sec <= 0.0 {
        return "–".to_string();
    }
    format!("{}/s", size(bytes_per_sec as u64))
}

/// Remaining time for `remaining` bytes at `bytes_per_sec`, as `m:ss`, or `–` when unknown.
pub fn eta(remaining: u64, bytes_per_sec: f64) -> String {
    if !bytes_per_sec.is_finite() || bytes_per_sec <= 0.0 {
        return "–".to_string();
    }
    duration(remaining as f64 / bytes_per_sec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_durations() {
        assert_eq!(size(48_213_077), "48.2 MB");
        assert_eq!(size(512), "512 B");
        assert_eq!(duration(73.4), "1:13");
        assert_eq!(duration(3725.0), "1:02:05");
        assert_eq!(duration(f64::NAN), "?");
    }

    #[test]
    fn ages() {
        let now: Timestamp = "2026-08-01T12:00:00Z".parse().expect("ts");
        assert_eq!(age("2026-08-01T11:59:30Z", now), "just now");
        assert_eq!(age("2026-08-01T11:55:00.123Z", now), "5m ago");
        assert_eq!(age("2026-08-01T09:00:00Z", now), "3h ago");
        assert_eq!(age("2026-07-30T12:00:00Z", now), "2d ago");
        assert_eq!(age("garbage", now), "");
        assert_eq!(short_time("2026-08-01T09:14:27Z"), "2026-08-01 09:14");
    }

    #[test]
    fn rates_and_eta() {
        assert_eq!(rate(2_000_000.0), "2.0 MB/s");
        assert_eq!(eta(10_000_000, 2_000_000.0), "0:05");
        assert_eq!(eta(1, 0.0), "–");
    }
}
