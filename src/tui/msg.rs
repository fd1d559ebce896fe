//! Everything that can happen to the app: input from the terminal, a clock tick, and the result
//! of every piece of background work. Results carry the id of the request that asked for them, so
//! a result nobody waits for any more is recognised and dropped.

use std::path::PathBuf;
use std::time::Duration;

use crossterm::event::{KeyEvent, MouseEvent};
use jiff::Timestamp;

use super::task_error::{CopyError, DirListError, OpenError, ThumbError};
use crate::api::types::{Asset, Index, IndexRef, IndexedAsset, IndexedAssetSummary, Page};
use crate::api::{ApiError, EntityUse, IndexUse, MultipartState, Sent};

/// Identifies one background request (page, detail, references, path expansion). A type of its
/// own, so a request's id is never passed where an upload's is meant, or the other way round.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub u64);

impl RequestId {
    /// The id after this one.
    pub fn next(self) -> Self {
        Self(self.0 + 1)
    }
}

/// Identifies one upload in the queue (see [`RequestId`] for why it is a type of its own).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UploadId(pub u64);

impl UploadId {
    /// The id after this one.
    pub fn next(self) -> Self {
        Self(self.0 + 1)
    }
}

impl std::fmt::Display for RequestId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::fmt::Display for UploadId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// One message to [`super::App::update`].
#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    /// Text pasted into the terminal (bracketed paste).
    Paste(String),
    Resize(u16, u16),
    /// Sent only while something animates (spinner, progress, countdown).
    Tick(Timestamp),
    /// Sent once a minute whatever happens, so relative times ("6m ago") move while idle.
    Minute(Timestamp),
    /// A request to leave, from outside the keyboard (a signal).
    Quit,
    PageLoaded {
        request_id: RequestId,
        page: u32,
        result: Result<Page<Asset>, ApiError>,
    },
    // Sort and auto-refresh
    /// Sent every `refresh_secs` (none when 0): page 1 may be read again if the app is idle.
    RefreshTick(Timestamp),
    DetailLoaded {
        request_id: RequestId,
        result: Result<Box<Asset>, ApiError>,
    },
    /// Bytes of the file sent so far, and for how long the upload has run.
    UploadProgress {
        upload: UploadId,
        sent: u64,
        elapsed: Duration,
    },
    /// The upload waits before sending again (a rate limit's reset, or a backoff).
    UploadWaiting {
        upload: UploadId,
        wait: crate::api::Wait,
    },
    /// A multipart upload's session is open: from now on it can be resumed.
    UploadSession {
        upload: UploadId,
        state: Box<MultipartState>,
    },
    /// A multipart upload's chunks: how many the server holds, of how many.
    UploadChunks {
        upload: UploadId,
        done: u32,
        total: u32,
    },
    /// Saved multipart sessions of this service that a run left unfinished.
    ResumableFound {
        states: Vec<MultipartState>,
    },
    /// The server created the asset; it now processes it.
    UploadCreated {
        upload: UploadId,
        asset: Box<Asset>,
    },
    /// One poll of the new asset while it processes.
    UploadPolled {
        upload: UploadId,
        asset: Box<Asset>,
    },
    /// The upload ended: the final asset (`ready` or `failed`), or the error that stopped it.
    UploadFinished {
        upload: UploadId,
        result: Result<Box<Asset>, ApiError>,
    },
    // Upload many
    /// What the form's paths expand to: the media files and what is skipped, and why.
    UploadPlanned {
        request_id: RequestId,
        planned: Box<super::uploads::planned::Planned>,
    },
    /// The filenames and sizes of the assets already there, for "skip existing".
    ExistingFound {
        request_id: RequestId,
        result: Result<crate::upload_plan::Existing, ApiError>,
    },
    DeleteDone {
        id: String,
        force: bool,
    },
    /// A delete failed; `conflict` is true when indexed assets still reference the asset (409).
    DeleteFailed {
        id: String,
        conflict: bool,
        error: ApiError,
    },
    IndexedAssetsLoaded {
        id: String,
        result: Result<Page<IndexedAssetSummary>, ApiError>,
    },
    /// Directory entries for completion and the browser.
    DirListed {
        request_id: RequestId,
        dir: PathBuf,
        result: Result<Vec<DirEntry>, DirListError>,
    },
    /// A thumbnail fetched, decoded and encoded for the terminal (or why not).
    ThumbnailLoaded {
        key: super::detail::thumbnail::ThumbKey,
        result: Result<super::detail::thumbnail::Thumb, ThumbError>,
    },
    // What an asset is part of
    /// The indexes and entities of `asset_id`, each read on its own.
    PartOfLoaded {
        request_id: RequestId,
        asset_id: String,
        indexes: Result<Vec<IndexUse>, ApiError>,
        entities: Result<Vec<EntityUse>, ApiError>,
    },
    /// The transcript of `asset_id` for the detail pane (a 404: it has none).
    TranscriptLoaded {
        request_id: RequestId,
        asset_id: String,
        result: Result<crate::api::types::Transcription, ApiError>,
    },
    /// A read-ahead is over (its sections came as `PartOfLoaded`); `rate_limited`: it met the limit.
    ReadAheadDone {
        request_id: RequestId,
        rate_limited: bool,
    },
    /// The indexes for the index picker.
    IndexesLoaded {
        request_id: RequestId,
        result: Result<Vec<Index>, ApiError>,
    },
    /// The index the picker's form created, or why not.
    IndexCreated {
        request_id: RequestId,
        result: Result<Index, ApiError>,
    },
    /// A send to an index ended: for each asset id, its indexed asset or why not.
    AddedToIndex {
        request_id: RequestId,
        index: IndexRef,
        results: Vec<(String, Result<Sent, ApiError>)>,
    },
    /// A new status of a followed indexed asset, or the error that ended following it.
    IndexedAssetPolled {
        asset_id: String,
        index: IndexRef,
        indexed_asset_id: String,
        result: Result<Box<IndexedAsset>, ApiError>,
    },
    /// How the terminal draws pixels is known (asked at start, answered after the first
    /// frames): thumbnails may start. `image` `None`: thumbnails are off.
    GraphicsKnown {
        image: Option<crate::terminal_env::ImageProtocol>,
        cell_size: Option<(u16, u16)>,
    },
    /// A copy finished: what to tell the user, or why it failed.
    CopyDone {
        result: Result<String, CopyError>,
    },
    /// A launch of a player or browser finished: how it was opened, or why not.
    OpenDone {
        title: String,
        url: String,
        result: Result<String, OpenError>,
    },
    // Metadata editor
    /// A metadata write ended: the asset as read again after it (`None` when only that read
    /// failed), or why the write failed.
    MetadataSaved {
        id: String,
        result: Result<Option<Box<Asset>>, ApiError>,
    },
    // Preview
    /// Frame `index` of preview job `job`: the picture and whether it came from the disk cache,
    /// or why there is none; `cache_error` once per job when frames cannot be kept.
    PreviewFrame {
        job: u64,
        index: usize,
        result: Result<(super::detail::thumbnail::Thumb, bool), String>,
        cache_error: Option<String>,
    },
    /// The loudness peaks of preview job `job`, or why there are none.
    PreviewPeaks {
        job: u64,
        result: Result<Vec<f32>, String>,
    },
}

/// One entry of a listed directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirEntry {
    pub name: String,
    pub is_dir: bool,
}
