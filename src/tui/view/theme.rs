//! Colours and marks, in one place so the panes agree.

use jiff::Timestamp;
use ratatui::style::{Color, Modifier, Style};

use crate::api::types::{AssetStatus, DerivedStatus};

pub const ACCENT: Color = Color::Cyan;
pub const DIM: Color = Color::DarkGray;

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
