//! The detail pane: every field of the selected asset, technical metadata grouped by stream
//! kind, user metadata, HLS and thumbnail state with their URLs, and the error of a failed asset.

use crate::format::printable;
use crate::tui::view::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use serde_json::Value;

use super::transcript::flow::has_transcript_section;
use crate::api::types::{Asset, TechnicalMetadata};
use crate::tui::app::{App, Focus};
use crate::tui::asset_labels;
use crate::tui::view::wrap;

/// Width of the label column.
const LABEL: usize = 11;
/// Where a transcript line's text starts: after the match marker and the time.
const TRANSCRIPT_TEXT: usize = 8;

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let focused = app.focus == Focus::Detail && app.modal.is_none();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border(focused))
        .title(Span::styled(" Detail ", app.theme.title(focused)));
    frame.render_widget(block, area);
    super::thumbnail::view::draw(app, frame, area);
    let mut text = super::thumbnail::view::text_area(app, area);
    if let Some(line) = super::transcript::view::search_line(app).filter(|_| text.height > 1) {
        text.height -= 1;
        let at = Rect::new(text.x, text.y + text.height, text.width, 1);
        frame.render_widget(Paragraph::new(line), at);
    }
    let rows = content(app, text.width).lines;
    let scroll = app.detail_scroll.min(last_scroll(rows.len(), text.height));
    frame.render_widget(Paragraph::new(rows).scroll((scroll, 0)), text);
}

/// The furthest the detail pane scrolls at the app's size: its last row at the bottom.
pub fn max_scroll(app: &App) -> u16 {
    let text = super::thumbnail::view::text_area(app, app.areas().detail);
    let height = text.height - u16::from(app.transcript_search_typing() && text.height > 1);
    last_scroll(content(app, text.width).lines.len(), height)
}

/// The row (from the pane's top, before scrolling) where each transcript line starts.
pub fn transcript_rows(app: &App) -> Vec<usize> {
    let text = super::thumbnail::view::text_area(app, app.areas().detail);
    content(app, text.width).transcript
}

fn last_scroll(rows: usize, height: u16) -> u16 {
    u16::try_from(rows.saturating_sub(usize::from(height))).unwrap_or(u16::MAX)
}

/// The pane's text wrapped to `width` columns, values continuing under their value column.
fn content(app: &App, width: u16) -> Rows {
    let mut out = Rows {
        theme: app.theme,
        width: usize::from(width),
        lines: Vec::new(),
        transcript: Vec::new(),
    };
    match app.list.selected_asset() {
        Some(a) => lines(app, a, &mut out),
        None => out.push(Line::styled("Nothing selected.", app.theme.label())),
    }
    out
}

/// The pane's rows, each logical line wrapped as it is added.
struct Rows {
    theme: Theme,
    width: usize,
    lines: Vec<Line<'static>>,
    /// The first row of each transcript line.
    transcript: Vec<usize>,
}

impl Rows {
    fn push(&mut self, line: Line<'_>) {
        self.lines.extend(wrap::line(&line, self.width, 0));
    }

    fn field<'a>(&mut self, label: &str, value: impl Into<Span<'a>>) {
        let line = Line::from(vec![
            Span::styled(format!("{:<LABEL$}", format!("{label} ")), self.theme.label()),
            value.into(),
        ]);
        self.lines.extend(wrap::line(&line, self.width, LABEL));
    }
}

fn heading(text: &str) -> Line<'static> {
    Line::styled(
        text.to_string(),
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
    )
}

