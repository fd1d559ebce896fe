//! Upload progress on stderr. On a terminal: one line redrawn at most ten times a second (bar,
//! bytes, percent, speed, ETA). Elsewhere (a pipe, a log file, CI): plain lines, one every 10 %
//! or every 5 s, so a script's log shows the upload move without control characters (with
//! `--json`, each such line is a `{"note":"…"}` object).

use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::format;

/// Redraws no more often than this (a direct upload reports every 256 KiB).
const REDRAW_EVERY: Duration = Duration::from_millis(100);
/// A plain line at least this often while bytes move …
const PLAIN_EVERY: Duration = Duration::from_secs(5);
/// … and at each such step of the total.
const PLAIN_STEP: f64 = 0.10;
const BAR_WIDTH: usize = 24;

/// A progress display for a transfer of `total` bytes.
pub struct ProgressBar {
    inner: Mutex<State>,
}

struct State {
    label: String,
    total: u64,
    /// Redrawn in place (a terminal), or plain lines.
    tty: bool,
    started: Instant,
    /// Bytes already done when the bar started (a resumed upload): not counted in the speed.
    base: Option<u64>,
    last_draw: Option<Instant>,
    /// Plain mode: the last tenth printed.
    last_step: Option<u64>,
    last: u64,
    /// A line is drawn and not ended (terminal mode).
    open: bool,
}

impl ProgressBar {
    /// A display labelled `label` for `total` bytes, redrawn in place when `tty` (never with
    /// `--json`: stderr then holds JSON lines).
    pub fn new(label: &str, total: u64, tty: bool) -> Self {
        let tty = tty && !crate::cli::output::json_stderr();
        Self {
            inner: Mutex::new(State {
                label: crate::format::printable(label).into_owned(),
                total,
                tty,
                started: Instant::now(),
                base: None,
                last_draw: None,
                last_step: None,
                last: 0,
                open: false,
            }),
        }
    }

    /// Counts the speed from zero bytes (a new upload); by default it counts from the first
    /// report, so that a resume's speed is that of what it sends.
    pub fn counting_from_zero(self) -> Self {
        if let Ok(mut s) = self.inner.lock() {
            s.base = Some(0);
        }
        self
    }

    /// `done` bytes of the total are sent.
    pub fn update(&self, done: u64) {
        if let Ok(mut s) = self.inner.lock() {
            s.update(done, false);
        }
    }

    /// Prints a message on its own line (the bar is drawn again by the next update).
    pub fn note(&self, message: &str) {
        if let Ok(mut s) = self.inner.lock() {
            if s.open {
                to_stderr(format_args!("\r\x1b[2K"));
                s.open = false;
            }
            s.last_draw = None;
        }
        crate::cli::output::note(message);
    }

    /// Draws the final state and ends the line.
    pub fn finish(&self) {
        if let Ok(mut s) = self.inner.lock() {
            if s.last_draw.is_none() && s.last == 0 {
                return;
            }
            let last = s.last;
            s.update(last, true);
            if s.open {
                to_stderr(format_args!("\n"));
                s.open = false;
            }
        }
    }
}

impl State {
    fn update(&mut self, done: u64, force: bool) {
        let base = *self.base.get_or_insert(done);
        self.last = done;
        let now = Instant::now();
        let text = || {
            line(
                &self.label,
                done,
                self.total,
                base,
                self.started.elapsed(),
                self.tty,
            )
        };
        if self.tty {
            if !force && self.last_draw.is_some_and(|t| now - t < REDRAW_EVERY) && done < self.total {
                return;
            }
            self.last_draw = Some(now);
            to_stderr(format_args!("\r\x1b[2K{}", text()));
            self.open = true;
            return;
        }
        let step = if self.total > 0 {
            ((done as f64 / self.total as f64) / PLAIN_STEP).floor() as u64
        } else {
            0
        };
        let stepped = self.last_step.is_none_or(|s| step > s);
        let stale = self.last_draw.is_none_or(|t| now - t >= PLAIN_EVERY);
        if stepped || stale || (force && self.last_step != Some(step)) {
            self.last_draw = Some(now);
            self.last_step = Some(step);
            to_stderr(format_args!("{}\n", text()));
        }
    }
}

/// Writes to stderr, ignoring a closed or full one (nobody is left to tell; `eprint!` would panic).
/// With `--json` (always plain lines then, see [`ProgressBar::new`]) each line is a JSON note.
fn to_stderr(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    if crate::cli::output::json_stderr() {
        crate::cli::output::note(args.to_string().trim_end());
        return;
    }
    let mut err = std::io::stderr().lock();
    let _ = err.write_fmt(args).and_then(|()| err.flush());
}

/// Terminal: `label [#####·····]  45.2 MB / 190.0 MB   23.8%  80.1 MB/s  ETA 0:02`;
/// plain: `label: 23.8% (45.2 MB / 190.0 MB, 80.1 MB/s, ETA 0:02)`.
fn line(label: &str, done: u64, total: u64, base: u64, elapsed: Duration, tty: bool) -> String {
    let frac = if total > 0 {
        (done as f64 / total as f64).clamp(0.0, 1.0)
    } else {
        1.0
    };
    let speed = done.saturating_sub(base) as f64 / elapsed.as_secs_f64().max(1e-3);
    let eta =
        format::time_left(total.saturating_sub(done), speed).map_or_else(|| "-".to_string(), format::eta);
    if !tty {
        return format!(
            "{label}: {:.1}% ({} / {}, {}, ETA {eta})",
            frac * 100.0,
            format::size(done),
            format::size(total),
            format::rate(speed),
        );
    }
    let filled = (frac * BAR_WIDTH as f64).round() as usize;
    let bar: String = "#".repeat(filled) + &"·".repeat(BAR_WIDTH - filled);
    format!(
        "{label} [{bar}] {} / {}  {:5.1}%  {}  ETA {eta}",
        format::size(done),
        format::size(total),
        frac * 100.0,
        format::rate(speed),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_shows_bytes_percent_speed_and_eta() {
        let l = line("up", 50_000_000, 100_000_000, 0, Duration::from_secs(5), true);
        assert!(l.contains("50.0 MB / 100.0 MB"), "{l}");
        assert!(l.contains(" 50.0%"), "{l}");
        assert!(l.contains("[############············]"), "{l}");
        assert!(l.contains("ETA"), "{l}");
    }

    #[test]
    fn plain_line_has_no_control_characters() {
        let l = line("up", 50_000_000, 100_000_000, 0, Duration::from_secs(5), false);
        assert_eq!(l, "up: 50.0% (50.0 MB / 100.0 MB, 10.0 MB/s, ETA 5s)");
        assert!(!l.chars().any(char::is_control));
    }
}
