//! An open preview: which asset, what kind, the span on screen (zoomed in from the whole
//! duration), the cursor, and the frames or loudness that have arrived for the current job.

use super::captions::Caption;
use crate::tui::detail::thumbnail::Thumb;

/// The shortest span a zoom reaches, per frame: about one frame at 25 fps.
const MIN_STEP: f64 = 0.04;

/// What the preview shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PreviewKind {
    Video,
    Audio,
    /// The thumbnail large: a PDF (with its page count), an image, or a video or audio asset
    /// whose frames cannot be had (the note says why).
    Still,
}

/// One frame of the grid.
#[derive(Debug, Clone)]
pub enum Slot {
    Waiting,
    Ready(Thumb),
    Failed(String),
}

/// What the preview needs from the config, given at start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewSettings {
    /// Columns and rows of the storyboard at most (`preview_grid`).
    pub grid: (u16, u16),
    /// Why there is no ffmpeg, when there is none.
    pub ffmpeg_missing: Option<String>,
}

impl Default for PreviewSettings {
    fn default() -> Self {
        Self {
            grid: (3, 3),
            ffmpeg_missing: None,
        }
    }
}

/// The preview state.
#[derive(Debug, Clone)]
pub struct Preview {
    pub asset_id: String,
    pub kind: PreviewKind,
    /// The HLS playlist frames come from; `None`: only the thumbnail (see `note`).
    pub source: Option<String>,
    pub duration: f64,
    /// Seconds shown, start and end.
    pub span: (f64, f64),
    /// Spans zoomed out of, with the cursor there, for `-`.
    zooms: Vec<((f64, f64), usize)>,
    pub cursor: usize,
    /// Columns and rows of the grid (video) or slots of the strip (audio).
    pub grid: (u16, u16),
    /// Cells of one frame's picture.
    pub cells: (u16, u16),
    pub slots: Vec<Slot>,
    /// Loudness peaks across the span (audio), or why not.
    pub peaks: Option<Result<Vec<f32>, String>>,
    /// The job the slots belong to; results of older jobs are dropped.
    pub job: u64,
    /// What the current job was started for (asset, span, grid, cells).
    pub(in crate::tui) started_for: Option<String>,
    /// One line instead of pictures (no ffmpeg, HLS not ready, a cache that cannot be written).
    pub note: Option<String>,
    pub captions: Vec<Caption>,
    pub page_count: Option<u64>,
}

impl Preview {
    /// A preview of the whole duration with the cursor on the first slot.
    pub fn new(asset_id: String, kind: PreviewKind, source: Option<String>, duration: f64) -> Self {
        let duration = if duration.is_finite() && duration > 0.0 {
            duration
        } else {
            0.0
        };
        Self {
            asset_id,
            kind,
            source,
            duration,
            span: (0.0, duration),
            zooms: Vec::new(),
            cursor: 0,
            grid: (3, 3),
            cells: (0, 0),
            slots: Vec::new(),
            peaks: None,
            job: 0,
            started_for: None,
            note: None,
            captions: Vec::new(),
            page_count: None,
        }
    }

    /// Slots in the grid.
    pub fn count(&self) -> usize {
        (self.grid.0 as usize * self.grid.1 as usize).max(1)
    }

    /// The length of one slot's slice of the span.
    pub fn step(&self) -> f64 {
        (self.span.1 - self.span.0) / self.count() as f64
    }

    /// The time each slot shows: the middle of its slice.
    pub fn times(&self) -> Vec<f64> {
        let step = self.step();
        (0..self.count())
            .map(|i| self.span.0 + (i as f64 + 0.5) * step)
            .collect()
    }

    /// The cursor's time.
    pub fn cursor_time(&self) -> f64 {
        self.span.0 + (self.cursor as f64 + 0.5) * self.step()
    }

    /// Moves the cursor by `delta` slots, stopping at the ends.
    pub fn move_cursor(&mut self, delta: isize) {
        let last = self.count() as isize - 1;
        self.cursor = (self.cursor as isize + delta).clamp(0, last.max(0)) as usize;
    }

    /// Puts the cursor on the slot whose slice holds `at` seconds (the frame nearest it), the
    /// first or last slot when `at` is outside the span.
    pub fn cursor_near(&mut self, at: f64) {
        let step = self.step();
        let last = self.count() - 1;
        self.cursor = if step > 0.0 && at.is_finite() {
            (((at - self.span.0) / step).floor().max(0.0) as usize).min(last)
        } else {
            0
        };
    }

