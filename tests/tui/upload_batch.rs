//! A batch from the upload form once queued: skip-existing listing the assets first, a failed
//! listing or nothing to upload said in the form, a file changed or gone before it is sent, the
//! one summary at the end; a snapshot of the uploads pane with a batch line at 60x20, 80x24 and
//! 120x40. The preview and the queueing are in `upload_many.rs`.

use std::time::Duration;

use crate::support::upload_many::*;
use crate::tui_support::*;
use crossterm::event::KeyCode;
use tl_assets::api::{ApiError, UploadSource};
use tl_assets::tui::{App, Effect, Msg, RequestId, UploadId, UploadState};
use tl_assets::upload_plan::{Existing, SkipReason, Skipped};

#[test]
fn skip_existing_lists_the_assets_first_and_skips_same_name_and_size() {
    let mut app = loaded(3, 3);
    app.update(key('u'));
    type_text(&mut app, "/shots/");
    for _ in 0..4 {
        app.update(code(KeyCode::Down));
    }
    app.update(key(' '));
    assert!(form(&app).skip_existing, "the toggle is on");
    app.update(code(KeyCode::Enter));
    let effects = answer_plan(&mut app, files(3), Vec::new());
    let [Effect::FindExisting { request_id }] = effects.as_slice() else {
        panic!("the existing assets are listed first: {effects:?}");
    };
    let mut there = asset(7);
    there.filename = Some("img-01.png".into());
    there.size = Some(1_001);
    let mut same_name_other_size = asset(8);
    same_name_other_size.filename = Some("img-02.png".into());
    same_name_other_size.size = Some(5);
    // An answer nobody waits for is dropped.
    assert!(
        app.update(Msg::ExistingFound {
            request_id: RequestId(request_id.0 + 100),
            result: Ok(Existing::default()),
        })
        .is_empty()
    );
    let effects = app.update(Msg::ExistingFound {
        request_id: *request_id,
        result: Ok(Existing::from_assets(&[there, same_name_other_size])),
    });
    assert_eq!(started(&effects).len(), 2);
    let labels: Vec<_> = app.uploads.jobs.iter().map(|j| j.label.as_str()).collect();
    assert_eq!(labels, vec!["img-00.png", "img-02.png"]);
    let batch = app.uploads.shown_batch().expect("a batch");
    assert_eq!(batch.skipped[0].reason, SkipReason::AlreadyUploaded);
}

#[test]
fn a_failed_listing_of_existing_assets_stays_in_the_form() {
    let mut app = loaded(3, 3);
    app.update(key('u'));
    type_text(&mut app, "/shots/");
    for _ in 0..4 {
        app.update(code(KeyCode::Down));
    }
    app.update(key(' '));
    app.update(code(KeyCode::Enter));
    let effects = answer_plan(&mut app, files(2), Vec::new());
    let [Effect::FindExisting { request_id }] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    app.update(Msg::ExistingFound {
        request_id: *request_id,
        result: Err(ApiError::Transport {
            message: "connection refused".into(),
            not_sent: true,
        }),
    });
    let (_, why) = form(&app).error.clone().expect("an inline error");
    assert!(why.contains("cannot list the existing assets"), "{why}");
    assert!(app.uploads.jobs.is_empty());
}

#[test]
fn nothing_to_upload_is_said_in_the_form() {
    let mut app = loaded(3, 3);
    app.update(key('u'));
    type_text(&mut app, "/shots/*.mov");
    app.update(code(KeyCode::Enter));
    let glob = Skipped {
        path: "/shots/*.mov".into(),
        reason: SkipReason::NoMatch,
    };
    answer_plan(&mut app, Vec::new(), vec![glob, not_media("/shots/notes.txt")]);
    let (_, why) = form(&app).error.clone().expect("an inline error");
    assert!(why.starts_with("nothing to upload: 0 media files"), "{why}");
    let s = screen(&app, 80, 24);
    assert!(s.contains("/shots/*.mov: matched nothing"), "{s}");
}

#[test]
fn the_batch_ends_with_one_summary_of_ready_skipped_and_failed() {
    let mut app = loaded(3, 3);
    app.upload_settings.concurrency = 3;
    app.update(key('u'));
    type_text(&mut app, "/shots/");
    app.update(code(KeyCode::Enter));
    let effects = answer_plan(&mut app, files(3), vec![not_media("/shots/notes.txt")]);
    let ids = started(&effects);
    assert_eq!(ids.len(), 3);
    app.update(Msg::UploadFinished {
        upload: ids[0],
        result: Ok(ready_asset(0)),
    });
    app.update(Msg::UploadFinished {
        upload: ids[1],
        result: Err(ApiError::LocalFile(
            "vanished while it waited in the queue; not sent".into(),
        )),
    });
    assert!(
        !app.notices
            .flash
            .as_deref()
            .unwrap_or("")
            .starts_with("batch done"),
        "one still runs"
    );
    app.update(Msg::UploadFinished {
        upload: ids[2],
        result: Ok(ready_asset(2)),
    });
    let flash = app.notices.flash.clone().unwrap_or_default();
    assert_eq!(
        flash,
        "batch done: 2 ready · 1 skipped (not media: notes.txt) · 1 failed (img-01.png: vanished \
         while it waited in the queue; not sent)"
    );
    let notice = app.notices.current().expect("a notice for the failure");
    assert_eq!(notice.code, "batch_incomplete");
    assert!(matches!(app.uploads.jobs[1].state, UploadState::Failed { .. }));
    let batch = app.uploads.shown_batch().expect("the batch");
    assert_eq!(
        app.uploads.batch_line(batch),
        "batch: 3 files · 2 ready · 1 failed · 1 skipped"
    );
}

