//! The metadata editor, drawn as a box over the panes (the status bar and footer stay in
//! sight): numbered lines, each refused line followed by its reason, the save's progress or
//! error, and the keys. Only the cursor's line scrolls sideways; the others end in `…`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::tui::app::App;
use crate::tui::dialogs::{Choice, Modal};
use crate::tui::meta_editor::editor::{LineCheck, MetaEditor, Scope};
use crate::tui::view::dialogs::{buttons, draw_box, frame_box, key_line};
use crate::tui::view::wrap;

/// The tallest and widest the box grows.
const MAX_HEIGHT: u16 = 24;
const MAX_WIDTH: u16 = 96;
/// Most rows the save's outcome takes under the text.
const MAX_STATUS_ROWS: usize = 6;

/// Where the box goes: above the status bar and footer, which stay visible.
fn box_area(screen: Rect) -> Rect {
    let above = Rect {
        height: screen.height.saturating_sub(2),
        ..screen
    };
    // The whole width on small screens: the panes' borders would show beside a box a little
    // narrower, and every column counts there.
    let width = screen.width.min(MAX_WIDTH);
    crate::tui::layout::centered(above, width, above.height.min(MAX_HEIGHT))
}

/// The rows inside the box: the help line (marks), the text, the outcome, the keys.
struct Rows {
    help: Option<Line<'static>>,
    text: usize,
    status: Vec<Line<'static>>,
}

fn rows(app: &App, editor: &MetaEditor, inner: Rect) -> Rows {
    let width = usize::from(inner.width);
    let help = match &editor.scope {
        Scope::Marked(targets) => Some(Line::styled(
            wrap::ellipsis(
                &format!(
                    "on {} assets: key=value sets a key, -key removes it",
                    targets.len()
                ),
                width,
            ),
            app.theme.label(),
        )),
        Scope::One(_) => None,
    };
    let mut status = status_lines(app, editor, width);
    let fixed = 1 + usize::from(help.is_some());
    let room = usize::from(inner.height).saturating_sub(fixed);
    // The text keeps at least half the box.
    status.truncate(MAX_STATUS_ROWS.min(room / 2));
    Rows {
        help,
        text: room.saturating_sub(status.len()),
        status,
    }
}

/// How many rows of text the editor shows at the app's size (the update keeps the cursor in them).
pub fn text_rows(app: &App) -> usize {
    let Some(Modal::MetaEditor { editor, .. }) = &app.modal else {
        return 0;
    };
    let area = box_area(Rect::new(0, 0, app.size.0, app.size.1));
    rows(app, editor, Block::bordered().inner(area)).text
}

/// The save in flight, or how the last one ended (a success closes the editor).
fn status_lines(app: &App, editor: &MetaEditor, width: usize) -> Vec<Line<'static>> {
    let Some(run) = &editor.run else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if !run.is_over() {
        // No spinner: nothing ticks for it, and each answer redraws the count anyway.
        let text = if run.total == 1 {
            "saving…".to_string()
        } else {
            format!("saving: {} of {} done", run.answered(), run.total)
        };
        out.push(Line::styled(text, app.theme.key()));
        return out;
    }
    match (&editor.scope, run.failed.as_slice()) {
        (Scope::One(_), [(_, n)]) => {
            for part in wrap::words(&format!("✗ not saved: {}: {}", n.code, n.message), width) {
                out.push(Line::styled(part, app.theme.error()));
            }
            for part in wrap::words(&n.hint, width) {
                out.push(Line::styled(part, app.theme.label()));
            }
        }
        (_, failed) => {
            out.push(Line::styled(
                wrap::ellipsis(
                    &format!(
                        "saved on {} of {} · {} failed:",
                        run.saved,
                        run.total,
                        failed.len()
                    ),
                    width,
                ),
                app.theme.error(),
            ));
            for (t, n) in failed {
                let text = format!("{} — {}: {}", t.name, n.code, n.message);
                out.push(Line::styled(wrap::ellipsis(&text, width), app.theme.error()));
            }
        }
    }
    out
}

