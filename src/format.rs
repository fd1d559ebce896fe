//! Human-readable renderings shared by the command line and the TUI: sizes, durations, rates,
//! timestamps and ages, and [`printable`] text. Pure functions; "now" is always passed in, so the
//! same state prints and draws the same text (snapshots rely on it).

use std::borrow::Cow;
use std::time::Duration;

use jiff::Timestamp;

/// `48213077` → `48.2 MB` (decimal units, as the service's limits are decimal).
pub fn size(bytes: u64) -> String {
    bytesize::ByteSize(bytes).display().si().to_string()
}

/// Seconds as `m:ss` or `h:mm:ss` (`73.4` → `1:13`); `0.4s` under a second; `?` if not a time.
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

/// A time inside media: `m:ss`, or `h:mm:ss` past an hour or whenever `hours` is set (media an
/// hour or longer, so every time of one view has the same shape); `tenths` adds `.d`, rounded
/// down. Whole seconds are rounded down too: a frame at 59.9 s is still in minute 0.
pub fn media_clock(secs: f64, tenths: bool, hours: bool) -> String {
    let t = (secs.max(0.0) * 10.0).floor() as u64;
    let (h, m, s) = (t / 36_000, t / 600 % 60, t / 10 % 60);
    let mut out = if h > 0 || hours {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    };
    if tenths {
        out.push_str(&format!(".{}", t % 10));
    }
    out
}

/// Parses an RFC 3339 timestamp from the wire, with or without fractional seconds.
pub fn parse_time(text: &str) -> Option<Timestamp> {
    text.parse::<Timestamp>().ok()
}

/// `2026-08-01 09:14` (UTC: the wire gives UTC and a remote shell's zone is rarely the user's).
pub fn date_time(ts: Timestamp) -> String {
    ts.strftime("%Y-%m-%d %H:%M").to_string()
}

/// [`date_time`] of a wire timestamp, or the raw text if it does not parse.
pub fn short_time(text: &str) -> String {
    parse_time(text).map_or_else(|| text.to_string(), date_time)
}

/// How long ago, compactly: `just now`, `5m ago`, `3h ago`, `2d ago`, `4mo ago`, `1y ago`.
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

/// Bytes per second as `12.3 MB/s`, or `-` when unknown.
pub fn rate(bytes_per_sec: f64) -> String {
    if !bytes_per_sec.is_finite() || bytes_per_sec <= 0.0 {
        return "-".to_string();
    }
    format!("{}/s", size(bytes_per_sec as u64))
}

/// A remaining time as `3s`, `2m05s`, `1h02m`.
pub fn eta(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m{:02}s", s / 60, s % 60),
        _ => format!("{}h{:02}m", s / 3600, (s / 60) % 60),
    }
}

/// The time left for `remaining` bytes at `bytes_per_sec`, or `None` while the rate is unknown.
pub fn time_left(remaining: u64, bytes_per_sec: f64) -> Option<Duration> {
    (bytes_per_sec.is_finite() && bytes_per_sec > 0.0)
        .then(|| Duration::from_secs_f64(remaining as f64 / bytes_per_sec))
}

/// Text from storage or a server made safe for a terminal: every control character (ESC, BEL,
/// CR, newline, tab, the C1 range) is shown escaped (`\u{1b}[2J`, `\n`) instead of being
/// obeyed, so a stored value can neither clear the screen, set the title, nor break a line.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn media_times_keep_one_shape_in_long_media() {
        assert_eq!(media_clock(2000.0, false, false), "33:20");
        assert_eq!(media_clock(2000.0, false, true), "0:33:20");
        assert_eq!(media_clock(36_000.0, false, false), "10:00:00");
        assert_eq!(media_clock(61.25, true, false), "1:01.2");
        assert_eq!(media_clock(3723.4, true, false), "1:02:03.4");
        assert_eq!(media_clock(-3.0, true, false), "0:00.0");
    }

    use super::*;

    #[test]
    fn sizes_and_durations() {
        assert_eq!(size(48_213_077), "48.2 MB");
        assert_eq!(size(512), "512 B");
        assert_eq!(duration(73.4), "1:13");
        assert_eq!(duration(3723.0), "1:02:03");
        assert_eq!(duration(0.42), "0.4s");
        assert_eq!(duration(f64::NAN), "?");
    }

    #[test]
    fn times_and_ages() {
        let now: Timestamp = "2026-08-01T12:00:00Z".parse().expect("ts");
        let at = |s: &str| parse_time(s).expect("ts");
        assert_eq!(ago(at("2026-08-01T11:59:50Z"), now), "just now");
        assert_eq!(ago(at("2026-08-01T11:55:00.123Z"), now), "5m ago");
        assert_eq!(ago(at("2026-08-01T09:00:00Z"), now), "3h ago");
        assert_eq!(ago(at("2026-07-30T12:00:00Z"), now), "2d ago");
        assert_eq!(ago(at("2026-08-01T12:00:10Z"), now), "in future");
        assert_eq!(short_time("2026-08-01T09:14:27.001Z"), "2026-08-01 09:14");
        assert_eq!(short_time("garbage"), "garbage");
    }

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(printable("harbor.mp4"), "harbor.mp4");
        assert_eq!(printable("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(printable("\u{1b}]0;title\u{7}"), "\\u{1b}]0;title\\u{7}");
        assert_eq!(printable("one\ntwo\tthree\r"), "one\\ntwo\\tthree\\r");
        assert_eq!(printable("csi\u{9b}2J"), "csi\\u{9b}2J");
        assert_eq!(printable("日本語 ok"), "日本語 ok");
    }

    #[test]
    fn rates_and_remaining_time() {
        assert_eq!(rate(2_000_000.0), "2.0 MB/s");
        assert_eq!(rate(0.0), "-");
        assert_eq!(eta(Duration::from_secs(125)), "2m05s");
        assert_eq!(eta(Duration::from_secs(3725)), "1h02m");
        assert_eq!(time_left(10_000_000, 2_000_000.0), Some(Duration::from_secs(5)));
        assert_eq!(time_left(1, 0.0), None);
    }
}
