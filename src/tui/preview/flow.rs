//! The app's side of the preview: `p` opens it for the selection, the keys move the cursor and
//! zoom, `j`/`k` move the list and the preview follows, and each change of asset, span or pane
//! size starts a new job (which stops the one before, ffmpeg child and all). Results of an older
//! job are dropped.

use ratatui::layout::Rect;

use super::captions::Caption;
use super::geometry::{boxes, fit};
pub use super::state::PreviewSettings;
use super::state::{Preview, PreviewKind, Slot};
use crate::api::types::{Asset, DerivedStatus};
use crate::tui::app::App;
use crate::tui::detail::thumbnail::Thumb;
use crate::tui::effect::Effect;
use crate::tui::input::keymap::Action;

/// The preview of `asset`: its kind, where frames come from, and a note when they cannot come.
pub fn preview_for(asset: &Asset, ffmpeg_missing: Option<&str>) -> Preview {
    let mime = asset.file_type.as_deref().unwrap_or("");
    let tech = asset.technical_metadata.as_ref();
    let duration = asset
        .duration
        .or_else(|| tech.and_then(|t| t.video_duration_seconds.or(t.audio_duration_seconds)))
        .unwrap_or(0.0);
    let kind = match mime.split('/').next() {
        Some("video") => PreviewKind::Video,
        Some("audio") => PreviewKind::Audio,
        _ => PreviewKind::Still,
    };
    let hls = asset.hls.as_ref();
    let source = hls
        .filter(|h| h.status == DerivedStatus::Ready)
        .and_then(|h| h.manifest_url.clone());
    let note = match kind {
        PreviewKind::Still if mime == "application/pdf" => None,
        PreviewKind::Still => Some(format!(
            "no frames for {}: thumbnail only",
            if mime.is_empty() { "this asset" } else { mime }
        )),
        _ if ffmpeg_missing.is_some() => ffmpeg_missing.map(|m| format!("{m}; thumbnail only")),
        // Short: the note has one line of a pane that may be 40 columns wide.
        _ if source.is_none() => Some(match hls {
            None => "no HLS stream for this asset: thumbnail only".to_string(),
            Some(h) => format!("HLS is not ready ({}): thumbnail only", h.status),
        }),
        _ if duration <= 0.0 => Some("the duration is unknown: showing the thumbnail".into()),
        _ => None,
    };
    let mut p = Preview::new(asset.id.clone(), kind, source, duration);
    if note.is_some() {
        p.kind = PreviewKind::Still;
    }
    p.note = note;
    // A document's page count, when the service gave one.
    p.page_count = tech.and_then(|t| t.document.document_page_count.map(u64::from));
    p
}

impl App {
    /// `p`: opens the preview of the selected asset over the detail pane.
    pub(in crate::tui) fn open_preview(&mut self) -> Vec<Effect> {
        let Some(asset) = self.list.selected_asset() else {
            self.notices.flash = Some("nothing selected to preview".into());
            return Vec::new();
        };
        let mut p = preview_for(asset, self.preview_settings.ffmpeg_missing.as_deref());
        // The transcript read for the detail, when there is one, is what the preview captions.
        p.captions = self.transcript_captions(&asset.id);
        self.preview = Some(p);
        self.sync_preview()
    }

    /// Closes the preview and stops its work.
    pub(in crate::tui) fn close_preview(&mut self) -> Vec<Effect> {
        self.preview = None;
        vec![Effect::StopPreview]
    }

    /// Sets the lines said over time on the open preview (the line at the cursor shows under
    /// the grid); false when no preview is open.
    pub fn set_preview_captions(&mut self, captions: Vec<Caption>) -> bool {
        match &mut self.preview {
            Some(p) => {
                p.captions = captions;
                true
            }
            None => false,
        }
    }

    /// The thumbnail's box when the open preview shows the thumbnail large.
    pub fn preview_thumb_box(&self) -> Option<Rect> {
        let p = self.preview.as_ref().filter(|p| p.kind == PreviewKind::Still)?;
        let b = boxes(self.areas().detail, !p.captions.is_empty());
        (b.grid.width > 2 && b.grid.height > 1).then_some(b.grid)
    }

