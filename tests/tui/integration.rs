//! The whole terminal app, headless, against a real local platform on 127.0.0.1:0: key messages
//! go through `App::update`, the effects run as runtime tasks that call the platform over HTTP,
//! and their results come back as messages. Each frame is drawn on a `TestBackend` so the views
//! run too. Timeouts only keep a broken build from hanging; nothing asserts on durations.

use crate::support::tui_harness::{Harness, PATIENCE, Platform, sample};
use crate::tui_support::code;
use crossterm::event::KeyCode;
use tl_assets::api::ApiError;
use tl_assets::tui::{ConflictStep, Modal, Msg, UploadState};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browsing_past_the_first_page_loads_the_second() {
    let platform = Platform::start().await;
    for i in 0..60 {
        platform.upload_image(&format!("clip-{i:02}.jpg")).await;
    }
    let mut h = Harness::new(platform.client.clone());
    h.until("the first page", |a| a.list.pages_loaded == 1 && Harness::idle(a))
        .await;
    assert_eq!(h.app.list.items.len(), 50, "one full page");
    assert_eq!(h.app.list.total, Some(60));
    assert!(h.app.list.has_more);
    assert!(
        h.screen().contains("clip-59.jpg"),
        "newest first:\n{}",
        h.screen()
    );

    h.keys("jjj");
    assert_eq!(h.app.list.selected, 3);
    h.press(code(KeyCode::PageDown));
    assert!(h.app.list.selected > 3, "PgDn moves down a screen");
    h.keys("G");
    h.until("the second page", |a| {
        a.list.pages_loaded == 2 && Harness::idle(a)
    })
    .await;
    assert_eq!(h.app.list.items.len(), 60, "both pages loaded");
    assert!(!h.app.list.has_more, "60 of 60: nothing more to fetch");
    let mut ids: Vec<_> = h.app.list.items.iter().map(|a| a.id.clone()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 60, "no asset twice");

    h.keys("G");
    assert_eq!(h.app.list.selected, 59, "the selection moved past the first page");
    let selected = h.app.list.selected_asset().expect("a selection");
    assert_eq!(
        selected.filename.as_deref(),
        Some("clip-00.jpg"),
        "the oldest is last"
    );
    assert!(h.screen().contains("clip-00.jpg"), "{}", h.screen());
    platform.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_uploaded_through_the_form_becomes_ready_at_the_top() {
    let platform = Platform::start().await;
    for name in ["older-a.jpg", "older-b.jpg", "older-c.jpg"] {
        platform.upload_image(name).await;
    }
    let mut h = Harness::new(platform.client.clone());
    h.until("the first page", |a| a.list.items.len() == 3 && Harness::idle(a))
        .await;

    h.keys("u");
    assert!(
        matches!(h.app.modal, Some(Modal::UploadForm(_))),
        "the upload form opens"
    );
    let path = sample("sample-image.jpg");
    h.keys(path.to_str().expect("utf-8 path"));
    h.press(code(KeyCode::Enter));
    h.until("the upload to finish", |a| {
        a.uploads.jobs.iter().any(|j| !j.state.is_active())
    })
    .await;

    let job = &h.app.uploads.jobs[0];
    let UploadState::Ready { asset_id } = &job.state else {
        panic!("expected ready, got {:?}\n{}", job.state, h.screen());
    };
    assert_eq!(job.label, "sample-image.jpg");
    let top = &h.app.list.items[0];
    assert_eq!(&top.id, asset_id, "the new asset is at the top");
    assert_eq!(top.filename.as_deref(), Some("sample-image.jpg"));
    assert_eq!(h.app.list.items.len(), 4);
    let server = platform.client.get_asset(asset_id).await.expect("on the server");
    assert_eq!(server.status.as_ref().map(|s| s.as_str()), Some("ready"));
    let screen = h.screen();
    assert!(screen.contains("sample-image.jpg"), "{screen}");
    assert!(screen.contains("ready"), "{screen}");
    platform.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_referenced_asset_is_deleted_through_both_dialogs_with_force() {
    let platform = Platform::start().await;
    platform.upload_image("keep-me.jpg").await;
    let id = platform.upload_image("referenced.jpg").await;
    platform.wait_ready(&id).await;
    platform.reference_from_new_index("harbor-footage", &id).await;

    let mut h = Harness::new(platform.client.clone());
    h.until("the first page, the detail's indexes still on their way", |a| {
        a.list.items.len() == 2 && Harness::idle(a) && a.part_of.is_loading(&id)
    })
    .await;
    assert_eq!(
        h.app.list.selected_id().as_deref(),
        Some(id.as_str()),
        "newest selected"
    );

    // A delete asked before the detail read its indexes: plain, refused, then Force twice.
    h.keys("d");
    assert!(
        matches!(&h.app.modal, Some(Modal::ConfirmDelete(_))),
        "confirm dialog"
    );
    assert!(
        !h.screen().contains("Force delete"),
        "a plain question: {}",
        h.screen()
    );
    h.press(code(KeyCode::Right));
    h.press(code(KeyCode::Enter));
    h.until(
        "the 409 and its references",
        |a| matches!(&a.modal, Some(Modal::ConflictDelete(c)) if !c.is_loading()),
    )
    .await;
    let Some(Modal::ConflictDelete(conflict)) = &h.app.modal else {
        unreachable!("checked above");
    };
    assert_eq!(
        conflict.assets[0].references.index_names(),
        vec!["harbor-footage".to_string()]
    );
    assert_eq!(conflict.step, ConflictStep::Review);
    assert!(h.screen().contains("harbor-footage"), "{}", h.screen());
    assert!(
        platform.client.get_asset(&id).await.is_ok(),
        "a plain delete left it on the server"
    );

    h.press(code(KeyCode::Right));
    h.press(code(KeyCode::Enter));
    let Some(Modal::ConflictDelete(conflict)) = &h.app.modal else {
        panic!("Force asks once more: {:?}", h.app.modal);
    };
    assert_eq!(conflict.step, ConflictStep::ConfirmForce);
    h.press(code(KeyCode::Right));
    h.press(code(KeyCode::Enter));
    h.until("the forced delete", |a| a.list.items.iter().all(|x| x.id != id))
        .await;
    assert!(h.app.modal.is_none());
    assert_eq!(h.app.list.items.len(), 1);
    match platform.client.get_asset(&id).await {
        Err(ApiError::NotFound { .. }) => {}
        other => panic!("expected 404 after force delete, got {other:?}"),
    }
    platform.stop().await;
}

/// Once the detail shows the asset's index, the first question names it and forces: one
/// dialog, and the asset and its indexed asset are gone from the server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_referenced_asset_the_detail_shows_in_an_index_goes_after_one_question() {
    let platform = Platform::start().await;
    platform.upload_image("keep-me.jpg").await;
    let id = platform.upload_image("referenced.jpg").await;
    platform.wait_ready(&id).await;
    platform.reference_from_new_index("harbor-footage", &id).await;

    let mut h = Harness::new(platform.client.clone());
    h.until("the first page and the detail's indexes", |a| {
        a.list.items.len() == 2
            && Harness::idle(a)
            && a.part_of
                .get(&id)
                .is_some_and(|s| s.indexes.as_ref().is_ok_and(|r| !r.is_empty()))
    })
    .await;
    h.keys("d");
    let screen = h.screen();
    assert!(
        screen.contains("harbor-footage") && screen.contains("Force delete"),
        "{screen}"
    );
    h.press(code(KeyCode::Right));
    h.press(code(KeyCode::Enter));
    h.until("the forced delete", |a| a.list.items.iter().all(|x| x.id != id))
        .await;
    assert!(h.app.modal.is_none(), "no second dialog: {:?}", h.app.modal);
    match platform.client.get_asset(&id).await {
        Err(ApiError::NotFound { .. }) => {}
        other => panic!("expected 404 after force delete, got {other:?}"),
    }
    platform.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_delete_on_the_first_page_the_next_pages_skip_nothing() {
    let platform = Platform::start().await;
    for i in 0..60 {
        platform.upload_image(&format!("clip-{i:02}.jpg")).await;
    }
    let mut h = Harness::new(platform.client.clone());
    h.until("the first page", |a| a.list.pages_loaded == 1 && Harness::idle(a))
        .await;
    let gone = h.app.list.selected_id().expect("a selection");
    h.keys("d");
    h.press(code(KeyCode::Right));
    h.press(code(KeyCode::Enter));
    h.until("the delete", |a| {
        a.list.items.iter().all(|x| x.id != gone) && a.list.deleting.is_empty()
    })
    .await;
    // The server's 51st asset moved onto page 1; reaching the end must still load it.
    h.keys("G");
    h.until("every page", |a| !a.list.has_more && Harness::idle(a))
        .await;
    let server = platform
        .client
        .list_all_assets(&Default::default())
        .await
        .expect("list");
    let on_server: Vec<_> = server.iter().map(|a| a.id.clone()).collect();
    let in_app: Vec<_> = h.app.list.items.iter().map(|a| a.id.clone()).collect();
    assert_eq!(in_app.len(), 59);
    assert_eq!(in_app, on_server, "the app lists what the server has, in order");
    platform.stop().await;
}

/// A folder's worth of files queued from the form one by one against a tight rate limit: each
/// waits its turn with a countdown on its row, none fails, no error pops up, all end ready.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn six_uploads_against_a_tight_rate_limit_count_down_and_all_end_ready() {
    let platform = Platform::start_with(|c| c.rate_limit = Some("2/3s".parse().expect("limit"))).await;
    let folder = tempfile::tempdir().expect("tempdir");
    let mut h = Harness::new(platform.client.clone());
    h.until("the first page", Harness::idle).await;
    for i in 0..6 {
        let path = folder.path().join(format!("take-{i}.jpg"));
        std::fs::copy(sample("sample-image.jpg"), &path).expect("copy");
        h.keys("u");
        h.keys(path.to_str().expect("utf-8 path"));
        h.press(code(KeyCode::Enter));
        h.until("the form to queue the file", |a| a.modal.is_none()).await;
    }
    let mut countdowns = 0;
    let pump = async {
        while h.app.uploads.jobs.iter().any(|j| j.state.is_active()) {
            let msg = h.runtime.next_msg().await.expect("channel open");
            let effects = h.app.update(msg);
            h.runtime.perform_all(effects);
            // The clock the runtime's ticks would bring.
            h.app.update(Msg::Tick(jiff::Timestamp::now()));
            h.draw();
            let screen = h.screen();
            if screen.contains("waiting for rate limit ·") {
                countdowns += 1;
            }
            assert!(
                !h.app
                    .uploads
                    .jobs
                    .iter()
                    .any(|j| matches!(j.state, UploadState::Failed { .. })),
                "no upload fails for a rate limit:\n{screen}"
            );
            assert!(h.app.notices.errors.is_empty(), "no error pops up:\n{screen}");
        }
    };
    assert!(
        tokio::time::timeout(PATIENCE, pump).await.is_ok(),
        "uploads never finished:\n{}",
        h.screen()
    );
    assert!(countdowns > 0, "the waiting rows showed their countdown");
    assert!(
        h.app
            .uploads
            .jobs
            .iter()
            .all(|j| matches!(j.state, UploadState::Ready { .. })),
        "{:?}",
        h.app.uploads.jobs.iter().map(|j| &j.state).collect::<Vec<_>>()
    );
    let page = platform
        .client
        .list_assets(&Default::default())
        .await
        .expect("list");
    assert_eq!(page.page_info.total_results, 6, "one asset per file");
    platform.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ended_upload_leaves_no_task_handle_behind() {
    let platform = Platform::start().await;
    let mut h = Harness::new(platform.client.clone());
    h.until("the first page", Harness::idle).await;
    let path = sample("sample-image.jpg");
    for round in 1..=2 {
        h.keys("u");
        h.keys(path.to_str().expect("utf-8 path"));
        h.press(code(KeyCode::Enter));
        h.until("the upload to finish", |a| {
            a.uploads.jobs.len() == round && a.uploads.jobs.iter().all(|j| !j.state.is_active())
        })
        .await;
        // The task sends its last message just before it returns.
        tokio::time::timeout(PATIENCE, async {
            while h.runtime.uploads_running() > 0 {
                tokio::task::yield_now().await;
            }
        })
        .await
        .expect("the upload task to return");
    }
    // The second upload's start dropped the first's handle; only the last one is kept.
    assert_eq!(h.runtime.upload_handles(), 1);
    platform.stop().await;
}
