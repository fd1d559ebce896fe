//! Marking and deleting many, the whole app against a real local platform on loopback: marks
//! made with keys, the deletes run by the runtime over HTTP, the 409s of referenced assets
//! gathered into one dialog, Force, and the summary, each frame drawn.

use crate::support;
use crate::support::tui_harness::{Harness, Platform};
use crate::tui_support::code;
use crossterm::event::KeyCode;
use tl_assets::api::ApiError;
use tl_assets::tui::{ConflictStep, Modal};

async fn gone(platform: &Platform, id: &str) -> bool {
    matches!(
        platform.client.get_asset(id).await,
        Err(ApiError::NotFound { .. })
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_rows_marked_with_space_are_deleted_after_one_question() {
    let platform = Platform::start().await;
    let mut ids = Vec::new();
    for name in ["keep.jpg", "c.jpg", "b.jpg", "a.jpg"] {
        ids.push(platform.upload_image(name).await);
    }
    let mut h = Harness::new(platform.client.clone());
    h.until("the first page", |a| a.list.items.len() == 4 && Harness::idle(a))
        .await;
    h.keys("   ");
    assert!(h.screen().contains("3 marked"), "{}", h.screen());
    h.keys("d");
    assert!(h.screen().contains("Delete 3 assets"), "{}", h.screen());
    h.press(code(KeyCode::Right));
    h.press(code(KeyCode::Enter));
    h.until("the run's end", |a| a.delete_run.is_none()).await;
    // All went: the status line says so and no dialog waits to be dismissed.
    assert!(h.app.modal.is_none(), "{:?}", h.app.modal);
    assert!(h.screen().contains("deleted 3 of 3"), "{}", h.screen());
    assert_eq!(h.app.list.items.len(), 1);
    assert_eq!(h.app.list.items[0].id, ids[0], "the unmarked one stays");
    assert!(h.app.marks.is_empty());
    for id in &ids[1..] {
        assert!(gone(&platform, id).await, "{id} is gone from the server");
    }
    platform.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_referenced_of_three_are_named_in_one_dialog_and_force_removes_them() {
    let platform = Platform::start().await;
    let free = platform.upload_image("free.jpg").await;
    let used_a = platform.upload_image("used-a.jpg").await;
    let used_b = platform.upload_image("used-b.jpg").await;
    for id in [&used_a, &used_b] {
        platform.wait_ready(id).await;
    }
    let base = platform.running.base_url();
    let index = support::indexes::create_index(base, support::tui_harness::KEY, "harbor-footage").await;
    for id in [&used_a, &used_b] {
        support::indexes::reference(base, support::tui_harness::KEY, &index, id).await;
    }

    let mut h = Harness::new(platform.client.clone());
    h.until("the first page", |a| a.list.items.len() == 3 && Harness::idle(a))
        .await;
    h.keys("   ");
    h.keys("d");
    h.press(code(KeyCode::Right));
    h.press(code(KeyCode::Enter));
    h.until(
        "one conflict dialog with both lookups done",
        |a| matches!(&a.modal, Some(Modal::ConflictDelete(c)) if !c.is_loading()),
    )
    .await;
    let Some(Modal::ConflictDelete(c)) = &h.app.modal else {
        unreachable!("checked above");
    };
    assert_eq!(c.assets.len(), 2, "both refused ones, in one dialog");
    for a in &c.assets {
        assert_eq!(a.references.index_names(), vec!["harbor-footage".to_string()]);
    }
    let screen = h.screen();
    assert!(screen.contains("harbor-footage"), "{screen}");
    assert!(screen.contains("Force delete these 2"), "{screen}");
    assert!(gone(&platform, &free).await, "the free one went at once");
    assert!(!gone(&platform, &used_a).await, "a plain delete left it");

    h.press(code(KeyCode::Right));
    h.press(code(KeyCode::Enter));
    let Some(Modal::ConflictDelete(c)) = &h.app.modal else {
        panic!("Force asks once more: {:?}", h.app.modal);
    };
    assert_eq!(c.step, ConflictStep::ConfirmForce);
    h.press(code(KeyCode::Right));
    h.press(code(KeyCode::Enter));
    h.until("the run's end", |a| a.delete_run.is_none()).await;
    assert!(h.app.modal.is_none(), "all went, no summary: {:?}", h.app.modal);
    assert_eq!(h.app.notices.flash.as_deref(), Some("deleted 3 of 3"));
    assert!(h.app.list.items.is_empty());
    for id in [&used_a, &used_b] {
        assert!(gone(&platform, id).await, "{id} force-deleted");
    }
    platform.stop().await;
}
