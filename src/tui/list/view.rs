//! The asset list: one row per loaded asset, a "loading more" row while pages remain, and the
//! local filter line.

use crate::tui::view::theme::{self, Theme};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};

use crate::api::types::Asset;
use crate::tui::app::{App, Focus};
use crate::tui::asset_labels;
use crate::tui::input::keymap::{Action, Context};
use crate::tui::view::wrap;

/// A column besides the marks and the name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Column {
    Type,
    Status,
    Size,
    Length,
    Created,
    Age,
}

/// The order columns are given room in while the name keeps its width; the first that does not
/// fit and all after it are hidden.
const PRIORITY: [Column; 6] = [
    Column::Status,
    Column::Age,
    Column::Size,
    Column::Length,
    Column::Type,
    Column::Created,
];
/// Columns the name keeps before any other column gets room. One figure for every row, so the
/// columns do not come and go while scrolling.
const NAME_WANT: usize = 24;
/// The marker and the type icon, each a column with a space after it.
const MARKS: usize = 4;

impl Column {
    fn width(self) -> u16 {
        match self {
            Column::Type => 5,
            Column::Status => 10,
            Column::Size => 9,
            Column::Length => 7,
            Column::Created => 16,
            Column::Age => 8,
        }
    }

    fn title(self) -> &'static str {
        match self {
            Column::Type => "Type",
            Column::Status => "Status",
            Column::Size => "Size",
            Column::Length => "Length",
            Column::Created => "Created (UTC)",
            Column::Age => "Age",
        }
    }
}

/// The columns shown, in screen order, and the name column's width: the name gets
/// [`NAME_WANT`] first, the other columns what is left, in [`PRIORITY`] order; the name takes
/// the rest.
fn layout(width: u16) -> (Vec<Column>, u16) {
    let want = NAME_WANT;
    let mut used = MARKS;
    let mut shown = Vec::new();
    for col in PRIORITY {
        let next = used + usize::from(col.width()) + 1;
        if next + want > usize::from(width) {
            break;
        }
        used = next;
        shown.push(col);
    }
    let order = [
        Column::Type,
        Column::Status,
        Column::Size,
        Column::Length,
        Column::Created,
        Column::Age,
    ];
    let cols: Vec<Column> = order.into_iter().filter(|c| shown.contains(c)).collect();
    let name = usize::from(width).saturating_sub(used).max(1);
    (cols, u16::try_from(name).unwrap_or(u16::MAX))
}

fn display_name(a: &Asset) -> &str {
    a.filename.as_deref().unwrap_or(&a.id)
}

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let focused = app.focus == Focus::List && app.modal.is_none();
    let list = &app.list;
    let mut title = vec![Span::styled(" Assets ", app.theme.title(focused))];
    if let Some(t) = &list.server_filter.asset_type {
        title.push(Span::styled(format!("[type: {t}] "), app.theme.key()));
    }
    if let Some(n) = &list.server_filter.filename {
        title.push(Span::styled(format!("[name: {n}] "), app.theme.key()));
    }
    // The local filter too: the filter line can be scrolled away or hidden by a dialog, and
    // the rows it hides are no less hidden.
    if !list.local_filter.is_empty() {
        let f = crate::format::printable(&list.local_filter);
        title.push(Span::styled(format!("[filter: {f}] "), app.theme.key()));
    }
    if let Some(sorted) = list.sort.label() {
        title.push(Span::styled(format!("[{sorted}] "), app.theme.key()));
    }
    title.extend(crate::tui::marks::view::marks_title(app));
    title.extend(crate::tui::start_cache::view::title_spans(app));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border(focused))
        .title(Line::from(title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let filter_line = app.filter_line_shown();
    let table_area = Rect {
        height: inner.height.saturating_sub(u16::from(filter_line)),
        ..inner
    };
    if filter_line {
        draw_filter_line(app, frame, Rect::new(inner.x, inner.bottom() - 1, inner.width, 1));
    }

    let rows_fit = usize::from(table_area.height.saturating_sub(1));
    // The mark column shows only while something is marked; the name gives it its room.
    let marking = !app.marks.is_empty() || app.marks.range_active();
    let (cols, name_width) = layout(inner.width.saturating_sub(if marking { 2 } else { 0 }));
    let header = header_row(app.theme, &cols, marking);
    let rows: Vec<Row> = list
        .visible
        .iter()
        .enumerate()
        .skip(list.offset)
        .take(rows_fit)
        .filter_map(|(pos, &i)| {
            let asset = list.items.get(i)?;
            let deleting = list.deleting.contains(&asset.id);
            let selected = pos == list.selected;
            let marked = marking.then(|| app.marks.contains(&asset.id));
            let mut row = asset_row(app, asset, &cols, name_width, deleting, selected, marked);
            if selected {
                row = row.style(if focused {
                    Style::new().add_modifier(Modifier::REVERSED)
                } else {
                    Style::new().add_modifier(Modifier::BOLD).bg(app.theme.dim())
                });
            }
            Some(row)
        })
        .collect();
    let drawn = rows.len() as u16;
    let table = Table::new(rows, widths(&cols, name_width, marking))
        .header(header)
        .column_spacing(1);
    frame.render_widget(table, table_area);
    // The tail row spans the whole width, so narrow columns do not cut it.
    if usize::from(drawn) < rows_fit
        && let Some(line) = tail_line(app)
    {
        let y = table_area.y + 1 + drawn;
        let row = Rect::new(table_area.x + 4, y, table_area.width.saturating_sub(4), 1);
        frame.render_widget(Paragraph::new(line), row);
    }
}

fn header_row(theme: Theme, cols: &[Column], marking: bool) -> Row<'static> {
    let mut names = vec!["", "", "Name"];
    if marking {
        names.insert(0, "");
    }
    names.extend(cols.iter().map(|c| c.title()));
    Row::new(names).style(theme.label().add_modifier(Modifier::BOLD))
}

