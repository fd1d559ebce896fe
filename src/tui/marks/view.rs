//! What marking draws: the mark glyph of a row, the marked rows' style, and the list title's
//! count of marks.

use ratatui::style::{Modifier, Style};
use ratatui::text::Span;

use crate::format;
use crate::tui::app::App;
use crate::tui::view::theme::Theme;

/// The glyph of a marked row (the style adds bold, so it shows without colour too).
pub const MARK: &str = "●";

/// The mark column's text for a row.
pub fn mark_cell(marked: bool) -> &'static str {
    if marked { MARK } else { " " }
}

/// A marked row is bold, whatever the terminal does with colour.
pub fn marked_style(theme: Theme) -> Style {
    Style::new().add_modifier(Modifier::BOLD).fg(theme.accent())
}

/// ` 3 marked (144.6 MB) · 1 hidden ` for the list title, while anything is marked.
pub fn marks_title(app: &App) -> Option<Span<'static>> {
    let marks = &app.marks;
    if marks.is_empty() && !marks.range_active() {
        return None;
    }
    let mut text = format!("{} marked ({})", marks.len(), format::size(marks.total_size()));
    let hidden = marks.hidden(&app.list);
    if hidden > 0 {
        text.push_str(&format!(" · {hidden} hidden"));
    }
    if marks.range_active() {
        text.push_str(" · range");
    }
    Some(Span::styled(format!("{text} "), marked_style(app.theme)))
}
