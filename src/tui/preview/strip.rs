//! The loudness strip of an audio preview, in braille (two columns and four rows of dots per
//! cell, so it draws in every terminal): bars rise from the bottom with each slice's peak in dB; the
//! cursor's slot is marked, with its time under the strip.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::state::Preview;
use crate::tui::app::App;

/// Rows of the strip at most.
const MAX_ROWS: u16 = 8;

/// The braille dot bits of the left and right column, from the bottom row up.
const LEFT: [u32; 4] = [0x40, 0x04, 0x02, 0x01];
const RIGHT: [u32; 4] = [0x80, 0x20, 0x10, 0x08];

/// One braille cell for a left and right bar of `l` and `r` dots (0–4) filled from the bottom.
fn cell(l: usize, r: usize) -> char {
    let mut bits = 0u32;
    for (i, (lb, rb)) in LEFT.iter().zip(RIGHT.iter()).enumerate() {
        if i < l {
            bits |= lb;
        }
        if i < r {
            bits |= rb;
        }
    }
    char::from_u32(0x2800 + bits).unwrap_or(' ')
}

/// The quietest level the strip shows, in dB below full scale: bars are drawn on a decibel scale
/// from here to 0 dB, as a loudness meter is, so quiet speech is a visible bar rather than a
/// flat bottom row beside a loud passage.
const FLOOR_DB: f32 = 60.0;

/// A peak (0–1 of full scale) as a bar height of 0–1 on the decibel scale.
fn level(peak: f32) -> f32 {
    if peak <= 0.0 || peak.is_nan() {
        return 0.0;
    }
    ((20.0 * peak.min(1.0).log10() + FLOOR_DB) / FLOOR_DB).clamp(0.0, 1.0)
}

/// The strip's text rows for `peaks` (two per column) in `width` columns and `rows` rows.
pub fn render(peaks: &[f32], width: u16, rows: u16) -> Vec<String> {
    let dots = usize::from(rows) * 4;
    let height = |i: usize| -> usize {
        let v = level(peaks.get(i).copied().unwrap_or(0.0));
        (v * dots as f32).ceil() as usize
    };
    (0..rows)
        .map(|row| {
            // Row 0 is the top; its dots start above the rows below it.
            let base = usize::from(rows - 1 - row) * 4;
            (0..usize::from(width))
                .map(|c| {
                    let (l, r) = (height(c * 2), height(c * 2 + 1));
                    cell(l.saturating_sub(base).min(4), r.saturating_sub(base).min(4))
                })
                .collect()
        })
        .collect()
}

/// Draws the strip of `p` in `area`.
pub fn draw(app: &App, p: &Preview, frame: &mut Frame, area: Rect) {
    if area.height < 2 || area.width == 0 {
        return;
    }
    let rows = (area.height - 1).min(MAX_ROWS);
    let peaks = match &p.peaks {
        None => {
            frame.render_widget(Paragraph::new(Line::styled("decoding…", app.theme.label())), area);
            return;
        }
        Some(Err(e)) => {
            frame.render_widget(Paragraph::new(Line::styled(e.clone(), app.theme.error())), area);
            return;
        }
        Some(Ok(peaks)) => peaks,
    };
    let per = f64::from(area.width) / p.count() as f64;
    let (from, to) = (
        (p.cursor as f64 * per).floor() as usize,
        ((p.cursor + 1) as f64 * per).ceil() as usize,
    );
    let marked = Style::default()
        .fg(app.theme.accent())
        .add_modifier(Modifier::BOLD);
    for (i, text) in render(peaks, area.width, rows).into_iter().enumerate() {
        let chars: Vec<char> = text.chars().collect();
        let part = |a: usize, b: usize| {
            chars[a.min(chars.len())..b.min(chars.len())]
                .iter()
                .collect::<String>()
        };
        let line = Line::from(vec![
            Span::styled(part(0, from), app.theme.label()),
            Span::styled(part(from, to), marked),
            Span::styled(part(to, chars.len()), app.theme.label()),
        ]);
        frame.render_widget(
            Paragraph::new(line),
            Rect::new(area.x, area.y + i as u16, area.width, 1),
        );
    }
    let label = format!("{}▲ {}", " ".repeat(from), p.clock(p.cursor_time(), true));
    frame.render_widget(
        Paragraph::new(Line::styled(label, marked)),
        Rect::new(area.x, area.y + rows, area.width, 1),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_audio_shows_on_the_decibel_scale() {
        assert_eq!(level(1.0), 1.0);
        assert_eq!(level(0.0), 0.0);
        assert_eq!(level(0.0005), 0.0, "below the floor");
        assert!((level(0.0316) - 0.5).abs() < 0.01, "-30 dB is half way");
        // A quiet recording (peaks near -30 dB) fills half of an 8-row strip, not its bottom row.
        let rows = render(&[0.0316; 4], 2, 8);
        assert_eq!(rows[4].chars().next(), Some(cell(4, 4)));
    }

    #[test]
    fn bars_rise_from_the_bottom() {
        let rows = render(&[1.0, 0.0, 0.0316, 0.0316], 2, 2);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].chars().next(), Some(cell(4, 0)));
        assert_eq!(rows[1].chars().nth(1), Some(cell(4, 4)));
        assert_eq!(rows[0].chars().nth(1), Some('\u{2800}'));
    }
}
