//! The upload form, drawn as a dialog: fields, inline errors, and the directory browser.

use crate::tui::view::theme::{self, Theme};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use tui_input::Input;

use crate::tui::app::App;
use crate::tui::layout::centered;
use crate::tui::uploads::form::fields::{Field, UploadForm};
use crate::tui::uploads::form::preview::{only_problems, problem_lines};
use crate::tui::view::wrap;

/// Width of the field labels.
const LABEL: u16 = 15;
/// Most browser rows shown.
const BROWSER_ROWS: usize = 6;

pub fn draw(app: &App, frame: &mut Frame, screen: Rect, form: &UploadForm) {
    let width = 78.min(screen.width);
    let inner_width = width.saturating_sub(2);
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor = None;
    let field_w = usize::from(inner_width.saturating_sub(LABEL + 1));
    let focus = form.field();
    let mut text_field = |lines: &mut Vec<Line>, f: Field, label: &str, input: &Input, placeholder: &str| {
        let on = focus == f;
        let scroll = input.visual_scroll(field_w);
        let shown: String = input.value().chars().skip(scroll).take(field_w).collect();
        let value = if shown.is_empty() && !on {
            Span::styled(placeholder.to_string(), app.theme.label())
        } else {
            Span::styled(shown, Style::new().add_modifier(Modifier::UNDERLINED))
        };
        if on {
            let x = LABEL + (input.visual_cursor().saturating_sub(scroll)) as u16;
            cursor = Some((x.min(inner_width.saturating_sub(1)), lines.len() as u16));
        }
        lines.push(Line::from(vec![label_span(app.theme, label, on), value]));
        if let Some((ef, msg)) = &form.error
            && *ef == f
        {
            // Wrapped, not cut: the message says what to fix.
            let text = format!("✗ {msg}");
            for part in wrap::words(&text, field_w.max(10)) {
                lines.push(Line::from(vec![
                    Span::raw(" ".repeat(usize::from(LABEL))),
                    Span::styled(part, app.theme.error()),
                ]));
            }
        }
    };
    text_field(
        &mut lines,
        Field::Source,
        "Paths or URL",
        &form.source,
        "file, folder/, clips/*.mp4 or https://…",
    );
    preview(app, &mut lines, form, field_w);
    if let Some(b) = &form.browser {
        let start = b.selected.saturating_sub(BROWSER_ROWS - 1);
        lines.push(Line::styled(
            format!("{:w$}{}", "", b.dir.display(), w = usize::from(LABEL)),
            app.theme.label(),
        ));
        for (i, e) in b.entries.iter().enumerate().skip(start).take(BROWSER_ROWS) {
            let mark = if e.is_dir { "/" } else { "" };
            let style = if i == b.selected {
                Style::new().add_modifier(Modifier::REVERSED)
            } else if e.is_dir {
                app.theme.key()
            } else {
                Style::new()
            };
            lines.push(Line::from(vec![
                Span::raw(" ".repeat(usize::from(LABEL))),
                Span::styled(format!("{}{mark}", e.name), style),
            ]));
        }
    }
    text_field(
        &mut lines,
        Field::Filename,
        "Filename",
        &form.filename,
        "(optional) name to store",
    );
    for (f, label, on) in [
        (Field::Hls, "Generate HLS", form.enable_hls),
        (Field::Thumbnail, "Thumbnail", form.enable_thumbnail),
        (Field::SkipExisting, "Skip existing", form.skip_existing),
    ] {
        let mark = if on { "[x]" } else { "[ ]" };
        lines.push(Line::from(vec![
            label_span(app.theme, label, focus == f),
            Span::raw(mark),
        ]));
    }
    text_field(
        &mut lines,
        Field::Metadata,
        "Metadata",
        &form.metadata,
        "key=value, take=3, approved=true",
    );
    lines.push(Line::raw(""));
    if form.checking.is_some() {
        lines.push(Line::styled(
            format!("{} listing the assets already there…", theme::spinner(app.now)),
            app.theme.label(),
        ));
    } else if form.preview.submit_when_ready {
        lines.push(Line::styled(
            format!("{} looking at the paths…", theme::spinner(app.now)),
            app.theme.label(),
        ));
    } else if form.is_url() {
        lines.push(Line::styled(
            "The server fetches the URL itself.",
            app.theme.label(),
        ));
    }
    lines.push(hints(app, usize::from(inner_width)));
    let area = centered(screen, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::new().fg(app.theme.accent()))
        .title(Span::styled(" Upload files or URLs ", app.theme.title(true)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some((x, y)) = cursor
        && form.browser.is_none()
        && y < inner.height
    {
        frame.set_cursor_position((inner.x + x, inner.y + y));
    }
}

/// Under the path field: the pasted lines beyond the first, then what the paths expand to
/// (`12 media files, 3.4 GB · 2 skipped (…)`) and a line per path that cannot be read.
fn preview(app: &App, lines: &mut Vec<Line<'static>>, form: &UploadForm, width: usize) {
    let indent = || Span::raw(" ".repeat(usize::from(LABEL)));
    let width = width.max(10);
    if let [first, rest @ ..] = form.more_sources.as_slice() {
        let more = if rest.is_empty() {
            String::new()
        } else {
            ", …".to_string()
        };
        let text = format!("+ {} more: {first}{more}", form.more_sources.len());
        lines.push(Line::from(vec![
            indent(),
            Span::styled(wrap::ellipsis(&text, width), app.theme.label()),
        ]));
    }
    if form.is_url() {
        return;
    }
    let sources = form.sources();
    if let Some(planned) = form.preview.plan_for(&sources) {
        // At most two lines: the names in it are examples, the counts are what matters.
        // A missing path is named once, on its `✗` line, not in a summary of nothing too.
        let summary = if only_problems(&planned.plan) {
            Vec::new()
        } else {
            wrap::words(&planned.plan.summary(), width)
        };
        for part in summary.into_iter().take(2) {
            lines.push(Line::from(vec![indent(), Span::styled(part, app.theme.key())]));
        }
        for problem in problem_lines(&planned.plan) {
            lines.push(Line::from(vec![
                indent(),
                Span::styled(wrap::ellipsis(&format!("✗ {problem}"), width), app.theme.error()),
            ]));
        }
    } else if form.preview.waiting_for(&sources) && !form.preview.submit_when_ready {
        lines.push(Line::from(vec![
            indent(),
            Span::styled(
                format!("{} looking at the paths…", theme::spinner(app.now)),
                app.theme.label(),
            ),
        ]));
    }
}

fn label_span(theme: Theme, label: &str, on: bool) -> Span<'static> {
    let style = if on { theme.key() } else { theme.label() };
    let mark = if on { "›" } else { " " };
    Span::styled(format!("{mark}{label:<w$}", w = usize::from(LABEL) - 1), style)
}

/// The form's keys, as many as fit in `width` (the footer shows the same).
fn hints(app: &App, width: usize) -> Line<'static> {
    Line::from(crate::tui::view::bars::hint_spans(
        app.theme,
        crate::tui::view::bars::modal_hints(app).unwrap_or_default(),
        width,
    ))
}
