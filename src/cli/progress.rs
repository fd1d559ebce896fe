//! A one-line progress bar on stderr: bar, bytes, percent, speed and ETA, redrawn at most ten
//! times a second.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::api::ProgressFn;
use crate::format;

/// Redraws no more often than this (a direct upload reports every 256 KiB).
const REDRAW_EVERY: Duration = Duration::from_millis(100);
const BAR_WIDTH: usize = 24;

/// A progress line for a transfer of `total` bytes.
pub struct ProgressBar {
    inner: Arc<Mutex<State>>,
}

struct State {
    label: String,
    total: u64,
    started: Instant,
    /// Bytes already done when the bar started (a resumed upload): not counted in the speed.
    base: Option<u64>,
    last_draw: Option<Instant>,
    last: u64,
}

impl ProgressBar {
    /// A bar labelled `label` for `total` bytes.
    pub fn new(label: &str, total: u64) -> Self {
        Self {
            inner: Arc::new(Mutex::new(State {
                label: label.to_string(),
                total,
                started: Instant::now(),
                base: None,
                last_draw: None,
                last: 0,
            })),
        }
    }

    /// The callback to hand to the upload.
    pub fn callback(&self) -> ProgressFn {
        let inner = self.inner.clone();
        Arc::new(move |done: u64| {
            if let Ok(mut s) = inner.lock() {
                s.update(done, false);
            }
        })
    }

    /// Draws the final state and ends the line.
    pub fn finish(self) {
        if let Ok(mut s) = self.inner.lock() {
            let last = s.last;
            s.update(last, true);
        }
        eprintln!();
    }
}

impl State {
    fn update(&mut self, done: u64, force: bool) {
        let base = *self.base.get_or_insert(done);
        self.last = done;
        let now = Instant::now();
        if !force && self.last_draw.is_some_and(|t| now - t < REDRAW_EVERY) && done < self.total {
            return;
        }
        self.last_draw = Some(now);
        eprint!(
            "\r\x1b[2K{}",
            line(&self.label, done, self.total, base, self.started.elapsed())
        );
    }
}

/// `label [#####·····]  45.2 MB / 190.0 MB   23.8%  80.1 MB/s  ETA 0:02`
fn line(label: &str, done: u64, total: u64, base: u64, elapsed: Duration) -> String {
    let frac = if total > 0 {
        (done as f64 / total as f64).clamp(0.0, 1.0)
    } else {
        1.0
    };
    let filled = (frac * BAR_WIDTH as f64).round() as usize;
    let bar: String = "#".repeat(filled) + &"·".repeat(BAR_WIDTH - filled);
    let speed = done.saturating_sub(base) as f64 / elapsed.as_secs_f64().max(1e-3);
    format!(
        "{label} [{bar}] {} / {}  {:5.1}%  {}  ETA {}",
        format::size(done),
        format::size(total),
        frac * 100.0,
        format::rate(speed),
        format::eta(total.saturating_sub(done), speed)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_shows_bytes_percent_speed_and_eta() {
        let l = line("up", 50_000_000, 100_000_000, 0, Duration::from_secs(5));
        assert!(l.contains("50.0 MB / 100.0 MB"), "{l}");
        assert!(l.contains(" 50.0%"), "{l}");
        assert!(l.contains("[############············]"), "{l}");
        assert!(l.contains("ETA"), "{l}");
    }
}
