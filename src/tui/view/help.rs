//! The help overlay: every binding of the pane that had focus, then the global ones, generated
//! from the keymap; then "About": terminal, tmux, SSH, image protocol, clipboard, config.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{bars, wrap};
use crate::tui::app::App;
use crate::tui::input::keymap::{Action, Context, Key};
use crate::tui::layout::centered;

/// Width of the label column of the About section.
const ABOUT_LABEL: usize = 20;

/// The About section: what was detected about the terminal and where settings came from.
fn about(app: &App, width: usize, lines: &mut Vec<Line<'static>>) {
    if app.surroundings.about.is_empty() {
        return;
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "About",
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
    ));
    for (label, value) in &app.surroundings.about {
        let line = Line::from(vec![
            Span::styled(format!("  {label:<18}"), app.theme.label()),
            Span::raw(value.clone()),
        ]);
        lines.extend(wrap::line(&line, width, ABOUT_LABEL));
    }
}

/// The overlay's width and its text, wrapped to fit inside the border.
fn content(app: &App, screen: Rect, context: Context) -> (u16, Vec<Line<'static>>) {
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
    let section = |ctx: Context, lines: &mut Vec<Line<'static>>| {
        lines.push(Line::styled(
            format!("{} keys", ctx.name()),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        ));
        for (action, keys) in app.keymap.bindings(ctx) {
            if app.read_only && action.is_write() {
                continue;
            }
            let described = wrap::words(describe(ctx, *action), inner.saturating_sub(key_col + 2).max(10));
            for (i, part) in described.into_iter().enumerate() {
                let keys = if i == 0 { key_text(keys) } else { String::new() };
                lines.push(Line::from(vec![
                    Span::styled(format!("  {keys:<key_col$}"), app.theme.key()),
                    Span::raw(part),
                ]));
            }
        }
        lines.push(Line::raw(""));
    };
    section(context, &mut lines);
    section(Context::Global, &mut lines);
    let mut notes = vec![
        "Mouse: wheel scrolls, click selects.".to_string(),
        format!(
            "Service: {}{}",
            app.service,
            if app.read_only { " (read-only)" } else { "" }
        ),
    ];
    if let Some(log) = &app.log_file {
        notes.push(format!("Log file: {}", log.display()));
    }
    for note in notes {
        lines.extend(wrap::line(&Line::styled(note, app.theme.label()), inner, 2));
    }
    about(app, inner, &mut lines);
    (width, lines)
}

/// The overlay's box on `screen` for `rows` rows of text.
fn area(screen: Rect, width: u16, rows: usize) -> Rect {
    let height = (rows as u16)
        .saturating_add(2)
        .min(screen.height.saturating_sub(2));
    centered(screen, width, height)
}

/// The furthest the overlay scrolls at the app's size: its last row at the bottom.
pub fn max_scroll(app: &App, context: Context) -> u16 {
    let screen = Rect::new(0, 0, app.size.0, app.size.1);
    let (width, lines) = content(app, screen, context);
    let shown = area(screen, width, lines.len()).height.saturating_sub(2);
    u16::try_from(lines.len().saturating_sub(usize::from(shown))).unwrap_or(u16::MAX)
}

pub fn draw(app: &App, frame: &mut Frame, screen: Rect, scroll: u16, context: Context) {
    let (width, lines) = content(app, screen, context);
    let area = area(screen, width, lines.len());
    let shown = usize::from(area.height.saturating_sub(2));
    let last = u16::try_from(lines.len().saturating_sub(shown)).unwrap_or(u16::MAX);
    frame.render_widget(Clear, area);
    let keys = bars::hint_text(&bars::modal_hints(app).unwrap_or_default());
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::new().fg(app.theme.accent()))
        .title(Span::styled(
            format!(" Help — {} ", context.name()),
            app.theme.title(true),
        ))
        .title_bottom(Line::styled(format!(" {keys} "), app.theme.label()));
    frame.render_widget(
        Paragraph::new(lines).block(block).scroll((scroll.min(last), 0)),
        area,
    );
}

/// What `action` does in `ctx`: the moves scroll the detail's text, where the list's words
/// (rows, loading the rest) would describe keys the detail does not have.
fn describe(ctx: Context, action: Action) -> &'static str {
    match (ctx, action) {
        (Context::Detail, Action::Down) => "scroll down",
        (Context::Detail, Action::Up) => "scroll up",
        (Context::Detail, Action::Top) => "scroll to the top",
        (Context::Detail, Action::Bottom) => "scroll to the bottom",
        (Context::Detail, Action::PageDown) => "scroll a page down",
        (Context::Detail, Action::PageUp) => "scroll a page up",
        (Context::Detail, Action::HalfDown) => "scroll half a page down",
        (Context::Detail, Action::HalfUp) => "scroll half a page up",
        _ => action.describe(),
    }
}
