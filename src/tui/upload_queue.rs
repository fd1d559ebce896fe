//! Uploads running in the background: each goes queued → sending → processing → ready / failed,
//! or is cancelled. A few send at once (the rest wait their turn); the user keeps browsing.
//! Multipart uploads keep their session, so one that stopped part way can be resumed.

use std::time::Duration;

use crate::api::types::Asset;
use crate::api::{CreateAsset, MultipartState};

use super::msg::UploadId;
use super::notices::Notice;

/// Where one upload is.
#[derive(Debug, Clone, PartialEq)]
pub enum UploadState {
    /// Waiting for a free slot: only so many uploads send at once.
    Queued,
    /// Waiting for the server to accept the request (URL uploads stay here until created).
    Starting,
    Sending {
        sent: u64,
        elapsed: Duration,
    },
    /// Created; the server processes it and we poll.
    Processing {
        asset_id: String,
    },
    Ready {
        asset_id: String,
    },
    Failed {
        asset_id: Option<String>,
        notice: Notice,
    },
    /// Cancelled by the user; `asset_id` is set when the server had already created the asset
    /// (it then keeps processing on the server).
    Cancelled {
        asset_id: Option<String>,
    },
    /// A multipart upload that stopped part way (cancelled, failed, or left by an earlier run);
    /// its session (`UploadJob::session`) can be resumed.
    Interrupted,
}

impl UploadState {
    pub fn is_active(&self) -> bool {
        matches!(
            self,
            Self::Queued | Self::Starting | Self::Sending { .. } | Self::Processing { .. }
        )
    }

