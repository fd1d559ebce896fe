//! The copy menu and the URL dialog.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::theme;
use crate::tui::copy_open::{CopyMenu, ShowUrl};
use crate::tui::dialogs::Choice;
use crate::tui::layout::centered;

fn boxed(title: &str) -> Block<'_> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme::border(true))
        .title(Span::styled(format!(" {title} "), theme::title(true)))
}

pub fn copy_menu(frame: &mut Frame, screen: Rect, menu: &CopyMenu) {
    let mut lines = Vec::new();
    for (i, (label, value)) in menu.entries.iter().enumerate() {
        let text = format!(" {}  {label}", i + 1);
        let line = match value {
            None => Line::styled(format!("{text} (not available)"), theme::label()),
            Some(_) if i == menu.selected => Line::styled(
                text,
                Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            ),
            Some(_) => Line::raw(text),
        };
        lines.push(line);
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "↑/↓ or 1-4 · Enter copy · Esc cancel",
        theme::label(),
    ));
    let area = centered(screen, 44, lines.len() as u16 + 2);
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(boxed("Copy")), area);
}

pub fn show_url(frame: &mut Frame, screen: Rect, d: &ShowUrl) {
    let button = |label: &str, on: bool| {
        let style = if on {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::new()
        };
        Span::styled(format!("[ {label} ]"), style)
    };
    let width = screen.width.saturating_sub(4).min(100);
    let url_rows = (d.url.chars().count() as u16).div_ceil(width.saturating_sub(2).max(1));
    let lines = vec![
        Line::raw(d.reason.clone()),
        Line::raw(""),
        Line::styled(d.url.clone(), Style::new().add_modifier(Modifier::BOLD)),
        Line::raw(""),
        Line::from(vec![
            button("Close", d.choice == Choice::Cancel),
            Span::raw("   "),
            button("Copy URL", d.choice == Choice::Proceed),
        ])
        .centered(),
        Line::styled("←/→ choose · Enter confirm · Esc close", theme::label()).centered(),
    ];
    let area = centered(screen, width, url_rows + 7);
    frame.render_widget(Clear, area);
    let title = format!("Open the {}", d.title);
    frame.render_widget(
        Paragraph::new(lines)
            .block(boxed(&title))
            .wrap(Wrap { trim: false }),
        area,
    );
}
