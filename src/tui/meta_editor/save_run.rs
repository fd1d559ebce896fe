//! The writes of one `Ctrl-S` in the metadata editor while they run: one asset (PUT) or every
//! marked one (PATCH), at most [`WRITES_AT_ONCE`] in flight, and what became of each. Pure
//! state; `meta_editor/flow.rs` turns it into effects.

use serde_json::Value;

use crate::api::types::{Asset, UserMetadata};

use crate::tui::notices::Notice;

/// Writes in flight at once: enough to finish a few hundred marks quickly, few enough not to
/// trip a rate limit on the way.
pub const WRITES_AT_ONCE: usize = 4;

/// An asset the editor writes to, and the name the list shows for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditTarget {
    pub id: String,
    pub name: String,
}

impl EditTarget {
    pub fn of(asset: &Asset) -> Self {
        Self {
            id: asset.id.clone(),
            name: asset.filename.clone().unwrap_or_else(|| asset.id.clone()),
        }
    }
}

/// The write `Ctrl-S` sends to each asset.
#[derive(Debug, Clone, PartialEq)]
pub enum MetadataWrite {
    /// PUT: the whole set (`{}` clears it).
    Replace(UserMetadata),
    /// PATCH: keys set, `null` ones removed, the others kept.
    Merge(UserMetadata),
}

impl MetadataWrite {
    /// The set after this write, by the contract's rules (PUT replaces, PATCH merges, `null`
    /// removes, empty text is ignored); `None` when empty, as the API omits an empty set.
    pub fn apply_to(&self, current: Option<UserMetadata>) -> Option<UserMetadata> {
        let ignored = |v: &Value| v.is_null() || v.as_str() == Some("");
        let next = match self {
            MetadataWrite::Replace(set) => set
                .iter()
                .filter(|(_, v)| !ignored(v))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            MetadataWrite::Merge(changes) => {
                let mut next = current.unwrap_or_default();
                for (k, v) in changes {
                    if v.is_null() {
                        next.remove(k);
                    } else if !ignored(v) {
                        next.insert(k.clone(), v.clone());
                    }
                }
                next
            }
        };
        (!next.is_empty()).then_some(next)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MetaRun {
    pub write: MetadataWrite,
    waiting: Vec<EditTarget>,
    in_flight: Vec<EditTarget>,
    pub saved: usize,
    /// Refused or failed, with the error.
    pub failed: Vec<(EditTarget, Notice)>,
    pub total: usize,
}

impl MetaRun {
    pub fn new(targets: Vec<EditTarget>, write: MetadataWrite) -> Self {
        let total = targets.len();
        let mut waiting = targets;
        // Sent from the back, so reversed to go out in the order given.
        waiting.reverse();
        Self {
            write,
            waiting,
            in_flight: Vec::new(),
            saved: 0,
            failed: Vec::new(),
            total,
        }
    }

    /// Moves waiting writes into the free slots and returns them.
    pub fn next_batch(&mut self) -> Vec<EditTarget> {
        let mut batch = Vec::new();
        while self.in_flight.len() < WRITES_AT_ONCE {
            let Some(t) = self.waiting.pop() else { break };
            self.in_flight.push(t.clone());
            batch.push(t);
        }
        batch
    }

    /// Records the answer for `id`; `None` when no write of this run waits for it.
    pub fn answer(&mut self, id: &str, result: Result<(), Notice>) -> Option<EditTarget> {
        let at = self.in_flight.iter().position(|t| t.id == id)?;
        let target = self.in_flight.remove(at);
        match result {
            Ok(()) => self.saved += 1,
            Err(notice) => self.failed.push((target.clone(), notice)),
        }
        Some(target)
    }

    pub fn answered(&self) -> usize {
        self.saved + self.failed.len()
    }

    pub fn is_over(&self) -> bool {
        self.waiting.is_empty() && self.in_flight.is_empty()
    }
}
