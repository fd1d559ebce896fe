//! The app's side of thumbnails: which one the selection wants, asking for it, keeping what
//! comes back. The cache and the encoding live in [`super`], which knows nothing of the app.

use super::{Thumb, ThumbKey, Thumbs, thumb_box, thumbnail_url};
use crate::tui::app::App;
use crate::tui::effect::Effect;
use crate::tui::task_error::ThumbError;

impl App {
    /// The thumbnail the selection wants now, if thumbnails are on and it has one.
    pub fn thumb_key(&self) -> Option<ThumbKey> {
        self.surroundings.image?;
        let asset = self.list.selected_asset()?;
        let url = thumbnail_url(asset)?;
        let b = self
            .preview_thumb_box()
            .or_else(|| thumb_box(self.areas().detail))?;
        Some(ThumbKey {
            id: asset.id.clone(),
            url: url.to_string(),
            cells: (b.width, b.height),
        })
    }

    /// Asks for the selected asset's thumbnail when the wish changed and it is not kept yet.
    /// The runtime waits a little before fetching and drops a wait a newer wish replaces, so
    /// scrolling through the list fetches only where the selection rests.
    pub(in crate::tui) fn sync_thumbnail(&mut self) -> Vec<Effect> {
        let key = self.thumb_key();
        if key == self.thumbs.wanted {
            return Vec::new();
        }
        self.thumbs.wanted = key.clone();
        match key {
            Some(k) if self.thumbs.get(&k).is_none() && self.thumbs.failed.as_deref() != Some(&k.id) => {
                vec![Effect::FetchThumbnail {
                    id: k.id,
                    url: k.url,
                    cells: k.cells,
                }]
            }
            _ => Vec::new(),
        }
    }

    /// The terminal's way of drawing pixels is known: thumbnails follow it from now on.
    pub(in crate::tui) fn on_graphics_known(
        &mut self,
        image: Option<crate::terminal_env::ImageProtocol>,
        cell_size: Option<(u16, u16)>,
    ) {
        self.surroundings.set_image(image, cell_size);
        // Anything kept was encoded for another protocol or cell size.
        self.thumbs = Thumbs::default();
    }

    pub(in crate::tui) fn on_thumbnail(
        &mut self,
        key: ThumbKey,
        result: Result<Thumb, ThumbError>,
    ) -> Vec<Effect> {
        match result {
            Ok(thumb) => {
                if self.thumbs.failed.as_deref() == Some(&key.id) {
                    self.thumbs.failed = None;
                }
                if self.thumbs.renewed.as_deref() == Some(&key.id) {
                    self.thumbs.renewed = None;
                }
                self.thumbs.insert(key, thumb);
            }
            // File URLs expire: the asset is read again, and its fresh URL is then fetched as
            // any changed thumbnail URL is.
            Err(ThumbError::Status(status))
                if crate::api::file_url_expired(status)
                    && self.thumbs.renewed.as_deref() != Some(key.id.as_str()) =>
            {
                tracing::debug!(id = %key.id, "thumbnail URL expired; reading the asset again");
                self.thumbs.renewed = Some(key.id.clone());
                let request_id = self.request_id();
                self.detail_request = Some(request_id);
                return vec![Effect::FetchDetail {
                    request_id,
                    id: key.id,
                }];
            }
            Err(e) => {
                tracing::debug!(id = %key.id, error = %e, "thumbnail unavailable");
                self.thumbs.failed = Some(key.id);
            }
        }
        Vec::new()
    }
}
