//! The index picker of `i`: the filter line, what is sent (and what is not: not ready, or media
//! an index cannot hold),
//! then the matching indexes with the highlighted one, or why there are none to pick.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::api::types::Index;
use crate::format::printable;
use crate::tui::app::App;
use crate::tui::dialogs::{IndexChoices, IndexPicker, PickTarget};
use crate::tui::view::dialogs::{draw_box, frame_box, key_line};
use crate::tui::view::wrap::ellipsis;

/// Widest the box gets.
const WIDTH: u16 = 72;
/// Most index rows shown at once; the list scrolls with the highlight.
const MAX_ROWS: usize = 12;
/// Widest the name column gets; longer names end in `…`.
const NAME_MAX: usize = 32;

/// `harbor.mp4`, or `3 assets` for several.
fn what(targets: &[PickTarget]) -> String {
    match targets {
        [one] => one.name.clone(),
        many => format!("{} assets", many.len()),
    }
}

pub fn draw(app: &App, frame: &mut Frame, screen: Rect, picker: &IndexPicker) {
    let width = screen.width.saturating_sub(4).min(WIDTH);
    let inner = usize::from(width.saturating_sub(2));
    // Every line is cut to the width, so the filter line stays on the box's first row.
    let cut = |text: String| ellipsis(&text, inner);
    let mut body = vec![
        Line::from(vec![
            Span::styled("> ", app.theme.key()),
            Span::raw(cut(picker.filter.value().to_string())),
        ]),
        Line::raw(cut(format!("Add {} to:", what(&picker.send)))),
    ];
    let (not_ready, cannot): (Vec<&PickTarget>, Vec<&PickTarget>) =
        picker.skipped.iter().partition(|t| t.not_ready());
    for (targets, why) in [
        (not_ready, "not ready, not sent"),
        (cannot, "an index holds video and audio only, not sent"),
    ] {
        if !targets.is_empty() {
            let names: Vec<String> = targets.iter().map(|t| t.described()).collect();
            body.push(Line::styled(
                cut(format!("{why}: {}", names.join(", "))),
                app.theme.error(),
            ));
        }
    }
    body.push(Line::raw(""));
    let keep = [Line::raw(""), key_line(app)];
    // What is left of the screen for the index rows.
    let room = usize::from(screen.height.saturating_sub(2))
        .saturating_sub(body.len() + keep.len())
        .clamp(1, MAX_ROWS);
    match &picker.indexes {
        IndexChoices::Loading => body.push(Line::styled("loading the indexes…", app.theme.label())),
        // The last lines of the box: they may wrap, as nothing comes after them.
        IndexChoices::Failed(e) => {
            body.push(Line::styled(
                format!("could not load the indexes: {e}"),
                app.theme.error(),
            ));
            body.push(Line::styled("Enter tries again", app.theme.label()));
        }
        IndexChoices::Loaded(all) if all.is_empty() => {
            body.push(Line::raw("no indexes yet: press n to create one"));
        }
        IndexChoices::Loaded(_) => {
            let shown = picker.shown();
            if shown.is_empty() {
                body.push(Line::styled(
                    cut(format!("no index matches \"{}\"", picker.filter.value())),
                    app.theme.label(),
                ));
            }
            let first = picker.selected.saturating_sub(room - 1);
            let rows = &shown[first.min(shown.len())..(first + room).min(shown.len())];
            // One name column for the rows shown, so the counts line up.
            let column = rows
                .iter()
                .map(|i| crate::tui::view::wrap::width(&name_of(i)))
                .max()
                .unwrap_or(0)
                .min(NAME_MAX)
                .min(inner / 2);
            for (i, index) in rows.iter().enumerate() {
                body.push(row(app, index, first + i == picker.selected, inner, column));
            }
        }
    }
    let area = draw_box(
        frame,
        screen,
        width,
        frame_box(app.theme, "Add to an index", false),
        &body,
        &keep,
    );
    let x = area.x
        + 3
        + picker
            .filter
            .visual_cursor()
            .min(usize::from(area.width.saturating_sub(5))) as u16;
    frame.set_cursor_position((x, area.y + 1));
}

fn name_of(index: &Index) -> String {
    index
        .index_name
        .as_deref()
        .map_or_else(|| "(no name)".to_string(), |n| printable(n).into_owned())
}

/// `marketing-clips   12 assets · 66b1…`: the name in its column, then how many assets the
/// index holds and its id as room allows.
fn row(app: &App, index: &Index, selected: bool, width: usize, column: usize) -> Line<'static> {
    let count = index.video_count.map_or_else(String::new, |n| {
        format!("{n} asset{}", if n == 1 { "" } else { "s" })
    });
    let marker = if selected { "▶ " } else { "  " };
    let name = ellipsis(&name_of(index), column);
    let pad = " ".repeat(column.saturating_sub(crate::tui::view::wrap::width(&name)));
    let rest = ellipsis(
        &format!("{pad}  {count} · {}", index.id),
        width.saturating_sub(2 + crate::tui::view::wrap::width(&name)),
    );
    let style = if selected {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    } else {
        Style::new()
    };
    Line::from(vec![
        Span::styled(format!("{marker}{name}"), style),
        Span::styled(rest, app.theme.label()),
    ])
}
