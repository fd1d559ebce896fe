//! The thumbnail in the detail pane: above the text in a tall pane, beside it in a short wide
//! one. Hidden while a dialog is open (graphics protocols draw above text, so an image would
//! cover the dialog); nothing at all when the asset has no thumbnail URL, thumbnails are off,
//! fetching it failed, or colour is off and the only way to draw it is half blocks.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui_image::Image;

use super::{Thumb, thumb_box};
use crate::terminal_env::ImageProtocol;
use crate::tui::app::App;

/// The thumbnail's box for the selection and the image if it is ready.
fn placed(app: &App, detail: Rect) -> Option<(Rect, Option<&Thumb>)> {
    // Half blocks are a picture only through their colours; without colour they are noise.
    if app.theme.is_plain() && app.surroundings.image == Some(ImageProtocol::Halfblocks) {
        return None;
    }
    let key = app.thumb_key()?;
    let boxed = thumb_box(detail)?;
    if app.thumbs.failed.as_deref() == Some(key.id.as_str()) {
        return None;
    }
    Some((boxed, app.thumbs.get(&key)))
}

/// What the thumbnail leaves of the detail pane's inner area for the text (a blank row or
/// column between them).
pub fn text_area(app: &App, detail: Rect) -> Rect {
    let inner = Rect::new(
        detail.x + 1,
        detail.y + 1,
        detail.width.saturating_sub(2),
        detail.height.saturating_sub(2),
    );
    let Some((boxed, thumb)) = placed(app, detail) else {
        return inner;
    };
    if boxed.x > inner.x {
        return Rect {
            width: (boxed.x - inner.x).saturating_sub(1),
            ..inner
        };
    }
    let rows = thumb.map_or(boxed.height, |t| t.size().1.min(boxed.height)) + 1;
    let rows = rows.min(inner.height);
    Rect {
        y: inner.y + rows,
        height: inner.height - rows,
        ..inner
    }
}

/// Draws the thumbnail for the selection inside `detail` (the pane with its border).
pub fn draw(app: &App, frame: &mut Frame, detail: Rect) {
    let Some((boxed, thumb)) = placed(app, detail) else {
        return;
    };
    let Some(thumb) = thumb else {
        frame.render_widget(
            Paragraph::new(Line::styled("loading thumbnail…", app.theme.label())),
            Rect::new(boxed.x, boxed.y, boxed.width, 1),
        );
        return;
    };
    let (w, h) = thumb.size();
    let area = Rect::new(boxed.x, boxed.y, w.min(boxed.width), h.min(boxed.height));
    if app.modal.is_none() {
        frame.render_widget(Image::new(&thumb.0), area);
    }
}
