//! The local platform: an offline server of the Assets HTTP contract (axum routes, SQLite + blob
//! store, media probing and rules, background processing, faults).
//!
//! [`start`] binds (loopback by default), resumes assets left `processing` by an earlier run,
//! sweeps orphan files, and serves `/v1.3/…` until [`RunningPlatform::shutdown`].
//!
//! At this level: start-up, the accept loop (`server.rs`) and its connection slots
//! (`conn_slots.rs`), the route table and its layers
//! (`router.rs`), the shared state, errors, limits, the rate limit and fault injection.
//! `routes/` holds one handler file per resource, `request/` what reading a request needs
//! (query, paging, body fields, form guard, name rules), `store/` what is kept (SQLite, rows,
//! blobs, session files, the data-dir lock, seeding), `media/` what is done with media (probe,
//! rules, intake, URL fetch, background processing and derived files).

mod conn_slots;
mod error;
mod faults;
mod file_urls;
mod limits;
mod media;
mod rate_limit;
mod request;
mod router;
mod routes;
mod server;
mod state;
mod store;
mod test_stall;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::Duration;

use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;

pub use error::PlatformError;
pub use faults::{FaultCounts, FaultSpec};
pub use limits::Limits;
pub use rate_limit::RateLimit;
#[doc(hidden)]
#[cfg(any(test, feature = "test-hooks"))]
pub use store::seed::mark_connector;
pub use store::seed::seed_samples_once;
#[doc(hidden)]
#[cfg(any(test, feature = "test-hooks"))]
pub use store::synthetic::{seed_synthetic, synthetic_filename};

use state::{AppState, Shared};

/// Settings of a local platform.
#[derive(Clone)]
pub struct PlatformConfig {
    /// Where to listen; default `127.0.0.1:0` (loopback, any free port).
    pub addr: SocketAddr,
    /// Where the database, blobs and derived files live.
    pub data_dir: PathBuf,
    /// The one key accepted in `x-api-key`.
    pub api_key: String,
    /// Delay before an uploaded asset is processed and becomes `ready`; default 1 s.
    pub processing_delay: Duration,
    /// Upload, media and paging limits.
    pub limits: Limits,
    /// Per-key limit on `POST /assets`; `None` = off.
    pub rate_limit: Option<RateLimit>,
    /// Fault injection; `None` = off.
    pub faults: Option<FaultSpec>,
    /// Refuse every write (upload, chunk, delete, metadata and index changes) with 403
    /// `api_not_allowed`; reads work as usual.
    pub read_only: bool,
    /// Whether URL uploads may reach loopback and private addresses; `None` = only while
    /// listening on loopback. Link-local and metadata addresses are refused whatever this says.
    pub allow_private_urls: Option<bool>,
    /// Assets processed at once; `None` = one per core, at least two.
    pub processing_workers: Option<usize>,
}

impl std::fmt::Debug for PlatformConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlatformConfig")
            .field("addr", &self.addr)
            .field("data_dir", &self.data_dir)
            .field("api_key", &"<redacted>")
            .field("processing_delay", &self.processing_delay)
            .field("limits", &self.limits)
            .field("rate_limit", &self.rate_limit)
            .field("faults", &self.faults)
            .field("read_only", &self.read_only)
            .field("allow_private_urls", &self.allow_private_urls)
            .field("processing_workers", &self.processing_workers)
            .finish()
    }
}

impl PlatformConfig {
    /// Defaults: loopback on a free port, 1 s processing delay, documented limits, no rate
    /// limit, no faults, writable.
    pub fn new(data_dir: PathBuf, api_key: impl Into<String>) -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir,
            api_key: api_key.into(),
            processing_delay: Duration::from_secs(1),
            limits: Limits::default(),
            rate_limit: None,
            faults: None,
            read_only: false,
            allow_private_urls: None,
            processing_workers: None,
        }
    }

    /// Whether URL uploads may reach loopback and private addresses (see `allow_private_urls`).
    pub fn private_urls_allowed(&self) -> bool {
        self.allow_private_urls
            .unwrap_or_else(|| self.addr.ip().is_loopback())
    }
}

/// A platform serving in the background of this process.
pub struct RunningPlatform {
    base_url: String,
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    server: JoinHandle<()>,
    worker: JoinHandle<()>,
    state: Shared,
    faults: Option<Arc<faults::Faults>>,
    /// Held while running: tells later processes on the data dir that this one is alive.
    _lock: store::dir_lock::DirLock,
}

