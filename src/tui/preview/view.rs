//! Draws the preview over the detail pane: the title (`frame 4/9 · 12:41 · span 10:00–15:00`),
//! one note line, then the storyboard (each frame with its time, the cursor's label marked), the
//! loudness strip, or the thumbnail large; under it the line said at the cursor. Pictures are
//! drawn through the same graphics path as the detail's thumbnail, and not at all while a dialog
//! is open (graphics protocols draw above text).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui_image::Image;

use super::captions::line_at;
use super::geometry::{PreviewBoxes, boxes, slot};
use super::state::{Preview, PreviewKind, Slot};
use super::strip;
use crate::tui::app::App;

/// Draws the open preview in `pane` (the detail pane, with its border).
pub fn draw(app: &App, p: &Preview, frame: &mut Frame, pane: Rect) {
    frame.render_widget(Clear, pane);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border(true))
        .title(Span::styled(format!(" {} ", p.title()), app.theme.title(true)));
    frame.render_widget(block, pane);
    let b = boxes(pane, !p.captions.is_empty());
    if b.inner.width == 0 || b.inner.height == 0 {
        return;
    }
    let note = match &p.note {
        Some(n) => Line::styled(n.clone(), app.theme.error()),
        None => Line::styled(hint(p, b.note.width), app.theme.label()),
    };
    frame.render_widget(Paragraph::new(note), b.note);
    match p.kind {
        PreviewKind::Video => draw_grid(app, p, frame, &b),
        PreviewKind::Audio => strip::draw(app, p, frame, b.grid),
        PreviewKind::Still => draw_still(app, frame, b.grid),
    }
    if let Some(area) = b.caption {
        let line = match line_at(&p.captions, p.cursor_time()) {
            Some(c) => Line::from(vec![
                Span::styled("“ ", app.theme.label()),
                Span::raw(crate::format::printable(&c.text).into_owned()),
            ]),
            None => Line::styled("(nothing said here)", app.theme.label()),
        };
        frame.render_widget(Paragraph::new(line), area);
    }
}

/// The keys, where no note takes the line: the longest wording that fits `width` columns.
fn hint(p: &Preview, width: u16) -> &'static str {
    const WORDINGS: [&str; 3] = [
        "←/→ move · Enter/+ zoom in · - out · y copy time · j/k next asset · Esc close",
        "←/→ move · +/- zoom · y copy time · Esc close",
        "←/→ · +/- zoom · Esc",
    ];
    match p.kind {
        PreviewKind::Still => "Esc close",
        _ => WORDINGS
            .into_iter()
            .find(|w| w.chars().count() <= usize::from(width))
            .unwrap_or(WORDINGS[2]),
    }
}

fn draw_grid(app: &App, p: &Preview, frame: &mut Frame, b: &PreviewBoxes) {
    let fine = p.step() < 60.0;
    for (i, at) in p.times().into_iter().enumerate() {
        let area = slot(b.grid, p.grid, i);
        if area.height < 2 || area.width < 2 {
            continue;
        }
        // The time above its picture: pictures keep their aspect and rarely fill the box, so a
        // label at the box's foot would sit right above the next row's pictures.
        let pic = Rect::new(area.x, area.y + 1, area.width.saturating_sub(1), area.height - 1);
        match p.slots.get(i) {
            Some(Slot::Ready(thumb)) => {
                let (w, h) = thumb.size();
                if app.modal.is_none() {
                    let placed = Rect::new(pic.x, pic.y, w.min(pic.width), h.min(pic.height));
                    frame.render_widget(Image::new(&thumb.0), placed);
                }
            }
            Some(Slot::Failed(why)) => frame.render_widget(
                Paragraph::new(why.as_str())
                    .style(app.theme.error())
                    .wrap(Wrap { trim: true }),
                pic,
            ),
            _ => frame.render_widget(Paragraph::new(Line::styled("decoding…", app.theme.label())), pic),
        }
        let time = p.clock(at, fine);
        let label = if i == p.cursor {
            Line::styled(
                format!("▶ {time}"),
                Style::default()
                    .fg(app.theme.accent())
                    .add_modifier(Modifier::BOLD | Modifier::REVERSED),
            )
        } else {
            Line::styled(format!("  {time}"), app.theme.label())
        };
        let row = Rect::new(area.x, area.y, area.width.saturating_sub(1), 1);
        frame.render_widget(Paragraph::new(label), row);
    }
}

/// The thumbnail large (a PDF's first page, or what a video offers without frames).
fn draw_still(app: &App, frame: &mut Frame, area: Rect) {
    let thumb = app.thumb_key().and_then(|k| app.thumbs.get(&k).cloned());
    match thumb {
        Some(t) if app.modal.is_none() => {
            let (w, h) = t.size();
            frame.render_widget(
                Image::new(&t.0),
                Rect::new(area.x, area.y, w.min(area.width), h.min(area.height)),
            );
        }
        Some(_) => {}
        None => {
            let text = match app
                .list
                .selected_asset()
                .and_then(crate::tui::thumbnail::thumbnail_url)
            {
                Some(_) if app.surroundings.image.is_some() => "loading thumbnail…",
                Some(_) => "pictures are off here",
                None => "no thumbnail for this asset",
            };
            frame.render_widget(
                Paragraph::new(Line::styled(text, app.theme.label())),
                Rect::new(area.x, area.y, area.width, area.height.min(1)),
            );
        }
    }
}
