//! The detail pane's "Indexes" (name and indexed status) and "Entities" (name and collection)
//! sections of the shown asset: `loading…` until the answer, the rows, or why they could not be
//! read.

use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};

use crate::api::types::IndexedAssetStatus;
use crate::format::printable;
use crate::tui::app::App;
use crate::tui::detail::part_of::Part;
use crate::tui::view::wrap::width;

/// Widest the name column gets; a longer name pushes its row's second part along.
const NAME_COLUMN_MAX: usize = 32;

/// The "Indexes" section's rows for `asset_id` (below its heading): name, then status.
pub(in crate::tui) fn indexes(app: &App, asset_id: &str) -> Vec<Line<'static>> {
    let theme = app.theme;
    let part = app.part_of.get(asset_id).map(|s| &s.indexes);
    rows(
        app,
        part,
        |u| u.index.name.clone().unwrap_or_else(|| u.index.id.clone()),
        |u| {
            let status = u.status.as_ref();
            Span::styled(
                status.map_or_else(|| "?".to_string(), ToString::to_string),
                status_style(status, theme.label()),
            )
        },
    )
}

/// The "Entities" section's rows for `asset_id` (below its heading): name, then collection.
pub(in crate::tui) fn entities(app: &App, asset_id: &str) -> Vec<Line<'static>> {
    let theme = app.theme;
    let part = app.part_of.get(asset_id).map(|s| &s.entities);
    rows(
        app,
        part,
        |u| u.entity.name.clone().unwrap_or_else(|| u.entity.id.clone()),
        |u| {
            let collection = u.collection_name.as_deref().unwrap_or("?");
            Span::styled(format!("in {}", printable(collection)), theme.label())
        },
    )
}

/// A section's rows: `loading…` before the first answer, then each row's name in one column
/// and its second part after it, `(none)`, or the error as code and message.
fn rows<T>(
    app: &App,
    part: Option<&Part<T>>,
    name: impl Fn(&T) -> String,
    second: impl Fn(&T) -> Span<'static>,
) -> Vec<Line<'static>> {
    let items = match part {
        None => return vec![Line::styled("loading…", app.theme.label())],
        Some(Err(e)) => return vec![Line::styled(format!("could not be read: {e}"), app.theme.error())],
        Some(Ok(items)) if items.is_empty() => return vec![Line::styled("(none)", app.theme.label())],
        Some(Ok(items)) => items,
    };
    let names: Vec<String> = items.iter().map(|i| printable(&name(i)).into_owned()).collect();
    let column = names
        .iter()
        .map(|n| width(n))
        .max()
        .unwrap_or(0)
        .min(NAME_COLUMN_MAX);
    items
        .iter()
        .zip(names)
        .map(|(item, name)| {
            let pad = " ".repeat(column.saturating_sub(width(&name)) + 2);
            Line::from(vec![Span::raw(name), Span::raw(pad), second(item)])
        })
        .collect()
}

/// Green when ready, red when failed, yellow on the way.
fn status_style(status: Option<&IndexedAssetStatus>, unknown: Style) -> Style {
    match status {
        Some(IndexedAssetStatus::Ready) => Style::new().fg(Color::Green),
        Some(IndexedAssetStatus::Failed) => Style::new().fg(Color::Red),
        Some(
            IndexedAssetStatus::Pending
            | IndexedAssetStatus::Queued
            | IndexedAssetStatus::Validating
            | IndexedAssetStatus::Indexing,
        ) => Style::new().fg(Color::Yellow),
        _ => unknown,
    }
}
