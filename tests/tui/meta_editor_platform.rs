//! The metadata editor through the whole runtime against a real local platform on 127.0.0.1:
//! `e`, `take=7`, `Ctrl-S`, then the asset read over plain HTTP holds `{"take": 7}` (a number);
//! the same on marked assets with PATCH, keys set and removed on each. Timeouts only keep a
//! broken build from hanging; nothing asserts on durations.

use crate::support::tui_harness::{Harness, KEY, Platform};
use crate::tui_support::{code, ctrl, key};
use crossterm::event::KeyCode;
use serde_json::{Value, json};
use tl_assets::tui::MAX_BODY_BYTES;

/// The asset as the platform answers a plain GET.
async fn get_asset(platform: &Platform, id: &str) -> Value {
    let resp = tl_assets::http_client::builder()
        .no_proxy()
        .build()
        .expect("http client")
        .get(format!("{}/assets/{id}", platform.running.base_url()))
        .header("x-api-key", KEY)
        .send()
        .await
        .expect("GET the asset");
    assert_eq!(resp.status(), 200);
    resp.json().await.expect("asset json")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn e_take_7_ctrl_s_stores_a_number() {
    let platform = Platform::start().await;
    let id = platform.upload_image("harbor.jpg").await;
    platform.wait_ready(&id).await;
    let mut h = Harness::new(platform.client.clone());
    h.until("the list", |a| a.list.items.len() == 1 && Harness::idle(a))
        .await;

    h.keys("e");
    assert!(h.screen().contains("Metadata of harbor.jpg"), "{}", h.screen());
    h.keys("take=7");
    h.press(ctrl('s'));
    h.until("the save", |a| a.modal.is_none()).await;
    assert_eq!(h.app.notices.flash.as_deref(), Some("metadata saved"));
    assert_eq!(
        get_asset(&platform, &id).await["user_metadata"],
        json!({"take": 7})
    );
    assert_eq!(
        h.app.list.items[0]
            .user_metadata
            .as_ref()
            .map(|m| Value::Object(m.clone())),
        Some(json!({"take": 7})),
        "the list shows what the server keeps"
    );

    // The whole set is replaced: the line removed is gone, the new one typed as text.
    h.keys("e");
    h.press(code(KeyCode::End));
    for _ in 0.."take=7".len() {
        h.press(code(KeyCode::Backspace));
    }
    h.keys("code=\"007\"");
    h.press(ctrl('s'));
    h.until("the second save", |a| a.modal.is_none()).await;
    assert_eq!(
        get_asset(&platform, &id).await["user_metadata"],
        json!({"code": "007"})
    );
    platform.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_marks_keys_are_set_and_removed_on_each_and_others_kept() {
    let platform = Platform::start().await;
    let mut ids = Vec::new();
    for i in 0..6 {
        let id = platform.upload_image(&format!("clip-{i}.jpg")).await;
        platform.wait_ready(&id).await;
        platform
            .client
            .put_user_metadata(&id, json!({"old": 1, "keep": i}).as_object().expect("object"))
            .await
            .expect("seed metadata");
        ids.push(id);
    }
    let mut h = Harness::new(platform.client.clone());
    h.until("the list", |a| a.list.items.len() == 6 && Harness::idle(a))
        .await;
    h.keys("      e");
    assert!(
        h.screen().contains("Metadata of 6 marked assets"),
        "{}",
        h.screen()
    );
    h.keys("take=7");
    h.press(code(KeyCode::Enter));
    h.keys("-old");
    h.press(ctrl('s'));
    h.until("the writes", |a| a.modal.is_none()).await;
    assert_eq!(h.app.notices.flash.as_deref(), Some("metadata saved on 6 assets"));
    for (i, id) in ids.iter().enumerate() {
        assert_eq!(
            get_asset(&platform, id).await["user_metadata"],
            json!({"take": 7, "keep": i}),
            "{id}"
        );
    }
    platform.stop().await;
}

/// The editor's size rule is the platform's: a body of exactly `MAX_BODY_BYTES` is stored, one
/// byte more is refused by the editor before sending, and by the platform if sent anyway.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_size_limit_is_the_platforms() {
    let platform = Platform::start().await;
    let id = platform.upload_image("big.jpg").await;
    platform.wait_ready(&id).await;
    let mut h = Harness::new(platform.client.clone());
    h.until("the list", |a| a.list.items.len() == 1 && Harness::idle(a))
        .await;
    // {"user_metadata":{"big":"…"}} is 28 bytes around the value.
    let fits = MAX_BODY_BYTES - 28;
    h.keys("e");
    h.press(tl_assets::tui::Msg::Paste(format!("big={}", "x".repeat(fits))));
    h.press(ctrl('s'));
    h.until("the save", |a| a.modal.is_none()).await;
    let stored = get_asset(&platform, &id).await;
    assert_eq!(stored["user_metadata"]["big"].as_str().map(str::len), Some(fits));

    h.keys("e");
    h.press(code(KeyCode::End));
    h.press(key('x'));
    h.press(ctrl('s'));
    assert!(h.app.modal.is_some(), "nothing sent");
    assert!(
        h.app
            .notices
            .flash
            .as_deref()
            .is_some_and(|f| f.contains("too long")),
        "{:?}",
        h.app.notices.flash
    );
    let over = json!({"big": "x".repeat(fits + 1)});
    let refused = platform
        .client
        .put_user_metadata(&id, over.as_object().expect("object"))
        .await;
    assert!(refused.is_err(), "the platform refuses it too");
    platform.stop().await;
}
