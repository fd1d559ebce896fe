//! Work that `App::update` asks for. The runtime (`runtime.rs`) turns each into a task.

use std::path::PathBuf;

use crate::api::CreateAsset;
use crate::api::types::ListAssetsQuery;

use super::msg::{RequestId, UploadId};

/// One piece of work to do outside `update`.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    FetchPage {
        request_id: RequestId,
        query: ListAssetsQuery,
    },
    FetchDetail {
        request_id: RequestId,
        id: String,
    },
    /// Create the asset (streaming the file and reporting progress), then poll it until final.
    StartUpload {
        upload: UploadId,
        request: CreateAsset,
        /// File size, for progress; `None` for URL uploads.
        total: Option<u64>,
    },
    /// Stop an upload's task (sending or polling).
    CancelUpload {
        upload: UploadId,
    },
    Delete {
        id: String,
        force: bool,
    },
    /// The indexed assets that block a plain delete.
    FetchReferences {
        id: String,
    },
    /// Check a local file before upload.
    InspectFile {
        request_id: RequestId,
        path: PathBuf,
    },
    /// List a directory for path completion and the browser.
    ListDir {
        request_id: RequestId,
        dir: PathBuf,
    },
}
