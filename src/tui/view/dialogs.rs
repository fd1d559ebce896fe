//! Dialogs drawn over the panes: delete and quit confirmations, the name prompt and the error
//! message. Every box wraps its text to its width and grows to fit it; on a screen too short for
//! all of it the text is cut, never the buttons or the key line.

use super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use tui_input::Input;

use super::{bars, wrap};
use crate::tui::app::App;
use crate::tui::dialogs::Choice;
use crate::tui::layout::centered;

pub(in crate::tui) fn frame_box<'a>(theme: Theme, title: &'a str, danger: bool) -> Block<'a> {
    let color = if danger { Color::Red } else { theme.accent() };
    Block::default()
        .borders(Borders::ALL)
        .border_style(Style::new().fg(color))
        .title(Span::styled(
            format!(" {title} "),
            Style::new().fg(color).add_modifier(Modifier::BOLD),
        ))
}

/// `[ Cancel ]  [ Delete ]` with the focused one highlighted.
pub fn buttons(choice: Choice, cancel: &str, proceed: &str, danger: bool) -> Line<'static> {
    let style = |on: bool, danger: bool| {
        let base = if danger {
            Style::new().fg(Color::Red)
        } else {
            Style::new()
        };
        if on {
            base.add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            base
        }
    };
    Line::from(vec![
        Span::styled(format!("[ {cancel} ]"), style(choice == Choice::Cancel, false)),
        Span::raw("   "),
        Span::styled(format!("[ {proceed} ]"), style(choice == Choice::Proceed, danger)),
    ])
    .centered()
}

/// The open box's key line, in the footer's words.
pub fn key_line(app: &App) -> Line<'static> {
    let hints = bars::modal_hints(app).unwrap_or_default();
    Line::styled(bars::hint_text(&hints), app.theme.label()).centered()
}

/// `body` then `keep` wrapped to `width` columns, in at most `rows` rows: when they do not fit,
/// the body is cut and its last row shown ends in `…`; `keep` (buttons, keys) always shows.
pub fn fit(body: &[Line<'_>], keep: &[Line<'_>], width: usize, rows: usize) -> Vec<Line<'static>> {
    let mut body = wrap::lines(body, width);
    let keep = wrap::lines(keep, width);
    let room = rows.saturating_sub(keep.len());
    if body.len() > room {
        body.truncate(room);
        if let Some(last) = body.last_mut() {
            let text = last.to_string();
            let style = last.spans.first().map(|s| s.style).unwrap_or_default();
            *last = Line::styled(wrap::ellipsis(&format!("{text}…"), width), style);
        }
    }
    body.extend(keep);
    body
}

/// A box `width` wide (at most the screen's) centred on `screen`, as tall as its text.
pub fn draw_box(
    frame: &mut Frame,
    screen: Rect,
    width: u16,
    block: Block,
    body: &[Line<'_>],
    keep: &[Line<'_>],
) -> Rect {
    let width = width.min(screen.width);
    let lines = fit(
        body,
        keep,
        usize::from(width.saturating_sub(2)),
        usize::from(screen.height.saturating_sub(2)),
    );
    let area = centered(screen, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
    area
}

pub fn confirm_quit(app: &App, frame: &mut Frame, screen: Rect, choice: Choice) {
    let q = app.uploads.quit_losses();
    let names = |v: &[String]| {
        let mut s = v.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
        if v.len() > 3 {
            s.push_str(&format!(" and {} more", v.len() - 3));
        }
        s
    };
    let mut body = vec![Line::raw("Quitting stops the uploads that run:")];
    if !q.lost.is_empty() {
        body.push(Line::styled(
            format!("lost: {}", names(&q.lost)),
            app.theme.error(),
        ));
    }
    if !q.resumable.is_empty() {
        body.push(Line::raw(format!(
            "resumable at the next start: {}",
            names(&q.resumable)
        )));
    }
    if !q.processing.is_empty() {
        body.push(Line::raw(format!(
            "already sent, finish on the server: {}",
            names(&q.processing)
        )));
    }
    let keep = [
        Line::raw(""),
        buttons(choice, "Cancel", "Quit", true),
        Line::raw(""),
        key_line(app),
    ];
    draw_box(
        frame,
        screen,
        64,
        frame_box(app.theme, "Quit?", true),
        &body,
        &keep,
    );
}

pub fn name_prompt(app: &App, frame: &mut Frame, screen: Rect, input: &Input) {
    let body = [Line::from(vec![
        Span::styled("> ", app.theme.key()),
        Span::raw(input.value().to_string()),
    ])];
    let keep = [Line::raw(""), key_line(app)];
    let block = frame_box(app.theme, "Server filter: filename contains", false);
    let area = draw_box(frame, screen, 56, block, &body, &keep);
    let x = area.x
        + 3
        + input
            .visual_cursor()
            .min(usize::from(area.width.saturating_sub(5))) as u16;
    frame.set_cursor_position((x, area.y + 1));
}

/// The newest error, bottom right above the status bar, until dismissed. The message wraps; the
/// hint and the key line always show.
pub fn notice(app: &App, frame: &mut Frame, screen: Rect, bottom: u16) {
    let Some(n) = app.notices.current() else {
        return;
    };
    let width = screen.width.saturating_sub(4).min(72);
    let status = n.status.map(|s| format!("HTTP {s} · ")).unwrap_or_default();
    let more = app.notices.errors.len() - 1;
    let more = if more > 0 {
        format!(" ({more} more)")
    } else {
        String::new()
    };
    let body = [
        Line::from(vec![
            Span::styled(
                format!("{status}{}", n.code),
                Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            ),
            Span::styled(format!("  while {}", n.context), app.theme.label()),
        ]),
        Line::raw(n.message.clone()),
    ];
    let keep = [
        Line::from(vec![
            Span::styled("hint: ", app.theme.key()),
            Span::raw(n.hint.clone()),
        ]),
        Line::styled(format!("Esc dismiss{more}"), app.theme.label()),
    ];
    let inner = usize::from(width.saturating_sub(2));
    let lines = fit(&body, &keep, inner, usize::from(bottom.saturating_sub(2)));
    let height = (lines.len() as u16 + 2).min(bottom);
    let area = Rect::new(
        screen.width.saturating_sub(width + 1),
        bottom.saturating_sub(height),
        width,
        height,
    );
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).block(frame_box(app.theme, "Error", true)),
        area,
    );
}
