//! A PDF's thumbnail: page 1 rasterised with hayro (pure Rust, no program on PATH), its longer
//! side [`THUMB_SIDE`] pixels like every other thumbnail, on white, saved as JPEG.

use std::path::Path;

use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_syntax::Pdf;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{PixmapSettings, RenderCache, RenderSettings};

use crate::platform::media::derive::{THUMB_SIDE, tmp_sibling};

/// Largest enlargement of a small page (a business card stays sharp, not a 3000-pixel blur).
const MAX_SCALE: f32 = 2.0;

/// Renders page 1 of the PDF at `src` into a JPEG at `dst`. Err: why there is no thumbnail.
pub(crate) fn render_first_page(src: &Path, dst: &Path) -> Result<(), String> {
    let bytes = std::fs::read(src).map_err(|e| format!("the file could not be read: {e}"))?;
    let pdf = Pdf::new(bytes).map_err(|e| format!("hayro cannot open it: {e:?}"))?;
    let pages = pdf.pages();
    let page = pages.first().ok_or("it has no pages")?;
    let (w, h) = page.render_dimensions();
    if !(w.is_finite() && h.is_finite() && w >= 1.0 && h >= 1.0) {
        return Err(format!("page 1 has no usable size ({w} x {h} pt)"));
    }
    // Half a pixel over, since the renderer rounds the page's size down: the longer side comes
    // out THUMB_SIDE, not one short.
    let scale = ((THUMB_SIDE as f32 + 0.5) / w.max(h)).min(MAX_SCALE);
    let pixmap = hayro::render(
        page,
        &RenderCache::new(),
        &InterpreterSettings::default(),
        &RenderSettings::default(),
        &PixmapSettings {
            x_scale: scale,
            y_scale: scale,
            bg_color: WHITE,
        },
    );
    let (pw, ph) = (u32::from(pixmap.width()), u32::from(pixmap.height()));
    if pw == 0 || ph == 0 {
        return Err("page 1 rendered to nothing".into());
    }
    // On a white background every pixel is opaque, so premultiplied RGBA is plain RGBA.
    let rgb: Vec<u8> = pixmap
        .data_as_u8_slice()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let img = image::RgbImage::from_raw(pw, ph, rgb).ok_or("the rendered page has the wrong size")?;
    let tmp = tmp_sibling(dst);
    img.save_with_format(&tmp, image::ImageFormat::Jpeg)
        .map_err(|e| format!("the thumbnail could not be written: {e}"))?;
    std::fs::rename(&tmp, dst).map_err(|e| format!("the thumbnail could not be moved into place: {e}"))
}
