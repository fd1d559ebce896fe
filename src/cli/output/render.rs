//! Printing assets for people (tables, summaries) and for scripts (the API's own JSON).
//!
//! Every piece of stored or server text in the human forms goes through
//! [`format::printable`] before it is measured or printed, so none can drive the terminal.

use serde::Serialize;

use crate::api::types::Asset;
use crate::cli::{CliError, output};
use crate::format;

/// Prints `value` as pretty JSON with the wire field names.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value).map_err(|e| CliError::Other(e.to_string()))?;
    writeln!(output::stdout(), "{text}")
}

/// Prints one asset: JSON for scripts, a key/value summary for people.
pub fn print_asset(asset: &Asset, json: bool) -> Result<(), CliError> {
    if json {
        return print_json(asset);
    }
    write!(output::stdout(), "{}", summary(asset))
}

/// A readable multi-line summary of an asset.
pub fn summary(a: &Asset) -> String {
    let mut lines: Vec<(String, String)> = vec![("id".into(), format::printable(&a.id).into_owned())];
    let mut push = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            lines.push((
                format::printable(k).into_owned(),
                format::printable(&v).into_owned(),
            ));
        }
    };
    push("filename", a.filename.clone());
    push("status", a.status.as_ref().map(ToString::to_string));
    push("error", a.error.as_ref().map(|e| e.message.clone()));
    push("type", a.file_type.clone());
    push("method", a.method.as_ref().map(ToString::to_string));
    // A connector import: where it came from.
    for (label, v) in a.source.iter().flat_map(|s| s.rows()) {
        let label = label.to_lowercase();
        let key = if label.starts_with("source") {
            label
        } else {
            format!("source {label}")
        };
        push(&key, Some(v.to_string()));
    }
    push("size", a.size.map(|s| format!("{} ({s} bytes)", format::size(s))));
    push(
        "duration",
        a.duration.map(|d| format!("{} ({d:.2} s)", format::duration(d))),
    );
    push("created", a.created_at.clone());
    if let Some(t) = &a.technical_metadata {
        if let (Some(w), Some(h)) = (t.video_width.or(t.image_width), t.video_height.or(t.image_height)) {
            push("resolution", Some(format!("{w}x{h}")));
        }
        push("video codec", t.video_codec.clone());
        push("audio codec", t.audio_codec.clone());
        for (k, v) in t.document.rows() {
            push(k, Some(v));
        }
    }
    push(
        "hls",
        a.hls
            .as_ref()
            .map(|h| derived(&h.status.to_string(), h.manifest_url.as_deref())),
    );
    push(
        "thumbnail",
        a.thumbnail
            .as_ref()
            .map(|t| derived(&t.status.to_string(), t.representative_url.as_deref())),
    );
    if let Some(m) = &a.user_metadata {
        for (k, v) in m {
            push(&format!("meta.{k}"), Some(crate::api::value_text(v)));
        }
    }
    let width = lines.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0);
    lines.iter().map(|(k, v)| format!("{k:<width$}  {v}\n")).collect()
}

fn derived(status: &str, url: Option<&str>) -> String {
    match url {
        Some(u) => format!("{status} {u}"),
        None => status.to_string(),
    }
}

/// A table of assets, one per line, for `list`.
pub fn table(assets: &[Asset]) -> String {
    let rows: Vec<[String; 6]> = assets
        .iter()
        .map(|a| {
            [
                a.id.clone(),
                a.status.as_ref().map(ToString::to_string).unwrap_or_default(),
                a.asset_type().map(|t| t.to_string()).unwrap_or_default(),
                a.size.map(format::size).unwrap_or_default(),
                a.duration.map(format::duration).unwrap_or_default(),
                a.created_at
                    .as_deref()
                    .map(format::short_time)
                    .unwrap_or_default(),
            ]
            .map(|cell| format::printable(&cell).into_owned())
        })
        .collect();
    let header = ["ID", "STATUS", "TYPE", "SIZE", "DURATION", "CREATED"];
    let mut widths = header.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; 6], name: &str| {
        let mut s = String::new();
        for (cell, w) in cells.iter().zip(widths) {
            s.push_str(&format!("{cell:<w$}  "));
        }
        s.push_str(name);
        s.push('\n');
        s
    };
    let mut out = line(header, "FILENAME");
    for (row, a) in rows.iter().zip(assets) {
        let cells = [&*row[0], &*row[1], &*row[2], &*row[3], &*row[4], &*row[5]];
        out.push_str(&line(
            cells,
            &format::printable(a.filename.as_deref().unwrap_or("")),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::AssetStatus;

    #[test]
    fn table_aligns_columns_and_shows_names() {
        let mut a = Asset::minimal("66b1f0c2a9e4d31b7c0f5a12");
        a.status = Some(AssetStatus::Ready);
        a.file_type = Some("video/mp4".into());
        a.size = Some(48_213_077);
        a.duration = Some(73.4);
        a.filename = Some("harbor.mp4".into());
        a.created_at = Some("2026-08-01T09:14:27Z".into());
        let t = table(&[a]);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("ID"));
        assert!(
            lines[1].contains("ready") && lines[1].contains("48.2 MB") && lines[1].ends_with("harbor.mp4")
        );
        assert_eq!(lines[0].find("STATUS"), lines[1].find("ready"));
    }

    #[test]
    fn stored_text_cannot_drive_the_terminal() {
        let mut a = Asset::minimal("x\u{1b}[2J");
        a.filename = Some("clip\u{1b}]0;owned\u{7}.mp4".into());
        a.created_at = Some("\u{1b}[31mnot a time".into());
        a.error = Some(crate::api::types::AssetError {
            message: "bad\rnews".into(),
        });
        let mut meta = crate::api::types::UserMetadata::new();
        meta.insert("k\u{1b}[1m".into(), "v".into());
        a.user_metadata = Some(meta);
        for text in [table(std::slice::from_ref(&a)), summary(&a)] {
            assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text:?}");
            assert!(text.contains("\\u{1b}"), "{text:?}");
        }
    }

    #[test]
    fn summary_shows_failure_reason() {
        let mut a = Asset::minimal("x");
        a.status = Some(AssetStatus::Failed);
        a.error = Some(crate::api::types::AssetError {
            message: "cannot decode".into(),
        });
        assert!(summary(&a).contains("error   cannot decode"));
    }
}
