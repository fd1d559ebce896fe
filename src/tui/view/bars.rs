//! The one-line bars: the lost-connection banner on top, the status bar and the key hints below.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::{self, Theme};
use crate::tui::app::App;
use crate::tui::dialogs::Modal;
use crate::tui::input::keymap::{Action, Context, Key};
use crate::tui::preview::state::PreviewKind;

pub fn banner(app: &App, frame: &mut Frame, area: Rect) {
    let Some(off) = &app.connectivity.offline() else {
        return;
    };
    let next = if app.list.pending.is_some() {
        "reconnecting…".to_string()
    } else {
        format!(
            "retrying in {}s",
            app.connectivity.offline_retry_in(app.now).unwrap_or(0)
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

/// The status bar, with the message when it fits after the rest; a longer one takes the
/// footer's row instead (until the next key clears it), so it is read whole.
pub fn status(app: &App, frame: &mut Frame, area: Rect) {
    let mut spans = status_spans(app, area.width);
    if let Some(flash) = app.notices.flash.as_ref().filter(|_| flash_fits(app, area.width)) {
        spans.push(Span::styled(" │ ", app.theme.label()));
        spans.push(Span::raw(flash.clone()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// True when the message fits in the status bar after the rest.
fn flash_fits(app: &App, width: u16) -> bool {
    let used: usize = status_spans(app, width).iter().map(Span::width).sum();
    let flash = app.notices.flash.as_deref().map_or(0, super::wrap::width);
    used + 3 + flash <= usize::from(width)
}

fn status_spans(app: &App, width: u16) -> Vec<Span<'static>> {
    let sep = || Span::styled(" │ ", app.theme.label());
    let list = &app.list;
    let mut spans = vec![
        Span::styled(
            " tl-assets ",
            Style::new().bg(app.theme.accent()).fg(Color::Black),
        ),
        Span::raw(" "),
        Span::styled(app.service.clone(), Style::new().add_modifier(Modifier::BOLD)),
    ];
    if app.read_only {
        spans.push(sep());
        spans.push(Span::styled("read-only", Style::new().fg(Color::Yellow)));
    }
    spans.push(sep());
    // Narrow screens get the short forms, so the messages after them stay readable.
    let compact = width < 80;
    let counts = match (list.total, compact) {
        (Some(total), false) => format!("loaded {} of {total}", list.items.len()),
        (Some(total), true) => format!("{}/{total}", list.items.len()),
        (None, _) => "loading…".to_string(),
    };
    spans.push(Span::raw(counts));
    if let Some(run) = &app.to_end {
        let (done, all) = run.progress();
        spans.push(sep());
        let spin = theme::spinner(app.now);
        let text = match (compact, run.for_sort && !run.follow) {
            (true, false) => format!("{spin} end {done}/{all}"),
            (false, false) => format!("{spin} to the end: {done} of {all} pages"),
            (true, true) => format!("{spin} sort {done}/{all}"),
            (false, true) => format!("{spin} loading for the sort: {done} of {all} pages"),
        };
        spans.push(Span::styled(text, app.theme.key()));
    }
    if let Some(owed) = list.owed.as_ref().filter(|_| app.to_end.is_none()) {
        // A move down waits for rows on their way: say so, or the key looks lost.
        spans.push(sep());
        let spin = theme::spinner(app.now);
        let text = if compact {
            format!("{spin} +{}", owed.rows)
        } else {
            format!("{spin} loading: {} more rows to move", owed.rows)
        };
        spans.push(Span::styled(text, app.theme.key()));
    }
    if !list.local_filter.is_empty() {
        spans.push(sep());
        let text = if compact {
            format!("filter: {}", list.visible.len())
        } else {
            format!("local filter \"{}\": {}", list.local_filter, list.visible.len())
        };
        spans.push(Span::styled(text, app.theme.key()));
    }
    let running = app.uploads.jobs.iter().filter(|j| j.state.is_active()).count();
    if running > 0 {
        spans.push(sep());
        let what = if compact { "uploading" } else { "upload(s)" };
        spans.push(Span::raw(format!("{} {running} {what}", theme::spinner(app.now))));
    }
    if let Some(progress) = delete_progress(app) {
        spans.push(sep());
        spans.push(progress);
    }
    if let Some(left) = app.connectivity.rate_limit_left(app.now) {
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
    spans
}

/// The keys to show for an action: a named key (arrow, Enter, Esc) before a letter, since a
/// box's buttons are pointed at with arrows; the first key when all are letters.
fn shown_key(app: &App, ctx: Context, action: Action) -> String {
    let keys = app.keymap.keys_for(ctx, action);
    let named = keys
        .iter()
        .find(|k| !matches!(k.code, crossterm::event::KeyCode::Char(_)) || k.ctrl);
    named
        .or(keys.first())
        .map_or_else(|| "?".to_string(), Key::to_string)
}

/// The keys of the open box or prompt as `(keys, what they do)`, or `None` over the panes. The
/// footer and the box show this same list, so they never disagree.
pub fn modal_hints(app: &App) -> Option<Vec<(String, &'static str)>> {
    let ctx = app.context();
    let k = |a: Action| shown_key(app, ctx, a);
    let pair = |a: Action, b: Action| format!("{}/{}", k(a), k(b));
    let buttons = |cancel: &'static str| {
        vec![
            (pair(Action::Left, Action::Right), "choose"),
            (k(Action::Confirm), "confirm"),
            (k(Action::Cancel), cancel),
        ]
    };
    Some(match &app.modal {
        Some(Modal::Help { .. }) => vec![
            (pair(Action::Down, Action::Up), "scroll"),
            (k(Action::Cancel), "close"),
        ],
        Some(Modal::ConfirmDelete(_) | Modal::ConflictDelete(_) | Modal::ConfirmQuit(_)) => buttons("cancel"),
        Some(Modal::ShowUrl(_)) => buttons("close"),
        Some(Modal::DeleteSummary(_) | Modal::UploadStory(_)) => {
            vec![(pair(Action::Confirm, Action::Cancel), "close")]
        }
        Some(Modal::CopyMenu(menu)) => vec![
            (pair(Action::Down, Action::Up), "move"),
            (format!("1-{}", menu.entries.len()), "pick"),
            (k(Action::Confirm), "copy"),
            (k(Action::Cancel), "close"),
        ],
        Some(Modal::IndexPicker(_)) => vec![
            ("type".to_string(), "to filter"),
            (pair(Action::Down, Action::Up), "move"),
            (k(Action::Confirm), "add"),
            ("n/^N".to_string(), "new index"),
            (k(Action::Cancel), "close"),
        ],
        Some(Modal::NewIndex(_)) => vec![
            ("Enter".to_string(), "create"),
            ("Tab".to_string(), "next"),
            ("Space".to_string(), "tick"),
            ("Esc".to_string(), "back"),
        ],
        Some(Modal::UploadForm(form)) if form.browser.is_some() => vec![
            (pair(Action::PrevField, Action::NextField), "move"),
            (k(Action::Submit), "open/pick"),
            (k(Action::Cancel), "close list"),
        ],
        Some(Modal::UploadForm(_)) => vec![
            (k(Action::Submit), "upload"),
            (k(Action::Complete), "complete"),
            (k(Action::Browse), "browse"),
            (pair(Action::PrevField, Action::NextField), "field"),
            (k(Action::Toggle), "toggle"),
            (k(Action::Cancel), "cancel"),
        ],
        Some(Modal::MetaEditor { discard: Some(_), .. }) => buttons("keep editing"),
        Some(Modal::MetaEditor { .. }) => vec![
            (k(Action::Submit), "save"),
            (k(Action::Cancel), "leave"),
            ("Enter".to_string(), "new line"),
        ],
        Some(Modal::NamePrompt(_)) => vec![
            (k(Action::Submit), "apply (empty clears)"),
            (k(Action::Cancel), "cancel"),
        ],
        None if app.filter_input.is_some() => vec![
            (k(Action::Submit), "keep the filter"),
            (k(Action::Cancel), "clear it"),
        ],
        None => return None,
    })
}

/// The hints as one line of text for inside a box: `←/→ choose · Enter confirm · Esc cancel`.
pub fn hint_text(hints: &[(String, &str)]) -> String {
    hints
        .iter()
        .map(|(k, label)| format!("{k} {label}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Key hints, as many as fit in `width`, styled as in the footer.
pub fn hint_spans(theme: Theme, hints: Vec<(String, &str)>, width: usize) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let mut used = 0usize;
    for (key, label) in hints {
        let w = key.chars().count() + label.chars().count() + 3;
        if used + w > width + 2 {
            break;
        }
        used += w;
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::styled(format!(" {label}  "), theme.label()));
    }
    spans
}

/// Key hints for the current context, cut to fit the width: those of the open box (the same
/// words the box shows), or over the panes those of the keymap, help and quit first so they are
/// never cut, the rest in action order.
pub fn footer(app: &App, frame: &mut Frame, area: Rect) {
    let width = usize::from(area.width.saturating_sub(1));
    if let Some(flash) = app.notices.flash.as_deref()
        && !flash_fits(app, area.width)
    {
        let line = Line::raw(format!(" {}", super::wrap::ellipsis(flash, width)));
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    if let Some(hints) = modal_hints(app) {
        let mut spans = vec![Span::raw(" ")];
        spans.extend(hint_spans(app.theme, hints, width.saturating_sub(2)));
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
        return;
    }
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
                || does_nothing_here(app, *action)
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
        // Esc over the preview closes it; nothing is cancelled.
        let label = match (ctx, action) {
            (Context::Preview, Action::Cancel) => "close",
            _ => action.hint().unwrap_or_default(),
        };
        let width = key.chars().count() + label.chars().count() + 3;
        if used + width > usize::from(area.width) {
            break;
        }
        used += width;
        spans.push(Span::styled(key, app.theme.key()));
        spans.push(Span::styled(format!(" {label}  "), app.theme.label()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// True for keys the footer leaves out because they do nothing where the user is: a still
/// preview (a picture, a PDF's first page) has no cursor to zoom around or copy the time of.
fn does_nothing_here(app: &App, action: Action) -> bool {
    app.preview.as_ref().is_some_and(|p| p.kind == PreviewKind::Still)
        && matches!(action, Action::ZoomIn | Action::ZoomOut | Action::CopyTime)
}

/// `deleting 37/100` in the status bar while a delete of many runs.
pub fn delete_progress(app: &App) -> Option<Span<'static>> {
    let run = app.delete_run.as_ref()?;
    if run.total < 2 || run.round_over() {
        return None;
    }
    let how = if run.force { "force-deleting" } else { "deleting" };
    Some(Span::styled(
        format!(
            "{} {how} {}/{}",
            theme::spinner(app.now),
            run.answered(),
            run.total
        ),
        app.theme.error(),
    ))
}
