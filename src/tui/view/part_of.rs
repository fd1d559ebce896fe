//! The detail pane's "Indexes" (name and indexed status) and "Entities" (name and collection)
//! sections of the shown asset: `loading…` until the answer, the rows, or why they could not be
//! read.

use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};

use crate::api::types::IndexedAssetStatus;
use crate::tui::app::App;
use crate::tui::part_of::Part;

/// The "Indexes" section's rows for `asset_id` (below its heading).
pub(super) fn indexes(app: &App, asset_id: &str) -> Vec<Line<'static>> {
    let theme = app.theme;
    let part = app.part_of.get(asset_id).map(|s| &s.indexes);
    rows(app, part, |u| {
        let status = u.status.as_ref();
        Line::from(vec![
            Span::raw(u.index.name.clone().unwrap_or_else(|| u.index.id.clone())),
            Span::raw("  "),
            Span::styled(
                status.map_or_else(|| "?".to_string(), ToString::to_string),
                status_style(status, theme.label()),
            ),
        ])
    })
}

/// The "Entities" section's rows for `asset_id` (below its heading).
pub(super) fn entities(app: &App, asset_id: &str) -> Vec<Line<'static>> {
    let theme = app.theme;
    let part = app.part_of.get(asset_id).map(|s| &s.entities);
    rows(app, part, |u| {
        Line::from(vec![
            Span::raw(u.entity.name.clone().unwrap_or_else(|| u.entity.id.clone())),
            Span::styled(
                format!("  in {}", u.collection_name.as_deref().unwrap_or("?")),
                theme.label(),
            ),
        ])
    })
}

/// A section's rows: `loading…` before the first answer, then the rows, `(none)`, or its
/// error as code and message.
fn rows<T>(app: &App, part: Option<&Part<T>>, row: impl Fn(&T) -> Line<'static>) -> Vec<Line<'static>> {
    match part {
        None => vec![Line::styled("loading…", app.theme.label())],
        Some(Err(e)) => vec![Line::styled(format!("could not be read: {e}"), app.theme.error())],
        Some(Ok(items)) if items.is_empty() => vec![Line::styled("(none)", app.theme.label())],
        Some(Ok(items)) => items.iter().map(row).collect(),
    }
}

/// Green when ready, red when failed, yellow on the way.
fn status_style(status: Option<&IndexedAssetStatus>, unknown: Style) -> Style {
    match status {
        Some(IndexedAssetStatus::Ready) => Style::new().fg(Color::Green),
        Some(IndexedAssetStatus::Failed) => Style::new().fg(Color::Red),
        Some(IndexedAssetStatus::Pending | IndexedAssetStatus::Queued | IndexedAssetStatus::Indexing) => {
            Style::new().fg(Color::Yellow)
        }
        _ => unknown,
    }
}
