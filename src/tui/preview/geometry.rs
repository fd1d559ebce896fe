//! Where the preview's parts go inside the detail pane: the grid follows the pane's size (at
//! most the configured columns and rows, each frame at least a few cells), a row for the line at
//! the cursor, a row for the note.

use ratatui::layout::Rect;

/// Fewest columns and rows of one frame's box (picture and time label).
const MIN_SLOT: (u16, u16) = (10, 4);

/// The preview's boxes for one pane size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PreviewBoxes {
    /// Inside the border.
    pub inner: Rect,
    /// Where frames (or the strip, or the still picture) go.
    pub grid: Rect,
    /// The line said at the cursor, when captions are set.
    pub caption: Option<Rect>,
    /// The one-line note.
    pub note: Rect,
}

/// The boxes inside `pane` (with its border).
pub fn boxes(pane: Rect, captions: bool) -> PreviewBoxes {
    let inner = Rect::new(
        pane.x + 1,
        pane.y + 1,
        pane.width.saturating_sub(2),
        pane.height.saturating_sub(2),
    );
    let note = Rect::new(inner.x, inner.y, inner.width, inner.height.min(1));
    let below = u16::from(captions).min(inner.height.saturating_sub(1));
    let grid_h = inner.height.saturating_sub(1 + below);
    let grid = Rect::new(inner.x, inner.y + 1, inner.width, grid_h);
    let caption = (below > 0).then(|| Rect::new(inner.x, grid.bottom(), inner.width, 1));
    PreviewBoxes {
        inner,
        grid,
        caption,
        note,
    }
}

/// Columns and rows of frames that fit `grid`, at most `wanted`, and the cells of each picture
/// (a slot's box less a column of gap and the time label's row).
pub fn fit(grid: Rect, wanted: (u16, u16)) -> ((u16, u16), (u16, u16)) {
    let cols = wanted.0.min(grid.width / MIN_SLOT.0).max(1);
    let rows = wanted.1.min(grid.height / MIN_SLOT.1).max(1);
    let cells = (
        (grid.width / cols).saturating_sub(1).max(1),
        (grid.height / rows).saturating_sub(1).max(1),
    );
    ((cols, rows), cells)
}

/// The box of slot `i` in a grid of `cols` columns (picture rows plus the label row).
pub fn slot(grid: Rect, shape: (u16, u16), i: usize) -> Rect {
    let (cols, rows) = (shape.0.max(1), shape.1.max(1));
    let (w, h) = (grid.width / cols, grid.height / rows);
    let (c, r) = ((i % cols as usize) as u16, (i / cols as usize) as u16);
    Rect::new(grid.x + c * w, grid.y + r * h, w, h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_follows_the_pane() {
        let b = boxes(Rect::new(0, 0, 82, 40), true);
        assert_eq!(b.grid, Rect::new(1, 2, 80, 36));
        assert_eq!(fit(b.grid, (3, 3)), ((3, 3), (25, 11)));
        let small = boxes(Rect::new(0, 0, 30, 10), false);
        assert_eq!(fit(small.grid, (3, 3)).0, (2, 1));
        assert_eq!(slot(b.grid, (3, 3), 4), Rect::new(27, 14, 26, 12));
    }
}
