//! The upload queue as a user works it: a wait counts down on its row (no error), `R` sends a
//! failed or cancelled row again, `Esc` goes back to the list, `x` asks before losing sent
//! bytes, Enter tells a row's whole story, the pane shows what moves first with a summary, the
//! row names the asset as stored, and quitting says what is lost and what is resumable.

use std::path::PathBuf;
use std::time::Duration;

use crate::tui_support::*;
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tl_assets::api::types::AssetType;
use tl_assets::api::{ApiError, LocalMedia, Wait, WaitReason};
use tl_assets::tui::{App, Effect, Focus, Modal, Msg, UploadId, UploadState};

/// Opens the form, types a path (and a stored name when given), submits, answers the check.
fn queue(app: &mut App, path: &str, stored: Option<&str>) -> UploadId {
    app.update(key('u'));
    type_text(app, path);
    if let Some(name) = stored {
        app.update(code(KeyCode::Down));
        type_text(app, name);
    }
    submit_files(
        app,
        vec![LocalMedia {
            path: PathBuf::from(path),
            size: 10_000_000,
            mime: "video/mp4".into(),
            asset_type: AssetType::Video,
        }],
    );
    app.uploads.jobs.last().expect("queued").id
}

fn screen(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
    t.draw(|f| tl_assets::tui::view(app, f)).expect("draw");
    t.backend().to_string()
}

fn focus_uploads(app: &mut App) {
    app.update(code(KeyCode::Tab));
    app.update(code(KeyCode::Tab));
    assert_eq!(app.focus, Focus::Uploads);
}

fn rate_wait(secs: i64) -> Wait {
    Wait {
        reason: WaitReason::RateLimit,
        left: Duration::from_secs(secs as u64),
        until: now()
            .checked_add(jiff::SignedDuration::from_secs(secs))
            .expect("time"),
    }
}

#[test]
fn a_rate_limit_wait_counts_down_on_the_row_without_an_error() {
    let mut app = loaded(1, 1);
    let id = queue(&mut app, "media/a.mp4", None);
    app.update(Msg::UploadWaiting {
        upload: id,
        wait: rate_wait(41),
    });
    assert!(matches!(
        app.uploads.jobs[0].state,
        UploadState::Waiting { rate_limit: true, .. }
    ));
    assert!(app.wants_tick(), "the countdown moves");
    assert!(
        screen(&app).contains("waiting for rate limit · 41s"),
        "{}",
        screen(&app)
    );
    app.update(Msg::Tick(
        now().checked_add(jiff::SignedDuration::from_secs(1)).expect("t"),
    ));
    assert!(
        screen(&app).contains("waiting for rate limit · 40s"),
        "{}",
        screen(&app)
    );
    assert!(app.notices.errors.is_empty(), "a wait is no error");
    app.update(Msg::UploadProgress {
        upload: id,
        sent: 1000,
        elapsed: Duration::from_secs(1),
    });
    assert!(matches!(app.uploads.jobs[0].state, UploadState::Sending { .. }));
}

#[test]
fn r_sends_a_failed_or_cancelled_row_again() {
    let mut app = loaded(1, 1);
    let id = queue(&mut app, "media/a.mp4", None);
    app.update(Msg::UploadFinished {
        upload: id,
        result: Err(ApiError::from_response(503, None, "")),
    });
    focus_uploads(&mut app);
    let effects = app.update(key('R'));
    assert!(
        matches!(effects.as_slice(), [Effect::StartUpload { upload, .. }] if *upload == id),
        "{effects:?}"
    );
    assert_eq!(app.uploads.jobs[0].retries, 1);
    // Cancelled before the asset existed: R sends it again too.
    assert_eq!(app.update(key('x')), vec![Effect::CancelUpload { upload: id }]);
    let effects = app.update(key('R'));
    assert!(
        matches!(effects.as_slice(), [Effect::StartUpload { .. }]),
        "{effects:?}"
    );
    // Ready: nothing to send again.
    app.update(Msg::UploadFinished {
        upload: id,
        result: Ok(Box::new(asset(3))),
    });
    assert!(app.update(key('R')).is_empty());
    assert_eq!(app.notices.flash.as_deref(), Some("this upload is done"));
}

#[test]
fn esc_in_the_uploads_pane_goes_back_and_cancels_nothing() {
    let mut app = loaded(1, 1);
    queue(&mut app, "media/a.mp4", None);
    focus_uploads(&mut app);
    assert!(app.update(code(KeyCode::Esc)).is_empty());
    assert_eq!(app.focus, Focus::List);
    assert!(app.uploads.jobs[0].state.is_active());
}