    /// Keeps the open preview on the selection and the pane's size; starts a job when what is
    /// shown changed. Called after every message.
    pub(in crate::tui) fn sync_preview(&mut self) -> Vec<Effect> {
        let Some(p) = &self.preview else {
            return Vec::new();
        };
        match self.list.selected_asset() {
            None => return self.close_preview(),
            // Another asset: its own preview (captions belong to the asset they were set for).
            Some(a) if a.id != p.asset_id => {
                let mut p = preview_for(a, self.preview_settings.ffmpeg_missing.as_deref());
                p.captions = self.transcript_captions(&a.id);
                self.preview = Some(p);
            }
            Some(_) => {}
        }
        let pane = self.areas().detail;
        let wanted = self.preview_settings.grid;
        let job = self.request_id().0;
        let Some(p) = &mut self.preview else {
            return Vec::new();
        };
        let b = boxes(pane, !p.captions.is_empty());
        let (shape, cells) = match p.kind {
            PreviewKind::Audio => ((wanted.0.saturating_mul(wanted.1).max(1), 1), (b.grid.width, 1)),
            _ => fit(b.grid, wanted),
        };
        p.set_grid(shape, cells);
        let key = format!("{}|{:?}|{shape:?}|{cells:?}|{:?}", p.asset_id, p.span, p.kind);
        if p.started_for.as_deref() == Some(key.as_str()) {
            return Vec::new();
        }
        p.started_for = Some(key);
        p.job = job;
        p.slots = vec![Slot::Waiting; p.count()];
        p.peaks = None;
        let Some(source) = p.source.clone() else {
            return vec![Effect::StopPreview];
        };
        match p.kind {
            PreviewKind::Video => vec![Effect::PreviewFrames {
                job,
                asset_id: p.asset_id.clone(),
                source,
                times: p.times(),
                cells,
            }],
            PreviewKind::Audio => vec![Effect::PreviewPeaks {
                job,
                source,
                span: p.span,
                // Braille has two dots across each cell.
                buckets: usize::from(b.grid.width.max(1)) * 2,
            }],
            PreviewKind::Still => vec![Effect::StopPreview],
        }
    }

    /// A key in a pane: the preview's meaning while it is open, else the pane's.
    /// Then the transcript's keys in the detail pane; `r` reads the transcript again too.
    pub(in crate::tui) fn on_preview_or_pane_key(&mut self, action: Option<Action>) -> Vec<Effect> {
        if let Some(effects) = self
            .on_preview_key(action)
            .or_else(|| self.on_transcript_key(action))
        {
            return effects;
        }
        let mut effects = self.on_pane_action(action);
        if action == Some(Action::Refresh) {
            effects.extend(self.refresh_transcript());
        }
        effects
    }

    /// A key while the preview is open; `None`: not the preview's, the pane's meaning applies.
    pub(in crate::tui) fn on_preview_key(&mut self, action: Option<Action>) -> Option<Vec<Effect>> {
        let action = action?;
        let p = self.preview.as_mut()?;
        match action {
            Action::Left => p.move_cursor(-1),
            Action::Right => p.move_cursor(1),
            Action::Top => p.cursor_to(false),
            Action::Bottom => p.cursor_to(true),
            Action::ZoomIn => {
                if !p.zoom_in() {
                    self.notices.flash = Some("zoomed in as far as it goes".into());
                }
            }
            Action::ZoomOut => {
                if !p.zoom_out() {
                    self.notices.flash = Some("this is the whole duration".into());
                }
            }
            Action::CopyTime => {
                let at = p.cursor_time();
                let text = p.clock(at, p.step() < 60.0);
                return Some(self.copy("time", text));
            }
            Action::Cancel | Action::Back | Action::Preview => return Some(self.close_preview()),
            Action::Down | Action::Up => {
                self.list.move_by(if action == Action::Down { 1 } else { -1 });
                self.detail_scroll = 0;
                return Some(self.follow_selection());
            }
            _ => return None,
        }
        Some(Vec::new())
    }

    /// A frame of job `job` arrived (or why not).
    pub(in crate::tui) fn on_preview_frame(
        &mut self,
        job: u64,
        index: usize,
        result: Result<(Thumb, bool), String>,
        cache_error: Option<String>,
    ) {
        let Some(p) = self.preview.as_mut().filter(|p| p.job == job) else {
            return;
        };
        if let Some(e) = cache_error {
            p.note = Some(e);
        }
        if let Some(slot) = p.slots.get_mut(index) {
            *slot = match result {
                Ok((thumb, _)) => Slot::Ready(thumb),
                Err(e) => Slot::Failed(e),
            };
        }
    }

    /// The loudness strip of job `job` arrived (or why not).
    pub(in crate::tui) fn on_preview_peaks(&mut self, job: u64, result: Result<Vec<f32>, String>) {
        if let Some(p) = self.preview.as_mut().filter(|p| p.job == job) {
            p.peaks = Some(result);
        }
    }
}
