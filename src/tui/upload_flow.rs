//! The upload flow's results: the file check, directory listings for the form, and each step
//! of a queued upload (started when a slot frees, created, polled, finished, resumed).

use std::path::PathBuf;

use tracing::debug;

use crate::api::types::{Asset, AssetStatus, AssetType};
use crate::api::{ApiError, CreateAsset, IMAGE_LIMIT, LocalMedia, MultipartState, UploadSource};

use super::app::App;
use super::dialogs::Modal;
use super::effect::Effect;
use super::msg::{DirEntry, RequestId, UploadId};
use super::notices::Notice;
use super::upload_form::{Field, Listing, parse_metadata};
use super::upload_queue::UploadState;

impl App {
    pub(super) fn on_upload_created(&mut self, upload: UploadId, asset: Asset) -> Vec<Effect> {
        if !self.uploads.created(upload, &asset) {
            return Vec::new();
        }
        self.connection_ok();
        if self.matches_server_filter(&asset) {
            self.list.upsert_top(asset);
            self.follow_selection();
        }
        // Processing frees the sending slot.
        self.start_queued()
    }

    pub(super) fn on_upload_finished(
        &mut self,
        upload: UploadId,
        result: Result<Box<Asset>, ApiError>,
    ) -> Vec<Effect> {
        let Some(job) = self.uploads.active_mut(upload) else {
            debug!(upload, "dropping the result of an upload no longer running");
            return Vec::new();
        };
        let label = job.label.clone();
        match result {
            Ok(asset) => {
                let failed = asset.status == Some(AssetStatus::Failed);
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
                // Replaces "uploading … in the background", which would otherwise outlive the upload.
                self.notices.flash = Some(if failed {
                    let why = asset
                        .error
                        .as_ref()
                        .map_or("the server could not process the file", |e| e.message.as_str());
                    format!("upload of {label} failed: {why}")
                } else {
                    format!("uploaded {label} (ready)")
                });
                if self.list.items.iter().any(|a| a.id == asset.id) {
                    self.list.update(*asset);
                } else if self.matches_server_filter(&asset) {
                    self.list.upsert_top(*asset);
                }
            }
            Err(ApiError::Cancelled) => {
                job.state = UploadState::Cancelled { asset_id: None };
                self.notices.flash = Some(format!("upload of {label} cancelled"));
            }
            Err(err) => {
                let asset_id = match &job.state {
                    UploadState::Processing { asset_id } => Some(asset_id.clone()),
                    _ => None,
                };
                let notice = Notice::from_error(format!("uploading {label}"), &err);
                let resumable = job.session.is_some() && asset_id.is_none();
                job.state = UploadState::Failed {
                    asset_id,
                    notice: notice.clone(),
                };
                self.api_error(&format!("uploading {label}"), &err, None);
                self.notices.flash = Some(format!(
                    "upload of {label} failed: {}{}",
                    err.message(),
                    if resumable { " (it can be resumed)" } else { "" }
                ));
            }
        }
        self.start_queued()
    }

    /// Starts queued uploads while fewer than the configured number are sending.
    pub(super) fn start_queued(&mut self) -> Vec<Effect> {
        let mut effects = Vec::new();
        while self.uploads.sending() < self.upload_settings.concurrency.max(1) {
            let Some(job) = self.uploads.next_queued() else {
                break;
            };
            job.state = UploadState::Starting;
            // A queued job with a session is a resume: only a started task opens a session.
            effects.push(match &job.session {
                Some(state) => Effect::ResumeUpload {
                    upload: job.id,
                    state: state.clone(),
                },
                None => Effect::StartUpload {
                    upload: job.id,
                    request: job.request.clone(),
                    total: job.total,
                    multipart: job.multipart,
                },
            });
        }
        effects
    }

    /// `R` on an interrupted multipart upload (or one that failed before its asset existed):
    /// queue it again to finish from its session.
    pub(super) fn resume_selected(&mut self) -> Vec<Effect> {
        let Some(job) = self.uploads.jobs.get_mut(self.uploads.selected) else {
            return Vec::new();
        };
        let resumable = job.session.is_some()
            && matches!(
                job.state,
                UploadState::Interrupted | UploadState::Failed { asset_id: None, .. }
            );
        if !resumable {
            self.notices.flash = Some("only an interrupted multipart upload can be resumed".to_string());
            return Vec::new();
        }
        job.state = UploadState::Queued;
        job.baseline = None;
        self.notices.flash = Some(format!("resuming {}", job.label));
        self.start_queued()
    }

    /// Rows for saved sessions an earlier run left unfinished (skipping any already shown).
    pub(super) fn on_resumable(&mut self, states: Vec<MultipartState>) -> Vec<Effect> {
        let mut added = 0;
        for state in states {
            if !self.uploads.has_session(&state.upload_id) {
                self.uploads.add_interrupted(state);
                added += 1;
            }
        }
        if added > 0 {
            let key = self
                .keymap
                .keys_for(
                    super::keymap::Context::Uploads,
                    super::keymap::Action::ResumeUpload,
                )
                .first()
                .map_or_else(|| "R".to_string(), ToString::to_string);
            self.notices.flash = Some(format!(
                "{added} interrupted upload{}: select it in the uploads pane and press {key} to resume",
                if added == 1 { "" } else { "s" }
            ));
        }
        Vec::new()
    }

    /// Whether a new asset belongs in the list under the current server filters.
    pub(super) fn matches_server_filter(&self, asset: &Asset) -> bool {
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

    pub(super) fn on_inspected(
        &mut self,
        request_id: RequestId,
        result: Result<LocalMedia, String>,
    ) -> Vec<Effect> {
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
        let image = matches!(media.asset_type, AssetType::Image);
        if image && media.size > IMAGE_LIMIT {
            form.error = Some((
                Field::Source,
                format!(
                    "{} is over the {} limit for images (whatever the upload method)",
                    super::format::size(media.size),
                    super::format::size(IMAGE_LIMIT),
                ),
            ));
            return Vec::new();
        }
        // Video and audio over the direct limit are sent in chunks through a multipart session.
        let multipart = !image && media.size > self.upload_settings.direct_media_limit;
        let label = media.path.file_name().map_or_else(
            || media.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let total = Some(media.size);
        self.enqueue_upload(UploadSource::File(media.path), label, total, multipart)
    }

    /// Builds the request from the open form and queues it; closes the form.
    pub(super) fn enqueue_upload(
        &mut self,
        source: UploadSource,
        label: String,
        total: Option<u64>,
        multipart: bool,
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
        self.uploads.add(label.clone(), request, total, multipart);
        let effects = self.start_queued();
        self.notices.flash = Some(if effects.is_empty() {
            format!("{label} queued: it starts when an upload ahead of it is sent")
        } else {
            format!("uploading {label} in the background")
        });
        effects
    }

    pub(super) fn on_listed(
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
