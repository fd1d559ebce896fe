//! The start cache against a real platform: a session's list saved on close, shown at the next
//! start marked as cached, and page 1 from the platform replacing it: the selection kept, an
//! asset deleted in between gone, one uploaded in between shown.

use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tl_assets::tui::{App, Keymap, Runtime, StartCache};

use crate::support::tui_harness::{Harness, Platform};
use crate::tui_support::now;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_listing_saved_on_close_starts_the_next_session_and_page_one_replaces_it() {
    let platform = Platform::start().await;
    let mut ids = Vec::new();
    for name in ["a.jpg", "b.jpg", "c.jpg", "d.jpg"] {
        ids.push(platform.upload_image(name).await);
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = StartCache::new(
        dir.path().into(),
        platform.running.base_url(),
        Some(crate::support::tui_harness::KEY),
        Duration::from_secs(3600),
    );

    // The first session: the list read, `j` twice (newest first: d, c, b), then closed.
    let mut first = Harness::new(platform.client.clone());
    first.until("page 1", |a| a.list.items.len() == 4).await;
    first.keys("jj");
    let listing = first.app.listing_to_save(now()).expect("a current list");
    cache.save(&listing).expect("saved");

    // Meanwhile: "c.jpg" deleted elsewhere, "e.jpg" uploaded.
    platform
        .client
        .delete_asset(&ids[2], false)
        .await
        .expect("delete");
    let new_id = platform.upload_image("e.jpg").await;

    // The second session shows the saved rows before any answer, marked as cached.
    let mut app = App::new("local", false, Keymap::defaults(), now());
    app.size = (80, 24);
    app.show_cached(cache.load(now()).expect("the saved listing"));
    let runtime = Runtime::new(platform.client.clone());
    let mut second = Harness {
        app,
        runtime,
        terminal: Terminal::new(TestBackend::new(80, 24)).expect("terminal"),
    };
    let effects = second.app.init();
    second.runtime.perform_all(effects);
    second.draw();
    let screen = second.screen();
    assert!(screen.contains("cached just now · refreshing"), "{screen}");
    assert!(screen.contains("c.jpg"), "the cached rows: {screen}");
    assert_eq!(second.app.list.selected_id().as_deref(), Some(ids[1].as_str()));

    second.until("page 1", |a| a.cached_since.is_none()).await;
    let screen = second.screen();
    assert!(!screen.contains("cached"), "{screen}");
    assert!(!screen.contains("c.jpg"), "deleted meanwhile: {screen}");
    assert!(second.app.list.items.iter().any(|a| a.id == new_id), "{screen}");
    assert_eq!(
        second.app.list.selected_id().as_deref(),
        Some(ids[1].as_str()),
        "b.jpg still selected"
    );
    platform.stop().await;
}
