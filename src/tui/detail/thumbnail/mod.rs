//! Thumbnails of the selected asset: where they go in the detail pane, which one is wanted, and
//! the encoded images kept for drawing (a few, by asset id). Fetching, decoding and encoding
//! happen in the runtime (`loader.rs`); `update` only says which one it wants.

pub mod disk;
pub(in crate::tui) mod flow;
pub(in crate::tui) mod loader;
pub(in crate::tui) mod view;

use std::collections::VecDeque;
use std::fmt;
use std::sync::Arc;

use image::DynamicImage;
use ratatui::layout::{Rect, Size};
use ratatui_image::picker::Picker;
use ratatui_image::protocol::Protocol;
use ratatui_image::{FilterType, Resize};

use crate::api::types::Asset;
use crate::tui::task_error::ThumbError;

/// Encoded thumbnails kept at once; each is at most one pane's worth of pixels.
const KEEP: usize = 16;
/// Largest edge a decoded image is reduced to before caching and encoding (slow links, memory).
pub const MAX_EDGE: u32 = 640;
/// A short detail pane this wide (inside its border) shows the thumbnail beside the text.
const SIDE_MIN_WIDTH: u16 = 50;
/// Fewest rows for a thumbnail beside the text.
const SIDE_MIN_ROWS: u16 = 4;

/// An image encoded for the terminal, ready to draw.
#[derive(Clone)]
pub struct Thumb(pub Arc<Protocol>);

impl fmt::Debug for Thumb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0.size();
        write!(f, "Thumb({}x{})", s.width, s.height)
    }
}

impl Thumb {
    /// Columns and rows the image covers.
    pub fn size(&self) -> (u16, u16) {
        let s = self.0.size();
        (s.width, s.height)
    }
}

/// Which thumbnail is wanted, and for which box size in cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThumbKey {
    pub id: String,
    pub url: String,
    pub cells: (u16, u16),
}

/// The thumbnail state of the app.
#[derive(Debug, Clone, Default)]
pub struct Thumbs {
    pub wanted: Option<ThumbKey>,
    /// The asset id whose thumbnail failed (nothing is drawn for it).
    pub failed: Option<String>,
    /// The asset read again for a fresh thumbnail URL after its URL expired, until a thumbnail
    /// of it arrives: a fresh URL that fails too is a failure, not another read (no loop).
    pub renewed: Option<String>,
    ready: VecDeque<(ThumbKey, Thumb)>,
}

impl Thumbs {
    /// The encoded thumbnail for `key`, if ready.
    pub fn get(&self, key: &ThumbKey) -> Option<&Thumb> {
        self.ready.iter().find(|(k, _)| k == key).map(|(_, t)| t)
    }

    /// Keeps `thumb`, dropping the oldest beyond the bound.
    pub fn insert(&mut self, key: ThumbKey, thumb: Thumb) {
        self.ready.retain(|(k, _)| k.id != key.id);
        self.ready.push_back((key, thumb));
        while self.ready.len() > KEEP {
            self.ready.pop_front();
        }
    }

    /// How many are kept.
    pub fn len(&self) -> usize {
        self.ready.len()
    }

    /// True when none is kept.
    pub fn is_empty(&self) -> bool {
        self.ready.is_empty()
    }
}

/// The URL to fetch for an asset's thumbnail; without one nothing is shown.
pub fn thumbnail_url(asset: &Asset) -> Option<&str> {
    asset.thumbnail.as_ref()?.representative_url.as_deref()
}

/// The box for the thumbnail inside the detail pane (`detail` includes its border): the top
/// rows of a tall pane (about a third, full inner width), or the right third of a short wide one
/// (the stacked layout of narrow terminals), beside the text.
pub fn thumb_box(detail: Rect) -> Option<Rect> {
    let inner = Rect::new(
        detail.x + 1,
        detail.y + 1,
        detail.width.saturating_sub(2),
        detail.height.saturating_sub(2),
    );
    if inner.width >= 8 && inner.height >= 9 {
        let rows = (inner.height / 3).clamp(3, 14);
        return Some(Rect::new(inner.x, inner.y, inner.width, rows));
    }
    if inner.width >= SIDE_MIN_WIDTH && inner.height >= SIDE_MIN_ROWS {
        // Wider than about 2:1 in cells is wider than any video frame, so no wider than that.
        let cols = (inner.width / 3).min(inner.height * 4);
        return Some(Rect::new(inner.right() - cols, inner.y, cols, inner.height));
    }
    None
}

/// Reduces a decoded image so its longest edge is at most [`MAX_EDGE`].
pub fn downscale(image: DynamicImage) -> DynamicImage {
    if image.width().max(image.height()) <= MAX_EDGE {
        return image;
    }
    image.resize(MAX_EDGE, MAX_EDGE, FilterType::Triangle)
}

/// Encodes `image` to fit `cells` with `picker`'s protocol (CPU work: call it off the UI task).
pub fn encode(picker: &Picker, image: &DynamicImage, cells: (u16, u16)) -> Result<Thumb, ThumbError> {
    picker
        .new_protocol(
            image.clone(),
            Size::new(cells.0, cells.1),
            Resize::Scale(Some(FilterType::Triangle)),
        )
        .map(|p| Thumb(Arc::new(p)))
        .map_err(|e| ThumbError::Encode(e.to_string()))
}
