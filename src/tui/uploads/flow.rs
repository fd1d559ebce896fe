//! The upload flow's results: directory listings for the form, and each step
//! of a queued upload (started when a slot frees, created, polled, finished, resumed).

use std::path::PathBuf;

use tracing::debug;

use crate::api::types::{Asset, AssetStatus};
use crate::api::{ApiError, MultipartState, Wait, WaitReason};

use super::form::fields::{Field, Listing};
use super::queued_upload::{FailReason, UploadState};
use crate::tui::app::{App, Focus};
use crate::tui::dialogs::Modal;
use crate::tui::effect::Effect;
use crate::tui::msg::{DirEntry, RequestId, UploadId};
use crate::tui::notices::Notice;
use crate::tui::task_error::DirListError;

impl App {
    pub(in crate::tui) fn on_upload_created(&mut self, upload: UploadId, asset: Asset) -> Vec<Effect> {
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

    pub(in crate::tui) fn on_upload_finished(
        &mut self,
        upload: UploadId,
        result: Result<Box<Asset>, ApiError>,
    ) -> Vec<Effect> {
        let Some(job) = self.uploads.active_mut(upload) else {
            debug!(%upload, "dropping the result of an upload no longer running");
            return Vec::new();
        };
        let label = job.label.clone();
        job.ended_at = Some(self.now);
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
                        reason: FailReason::Processing,
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
                    reason: FailReason::of(&err),
                };
                // One upload's failure is about that upload: it never raises the connection
                // banner or a rate-limit countdown (only page and detail loads decide those).
                // A file of a batch is told once, in the batch's one summary at its end.
                if !self.uploads.in_many_batch(upload) {
                    self.notices.push(notice);
                }
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
    pub(in crate::tui) fn start_queued(&mut self) -> Vec<Effect> {
        // Every change that may end an upload comes through here: a batch that ended says so.
        self.announce_ended_batches();
        let mut effects = Vec::new();
        while self.uploads.sending() < self.upload_settings.concurrency.max(1) {
            let Some(job) = self.uploads.next_queued() else {
                break;
            };
            job.state = UploadState::Starting;
            job.started_at = Some(self.now);
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

    /// `R` on a stopped row: a failed or cancelled upload is sent again, an interrupted
    /// multipart upload (or one that failed after its session opened) resumes its session.
    pub(in crate::tui) fn resume_selected(&mut self) -> Vec<Effect> {
        let Some(job) = self.uploads.jobs.get(self.uploads.selected) else {
            return Vec::new();
        };
        let (id, label, resumes) = (job.id, job.label.clone(), job.session.is_some());
        if let Err(why) = self.uploads.retry(id) {
            self.notices.flash = Some(why);
            return Vec::new();
        }
        self.notices.flash = Some(if resumes {
            format!("resuming {label}")
        } else {
            format!("sending {label} again")
        });
        self.start_queued()
    }

    /// A click at screen row `y` of the uploads pane (drawn in `area`): focuses the pane and
    /// selects the row drawn there, under the batch line, scrolled only while it had focus.
    pub(in crate::tui) fn click_uploads(&mut self, y: u16, area: Option<ratatui::layout::Rect>) {
        let batch = usize::from(self.uploads.shown_batch().is_some());
        let start = match area {
            Some(r) if self.focus == Focus::Uploads => {
                let rows = usize::from(r.height.saturating_sub(2)).saturating_sub(batch);
                self.uploads
                    .selected_position()
                    .saturating_sub(rows.saturating_sub(1))
            }
            _ => 0,
        };
        self.focus = Focus::Uploads;
        if let Some(r) = area
            && y > r.y
            && let Some(row) = usize::from(y - r.y - 1).checked_sub(batch)
        {
            self.uploads.select_shown(start + row);
        }
    }

    /// `x` on the selected row. A direct upload in flight loses the bytes it sent, so that asks
    /// first (a second `x` proceeds); a multipart one keeps its session and stays resumable.
    pub(in crate::tui) fn cancel_selected_upload(&mut self) -> Vec<Effect> {
        let Some(job) = self.uploads.selected_job() else {
            return Vec::new();
        };
        let (id, label) = (job.id, job.label.clone());
        // A finished row has nothing to cancel; say so rather than nothing.
        let finished = match &job.state {
            UploadState::Ready { .. } => Some("is already uploaded"),
            UploadState::Failed { .. } => Some("already failed"),
            UploadState::Cancelled { .. } => Some("is already cancelled"),
            _ => None,
        };
        if job.state == UploadState::Interrupted {
            let resume = self.key_for(crate::tui::input::keymap::Action::ResumeUpload, "R");
            self.notices.flash = Some(format!(
                "{label} is not running: nothing to cancel ({resume} resumes it)"
            ));
            return Vec::new();
        }
        if let Some(how) = finished {
            let clear = self.key_for(crate::tui::input::keymap::Action::ClearFinished, "c");
            self.notices.flash = Some(format!(
                "{label} {how}: nothing to cancel ({clear} clears finished rows)"
            ));
            return Vec::new();
        }
        let at_risk = match &job.state {
            UploadState::Sending { sent, .. } if job.session.is_none() && *sent > 0 => Some(*sent),
            _ => None,
        };
        if let Some(sent) = at_risk
            && self.uploads.confirm_cancel != Some(id)
        {
            self.uploads.confirm_cancel = Some(id);
            let key = self.key_for(crate::tui::input::keymap::Action::CancelUpload, "x");
            self.notices.flash = Some(format!(
                "cancel {label}? the {} sent so far would be lost: press {key} again to cancel",
                crate::tui::asset_labels::size(sent)
            ));
            return Vec::new();
        }
        self.uploads.confirm_cancel = None;
        let mut effects = Vec::new();
        if self.uploads.cancel(id) {
            effects.push(Effect::CancelUpload { upload: id });
        }
        match self.uploads.selected_job().map(|j| &j.state) {
            Some(UploadState::Interrupted) => {
                let key = self.key_for(crate::tui::input::keymap::Action::ResumeUpload, "R");
                self.notices.flash = Some(format!(
                    "upload of {label} stopped; its session stays resumable: press {key} to resume"
                ));
            }
            Some(UploadState::Cancelled {
                asset_id: Some(asset),
            }) => {
                self.notices.flash = Some(format!(
                    "stopped following {label}; asset {asset} keeps processing on the server"
                ));
            }
            Some(UploadState::Cancelled { asset_id: None }) => {
                self.notices.flash = Some(format!("upload of {label} cancelled"));
            }
            _ => {}
        }
        effects.extend(self.start_queued());
        effects
    }

    /// The first key bound to `action` in the uploads pane.
    fn key_for(&self, action: crate::tui::input::keymap::Action, fallback: &str) -> String {
        self.keymap
            .keys_for(crate::tui::input::keymap::Context::Uploads, action)
            .first()
            .map_or_else(|| fallback.to_string(), ToString::to_string)
    }

    /// The upload waits for a rate limit's reset or a backoff: the row counts down, no error.
    pub(in crate::tui) fn on_upload_waiting(&mut self, upload: UploadId, wait: &Wait) -> Vec<Effect> {
        if let Some(job) = self.uploads.active_mut(upload) {
            let (rate_limit, code) = match &wait.reason {
                WaitReason::RateLimit => (true, String::new()),
                WaitReason::Retry { code } => (false, code.clone()),
            };
            job.state = UploadState::Waiting {
                until: wait.until,
                rate_limit,
                code,
            };
        }
        Vec::new()
    }

    /// Rows for saved sessions an earlier run left unfinished (skipping any already shown).
    pub(in crate::tui) fn on_resumable(&mut self, states: Vec<MultipartState>) -> Vec<Effect> {
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
                    crate::tui::input::keymap::Context::Uploads,
                    crate::tui::input::keymap::Action::ResumeUpload,
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
    pub(in crate::tui) fn matches_server_filter(&self, asset: &Asset) -> bool {
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

    pub(in crate::tui) fn on_listed(
        &mut self,
        request_id: RequestId,
        dir: PathBuf,
        result: Result<Vec<DirEntry>, DirListError>,
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
                form.error = Some((Field::Source, e.to_string()));
            }
        }
        Vec::new()
    }
}
