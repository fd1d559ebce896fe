//! From the form's paths to queued uploads: the preview asked while typing, Enter (which waits
//! for the expansion of the current text, then for the list of existing assets when "skip
//! existing" is on), one queue job per media file, and the batch's summary when it ends.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::api::{ApiError, CreateAsset, UploadKind, UploadSource, choose_kind};
use crate::upload_plan::{Existing, SkipReason, Skipped};

use super::batch::UploadBatch;
use super::form::fields::{Field, UploadForm, parse_metadata};
use super::form::preview::{PREVIEW_DEBOUNCE, only_problems};
use super::planned::Planned;
use crate::tui::app::App;
use crate::tui::dialogs::Modal;
use crate::tui::effect::Effect;
use crate::tui::msg::RequestId;
use crate::tui::msg::UploadId;
use crate::tui::notices::Notice;

impl App {
    /// Asks for the expansion of the form's paths when they changed, after a pause in typing.
    pub(in crate::tui) fn sync_upload_preview(&mut self) -> Vec<Effect> {
        let Some(Modal::UploadForm(form)) = &self.modal else {
            return Vec::new();
        };
        let inputs = form.sources();
        if inputs.is_empty() || form.is_url() || form.preview.knows(&inputs) {
            return Vec::new();
        }
        self.ask_plan(inputs, PREVIEW_DEBOUNCE)
    }

    fn ask_plan(&mut self, inputs: Vec<String>, delay: Duration) -> Vec<Effect> {
        let request_id = self.request_id();
        let Some(Modal::UploadForm(form)) = &mut self.modal else {
            return Vec::new();
        };
        form.preview.asked = Some((request_id, inputs.clone()));
        vec![Effect::PlanUpload {
            request_id,
            inputs,
            delay,
        }]
    }

    /// Enter on paths: queue them once their expansion (of the text as it is now) is known.
    /// A second Enter while it is awaited adds nothing.
    pub(in crate::tui) fn submit_paths(&mut self) -> Vec<Effect> {
        let Some(Modal::UploadForm(form)) = &mut self.modal else {
            return Vec::new();
        };
        let inputs = form.sources();
        if let Some(planned) = form.preview.plan_for(&inputs).cloned() {
            return self.plan_known(planned);
        }
        form.preview.submit_when_ready = true;
        if form.preview.waiting_for(&inputs) {
            return Vec::new();
        }
        self.ask_plan(inputs, Duration::ZERO)
    }

    pub(in crate::tui) fn on_upload_planned(
        &mut self,
        request_id: RequestId,
        planned: Planned,
    ) -> Vec<Effect> {
        let Some(Modal::UploadForm(form)) = &mut self.modal else {
            return Vec::new();
        };
        let Some(planned) = form.preview.answered(request_id, planned) else {
            return Vec::new();
        };
        if !std::mem::take(&mut form.preview.submit_when_ready) {
            return Vec::new();
        }
        self.plan_known(planned)
    }

    /// Checks the expansion, then queues it (after listing the existing assets if asked to).
    fn plan_known(&mut self, planned: Arc<Planned>) -> Vec<Effect> {
        let request_id = self.request_id();
        let Some(Modal::UploadForm(form)) = &mut self.modal else {
            return Vec::new();
        };
        let plan = &planned.plan;
        if plan.files.is_empty() {
            // The `✗` lines above already name each path; the error does not repeat them.
            let why = if only_problems(plan) {
                "nothing to upload".to_string()
            } else {
                format!("nothing to upload: {}", plan.summary())
            };
            form.fail(Field::Source, why);
            return Vec::new();
        }
        // Every file refused (an image over the limit): said in the form, as for one file.
        let limit = self.upload_settings.direct_media_limit;
        let refused: Vec<ApiError> = plan
            .files
            .iter()
            .filter_map(|m| choose_kind(m, limit, false).err())
            .collect();
        if refused.len() == plan.files.len()
            && let Some(first) = refused.first()
        {
            let more = match refused.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            form.fail(Field::Source, format!("{}{more}", first.message()));
            return Vec::new();
        }
        if plan.files.len() > 1 && !form.filename.value().trim().is_empty() {
            let n = plan.files.len();
            form.fail(
                Field::Filename,
                format!("a filename names one file: clear it to upload these {n}"),
            );
            return Vec::new();
        }
        if form.skip_existing {
            form.checking = Some(request_id);
            return vec![Effect::FindExisting { request_id }];
        }
        self.queue_planned(&planned, None)
    }

    pub(in crate::tui) fn on_existing_found(
        &mut self,
        request_id: RequestId,
        result: Result<Existing, ApiError>,
    ) -> Vec<Effect> {
        let Some(Modal::UploadForm(form)) = &mut self.modal else {
            return Vec::new();
        };
        if form.checking != Some(request_id) {
            return Vec::new();
        }
        form.checking = None;
        let existing = match result {
            Ok(e) => e,
            Err(e) => {
                let why = format!("cannot list the existing assets to skip: {}", e.message());
                form.fail(Field::SkipExisting, why);
                return Vec::new();
            }
        };
        // The text may have changed while the list came: what Enter meant is gone.
        let Some(planned) = form.preview.plan_for(&form.sources()).cloned() else {
            return Vec::new();
        };
        self.queue_planned(&planned, Some(&existing))
    }

