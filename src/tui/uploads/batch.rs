//! The uploads one Enter of the form queued, and what it skipped. Their line in the uploads pane
//! and their end summary are `uploads/queue_batches.rs`.

use std::ops::Range;
use std::path::PathBuf;

use crate::upload_plan::Skipped;

use crate::tui::msg::UploadId;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadBatch {
    /// Its queue jobs, one per file or URL, in the order given: added together, so their ids
    /// follow on (a range keeps the counts linear for a folder of 10,000 files).
    pub jobs: Range<UploadId>,
    /// The canonical path of each file job (none for URLs): a file already on its way is not
    /// queued again.
    pub keys: Vec<(UploadId, PathBuf)>,
    /// What the paths named that is not uploaded, and why.
    pub skipped: Vec<Skipped>,
    /// The end summary was given.
    pub announced: bool,
}

impl UploadBatch {
    /// Worth a line of its own: more than one upload, or something skipped.
    pub fn is_many(&self) -> bool {
        self.len() > 1 || !self.skipped.is_empty()
    }

    pub fn len(&self) -> usize {
        usize::try_from(self.jobs.end.0.saturating_sub(self.jobs.start.0)).unwrap_or(usize::MAX)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
