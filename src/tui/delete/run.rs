//! A confirmed delete of one or many assets while it runs: the ones waiting, the ones in flight
//! (at most [`DELETES_AT_ONCE`]), and what became of each. A plain round first; the ones it
//! refused with 409 wait for the conflict dialog, which either keeps them or sends them again in
//! a force round. Pure state; `delete/bulk_flow.rs` turns it into effects and dialogs.

use std::collections::VecDeque;

use super::dialog_data::{DeleteSummary, DeleteTarget};

/// Deletes in flight at once: enough to keep a remote service busy, few enough not to flood it.
pub const DELETES_AT_ONCE: usize = 8;

/// How one delete ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeleteOutcome {
    Deleted {
        forced: bool,
    },
    /// 404: someone else deleted it first.
    AlreadyGone,
    /// In use, and Force was declined.
    Kept,
    Failed(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteRun {
    /// How many assets the run was started with.
    pub total: usize,
    /// True in the force round.
    pub force: bool,
    waiting: VecDeque<DeleteTarget>,
    in_flight: Vec<DeleteTarget>,
    /// Refused with 409 in the plain round; the conflict dialog decides once the round is over.
    pub conflicted: Vec<DeleteTarget>,
    pub done: Vec<(DeleteTarget, DeleteOutcome)>,
}

impl DeleteRun {
    pub fn new(targets: Vec<DeleteTarget>, force: bool) -> Self {
        Self {
            total: targets.len(),
            force,
            waiting: targets.into(),
            in_flight: Vec::new(),
            conflicted: Vec::new(),
            done: Vec::new(),
        }
    }

    /// The deletes to send now, moved to in flight.
    pub fn next_batch(&mut self) -> Vec<DeleteTarget> {
        let room = DELETES_AT_ONCE.saturating_sub(self.in_flight.len());
        let n = room.min(self.waiting.len());
        let batch: Vec<DeleteTarget> = self.waiting.drain(..n).collect();
        self.in_flight.extend(batch.iter().cloned());
        batch
    }

    /// Takes the delete of `id` out of flight, if this run sent it.
    pub fn take(&mut self, id: &str) -> Option<DeleteTarget> {
        let pos = self.in_flight.iter().position(|t| t.id == id)?;
        Some(self.in_flight.swap_remove(pos))
    }

    pub fn in_flight(&self) -> usize {
        self.in_flight.len()
    }

    /// Nothing waits and nothing is in flight.
    pub fn round_over(&self) -> bool {
        self.waiting.is_empty() && self.in_flight.is_empty()
    }

    /// How many have an answer (including the refused ones waiting for the dialog).
    pub fn answered(&self) -> usize {
        self.done.len() + self.conflicted.len()
    }

    /// Force was chosen: the refused ones go again, with force.
    pub fn start_force_round(&mut self) {
        self.force = true;
        self.waiting = std::mem::take(&mut self.conflicted).into();
    }

    /// Force was declined: the refused ones stay.
    pub fn keep_conflicted(&mut self) {
        for t in std::mem::take(&mut self.conflicted) {
            self.done.push((t, DeleteOutcome::Kept));
        }
    }

    pub fn summary(&self) -> DeleteSummary {
        let mut s = DeleteSummary::default();
        for (t, outcome) in &self.done {
            match outcome {
                DeleteOutcome::Deleted { forced } => {
                    s.forced += usize::from(*forced);
                    s.deleted.push(t.clone());
                }
                DeleteOutcome::AlreadyGone => s.already_gone.push(t.clone()),
                DeleteOutcome::Kept => s.kept.push(t.clone()),
                DeleteOutcome::Failed(why) => s.failed.push((t.clone(), why.clone())),
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(i: usize) -> DeleteTarget {
        DeleteTarget {
            id: format!("id{i}"),
            name: format!("clip-{i}.mp4"),
            size: Some(10),
        }
    }

    #[test]
    fn at_most_eight_fly_and_each_answer_makes_room_for_one_more() {
        let mut run = DeleteRun::new((0..20).map(target).collect(), false);
        assert_eq!(run.next_batch().len(), DELETES_AT_ONCE);
        assert!(run.next_batch().is_empty(), "no room until one answers");
        assert!(run.take("id3").is_some());
        assert!(run.take("id3").is_none(), "an answer is taken once");
        assert!(run.take("id15").is_none(), "not sent yet");
        assert_eq!(run.next_batch().len(), 1);
        assert_eq!(run.in_flight(), DELETES_AT_ONCE);
        assert!(!run.round_over());
    }
}
