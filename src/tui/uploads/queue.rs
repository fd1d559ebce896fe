//! Uploads running in the background: each goes queued → sending → processing → ready / failed,
//! or is cancelled. A few send at once (the rest wait their turn); the user keeps browsing.
//! Multipart uploads keep their session, so one that stopped part way can be resumed.

use crate::api::types::Asset;
use crate::api::{CreateAsset, MultipartState};

use super::queued_upload::{FailReason, QueuedUpload, UploadState};
use crate::tui::msg::UploadId;

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
    pub jobs: Vec<QueuedUpload>,
    /// Index into `jobs` of the selected row (when the uploads pane has focus).
    pub selected: usize,
    next_id: UploadId,
    /// A cancel that would lose sent bytes, asked once: the next cancel of it proceeds.
    pub confirm_cancel: Option<UploadId>,
    /// What each Enter of the form queued, oldest first.
    pub batches: Vec<super::batch::UploadBatch>,
}

/// How many uploads are in each phase, for the pane's summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UploadCounts {
    pub running: usize,
    pub waiting: usize,
    pub queued: usize,
    pub done: usize,
    pub failed: usize,
    /// Cancelled or interrupted (a multipart one stays resumable).
    pub stopped: usize,
}

/// What quitting now would do to the uploads that run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuitLosses {
    /// Direct or URL uploads not yet created: lost.
    pub lost: Vec<String>,
    /// Multipart uploads with an open session: resumable at the next start.
    pub resumable: Vec<String>,
    /// Created and processing: they finish on the server.
    pub processing: Vec<String>,
}

impl UploadQueue {
    /// The id the next [`UploadQueue::add`] returns.
    pub fn next_id(&self) -> UploadId {
        self.next_id.next()
    }

