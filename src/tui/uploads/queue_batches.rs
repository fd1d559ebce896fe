//! The queue's batches as the user sees them: a line in the uploads pane while they run (`batch:
//! 12 files · 8 ready · 2 running · 1 waiting · 1 failed`) and one summary when the last ends
//! (ready, skipped and failed, with the reasons).

use std::collections::HashSet;
use std::path::Path;

use super::batch::UploadBatch;
use super::queue::UploadQueue;
use super::queued_upload::{FailReason, UploadState};
use crate::tui::msg::UploadId;

/// Most names listed per group in the end summary.
const NAMES: usize = 2;
/// Most uploads the pane shows at once (the batch line comes on top).
pub const MAX_JOB_ROWS: usize = 5;

/// Where the jobs of one batch are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchCounts {
    pub files: usize,
    pub ready: usize,
    pub running: usize,
    pub waiting: usize,
    pub queued: usize,
    pub failed: usize,
    /// Cancelled or interrupted.
    pub stopped: usize,
}

impl UploadQueue {
    pub fn batch_counts(&self, batch: &UploadBatch) -> BatchCounts {
        let mut c = BatchCounts {
            files: batch.len(),
            ..BatchCounts::default()
        };
        for job in self.jobs.iter().filter(|j| batch.jobs.contains(&j.id)) {
            match &job.state {
                UploadState::Ready { .. } => c.ready += 1,
                UploadState::Queued => c.queued += 1,
                UploadState::Waiting { .. } => c.waiting += 1,
                UploadState::Starting | UploadState::Sending { .. } | UploadState::Processing { .. } => {
                    c.running += 1
                }
                UploadState::Failed { .. } => c.failed += 1,
                UploadState::Cancelled { .. } | UploadState::Interrupted => c.stopped += 1,
            }
        }
        c
    }

    /// The batch the pane shows a line for: the newest with several files or skips.
    pub fn shown_batch(&self) -> Option<&UploadBatch> {
        self.batches.iter().rev().find(|b| b.is_many())
    }

    /// Rows the uploads pane needs: one per job, and the batch line.
    pub fn rows(&self) -> usize {
        // The batch line comes on top of the rows, never in place of one.
        self.jobs.len().min(MAX_JOB_ROWS) + usize::from(!self.jobs.is_empty() && self.shown_batch().is_some())
    }

    /// `batch: 12 files · 8 ready · 2 running · 1 waiting · 1 failed · 2 skipped`.
    pub fn batch_line(&self, batch: &UploadBatch) -> String {
        let c = self.batch_counts(batch);
        let mut line = format!("batch: {} file{}", c.files, if c.files == 1 { "" } else { "s" });
        for (n, what) in [
            (c.ready, "ready"),
            (c.running, "running"),
            (c.waiting, "waiting"),
            (c.queued, "queued"),
            (c.failed, "failed"),
            (c.stopped, "stopped"),
            (batch.skipped.len(), "skipped"),
        ] {
            if n > 0 {
                line.push_str(&format!(" · {n} {what}"));
            }
        }
        line
    }

    /// Canonical paths of the files waiting or running.
    pub fn active_keys(&self) -> HashSet<&Path> {
        let active: HashSet<UploadId> = self
            .jobs
            .iter()
            .filter(|j| j.state.is_active())
            .map(|j| j.id)
            .collect();
        self.batches
            .iter()
            .flat_map(|b| &b.keys)
            .filter(|(id, _)| active.contains(id))
            .map(|(_, key)| key.as_path())
            .collect()
    }

    /// Batches whose every job has ended and that were not summed up yet: marks them summed up
    /// and returns their summaries, and whether anything in each failed.
    /// True when upload `id` is one of a batch of several files (or with skips), whose end
    /// is summed up once.
    pub fn in_many_batch(&self, id: UploadId) -> bool {
        self.batches.iter().any(|b| b.is_many() && b.jobs.contains(&id))
    }

    /// Each batch that just ended: its summary, whether some failed, and whether one of those
    /// could go again (not all refused by the service for what the file is).
    pub fn take_ended_batches(&mut self) -> Vec<(String, bool, bool)> {
        let mut ended = Vec::new();
        for i in 0..self.batches.len() {
            let batch = &self.batches[i];
            let running = self
                .jobs
                .iter()
                .any(|j| batch.jobs.contains(&j.id) && j.state.is_active());
            if batch.announced || running || !batch.is_many() {
                continue;
            }
            let failed = self.batch_counts(batch).failed > 0;
            let retryable = self.jobs.iter().any(|j| {
                batch.jobs.contains(&j.id)
                    && matches!(&j.state, UploadState::Failed { reason, .. } if *reason != FailReason::Refused)
            });
            ended.push((self.batch_summary(batch), failed, retryable));
            self.batches[i].announced = true;
        }
        ended
    }

    /// `batch done: 10 ready · 2 skipped (not media: notes.txt) · 1 failed (b.mp4: vanished)`.
    pub fn batch_summary(&self, batch: &UploadBatch) -> String {
        let c = self.batch_counts(batch);
        let mut parts = vec![format!("{} ready", c.ready)];
        if !batch.skipped.is_empty() {
            let mut groups: Vec<(&str, Vec<String>)> = Vec::new();
            for s in &batch.skipped {
                let name = crate::upload_plan::file_name(&s.path);
                match groups.iter_mut().find(|(l, _)| *l == s.reason.label()) {
                    Some((_, names)) => names.push(name),
                    None => groups.push((s.reason.label(), vec![name])),
                }
            }
            let groups: Vec<String> = groups
                .into_iter()
                .map(|(label, names)| format!("{label}: {}", listed(&names)))
                .collect();
            parts.push(format!("{} skipped ({})", batch.skipped.len(), groups.join("; ")));
        }
        if c.failed > 0 {
            let why: Vec<String> = self
                .jobs
                .iter()
                .filter(|j| batch.jobs.contains(&j.id))
                .filter_map(|j| match &j.state {
                    UploadState::Failed { notice, .. } => Some(format!("{}: {}", j.label, notice.message)),
                    _ => None,
                })
                .collect();
            parts.push(format!("{} failed ({})", c.failed, listed(&why)));
        }
        if c.stopped > 0 {
            parts.push(format!("{} stopped", c.stopped));
        }
        format!("batch done: {}", parts.join(" · "))
    }

    /// Drops the batches none of whose jobs is left (after the finished rows are cleared).
    pub fn forget_cleared_batches(&mut self) {
        let jobs = &self.jobs;
        self.batches
            .retain(|b| jobs.iter().any(|j| b.jobs.contains(&j.id)));
    }
}

/// The first [`NAMES`] names, then `…`.
fn listed(names: &[String]) -> String {
    let mut text = names[..names.len().min(NAMES)].join(", ");
    if names.len() > NAMES {
        text.push_str(", …");
    }
    text
}