    /// Puts the cursor on the frame nearest `start` whose time is within the line said from
    /// `start` to `end`, so its caption is that line; the nearest frame when none is.
    pub fn cursor_on_line(&mut self, start: f64, end: f64) {
        self.cursor_near(start);
        let within = |t: f64| start <= t && t < end;
        if !within(self.cursor_time()) && self.cursor + 1 < self.count() {
            let next = self.span.0 + (self.cursor as f64 + 1.5) * self.step();
            if within(next) {
                self.cursor += 1;
            }
        }
    }

    /// Puts the cursor on the first or the last slot.
    pub fn cursor_to(&mut self, end: bool) {
        self.cursor = if end { self.count() - 1 } else { 0 };
    }

    /// Narrows the span to the cursor's slice; false when it is already as narrow as it goes.
    pub fn zoom_in(&mut self) -> bool {
        let step = self.step();
        if step / (self.count() as f64) < MIN_STEP {
            return false;
        }
        let start = self.span.0 + self.cursor as f64 * step;
        self.zooms.push((self.span, self.cursor));
        self.span = (start, start + step);
        self.cursor = self.count() / 2;
        true
    }

    /// Widens back to the span zoomed in from; false at the whole duration.
    pub fn zoom_out(&mut self) -> bool {
        match self.zooms.pop() {
            Some((span, cursor)) => {
                self.span = span;
                self.cursor = cursor.min(self.count() - 1);
                true
            }
            None => false,
        }
    }

    /// A new grid shape (the pane was resized): the cursor stays inside it.
    pub fn set_grid(&mut self, grid: (u16, u16), cells: (u16, u16)) {
        self.grid = grid;
        self.cells = cells;
        self.cursor = self.cursor.min(self.count() - 1);
    }

    /// A time of this media: `h:mm:ss` throughout when it lasts an hour or more, so labels side
    /// by side have one shape; `tenths` for frames under a minute apart.
    pub fn clock(&self, secs: f64, tenths: bool) -> String {
        crate::format::media_clock(secs, tenths, self.duration >= 3600.0)
    }

    /// `frame 4/9 · 12:41 · span 10:00–15:00`.
    pub fn title(&self) -> String {
        match self.kind {
            PreviewKind::Still => match self.page_count {
                Some(n) => format!("first page · {n} page{}", if n == 1 { "" } else { "s" }),
                None => "thumbnail".to_string(),
            },
            PreviewKind::Video | PreviewKind::Audio => format!(
                "{} {}/{} · {} · span {}–{}",
                if self.kind == PreviewKind::Video {
                    "frame"
                } else {
                    "slice"
                },
                self.cursor + 1,
                self.count(),
                // Tenths where the frames' own labels have them, so the two read the same.
                self.clock(self.cursor_time(), self.step() < 60.0),
                self.clock(self.span.0, false),
                self.clock(self.span.1, false)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zooming_narrows_to_the_cursor_slice_and_back() {
        let mut p = Preview::new("a".into(), PreviewKind::Video, None, 2700.0);
        p.move_cursor(3);
        assert_eq!(p.title(), "frame 4/9 · 17:30 · span 0:00–45:00");
        assert!(p.zoom_in());
        assert_eq!(p.span, (900.0, 1200.0));
        assert_eq!(p.cursor, 4);
        assert!(p.zoom_out());
        assert_eq!((p.span, p.cursor), ((0.0, 2700.0), 3));
        assert!(!p.zoom_out());
        let mut short = Preview::new("b".into(), PreviewKind::Video, None, 10.0);
        assert!(short.zoom_in());
        assert!(!short.zoom_in(), "a ninth of a second is as narrow as it goes");
    }

    #[test]
    fn a_line_puts_the_cursor_on_a_frame_said_during_it() {
        // Nine frames over 6.3 s: slices of 0.7 s, their times 0.35, 1.05, 1.75, 2.45, …
        let mut p = Preview::new("a".into(), PreviewKind::Video, None, 6.3);
        p.cursor_near(2.0);
        assert_eq!(p.cursor, 2, "the slice that holds 2.0 s");
        p.cursor_on_line(2.0, 3.4);
        assert_eq!(p.cursor, 3, "its neighbour is said during the line");
        p.cursor_on_line(1.9, 1.95);
        assert_eq!(p.cursor, 2, "no frame inside the line: the nearest");
        p.cursor_near(99.0);
        assert_eq!(p.cursor, 8);
    }

    #[test]
    fn the_cursor_stays_in_the_grid() {
        let mut p = Preview::new("a".into(), PreviewKind::Video, None, 36_000.0);
        p.move_cursor(-4);
        assert_eq!(p.cursor, 0);
        p.cursor_to(true);
        assert_eq!(p.cursor, 8);
        p.set_grid((2, 2), (10, 5));
        assert_eq!(p.cursor, 3);
        assert_eq!(p.clock(36_000.0, false), "10:00:00");
        assert_eq!(p.clock(61.25, true), "0:01:01.2");
    }
}
