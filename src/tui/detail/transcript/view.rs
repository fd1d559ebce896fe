//! The "Transcript" section's rows (below its heading): a status line, then `0:12  text` per
//! line said, the search's matches highlighted and the current one marked; and the search line
//! at the bottom of the detail pane while it is typed.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::Shown;
use crate::api::types::AssetStatus;
use crate::format::printable;
use crate::tui::app::App;

/// The section's rows for `asset_id`, and for each transcript line the index of its first row
/// among them.
pub(in crate::tui) fn rows(
    app: &App,
    asset_id: &str,
    asset_status: Option<&AssetStatus>,
) -> (Vec<Line<'static>>, Vec<usize>) {
    let theme = app.theme;
    let t = &app.transcripts;
    let status = |text: String| (vec![Line::styled(text, theme.label())], Vec::new());
    let lines = match t.get(asset_id) {
        _ if asset_status == Some(&AssetStatus::Failed) => return status("none: the asset failed".into()),
        _ if asset_status != Some(&AssetStatus::Ready) => {
            return status("read once the asset is ready".into());
        }
        None => return status("loading…".into()),
        Some(Shown::Missing) => return status("no transcript".into()),
        Some(Shown::NotYet(s)) => return status(format!("transcript {s}: r reads it again")),
        Some(Shown::Failed(why)) => {
            return (
                vec![Line::styled(format!("failed: {}", printable(why)), theme.error())],
                Vec::new(),
            );
        }
        Some(Shown::Error(e)) => {
            return (
                vec![Line::styled(format!("could not be read: {e}"), theme.error())],
                Vec::new(),
            );
        }
        Some(Shown::Lines(l)) if l.is_empty() => return status("ready · no lines".into()),
        Some(Shown::Lines(l)) => l,
    };
    let matches = t.matches(asset_id);
    let query = t.search.text().trim().to_lowercase();
    let mut head = format!(
        "ready · {} line{}{}",
        lines.len(),
        if lines.len() == 1 { "" } else { "s" },
        if t.is_loading(asset_id) {
            " · reading again…"
        } else {
            ""
        }
    );
    if !query.is_empty() {
        let at = t
            .search
            .current
            .and_then(|c| matches.iter().position(|m| *m == c));
        head.push_str(&match (matches.len(), at) {
            (0, _) => format!(" · no match for {:?}", printable(&query)),
            (n, Some(i)) => format!(" · match {} of {n}", i + 1),
            (n, None) => format!(" · {n} match{}", if n == 1 { "" } else { "es" }),
        });
    }
    let mut out = vec![Line::styled(head, theme.label())];
    let mut starts = Vec::with_capacity(lines.len());
    let hit = Style::new().add_modifier(Modifier::REVERSED);
    for (i, l) in lines.iter().enumerate() {
        starts.push(out.len());
        let current = t.search.current == Some(i);
        let said = printable(&l.value.split_whitespace().collect::<Vec<_>>().join(" ")).into_owned();
        let mut spans = vec![
            Span::styled(if current { "▶" } else { " " }, theme.key()),
            Span::styled(
                format!("{:>5}  ", crate::format::media_clock(l.start, false, false)),
                theme.label(),
            ),
        ];
        if let Some(who) = &l.speaker {
            spans.push(Span::styled(format!("{}: ", printable(who)), theme.label()));
        }
        spans.extend(highlighted(&said, &query, hit));
        out.push(Line::from(spans));
    }
    (out, starts)
}

/// `text` split so each case-insensitive occurrence of `query` is its own span, in `hit`.
fn highlighted(text: &str, query: &str, hit: Style) -> Vec<Span<'static>> {
    let lower = text.to_lowercase();
    // Lowercasing that changes lengths (rare scripts) gets no highlight rather than a wrong one.
    if query.is_empty() || lower.len() != text.len() {
        return vec![Span::raw(text.to_string())];
    }
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(found) = lower[from..].find(query) {
        let (start, end) = (from + found, from + found + query.len());
        if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            break;
        }
        if start > from {
            spans.push(Span::raw(text[from..start].to_string()));
        }
        spans.push(Span::styled(text[start..end].to_string(), hit));
        from = end;
    }
    if from < text.len() {
        spans.push(Span::raw(text[from..].to_string()));
    }
    spans
}

/// The search line while it is typed: `/text▏  transcript search`.
pub(in crate::tui) fn search_line(app: &App) -> Option<Line<'static>> {
    let input = app.transcripts.search.input.as_ref()?;
    Some(Line::from(vec![
        Span::styled("/", app.theme.key()),
        Span::raw(printable(input.value()).into_owned()),
        Span::styled("▏", app.theme.key()),
        Span::styled("  transcript search", app.theme.label()),
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_occurrence_is_its_own_span() {
        let hit = Style::new().add_modifier(Modifier::REVERSED);
        let spans = highlighted("Tide and tide", "tide", hit);
        let texts: Vec<&str> = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(texts, ["Tide", " and ", "tide"]);
        assert_eq!(spans[0].style, hit);
        assert_eq!(highlighted("abc", "", hit).len(), 1);
    }
}
