//! The terminal app, Elm style: `App::update(Msg) -> Vec<Effect>`, a runtime that runs effects as
//! tokio tasks, and views that draw the state.
//!
//! Headless use (tests): build an [`App`] and a [`Runtime`], then either drive them by hand
//! (`app.update(msg)` → `runtime.perform_all(effects)` → `runtime.next_msg().await`) or run
//! [`run_with`] on a `TestBackend` with a scripted message stream.

mod app;
mod asset_labels;
mod connectivity;
mod connectivity_flow;
mod copy_open;
mod delete;
mod detail;
mod dialogs;
mod effect;
mod event_loop;
mod first_frame_probe;
mod index_create;
mod index_picker;
mod input;
mod layout;
mod list;
mod loading_flow;
mod marks;
mod meta_editor;
mod msg;
mod notices;
mod preview;
mod runtime;
mod scrolling;
mod start_cache;
mod task_error;
mod terminal;
mod uploads;
mod view;

pub use app::{App, Focus};
pub use connectivity::{Connectivity, Offline};
pub use delete::run::{DELETES_AT_ONCE, DeleteOutcome, DeleteRun};
pub use detail::part_of::{AddRun, KEEP as PART_OF_KEPT, PartOf, Sections};
pub use detail::read_ahead::{MAX_REQUESTS as READ_AHEAD_MAX_REQUESTS, ReadAheadJob};
pub use detail::thumbnail;
pub use detail::thumbnail::disk::ThumbDisk;
pub use detail::transcript::{Search as TranscriptSearch, Shown as TranscriptShown, Transcripts};
pub use dialogs::{
    Choice, ConfirmDelete, ConflictDelete, ConflictStep, Conflicted, CopyMenu, DeleteSummary, DeleteTarget,
    IndexChoices, IndexPicker, Modal, PickTarget, References, ShowUrl,
};
pub use effect::Effect;
pub use event_loop::run_with;
pub use first_frame_probe::FirstFrameProbe;
pub use input::keymap::{Action, Context, DEFAULT_KEYMAP, Key, Keymap, KeymapError};
pub use list::asset_list::AssetList;
pub use list::auto_refresh::{AutoRefresh, DEFAULT_REFRESH};
pub use list::page_requests::{PAGE_LIMIT, ServerFilter};
pub use list::removed_ids::{REMOVED_KEPT, RemovedIds};
pub use list::sort::{SortKey, SortOrder};
pub use marks::set::Marks;
pub use meta_editor::editor::{EditLine, LineCheck, MAX_BODY_BYTES, MetaEditor, Scope};
pub use meta_editor::save_run::{EditTarget, MetaRun, MetadataWrite, WRITES_AT_ONCE};
pub use msg::{DirEntry, Msg, RequestId, UploadId};
pub use notices::{Notice, Notices};
pub use preview::captions::Caption;
pub use preview::flow::PreviewSettings;
pub use preview::loader::{FrameJob, PreviewSetup};
pub use preview::state::{Preview, PreviewKind, Slot};
pub use runtime::Runtime;
pub use start_cache::{
    Listing, MAX_ROWS as START_CACHE_ROWS, Snapshot, StartCache, file::Skip as StartCacheSkip,
};
pub use task_error::{CopyError, DirListError, OpenError, SectionError, ThumbError};
pub use terminal::surroundings::Surroundings;
pub use terminal::{launch, osc52, surroundings};
pub use uploads::batch::UploadBatch;
pub use uploads::form::fields::{Field, UploadForm};
pub use uploads::form::preview::FormPreview;
pub use uploads::planned::Planned;
pub use uploads::queue::{UploadQueue, UploadSettings};
pub use uploads::queue_batches::BatchCounts;
pub use uploads::queued_upload::{FailReason, QueuedUpload, UploadState};
pub use view::theme::Theme;
pub use view::view;

