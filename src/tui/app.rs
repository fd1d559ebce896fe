//! The app state and `update`: a message in, state changed, effects out. No I/O, no awaits, no
//! clock reads (time arrives in `Tick` messages and through `App::now`). What `update` hands a
//! message to lives with its flow: pages and details in `loading_flow.rs`, API errors, rate limits
//! and reconnects in `connectivity_flow.rs`, the rest in the `*flow.rs` files of each feature
//! folder.

use std::path::PathBuf;

use jiff::Timestamp;

use super::connectivity::Connectivity;
use super::delete::run::DeleteRun;
use super::detail::part_of::PartOf;
use super::detail::read_ahead::ReadAhead;
use super::detail::thumbnail::Thumbs;
use super::detail::transcript::Transcripts;
use super::dialogs::Modal;
use super::effect::Effect;
use super::input::keymap::Keymap;
use super::layout::Areas;
use super::list::asset_list::AssetList;
use super::list::auto_refresh::AutoRefresh;
use super::list::to_end::ToEnd;
use super::marks::set::Marks;
use super::msg::{Msg, RequestId};
use super::notices::Notices;
use super::preview::state::{Preview, PreviewSettings};
use super::terminal::surroundings::Surroundings;
use super::uploads::queue::{UploadQueue, UploadSettings};
use super::uploads::queued_upload::UploadState;
use super::view::theme::Theme;

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Detail,
    Uploads,
}

/// The whole state of the terminal app.
#[derive(Debug, Clone)]
pub struct App {
    /// `local` or the service's host name.
    pub(in crate::tui) service: String,
    pub(in crate::tui) read_only: bool,
    pub(in crate::tui) log_file: Option<PathBuf>,
    pub keymap: Keymap,
    /// The time views use for relative times and countdowns; set by the runtime.
    pub now: Timestamp,
    pub size: (u16, u16),
    pub list: AssetList,
    pub focus: Focus,
    pub modal: Option<Modal>,
    /// The local fuzzy filter while it is being typed.
    pub filter_input: Option<tui_input::Input>,
    pub uploads: UploadQueue,
    pub upload_settings: UploadSettings,
    pub notices: Notices,
    pub detail_scroll: u16,
    /// The asset the detail scroll belongs to; another selection starts at the top.
    pub(in crate::tui) detail_of: Option<String>,
    pub detail_request: Option<RequestId>,
    /// The read of an asset that `o` or `Y` asked for, to hand out fresh file URLs (they
    /// expire): its request, the asset, and whether to open it once read.
    pub(in crate::tui) url_renewal: Option<(RequestId, String, bool)>,
    /// Reconnect and rate-limit state, with the page to ask for again.
    pub connectivity: Connectivity,
    /// The colours the view draws with (the config's `[theme]`, or none under `NO_COLOR`).
    pub theme: Theme,
    pub should_quit: bool,
    /// How to copy, open and draw images here, and the About facts.
    pub surroundings: Surroundings,
    pub thumbs: Thumbs,
    /// `G` loading the pages up to the last asset.
    pub to_end: Option<ToEnd>,
    /// Marked assets, for bulk actions.
    pub marks: Marks,
    /// A confirmed delete while it runs (of the marked assets, or of one).
    pub delete_run: Option<DeleteRun>,
    /// The shown asset's indexes and entities, and sends to an index on their way.
    pub part_of: PartOf,
    /// The transcripts read for the detail pane, and its transcript search.
    pub transcripts: Transcripts,
    /// The rows around the selection read ahead (a window that moves with it).
    pub read_ahead: ReadAhead,
    /// Page 1 read again while idle.
    pub auto_refresh: AutoRefresh,
    /// When the listing shown was saved, while it is a cached one not yet replaced by page 1.
    pub cached_since: Option<Timestamp>,
    /// The storyboard, strip or large thumbnail over the detail pane (`p`).
    pub preview: Option<Preview>,
    pub preview_settings: PreviewSettings,
    next_request: RequestId,
}

impl App {
    /// A fresh app; call [`App::init`] for the first effects.
    pub fn new(service: impl Into<String>, read_only: bool, keymap: Keymap, now: Timestamp) -> Self {
        Self {
            service: service.into(),
            read_only,
            log_file: None,
            keymap,
            now,
            size: (80, 24),
            list: AssetList::new(),
            focus: Focus::List,
            modal: None,
            filter_input: None,
            uploads: UploadQueue::default(),
            upload_settings: UploadSettings::default(),
            notices: Notices::default(),
            detail_scroll: 0,
            detail_of: None,
            detail_request: None,
            url_renewal: None,
            connectivity: Connectivity::default(),
            theme: Theme::default(),
            should_quit: false,
            surroundings: Surroundings::default(),
            thumbs: Thumbs::default(),
            to_end: None,
            marks: Marks::default(),
            delete_run: None,
            part_of: PartOf::default(),
            transcripts: Transcripts::default(),
            read_ahead: ReadAhead::default(),
            auto_refresh: AutoRefresh::default(),
            cached_since: None,
            preview: None,
            preview_settings: PreviewSettings::default(),
            next_request: RequestId::default(),
        }
    }

    /// The first page, and the saved multipart sessions when resuming is possible.
    pub fn init(&mut self) -> Vec<Effect> {
        let mut effects = self.fetch_page(1);
        if self.upload_settings.resume && !self.read_only {
            effects.push(Effect::LoadResumable);
        }
        effects
    }

    /// True while something on screen animates or counts down, so the runtime should tick.
    pub fn wants_tick(&self) -> bool {
        self.uploads.any_active()
            || self.list.pending.is_some()
            || self.to_end.is_some()
            || self.connectivity.is_offline()
            || self.connectivity.is_rate_limited()
            || matches!(&self.modal, Some(Modal::ConflictDelete(c)) if c.is_loading())
            || self.deletes_running()
    }