fn widths(cols: &[Column], name: u16, marking: bool) -> Vec<Constraint> {
    let mut w = vec![
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(name),
    ];
    if marking {
        w.insert(0, Constraint::Length(1));
    }
    w.extend(cols.iter().map(|c| Constraint::Length(c.width())));
    w
}

fn asset_row<'a>(
    app: &App,
    a: &'a Asset,
    cols: &[Column],
    name_width: u16,
    deleting: bool,
    selected: bool,
    marked: Option<bool>,
) -> Row<'a> {
    let (icon, kind) = asset_labels::type_label(a);
    let created = a.created_at.as_deref().and_then(asset_labels::parse_time);
    // The marker keeps the selection visible without colour.
    let mut cells = vec![
        Cell::from(if selected { "›" } else { " " }),
        Cell::from(icon),
        Cell::from(wrap::ellipsis(display_name(a), usize::from(name_width))),
    ];
    if let Some(m) = marked {
        cells.insert(0, Cell::from(crate::tui::marks::view::mark_cell(m)));
    }
    for col in cols {
        cells.push(match col {
            Column::Type => Cell::from(kind.clone()),
            Column::Status if deleting => Cell::from(Span::styled("deleting…", app.theme.error())),
            Column::Status => Cell::from(Span::styled(
                asset_labels::status_label(a.status.as_ref()).to_string(),
                app.theme.status(a.status.as_ref()),
            )),
            Column::Size => {
                Cell::from(Line::from(a.size.map(asset_labels::size).unwrap_or_default()).right_aligned())
            }
            Column::Length => Cell::from(
                Line::from(a.duration.map(asset_labels::duration).unwrap_or_default()).right_aligned(),
            ),
            Column::Created => Cell::from(created.map(asset_labels::date_time).unwrap_or_default()),
            Column::Age => Cell::from(created.map(|t| asset_labels::ago(t, app.now)).unwrap_or_default()),
        });
    }
    let row = Row::new(cells);
    if deleting {
        row.style(Style::new().fg(app.theme.dim()))
    } else if marked == Some(true) {
        row.style(crate::tui::marks::view::marked_style(app.theme))
    } else {
        row
    }
}

/// The row after the last asset: loading, more to load, or why the list is empty.
fn tail_line(app: &App) -> Option<Line<'static>> {
    let list = &app.list;
    if list.pending.is_some() || app.to_end.is_some() {
        let what = if list.items.is_empty() {
            "loading assets…"
        } else {
            "loading more…"
        };
        return Some(Line::styled(
            format!("{} {what}", theme::spinner(app.now)),
            app.theme.label(),
        ));
    }
    if list.has_more && !list.items.is_empty() {
        return Some(Line::styled("↓ more on the server", app.theme.label()));
    }
    if list.visible.is_empty() && !list.items.is_empty() {
        return Some(Line::styled(
            "no loaded asset matches the filter",
            app.theme.label(),
        ));
    }
    if list.items.is_empty() && list.pages_loaded > 0 {
        let upload_key = app.keymap.keys_for(Context::Global, Action::Upload);
        let why = match (list.server_filter == Default::default(), upload_key.first()) {
            (false, _) => "no assets match the server filters".to_string(),
            (true, Some(k)) if !app.read_only => format!("no assets yet — press {k} to upload one"),
            (true, _) => "no assets yet".to_string(),
        };
        return Some(Line::styled(why, app.theme.label()));
    }
    None
}

fn draw_filter_line(app: &App, frame: &mut Frame, area: Rect) {
    let list = &app.list;
    let text = app
        .filter_input
        .as_ref()
        .map_or(list.local_filter.as_str(), |i| i.value());
    let editing = app.filter_input.is_some();
    let line = Line::from(vec![
        Span::styled("/", app.theme.key()),
        Span::raw(text.to_string()),
        Span::styled(if editing { "▏" } else { "" }, app.theme.key()),
        Span::styled(
            format!(
                "  local filter: {} of {} loaded",
                list.visible.len(),
                list.items.len()
            ),
            app.theme.label(),
        ),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}