/// What `main` hands the terminal app.
pub struct TuiOptions {
    pub client: crate::api::Client,
    /// Shown in the status bar: "local" for the embedded platform, else the host name.
    pub service: String,
    pub read_only: bool,
    /// Where tracing logs go (already set up by main); shown in help/about. Nothing may be
    /// printed to stdout/stderr while the TUI runs.
    pub log_file: Option<std::path::PathBuf>,
    /// Benchmarks only: quit after the first frame that shows assets, reporting the time.
    pub first_frame_probe: Option<FirstFrameProbe>,
    /// The key table (defaults with the user's overrides merged).
    pub keymap: Keymap,
    pub image: crate::terminal_env::ImageMode,
    pub clipboard: crate::terminal_env::ClipboardMode,
    /// Time between status polls of processing uploads (`None`: the client's default).
    pub poll_interval: Option<std::time::Duration>,
    /// Colours drawn instead of the theme's accent and dim colours.
    pub colours: Option<(ratatui::style::Color, ratatui::style::Color)>,
    /// Facts for the About section from outside the TUI (config file, profile, service, key).
    pub about: Vec<(String, String)>,
    /// Where multipart sessions are saved to be resumed (the command line's directory, so
    /// either may resume what the other started); `None`: no resume.
    pub resume_dir: Option<std::path::PathBuf>,
    /// Uploads sending at once; the rest wait queued.
    pub upload_concurrency: usize,
    /// Check every multipart chunk's ETag, even over HTTPS or loopback.
    pub verify_chunks: bool,
    /// How often page 1 is read again while idle (`None`: never).
    pub refresh_every: Option<std::time::Duration>,
    /// Rows read ahead of the selection (one behind as well); 0: off.
    pub read_ahead: usize,
    /// The listing saved at the last close, shown at start while page 1 is read, and saved
    /// again on close; thumbnails are kept in its dir too (`None`: neither).
    pub start_cache: Option<StartCache>,
    /// The preview's ffmpeg and frame cache.
    pub preview: PreviewSetup,
    /// The preview's storyboard at most (columns, rows).
    pub preview_grid: (u16, u16),
}

