//! Deleting the marked assets (or the selected one: a run of one): one confirmation, deletes sent
//! [`DELETES_AT_ONCE`](super::run::DELETES_AT_ONCE) at a time, each row leaving the list as its
//! answer comes, the 409s gathered into one conflict dialog (Force asks once more), and one summary
//! at the end. A run of one asset behaves as the single delete always did: a flash instead of the
//! summary, an error message for a failure.

use crate::api::ApiError;

use super::dialog_data::{ConfirmDelete, ConflictDelete, ConflictStep, DeleteTarget};
use super::run::{DeleteOutcome, DeleteRun};
use crate::tui::app::App;
use crate::tui::dialogs::{DialogOutcome, Modal, dialog_step};
use crate::tui::effect::Effect;
use crate::tui::input::keymap::Action;

impl App {
    /// `d`: asks about the marked assets, or the selected one when none is marked.
    pub(in crate::tui) fn open_delete(&mut self) {
        if self.delete_run.is_some() {
            self.notices.flash = Some("a delete is still running".to_string());
            return;
        }
        let targets: Vec<DeleteTarget> = if self.marks.is_empty() {
            self.list
                .selected_asset()
                .map(DeleteTarget::of)
                .into_iter()
                .collect()
        } else {
            self.marks.end_range();
            self.marks.assets().into_iter().map(DeleteTarget::of).collect()
        };
        let targets: Vec<DeleteTarget> = targets
            .into_iter()
            .filter(|t| !self.list.deleting.contains(&t.id))
            .collect();
        if targets.is_empty() {
            return;
        }
        let mut dialog = ConfirmDelete::new(targets);
        if let [one] = dialog.targets.as_slice()
            && let Some(Ok(rows)) = self.part_of.get(&one.id).map(|s| &s.indexes)
        {
            for row in rows {
                let name = row.index.name.clone().unwrap_or_else(|| row.index.id.clone());
                if !dialog.in_indexes.contains(&name) {
                    dialog.in_indexes.push(name);
                }
            }
            dialog.indexed = rows.len();
        }
        self.modal = Some(Modal::ConfirmDelete(dialog));
    }

    pub(in crate::tui) fn on_confirm_delete_key(&mut self, action: Action) -> Vec<Effect> {
        let Some(Modal::ConfirmDelete(d)) = &mut self.modal else {
            return Vec::new();
        };
        match dialog_step(&mut d.choice, action) {
            DialogOutcome::Stay => Vec::new(),
            DialogOutcome::Cancelled => {
                self.modal = None;
                Vec::new()
            }
            DialogOutcome::Proceed => {
                let (targets, force) = (std::mem::take(&mut d.targets), d.forces());
                self.modal = None;
                self.start_delete_run(targets, force)
            }
        }
    }

    pub(in crate::tui) fn on_conflict_key(&mut self, action: Action) -> Vec<Effect> {
        let Some(Modal::ConflictDelete(d)) = &mut self.modal else {
            return Vec::new();
        };
        let waiting_run = self.delete_run.as_ref().is_some_and(DeleteRun::round_over);
        match dialog_step(&mut d.choice, action) {
            DialogOutcome::Stay => Vec::new(),
            DialogOutcome::Cancelled => {
                self.modal = None;
                if waiting_run && let Some(run) = &mut self.delete_run {
                    run.keep_conflicted();
                    self.finish_run();
                }
                Vec::new()
            }
            DialogOutcome::Proceed if d.step == ConflictStep::Review => {
                // Force gets its own question, again with Cancel focused.
                d.step = ConflictStep::ConfirmForce;
                d.choice = Default::default();
                Vec::new()
            }
            DialogOutcome::Proceed => {
                let targets: Vec<DeleteTarget> = d.assets.iter().map(|a| a.target.clone()).collect();
                self.modal = None;
                match &mut self.delete_run {
                    Some(run) if waiting_run => {
                        run.start_force_round();
                        if run.total == 1 {
                            self.notices.flash = Some(format!("force-deleting {}…", targets[0].name));
                        }
                        self.send_deletes()
                    }
                    // A 409 that no run of ours waits for (the run was of one, long gone).
                    _ => self.start_delete_run(targets, true),
                }
            }
        }
    }

    pub(in crate::tui) fn on_summary_key(&mut self, action: Action) {
        if matches!(action, Action::Confirm | Action::Cancel) {
            self.modal = None;
        }
    }

    fn start_delete_run(&mut self, targets: Vec<DeleteTarget>, force: bool) -> Vec<Effect> {
        if let [one] = targets.as_slice() {
            let how = if force { "force-deleting" } else { "deleting" };
            self.notices.flash = Some(format!("{how} {}…", one.name));
        }
        self.delete_run = Some(DeleteRun::new(targets, force));
        self.send_deletes()
    }

    /// Fills the free slots of the run with waiting deletes.
    fn send_deletes(&mut self) -> Vec<Effect> {
        let Some(run) = &mut self.delete_run else {
            return Vec::new();
        };
        let force = run.force;
        run.next_batch()
            .into_iter()
            .map(|t| {
                self.list.deleting.insert(t.id.clone());
                Effect::Delete { id: t.id, force }
            })
            .collect()
    }