    /// Adds a queued job and returns its id.
    pub fn add(
        &mut self,
        label: String,
        request: CreateAsset,
        total: Option<u64>,
        multipart: bool,
    ) -> UploadId {
        self.next_id = self.next_id.next();
        self.jobs.push(QueuedUpload {
            id: self.next_id,
            label,
            request,
            total,
            state: UploadState::Queued,
            multipart,
            session: None,
            chunks_held: None,
            baseline: None,
            started_at: None,
            ended_at: None,
            retries: 0,
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

    /// The counts of the summary line.
    pub fn counts(&self) -> UploadCounts {
        let mut c = UploadCounts::default();
        for j in &self.jobs {
            match &j.state {
                UploadState::Queued => c.queued += 1,
                UploadState::Waiting { .. } => c.waiting += 1,
                UploadState::Starting | UploadState::Sending { .. } | UploadState::Processing { .. } => {
                    c.running += 1
                }
                UploadState::Ready { .. } => c.done += 1,
                UploadState::Failed { .. } => c.failed += 1,
                UploadState::Interrupted | UploadState::Cancelled { .. } => c.stopped += 1,
            }
        }
        c
    }

    /// Row order when the pane is not focused: running and waiting first, then queued, then
    /// what needs a look (failed, interrupted), then the rest; newest first within each.
    pub fn display_order(&self) -> Vec<usize> {
        let rank = |s: &UploadState| match s {
            UploadState::Starting | UploadState::Sending { .. } | UploadState::Waiting { .. } => 0,
            UploadState::Processing { .. } => 1,
            UploadState::Queued => 2,
            UploadState::Failed { .. } | UploadState::Interrupted => 3,
            UploadState::Ready { .. } | UploadState::Cancelled { .. } => 4,
        };
        let mut order: Vec<usize> = (0..self.jobs.len()).collect();
        order.sort_by_key(|&i| (rank(&self.jobs[i].state), std::cmp::Reverse(i)));
        order
    }

    /// Who loses what if the app quits now.
    pub fn quit_losses(&self) -> QuitLosses {
        let mut q = QuitLosses::default();
        for j in self.jobs.iter().filter(|j| j.state.is_active()) {
            let name = j.label.clone();
            match &j.state {
                UploadState::Processing { .. } => q.processing.push(name),
                _ if j.session.is_some() => q.resumable.push(name),
                _ => q.lost.push(name),
            }
        }
        q
    }

    /// How many uploads hold a sending slot.
    pub fn sending(&self) -> usize {
        self.jobs.iter().filter(|j| j.state.holds_slot()).count()
    }

    /// The oldest queued job.
    pub fn next_queued(&mut self) -> Option<&mut QueuedUpload> {
        self.jobs.iter_mut().find(|j| j.state == UploadState::Queued)
    }

    pub fn get_mut(&mut self, id: UploadId) -> Option<&mut QueuedUpload> {
        self.jobs.iter_mut().find(|j| j.id == id)
    }

    /// The job, only while it still runs: results for a cancelled job are dropped.
    pub fn active_mut(&mut self, id: UploadId) -> Option<&mut QueuedUpload> {
        self.get_mut(id).filter(|j| j.state.is_active())
    }

    pub fn selected_job(&self) -> Option<&QueuedUpload> {
        self.jobs.get(self.selected)
    }

    pub fn any_active(&self) -> bool {
        self.jobs.iter().any(|j| j.state.is_active())
    }

    /// Where the selected row is in [`UploadQueue::display_order`] (0 with none).
    pub fn selected_position(&self) -> usize {
        self.display_order()
            .iter()
            .position(|&i| i == self.selected)
            .unwrap_or(0)
    }

    /// Moves the selection `delta` rows in the order the pane shows them, so `j` goes to the
    /// row drawn below whatever that order is (a row that moves keeps the selection with it).
    pub fn move_by(&mut self, delta: isize) {
        let order = self.display_order();
        let last = order.len().saturating_sub(1) as isize;
        let at = (self.selected_position() as isize + delta).clamp(0, last.max(0)) as usize;
        self.selected = order.get(at).copied().unwrap_or(0);
    }

    /// Selects the `row`-th row as the pane shows them (a click).
    pub fn select_shown(&mut self, row: usize) {
        let order = self.display_order();
        if let Some(&i) = order.get(row.min(order.len().saturating_sub(1))) {
            self.selected = i;
        }
    }

    /// Removes finished rows (ready, failed, cancelled); interrupted ones stay to be resumed.
    pub fn clear_finished(&mut self) {
        self.jobs
            .retain(|j| j.state.is_active() || j.state == UploadState::Interrupted);
        self.forget_cleared_batches();
        self.move_by(0);
    }

    /// Queues a stopped row again (`R`): a multipart row with a session resumes it; a row whose
    /// asset never came to exist starts afresh. `Err` says why it cannot be retried.
    pub fn retry(&mut self, id: UploadId) -> Result<(), String> {
        let Some(job) = self.get_mut(id) else {
            return Err("no such upload".into());
        };
        if let UploadState::Failed {
            reason: FailReason::Refused,
            notice,
            ..
        } = &job.state
        {
            return Err(format!(
                "the service refuses this file ({}): sending it again fails the same way",
                notice.code
            ));
        }
        let allowed = match &job.state {
            UploadState::Interrupted => true,
            UploadState::Failed { asset_id: None, .. } | UploadState::Cancelled { asset_id: None } => true,
            // Processing failed on the server: the file itself goes again, as a new asset.
            UploadState::Failed { reason, .. } => *reason == FailReason::Processing,
            _ => false,
        };
        if !allowed {
            return Err(match &job.state {
                UploadState::Failed {
                    asset_id: Some(id), ..
                }
                | UploadState::Cancelled { asset_id: Some(id) } => {
                    format!("asset {id} exists on the server: nothing to send again")
                }
                s if s.is_active() => "this upload is still running".into(),
                _ => "this upload is done".into(),
            });
        }
        job.state = UploadState::Queued;
        job.baseline = None;
        job.ended_at = None;
        job.retries += 1;
        Ok(())
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
