//! Turning numbers and timestamps into short text for cells. `now` is always passed in, so the
//! same state draws the same screen (snapshots rely on it).

use std::time::Duration;

use jiff::Timestamp;

use crate::api::types::{Asset, AssetStatus, AssetType};

/// `48.2 MB`; decimal units, as the service's limits are decimal.
pub fn size(bytes: u64) -> String {
    bytesize::ByteSize(bytes).display().si().to_string()
}

/// `1:13`, `15:12`, `1:02:03`; `0.4s` under a second.
pub fn duration(seconds: f64) -> String {
    if !seconds.is_finite() || seconds < 0.0 {
        return "?".to_string();
    }
    if seconds < 1.0 {
        return format!("{seconds:.1}s");
    }
    let total = seconds.round() as u64;
    let (h, m, s) = (total / 3600, (total / 60) % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// Parses an RFC 3339 time from the wire.
pub fn parse_time(text: &str) -> Option<Timestamp> {
    text.parse::<Timestamp>().ok()
}

/// `2026-08-01 09:14` (UTC; the wire gives UTC and a remote shell's zone is rarely the user's).
pub fn date_time(ts: Timestamp) -> String {
    ts.strftime("%Y-%m-%d %H:%M").to_string()
}

/// `just now`, `5m ago`, `3h ago`, `2d ago`, `4mo ago`, `1y ago`.
pub fn ago(then: Timestamp, now: Timestamp) -> String {
    let secs = now.as_second() - then.as_second();
    if secs < 0 {
        return "in future".to_string();
    }
    match secs {
        0..45 => "just now".to_string(),
        45..3600 => format!("{}m ago", (secs + 30) / 60),
        3600..86_400 => format!("{}h ago", secs / 3600),
        86_400..2_592_000 => format!("{}d ago", secs / 86_400),
        2_592_000..31_536_000 => format!("{}mo ago", secs / 2_592_000),
        _ => format!("{}y ago", secs / 31_536_000),
    }
}

/// `12.5 MB/s`.
pub fn speed(bytes_per_sec: f64) -> String {
    if !bytes_per_sec.is_finite() || bytes_per_sec <= 0.0 {
        return "-".to_string();
    }
    format!("{}/s", size(bytes_per_sec as u64))
}

/// `3s`, `2m05s`, `1h02m`.
pub fn eta(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m{:02}s", s / 60, s % 60),
        _ => format!("{}h{:02}m", s / 3600, (s / 60) % 60),
    }
}

/// A one-character type mark plus a label: `▶ video`, `♪ audio`, `▣ image`.
pub fn type_label(asset: &Asset) -> (&'static str, String) {
    match asset.asset_type() {
        Some(AssetType::Video) => ("▶", "video".to_string()),
        Some(AssetType::Audio) => ("♪", "audio".to_string()),
        Some(AssetType::Image) => ("▣", "image".to_string()),
        Some(AssetType::Other(o)) => ("?", o),
        None => ("?", asset.file_type.clone().unwrap_or_else(|| "-".to_string())),
    }
}

/// The status word; `-` when the server did not say.
pub fn status_label(status: Option<&AssetStatus>) -> &str {
    status.map_or("-", AssetStatus::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_sizes() {
        assert_eq!(duration(73.4), "1:13");
        assert_eq!(duration(3723.0), "1:02:03");
        assert_eq!(duration(0.42), "0.4s");
        assert_eq!(size(48_213_077), "48.2 MB");
        assert_eq!(eta(Duration::from_secs(125)), "2m05s");
    }

    #[test]
    fn relative_times() {
        let now: Timestamp = "2026-08-01T12:00:00Z".parse().expect("ts");
        let at = |s: &str| parse_time(s).expect("ts");
        assert_eq!(ago(at("2026-08-01T11:59:50Z"), now), "just now");
        assert_eq!(ago(at("2026-08-01T11:55:00Z"), now), "5m ago");
        assert_eq!(ago(at("2026-08-01T09:00:00Z"), now), "3h ago");
        assert_eq!(ago(at("2026-07-30T12:00:00Z"), now), "2d ago");
        assert_eq!(date_time(at("2026-08-01T09:14:27.001Z")), "2026-08-01 09:14");
    }
}
