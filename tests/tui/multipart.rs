//! Multipart uploads in `App::update`: interrupted sessions shown as rows that `R` resumes, a
//! cancelled one kept resumable, and the queue they sit in. The multipart decision and the
//! upload slots: `upload_slots.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::Duration;

use crate::support::form_submit::{focus_uploads, started, submit};
use crate::tui_support::*;
use tl_assets::api::MultipartState;
use tl_assets::api::types::AssetType;
use tl_assets::tui::{App, Effect, Msg, UploadState};

fn session(upload_id: &str, acknowledged: u32, total: u32) -> MultipartState {
    MultipartState {
        upload_id: upload_id.into(),
        asset_id: format!("asset-{upload_id}"),
        base_url: "http://127.0.0.1:1/v1.3".into(),
        path: PathBuf::from(format!("/media/{upload_id}.mp4")),
        filename: format!("{upload_id}.mp4"),
        size: u64::from(total) * 1000,
        mtime_ns: None,
        chunk_size: 1000,
        total_chunks: total,
        upload_headers: BTreeMap::new(),
        expires_at: None,
        stored: BTreeMap::new(),
        acknowledged: (1..=acknowledged).collect::<BTreeSet<u32>>(),
    }
}

#[test]
fn saved_sessions_become_rows_that_r_resumes() {
    let mut app = app();
    app.upload_settings.resume = true;
    let effects = app.init();
    assert!(effects.contains(&Effect::LoadResumable), "{effects:?}");
    let (rid, _) = page_request(&effects);
    app.update(Msg::PageLoaded {
        request_id: rid,
        page: 1,
        result: Ok(page(assets(0..3), 1, 1, 3)),
    });
    let one = session("up1", 3, 10);
    let effects = app.update(Msg::ResumableFound {
        states: vec![one.clone(), session("up2", 0, 4)],
    });
    assert!(effects.is_empty(), "rows only; nothing starts by itself");
    assert_eq!(app.uploads.jobs.len(), 2);
    assert_eq!(app.uploads.jobs[0].state, UploadState::Interrupted);
    assert_eq!(app.uploads.jobs[0].label, "up1.mp4");
    assert_eq!(app.uploads.jobs[0].chunks(), Some((3, 10)));
    assert!(
        app.notices
            .flash
            .as_deref()
            .is_some_and(|f| f.contains("press R"))
    );
    // The same sessions found again (a second look) add no rows.
    app.update(Msg::ResumableFound {
        states: vec![one.clone()],
    });
    assert_eq!(app.uploads.jobs.len(), 2);
    // Interrupted rows are not "finished": clearing keeps them.
    focus_uploads(&mut app);
    app.update(key('c'));
    assert_eq!(app.uploads.jobs.len(), 2);

    let effects = app.update(key('R'));
    let [Effect::ResumeUpload { upload, state }] = effects.as_slice() else {
        panic!("resume expected: {effects:?}");
    };
    assert_eq!(*upload, app.uploads.jobs[0].id);
    assert_eq!(**state, one);
    assert_eq!(app.uploads.jobs[0].state, UploadState::Starting);
    // R on a row that is not interrupted does nothing.
    assert!(app.update(key('R')).is_empty());

    // A resume reports the bytes already there first: speed counts only what this run sends.
    app.update(Msg::UploadProgress {
        upload: *upload,
        sent: 3000,
        elapsed: Duration::ZERO,
    });
    app.update(Msg::UploadProgress {
        upload: *upload,
        sent: 5000,
        elapsed: Duration::from_secs(2),
    });
    assert_eq!(app.uploads.jobs[0].speed(), Some(1000.0));
}

#[test]
fn cancelling_a_multipart_upload_keeps_its_session_resumable() {
    let mut app = loaded(1, 1);
    let effects = submit(&mut app, "big.mp4", 300_000_000, AssetType::Video);
    let id = started(&effects)[0].0;
    let state = session("s1", 0, 40);
    app.update(Msg::UploadSession {
        upload: id,
        state: Box::new(state.clone()),
    });
    app.update(Msg::UploadChunks {
        upload: id,
        done: 12,
        total: 40,
    });
    focus_uploads(&mut app);
    assert_eq!(app.update(key('x')), vec![Effect::CancelUpload { upload: id }]);
    assert_eq!(app.uploads.jobs[0].state, UploadState::Interrupted);
    // A late result of the stopped task is dropped.
    app.update(Msg::UploadChunks {
        upload: id,
        done: 13,
        total: 40,
    });
    assert_eq!(app.uploads.jobs[0].chunks(), Some((12, 40)));
    let effects = app.update(key('R'));
    assert!(
        matches!(effects.as_slice(), [Effect::ResumeUpload { upload, state: s }] if *upload == id && **s == state),
        "{effects:?}"
    );
}

