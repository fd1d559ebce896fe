//! The metadata editor (`e`): its text and checks, its editing keys, the run of writes one save
//! starts with the task behind each, and its drawing.

pub(super) mod editing;
pub(super) mod editor;
pub(super) mod flow;
pub(super) mod save_run;
pub(super) mod save_task;
pub(super) mod view;