    /// One queue job per media file not skipped; closes the form and says what was queued.
    fn queue_planned(&mut self, planned: &Planned, existing: Option<&Existing>) -> Vec<Effect> {
        let Some(Modal::UploadForm(form)) = self.modal.take() else {
            return Vec::new();
        };
        let mut plan = planned.plan.clone();
        if let Some(existing) = existing {
            plan.skip_existing(existing);
        }
        let on_the_way = self.uploads.active_keys();
        let mut files = Vec::new();
        let mut skipped = plan.skipped;
        for (media, key) in plan.files.into_iter().zip(planned.keys.iter().cloned()) {
            if on_the_way.contains(key.as_path()) {
                skipped.push(skip(media.path, SkipReason::AlreadyQueued));
                continue;
            }
            // Direct or multipart (and the image limit): decided where the command line decides it.
            match choose_kind(&media, self.upload_settings.direct_media_limit, false) {
                Ok(kind) => files.push((media, key, kind == UploadKind::Multipart)),
                Err(e) => skipped.push(skip(media.path, SkipReason::Refused(e.message()))),
            }
        }
        let first = self.uploads.next_id();
        let mut keys = Vec::new();
        let single = files.len() == 1 && skipped.is_empty();
        for (media, key, multipart) in files {
            let mut request = request_from(&form, UploadSource::File(media.path.clone()));
            if !single {
                request.filename = None;
            }
            let label = request
                .filename
                .clone()
                .unwrap_or_else(|| crate::upload_plan::file_name(&media.path));
            let id = self.uploads.add(label, request, Some(media.size), multipart);
            keys.push((id, key));
        }
        let batch = UploadBatch {
            jobs: first..UploadId(first.0 + keys.len() as u64),
            keys,
            skipped,
            announced: false,
        };
        self.queued_batch(batch)
    }

    /// Enter on URLs: one job each (a URL given twice, once).
    pub(in crate::tui) fn submit_urls(&mut self) -> Vec<Effect> {
        let Some(Modal::UploadForm(form)) = self.modal.take() else {
            return Vec::new();
        };
        let mut urls = form.sources();
        let mut seen = std::collections::HashSet::new();
        urls.retain(|u| seen.insert(u.clone()));
        let first = self.uploads.next_id();
        let single = urls.len() == 1;
        for url in &urls {
            let mut request = request_from(&form, UploadSource::Url(url.clone()));
            if !single {
                request.filename = None;
            }
            let label = request.filename.clone().unwrap_or_else(|| url.clone());
            self.uploads.add(label, request, None, false);
        }
        let batch = UploadBatch {
            jobs: first..UploadId(first.0 + urls.len() as u64),
            keys: Vec::new(),
            skipped: Vec::new(),
            announced: false,
        };
        self.queued_batch(batch)
    }

    /// Records the batch, starts what may start, and says what happened.
    fn queued_batch(&mut self, batch: UploadBatch) -> Vec<Effect> {
        let (n, skipped) = (batch.len(), batch.skipped.len());
        let label = self
            .uploads
            .jobs
            .last()
            .filter(|_| n == 1)
            .map(|j| j.label.clone());
        let is_many = batch.is_many();
        let summary = self.uploads.batch_summary(&batch);
        self.uploads.batches.push(batch);
        if n == 0 {
            // Nothing left to send (all already uploaded or queued): the summary says why.
            if let Some(b) = self.uploads.batches.last_mut() {
                b.announced = true;
            }
            self.notices.flash = Some(summary.replacen("batch done: 0 ready · ", "nothing uploaded: ", 1));
            return Vec::new();
        }
        let effects = self.start_queued();
        self.notices.flash = Some(match label {
            Some(label) if !is_many && effects.is_empty() => {
                format!("{label} queued: it starts when an upload ahead of it is sent")
            }
            Some(label) if !is_many => format!("uploading {label} in the background"),
            _ => {
                let plural = if n == 1 { "" } else { "s" };
                let skipped = if skipped > 0 {
                    format!(" · {skipped} skipped")
                } else {
                    String::new()
                };
                format!("queued {n} upload{plural}{skipped}")
            }
        });
        effects
    }

    /// The summary of every batch that just ended: in the status line, and as a notice when
    /// something failed (the failed rows say why; `R` sends one again).
    pub(in crate::tui) fn announce_ended_batches(&mut self) {
        for (summary, failed, retryable) in self.uploads.take_ended_batches() {
            if failed {
                let hint = if retryable {
                    "Select a failed row in the uploads pane: R sends it again."
                } else {
                    // Each was refused for what the file is: the same file fails the same way.
                    "The service refused these files as they are; Enter on a row says why."
                };
                self.notices.push(Notice {
                    context: "uploading a batch".to_string(),
                    status: None,
                    code: "batch_incomplete".to_string(),
                    message: summary.clone(),
                    hint: hint.to_string(),
                });
            }
            self.notices.flash = Some(summary);
        }
    }
}

fn skip(path: PathBuf, reason: SkipReason) -> Skipped {
    Skipped { path, reason }
}

/// The request for one source with the form's options.
fn request_from(form: &UploadForm, source: UploadSource) -> CreateAsset {
    CreateAsset {
        source,
        filename: Some(form.filename.value().trim().to_string()).filter(|s| !s.is_empty()),
        enable_hls: form.enable_hls,
        enable_thumbnail: form.enable_thumbnail,
        // Checked when the form was submitted.
        user_metadata: parse_metadata(form.metadata.value()).unwrap_or(None),
    }
}