    /// The panes for the current size and state.
    pub fn areas(&self) -> Areas {
        Areas::compute(
            self.size.0,
            self.size.1,
            self.connectivity.is_offline(),
            self.uploads.rows(),
        )
    }

    /// True when the list pane shows its filter line.
    pub fn filter_line_shown(&self) -> bool {
        self.filter_input.is_some() || !self.list.local_filter.is_empty()
    }

    pub(super) fn list_rows(&self) -> usize {
        self.areas().list_rows(self.filter_line_shown())
    }

    pub(super) fn request_id(&mut self) -> RequestId {
        self.next_request = self.next_request.next();
        self.next_request
    }

    /// Handles one message; then keeps the scrolled views inside their content and asks for the
    /// selected asset's indexes, entities and thumbnail if that changed, and reads ahead.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let mut effects = self.handle(msg);
        self.clamp_scrolls();
        self.sync_range();
        effects.extend(self.sync_part_of());
        effects.extend(self.sync_transcript());
        effects.extend(self.sync_preview());
        effects.extend(self.sync_thumbnail());
        effects.extend(self.sync_upload_preview());
        effects.extend(self.sync_read_ahead());
        effects
    }

    fn handle(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Key(ev) => self.on_key(ev),
            Msg::Mouse(ev) => self.on_mouse(ev),
            Msg::Paste(text) => self.on_paste(&text),
            Msg::Resize(w, h) => {
                self.size = (w, h);
                self.follow_selection();
                Vec::new()
            }
            Msg::Tick(now) => self.on_tick(now),
            Msg::Minute(now) => {
                self.now = now;
                Vec::new()
            }
            Msg::Quit => {
                self.should_quit = true;
                Vec::new()
            }
            Msg::PageLoaded {
                request_id,
                page,
                result,
            } => self.on_page(request_id, page, result),
            Msg::RefreshTick(now) => self.on_refresh_tick(now),
            Msg::DetailLoaded { request_id, result } => self.on_detail(request_id, result),
            Msg::UploadProgress {
                upload,
                sent,
                elapsed,
            } => {
                if let Some(job) = self.uploads.active_mut(upload) {
                    if job.session.is_some() && job.baseline.is_none() {
                        job.baseline = Some(sent);
                    }
                    job.state = UploadState::Sending { sent, elapsed };
                }
                Vec::new()
            }
            Msg::UploadWaiting { upload, wait } => self.on_upload_waiting(upload, &wait),
            Msg::UploadSession { upload, state } => {
                if let Some(job) = self.uploads.active_mut(upload) {
                    job.session = Some(state);
                }
                Vec::new()
            }
            // The total is the session's, which the job already holds.
            Msg::UploadChunks { upload, done, .. } => {
                if let Some(job) = self.uploads.active_mut(upload) {
                    job.chunks_held = Some(done);
                }
                Vec::new()
            }
            Msg::ResumableFound { states } => self.on_resumable(states),
            Msg::UploadCreated { upload, asset } => self.on_upload_created(upload, *asset),
            Msg::UploadPolled { upload, asset } => {
                if self.uploads.active_mut(upload).is_some() {
                    self.list.update(*asset);
                }
                Vec::new()
            }
            Msg::UploadFinished { upload, result } => self.on_upload_finished(upload, result),
            Msg::UploadPlanned { request_id, planned } => self.on_upload_planned(request_id, *planned),
            Msg::ExistingFound { request_id, result } => self.on_existing_found(request_id, result),
            Msg::DeleteDone { id, force } => self.on_deleted(&id, force),
            Msg::DeleteFailed { id, conflict, error } => self.on_delete_failed(id, conflict, &error),
            Msg::IndexedAssetsLoaded { id, result } => self.on_references(&id, result),
            Msg::DirListed {
                request_id,
                dir,
                result,
            } => self.on_listed(request_id, dir, result),
            Msg::ThumbnailLoaded { key, result } => self.on_thumbnail(key, result),
            Msg::PartOfLoaded {
                request_id,
                asset_id,
                indexes,
                entities,
            } => self.on_part_of(request_id, asset_id, indexes, entities),
            Msg::TranscriptLoaded {
                request_id,
                asset_id,
                result,
            } => self.on_transcript(request_id, asset_id, result),
            Msg::ReadAheadDone {
                request_id,
                rate_limited,
            } => self.on_read_ahead_done(request_id, rate_limited),
            Msg::IndexesLoaded { request_id, result } => self.on_indexes_loaded(request_id, result),
            Msg::IndexCreated { request_id, result } => self.on_index_created(request_id, result),
            Msg::AddedToIndex {
                request_id,
                index,
                results,
            } => self.on_added_to_index(request_id, index, results),
            Msg::IndexedAssetPolled {
                asset_id,
                index,
                indexed_asset_id,
                result,
            } => self.on_indexed_asset_polled(&asset_id, &index, &indexed_asset_id, result),
            Msg::GraphicsKnown { image, cell_size } => {
                self.on_graphics_known(image, cell_size);
                Vec::new()
            }
            Msg::CopyDone { result } => {
                self.on_copy_done(result);
                Vec::new()
            }
            Msg::OpenDone { title, url, result } => {
                self.on_open_done(title, url, result);
                Vec::new()
            }
            Msg::MetadataSaved { id, result } => self.on_metadata_saved(id, result),
            Msg::PreviewFrame {
                job,
                index,
                result,
                cache_error,
            } => {
                self.on_preview_frame(job, index, result, cache_error);
                Vec::new()
            }
            Msg::PreviewPeaks { job, result } => {
                self.on_preview_peaks(job, result);
                Vec::new()
            }
        }
    }
}
