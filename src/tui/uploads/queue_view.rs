//! The upload queue: one row per upload with a bar, bytes, %, speed and ETA while sending, then
//! processing, then the outcome.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::tui::app::{App, Focus};
use crate::tui::asset_labels;
use crate::tui::input::keymap::{Action, Context};
use crate::tui::uploads::queued_upload::{FailReason, QueuedUpload, UploadState};
use crate::tui::view::theme;

/// Width of the text progress bar when there is room.
const BAR: usize = 20;
/// Narrower than this, the bar is left out.
const MIN_BAR: usize = 6;

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let focused = app.focus == Focus::Uploads && app.modal.is_none();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border(focused))
        .title(Span::styled(summary(app), app.theme.title(focused)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // The batch line comes first; the rows get the rest.
    let batch = app.uploads.shown_batch().map(|b| {
        Line::styled(
            crate::tui::view::wrap::ellipsis(&app.uploads.batch_line(b), usize::from(inner.width)),
            app.theme.label().add_modifier(Modifier::BOLD),
        )
    });
    let rows = usize::from(inner.height).saturating_sub(usize::from(batch.is_some()));
    let name_width = (usize::from(inner.width) / 3).clamp(10, 40);
    // One order, focused or not (what moves first), so focusing the pane moves no row; the
    // selection is on an upload, not a place, and the window follows it.
    let order = app.uploads.display_order();
    let start = if focused {
        app.uploads
            .selected_position()
            .saturating_sub(rows.saturating_sub(1))
    } else {
        0
    };
    let jobs = order
        .into_iter()
        .skip(start)
        .take(rows)
        .filter_map(|i| app.uploads.jobs.get(i).map(|job| (i, job)))
        .map(|(i, job)| {
            let selected = focused && i == app.uploads.selected;
            let mut line = row(app, job, name_width, usize::from(inner.width), selected);
            if selected {
                line = line.style(Style::new().add_modifier(Modifier::REVERSED));
            }
            line
        });
    let lines: Vec<Line> = batch.into_iter().chain(jobs).collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// ` Uploads · 2 running · 1 waiting · 3 queued · 4 done · 1 failed `: the phases with rows.
fn summary(app: &App) -> String {
    let c = app.uploads.counts();
    let parts: Vec<String> = [
        (c.running, "running"),
        (c.waiting, "waiting"),
        (c.queued, "queued"),
        (c.done, "done"),
        (c.failed, "failed"),
        (c.stopped, "stopped"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    if parts.is_empty() {
        " Uploads ".to_string()
    } else {
        format!(" Uploads · {} ", parts.join(" · "))
    }
}

/// Whole seconds from `now` to `until` (0 once passed).
fn seconds_left(now: jiff::Timestamp, until: jiff::Timestamp) -> i64 {
    let ms = until.as_millisecond() - now.as_millisecond();
    (ms.max(0) + 999) / 1000
}

/// `s` cut or padded to `width` terminal cells (a CJK character or an emoji takes two), so
/// the state column starts in the same place on every row.
fn ellipsize(s: &str, width: usize) -> String {
    let cut = crate::tui::view::wrap::ellipsis(s, width);
    let pad = width.saturating_sub(crate::tui::view::wrap::width(&cut));
    format!("{cut}{}", " ".repeat(pad))
}

fn row<'a>(app: &App, job: &'a QueuedUpload, name_width: usize, width: usize, selected: bool) -> Line<'a> {
    let mark = if selected { "›" } else { " " };
    let name = Span::raw(format!("{mark}{} ", ellipsize(&job.label, name_width)));
    let resume_key = app
        .keymap
        .keys_for(Context::Uploads, Action::ResumeUpload)
        .first()
        .map_or_else(|| "R".to_string(), ToString::to_string);
    let chunks = job.chunks().map(|(done, total)| {
        (
            format!("  multipart {done}/{total} chunks"),
            format!(" {done}/{total}"),
        )
    });
    let state: Vec<Span> = match &job.state {
        UploadState::Queued => vec![Span::styled("· queued", app.theme.label())],
        UploadState::Starting => vec![Span::styled(
            format!(
                "{} starting{}…",
                theme::spinner(app.now),
                if job.multipart { " multipart" } else { "" }
            ),
            app.theme.label(),
        )],
        UploadState::Sending { sent, .. } => {
            let ratio = job.ratio().unwrap_or(0.0);
            let total = job
                .total
                .map(asset_labels::size)
                .unwrap_or_else(|| "?".to_string());
            let pct = format!("{:>3.0}%", ratio * 100.0);
            let sent = asset_labels::size(*sent);
            let speed = asset_labels::speed(job.speed().unwrap_or(0.0));
            let eta = job
                .eta()
                .map(asset_labels::eta)
                .unwrap_or_else(|| "-".to_string());
            // The most detailed text that fits; the bar gets what is left (none if too little).
            let room = width.saturating_sub(name_width + 2);
            let (long, short) = chunks.unwrap_or_default();
            let texts = [
                format!(" {pct} {sent} / {total}{long}  {speed}  ETA {eta}"),
                format!(" {pct} {sent}/{total}{short} {speed} {eta}"),
                format!(" {pct} {speed} ETA {eta}"),
            ];
            let text = texts
                .iter()
                .find(|t| t.chars().count() + MIN_BAR <= room)
                .unwrap_or(&texts[2])
                .clone();
            let bar = room.saturating_sub(text.chars().count()).min(BAR);
            let bar = if bar < MIN_BAR { 0 } else { bar };
            let filled = ((ratio * bar as f64).round() as usize).min(bar);
            vec![
                Span::styled("█".repeat(filled), Style::new().fg(app.theme.accent())),
                Span::styled("░".repeat(bar - filled), app.theme.label()),
                Span::raw(text),
            ]
        }
        UploadState::Waiting { until, .. } if *until <= app.now => vec![Span::styled(
            format!("{} sending again…", theme::spinner(app.now)),
            app.theme.label(),
        )],
        UploadState::Waiting {
            until,
            rate_limit,
            code,
        } => {
            let left = seconds_left(app.now, *until);
            let why = if *rate_limit {
                "waiting for rate limit".to_string()
            } else {
                format!("{code}: retrying")
            };
            vec![Span::styled(
                format!("⏳ {why} · {left}s"),
                Style::new().fg(Color::Yellow),
            )]
        }
        UploadState::Processing { .. } => vec![Span::styled(
            format!("{} processing on the server…", theme::spinner(app.now)),
            Style::new().fg(Color::Yellow),
        )],
        UploadState::Ready { asset_id } => {
            vec![Span::styled(
                format!("✓ ready  {asset_id}"),
                Style::new().fg(Color::Green),
            )]
        }
        UploadState::Failed {
            notice,
            asset_id,
            reason,
        } => {
            // The key comes first: a long reason is cut at the pane's edge (Enter shows it all).
            let resumable = job.session.is_some() && asset_id.is_none();
            let action = if resumable {
                format!(" ({resume_key} resumes)")
            } else if *reason != FailReason::Refused
                && (asset_id.is_none() || *reason == FailReason::Processing)
            {
                format!(" ({resume_key} retries)")
            } else {
                String::new()
            };
            vec![Span::styled(
                format!("✗ failed{action}: {}: {}", notice.code, notice.message),
                app.theme.error(),
            )]
        }
        UploadState::Interrupted => vec![Span::styled(
            format!(
                "interrupted{} — press {resume_key} to resume",
                job.chunks()
                    .map(|(done, total)| format!(" at {done}/{total} chunks"))
                    .unwrap_or_default()
            ),
            Style::new().fg(Color::Yellow),
        )],
        UploadState::Cancelled { asset_id } => vec![Span::styled(
            match asset_id {
                Some(id) => format!("cancelled (asset {id} stays on the server)"),
                None => format!("cancelled ({resume_key} sends it again)"),
            },
            app.theme.label(),
        )],
    };
    let mut spans = vec![name];
    spans.extend(state);
    Line::from(spans)
}