    /// True while the upload takes one of the sending slots. Processing frees it: the bytes are
    /// on the server and only polls remain.
    pub fn holds_slot(&self) -> bool {
        matches!(self, Self::Starting | Self::Sending { .. })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct UploadJob {
    pub id: UploadId,
    /// File name or URL, as shown.
    pub label: String,
    pub request: CreateAsset,
    /// File size in bytes; `None` for a URL.
    pub total: Option<u64>,
    pub state: UploadState,
    /// Sent in chunks through a multipart session (files over the direct-upload limit).
    pub multipart: bool,
    /// The multipart session, once the server opened it: what `R` resumes.
    pub session: Option<Box<MultipartState>>,
    /// Multipart only: chunks the server holds, of all chunks.
    pub chunks: Option<(u32, u32)>,
    /// Multipart only: bytes the server already held when this run started (the first progress
    /// report), so that speed and ETA of a resume count only what this run sends.
    pub baseline: Option<u64>,
}

impl UploadJob {
    /// Fraction sent, 0.0..=1.0, while sending a file.
    pub fn ratio(&self) -> Option<f64> {
        match (&self.state, self.total) {
            (UploadState::Sending { sent, .. }, Some(total)) if total > 0 => {
                Some((*sent as f64 / total as f64).clamp(0.0, 1.0))
            }
            _ => None,
        }
    }

    /// Bytes per second so far.
    pub fn speed(&self) -> Option<f64> {
        match &self.state {
            UploadState::Sending { sent, elapsed } if !elapsed.is_zero() => {
                Some(sent.saturating_sub(self.baseline.unwrap_or(0)) as f64 / elapsed.as_secs_f64())
            }
            _ => None,
        }
    }

    /// Time left at the average speed so far.
    pub fn eta(&self) -> Option<Duration> {
        let (UploadState::Sending { sent, .. }, Some(total)) = (&self.state, self.total) else {
            return None;
        };
        let speed = self.speed().filter(|s| *s > 0.0)?;
        Some(Duration::from_secs_f64(
            total.saturating_sub(*sent) as f64 / speed,
        ))
    }
}

/// How uploads run: set from the configuration (tests lower the limit).
#[derive(Debug, Clone, PartialEq)]
pub struct UploadSettings {
    /// Uploads sending at once (at least 1); the rest wait queued.
    pub concurrency: usize,
    /// Video and audio files larger than this go through a multipart upload.
    pub direct_media_limit: u64,
    /// Look for saved multipart sessions at start (the runtime has a resume directory).
    pub resume: bool,
}

impl Default for UploadSettings {
    fn default() -> Self {
        Self {
            concurrency: 2,
            direct_media_limit: crate::api::DIRECT_LIMIT_MEDIA,
            resume: false,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct UploadQueue {
    pub jobs: Vec<UploadJob>,
    /// Index into `jobs` of the selected row (when the uploads pane has focus).
    pub selected: usize,
    next_id: UploadId,
}

impl UploadQueue {
    /// Adds a queued job and returns its id.
    pub fn add(
        &mut self,
        label: String,
        request: CreateAsset,
        total: Option<u64>,
        multipart: bool,
    ) -> UploadId {
        self.next_id += 1;
        self.jobs.push(UploadJob {
            id: self.next_id,
            label,
            request,
            total,
            state: UploadState::Queued,
            multipart,
            session: None,
            chunks: None,
            baseline: None,
        });
        self.next_id
    }

    /// Adds a row for a multipart upload an earlier run left unfinished; `R` resumes it.
    pub fn add_interrupted(&mut self, state: MultipartState) -> UploadId {
        let label = state.path.file_name().map_or_else(
            || state.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let mut request = CreateAsset::new(crate::api::UploadSource::File(state.path.clone()));
        request.filename = Some(state.filename.clone());
        let id = self.add(label, request, Some(state.size), true);
        if let Some(job) = self.get_mut(id) {
            job.chunks = Some((
                (state.acknowledged.len() + state.stored.len()) as u32,
                state.total_chunks,
            ));
            job.session = Some(Box::new(state));
            job.state = UploadState::Interrupted;
        }
        id
    }

    /// True when an upload session with this id already has a row.
    pub fn has_session(&self, upload_id: &str) -> bool {
        self.jobs
            .iter()
            .any(|j| j.session.as_ref().is_some_and(|s| s.upload_id == upload_id))
    }

    /// How many uploads hold a sending slot.
    pub fn sending(&self) -> usize {
        self.jobs.iter().filter(|j| j.state.holds_slot()).count()
    }

    /// The oldest queued job.
    pub fn next_queued(&mut self) -> Option<&mut UploadJob> {
        self.jobs.iter_mut().find(|j| j.state == UploadState::Queued)
    }

    pub fn get_mut(&mut self, id: UploadId) -> Option<&mut UploadJob> {
        self.jobs.iter_mut().find(|j| j.id == id)
    }

    /// The job, only while it still runs: results for a cancelled job are dropped.
    pub fn active_mut(&mut self, id: UploadId) -> Option<&mut UploadJob> {
        self.get_mut(id).filter(|j| j.state.is_active())
    }

    pub fn selected_job(&self) -> Option<&UploadJob> {
        self.jobs.get(self.selected)
    }

    pub fn any_active(&self) -> bool {
        self.jobs.iter().any(|j| j.state.is_active())
    }

    pub fn move_by(&mut self, delta: isize) {
        let last = self.jobs.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + delta).clamp(0, last.max(0)) as usize;
    }

    /// Removes finished rows (ready, failed, cancelled); interrupted ones stay to be resumed.
    pub fn clear_finished(&mut self) {
        self.jobs
            .retain(|j| j.state.is_active() || j.state == UploadState::Interrupted);
        self.move_by(0);
    }

    /// Marks the job cancelled (or interrupted, when a multipart session is open and can be
    /// resumed); returns true when it had a task that must be stopped.
    pub fn cancel(&mut self, id: UploadId) -> bool {
        let Some(job) = self.active_mut(id) else {
            return false;
        };
        let had_task = job.state != UploadState::Queued;
        job.state = match &job.state {
            UploadState::Processing { asset_id } => UploadState::Cancelled {
                asset_id: Some(asset_id.clone()),
            },
            _ if job.session.is_some() => UploadState::Interrupted,
            _ => UploadState::Cancelled { asset_id: None },
        };
        had_task
    }

    /// Records the created asset: the job moves to processing, or straight to its final state.
    pub fn created(&mut self, id: UploadId, asset: &Asset) -> bool {
        let Some(job) = self.active_mut(id) else {
            return false;
        };
        job.state = UploadState::Processing {
            asset_id: asset.id.clone(),
        };
        true
    }
}
