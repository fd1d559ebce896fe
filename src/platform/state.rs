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
    /// Wakes the processing worker when an asset becomes due sooner than it planned.
    pub wake: Notify,
    /// Client used to fetch `method=url` media.
    pub http: reqwest::Client,
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
