//! The copy menu and the URL dialog.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

use crate::tui::app::App;
use crate::tui::dialogs::{CopyMenu, ShowUrl};
use crate::tui::view::dialogs::{buttons, draw_box, key_line};
use crate::tui::view::theme::Theme;

fn boxed(theme: Theme, title: &str) -> Block<'_> {
    Block::bordered()
        .border_style(theme.border(true))
        .title(Span::styled(format!(" {title} "), theme.title(true)))
}

/// The entries, an unavailable one dimmed with why (its number says it again).
pub fn copy_menu(app: &App, frame: &mut Frame, screen: Rect, menu: &CopyMenu) {
    let mut lines = Vec::new();
    for (i, (label, value)) in menu.entries.iter().enumerate() {
        let text = format!(" {}  {label}", i + 1);
        let line = match value {
            Err(why) => Line::styled(format!("{text} — none: {why}"), app.theme.label()),
            Ok(_) if i == menu.selected => Line::styled(
                text,
                Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            ),
            Ok(_) => Line::raw(text),
        };
        lines.push(line);
    }
    let keep = [Line::raw(""), key_line(app)];
    draw_box(frame, screen, 60, boxed(app.theme, "Copy"), &lines, &keep);
}

/// The URL whole, broken only where it must be (after a `/` when it can), and a Copy button.
pub fn show_url(app: &App, frame: &mut Frame, screen: Rect, d: &ShowUrl) {
    let width = screen.width.saturating_sub(4).min(100);
    let body = [
        Line::raw(d.reason.clone()),
        Line::raw(""),
        Line::styled(d.url.clone(), Style::new().add_modifier(Modifier::BOLD)),
    ];
    let keep = [
        Line::raw(""),
        buttons(d.choice, "Close", "Copy URL", false),
        key_line(app),
    ];
    let title = format!("Open the {}", d.title);
    draw_box(frame, screen, width, boxed(app.theme, &title), &body, &keep);
}