/// `text` from column `skip` (or the first character boundary after it), at most `width`
/// columns, ending in `…` when cut; with the columns actually skipped. Reads no further than it
/// shows, so a line of a megabyte costs about what a short one does.
fn columns(text: &str, skip: usize, width: usize) -> (String, usize) {
    let (mut skipped, mut used) = (0, 0);
    let mut shown = String::new();
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if skipped < skip {
            skipped += w;
            continue;
        }
        if used + w > width {
            return (wrap::ellipsis(&format!("{shown}…"), width), skipped);
        }
        used += w;
        shown.push(c);
    }
    (shown, skipped)
}

pub fn draw(app: &App, frame: &mut Frame, screen: Rect, editor: &MetaEditor, discard: Option<Choice>) {
    let area = box_area(screen);
    let title = match &editor.scope {
        Scope::One(t) => format!("Metadata of {}", t.name),
        Scope::Marked(ts) => format!("Metadata of {} marked assets", ts.len()),
    };
    let title = wrap::ellipsis(&title, usize::from(area.width.saturating_sub(4)));
    let block = frame_box(app.theme, &title, false);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let rows = rows(app, editor, inner);
    let checks = editor.checks();
    let first = editor.window(rows.text, &checks);
    let gutter = editor.lines.len().to_string().len() + 1;
    let text_width = usize::from(inner.width).saturating_sub(gutter + 1);
    let mut lines: Vec<Line> = rows.help.into_iter().collect();
    let mut cursor = None;
    let top = lines.len();
    let empty = editor.lines.len() == 1 && editor.lines[0].text().is_empty();
    for (i, line) in editor.lines.iter().enumerate().skip(first) {
        if lines.len() - top >= rows.text {
            break;
        }
        let why = match checks.get(i) {
            Some(LineCheck::Invalid(why)) => Some(why),
            _ => None,
        };
        let number_style = if why.is_some() {
            app.theme.error()
        } else {
            app.theme.label()
        };
        let number = Span::styled(format!("{:>w$} ", i + 1, w = gutter - 1), number_style);
        let shown = if i == editor.row {
            // Sideways only as far as keeps the cursor in the box, one column spare for it.
            let column = line.cursor_column();
            let (shown, skipped) = columns(line.text(), column.saturating_sub(text_width), text_width + 1);
            let x = gutter + column.saturating_sub(skipped);
            cursor = Some((x as u16, lines.len() as u16));
            shown
        } else {
            columns(line.text(), 0, text_width).0
        };
        let body = if empty && !editor.is_marked() {
            Span::styled("no metadata yet: type key=value, one a line", app.theme.label())
        } else {
            Span::raw(shown)
        };
        lines.push(Line::from(vec![number, body]));
        if let Some(why) = why
            && lines.len() - top < rows.text
        {
            let reason = wrap::ellipsis(&format!("✗ {why}"), text_width);
            lines.push(Line::from(vec![
                Span::raw(" ".repeat(gutter)),
                Span::styled(reason, app.theme.error()),
            ]));
        }
    }
    lines.resize(top + rows.text, Line::raw(""));
    lines.extend(rows.status);
    lines.push(key_line(app));
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some(choice) = discard {
        let body = [Line::raw("Discard the changes to the metadata?")];
        let keep = [
            Line::raw(""),
            buttons(choice, "Keep editing", "Discard", true),
            Line::raw(""),
            key_line(app),
        ];
        draw_box(
            frame,
            screen,
            50,
            frame_box(app.theme, "Leave the editor", true),
            &body,
            &keep,
        );
    } else if let Some((x, y)) = cursor
        && !editor.is_saving()
        && y < inner.height
    {
        frame.set_cursor_position((inner.x + x.min(inner.width.saturating_sub(1)), inner.y + y));
    }
}
