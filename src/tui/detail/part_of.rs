//! What the shown asset is part of, for the detail pane's "Indexes" and "Entities" sections:
//! the answers kept for a few assets, the one request that may still answer, and the sends to
//! an index that have not answered yet. Pure state; `detail/part_of_flow.rs` drives it.

use std::collections::{HashSet, VecDeque};

use crate::api::types::{IndexRef, IndexedAssetStatus};
use crate::api::{EntityUse, IndexUse};

use crate::tui::msg::RequestId;
use crate::tui::task_error::SectionError;

/// Assets whose sections are kept at once; each is a few short rows.
pub const KEEP: usize = 32;

/// One section as read: its rows, or why it could not be read.
pub type Part<T> = Result<Vec<T>, SectionError>;

/// Both sections of one asset.
#[derive(Debug, Clone, PartialEq)]
pub struct Sections {
    pub indexes: Part<IndexUse>,
    pub entities: Part<EntityUse>,
}

impl Sections {
    /// True when a section could not be read, so showing the asset again asks again.
    pub fn has_error(&self) -> bool {
        self.indexes.is_err() || self.entities.is_err()
    }
}

/// A send to an index that has not answered yet: what the summary says besides the results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddRun {
    pub request_id: RequestId,
    /// The index's name, or its id.
    pub index_label: String,
    /// Assets not sent: not `ready`, or media an index cannot hold.
    pub not_ready: usize,
}

/// The part-of state of the app.
#[derive(Debug, Clone, Default)]
pub struct PartOf {
    /// The asset the detail pane shows now.
    pub wanted: Option<String>,
    /// The request that may answer for `wanted`; every other answer is stale.
    pub pending: Option<(String, RequestId)>,
    /// Sends to an index waiting for their results.
    pub adding: Vec<AddRun>,
    /// The indexed assets followed until `ready` or `failed`, each by one task.
    pub watching: HashSet<String>,
    kept: VecDeque<(String, Sections)>,
    /// Kept assets whose read was asked for (`r`) but abandoned when the selection moved away
    /// before the answer: what is kept for them is older than the user asked for, so showing
    /// them again reads again.
    stale: HashSet<String>,
}

impl PartOf {
    /// The sections kept for `asset_id`.
    pub fn get(&self, asset_id: &str) -> Option<&Sections> {
        self.kept.iter().find(|(id, _)| id == asset_id).map(|(_, s)| s)
    }

    /// True while a request for `asset_id` may still answer.
    pub fn is_loading(&self, asset_id: &str) -> bool {
        self.pending.as_ref().is_some_and(|(id, _)| id == asset_id)
    }

    /// Keeps `sections` for `asset_id`, dropping the oldest beyond [`KEEP`].
    pub fn insert(&mut self, asset_id: String, sections: Sections) {
        self.stale.remove(&asset_id);
        self.kept.retain(|(id, _)| *id != asset_id);
        self.kept.push_back((asset_id, sections));
        while self.kept.len() > KEEP {
            if let Some((gone, _)) = self.kept.pop_front() {
                self.stale.remove(&gone);
            }
        }
    }

    /// Drops the request that may answer, if any; what it was to refresh is marked stale.
    pub fn abandon_pending(&mut self) {
        if let Some((asset_id, _)) = self.pending.take()
            && self.get(&asset_id).is_some()
        {
            self.stale.insert(asset_id);
        }
    }

    /// True when showing `asset_id` should read its sections: none kept, an error kept, or a
    /// read of them was abandoned.
    pub fn needs_read(&self, asset_id: &str) -> bool {
        self.get(asset_id).is_none_or(Sections::has_error) || self.stale.contains(asset_id)
    }

    /// How many assets' sections are kept.
    pub fn len(&self) -> usize {
        self.kept.len()
    }

    /// True when none is kept.
    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    /// Records what is known of one indexed asset of `asset_id`: its row is added, or its status
    /// replaced (a `None` status keeps the one known). Nothing happens for an asset not kept, or
    /// whose indexes could not be read: its next read will say.
    pub fn upsert_index(
        &mut self,
        asset_id: &str,
        indexed_asset_id: &str,
        index: &IndexRef,
        status: Option<IndexedAssetStatus>,
    ) {
        let Some((_, sections)) = self.kept.iter_mut().find(|(id, _)| id == asset_id) else {
            return;
        };
        let Ok(rows) = &mut sections.indexes else {
            return;
        };
        match rows.iter_mut().find(|u| u.id == indexed_asset_id) {
            Some(row) => {
                if status.is_some() {
                    row.status = status;
                }
            }
            None => rows.push(IndexUse {
                id: indexed_asset_id.to_string(),
                index: index.clone(),
                status,
            }),
        }
    }
}
