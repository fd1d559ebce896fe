//! The detail pane's "Transcript" section: the lines said in the shown video or audio asset,
//! read in the background once it is `ready` and kept for a few assets, searched with `/`
//! (`n`/`N` step through the matches), and `Enter` opening the preview at a line's time with
//! the transcript as its captions. Pure state here; `flow.rs` and `search.rs` drive it,
//! `task.rs` reads it, `view.rs` draws it.

pub(in crate::tui) mod flow;
pub(in crate::tui) mod search;
pub(in crate::tui) mod task;
pub(in crate::tui) mod view;

use std::collections::VecDeque;

use crate::api::types::{TranscriptUtterance, TranscriptionStatus};
use crate::tui::msg::RequestId;
use crate::tui::task_error::SectionError;

/// Assets whose transcripts are kept at once.
pub const KEEP: usize = 16;

/// What is known of one asset's transcript.
#[derive(Debug, Clone, PartialEq)]
pub enum Shown {
    /// The lines said, sorted by start (sentences, else speaker turns, else words grouped).
    Lines(Vec<TranscriptUtterance>),
    /// The service has none for it (404).
    Missing,
    /// Not there yet: `pending` or `processing`.
    NotYet(TranscriptionStatus),
    /// The transcript failed, and why.
    Failed(String),
    /// It could not be read.
    Error(SectionError),
}

/// The transcript search: the line being typed, the query applied, the current match.
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// The line while it is typed (`/` until Enter or Esc).
    pub input: Option<tui_input::Input>,
    /// The query applied (case-insensitive); empty: no search.
    pub query: String,
    /// The line of the current match.
    pub current: Option<usize>,
}

impl Search {
    /// The text searched for now: the line being typed, else the applied query.
    pub fn text(&self) -> &str {
        self.input.as_ref().map_or(self.query.as_str(), |i| i.value())
    }
}

/// The transcripts of the app.
#[derive(Debug, Clone, Default)]
pub struct Transcripts {
    /// The asset the detail pane shows now.
    pub wanted: Option<String>,
    /// The request that may answer for `wanted`; every other answer is stale.
    pub pending: Option<(String, RequestId)>,
    pub search: Search,
    kept: VecDeque<(String, Shown)>,
}

impl Transcripts {
    /// What is kept for `asset_id`.
    pub fn get(&self, asset_id: &str) -> Option<&Shown> {
        self.kept.iter().find(|(id, _)| id == asset_id).map(|(_, s)| s)
    }

    /// The lines kept for `asset_id` (none unless its transcript was read whole).
    pub fn lines(&self, asset_id: &str) -> &[TranscriptUtterance] {
        match self.get(asset_id) {
            Some(Shown::Lines(l)) => l,
            _ => &[],
        }
    }

    /// True while a request for `asset_id` may still answer.
    pub fn is_loading(&self, asset_id: &str) -> bool {
        self.pending.as_ref().is_some_and(|(id, _)| id == asset_id)
    }

    /// Keeps `shown` for `asset_id`, dropping the oldest beyond [`KEEP`].
    pub fn insert(&mut self, asset_id: String, shown: Shown) {
        self.kept.retain(|(id, _)| *id != asset_id);
        self.kept.push_back((asset_id, shown));
        while self.kept.len() > KEEP {
            self.kept.pop_front();
        }
    }

    /// True when showing `asset_id` again should read it: nothing kept, or what is kept may
    /// have changed since (not there yet, or not read).
    pub fn needs_read(&self, asset_id: &str) -> bool {
        matches!(
            self.get(asset_id),
            None | Some(Shown::NotYet(_) | Shown::Error(_))
        )
    }

    /// The lines of `asset_id` that hold the query, in order.
    pub fn matches(&self, asset_id: &str) -> Vec<usize> {
        let query = self.search.text().trim().to_lowercase();
        if query.is_empty() {
            return Vec::new();
        }
        self.lines(asset_id)
            .iter()
            .enumerate()
            .filter(|(_, l)| l.value.to_lowercase().contains(&query))
            .map(|(i, _)| i)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(v: &str) -> TranscriptUtterance {
        TranscriptUtterance {
            start: 0.0,
            end: 1.0,
            value: v.into(),
            speaker: None,
        }
    }

    #[test]
    fn matches_ignore_case_and_the_oldest_is_dropped() {
        let mut t = Transcripts::default();
        t.insert(
            "a".into(),
            Shown::Lines(vec![line("The Harbor"), line("tide"), line("harbor")]),
        );
        t.search.query = "HARBOR".into();
        assert_eq!(t.matches("a"), vec![0, 2]);
        assert!(!t.needs_read("a"));
        for i in 0..KEEP {
            t.insert(format!("x{i}"), Shown::Missing);
        }
        assert!(t.get("a").is_none() && t.needs_read("a"));
    }
}
