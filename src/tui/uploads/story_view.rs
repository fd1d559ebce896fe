//! The whole story of one upload (Enter on its row): where it came from, what it is stored as,
//! how it is sent, where it is, and — in full, wrapped — why it stopped.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::api::UploadSource;
use crate::tui::app::App;
use crate::tui::asset_labels;
use crate::tui::msg::UploadId;
use crate::tui::uploads::queued_upload::{QueuedUpload, UploadState};
use crate::tui::view::dialogs::{draw_box, frame_box, key_line};
use crate::tui::view::theme::Theme;

pub fn draw(app: &App, frame: &mut Frame, screen: Rect, id: UploadId) {
    let Some(job) = app.uploads.jobs.iter().find(|j| j.id == id) else {
        return;
    };
    // Wrapped like every box, so nothing of a long reason is cut off; the key line always shows.
    let body = story(app.theme, job);
    let keep = [Line::raw(""), key_line(app)];
    let width = screen.width.saturating_sub(4).min(90);
    draw_box(
        frame,
        screen,
        width,
        frame_box(app.theme, "Upload", false),
        &body,
        &keep,
    );
}

fn field(theme: Theme, name: &str, value: String) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{name:<10}"), theme.label()),
        Span::raw(value),
    ])
}

/// The lines of the story, most telling first.
fn story(theme: Theme, job: &QueuedUpload) -> Vec<Line<'static>> {
    let mut lines = vec![field(theme, "stored as", job.label.clone())];
    lines.push(match &job.request.source {
        UploadSource::File(path) => field(theme, "file", path.display().to_string()),
        UploadSource::Url(url) => field(theme, "URL", url.clone()),
    });
    let method = match (&job.request.source, job.multipart, job.chunks()) {
        (UploadSource::Url(_), ..) => "fetched by the service from the URL".to_string(),
        (_, true, Some((done, total))) => format!("multipart, {done} of {total} chunks on the server"),
        (_, true, None) => "multipart".to_string(),
        _ => "direct (one request)".to_string(),
    };
    lines.push(field(theme, "method", method));
    if let Some(total) = job.total {
        lines.push(field(theme, "size", asset_labels::size(total)));
    }
    let (state, asset) = match &job.state {
        UploadState::Queued => ("queued".to_string(), None),
        UploadState::Starting => ("starting".to_string(), None),
        UploadState::Sending { sent, .. } => (format!("sending, {} sent", asset_labels::size(*sent)), None),
        UploadState::Waiting {
            rate_limit: true,
            until,
            ..
        } => (
            format!(
                "waiting for the rate limit until {}",
                until.strftime("%H:%M:%S UTC")
            ),
            None,
        ),
        UploadState::Waiting { code, until, .. } => (
            format!("{code}; sending again at {}", until.strftime("%H:%M:%S UTC")),
            None,
        ),
        UploadState::Processing { asset_id } => ("processing on the server".to_string(), Some(asset_id)),
        UploadState::Ready { asset_id } => ("ready".to_string(), Some(asset_id)),
        UploadState::Failed { asset_id, notice, .. } => {
            let status = notice.status.map(|s| format!("HTTP {s} ")).unwrap_or_default();
            let text = format!("failed: {status}{}: {}", notice.code, notice.message);
            let mut s = (text, asset_id.as_ref());
            if !notice.hint.is_empty() {
                s.0 = format!("{}\nhint: {}", s.0, notice.hint);
            }
            s
        }
        UploadState::Cancelled { asset_id } => ("cancelled".to_string(), asset_id.as_ref()),
        UploadState::Interrupted => ("interrupted: its session stays resumable".to_string(), None),
    };
    for (i, part) in state.lines().enumerate() {
        let name = if i == 0 { "state" } else { "" };
        lines.push(field(theme, name, part.to_string()));
    }
    if let Some(id) = asset {
        lines.push(field(theme, "asset id", id.clone()));
    }
    if let Some(session) = &job.session {
        lines.push(field(theme, "session", session.upload_id.clone()));
    }
    if let Some(t) = job.started_at {
        lines.push(field(
            theme,
            "started",
            format!("{} UTC", t.strftime("%Y-%m-%d %H:%M:%S")),
        ));
    }
    if let Some(t) = job.ended_at {
        lines.push(field(
            theme,
            "ended",
            format!("{} UTC", t.strftime("%Y-%m-%d %H:%M:%S")),
        ));
    }
    if job.retries > 0 {
        lines.push(field(theme, "retried", format!("{} time(s)", job.retries)));
    }
    lines
}
