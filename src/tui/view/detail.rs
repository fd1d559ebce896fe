//! The detail pane: every field of the selected asset, technical metadata grouped by stream
//! kind, user metadata, HLS and thumbnail state with their URLs, and the error of a failed asset.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use serde_json::Value;

use super::theme;
use crate::api::types::{Asset, TechnicalMetadata};
use crate::tui::app::{App, Focus};
use crate::tui::format;

/// Width of the label column.
const LABEL: usize = 11;

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let focused = app.focus == Focus::Detail && app.modal.is_none();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::border(focused))
        .title(Span::styled(" Detail ", theme::title(focused)));
    let lines = match app.list.selected_asset() {
        Some(a) => lines(app, a),
        None => vec![Line::styled("Nothing selected.", theme::label())],
    };
    let mut inner = block.inner(area);
    frame.render_widget(block, area);
    let image_rows = super::thumbnail::draw(app, frame, area).min(inner.height);
    inner.y += image_rows;
    inner.height -= image_rows;
    let para = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((app.detail_scroll, 0));
    frame.render_widget(para, inner);
}

fn field<'a>(label: &str, value: impl Into<Span<'a>>) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{:<LABEL$}", format!("{label} ")), theme::label()),
        value.into(),
    ])
}

fn heading(text: &str) -> Line<'static> {
    Line::styled(
        text.to_string(),
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
    )
}

fn lines<'a>(app: &App, a: &'a Asset) -> Vec<Line<'a>> {
    let mut out = vec![Line::styled(
        a.filename.clone().unwrap_or_else(|| "(no filename)".to_string()),
        Style::new().add_modifier(Modifier::BOLD),
    )];
    out.push(field("ID", a.id.as_str()));
    out.push(field(
        "Status",
        Span::styled(
            format::status_label(a.status.as_ref()).to_string(),
            theme::status(a.status.as_ref()),
        ),
    ));
    if let Some(err) = &a.error {
        out.push(field("Error", Span::styled(err.message.clone(), theme::error())));
    }
    let (_, kind) = format::type_label(a);
    out.push(field(
        "Type",
        format!("{} ({kind})", a.file_type.as_deref().unwrap_or("-")),
    ));
    if let Some(m) = &a.method {
        out.push(field("Method", m.to_string()));
    }
    if let Some(created) = a.created_at.as_deref() {
        let text = match format::parse_time(created) {
            Some(t) => format!("{} UTC ({})", format::date_time(t), format::ago(t, app.now)),
            None => created.to_string(),
        };
        out.push(field("Created", text));
    }
    if let Some(s) = a.size {
        out.push(field("Size", format!("{} ({s} bytes)", format::size(s))));
    }
    if let Some(d) = a.duration {
        out.push(field("Duration", format!("{} ({d:.2}s)", format::duration(d))));
    }
    if let Some(t) = &a.thumbnail {
        out.push(field(
            "Thumbnail",
            Span::styled(t.status.to_string(), theme::derived(&t.status)),
        ));
        if let Some(url) = &t.representative_url {
            out.push(field("", url.as_str()));
        }
    }
    if let Some(h) = &a.hls {
        out.push(field(
            "HLS",
            Span::styled(h.status.to_string(), theme::derived(&h.status)),
        ));
        if let Some(url) = &h.manifest_url {
            out.push(field("", url.as_str()));
        }
    }
    if let Some(tm) = &a.technical_metadata {
        out.push(Line::raw(""));
        out.push(heading("Technical"));
        technical(tm, &mut out);
    }
    if let Some(meta) = a.user_metadata.as_ref().filter(|m| !m.is_empty()) {
        out.push(Line::raw(""));
        out.push(heading("Metadata"));
        for (k, v) in meta {
            out.push(field(k, value_text(v)));
        }
    }
    if let Some(src) = &a.source {
        out.push(Line::raw(""));
        out.push(field("Source", value_text(src)));
    }
    out
}

fn join(parts: Vec<Option<String>>) -> Option<String> {
    let parts: Vec<String> = parts.into_iter().flatten().collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

fn technical<'a>(tm: &'a TechnicalMetadata, out: &mut Vec<Line<'a>>) {
    let dims = |w: Option<u32>, h: Option<u32>| match (w, h) {
        (Some(w), Some(h)) => Some(format!("{w}x{h}")),
        _ => None,
    };
    let file = join(vec![
        tm.file_mime_type.clone(),
        tm.file_container_format.clone(),
        tm.file_size_bytes.map(format::size),
    ]);
    let video = join(vec![
        tm.video_codec.clone(),
        dims(tm.video_width, tm.video_height),
        tm.video_fps.map(|f| format!("{f:.2} fps")),
        tm.video_bitrate_bps
            .map(|b| format!("{:.1} Mb/s", b as f64 / 1e6)),
        tm.video_duration_seconds.map(format::duration),
    ]);
    let audio = join(vec![
        tm.audio_codec.clone(),
        tm.audio_sample_rate.map(|r| format!("{r} Hz")),
        tm.audio_channels.map(|c| format!("{c} ch")),
        tm.audio_duration_seconds.map(format::duration),
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
            out.push(field(label, v));
        }
    }
    for (k, v) in &tm.extra {
        out.push(field(k, value_text(v)));
    }
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
