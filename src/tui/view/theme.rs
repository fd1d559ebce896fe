//! Colours and marks, in one place so the panes agree.
//!
//! With `NO_COLOR` the theme is [plain](set_plain): [`strip_colours`] takes every colour off the
//! drawn frame, so no pane needs its own check; bold, reverse and underline stay, and the focused
//! pane's border turns bold, which keeps the selection, the focus and the keys visible.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use jiff::Timestamp;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};

use crate::api::types::{AssetStatus, DerivedStatus};

/// The built-in accent (focused borders, titles, keys) and dim (unfocused borders, labels).
const DEFAULT_ACCENT: Color = Color::Cyan;
const DEFAULT_DIM: Color = Color::DarkGray;

/// The user's accent and dim colours, set once at start from the config file.
static USER_COLOURS: OnceLock<(Color, Color)> = OnceLock::new();

/// Sets the accent and dim colours; only the first call counts.
pub fn set_colours(accent: Color, dim: Color) {
    let _ = USER_COLOURS.set((accent, dim));
}

/// No colour at all (`NO_COLOR`), set once at start.
static PLAIN: AtomicBool = AtomicBool::new(false);

/// Draws without colour from now on.
pub fn set_plain() {
    PLAIN.store(true, Ordering::Relaxed);
}

/// True when colours are off.
pub fn plain() -> bool {
    PLAIN.load(Ordering::Relaxed)
}

/// Resets every cell's colours to the terminal's own, keeping the modifiers: the frame as a
/// `NO_COLOR` terminal shows it (crossterm drops colour codes then anyway), so what tests see is
/// what the user gets.
pub fn strip_colours(buf: &mut Buffer) {
    for cell in &mut buf.content {
        cell.set_fg(Color::Reset).set_bg(Color::Reset);
    }
}

/// Focused borders, titles and keys.
pub fn accent() -> Color {
    USER_COLOURS.get().map_or(DEFAULT_ACCENT, |c| c.0)
}

/// Unfocused borders and labels.
pub fn dim() -> Color {
    USER_COLOURS.get().map_or(DEFAULT_DIM, |c| c.1)
}

pub fn border(focused: bool) -> Style {
    match (focused, plain()) {
        // Without colour, the focused pane's border stands out by weight.
        (true, true) => Style::new().add_modifier(Modifier::BOLD),
        (true, false) => Style::new().fg(accent()),
        (false, _) => Style::new().fg(dim()),
    }
}

pub fn title(focused: bool) -> Style {
    let s = Style::new().add_modifier(Modifier::BOLD);
    if focused { s.fg(accent()) } else { s }
}

pub fn status(status: Option<&AssetStatus>) -> Style {
    match status {
        Some(AssetStatus::Ready) => Style::new().fg(Color::Green),
        Some(AssetStatus::Processing) => Style::new().fg(Color::Yellow),
        Some(AssetStatus::Failed) => Style::new().fg(Color::Red),
        _ => Style::new().fg(dim()),
    }
}

pub fn derived(status: &DerivedStatus) -> Style {
    match status {
        DerivedStatus::Ready => Style::new().fg(Color::Green),
        DerivedStatus::Pending | DerivedStatus::Processing => Style::new().fg(Color::Yellow),
        DerivedStatus::Error => Style::new().fg(Color::Red),
        DerivedStatus::Other(_) => Style::new().fg(dim()),
    }
}

pub fn key() -> Style {
    Style::new().fg(accent()).add_modifier(Modifier::BOLD)
}

pub fn label() -> Style {
    Style::new().fg(dim())
}

pub fn error() -> Style {
    Style::new().fg(Color::Red)
}

/// A spinner frame derived from the clock, so a fixed `now` draws a fixed frame.
pub fn spinner(now: Timestamp) -> &'static str {
    const FRAMES: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];
    FRAMES[(now.as_millisecond() / 100).rem_euclid(FRAMES.len() as i64) as usize]
}
