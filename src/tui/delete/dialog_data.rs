//! What the delete dialogs hold. A delete (of the selected asset, or of the marked ones) opens
//! `ConfirmDelete` (Cancel focused; for one asset the detail showed in an index, it names the
//! indexes and offers the force at once); 409s open one `ConflictDelete`, which names the referencing
//! indexes and offers Force, and Force asks once more before anything is sent. A bulk delete ends
//! with a `DeleteSummary`.

use crate::api::types::IndexedAssetSummary;
use crate::tui::dialogs::choice::Choice;

/// An asset a delete is about: what the dialogs and the summary name it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteTarget {
    pub id: String,
    /// The filename, or the id when it has none.
    pub name: String,
    pub size: Option<u64>,
}

impl DeleteTarget {
    pub fn of(asset: &crate::api::types::Asset) -> Self {
        Self {
            id: asset.id.clone(),
            name: asset.filename.clone().unwrap_or_else(|| asset.id.clone()),
            size: asset.size,
        }
    }
}

/// First question: delete this asset (the selected one), or these (the marked ones)?
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmDelete {
    /// At least one; one is the plain single delete.
    pub targets: Vec<DeleteTarget>,
    pub choice: Choice,
    /// For one asset, the indexes its detail showed it in (names, or ids), each once: the
    /// question names them and its button forces, since a plain delete would only be refused.
    pub in_indexes: Vec<String>,
    /// How many indexed assets the detail showed (a force delete removes them too).
    pub indexed: usize,
}

impl ConfirmDelete {
    /// A question about `targets`, Cancel focused, no index known.
    pub fn new(targets: Vec<DeleteTarget>) -> Self {
        Self {
            targets,
            choice: Choice::Cancel,
            in_indexes: Vec::new(),
            indexed: 0,
        }
    }

    /// True when going ahead force-deletes (the detail showed the one asset in an index).
    pub fn forces(&self) -> bool {
        self.indexed > 0
    }

    /// The sum of the known sizes.
    pub fn total_size(&self) -> u64 {
        self.targets.iter().filter_map(|t| t.size).sum()
    }
}

/// What we know of the indexed assets that block a delete.
#[derive(Debug, Clone, PartialEq)]
pub enum References {
    Loading,
    Loaded {
        items: Vec<IndexedAssetSummary>,
        total: u64,
    },
    /// The list could not be fetched; Force is still offered.
    Unknown(String),
}

impl References {
    /// Index names (or ids), each once, in the order first seen.
    pub fn index_names(&self) -> Vec<String> {
        let References::Loaded { items, .. } = self else {
            return Vec::new();
        };
        let mut names: Vec<String> = Vec::new();
        for it in items {
            let name = it.index.name.clone().unwrap_or_else(|| it.index.id.clone());
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }
}

/// One asset the server refused to delete, and what uses it.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflicted {
    pub target: DeleteTarget,
    pub references: References,
}

/// The two questions of the conflict dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConflictStep {
    /// "In use by these indexes — Force?"
    #[default]
    Review,
    /// The final "really force delete?" question.
    ConfirmForce,
}

/// The server refused the delete of these assets (one, or the 409s of a bulk delete) because
/// indexed assets reference them.
#[derive(Debug, Clone, PartialEq)]
pub struct ConflictDelete {
    /// At least one.
    pub assets: Vec<Conflicted>,
    pub step: ConflictStep,
    pub choice: Choice,
}

impl ConflictDelete {
    /// A dialog for `targets`, their references still to be fetched.
    pub fn loading(targets: Vec<DeleteTarget>) -> Self {
        Self {
            assets: targets
                .into_iter()
                .map(|target| Conflicted {
                    target,
                    references: References::Loading,
                })
                .collect(),
            step: ConflictStep::Review,
            choice: Choice::Cancel,
        }
    }

    /// True while a reference lookup is in flight.
    pub fn is_loading(&self) -> bool {
        self.assets.iter().any(|a| a.references == References::Loading)
    }

    /// The indexed assets that use them, when every lookup said.
    pub fn known_references(&self) -> Option<u64> {
        self.assets
            .iter()
            .map(|a| match &a.references {
                References::Loaded { total, .. } => Some(*total),
                _ => None,
            })
            .sum()
    }
}

/// The end of a bulk delete: what went, what stayed and why.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeleteSummary {
    pub deleted: Vec<DeleteTarget>,
    /// Deleted with force (their indexed assets went too); also counted in `deleted`.
    pub forced: usize,
    /// Already gone on the server (404): nothing left to delete.
    pub already_gone: Vec<DeleteTarget>,
    /// In use, and Force was declined.
    pub kept: Vec<DeleteTarget>,
    /// Failed, with the reason.
    pub failed: Vec<(DeleteTarget, String)>,
}
