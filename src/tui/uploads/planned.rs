//! What the upload form's paths expanded to, as the expansion task hands it to the app.

use std::path::PathBuf;

use crate::upload_plan::UploadPlan;

/// The media files of the paths given, and each file's canonical path (what tells two ways of
/// naming one file apart from two files, so none is queued twice).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Planned {
    pub plan: UploadPlan,
    /// One per `plan.files`, in the same order.
    pub keys: Vec<PathBuf>,
}
