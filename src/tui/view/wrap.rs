//! Wrapping and cutting text to a width in terminal cells (a CJK character takes two), so boxes
//! and panes keep every line readable at 60 columns. Lines break at spaces; a token longer than
//! a whole line (a URL) is broken only then, preferably after one of its separators.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Characters after which a token too long for a line is broken, before cutting anywhere: path
/// and query boundaries first, then the lesser ones.
const SEPARATORS: [&[char]; 2] = [&['/', '?', '&'], &['=', '-', '_', '.', ',', ';', ':', '#']];

/// Columns `text` takes on screen.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

fn char_width(c: char) -> usize {
    UnicodeWidthChar::width(c).unwrap_or(0)
}

/// `text` cut to at most `max` columns, ending in `…` when something was cut.
pub fn ellipsis(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = char_width(c);
        if used + w + 1 > max {
            break;
        }
        used += w;
        out.push(c);
    }
    if max > 0 {
        out.push('…');
    }
    out
}

/// Splits `text` into lines of at most `width` columns.
pub fn words(text: &str, width: usize) -> Vec<String> {
    line(&Line::raw(text), width, 0)
        .into_iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect()
}

/// Wraps every line of `lines` (see [`line`]) with no indent.
pub fn lines(lines: &[Line<'_>], width: usize) -> Vec<Line<'static>> {
    lines.iter().flat_map(|l| line(l, width, 0)).collect()
}

/// Wraps a styled line to `width` columns, keeping its styles and alignment. Lines after the
/// first start with `indent` spaces (a value column under its label). Spaces where a line
/// breaks are dropped; leading spaces of the first line are kept.
pub fn line(src: &Line<'_>, width: usize, indent: usize) -> Vec<Line<'static>> {
    let width = width.max(1);
    let indent = indent.min(width / 2);
    let cells: Vec<(char, Style)> = src
        .spans
        .iter()
        .flat_map(|s| s.content.chars().map(move |c| (c, s.style)))
        .collect();
    let mut out = Builder {
        width,
        indent,
        lines: vec![Vec::new()],
        used: 0,
        start: 0,
    };
    let mut i = 0;
    while i < cells.len() {
        let space = cells[i].0 == ' ';
        let end = (i..cells.len())
            .find(|&j| (cells[j].0 == ' ') != space)
            .unwrap_or(cells.len());
        out.token(&cells[i..end], space);
        i = end;
    }
    out.lines
        .into_iter()
        .map(|cells| {
            let mut l = Line::from(spans(cells));
            l.style = src.style;
            l.alignment = src.alignment;
            l
        })
        .collect()
}

struct Builder {
    width: usize,
    indent: usize,
    lines: Vec<Vec<(char, Style)>>,
    /// Columns used on the last line.
    used: usize,
    /// Where text starts on the last line (0, or the indent on later lines).
    start: usize,
}

impl Builder {
    fn push(&mut self, cells: &[(char, Style)]) {
        self.used += cells.iter().map(|(c, _)| char_width(*c)).sum::<usize>();
        if let Some(last) = self.lines.last_mut() {
            last.extend_from_slice(cells);
        }
    }

    fn break_line(&mut self) {
        if let Some(last) = self.lines.last_mut() {
            while last.last().is_some_and(|(c, _)| *c == ' ') {
                last.pop();
            }
        }
        self.lines.push(vec![(' ', Style::new()); self.indent]);
        self.used = self.indent;
        self.start = self.indent;
    }

    fn token(&mut self, token: &[(char, Style)], space: bool) {
        let w: usize = token.iter().map(|(c, _)| char_width(*c)).sum();
        let fresh = self.used == self.start;
        if space {
            if self.used + w <= self.width {
                // A continuation line does not start with the spaces of the break.
                if !(fresh && self.lines.len() > 1) {
                    self.push(token);
                }
            } else {
                self.break_line();
            }
            return;
        }
        if self.used + w <= self.width {
            self.push(token);
            return;
        }
        if !fresh && self.indent + w <= self.width {
            self.break_line();
            self.push(token);
            return;
        }
        // Longer than a line: it starts where a fresh line would give it as much room (after
        // a label as wide as the indent), else on a fresh line; then it breaks, preferably
        // after a separator.
        if self.used > self.indent {
            self.break_line();
        }
        let mut rest = token;
        while !rest.is_empty() {
            let take = piece(rest, self.width.saturating_sub(self.used));
            self.push(&rest[..take]);
            rest = &rest[take..];
            if !rest.is_empty() {
                self.break_line();
            }
        }
    }
}

/// How many cells of `token` go into `room` columns: all that fit, cut after the last
/// separator among them (a `/` before a `.`) when that keeps at least half the room; at
/// least one.
fn piece(token: &[(char, Style)], room: usize) -> usize {
    let mut used = 0;
    let mut fit = 0;
    for (c, _) in token {
        let w = char_width(*c);
        if used + w > room {
            break;
        }
        used += w;
        fit += 1;
    }
    if fit >= token.len() {
        return token.len();
    }
    let cut = SEPARATORS.iter().find_map(|seps| {
        token[..fit]
            .iter()
            .rposition(|(c, _)| seps.contains(c))
            .map(|p| p + 1)
            .filter(|&p| p * 2 >= fit)
    });
    cut.unwrap_or(fit).max(1)
}

/// Runs of equally styled characters as spans.
fn spans(cells: Vec<(char, Style)>) -> Vec<Span<'static>> {
    let mut out: Vec<Span<'static>> = Vec::new();
    let mut text = String::new();
    let mut style = None;
    for (c, s) in cells {
        if style.is_some_and(|st| st != s) {
            out.push(Span::styled(std::mem::take(&mut text), style.unwrap_or_default()));
        }
        style = Some(s);
        text.push(c);
    }
    if let Some(s) = style {
        out.push(Span::styled(text, s));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: Vec<Line<'static>>) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn breaks_at_spaces_and_cuts_long_words() {
        assert_eq!(words("one two three", 7), vec!["one two", "three"]);
        assert_eq!(words("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(words("short", 20), vec!["short"]);
    }

    #[test]
    fn a_url_moves_to_its_own_line_and_breaks_after_separators() {
        let url = "http://127.0.0.1:41234/v1.3/assets/66b1f0c2a9e4d31b7c0f0001/thumbnail.jpg";
        let out = words(&format!("see {url}"), 40);
        assert_eq!(out[0], "see", "the URL does not start in the little room left");
        assert_eq!(out[1], "http://127.0.0.1:41234/v1.3/assets/");
        assert_eq!(out.concat(), format!("see{url}"));
        assert!(out.iter().all(|l| width(l) <= 40), "{out:?}");
    }

    #[test]
    fn continuation_lines_are_indented_and_styles_kept() {
        let bold = Style::new().bold();
        let l = Line::from(vec![
            Span::raw("Error      "),
            Span::styled("one two three four", bold),
        ]);
        let out = line(&l, 24, 11);
        assert_eq!(
            texts(out.clone()),
            vec!["Error      one two three", "           four"]
        );
        assert_eq!(out[1].spans.last().map(|s| s.style), Some(bold));
    }

    #[test]
    fn wide_characters_count_two_columns() {
        assert_eq!(words("東京 大阪 名古屋", 9), vec!["東京 大阪", "名古屋"]);
        assert_eq!(ellipsis("東京の港.mp4", 7), "東京の…");
        assert_eq!(ellipsis("harbor.mp4", 10), "harbor.mp4");
        assert_eq!(ellipsis("harbor.mp4", 6), "harbo…");
    }
}