    /// A delete of the run went through; `None` when the run did not send it.
    pub(in crate::tui) fn run_deleted(&mut self, id: &str, force: bool) -> Option<Vec<Effect>> {
        let target = self.delete_run.as_mut()?.take(id)?;
        self.record(target, DeleteOutcome::Deleted { forced: force });
        Some(self.after_answer())
    }

    /// A delete of the run failed; `None` when the run did not send it.
    pub(in crate::tui) fn run_failed(
        &mut self,
        id: &str,
        conflict: bool,
        error: &ApiError,
    ) -> Option<Vec<Effect>> {
        let run = self.delete_run.as_mut()?;
        let target = run.take(id)?;
        let (single, force) = (run.total == 1, run.force);
        self.list.deleting.remove(id);
        if conflict && !force {
            if let Some(run) = &mut self.delete_run {
                run.conflicted.push(target);
            }
        } else if matches!(error, ApiError::NotFound { .. }) {
            self.record(target, DeleteOutcome::AlreadyGone);
        } else {
            // One asset: the error message, as ever. Many: the summary names each reason; only a
            // lost connection is shown at once (the banner), since every other delete fails too.
            if single || matches!(error, ApiError::Transport { .. }) {
                self.api_error(&format!("deleting {}", target.name), error, None);
            }
            let why = format!("{}: {}", error.code(), error.message());
            self.record(target, DeleteOutcome::Failed(why));
        }
        Some(self.after_answer())
    }

    fn record(&mut self, target: DeleteTarget, outcome: DeleteOutcome) {
        if matches!(
            outcome,
            DeleteOutcome::Deleted { .. } | DeleteOutcome::AlreadyGone
        ) {
            // The selection stays on its asset while rows above it go (on the same row when
            // its own asset goes).
            let selected = self.list.selected_id().filter(|s| *s != target.id);
            self.list.remove(&target.id);
            if let Some(id) = selected {
                self.list.select_id(&id);
            }
            self.marks.remove(&target.id);
        }
        if let Some(run) = &mut self.delete_run {
            run.done.push((target, outcome));
        }
    }

    /// Sends the next deletes; at the end of a round, asks about the refused ones or sums up.
    fn after_answer(&mut self) -> Vec<Effect> {
        let mut effects = self.send_deletes();
        let Some(run) = &self.delete_run else {
            return effects;
        };
        if run.round_over() {
            if run.conflicted.is_empty() {
                self.finish_run();
            } else if self.modal.is_some() {
                // Something else was opened meanwhile (a form being typed in): never replace it.
                // The refused ones are kept, still marked; `d` again asks about them.
                let single = (run.total == 1).then(|| run.conflicted.first().map(|t| t.name.clone()));
                if let Some(run) = &mut self.delete_run {
                    run.keep_conflicted();
                }
                self.finish_run();
                // Many are counted by the run's summary line; one would go untold.
                if let Some(Some(name)) = single {
                    self.notices.flash = Some(format!(
                        "{name} is used by indexed assets, so it was not deleted (d again offers Force)"
                    ));
                }
            } else {
                let refused = run.conflicted.clone();
                effects.extend(
                    refused
                        .iter()
                        .map(|t| Effect::FetchReferences { id: t.id.clone() }),
                );
                self.modal = Some(Modal::ConflictDelete(ConflictDelete::loading(refused)));
            }
        }
        effects.extend(self.follow_selection());
        effects
    }

    fn finish_run(&mut self) {
        let Some(run) = self.delete_run.take() else {
            return;
        };
        if run.total > 1 {
            let s = run.summary();
            let mut line = format!("deleted {} of {}", s.deleted.len(), run.total);
            if !s.kept.is_empty() {
                line.push_str(&format!(" · {} kept", s.kept.len()));
            }
            if !s.failed.is_empty() {
                line.push_str(&format!(" · {} failed", s.failed.len()));
            }
            self.notices.flash = Some(line);
            // The status line says it all, unless some failed: their reasons need the summary
            // (never over another dialog that was opened meanwhile).
            if !s.failed.is_empty() && self.modal.is_none() {
                self.modal = Some(Modal::DeleteSummary(s));
            }
            return;
        }
        self.notices.flash = match run.done.first() {
            Some((t, DeleteOutcome::Deleted { forced: true })) => Some(format!("force-deleted {}", t.name)),
            Some((t, DeleteOutcome::Deleted { forced: false })) => Some(format!("deleted {}", t.name)),
            Some((t, DeleteOutcome::AlreadyGone)) => Some(format!("{} was already deleted", t.name)),
            // Kept: the user said so; failed: the error message says why.
            _ => None,
        };
    }

    /// True while deletes are in flight (the status line counts them).
    pub(in crate::tui) fn deletes_running(&self) -> bool {
        self.delete_run.as_ref().is_some_and(|r| !r.round_over())
    }
}
