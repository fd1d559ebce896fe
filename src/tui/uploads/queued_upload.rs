//! One upload of the queue: where it stands (queued → sending → processing → ready / failed, or
//! cancelled or interrupted), why it failed, and its progress, speed and ETA while sending.

use std::time::Duration;

use jiff::Timestamp;

use crate::api::{CreateAsset, MultipartState};

use crate::tui::msg::UploadId;
use crate::tui::notices::Notice;

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
    /// Waiting before sending again: for the service's rate limit to reset (`rate_limit`), or
    /// after a transient failure (`code`). Not a failure: it goes on by itself at `until`.
    Waiting {
        until: Timestamp,
        rate_limit: bool,
        code: String,
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
        /// Which step failed: `R` sends the file again after either, but not after an upload
        /// failure whose asset exists (it may still be processing).
        reason: FailReason,
    },
    /// Cancelled by the user; `asset_id` is set when the server had already created the asset
    /// (it then keeps processing on the server).
    Cancelled {
        asset_id: Option<String>,
    },
    /// A multipart upload that stopped part way (cancelled, failed, or left by an earlier run);
    /// its session (`QueuedUpload::session`) can be resumed.
    Interrupted,
}

/// Why an upload ended in [`UploadState::Failed`], set where the failure is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailReason {
    /// Sending, creating or following the upload failed (the notice says why).
    Upload,
    /// The server has the asset but could not process it.
    Processing,
    /// The service refused the file itself (its resolution, duration, format, size): sending
    /// it again is refused the same way, so `R` is not offered.
    Refused,
}

impl FailReason {
    /// How a failed upload of a file ended: refused for what the file is, or not.
    pub fn of(err: &crate::api::ApiError) -> Self {
        let code = err.code();
        let about_the_file = code.starts_with("video_")
            || code.starts_with("audio_")
            || matches!(
                code,
                "media_url_unsupported_format" | "media_url_file_broken" | "media_filesize_too_large"
            );
        if about_the_file && !err.is_transient() {
            Self::Refused
        } else {
            Self::Upload
        }
    }
}

impl UploadState {
    pub fn is_active(&self) -> bool {
        matches!(
            self,
            Self::Queued
                | Self::Starting
                | Self::Sending { .. }
                | Self::Waiting { .. }
                | Self::Processing { .. }
        )
    }

    /// True while the upload takes one of the sending slots. Processing frees it: the bytes are
    /// on the server and only polls remain.
    pub fn holds_slot(&self) -> bool {
        matches!(self, Self::Starting | Self::Sending { .. } | Self::Waiting { .. })
    }
}

/// One row of the upload queue: what is sent and where it stands. (The library's
/// [`crate::api::UploadJob`] is what one run of the upload engine is handed.)
#[derive(Debug, Clone, PartialEq)]
pub struct QueuedUpload {
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
    /// Multipart only: the latest count of chunks the server holds, as the running upload told
    /// it; the session itself is sent once, so its own count goes stale. See [`QueuedUpload::chunks`].
    pub chunks_held: Option<u32>,
    /// Multipart only: bytes the server already held when this run started (the first progress
    /// report), so that speed and ETA of a resume count only what this run sends.
    pub baseline: Option<u64>,
    /// When this run of the upload started and ended (for its story).
    pub started_at: Option<Timestamp>,
    pub ended_at: Option<Timestamp>,
    /// How many times `R` sent it again.
    pub retries: u32,
}

impl QueuedUpload {
    /// Multipart only: chunks the server holds, of all chunks. The total is the session's;
    /// the count is the latest one told, else what the session records (a resumed row).
    pub fn chunks(&self) -> Option<(u32, u32)> {
        let s = self.session.as_ref()?;
        let held = self
            .chunks_held
            .unwrap_or_else(|| u32::try_from(s.acknowledged.len() + s.stored.len()).unwrap_or(u32::MAX));
        Some((held, s.total_chunks))
    }

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
