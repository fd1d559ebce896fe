//! Deleting assets, one or many: the run of deletes with its limits, the results and the 409
//! conflicts, what the delete dialogs hold, and how they are drawn for one asset and for many.

pub(super) mod bulk_flow;
pub(super) mod bulk_view;
pub(super) mod dialog_data;
pub(super) mod dialog_view;
pub(super) mod flow;
pub(super) mod run;
