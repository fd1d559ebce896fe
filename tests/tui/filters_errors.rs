//! Local fuzzy filter, server filters, rate-limit countdown, lost connection, mouse.

use std::time::Duration;

use crate::tui_support::*;
use crossterm::event::{KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use jiff::{SignedDuration, Timestamp};
use tl_assets::api::ApiError;
use tl_assets::api::types::AssetType;
use tl_assets::tui::{Effect, Focus, Modal, Msg};

fn later(secs: i64) -> Timestamp {
    now().checked_add(SignedDuration::from_secs(secs)).expect("time")
}

#[test]
fn local_filter_is_instant_fuzzy_and_sends_nothing() {
    let mut app = loaded(30, 30);
    app.update(key('/'));
    let effects = type_text(&mut app, "itrv");
    assert!(
        effects.iter().all(|e| !matches!(e, Effect::FetchPage { .. })),
        "local only"
    );
    assert_eq!(app.list.visible.len(), 10, "interview-* only");
    assert!(
        app.list
            .selected_asset()
            .expect("match")
            .filename
            .as_deref()
            .unwrap_or("")
            .starts_with("interview")
    );
    app.update(code(KeyCode::Enter));
    assert!(app.filter_input.is_none());
    assert_eq!(app.list.local_filter, "itrv", "Enter keeps the filter");
    app.update(key('j'));
    assert_eq!(app.list.selected, 1, "keys move within matches");
    app.update(code(KeyCode::Esc));
    assert_eq!(app.list.local_filter, "", "Esc clears an applied filter");
    assert_eq!(app.list.visible.len(), 30);
}

#[test]
fn type_filter_cycles_and_reloads_from_page_one() {
    let mut app = loaded(50, 200);
    for _ in 0..5 {
        app.update(key('j'));
    }
    let expected = [
        Some(AssetType::Video),
        Some(AssetType::Audio),
        Some(AssetType::Image),
        Some(AssetType::Document),
        None,
    ];
    for want in expected {
        let effects = app.update(key('t'));
        let [Effect::FetchPage { query, .. }] = effects.as_slice() else {
            panic!("{effects:?}");
        };
        assert_eq!(query.page, Some(1));
        assert_eq!(query.asset_types, want.iter().cloned().collect::<Vec<_>>());
        assert!(app.list.items.is_empty(), "old rows are gone");
        assert_eq!(app.list.selected, 0);
    }
}

#[test]
fn filename_prompt_sets_the_server_filter() {
    let mut app = loaded(5, 5);
    app.update(key('F'));
    assert!(matches!(app.modal, Some(Modal::NamePrompt(_))));
    type_text(&mut app, "harbor");
    let effects = app.update(code(KeyCode::Enter));
    let [Effect::FetchPage { query, .. }] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(query.filename.as_deref(), Some("harbor"));
    assert_eq!(query.page, Some(1));
    // An empty prompt clears it.
    app.update(key('F'));
    for _ in 0..6 {
        app.update(code(KeyCode::Backspace));
    }
    let effects = app.update(code(KeyCode::Enter));
    let [Effect::FetchPage { query, .. }] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(query.filename, None);
}

#[test]
fn rate_limit_counts_down_then_retries_the_page() {
    let mut app = app();
    let (rid, _) = page_request(&app.init());
    app.update(Msg::PageLoaded {
        request_id: rid,
        page: 1,
        result: Err(ApiError::from_response(429, Some(Duration::from_secs(5)), "")),
    });
    assert_eq!(app.connectivity.rate_limit_left(app.now), Some(5));
    assert_eq!(
        app.notices.current().map(|n| n.code.as_str()),
        Some("too_many_requests")
    );
    assert!(app.wants_tick(), "the countdown animates");
    assert!(app.update(Msg::Tick(later(2))).is_empty());
    assert_eq!(app.connectivity.rate_limit_left(app.now), Some(3));
    // Refreshing during the wait does not hit the server.
    assert!(app.update(key('r')).is_empty());
    let (_, p) = page_request(&app.update(Msg::Tick(later(5))));
    assert_eq!(p, 1);
    assert_eq!(app.connectivity.rate_limit_left(app.now), None);
}

#[test]
fn lost_connection_shows_a_banner_and_recovers_by_itself() {
    let mut app = loaded(50, 120);
    for _ in 0..41 {
        app.update(key('j'));
    }
    let rid = app.list.pending.expect("page 2 in flight").request_id;
    app.update(Msg::PageLoaded {
        request_id: rid,
        page: 2,
        result: Err(ApiError::Transport {
            message: "connection refused".into(),
            not_sent: true,
        }),
    });
    let off = app.connectivity.offline().cloned().expect("banner");
    assert_eq!(off.attempts, 1);
    assert!(
        app.notices.current().is_none(),
        "no error box for a lost connection"
    );
    assert!(app.wants_tick());
    assert!(
        app.update(Msg::Tick(later(1))).is_empty(),
        "waits before retrying"
    );
    let (rid, p) = page_request(&app.update(Msg::Tick(later(2))));
    assert_eq!(p, 2, "retries the page that failed");
    app.update(Msg::PageLoaded {
        request_id: rid,
        page: 2,
        result: Ok(page(assets(50..100), 2, 3, 120)),
    });
    assert!(!app.connectivity.is_offline(), "banner gone");
    assert_eq!(app.notices.flash.as_deref(), Some("connection restored"));
    assert_eq!(app.list.items.len(), 100);
}

#[test]
fn mouse_wheel_scrolls_and_click_selects() {
    let mut app = loaded(50, 50);
    // Enough metadata that the fifth asset's detail is longer than its pane.
    let meta: serde_json::Map<String, serde_json::Value> = (0..60)
        .map(|i| (format!("key{i:02}"), serde_json::json!(i)))
        .collect();
    app.list.items[4].user_metadata = Some(meta);
    let at = |kind, column, row| {
        Msg::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    app.update(at(MouseEventKind::ScrollDown, 5, 5));
    assert_eq!(app.list.selected, 3);
    app.update(at(MouseEventKind::ScrollUp, 5, 5));
    assert_eq!(app.list.selected, 0);
    // Row 2 is the first asset row (border, header); row 6 is the fifth asset.
    app.update(at(MouseEventKind::Down(MouseButton::Left), 10, 6));
    assert_eq!(app.list.selected, 4);
    // Clicking the detail pane (right half at 120 columns) focuses it.
    app.update(at(MouseEventKind::Down(MouseButton::Left), 100, 6));
    assert_eq!(app.focus, Focus::Detail);
    app.update(at(MouseEventKind::ScrollDown, 100, 6));
    assert_eq!(app.detail_scroll, 3);
    assert_eq!(app.list.selected, 4);
}

#[test]
fn the_local_filter_matches_names_and_ids_only_when_asked() {
    let mut app = loaded(120, 120);
    for (i, a) in app.list.items.iter_mut().enumerate() {
        a.filename = Some(format!("photo_{}.jpg", 1000 + i));
    }
    app.update(key('/'));
    type_text(&mut app, "photo_1000");
    let names: Vec<_> = app
        .list
        .visible
        .iter()
        .filter_map(|&i| app.list.items[i].filename.clone())
        .collect();
    assert_eq!(names, vec!["photo_1000.jpg"], "the digits of ids match nothing");
    app.update(code(KeyCode::Esc));
    app.update(key('/'));
    let id = asset(7).id;
    type_text(&mut app, &format!("id:{}", &id[16..]));
    assert_eq!(app.list.visible.len(), 1, "id: matches ids");
    assert_eq!(app.list.selected_id(), Some(id));
}
