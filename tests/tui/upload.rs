//! The upload form and queue: checks before sending, progress → processing → ready / failed /
//! cancelled, new assets at the top, late results dropped.

use std::path::PathBuf;
use std::time::Duration;

use crate::tui_support::*;
use crossterm::event::KeyCode;
use tl_assets::api::types::{AssetStatus, AssetType};
use tl_assets::api::{ApiError, LocalMedia, UploadSource};
use tl_assets::tui::{App, DirEntry, Effect, Field, Focus, Modal, Msg, RequestId, UploadId, UploadState};

fn form(app: &App) -> &tl_assets::tui::UploadForm {
    match &app.modal {
        Some(Modal::UploadForm(f)) => f,
        other => panic!("upload form expected, got {other:?}"),
    }
}

fn media(path: &str, size: u64, t: AssetType) -> LocalMedia {
    LocalMedia {
        path: PathBuf::from(path),
        size,
        mime: "video/mp4".into(),
        asset_type: t,
    }
}

/// Opens the form, types a path, submits, and answers the file check; returns the upload id.
fn queue_file(app: &mut App, path: &str, size: u64) -> UploadId {
    app.update(key('u'));
    type_text(app, path);
    let Some(Modal::UploadForm(f)) = &app.modal else {
        panic!("form expected");
    };
    assert_eq!(f.sources(), vec![path.to_string()]);
    let effects = submit_files(app, vec![media(path, size, AssetType::Video)]);
    let [
        Effect::StartUpload {
            upload,
            request,
            total,
            multipart: false,
        },
    ] = effects.as_slice()
    else {
        panic!("direct upload start expected: {effects:?}");
    };
    assert_eq!(request.source, UploadSource::File(PathBuf::from(path)));
    assert_eq!(*total, Some(size));
    *upload
}

#[test]
fn upload_lifecycle_progress_processing_ready() {
    let mut app = loaded(3, 3);
    let id = queue_file(&mut app, "media/harbor.mp4", 10_000_000);
    assert!(app.modal.is_none(), "the form closes; browsing continues");
    assert!(app.wants_tick());
    app.update(Msg::UploadProgress {
        upload: id,
        sent: 2_500_000,
        elapsed: Duration::from_secs(1),
    });
    let job = &app.uploads.jobs[0];
    assert_eq!(job.ratio(), Some(0.25));
    assert_eq!(job.speed(), Some(2_500_000.0));
    assert_eq!(job.eta(), Some(Duration::from_secs(3)));
    // The user keeps browsing while it runs.
    app.update(key('j'));
    assert_eq!(app.list.selected, 1);

    let mut created = asset(99);
    created.status = Some(AssetStatus::Processing);
    created.filename = Some("harbor.mp4".into());
    app.update(Msg::UploadCreated {
        upload: id,
        asset: Box::new(created.clone()),
    });
    assert!(matches!(
        app.uploads.jobs[0].state,
        UploadState::Processing { .. }
    ));
    assert_eq!(app.list.items[0].id, created.id, "new asset at the top");
    assert_eq!(app.list.total, Some(4));
    assert_eq!(
        app.list.selected_id(),
        Some(app.list.items[2].id.clone()),
        "selection kept"
    );

    let mut ready = created.clone();
    ready.status = Some(AssetStatus::Ready);
    app.update(Msg::UploadFinished {
        upload: id,
        result: Ok(Box::new(ready)),
    });
    assert!(matches!(app.uploads.jobs[0].state, UploadState::Ready { .. }));
    assert_eq!(app.list.items[0].status, Some(AssetStatus::Ready));
    assert!(!app.uploads.any_active());
}

#[test]
fn the_background_message_is_replaced_when_the_upload_ends() {
    let mut app = loaded(1, 1);
    let id = queue_file(&mut app, "media/harbor.mp4", 1000);
    assert_eq!(
        app.notices.flash.as_deref(),
        Some("uploading harbor.mp4 in the background")
    );
    let mut ready = asset(42);
    ready.filename = Some("harbor.mp4".into());
    app.update(Msg::UploadCreated {
        upload: id,
        asset: Box::new(ready.clone()),
    });
    app.update(Msg::UploadFinished {
        upload: id,
        result: Ok(Box::new(ready)),
    });
    assert_eq!(app.notices.flash.as_deref(), Some("uploaded harbor.mp4 (ready)"));
}

#[test]
fn failed_processing_shows_the_assets_error() {
    let mut app = loaded(1, 1);
    let id = queue_file(&mut app, "bad.mp4", 1000);
    let mut failed = asset(7);
    failed.status = Some(AssetStatus::Failed);
    failed.error = Some(tl_assets::api::types::AssetError {
        message: "The file could not be decoded.".into(),
    });
    app.update(Msg::UploadCreated {
        upload: id,
        asset: Box::new(failed.clone()),
    });
    app.update(Msg::UploadFinished {
        upload: id,
        result: Ok(Box::new(failed)),
    });
    let UploadState::Failed { notice, .. } = &app.uploads.jobs[0].state else {
        panic!("failed expected");
    };
    assert_eq!(notice.message, "The file could not be decoded.");
    assert_eq!(
        app.notices.flash.as_deref(),
        Some("upload of bad.mp4 failed: The file could not be decoded.")
    );
}

