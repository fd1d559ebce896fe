//! Colours and marks, in one place so the panes agree.

use std::sync::OnceLock;

use jiff::Timestamp;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};

use crate::api::types::{AssetStatus, DerivedStatus};

pub const ACCENT: Color = Color::Cyan;
pub const DIM: Color = Color::DarkGray;

/// The user's colours for [`ACCENT`] and [`DIM`], set once at start from the config file.
static USER_COLOURS: OnceLock<(Color, Color)> = OnceLock::new();

/// Sets the colours drawn instead of [`ACCENT`] and [`DIM`]; only the first call counts.
pub fn set_colours(accent: Color, dim: Color) {
    let _ = USER_COLOURS.set((accent, dim));
}

/// Repaints the finished frame with the user's colours. The panes keep naming the two theme
/// colours; images use RGB colours, so they are left alone.
pub fn apply(buf: &mut Buffer) {
    let Some(&(accent, dim)) = USER_COLOURS.get() else {
        return;
    };
    let swap = |c: Color| match c {
        ACCENT => accent,
        DIM => dim,
        other => other,
    };
    for cell in &mut buf.content {
        cell.fg = swap(cell.fg);
        cell.bg = swap(cell.bg);
    }
}

pub fn border(focused: bool) -> Style {
    if focused {
        Style::new().fg(ACCENT)
    } else {
        Style::new().fg(DIM)
    }
}

pub fn title(focused: bool) -> Style {
    let s = Style::new().add_modifier(Modifier::BOLD);
    if focused { s.fg(ACCENT) } else { s }
}

pub fn status(status: Option<&AssetStatus>) -> Style {
    match status {
        Some(AssetStatus::Ready) => Style::new().fg(Color::Green),
        Some(AssetStatus::Processing) => Style::new().fg(Color::Yellow),
        Some(AssetStatus::Failed) => Style::new().fg(Color::Red),
        _ => Style::new().fg(DIM),
    }
}

pub fn derived(status: &DerivedStatus) -> Style {
    match status {
        DerivedStatus::Ready => Style::new().fg(Color::Green),
        DerivedStatus::Pending | DerivedStatus::Processing => Style::new().fg(Color::Yellow),
        DerivedStatus::Error => Style::new().fg(Color::Red),
        DerivedStatus::Other(_) => Style::new().fg(DIM),
    }
}

pub fn key() -> Style {
    Style::new().fg(ACCENT).add_modifier(Modifier::BOLD)
}

pub fn label() -> Style {
    Style::new().fg(DIM)
}

pub fn error() -> Style {
    Style::new().fg(Color::Red)
}

/// A spinner frame derived from the clock, so a fixed `now` draws a fixed frame.
pub fn spinner(now: Timestamp) -> &'static str {
    const FRAMES: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];
    FRAMES[(now.as_millisecond() / 100).rem_euclid(FRAMES.len() as i64) as usize]
}
