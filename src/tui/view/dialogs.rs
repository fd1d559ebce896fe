//! Dialogs drawn over the panes: delete and quit confirmations, the name prompt and the error message.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use tui_input::Input;

use super::theme;
use crate::tui::app::App;
use crate::tui::dialogs::{Choice, ConfirmDelete, ConflictDelete, References};
use crate::tui::layout::centered;

fn frame_box<'a>(title: &'a str, danger: bool) -> Block<'a> {
    let color = if danger { Color::Red } else { theme::accent() };
    Block::default()
        .borders(Borders::ALL)
        .border_style(Style::new().fg(color))
        .title(Span::styled(
            format!(" {title} "),
            Style::new().fg(color).add_modifier(Modifier::BOLD),
        ))
}

/// `[ Cancel ]  [ Delete ]` with the focused one highlighted.
fn buttons(choice: Choice, proceed: &str) -> Line<'static> {
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
        Span::styled("[ Cancel ]", style(choice == Choice::Cancel, false)),
        Span::raw("   "),
        Span::styled(format!("[ {proceed} ]"), style(choice == Choice::Proceed, true)),
    ])
    .centered()
}

fn draw_box(frame: &mut Frame, area: Rect, block: Block, lines: Vec<Line>) {
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: false }),
        area,
    );
}

fn hint_line() -> Line<'static> {
    Line::styled("←/→ choose · Enter confirm · Esc cancel", theme::label()).centered()
}

pub fn confirm_delete(_app: &App, frame: &mut Frame, screen: Rect, d: &ConfirmDelete) {
    let area = centered(screen, 60, 9);
    let lines = vec![
        Line::from(vec![
            Span::raw("Delete "),
            Span::styled(d.name.clone(), theme::key()),
            Span::raw("?"),
        ]),
        Line::styled(format!("id {}", d.id), theme::label()),
        Line::raw("This cannot be undone."),
        Line::raw(""),
        buttons(d.choice, "Delete"),
        Line::raw(""),
        hint_line(),
    ];
    draw_box(frame, area, frame_box("Delete asset", true), lines);
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
    let mut lines = vec![Line::raw("Quitting stops the uploads that run:")];
    if !q.lost.is_empty() {
        lines.push(Line::styled(format!("lost: {}", names(&q.lost)), theme::error()));
    }
    if !q.resumable.is_empty() {
        lines.push(Line::raw(format!(
            "resumable at the next start: {}",
            names(&q.resumable)
        )));
    }
    if !q.processing.is_empty() {
        lines.push(Line::raw(format!(
            "already sent, finish on the server: {}",
            names(&q.processing)
        )));
    }
    let height = lines.len() as u16 + 6;
    lines.extend([Line::raw(""), buttons(choice, "Quit"), Line::raw(""), hint_line()]);
    let area = centered(screen, 64, height);
    draw_box(frame, area, frame_box("Quit?", true), lines);
}

pub fn conflict_delete(app: &App, frame: &mut Frame, screen: Rect, d: &ConflictDelete) {
    let area = centered(screen, 66, 13);
    let mut lines = Vec::new();
    let count = match &d.references {
        References::Loaded { total, .. } => Some(*total),
        _ => None,
    };
    if d.confirming_force {
        lines.push(Line::from(vec![
            Span::raw("Really force-delete "),
            Span::styled(d.name.clone(), theme::key()),
            Span::raw("?"),
        ]));
        lines.push(Line::raw(match count {
            Some(n) => format!("This also removes the {n} indexed asset(s) that use it."),
            None => "This also removes every indexed asset that uses it.".to_string(),
        }));
        lines.push(Line::styled("It cannot be undone.", theme::error()));
        lines.push(Line::raw(""));
        lines.push(buttons(d.choice, "Force delete"));
    } else {
        lines.push(Line::from(vec![
            Span::styled(d.name.clone(), theme::key()),
            Span::raw(" is used by indexed assets, so it was not deleted."),
        ]));
        match &d.references {
            References::Loading => lines.push(Line::styled(
                format!("{} looking up which indexes use it…", theme::spinner(app.now)),
                theme::label(),
            )),
            References::Loaded { total, .. } => {
                lines.push(Line::raw(format!("{total} indexed asset(s) in these indexes:")));
                let names = d.references.index_names();
                for name in names.iter().take(4) {
                    lines.push(Line::styled(
                        format!("  • {name}"),
                        Style::new().add_modifier(Modifier::BOLD),
                    ));
                }
                if names.len() > 4 {
                    lines.push(Line::styled(
                        format!("  … and {} more", names.len() - 4),
                        theme::label(),
                    ));
                }
            }
            References::Unknown(why) => lines.push(Line::styled(
                format!("Could not list them ({why})."),
                theme::label(),
            )),
        }
        lines.push(Line::raw("Force deletes the asset and those indexed assets."));
        lines.push(Line::raw(""));
        lines.push(buttons(d.choice, "Force…"));
    }
    lines.push(Line::raw(""));
    lines.push(hint_line());
    let title = if d.confirming_force {
        "Confirm force delete"
    } else {
        "Asset in use"
    };
    draw_box(frame, area, frame_box(title, true), lines);
}

pub fn name_prompt(frame: &mut Frame, screen: Rect, input: &Input) {
    let area = centered(screen, 56, 6);
    let lines = vec![
        Line::from(vec![
            Span::styled("> ", theme::key()),
            Span::raw(input.value().to_string()),
        ]),
        Line::raw(""),
        Line::styled("Enter apply (empty clears) · Esc cancel", theme::label()),
    ];
    draw_box(
        frame,
        area,
        frame_box("Server filter: filename contains", false),
        lines,
    );
    let x = area.x
        + 3
        + input
            .visual_cursor()
            .min(usize::from(area.width.saturating_sub(5))) as u16;
    frame.set_cursor_position((x, area.y + 1));
}

/// The newest error, bottom right above the status bar, until dismissed.
pub fn notice(app: &App, frame: &mut Frame, screen: Rect, bottom: u16) {
    let Some(n) = app.notices.current() else {
        return;
    };
    let width = screen.width.saturating_sub(4).min(72);
    let height = 7u16.min(bottom);
    let area = Rect::new(
        screen.width.saturating_sub(width + 1),
        bottom.saturating_sub(height),
        width,
        height,
    );
    let status = n.status.map(|s| format!("HTTP {s} · ")).unwrap_or_default();
    let more = app.notices.errors.len() - 1;
    let more = if more > 0 {
        format!(" ({more} more)")
    } else {
        String::new()
    };
    let lines = vec![
        Line::from(vec![
            Span::styled(
                format!("{status}{}", n.code),
                Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            ),
            Span::styled(format!("  while {}", n.context), theme::label()),
        ]),
        Line::raw(n.message.clone()),
        Line::from(vec![
            Span::styled("hint: ", theme::key()),
            Span::raw(n.hint.clone()),
        ]),
        Line::styled(format!("Esc dismiss{more}"), theme::label()),
    ];
    draw_box(frame, area, frame_box("Error", true), lines);
}
