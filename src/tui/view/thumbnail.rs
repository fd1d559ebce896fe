//! The thumbnail at the top of the detail pane. Hidden while a dialog is open (graphics
//! protocols draw above text, so an image would cover the dialog); nothing at all when the asset
//! has no thumbnail URL, thumbnails are off, fetching it failed, or colour is off and the only
//! way to draw it is half blocks.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui_image::Image;

use super::theme;
use crate::terminal_env::ImageProtocol;
use crate::tui::app::App;
use crate::tui::thumbnail::thumb_box;

/// Draws the thumbnail for the selection inside `detail` (the pane with its border) and returns
/// the rows it took from the top of the inner area, a blank separator row included.
pub fn draw(app: &App, frame: &mut Frame, detail: Rect) -> u16 {
    // Half blocks are a picture only through their colours; without colour they are noise.
    if theme::plain() && app.surroundings.image == Some(ImageProtocol::Halfblocks) {
        return 0;
    }
    let (Some(key), Some(boxed)) = (app.thumb_key(), thumb_box(detail)) else {
        return 0;
    };
    if app.thumbs.failed.as_deref() == Some(key.id.as_str()) {
        return 0;
    }
    let Some(thumb) = app.thumbs.get(&key) else {
        frame.render_widget(
            Paragraph::new(Line::styled("loading thumbnail…", theme::label())),
            Rect::new(boxed.x, boxed.y, boxed.width, 1),
        );
        return boxed.height + 1;
    };
    let (w, h) = thumb.size();
    let area = Rect::new(boxed.x, boxed.y, w.min(boxed.width), h.min(boxed.height));
    if app.modal.is_none() {
        frame.render_widget(Image::new(&thumb.0), area);
    }
    area.height + 1
}
