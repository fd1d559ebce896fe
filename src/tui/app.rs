//! The app state and `update`: a message in, state changed, effects out. No I/O, no awaits, no
//! clock reads (time arrives in `Tick` messages and through `App::now`).

use std::path::PathBuf;

use jiff::Timestamp;
use tracing::debug;

use crate::api::types::{Asset, AssetStatus, IndexedAssetSummary, Page};
use crate::api::{ApiError, CreateAsset, LocalMedia, UploadSource, direct_limit};

use super::asset_list::{AssetList, PendingPage, Restore};
use super::dialogs::{ConflictDelete, Modal, References};
use super::effect::Effect;
use super::keymap::Keymap;
use super::layout::Areas;
use super::msg::{DirEntry, Msg, RequestId, UploadId};
use super::notices::{Notice, Notices};
use super::upload_form::{Field, Listing, parse_metadata};
use super::upload_queue::{UploadQueue, UploadState};

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
    pub service: String,
    pub read_only: bool,
    pub log_file: Option<PathBuf>,
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
    pub notices: Notices,
    pub detail_scroll: u16,
    pub detail_request: Option<RequestId>,
    /// A page that failed for a passing reason (rate limit, lost connection), to fetch again.
    pub retry_page: Option<u32>,
    pub should_quit: bool,
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
            notices: Notices::default(),
            detail_scroll: 0,
            detail_request: None,
            retry_page: None,
            should_quit: false,
            next_request: 0,
        }
    }

    /// The first page.
    pub fn init(&mut self) -> Vec<Effect> {
        self.fetch_page(1)
    }

    /// True while something on screen animates or counts down, so the runtime should tick.
    pub fn wants_tick(&self) -> bool {
        self.uploads.any_active()
            || self.list.pending.is_some()
            || self.notices.offline.is_some()
            || self.notices.rate_limited_until.is_some()
            || matches!(&self.modal, Some(Modal::ConflictDelete(c)) if c.references == References::Loading)
    }

    /// The panes for the current size and state.
    pub fn areas(&self) -> Areas {
        Areas::compute(
            self.size.0,
            self.size.1,
            self.notices.offline.is_some(),
            self.uploads.jobs.len(),
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
        self.next_request += 1;
        self.next_request
    }

    /// Handles one message.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
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
            Msg::Quit => {
                self.should_quit = true;
                Vec::new()
            }
            Msg::PageLoaded {
                request_id,
                page,
                result,
            } => self.on_page(request_id, page, result),
            Msg::DetailLoaded { request_id, result } => self.on_detail(request_id, result),
            Msg::UploadProgress {
                upload,
                sent,
                elapsed,
            } => {
                if let Some(job) = self.uploads.active_mut(upload) {
                    job.state = UploadState::Sending { sent, elapsed };
                }
                Vec::new()
            }
            Msg::UploadCreated { upload, asset } => self.on_upload_created(upload, *asset),
            Msg::UploadPolled { upload, asset } => {
                if self.uploads.active_mut(upload).is_some() {
                    self.list.update(*asset);
                }
                Vec::new()
            }
            Msg::UploadFinished { upload, result } => self.on_upload_finished(upload, result),
            Msg::DeleteDone { id, force } => self.on_deleted(&id, force),
            Msg::DeleteFailed { id, conflict, error } => self.on_delete_failed(id, conflict, &error),
            Msg::IndexedAssetsLoaded { id, result } => self.on_references(&id, result),
            Msg::FileInspected { request_id, result } => self.on_inspected(request_id, result),
            Msg::DirListed {
                request_id,
                dir,
                result,
            } => self.on_listed(request_id, dir, result),
        }
    }

    /// Asks for `page` with the current filters, unless a rate limit says to wait.
    pub(super) fn fetch_page(&mut self, page: u32) -> Vec<Effect> {
        if self.notices.rate_limit_left(self.now).is_some() {
            self.retry_page = Some(page);
            return Vec::new();
        }
        let request_id = self.request_id();
        self.list.pending = Some(PendingPage { request_id, page });
        vec![Effect::FetchPage {
            request_id,
            query: self.list.query(page),
        }]
    }

    /// Reloads from page 1, keeping the selection, the local filter and the server filters.
    pub(super) fn refresh(&mut self) -> Vec<Effect> {
        if let Some(id) = self.list.selected_id() {
            self.list.restore = Some(Restore {
                id,
                pages_left: self.list.pages_loaded.max(1),
            });
        }
        self.fetch_page(1)
    }

    /// Server filters changed: start again from page 1.
    pub(super) fn reload(&mut self) -> Vec<Effect> {
        self.list.clear();
        self.fetch_page(1)
    }

    /// Keeps the selection on screen and fetches the next page when it nears the end.
    pub(super) fn follow_selection(&mut self) -> Vec<Effect> {
        let rows = self.list_rows();
        self.list.scroll_into_view(rows);
        if self.list.wants_next_page() && self.list.pages_loaded > 0 && self.retry_page.is_none() {
            return self.fetch_page(self.list.pages_loaded + 1);
        }
        Vec::new()
    }

    fn on_page(
        &mut self,
        request_id: RequestId,
        page: u32,
        result: Result<Page<Asset>, ApiError>,
    ) -> Vec<Effect> {
        if self.list.pending.is_none_or(|p| p.request_id != request_id) {
            debug!(request_id, page, "dropping a page nobody waits for");
            return Vec::new();
        }
        self.list.pending = None;
        match result {
            Ok(data) => {
                self.connection_ok();
                self.retry_page = None;
                self.list.apply_page(page, data);
                if self.list.restore.is_some() && self.list.has_more {
                    return self.fetch_page(page + 1);
                }
                self.follow_selection()
            }
            Err(err) => {
                self.api_error("loading assets", &err, Some(page));
                Vec::new()
            }
        }
    }

    fn on_detail(&mut self, request_id: RequestId, result: Result<Box<Asset>, ApiError>) -> Vec<Effect> {
        if self.detail_request != Some(request_id) {
            debug!(request_id, "dropping a detail nobody waits for");
            return Vec::new();
        }
        self.detail_request = None;
        match result {
            Ok(asset) => {
                self.connection_ok();
                self.list.update(*asset);
            }
            Err(err) => self.api_error("loading the asset", &err, None),
        }
        Vec::new()
    }

    /// Routes an API error: a lost connection opens the banner, a rate limit starts the
    /// countdown; every error except a lost connection is shown as a message.
    pub(super) fn api_error(&mut self, context: &str, err: &ApiError, retry_page: Option<u32>) {
        match err {
            ApiError::Transport { message, .. } => {
                self.notices.connection_lost(self.now, message.clone());
                self.retry_page = retry_page.or(self.retry_page).or(Some(1));
                return;
            }
            ApiError::RateLimited { retry_after, .. } => {
                self.notices.rate_limit(self.now, *retry_after);
                if retry_page.is_some() {
                    self.retry_page = retry_page;
                }
            }
            _ => {}
        }
        self.notices.push(Notice::from_error(context, err));
    }

    fn connection_ok(&mut self) {
        if self.notices.connection_ok() {
            self.notices.flash = Some("connection restored".to_string());
        }
    }

    fn on_tick(&mut self, now: Timestamp) -> Vec<Effect> {
        self.now = now;
        let mut effects = Vec::new();
        if let Some(until) = self.notices.rate_limited_until
            && until <= now
        {
            self.notices.rate_limited_until = None;
            if let Some(page) = self.retry_page.take() {
                effects.extend(self.fetch_page(page));
            }
        }
        if let Some(off) = &self.notices.offline
            && off.next_try <= now
            && self.list.pending.is_none()
        {
            // The banner stays until a request succeeds; a failure backs off further.
            let page = self.retry_page.take().unwrap_or(1);
            effects.extend(if page <= 1 {
                self.refresh()
            } else {
                self.fetch_page(page)
            });
        }
        effects
    }

    fn on_upload_created(&mut self, upload: UploadId, asset: Asset) -> Vec<Effect> {
        if !self.uploads.created(upload, &asset) {
            return Vec::new();
        }
        self.connection_ok();
        if self.matches_server_filter(&asset) {
            self.list.upsert_top(asset);
            self.follow_selection();
        }
        Vec::new()
    }

    fn on_upload_finished(&mut self, upload: UploadId, result: Result<Box<Asset>, ApiError>) -> Vec<Effect> {
        let Some(job) = self.uploads.active_mut(upload) else {
            debug!(upload, "dropping the result of an upload no longer running");
            return Vec::new();
        };
        let label = job.label.clone();
        match result {
            Ok(asset) => {
                job.state = match asset.status {
                    Some(AssetStatus::Failed) => UploadState::Failed {
                        asset_id: Some(asset.id.clone()),
                        notice: Notice {
                            context: format!("processing {label}"),
                            status: None,
                            code: "asset_failed".to_string(),
                            message: asset.error.as_ref().map_or_else(
                                || "the server could not process the file".to_string(),
                                |e| e.message.clone(),
                            ),
                            hint: "Check the file plays locally, re-encode it if needed, and upload again."
                                .to_string(),
                        },
                    },
                    _ => UploadState::Ready {
                        asset_id: asset.id.clone(),
                    },
                };
                if self.list.items.iter().any(|a| a.id == asset.id) {
                    self.list.update(*asset);
                } else if self.matches_server_filter(&asset) {
                    self.list.upsert_top(*asset);
                }
            }
            Err(ApiError::Cancelled) => job.state = UploadState::Cancelled { asset_id: None },
            Err(err) => {
                let asset_id = match &job.state {
                    UploadState::Processing { asset_id } => Some(asset_id.clone()),
                    _ => None,
                };
                let notice = Notice::from_error(format!("uploading {label}"), &err);
                job.state = UploadState::Failed {
                    asset_id,
                    notice: notice.clone(),
                };
                self.api_error(&format!("uploading {label}"), &err, None);
            }
        }
        Vec::new()
    }

    /// Whether a new asset belongs in the list under the current server filters.
    fn matches_server_filter(&self, asset: &Asset) -> bool {
        let f = &self.list.server_filter;
        let type_ok = f
            .asset_type
            .as_ref()
            .is_none_or(|t| asset.asset_type().as_ref() == Some(t));
        let name_ok = f.filename.as_ref().is_none_or(|n| {
            asset
                .filename
                .as_deref()
                .is_some_and(|name| name.to_lowercase().contains(&n.to_lowercase()))
        });
        type_ok && name_ok
    }

    fn name_of(&self, id: &str) -> String {
        self.list
            .items
            .iter()
            .find(|a| a.id == id)
            .and_then(|a| a.filename.clone())
            .unwrap_or_else(|| id.to_string())
    }

    fn on_deleted(&mut self, id: &str, force: bool) -> Vec<Effect> {
        let name = self.name_of(id);
        self.list.remove(id);
        let how = if force { "force-deleted" } else { "deleted" };
        self.notices.flash = Some(format!("{how} {name}"));
        if matches!(&self.modal, Some(Modal::ConflictDelete(c)) if c.id == id) {
            self.modal = None;
        }
        self.follow_selection()
    }

    fn on_delete_failed(&mut self, id: String, conflict: bool, error: &ApiError) -> Vec<Effect> {
        self.list.deleting.remove(&id);
        let name = self.name_of(&id);
        if conflict {
            self.modal = Some(Modal::ConflictDelete(ConflictDelete {
                id: id.clone(),
                name,
                references: References::Loading,
                choice: Default::default(),
                confirming_force: false,
            }));
            return vec![Effect::FetchReferences { id }];
        }
        if matches!(error, ApiError::NotFound { .. }) {
            // Already gone on the server: make the list agree.
            self.list.remove(&id);
            self.notices.flash = Some(format!("{name} was already deleted"));
            return Vec::new();
        }
        self.api_error(&format!("deleting {name}"), error, None);
        Vec::new()
    }

    fn on_references(
        &mut self,
        id: &str,
        result: Result<Page<IndexedAssetSummary>, ApiError>,
    ) -> Vec<Effect> {
        let Some(Modal::ConflictDelete(dialog)) = &mut self.modal else {
            return Vec::new();
        };
        if dialog.id != id {
            return Vec::new();
        }
        dialog.references = match result {
            Ok(page) => References::Loaded {
                total: page.page_info.total_results.max(page.data.len() as u64),
                items: page.data,
            },
            Err(err) => References::Unknown(format!("{}: {}", err.code(), err.message())),
        };
        Vec::new()
    }

    fn on_inspected(&mut self, request_id: RequestId, result: Result<LocalMedia, String>) -> Vec<Effect> {
        let Some(Modal::UploadForm(form)) = &mut self.modal else {
            return Vec::new();
        };
        if form.checking != Some(request_id) {
            return Vec::new();
        }
        form.checking = None;
        let media = match result {
            Ok(media) => media,
            Err(e) => {
                form.error = Some((Field::Source, e));
                return Vec::new();
            }
        };
        let limit = direct_limit(&media.asset_type);
        if media.size > limit {
            form.error = Some((
                Field::Source,
                format!(
                    "{} is over the {} direct upload limit for {}; use the command line's multipart upload",
                    super::format::size(media.size),
                    super::format::size(limit),
                    media.asset_type
                ),
            ));
            return Vec::new();
        }
        let label = media.path.file_name().map_or_else(
            || media.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let total = Some(media.size);
        self.enqueue_upload(UploadSource::File(media.path), label, total)
    }

    /// Builds the request from the open form and queues it; closes the form.
    pub(super) fn enqueue_upload(
        &mut self,
        source: UploadSource,
        label: String,
        total: Option<u64>,
    ) -> Vec<Effect> {
        let Some(Modal::UploadForm(form)) = self.modal.take() else {
            return Vec::new();
        };
        let filename = Some(form.filename.value().trim().to_string()).filter(|s| !s.is_empty());
        let request = CreateAsset {
            source,
            filename,
            enable_hls: form.enable_hls,
            enable_thumbnail: form.enable_thumbnail,
            // Checked when the form was submitted.
            user_metadata: parse_metadata(form.metadata.value()).unwrap_or(None),
        };
        let upload = self.uploads.add(label.clone(), request.clone(), total);
        self.notices.flash = Some(format!("uploading {label} in the background"));
        vec![Effect::StartUpload {
            upload,
            request,
            total,
        }]
    }

    fn on_listed(
        &mut self,
        request_id: RequestId,
        dir: PathBuf,
        result: Result<Vec<DirEntry>, String>,
    ) -> Vec<Effect> {
        let Some(Modal::UploadForm(form)) = &mut self.modal else {
            return Vec::new();
        };
        if form
            .listing
            .as_ref()
            .is_none_or(|l: &Listing| l.request_id != request_id)
        {
            return Vec::new();
        }
        match result {
            Ok(entries) => form.listed(dir, entries),
            Err(e) => {
                form.listing = None;
                form.error = Some((Field::Source, e));
            }
        }
        Vec::new()
    }
}
