//! Which uploads send, in `App::update`: direct or multipart by the checked size (the limit from
//! the settings; images never multipart), and at most `concurrency` at once, the rest queued
//! until a slot frees.

use std::time::Duration;

use crate::support::form_submit::{focus_uploads, started, submit};
use crate::tui_support::*;
use tl_assets::api::types::{AssetStatus, AssetType};
use tl_assets::tui::{App, Effect, Modal, Msg, UploadId, UploadState};

#[test]
fn video_over_the_direct_limit_goes_multipart_and_under_it_direct() {
    let mut app = loaded(1, 1);
    app.upload_settings.concurrency = 4;
    let big = submit(&mut app, "big.mp4", 200_000_001, AssetType::Video);
    assert_eq!(started(&big).len(), 1);
    assert!(started(&big)[0].1, "over 200 MB: multipart {big:?}");
    assert!(app.modal.is_none(), "the form closes");
    assert!(app.uploads.jobs[0].multipart);
    let small = submit(&mut app, "small.mp4", 200_000_000, AssetType::Video);
    assert!(!started(&small)[0].1, "at the limit: direct {small:?}");
    let audio = submit(&mut app, "long.mp3", 300_000_000, AssetType::Audio);
    assert!(started(&audio)[0].1, "audio too: {audio:?}");
}

#[test]
fn the_limit_comes_from_the_settings_and_images_are_never_multipart() {
    let mut app = loaded(1, 1);
    app.upload_settings.direct_media_limit = 50_000;
    let effects = submit(&mut app, "clip.mp4", 50_001, AssetType::Video);
    assert_eq!(started(&effects), vec![(UploadId(1), true)]);
    // An image between the lowered media limit and 32 MB is still a direct upload.
    let effects = submit(&mut app, "still.jpg", 1_000_000, AssetType::Image);
    assert_eq!(started(&effects), vec![(UploadId(2), false)]);
    // Over 32 MB an image is refused in the form.
    let effects = submit(&mut app, "huge.jpg", 33_000_000, AssetType::Image);
    assert!(effects.is_empty(), "{effects:?}");
    assert!(matches!(&app.modal, Some(Modal::UploadForm(f)) if f.error.is_some()));
}

/// Moves the uploads pane's selection up to the top with `k`, then down with `j` (the pane's
/// order: what moves first) to the row of `label`.
fn select_row(app: &mut App, label: &str) {
    for _ in 0..app.uploads.jobs.len() {
        app.update(key('k'));
    }
    for _ in 0..app.uploads.jobs.len() {
        if app.uploads.selected_job().is_some_and(|j| j.label == label) {
            return;
        }
        app.update(key('j'));
    }
    assert_eq!(app.uploads.selected_job().map(|j| j.label.as_str()), Some(label));
}

#[test]
fn at_most_concurrency_uploads_send_and_the_next_starts_when_a_slot_frees() {
    let mut app = loaded(1, 1);
    assert_eq!(app.upload_settings.concurrency, 2, "the default");
    let a = started(&submit(&mut app, "a.mp4", 1000, AssetType::Video));
    let b = started(&submit(&mut app, "b.mp4", 1000, AssetType::Video));
    let c = submit(&mut app, "c.mp4", 1000, AssetType::Video);
    let d = submit(&mut app, "d.mp4", 1000, AssetType::Video);
    assert_eq!((a.len(), b.len()), (1, 1));
    assert!(c.is_empty() && d.is_empty(), "third and fourth wait: {c:?} {d:?}");
    assert_eq!(app.uploads.jobs[2].state, UploadState::Queued);
    assert_eq!(app.uploads.jobs[3].state, UploadState::Queued);
    assert!(app.notices.flash.as_deref().is_some_and(|f| f.contains("queued")));

    // Progress does not free a slot; the server creating the asset does (it then processes).
    app.update(Msg::UploadProgress {
        upload: a[0].0,
        sent: 500,
        elapsed: Duration::from_secs(1),
    });
    let mut created = asset(5);
    created.status = Some(AssetStatus::Processing);
    let effects = app.update(Msg::UploadCreated {
        upload: a[0].0,
        asset: Box::new(created),
    });
    assert_eq!(
        started(&effects),
        vec![(app.uploads.jobs[2].id, false)],
        "c starts"
    );
    assert_eq!(app.uploads.jobs[2].state, UploadState::Starting);
    assert_eq!(app.uploads.jobs[3].state, UploadState::Queued);

    // Cancelling a queued row stops nothing; cancelling a sending one frees its slot for d.
    focus_uploads(&mut app);
    select_row(&mut app, "d.mp4");
    assert_eq!(app.uploads.selected, 3);
    assert!(app.update(key('x')).is_empty(), "a queued row has no task");
    assert!(matches!(app.uploads.jobs[3].state, UploadState::Cancelled { .. }));
    let e = submit(&mut app, "e.mp4", 1000, AssetType::Video);
    assert!(e.is_empty(), "still two sending");
    focus_uploads(&mut app);
    select_row(&mut app, "c.mp4");
    assert_eq!(app.uploads.selected, 2);
    let effects = app.update(key('x'));
    let c_id = app.uploads.jobs[2].id;
    let e_id = app.uploads.jobs[4].id;
    assert_eq!(effects[0], Effect::CancelUpload { upload: c_id });
    assert_eq!(
        started(&effects[1..]),
        vec![(e_id, false)],
        "e takes the freed slot"
    );
}

#[test]
fn a_finished_upload_frees_its_slot_too() {
    let mut app = loaded(1, 1);
    app.upload_settings.concurrency = 1;
    let a = started(&submit(&mut app, "a.mp4", 1000, AssetType::Video));
    assert!(submit(&mut app, "b.mp4", 1000, AssetType::Video).is_empty());
    let effects = app.update(Msg::UploadFinished {
        upload: a[0].0,
        result: Err(tl_assets::api::ApiError::LocalFile("disk gone".into())),
    });
    assert_eq!(started(&effects), vec![(app.uploads.jobs[1].id, false)]);
}