#[test]
fn send_error_fails_the_row_and_shows_a_message() {
    let mut app = loaded(1, 1);
    let id = queue_file(&mut app, "big.mp4", 1000);
    app.update(Msg::UploadFinished {
        upload: id,
        result: Err(ApiError::from_response(
            400,
            None,
            r#"{"code":"video_resolution_too_low","message":"too small"}"#,
        )),
    });
    assert!(matches!(
        app.uploads.jobs[0].state,
        UploadState::Failed { asset_id: None, .. }
    ));
    let n = app.notices.current().expect("message");
    assert_eq!(n.code, "video_resolution_too_low");
    assert!(n.hint.contains("360"), "{}", n.hint);
    assert_eq!(
        app.notices.flash.as_deref(),
        Some("upload of big.mp4 failed: too small")
    );
}

#[test]
fn cancel_stops_the_task_and_drops_late_results() {
    let mut app = loaded(1, 1);
    let id = queue_file(&mut app, "a.mp4", 1000);
    app.update(code(KeyCode::Tab));
    app.update(code(KeyCode::Tab));
    assert_eq!(app.focus, Focus::Uploads);
    let effects = app.update(key('x'));
    assert_eq!(effects, vec![Effect::CancelUpload { upload: id }]);
    assert!(matches!(
        app.uploads.jobs[0].state,
        UploadState::Cancelled { asset_id: None }
    ));
    app.update(Msg::UploadProgress {
        upload: id,
        sent: 500,
        elapsed: Duration::from_secs(1),
    });
    app.update(Msg::UploadCreated {
        upload: id,
        asset: Box::new(asset(5)),
    });
    assert!(matches!(app.uploads.jobs[0].state, UploadState::Cancelled { .. }));
    assert_eq!(app.list.items.len(), 1, "a cancelled upload adds nothing");
    assert!(app.update(key('x')).is_empty(), "cancelling twice does nothing");
    app.update(key('c'));
    assert!(app.uploads.jobs.is_empty(), "finished rows cleared");
}

#[test]
fn several_uploads_run_at_once() {
    let mut app = loaded(1, 1);
    let a = queue_file(&mut app, "a.mp4", 1000);
    let b = queue_file(&mut app, "b.mp4", 2000);
    assert_ne!(a, b);
    app.update(Msg::UploadProgress {
        upload: b,
        sent: 1000,
        elapsed: Duration::from_secs(1),
    });
    assert_eq!(app.uploads.jobs[0].ratio(), None);
    assert_eq!(app.uploads.jobs[1].ratio(), Some(0.5));
}

#[test]
fn form_checks_before_sending() {
    let mut app = loaded(1, 1);
    app.update(key('u'));
    assert!(app.update(code(KeyCode::Enter)).is_empty());
    assert_eq!(form(&app).error.as_ref().map(|e| e.0), Some(Field::Source));
    type_text(&mut app, "huge.mp4");
    // Metadata without '=' is refused inline.
    for _ in 0..5 {
        app.update(code(KeyCode::Down));
    }
    type_text(&mut app, "oops");
    assert!(app.update(code(KeyCode::Enter)).is_empty());
    assert_eq!(form(&app).error.as_ref().map(|e| e.0), Some(Field::Metadata));
    for _ in 0..4 {
        app.update(code(KeyCode::Backspace));
    }
    type_text(&mut app, "take=3");
    // An image over 32 MB (whatever the method): stays in the form with an inline error.
    let effects = submit_files(&mut app, vec![media("huge.mp4", 40_000_000, AssetType::Image)]);
    assert!(effects.is_empty());
    let (field, msg) = form(&app).error.clone().expect("inline error");
    assert_eq!(field, Field::Source);
    assert!(msg.contains("limit for images"), "{msg}");
    // A check the form no longer waits for is ignored.
    app.update(Msg::UploadPlanned {
        request_id: RequestId(999),
        planned: Box::default(),
    });
    assert_eq!(
        form(&app).error.as_ref().map(|e| e.1.as_str()),
        Some(msg.as_str())
    );
}

#[test]
fn url_upload_skips_the_file_check_and_keeps_options() {
    let mut app = loaded(1, 1);
    app.update(key('u'));
    type_text(&mut app, "https://media.example.invalid/clip.mp4");
    app.update(code(KeyCode::Down));
    app.update(code(KeyCode::Down));
    app.update(key(' ')); // disable HLS (on by default, as on the CLI)
    app.update(code(KeyCode::Down));
    app.update(key(' ')); // disable thumbnail
    let effects = app.update(code(KeyCode::Enter));
    let [Effect::StartUpload { request, total, .. }] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(
        request.source,
        UploadSource::Url("https://media.example.invalid/clip.mp4".into())
    );
    assert!(!request.enable_hls);
    assert!(!request.enable_thumbnail);
    assert_eq!(*total, None);
}

#[test]
fn tab_completes_paths_and_browser_descends() {
    let mut app = loaded(1, 1);
    app.update(key('u'));
    type_text(&mut app, "media/ha");
    let effects = app.update(code(KeyCode::Tab));
    let [Effect::ListDir { request_id, dir }] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(dir, &PathBuf::from("media"));
    let entries = vec![
        DirEntry {
            name: "harbor".into(),
            is_dir: true,
        },
        DirEntry {
            name: "harbor.mp4".into(),
            is_dir: false,
        },
        DirEntry {
            name: "other.mp4".into(),
            is_dir: false,
        },
    ];
    app.update(Msg::DirListed {
        request_id: *request_id,
        dir: dir.clone(),
        result: Ok(entries),
    });
    let f = form(&app);
    assert_eq!(f.source.value(), "media/harbor");
    assert_eq!(f.browser.as_ref().map(|b| b.entries.len()), Some(2));
    // Down then Enter picks the file from the list.
    app.update(code(KeyCode::Down));
    app.update(code(KeyCode::Enter));
    let f = form(&app);
    assert_eq!(f.source.value(), "media/harbor.mp4");
    assert!(f.browser.is_none());
}
