//! The list title's mark while it shows a cached listing: how old it is, and whether page 1 is
//! on its way or failed to come.

use ratatui::style::{Color, Style};
use ratatui::text::Span;

use crate::tui::app::App;

/// `[cached 3m ago · refreshing] `, or `· not current` once no page is on its way; nothing when
/// the list is current.
pub fn title_spans(app: &App) -> Option<Span<'static>> {
    let since = app.cached_since?;
    let state = if app.list.pending.is_some() {
        "refreshing"
    } else {
        "not current"
    };
    let text = format!("[cached {} · {state}] ", crate::format::ago(since, app.now));
    Some(Span::styled(text, Style::new().fg(Color::Yellow)))
}
