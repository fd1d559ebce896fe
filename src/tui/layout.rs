//! Where each pane goes for a terminal size. Shared by the views and by mouse handling, so a
//! click lands on the row that was drawn there.

use ratatui::layout::{Constraint, Direction, Layout, Rect};

/// Terminals narrower than this stack the list above the detail pane.
pub const SIDE_BY_SIDE_MIN_WIDTH: u16 = 100;
/// Most rows of the uploads pane: five uploads and the batch line above them.
const MAX_UPLOAD_ROWS: u16 = 6;

/// The screen split into panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub banner: Option<Rect>,
    pub list: Rect,
    pub detail: Rect,
    pub uploads: Option<Rect>,
    pub status: Rect,
    pub footer: Rect,
}

impl Areas {
    /// Lays out a `width` x `height` screen.
    pub fn compute(width: u16, height: u16, banner: bool, upload_rows: usize) -> Areas {
        let screen = Rect::new(0, 0, width, height);
        let [top, main, status, footer] = Layout::vertical([
            Constraint::Length(u16::from(banner)),
            Constraint::Min(3),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(screen);
        let (main, uploads) = if upload_rows > 0 {
            let rows = (upload_rows as u16).min(MAX_UPLOAD_ROWS) + 2;
            let [m, u] = Layout::vertical([Constraint::Min(6), Constraint::Length(rows)]).areas(main);
            (m, Some(u))
        } else {
            (main, None)
        };
        let direction = if width >= SIDE_BY_SIDE_MIN_WIDTH {
            Direction::Horizontal
        } else {
            Direction::Vertical
        };
        let [list, detail] = Layout::default()
            .direction(direction)
            .constraints([Constraint::Percentage(55), Constraint::Percentage(45)])
            .areas(main);
        Areas {
            banner: banner.then_some(top),
            list,
            detail,
            uploads,
            status,
            footer,
        }
    }

    /// Rows available for assets in the list pane (inside the border, below the header, and
    /// above the filter line when one is shown).
    pub fn list_rows(&self, filter_line: bool) -> usize {
        usize::from(self.list.height.saturating_sub(3 + u16::from(filter_line)))
    }

    /// The screen row of the first asset row.
    pub fn first_list_row(&self) -> u16 {
        self.list.y + 2
    }
}

/// A rectangle of `width` x `height` centred in `area`, clipped to it.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_is_side_by_side_narrow_is_stacked() {
        let wide = Areas::compute(120, 40, false, 0);
        assert_eq!(wide.list.y, wide.detail.y);
        assert!(wide.detail.x > wide.list.x);
        let narrow = Areas::compute(80, 24, true, 2);
        assert_eq!(narrow.list.x, narrow.detail.x);
        assert!(narrow.detail.y > narrow.list.y);
        assert_eq!(narrow.banner.map(|b| b.height), Some(1));
        assert_eq!(narrow.uploads.map(|u| u.height), Some(4));
    }
}
