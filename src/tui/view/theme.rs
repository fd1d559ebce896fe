//! Colours and marks, in one place so the panes agree.
//!
//! With `NO_COLOR` the theme is [plain](Theme::plain): [`strip_colours`] takes every colour off the
//! drawn frame, so no pane needs its own check; bold, reverse and underline stay, and the focused
//! pane's border turns bold, which keeps the selection, the focus and the keys visible.

use jiff::Timestamp;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};

use crate::api::types::{AssetStatus, DerivedStatus};

/// The built-in accent (focused borders, titles, keys) and dim (unfocused borders, labels).
const DEFAULT_ACCENT: Color = Color::Cyan;
const DEFAULT_DIM: Color = Color::DarkGray;

/// The colours the view draws with: part of the app's state, so each app (and each test) has
/// its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    accent: Color,
    dim: Color,
    /// No colour at all (`NO_COLOR`).
    plain: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Self {
            accent: DEFAULT_ACCENT,
            dim: DEFAULT_DIM,
            plain: false,
        }
    }
}

/// Resets every cell's colours to the terminal's own, keeping the modifiers: the frame as a
/// `NO_COLOR` terminal shows it (crossterm drops colour codes then anyway), so what tests see is
/// what the user gets.
pub fn strip_colours(buf: &mut Buffer) {
    for cell in &mut buf.content {
        cell.set_fg(Color::Reset).set_bg(Color::Reset);
    }
}

impl Theme {
    /// The user's accent (focused borders, titles, keys) and dim (unfocused borders, labels).
    pub fn with_colours(self, accent: Color, dim: Color) -> Self {
        Self { accent, dim, ..self }
    }

    /// Without colour (`NO_COLOR`).
    pub fn plain(self) -> Self {
        Self { plain: true, ..self }
    }

    /// True when colours are off.
    pub fn is_plain(&self) -> bool {
        self.plain
    }

    /// Focused borders, titles and keys.
    pub fn accent(&self) -> Color {
        self.accent
    }

    /// Unfocused borders and labels.
    pub fn dim(&self) -> Color {
        self.dim
    }

    pub fn border(&self, focused: bool) -> Style {
        match (focused, self.plain) {
            // Without colour, the focused pane's border stands out by weight.
            (true, true) => Style::new().add_modifier(Modifier::BOLD),
            (true, false) => Style::new().fg(self.accent()),
            (false, _) => Style::new().fg(self.dim()),
        }
    }

    pub fn title(&self, focused: bool) -> Style {
        let s = Style::new().add_modifier(Modifier::BOLD);
        if focused { s.fg(self.accent()) } else { s }
    }

    pub fn status(&self, status: Option<&AssetStatus>) -> Style {
        match status {
            Some(AssetStatus::Ready) => Style::new().fg(Color::Green),
            Some(AssetStatus::Processing) => Style::new().fg(Color::Yellow),
            Some(AssetStatus::Failed) => Style::new().fg(Color::Red),
            _ => Style::new().fg(self.dim()),
        }
    }

    pub fn derived(&self, status: &DerivedStatus) -> Style {
        match status {
            DerivedStatus::Ready => Style::new().fg(Color::Green),
            DerivedStatus::Pending | DerivedStatus::Processing => Style::new().fg(Color::Yellow),
            DerivedStatus::Error => Style::new().fg(Color::Red),
            DerivedStatus::Other(_) => Style::new().fg(self.dim()),
        }
    }

    pub fn key(&self) -> Style {
        Style::new().fg(self.accent()).add_modifier(Modifier::BOLD)
    }

    pub fn label(&self) -> Style {
        Style::new().fg(self.dim())
    }

    pub fn error(&self) -> Style {
        Style::new().fg(Color::Red)
    }
}

/// A spinner frame derived from the clock, so a fixed `now` draws a fixed frame.
pub fn spinner(now: Timestamp) -> &'static str {
    const FRAMES: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];
    FRAMES[(now.as_millisecond() / 100).rem_euclid(FRAMES.len() as i64) as usize]
}
