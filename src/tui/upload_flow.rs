//! The upload flow's results: the file check, directory listings for the form, and each step
//! of a queued upload (created, polled, finished).

use std::path::PathBuf;

use tracing::debug;

use crate::api::types::{Asset, AssetStatus};
use crate::api::{ApiError, CreateAsset, LocalMedia, UploadSource, direct_limit};

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
        Vec::new()
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
                job.state = UploadState::Failed {
                    asset_id,
                    notice: notice.clone(),
                };
                self.api_error(&format!("uploading {label}"), &err, None);
                self.notices.flash = Some(format!("upload of {label} failed: {}", err.message()));
            }
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