fn lines(app: &App, a: &Asset, out: &mut Rows) {
    // Stored text shows its control characters escaped (`\u{1b}`, `\t`), as the editor and
    // the command line do, rather than dropped or obeyed.
    out.push(Line::styled(
        a.filename
            .as_deref()
            .map_or_else(|| "(no filename)".to_string(), |f| printable(f).into_owned()),
        Style::new().add_modifier(Modifier::BOLD),
    ));
    out.field("ID", a.id.as_str());
    out.field(
        "Status",
        Span::styled(
            asset_labels::status_label(a.status.as_ref()).to_string(),
            app.theme.status(a.status.as_ref()),
        ),
    );
    if let Some(err) = &a.error {
        out.field("Error", Span::styled(err.message.clone(), app.theme.error()));
    }
    let (_, kind) = asset_labels::type_label(a);
    out.field(
        "Type",
        format!("{} ({kind})", a.file_type.as_deref().unwrap_or("-")),
    );
    if let Some(m) = &a.method {
        out.field("Method", m.to_string());
    }
    if let Some(created) = a.created_at.as_deref() {
        let text = match asset_labels::parse_time(created) {
            Some(t) => format!(
                "{} UTC ({})",
                asset_labels::date_time(t),
                asset_labels::ago(t, app.now)
            ),
            None => created.to_string(),
        };
        out.field("Created", text);
    }
    if let Some(s) = a.size {
        out.field("Size", format!("{} ({s} bytes)", asset_labels::size(s)));
    }
    if let Some(d) = a.duration {
        out.field("Duration", format!("{} ({d:.2}s)", asset_labels::duration(d)));
    }
    if let Some(t) = &a.thumbnail {
        out.field(
            "Thumbnail",
            Span::styled(t.status.to_string(), app.theme.derived(&t.status)),
        );
        if let Some(url) = &t.representative_url {
            out.field("", url.as_str());
        }
    }
    if let Some(h) = &a.hls {
        out.field(
            "HLS",
            Span::styled(h.status.to_string(), app.theme.derived(&h.status)),
        );
        if let Some(url) = &h.manifest_url {
            out.field("", url.as_str());
        }
    }
    for (title, rows) in [
        ("Indexes", super::part_of_view::indexes(app, &a.id)),
        ("Entities", super::part_of_view::entities(app, &a.id)),
    ] {
        out.push(Line::raw(""));
        out.push(heading(title));
        for row in rows {
            out.push(row);
        }
    }
    if let Some(tm) = &a.technical_metadata {
        out.push(Line::raw(""));
        out.push(heading("Technical"));
        technical(tm, out);
        if !tm.document.is_empty() {
            out.push(Line::raw(""));
            out.push(heading("Document"));
            for (k, v) in tm.document.rows() {
                let mut label = k.to_string();
                label[..1].make_ascii_uppercase();
                out.field(&label, printable(&v).into_owned());
            }
        }
    }
    if let Some(meta) = a.user_metadata.as_ref().filter(|m| !m.is_empty()) {
        out.push(Line::raw(""));
        out.push(heading("Metadata"));
        for (k, v) in meta {
            out.field(&printable(k), value_text(v));
        }
    }
    if has_transcript_section(a) {
        out.push(Line::raw(""));
        out.push(heading("Transcript"));
        let (rows, starts) = super::transcript::view::rows(app, &a.id, a.status.as_ref());
        for (i, row) in rows.into_iter().enumerate() {
            if starts.binary_search(&i).is_ok() {
                out.transcript.push(out.lines.len());
            }
            // A long line continues under its text, past the marker and the time.
            out.lines.extend(wrap::line(&row, out.width, TRANSCRIPT_TEXT));
        }
    }
    // A connector import: where it came from (docs/contract.md §16).
    if let Some(src) = a.source.as_ref().filter(|s| !s.rows().is_empty()) {
        out.push(Line::raw(""));
        out.push(heading("Source"));
        for (label, v) in src.rows() {
            out.field(label, printable(v).into_owned());
        }
    }
}

fn join(parts: Vec<Option<String>>) -> Option<String> {
    let parts: Vec<String> = parts.into_iter().flatten().collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

fn technical(tm: &TechnicalMetadata, out: &mut Rows) {
    let dims = |w: Option<u32>, h: Option<u32>| match (w, h) {
        (Some(w), Some(h)) => Some(format!("{w}x{h}")),
        _ => None,
    };
    let file = join(vec![
        tm.file_mime_type.clone(),
        tm.file_container_format.clone(),
        tm.file_size_bytes.map(asset_labels::size),
    ]);
    let video = join(vec![
        tm.video_codec.clone(),
        dims(tm.video_width, tm.video_height),
        tm.video_fps.map(|f| format!("{f:.2} fps")),
        tm.video_bitrate_bps
            .map(|b| format!("{:.1} Mb/s", b as f64 / 1e6)),
        tm.video_duration_seconds.map(asset_labels::duration),
    ]);
    let audio = join(vec![
        tm.audio_codec.clone(),
        tm.audio_sample_rate.map(|r| format!("{r} Hz")),
        tm.audio_channels.map(|c| format!("{c} ch")),
        tm.audio_duration_seconds.map(asset_labels::duration),
    ]);
    let image = join(vec![
        tm.image_format.clone(),
        dims(tm.image_width, tm.image_height),
    ]);
    let flag = |name: &str, v: Option<bool>| v.map(|b| format!("{name}: {}", if b { "yes" } else { "no" }));
    let streams = join(vec![
        tm.total_video_streams.map(|n| format!("{n} video")),
        tm.total_audio_streams.map(|n| format!("{n} audio")),
        flag("audio", tm.has_audio),
        flag("alpha", tm.has_alpha),
        flag("animated", tm.is_animated),
        tm.storage_aspect_ratio.map(|r| format!("aspect {r:.3}")),
    ]);
    for (label, value) in [
        ("File", file),
        ("Video", video),
        ("Audio", audio),
        ("Image", image),
        ("Streams", streams),
    ] {
        if let Some(v) = value {
            out.field(label, v);
        }
    }
    for (k, v) in &tm.extra {
        out.field(k, value_text(v));
    }
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => printable(s).into_owned(),
        other => printable(&other.to_string()).into_owned(),
    }
}
