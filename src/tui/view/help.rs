//! The help overlay: every binding of the pane that had focus, then the global ones, generated
//! from the keymap; then "About": terminal, tmux, SSH, image protocol, clipboard, config.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{theme, wrap};
use crate::tui::app::App;
use crate::tui::keymap::{Context, Key};
use crate::tui::layout::centered;

/// The About section: what was detected about the terminal and where settings came from.
fn about(app: &App, lines: &mut Vec<Line>) {
    if app.surroundings.about.is_empty() {
        return;
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "About",
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
    ));
    for (label, value) in &app.surroundings.about {
        lines.push(Line::from(vec![
            Span::styled(format!("  {label:<18}"), theme::label()),
            Span::raw(value.clone()),
        ]));
    }
}

pub fn draw(app: &App, frame: &mut Frame, screen: Rect, scroll: u16, context: Context) {
    let width = 72.min(screen.width);
    let inner = usize::from(width.saturating_sub(2));
    let key_text = |keys: &[Key]| keys.iter().map(Key::to_string).collect::<Vec<_>>().join(", ");
    // As wide as the longest key list (up to 18), so descriptions keep room on narrow screens.
    let key_col = [context, Context::Global]
        .iter()
        .flat_map(|c| app.keymap.bindings(*c))
        .map(|(_, keys)| key_text(keys).chars().count() + 2)
        .max()
        .unwrap_or(0)
        .min(18);
    let mut lines = Vec::new();
    let section = |ctx: Context, lines: &mut Vec<Line>| {
        lines.push(Line::styled(
            format!("{} keys", ctx.name()),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        ));
        for (action, keys) in app.keymap.bindings(ctx) {
            if app.read_only && action.is_write() {
                continue;
            }
            let described = wrap::words(action.describe(), inner.saturating_sub(key_col + 2).max(10));
            for (i, part) in described.into_iter().enumerate() {
                let keys = if i == 0 { key_text(keys) } else { String::new() };
                lines.push(Line::from(vec![
                    Span::styled(format!("  {keys:<key_col$}"), theme::key()),
                    Span::raw(part),
                ]));
            }
        }
        lines.push(Line::raw(""));
    };
    section(context, &mut lines);
    section(Context::Global, &mut lines);
    lines.push(Line::styled(
        "Mouse: wheel scrolls, click selects.",
        theme::label(),
    ));
    lines.push(Line::styled(
        format!(
            "Service: {}{}",
            app.service,
            if app.read_only { " (read-only)" } else { "" }
        ),
        theme::label(),
    ));
    if let Some(log) = &app.log_file {
        lines.push(Line::styled(
            format!("Log file: {}", log.display()),
            theme::label(),
        ));
    }
    about(app, &mut lines);
    let height = (lines.len() as u16 + 2).min(screen.height.saturating_sub(2));
    let area = centered(screen, width, height);
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::new().fg(theme::accent()))
        .title(Span::styled(
            format!(" Help — {} ", context.name()),
            theme::title(true),
        ))
        .title_bottom(Line::styled(" j/k scroll · Esc close ", theme::label()));
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
}