/// Draws `app` at each size and compares with the stored snapshots `<name>_<w>x<h>`. Here, not
/// in the support module: the snapshot files are named after the module that asserts.
fn snap(name: &str, app: &App) {
    for (w, h) in [(60, 20), (80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen(app, w, h));
    }
}

#[test]
fn snapshot_uploads_pane_with_a_batch_line() {
    let mut app = loaded(10, 10);
    app.update(key('u'));
    type_text(&mut app, "/shots/");
    app.update(code(KeyCode::Enter));
    let effects = answer_plan(&mut app, files(4), vec![not_media("/shots/notes.txt")]);
    let ids = started(&effects);
    app.update(Msg::UploadFinished {
        upload: ids[0],
        result: Ok(ready_asset(0)),
    });
    app.update(Msg::UploadProgress {
        upload: ids[1],
        sent: 500,
        elapsed: Duration::from_secs(1),
    });
    snap("uploads_with_batch", &app);
}

/// A file that vanished or changed size while queued fails alone, with one line, before any
/// byte is sent (nothing listens on the client's address: no request is made).
#[tokio::test]
async fn a_file_changed_or_gone_since_it_was_queued_is_not_sent() {
    use tl_assets::api::{ApiKey, Client, CreateAsset};
    use tl_assets::tui::Runtime;
    let dir = tempfile::tempdir().expect("tempdir");
    let grown = dir.path().join("grown.png");
    std::fs::write(&grown, vec![7u8; 2_000]).expect("write");
    let client = Client::new("http://127.0.0.1:9", ApiKey::new("tlk_test")).expect("client");
    let mut runtime = Runtime::new(client);
    for (upload, path) in [
        (UploadId(1), grown.clone()),
        (UploadId(2), dir.path().join("gone.png")),
    ] {
        runtime.perform(Effect::StartUpload {
            upload,
            request: CreateAsset::new(UploadSource::File(path)),
            total: Some(1_000),
            multipart: false,
        });
    }
    let mut lines = Vec::new();
    for _ in 0..2 {
        match runtime.next_msg().await {
            Some(Msg::UploadFinished {
                upload,
                result: Err(ApiError::LocalFile(why)),
            }) => lines.push((upload, why)),
            other => panic!("a local failure expected: {other:?}"),
        }
    }
    lines.sort();
    assert_eq!(
        lines,
        vec![
            (
                UploadId(1),
                "changed size while it waited in the queue (1000 → 2000 bytes); not sent".to_string()
            ),
            (
                UploadId(2),
                "vanished while it waited in the queue; not sent".to_string()
            ),
        ]
    );
}

/// Three files the service refuses for their resolution: one summary to dismiss, not one
/// message per file and a summary (four `Esc`); and `R`, which would fail the same way, is
/// neither offered on the rows nor in the summary, and refuses with the reason.
#[test]
fn files_the_service_refuses_end_in_one_summary_without_offering_r() {
    let mut app = loaded(3, 3);
    app.update(key('u'));
    type_text(&mut app, "/shots/");
    app.update(code(KeyCode::Enter));
    answer_plan(&mut app, files(3), Vec::new());
    let refused = || {
        ApiError::from_response(
            400,
            None,
            r#"{"code":"video_resolution_too_low","message":"The video resolution is too low."}"#,
        )
    };
    for _ in 0..3 {
        let ids: Vec<_> = app
            .uploads
            .jobs
            .iter()
            .filter(|j| j.state.is_active() && j.state != UploadState::Queued)
            .map(|j| j.id)
            .collect();
        for id in ids {
            app.update(Msg::UploadFinished {
                upload: id,
                result: Err(refused()),
            });
        }
    }
    assert!(app.uploads.jobs.iter().all(|j| !j.state.is_active()), "all ended");
    assert_eq!(
        app.notices.errors.len(),
        1,
        "one summary: {:?}",
        app.notices.errors
    );
    let summary = &app.notices.errors[0];
    assert!(summary.message.contains("3 failed"), "{summary:?}");
    assert!(!summary.hint.contains("R sends"), "{summary:?}");
    app.update(code(KeyCode::Esc));
    assert!(app.notices.errors.is_empty(), "one Esc");
    let shown = screen(&app, 120, 40);
    assert!(!shown.contains("R retries"), "{shown}");

    while app.focus != tl_assets::tui::Focus::Uploads {
        app.update(code(KeyCode::Tab));
    }
    let effects = app.update(key('R'));
    assert!(started(&effects).is_empty(), "{effects:?}");
    let said = app.notices.flash.clone().unwrap_or_default();
    assert!(said.contains("video_resolution_too_low"), "{said}");
}

/// A missing path was named three times in the form: the summary of nothing, its `✗` line,
/// and Enter's error repeating the summary. Now once, on its `✗` line.
#[test]
fn a_missing_path_is_named_once_in_the_form() {
    let mut app = loaded(3, 3);
    app.update(key('u'));
    type_text(&mut app, "/shots/nope.mp4");
    app.update(code(KeyCode::Enter));
    let missing = Skipped {
        path: "/shots/nope.mp4".into(),
        reason: SkipReason::NotFound,
    };
    answer_plan(&mut app, Vec::new(), vec![missing]);
    let (_, why) = form(&app).error.clone().expect("an inline error");
    assert_eq!(why, "nothing to upload");
    for (w, h) in [(60, 20), (80, 24), (120, 40)] {
        let s = screen(&app, w, h);
        assert!(s.contains("✗ /shots/nope.mp4: not found"), "{s}");
        assert_eq!(s.matches("nope.mp4").count(), 2, "the field and its ✗ line: {s}");
    }
}