#[test]
fn x_asks_before_losing_the_bytes_of_a_direct_upload() {
    let mut app = loaded(1, 1);
    let id = queue(&mut app, "media/a.mp4", None);
    app.update(Msg::UploadProgress {
        upload: id,
        sent: 4_000_000,
        elapsed: Duration::from_secs(1),
    });
    focus_uploads(&mut app);
    assert!(app.update(key('x')).is_empty(), "asks first");
    let flash = app.notices.flash.clone().unwrap_or_default();
    assert!(
        flash.contains("4.0 MB") && flash.contains("press x again"),
        "{flash}"
    );
    assert!(app.uploads.jobs[0].state.is_active());
    assert_eq!(app.update(key('x')), vec![Effect::CancelUpload { upload: id }]);
    assert!(matches!(app.uploads.jobs[0].state, UploadState::Cancelled { .. }));
}

#[test]
fn enter_tells_the_whole_story_of_a_row() {
    let mut app = loaded(1, 1);
    let id = queue(&mut app, "media/a.mp4", None);
    let long = format!("the service refused the file: {}", "detail ".repeat(20));
    let body = serde_json::json!({"code": "parameter_invalid", "message": long}).to_string();
    app.update(Msg::UploadFinished {
        upload: id,
        result: Err(ApiError::from_response(400, None, &body)),
    });
    app.update(code(KeyCode::Esc)); // the error box
    focus_uploads(&mut app);
    app.update(code(KeyCode::Enter));
    assert!(matches!(app.modal, Some(Modal::UploadStory(u)) if u == id));
    let shown = screen(&app);
    assert!(shown.contains("parameter_invalid"), "{shown}");
    assert!(shown.contains("media/a.mp4"), "{shown}");
    assert!(shown.contains("started"), "{shown}");
    // The reason's end is there, wrapped, not cut at the pane width.
    let flat: String = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.matches("detail").count() >= 20, "{shown}");
    app.update(code(KeyCode::Esc));
    assert!(app.modal.is_none());
}

#[test]
fn the_row_and_the_message_name_the_stored_file() {
    let mut app = loaded(1, 1);
    queue(&mut app, "media/DSC_0042.mp4", Some("harbor-dawn.mp4"));
    assert_eq!(app.uploads.jobs[0].label, "harbor-dawn.mp4");
    assert_eq!(
        app.notices.flash.as_deref(),
        Some("uploading harbor-dawn.mp4 in the background")
    );
    assert!(screen(&app).contains("harbor-dawn.mp4"), "{}", screen(&app));
}

#[test]
fn unfocused_the_pane_shows_what_moves_first_with_a_summary() {
    let mut app = loaded(1, 1);
    let mut ids = Vec::new();
    for i in 0..6 {
        ids.push(queue(&mut app, &format!("media/done-{i}.mp4"), None));
        let id = *ids.last().expect("id");
        app.update(Msg::UploadFinished {
            upload: id,
            result: Ok(Box::new(asset(10 + i))),
        });
    }
    let running = queue(&mut app, "media/running.mp4", None);
    app.update(Msg::UploadProgress {
        upload: running,
        sent: 1000,
        elapsed: Duration::from_secs(1),
    });
    let waiting = queue(&mut app, "media/waiting.mp4", None);
    app.update(Msg::UploadWaiting {
        upload: waiting,
        wait: rate_wait(9),
    });
    queue(&mut app, "media/queued.mp4", None);
    let shown = screen(&app);
    assert!(shown.contains("running.mp4"), "{shown}");
    assert!(shown.contains("waiting.mp4"), "{shown}");
    assert!(
        shown.contains("Uploads · 1 running · 1 waiting · 1 queued · 6 done"),
        "{shown}"
    );
}

#[test]
fn the_quit_dialog_says_what_is_lost_and_what_is_resumable() {
    let mut app = loaded(1, 1);
    let direct = queue(&mut app, "media/direct.mp4", None);
    app.update(Msg::UploadProgress {
        upload: direct,
        sent: 1000,
        elapsed: Duration::from_secs(1),
    });
    let q = app.uploads.quit_losses();
    assert_eq!(q.lost, vec!["direct.mp4".to_string()]);
    app.update(key('q'));
    let shown = screen(&app);
    assert!(shown.contains("lost: direct.mp4"), "{shown}");
}
