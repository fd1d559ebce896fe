//! A folder through the upload form against a real local platform on 127.0.0.1: its media files
//! end as ready assets and the text file beside them is named as skipped; the same folder again
//! with "skip existing" uploads nothing. Timeouts only keep a broken build from hanging.

use crate::support::tui_harness::{Harness, Platform, sample};
use crate::tui_support::{code, key};
use crossterm::event::KeyCode;
use tl_assets::api::types::ListAssetsQuery;
use tl_assets::tui::{Modal, Msg, UploadState};

/// Opens the form, pastes `dir`, turns "skip existing" on when asked, and presses Enter.
fn submit_folder(h: &mut Harness, dir: &str, skip_existing: bool) {
    h.keys("u");
    h.press(Msg::Paste(dir.to_string()));
    if skip_existing {
        for _ in 0..4 {
            h.press(code(KeyCode::Down));
        }
        h.press(key(' '));
    }
    h.press(code(KeyCode::Enter));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_folder_uploads_its_media_files_and_names_the_rest_then_skip_existing_sends_nothing() {
    let platform = Platform::start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    for name in ["a.jpg", "b.jpg", "sub/c.jpg"] {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::copy(sample("sample-image.jpg"), &path).expect("copy");
    }
    std::fs::write(dir.path().join("notes.dat"), "the harbour shots, take 3").expect("write");
    let folder = dir.path().display().to_string();

    let mut h = Harness::new(platform.client.clone());
    h.until("the first page", Harness::idle).await;
    submit_folder(&mut h, &folder, false);
    h.until("three uploads to end", |a| {
        a.modal.is_none() && a.uploads.jobs.len() == 3 && a.uploads.jobs.iter().all(|j| !j.state.is_active())
    })
    .await;
    for job in &h.app.uploads.jobs {
        assert!(
            matches!(job.state, UploadState::Ready { .. }),
            "{}: {:?}",
            job.label,
            job.state
        );
    }
    let flash = h.app.notices.flash.clone().unwrap_or_default();
    assert!(
        flash.starts_with("batch done: 3 ready · 1 skipped (not media: notes.dat)"),
        "{flash}"
    );
    let assets = platform
        .client
        .list_all_assets(&ListAssetsQuery::default())
        .await
        .expect("list");
    let mut names: Vec<_> = assets.iter().filter_map(|a| a.filename.clone()).collect();
    names.sort();
    assert_eq!(names, vec!["a.jpg", "b.jpg", "c.jpg"]);

    // The same folder with "skip existing": nothing is queued, and the status line says why.
    submit_folder(&mut h, &folder, true);
    h.until("the existing assets to be compared", |a| a.modal.is_none())
        .await;
    assert_eq!(h.app.uploads.jobs.len(), 3, "no new job");
    let flash = h.app.notices.flash.clone().unwrap_or_default();
    assert!(
        flash.starts_with(
            "nothing uploaded: 4 skipped (not media: notes.dat; already uploaded: a.jpg, b.jpg, …)"
        ),
        "{flash}"
    );
    let after = platform
        .client
        .list_all_assets(&ListAssetsQuery::default())
        .await
        .expect("list");
    assert_eq!(after.len(), 3, "nothing uploaded twice");
    assert!(!matches!(h.app.modal, Some(Modal::UploadForm(_))));
    platform.stop().await;
}
