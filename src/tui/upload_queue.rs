//! Uploads running in the background: each goes sending → processing → ready / failed, or is
//! cancelled. Several may run at once; the user keeps browsing.

use std::time::Duration;

use crate::api::CreateAsset;
use crate::api::types::Asset;

use super::msg::UploadId;
use super::notices::Notice;

/// Where one upload is.
#[derive(Debug, Clone, PartialEq)]
pub enum UploadState {
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
}

impl UploadState {
    pub fn is_active(&self) -> bool {
        matches!(
            self,
            Self::Starting | Self::Sending { .. } | Self::Processing { .. }
        )
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
                Some(*sent as f64 / elapsed.as_secs_f64())
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

#[derive(Debug, Clone, Default)]
pub struct UploadQueue {
    pub jobs: Vec<UploadJob>,
    /// Index into `jobs` of the selected row (when the uploads pane has focus).
    pub selected: usize,
    next_id: UploadId,
}

impl UploadQueue {
    /// Adds a job and returns its id.
    pub fn add(&mut self, label: String, request: CreateAsset, total: Option<u64>) -> UploadId {
        self.next_id += 1;
        self.jobs.push(UploadJob {
            id: self.next_id,
            label,
            request,
            total,
            state: UploadState::Starting,
        });
        self.next_id
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

    /// Removes finished rows (ready, failed, cancelled).
    pub fn clear_finished(&mut self) {
        self.jobs.retain(|j| j.state.is_active());
        self.move_by(0);
    }

    /// Marks the job cancelled; returns true when it was running (so its task must be stopped).
    pub fn cancel(&mut self, id: UploadId) -> bool {
        let Some(job) = self.active_mut(id) else {
            return false;
        };
        let asset_id = match &job.state {
            UploadState::Processing { asset_id } => Some(asset_id.clone()),
            _ => None,
        };
        job.state = UploadState::Cancelled { asset_id };
        true
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