#[test]
fn a_multipart_upload_that_failed_before_its_asset_existed_can_be_resumed() {
    let mut app = loaded(1, 1);
    let id = started(&submit(&mut app, "big.mp4", 300_000_000, AssetType::Video))[0].0;
    app.update(Msg::UploadSession {
        upload: id,
        state: Box::new(session("s2", 1, 4)),
    });
    app.update(Msg::UploadFinished {
        upload: id,
        result: Err(tl_assets::api::ApiError::Transport {
            message: "connection reset".into(),
            not_sent: false,
        }),
    });
    assert!(matches!(app.uploads.jobs[0].state, UploadState::Failed { .. }));
    focus_uploads(&mut app);
    let effects = app.update(key('R'));
    assert!(
        matches!(effects.as_slice(), [Effect::ResumeUpload { .. }]),
        "{effects:?}"
    );
}

#[test]
fn read_only_neither_looks_for_sessions_nor_resumes() {
    let mut app = App::new("local", true, tl_assets::tui::Keymap::defaults(), now());
    app.upload_settings.resume = true;
    assert!(!app.init().contains(&Effect::LoadResumable));
    app.update(Msg::ResumableFound {
        states: vec![session("up1", 1, 4)],
    });
    focus_uploads(&mut app);
    assert!(app.update(key('R')).is_empty());
    assert_eq!(app.uploads.jobs[0].state, UploadState::Interrupted);
}

fn snap(name: &str, app: &App) {
    snap_sizes!(name, app, [(80, 24), (120, 40)]);
}

#[test]
fn queue_with_multipart_queued_and_interrupted_rows() {
    let mut app = loaded(10, 10);
    app.update(Msg::ResumableFound {
        states: vec![session("earlier", 7, 20)],
    });
    let id = started(&submit(&mut app, "big.mp4", 40_000_000, AssetType::Video));
    app.upload_settings.direct_media_limit = 1_000_000;
    let id = id[0].0;
    let big = started(&submit(&mut app, "bigger.mp4", 80_000_000, AssetType::Video))[0].0;
    submit(&mut app, "waiting.mp4", 1000, AssetType::Video);
    app.update(Msg::UploadSession {
        upload: big,
        state: Box::new(session("now", 0, 16)),
    });
    app.update(Msg::UploadProgress {
        upload: big,
        sent: 0,
        elapsed: Duration::ZERO,
    });
    app.update(Msg::UploadProgress {
        upload: big,
        sent: 20_000_000,
        elapsed: Duration::from_secs(4),
    });
    app.update(Msg::UploadChunks {
        upload: big,
        done: 4,
        total: 16,
    });
    app.update(Msg::UploadProgress {
        upload: id,
        sent: 10_000_000,
        elapsed: Duration::from_secs(4),
    });
    app.notices.flash = None;
    focus_uploads(&mut app);
    snap("multipart_queue", &app);
}

/// One upload's failure is about that upload: whatever stopped it (a chunk whose ETag does
/// not match, even a dropped connection or a rate limit), the app-wide connection banner, the
/// rate-limit countdown and the refresh they drive stay untouched; a page load's lost
/// connection still raises the banner.
#[test]
fn an_upload_failure_never_changes_the_connection_state() {
    use tl_assets::api::ApiError;
    let failures = [
        ApiError::EtagMismatch {
            offset: 0,
            etag: "0".repeat(32),
            ours: "f".repeat(32),
        },
        ApiError::Transport {
            message: "connection reset".into(),
            not_sent: false,
        },
        ApiError::RateLimited {
            code: "too_many_requests".into(),
            message: "slow down".into(),
            retry_after: Some(Duration::from_secs(30)),
        },
    ];
    for error in failures {
        let mut app = loaded(1, 1);
        let a = started(&submit(&mut app, "a.mp4", 1000, AssetType::Video));
        let code = error.code().to_string();
        let effects = app.update(Msg::UploadFinished {
            upload: a[0].0,
            result: Err(error),
        });
        assert!(!app.connectivity.is_offline(), "{code}: no connection banner");
        assert_eq!(
            app.connectivity.rate_limit_left(app.now),
            None,
            "{code}: no countdown"
        );
        assert!(
            !effects.iter().any(|e| matches!(e, Effect::FetchPage { .. })),
            "{code}: no refresh: {effects:?}"
        );
        assert!(
            matches!(app.uploads.jobs[0].state, UploadState::Failed { .. }),
            "{code}"
        );
        assert_eq!(
            app.notices.current().map(|n| n.code.as_str()),
            Some(code.as_str()),
            "the upload's error is shown"
        );
    }

    let mut app = loaded(1, 1);
    let (request_id, page) = page_request(&app.update(key('r')));
    app.update(Msg::PageLoaded {
        request_id,
        page,
        result: Err(ApiError::Transport {
            message: "connection refused".into(),
            not_sent: true,
        }),
    });
    assert!(
        app.connectivity.is_offline(),
        "a page load's lost connection raises the banner"
    );
}
