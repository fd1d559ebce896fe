//! Uploads: the form (in `form/`), the queue of uploads running in the background with their
//! batches, the tasks that send them, and the uploads pane and story dialog.

pub(super) mod batch;
pub(super) mod flow;
pub(super) mod form;
pub(super) mod many_flow;
pub(super) mod many_task;
pub(super) mod planned;
pub(super) mod queue;
pub(super) mod queue_batches;
pub(super) mod queue_view;
pub(super) mod queued_upload;
pub(super) mod story_view;
pub(super) mod task;
