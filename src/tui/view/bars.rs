//! The one-line bars: the lost-connection banner on top, the status bar and the key hints below.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme;
use crate::tui::app::App;
use crate::tui::keymap::{Action, Context};

pub fn banner(app: &App, frame: &mut Frame, area: Rect) {
    let Some(off) = &app.notices.offline else {
        return;
    };
    let next = if app.list.pending.is_some() {
        "reconnecting…".to_string()
    } else {
        format!(
            "retrying in {}s",
            app.notices.offline_retry_in(app.now).unwrap_or(0)
        )
    };
    let text = format!(
        " {} connection lost — {next} (attempt {}) — {}",
        theme::spinner(app.now),
        off.attempts,
        off.message
    );
    let style = Style::new()
        .bg(Color::Red)
        .fg(Color::White)
        .add_modifier(Modifier::BOLD);
    frame.render_widget(Paragraph::new(Line::from(text)).style(style), area);
}

pub fn status(app: &App, frame: &mut Frame, area: Rect) {
    let sep = || Span::styled(" │ ", theme::label());
    let list = &app.list;
    let mut spans = vec![
        Span::styled(" tl-assets ", Style::new().bg(theme::accent()).fg(Color::Black)),
        Span::raw(" "),
        Span::styled(app.service.clone(), Style::new().add_modifier(Modifier::BOLD)),
    ];
    if app.read_only {
        spans.push(sep());
        spans.push(Span::styled("read-only", Style::new().fg(Color::Yellow)));
    }
    spans.push(sep());
    // Narrow screens get the short forms, so the messages after them stay readable.
    let compact = area.width < 80;
    let counts = match (list.total, compact) {
        (Some(total), false) => format!("loaded {} of {total}", list.items.len()),
        (Some(total), true) => format!("{}/{total}", list.items.len()),
        (None, _) => "loading…".to_string(),
    };
    spans.push(Span::raw(counts));
    if !list.local_filter.is_empty() {
        spans.push(sep());
        let text = if compact {
            format!("filter: {}", list.visible.len())
        } else {
            format!("local filter \"{}\": {}", list.local_filter, list.visible.len())
        };
        spans.push(Span::styled(text, theme::key()));
    }
    let running = app.uploads.jobs.iter().filter(|j| j.state.is_active()).count();
    if running > 0 {
        spans.push(sep());
        let what = if compact { "uploading" } else { "upload(s)" };
        spans.push(Span::raw(format!("{} {running} {what}", theme::spinner(app.now))));
    }
    if let Some(progress) = super::bulk::delete_progress(app) {
        spans.push(sep());
        spans.push(progress);
    }
    if let Some(left) = app.notices.rate_limit_left(app.now) {
        spans.push(sep());
        spans.push(Span::styled(
            if compact {
                format!("rate limited {left}s")
            } else {
                format!("rate limited: retry in {left}s")
            },
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        ));
    }
    if let Some(flash) = &app.notices.flash {
        spans.push(sep());
        spans.push(Span::raw(flash.clone()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Key hints for the current context, from the keymap, cut to fit the width. Help and quit
/// come first so they are never cut; the rest follow in action order.
pub fn footer(app: &App, frame: &mut Frame, area: Rect) {
    let ctx = app.context();
    let mut entries: Vec<(Action, String)> = Vec::new();
    let contexts: &[Context] = if ctx.inherits_global() {
        &[ctx, Context::Global]
    } else {
        &[ctx]
    };
    for c in contexts {
        for (action, keys) in app.keymap.bindings(*c) {
            let Some(key) = keys.first() else { continue };
            if action.hint().is_none()
                || (app.read_only && action.is_write())
                || entries.iter().any(|(a, _)| a == action)
            {
                continue;
            }
            entries.push((*action, key.to_string()));
        }
    }
    entries.sort_by_key(|(a, _)| (!matches!(a, Action::Help | Action::Quit), *a != Action::Help, *a));
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1usize;
    for (action, key) in entries {
        let label = action.hint().unwrap_or_default();
        let width = key.chars().count() + label.chars().count() + 3;
        if used + width > usize::from(area.width) {
            break;
        }
        used += width;
        spans.push(Span::styled(key, theme::key()));
        spans.push(Span::styled(format!(" {label}  "), theme::label()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