/// Runs the terminal app until the user quits or a signal asks it to. The terminal is restored
/// on every way out.
pub async fn run(options: TuiOptions) -> anyhow::Result<()> {
    let mut app = App::new(
        options.service,
        options.read_only,
        options.keymap,
        jiff::Timestamp::now(),
    );
    app.upload_settings.concurrency = options.upload_concurrency.max(1);
    app.upload_settings.resume = options.resume_dir.is_some();
    app.auto_refresh.every = options.refresh_every;
    app.read_ahead.rows = options.read_ahead;
    if let Some(listing) = options
        .start_cache
        .as_ref()
        .and_then(|c| c.load(jiff::Timestamp::now()))
    {
        app.show_cached(listing);
    }
    app.preview_settings = PreviewSettings {
        grid: options.preview_grid,
        ffmpeg_missing: options.preview.ffmpeg.as_ref().err().cloned(),
    };
    if let Some((accent, dim)) = options.colours {
        app.theme = app.theme.with_colours(accent, dim);
    }
    if !crate::terminal_env::colour_wanted(&crate::terminal_env::EnvMap::from_process(), true) {
        app.theme = app.theme.plain();
    }
    let mut runtime = Runtime::new(options.client)
        .with_terminal_out(terminal::launch::TerminalOut::Stdout)
        .with_resume_store(options.resume_dir.map(crate::resume::ResumeStore::new))
        .with_etag_check(crate::api::EtagCheck::asked(options.verify_chunks))
        .with_thumb_disk(
            options
                .start_cache
                .as_ref()
                .map(|c| ThumbDisk::new(c.dir.join("thumbnails"))),
        )
        .with_preview(options.preview);
    if let Some(interval) = options.poll_interval {
        let mut poll = crate::api::PollOptions::for_client(runtime.client());
        poll.interval = interval;
        runtime = runtime.with_poll(poll);
    }
    event_loop::start(&mut app, &mut runtime, jiff::Timestamp::now);
    let (mut tty, guard) = terminal::raw_mode::init()?;
    // The graphics query is written before the first frame; its answer is read while the app
    // already draws, and the event stream reads stdin only after that.
    let detecting = terminal::graphics_pick::start(options.image);
    let env = crate::terminal_env::EnvMap::from_process();
    let facts = crate::terminal_env::TerminalFacts::detect();
    let mut surroundings = Surroundings::decide(
        &env,
        &facts,
        options.clipboard,
        &crate::terminal_env::on_path,
        None,
        None,
    );
    if detecting.is_some() {
        surroundings.set_image_pending();
    }
    surroundings.about.extend(options.about);
    let log = options
        .log_file
        .as_ref()
        .map_or("none".to_string(), |p| p.display().to_string());
    surroundings.about.push(("log file".to_string(), log));
    app.surroundings = surroundings;
    app.log_file = options.log_file;
    let (stdin_free, pick) = match detecting.map(terminal::graphics_pick::Detecting::split) {
        Some((free, pick)) => (Some(free), Some(pick)),
        None => (None, None),
    };
    let mut runtime = match pick {
        Some(pick) => runtime.with_pending_graphics(pick),
        None => runtime,
    };
    runtime.first_frame_probe = options.first_frame_probe;
    let fault = terminal::test_faults::TestFault::from_env();
    let stdin_free = async move {
        if let Some(free) = stdin_free {
            free.await;
        }
    };
    let events = terminal::test_faults::with_fault(terminal::raw_mode::events(stdin_free)?, fault);
    let result = event_loop::run_started(app, runtime, events, &mut tty, jiff::Timestamp::now).await;
    #[cfg(feature = "test-hooks")]
    if fault == Some(terminal::test_faults::TestFault::Error) {
        // Returned with the terminal still in the app's mode: the guard must restore it.
        anyhow::bail!("injected test error");
    }
    drop(guard);
    let app = result?;
    if let Some(cache) = &options.start_cache {
        save_listing(cache, &app);
    }
    Ok(())
}

/// Saves the list shown at close for the next start; a failure (no room, a read-only dir) is
/// logged and changes nothing else.
fn save_listing(cache: &StartCache, app: &App) {
    let Some(listing) = app.listing_to_save(jiff::Timestamp::now()) else {
        tracing::debug!("start cache not saved: the list is not current or is filtered");
        return;
    };
    match cache.save(&listing) {
        Ok(()) => {
            tracing::debug!(path = %cache.path().display(), rows = listing.rows.len(), "start cache saved")
        }
        Err(e) => tracing::warn!(path = %cache.path().display(), error = %e, "cannot save the start cache"),
    }
}

/// What the terminal UI would find about its terminal, for `doctor`: terminal, TERM, tmux, SSH,
/// display, image protocol and cell size, clipboard, player and browser. The terminal is asked
/// for its graphics protocol only when `query_terminal` (stdin and stdout are terminals).
pub fn describe_surroundings(
    image: crate::terminal_env::ImageMode,
    clipboard: crate::terminal_env::ClipboardMode,
    query_terminal: bool,
) -> Vec<(String, String)> {
    let env = crate::terminal_env::EnvMap::from_process();
    let facts = crate::terminal_env::TerminalFacts::detect();
    let (protocol, cell_size) = if query_terminal {
        let pick = terminal::graphics_pick::pick(image);
        (pick.protocol, pick.cell_size)
    } else {
        (crate::terminal_env::choose_image(image, None), None)
    };
    let mut about = Surroundings::decide(
        &env,
        &facts,
        clipboard,
        &crate::terminal_env::on_path,
        protocol,
        cell_size,
    )
    .about;
    if !query_terminal {
        for (k, v) in &mut about {
            if k == "images" {
                v.push_str(" (not asked: not a terminal)");
            }
        }
    }
    about
}
