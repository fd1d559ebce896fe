//! The state every route and background task shares.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::Duration;

use tokio::sync::Notify;

use super::limits::Limits;
use super::rate_limit::RateLimiter;
use crate::platform::store::blobs::Blobs;
use crate::platform::store::db::Store;

/// Shared state of one running platform.
pub(crate) struct AppState {
    pub store: Store,
    pub blobs: Blobs,
    pub limits: Limits,
    pub api_key: String,
    pub processing_delay: Duration,
    /// `http://HOST:PORT`, the start of every URL the platform hands out.
    pub origin: String,
    /// Makes and checks the served-file URLs.
    pub file_urls: super::file_urls::FileUrls,
    /// Wakes the processing worker when an asset becomes due sooner than it planned.
    pub wake: Notify,
    /// Client used to fetch `method=url` media (guarded: `media::url_guard`).
    pub http: reqwest::Client,
    /// URL uploads may reach loopback and private addresses.
    pub allow_private_urls: bool,
    /// The ffmpeg executable, when one is on PATH.
    pub ffmpeg: Option<PathBuf>,
    pub rate_limit: Option<RateLimiter>,
    /// Every write is refused (`serve --read-only`).
    pub read_only: bool,
    /// Assets processed at once by the background job.
    pub processing_workers: usize,
    /// Assets being processed right now, and the most at once since start.
    pub processing_now: AtomicUsize,
    pub processing_peak: AtomicUsize,
    /// Unit tests only: every processing job waits here first, so a test can tell jobs that
    /// run side by side from jobs that run one after another.
    #[cfg(test)]
    pub process_gate: std::sync::OnceLock<Arc<tokio::sync::Barrier>>,
}

/// The state as handlers receive it.
pub(crate) type Shared = Arc<AppState>;

impl AppState {
    /// Refuses `incoming` bytes the data dir's disk has no room for (keeping
    /// `Limits::min_free_bytes` free), before any is written: 507 `storage_full`, the answer a
    /// write that meets a full disk gets too.
    pub fn ensure_room(&self, incoming: u64) -> Result<(), super::error::ErrorAnswer> {
        if self.blobs.has_room(incoming, self.limits.min_free_bytes) {
            Ok(())
        } else {
            Err(super::error::ErrorAnswer::storage_full(format_args!(
                "{incoming} bytes do not fit on the data dir's disk"
            )))
        }
    }
}