impl RunningPlatform {
    /// The API base URL, e.g. `http://127.0.0.1:PORT/v1.3`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The bound address.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting, lets open requests finish (bounded), stops the processing job, and waits
    /// for both tasks.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = self.server.await;
        let _ = self.worker.await;
    }

    /// The faults injected so far; `None` when fault injection is off.
    pub fn fault_counts(&self) -> Option<FaultCounts> {
        self.faults.as_ref().map(|f| f.counts())
    }

    pub(crate) fn state(&self) -> &Shared {
        &self.state
    }

    /// Tests only: stores `t` as the transcript of the asset `asset_id` (its lists as given, or
    /// its `error` when failed), for clients to read words and utterances the platform never
    /// makes from subtitles. Returns false when no such asset exists.
    #[doc(hidden)]
    #[cfg(any(test, feature = "test-hooks"))]
    pub async fn store_transcript_for_tests(
        &self,
        asset_id: &str,
        t: &crate::api::types::Transcription,
    ) -> Result<bool, PlatformError> {
        use store::rows::transcript_row::{self, StoredTranscript};
        let stored = StoredTranscript {
            failed_message: t.error.as_ref().map(|e| e.message.clone()),
            words: t.words.clone(),
            sentences: t.sentences.clone(),
            utterances: t.utterances.clone(),
        };
        let id = asset_id.to_string();
        self.state
            .store
            .call(move |c| Ok(transcript_row::save(c, &id, &stored)?))
            .await
            .map_err(|e| PlatformError::Request {
                code: e.code.to_string(),
                message: e.message,
            })
    }
}

/// Starts a platform: opens the data dir, resumes unfinished work, binds and serves.
pub async fn start(config: PlatformConfig) -> Result<RunningPlatform, PlatformError> {
    tokio::fs::create_dir_all(&config.data_dir).await?;
    let blobs = store::blobs::Blobs::open(&config.data_dir)?;
    let db_path = blobs.db_path();
    let store = tokio::task::spawn_blocking(move || store::db::Store::open(&db_path))
        .await
        .map_err(|e| PlatformError::Task(e.to_string()))??;
    let mut lock = store::dir_lock::DirLock::acquire(&config.data_dir)?;
    store::seed::sweep(&store, &blobs, lock.alone()).await?;
    store::seed::resume(&store, config.processing_delay, lock.alone()).await?;
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    let origin = format!("http://{addr}");
    let http = media::url_guard::fetch_client(config.private_urls_allowed())
        .map_err(|e| PlatformError::InvalidSetting(format!("http client: {e}")))?;
    let faults = config.faults.clone().map(|f| Arc::new(faults::Faults::new(f)));
    let secret = store
        .call(|c| Ok(store::db::file_url_secret(c)?))
        .await
        .map_err(|e| PlatformError::Task(e.message))?;
    let file_urls = file_urls::FileUrls::new(origin.clone(), &secret, config.limits.file_url_ttl);
    let state: Shared = Arc::new(AppState {
        store,
        blobs,
        limits: config.limits.clone(),
        api_key: config.api_key.clone(),
        processing_delay: config.processing_delay,
        origin: origin.clone(),
        file_urls,
        wake: Notify::new(),
        http,
        allow_private_urls: config.private_urls_allowed(),
        ffmpeg: crate::terminal_env::find_on_path("ffmpeg"),
        rate_limit: config.rate_limit.map(rate_limit::RateLimiter::new),
        read_only: config.read_only,
        processing_workers: config
            .processing_workers
            .unwrap_or_else(media::processing::default_workers)
            .max(1),
        processing_now: AtomicUsize::new(0),
        processing_peak: AtomicUsize::new(0),
        #[cfg(test)]
        process_gate: std::sync::OnceLock::new(),
    });
    // Before serving: a join the last run died in is finished first, so no client sees the
    // session half-done (the listener queues connections meanwhile).
    if let Err(e) = routes::chunk_report::finish_interrupted(&state).await {
        tracing::warn!(
            code = e.code,
            "cannot finish an interrupted multipart join: {}",
            e.message
        );
    }
    lock.share()?;
    let (stop, stop_rx) = watch::channel(false);
    let app = router::build(state.clone());
    let timeouts = server::Timeouts {
        max_connections: config.limits.max_connections,
        header_read: config.limits.header_read_timeout,
        body_idle: config.limits.body_idle_timeout,
    };
    let server = tokio::spawn(server::serve(
        listener,
        app,
        faults.clone(),
        timeouts,
        stop_rx.clone(),
    ));
    let worker = tokio::spawn(media::processing::run(state.clone(), stop_rx));
    tracing::info!(%addr, "local platform listening");
    Ok(RunningPlatform {
        base_url: format!("{origin}/v1.3"),
        addr,
        stop,
        server,
        worker,
        state,
        faults,
        _lock: lock,
    })
}
