//! The app's side of the transcript section: asking for the shown asset's transcript once it is
//! a `ready` video or audio asset (unless it is kept), again on `r`, keeping the answer, and
//! handing its lines to an open preview of that asset as captions. Answers nobody waits for are
//! dropped.

use tracing::debug;

use super::Shown;
use crate::api::types::{Asset, AssetStatus, Transcription, TranscriptionStatus};
use crate::api::{ApiError, is_no_transcript};
use crate::tui::app::App;
use crate::tui::effect::Effect;
use crate::tui::msg::RequestId;
use crate::tui::preview::captions::Caption;
use crate::tui::task_error::SectionError;

/// True for the assets that can have a transcript: video and audio.
pub fn has_transcript_section(asset: &Asset) -> bool {
    asset
        .file_type
        .as_deref()
        .and_then(|t| t.split('/').next())
        .is_some_and(|f| f == "video" || f == "audio")
}

/// True once the asset can be asked for its transcript.
pub(in crate::tui) fn readable(asset: &Asset) -> bool {
    has_transcript_section(asset) && asset.status == Some(AssetStatus::Ready)
}

impl App {
    /// Asks for the shown asset's transcript when another asset shows (unless kept), or when
    /// the shown one has just become `ready`. Called after every message.
    pub(in crate::tui) fn sync_transcript(&mut self) -> Vec<Effect> {
        let Some(asset) = self.list.selected_asset() else {
            self.transcripts.wanted = None;
            self.transcripts.pending = None;
            return Vec::new();
        };
        let (id, ready) = (asset.id.clone(), readable(asset));
        let ahead = self.read_ahead.reading(&id, |j| j.transcript);
        let t = &mut self.transcripts;
        if t.wanted.as_deref() != Some(id.as_str()) {
            t.wanted = Some(id.clone());
            t.pending = None;
            t.search = super::Search::default();
            if ready && t.needs_read(&id) {
                // Being read ahead: that answer comes sooner than a read of its own would.
                if let Some(request_id) = ahead {
                    t.pending = Some((id, request_id));
                    return Vec::new();
                }
                return self.fetch_transcript(id);
            }
        } else if ready && t.get(&id).is_none() && t.pending.is_none() {
            // Shown before it was ready; it is now.
            return self.fetch_transcript(id);
        }
        Vec::new()
    }

    /// `r`: reads the shown asset's transcript again; what is kept shows until the answer.
    pub(in crate::tui) fn refresh_transcript(&mut self) -> Vec<Effect> {
        match self.list.selected_asset() {
            Some(a) if readable(a) => self.fetch_transcript(a.id.clone()),
            _ => Vec::new(),
        }
    }

    fn fetch_transcript(&mut self, asset_id: String) -> Vec<Effect> {
        let request_id = self.request_id();
        self.transcripts.pending = Some((asset_id.clone(), request_id));
        vec![Effect::FetchTranscript { request_id, asset_id }]
    }

    pub(in crate::tui) fn on_transcript(
        &mut self,
        request_id: RequestId,
        asset_id: String,
        result: Result<Transcription, ApiError>,
    ) -> Vec<Effect> {
        if self.transcripts.pending.as_ref() != Some(&(asset_id.clone(), request_id)) {
            // Read ahead for a row not shown: kept for when it shows, unless it failed (then
            // showing it reads it again) or is not there yet.
            let ahead = self.read_ahead.is_reading(&asset_id, request_id);
            let kept = match result {
                Ok(t) if ahead && t.status == TranscriptionStatus::Ready => Some(Shown::Lines(t.lines())),
                Err(e) if ahead && is_no_transcript(&e) => Some(Shown::Missing),
                _ => None,
            };
            match kept {
                Some(shown) => self.transcripts.insert(asset_id, shown),
                None => debug!(%request_id, %asset_id, "dropping a transcript nobody waits for"),
            }
            return Vec::new();
        }
        self.transcripts.pending = None;
        let shown = match result {
            Ok(t) => match &t.status {
                TranscriptionStatus::Ready => Shown::Lines(t.lines()),
                TranscriptionStatus::Failed => Shown::Failed(
                    t.error
                        .map_or_else(|| "no reason given".to_string(), |e| e.message),
                ),
                other => Shown::NotYet(other.clone()),
            },
            Err(e) if is_no_transcript(&e) => Shown::Missing,
            Err(e) => {
                if let ApiError::Transport { message, .. } = &e {
                    self.connectivity.lost(self.now, message.clone(), None);
                }
                Shown::Error(SectionError::from(&e))
            }
        };
        self.transcripts.insert(asset_id.clone(), shown);
        let captions = self.transcript_captions(&asset_id);
        if self.preview.as_ref().is_some_and(|p| p.asset_id == asset_id) {
            self.set_preview_captions(captions);
        }
        Vec::new()
    }

    /// The kept transcript of `asset_id` as the preview's captions (none when not kept).
    pub(in crate::tui) fn transcript_captions(&self, asset_id: &str) -> Vec<Caption> {
        self.transcripts
            .lines(asset_id)
            .iter()
            .map(|l| Caption {
                start: l.start,
                end: l.end,
                text: l.value.clone(),
            })
            .collect()
    }
}
