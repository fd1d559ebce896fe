//! Work that `App::update` asks for. The runtime (`runtime.rs`) turns each into a task.

use std::path::PathBuf;

use crate::api::types::{IndexRef, ListAssetsQuery};
use crate::api::{CreateAsset, MultipartState};

use super::msg::{RequestId, UploadId};

/// One piece of work to do outside `update`.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    FetchPage {
        request_id: RequestId,
        query: ListAssetsQuery,
    },
    /// One of several pages fetched at once (loading to the end of the list): unlike
    /// `FetchPage`, it does not replace the page fetch in flight.
    FetchPageAlongside {
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
        /// Send the file in chunks through a multipart session (over the direct-upload limit),
        /// saving the session so it can be resumed.
        multipart: bool,
    },
    /// Finish an interrupted multipart upload (the newest saved state of the same session wins
    /// over this one), then poll the asset until final.
    ResumeUpload {
        upload: UploadId,
        state: Box<MultipartState>,
    },
    /// Read the saved multipart sessions of this service, for "press R to resume" rows.
    LoadResumable,
    /// Stop an upload's task (sending or polling).
    CancelUpload {
        upload: UploadId,
    },
    // Upload many
    /// Expand the form's paths (directories, globs, several lines) into the media files to
    /// upload, after `delay`; a newer request cancels one still waiting (a pause in typing).
    PlanUpload {
        request_id: RequestId,
        inputs: Vec<String>,
        delay: std::time::Duration,
    },
    /// List the filenames and sizes of the assets already there ("skip existing").
    FindExisting {
        request_id: RequestId,
    },
    Delete {
        id: String,
        force: bool,
    },
    /// The indexed assets that block a plain delete.
    FetchReferences {
        id: String,
    },
    /// List a directory for path completion and the browser.
    ListDir {
        request_id: RequestId,
        dir: PathBuf,
    },
    /// Fetch, decode and encode a thumbnail, after a short wait that a newer request cancels.
    FetchThumbnail {
        id: String,
        url: String,
        cells: (u16, u16),
    },
    // What an asset is part of
    /// Read the indexes and entities of `asset_id` for the detail pane, after a short wait that a
    /// newer request cancels.
    FetchPartOf {
        request_id: RequestId,
        asset_id: String,
    },
    /// Read the transcript of `asset_id` for the detail pane, after a short wait that a newer
    /// request cancels.
    FetchTranscript {
        request_id: RequestId,
        asset_id: String,
    },
    /// Read ahead one row's sections, thumbnail and transcript once the selection stays put a
    /// moment; several may run at once.
    ReadAhead {
        request_id: RequestId,
        job: super::detail::read_ahead::ReadAheadJob,
    },
    /// The selection moved: the read-aheads not sent yet wait for it to stay put afresh.
    ReadAheadMoved,
    /// Stop the read-ahead of `request_id` (the selection left its row behind).
    CancelReadAhead {
        request_id: RequestId,
    },
    /// Every index, for the index picker.
    LoadIndexes {
        request_id: RequestId,
    },
    /// Create an index (the picker's `n` form), then read it back.
    CreateIndex {
        request_id: RequestId,
        body: crate::api::types::CreateIndexRequest,
    },
    /// Send `ready` assets to an index (a few at once), skipping those already in it.
    AddToIndex {
        request_id: RequestId,
        index: IndexRef,
        asset_ids: Vec<String>,
    },
    /// Follow an indexed asset until it is `ready` or `failed`, reporting each new status.
    WatchIndexedAsset {
        asset_id: String,
        index: IndexRef,
        indexed_asset_id: String,
    },
    /// Write bytes (an OSC 52 sequence) to the terminal between two frames; `done` is the message.
    WriteTerminal {
        bytes: Vec<u8>,
        done: String,
    },
    /// Pipe `text` into a clipboard program.
    RunClipboardTool {
        tool: crate::terminal_env::NativeTool,
        text: String,
        label: String,
    },
    /// Open `url` with a program or the system opener.
    Open {
        title: String,
        url: String,
        launch: crate::terminal_env::Launch,
    },
    // Metadata editor
    /// Write an asset's user metadata (PUT replaces, PATCH merges), then read the asset again.
    SaveMetadata {
        id: String,
        write: super::meta_editor::save_run::MetadataWrite,
    },
    // Preview
    /// Decode the frames at `times` of `source` (cache first, one ffmpeg at a time), stopping the
    /// preview job before.
    PreviewFrames {
        job: u64,
        asset_id: String,
        source: String,
        times: Vec<f64>,
        cells: (u16, u16),
    },
    /// Measure the loudness of `span` in `buckets` slices, stopping the preview job before.
    PreviewPeaks {
        job: u64,
        source: String,
        span: (f64, f64),
        buckets: usize,
    },
    /// Stop the preview's job (its ffmpeg child is killed).
    StopPreview,
}
