//! What an asset is part of, through the whole terminal app against a real local platform on
//! 127.0.0.1: an index and an entity made with the published calls show in the detail pane,
//! and `i` sends the asset to another index, its status followed live until `ready`. Timeouts
//! only keep a broken build from hanging; nothing asserts on durations.

use std::cell::RefCell;

use crate::support;
use crate::support::tui_harness::{Harness, KEY, Platform, sample};
use crate::tui_support::code;
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::{Value, json};
use tl_assets::api::types::IndexedAssetStatus;
use tl_assets::api::{CreateAsset, UploadSource};
use tl_assets::tui::{App, IndexChoices, Modal, Msg};

/// `POST` with the published entity calls, as plain HTTP: the test depends on the platform
/// alone, not on the client's own entity calls.
async fn post(base: &str, path: &str, body: Value) -> Value {
    let resp = tl_assets::http_client::builder()
        .no_proxy()
        .build()
        .expect("http client")
        .post(format!("{base}{path}"))
        .header("x-api-key", KEY)
        .json(&body)
        .send()
        .await
        .expect("post");
    assert_eq!(resp.status(), 201, "{path}");
    resp.json().await.expect("json")
}

/// The status of the asset's row for `index_name` in the detail's "Indexes" section, if shown.
fn status_in(app: &App, asset_id: &str, index_name: &str) -> Option<Option<IndexedAssetStatus>> {
    let rows = app.part_of.get(asset_id)?.indexes.as_ref().ok()?;
    rows.iter()
        .find(|u| u.index.name.as_deref() == Some(index_name))
        .map(|u| u.status.clone())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_detail_names_the_index_and_the_entity_and_i_follows_indexing_to_ready() {
    let platform = Platform::start_with(|c| c.processing_delay = std::time::Duration::from_millis(300)).await;
    let base = platform.running.base_url().to_string();
    // A video: the platform's indexes cannot hold images (they end `failed`).
    let mut req = CreateAsset::new(UploadSource::File(sample("sample-video.mp4")));
    req.filename = Some("harbor.mp4".into());
    let id = platform.client.create_asset(&req, None).await.expect("upload").id;
    platform.wait_ready(&id).await;
    let held = support::indexes::create_index(&base, KEY, "marketing-clips").await;
    support::indexes::reference(&base, KEY, &held, &id).await;
    support::indexes::create_index(&base, KEY, "archive-2025").await;
    let collection = post(&base, "/entity-collections", json!({"name": "people"})).await;
    let collection = collection["_id"].as_str().expect("collection id");
    post(
        &base,
        &format!("/entity-collections/{collection}/entities"),
        json!({"name": "Kim", "asset_ids": [id]}),
    )
    .await;

    let mut h = Harness::new(platform.client.clone());
    h.terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    h.press(Msg::Resize(120, 40));
    h.until("the asset's sections", |a| a.part_of.get(&id).is_some())
        .await;
    let screen = h.screen();
    assert!(screen.contains("marketing-clips"), "{screen}");
    assert!(screen.contains("Kim  in people"), "{screen}");

    h.keys("i");
    h.until(
        "the indexes in the picker",
        |a| matches!(&a.modal, Some(Modal::IndexPicker(p)) if matches!(p.indexes, IndexChoices::Loaded(_))),
    )
    .await;
    assert!(h.screen().contains("Add to an index"), "{}", h.screen());
    h.keys("arch");
    h.press(code(KeyCode::Enter));
    assert!(h.app.modal.is_none());
    h.until("the send's answer", |a| a.part_of.adding.is_empty())
        .await;
    assert_eq!(h.app.notices.flash.as_deref(), Some("added 1 to archive-2025"));
    let seen = RefCell::new(Vec::new());
    h.until("indexing to end", |a| {
        let now = status_in(a, &id, "archive-2025").flatten();
        let mut seen = seen.borrow_mut();
        if seen.last() != Some(&now) {
            seen.push(now.clone());
        }
        now.is_some_and(|s| s.is_final())
    })
    .await;
    let seen = seen.into_inner();
    assert_eq!(seen.first(), Some(&Some(IndexedAssetStatus::Pending)), "{seen:?}");
    assert_eq!(seen.last(), Some(&Some(IndexedAssetStatus::Ready)), "{seen:?}");
    let screen = h.screen();
    assert!(screen.contains("archive-2025     ready"), "{screen}");
    // The platform agrees with the screen.
    let held_by = platform.client.indexes_of(&id).await.expect("indexes_of");
    let names: Vec<_> = held_by.iter().filter_map(|u| u.index.name.clone()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&"archive-2025".to_string()));
    platform.stop().await;
}
