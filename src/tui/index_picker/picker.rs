//! The index picker of `i` (add to an index): the assets it sends, the indexes it offers (loaded
//! in the background), the filter typed so far and the highlighted row.

use tui_input::Input;

use crate::api::indexable::{self, Unindexable};
use crate::api::types::{Asset, Index};

use crate::tui::msg::RequestId;
use crate::tui::task_error::SectionError;

/// An asset the picker is about: what it is named by, and why an index cannot hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickTarget {
    pub id: String,
    /// The filename, or the id when it has none.
    pub name: String,
    /// `None` for a ready video or audio asset; else why it is not sent (not ready, an image …),
    /// by the rule the platform follows (`api::indexable`).
    pub problem: Option<Unindexable>,
}

impl PickTarget {
    pub fn of(asset: &Asset) -> Self {
        Self {
            id: asset.id.clone(),
            name: asset.filename.clone().unwrap_or_else(|| asset.id.clone()),
            problem: indexable::check(asset),
        }
    }

    /// `harbor.mp4 (processing)`, `photo.jpg (an image)`.
    pub fn described(&self) -> String {
        match &self.problem {
            Some(Unindexable::NotReady(status)) => format!("{} ({status})", self.name),
            Some(Unindexable::WrongMedia(kind)) => format!("{} ({kind})", self.name),
            None => self.name.clone(),
        }
    }

    /// Not ready (rather than media an index cannot hold).
    pub fn not_ready(&self) -> bool {
        matches!(self.problem, Some(Unindexable::NotReady(_)))
    }
}

/// The indexes the picker offers.
#[derive(Debug, Clone, PartialEq)]
pub enum IndexChoices {
    Loading,
    Loaded(Vec<Index>),
    Failed(SectionError),
}

#[derive(Debug, Clone)]
pub struct IndexPicker {
    /// The request whose answer fills `indexes`.
    pub request_id: RequestId,
    /// The ready video and audio assets: the ones Enter sends.
    pub send: Vec<PickTarget>,
    /// The assets an index cannot hold (not ready, images, documents): named, not sent.
    pub skipped: Vec<PickTarget>,
    pub indexes: IndexChoices,
    pub filter: Input,
    /// The highlighted row among [`IndexPicker::shown`].
    pub selected: usize,
}

impl IndexPicker {
    /// A picker for `targets` waiting for the indexes of request `request_id`.
    pub fn new(request_id: RequestId, targets: Vec<PickTarget>) -> Self {
        let (send, skipped) = targets.into_iter().partition(|t| t.problem.is_none());
        Self {
            request_id,
            send,
            skipped,
            indexes: IndexChoices::Loading,
            filter: Input::default(),
            selected: 0,
        }
    }

    /// The indexes matching the filter (any part of the name or the id, in any case), in the
    /// service's order.
    pub fn shown(&self) -> Vec<&Index> {
        let IndexChoices::Loaded(all) = &self.indexes else {
            return Vec::new();
        };
        let wanted = self.filter.value().trim().to_lowercase();
        all.iter()
            .filter(|i| {
                wanted.is_empty()
                    || i.id.to_lowercase().contains(&wanted)
                    || i.index_name
                        .as_deref()
                        .is_some_and(|n| n.to_lowercase().contains(&wanted))
            })
            .collect()
    }

    /// The highlighted index, if any is shown.
    pub fn chosen(&self) -> Option<&Index> {
        self.shown().get(self.selected).copied()
    }

    /// Moves the highlight, staying on the rows shown.
    pub fn move_by(&mut self, delta: isize) {
        let last = self.shown().len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    /// The filter changed: the highlight goes back to the best (first) match.
    pub fn filter_changed(&mut self) {
        self.selected = 0;
    }
}
