//! Auto-refresh: while idle, a due `RefreshTick` re-reads page 1 and merges it into the list:
//! new assets at the top, deleted ones gone, changed ones updated, the selection on its asset
//! and the scroll where it was. Never while something else goes on; off with `refresh_secs = 0`.
//! The ticks are fed by hand with their timestamps, so no real time passes.

use std::time::Duration;

use crate::tui_support::*;
use crossterm::event::KeyCode;
use jiff::{SignedDuration, Timestamp};
use tl_assets::api::types::{Asset, AssetStatus};
use tl_assets::tui::{App, Effect, Msg, RequestId, SortKey, SortOrder};

fn at(secs: i64) -> Timestamp {
    now() + SignedDuration::from_secs(secs)
}

/// The page-1 request a tick asked for, if any.
fn refresh_asked(effects: &[Effect]) -> Option<RequestId> {
    let asked: Vec<RequestId> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::FetchPageAlongside { request_id, query } if query.page == Some(1) => Some(*request_id),
            _ => None,
        })
        .collect();
    assert!(asked.len() <= 1, "{effects:?}");
    asked.first().copied()
}

/// Ticks at `secs` and answers the refresh with `server` (all of it on page 1 of `pages`).
fn refresh_with(app: &mut App, secs: i64, server: Vec<Asset>, pages: u32, total: u64) {
    let request_id = refresh_asked(&app.update(Msg::RefreshTick(at(secs)))).expect("a refresh");
    app.update(Msg::PageLoaded {
        request_id,
        page: 1,
        result: Ok(page(server, 1, pages, total)),
    });
}

fn ids(app: &App) -> Vec<String> {
    app.list
        .visible
        .iter()
        .map(|&i| app.list.items[i].id.clone())
        .collect()
}

#[test]
fn a_due_tick_while_idle_re_reads_page_one_and_an_early_one_does_not() {
    let mut app = loaded(10, 10);
    assert!(refresh_asked(&app.update(Msg::RefreshTick(at(30)))).is_some());
    let mut app2 = loaded(10, 10);
    refresh_with(&mut app2, 30, assets(0..10), 1, 10);
    assert!(
        refresh_asked(&app2.update(Msg::RefreshTick(at(40)))).is_none(),
        "10 s after the last refresh"
    );
    assert!(refresh_asked(&app2.update(Msg::RefreshTick(at(60)))).is_some());
}

#[test]
fn a_refresh_never_answered_is_replaced_a_period_later() {
    let mut app = loaded(10, 10);
    let lost = refresh_asked(&app.update(Msg::RefreshTick(at(30)))).expect("a refresh");
    assert!(
        refresh_asked(&app.update(Msg::RefreshTick(at(40)))).is_none(),
        "not due yet"
    );
    let again = refresh_asked(&app.update(Msg::RefreshTick(at(60)))).expect("asked again");
    assert_ne!(lost, again);
    app.update(Msg::PageLoaded {
        request_id: lost,
        page: 1,
        result: Ok(page(assets(5..10), 1, 1, 5)),
    });
    assert_eq!(app.list.items.len(), 10, "the replaced answer is dropped");
    app.update(Msg::PageLoaded {
        request_id: again,
        page: 1,
        result: Ok(page(assets(5..10), 1, 1, 5)),
    });
    assert_eq!(app.list.items.len(), 5, "the current one is merged");
}

#[test]
fn refresh_secs_zero_turns_it_off() {
    let mut app = loaded(10, 10);
    app.auto_refresh.every = None;
    for secs in [30, 60, 3600] {
        assert!(refresh_asked(&app.update(Msg::RefreshTick(at(secs)))).is_none());
    }
}

#[test]
fn not_while_busy() {
    // Typing a filter.
    let mut app = loaded(10, 10);
    app.update(key('/'));
    assert!(
        refresh_asked(&app.update(Msg::RefreshTick(at(30)))).is_none(),
        "typing"
    );
    // A dialog open.
    let mut app = loaded(10, 10);
    app.update(key('?'));
    assert!(
        refresh_asked(&app.update(Msg::RefreshTick(at(30)))).is_none(),
        "help open"
    );
    // A delete running.
    let mut app = loaded(10, 10);
    app.update(key('d'));
    app.update(code(KeyCode::Right));
    app.update(code(KeyCode::Enter));
    assert!(app.delete_run.is_some());
    assert!(
        refresh_asked(&app.update(Msg::RefreshTick(at(30)))).is_none(),
        "deleting"
    );
    // A `G` run, and a sort loading the rest.
    for keys in ["G", "s"] {
        let mut app = loaded(50, 300);
        type_text(&mut app, keys);
        assert!(app.to_end.is_some());
        assert!(
            refresh_asked(&app.update(Msg::RefreshTick(at(30)))).is_none(),
            "{keys}"
        );
    }
    // A page on its way.
    let mut app = loaded(50, 300);
    app.update(key('r'));
    assert!(
        refresh_asked(&app.update(Msg::RefreshTick(at(30)))).is_none(),
        "reloading"
    );
}

#[test]
fn an_answer_that_comes_back_while_busy_is_dropped() {
    let mut app = loaded(10, 10);
    let request_id = refresh_asked(&app.update(Msg::RefreshTick(at(30)))).expect("a refresh");
    app.update(key('?'));
    app.update(Msg::PageLoaded {
        request_id,
        page: 1,
        result: Ok(page(assets(5..10), 1, 1, 5)),
    });
    assert_eq!(app.list.items.len(), 10, "nothing merged under the dialog");
}

#[test]
fn new_assets_appear_at_the_top_deleted_ones_go_changed_ones_update() {
    let server = assets(0..120);
    let mut app = loaded(50, 120);
    let effects = app.update(key('G'));
    let fetched: Vec<(RequestId, u32)> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::FetchPageAlongside { request_id, query } => Some((*request_id, query.page.unwrap_or(1))),
            _ => None,
        })
        .collect();
    for (request_id, n) in fetched {
        let data = server
            .iter()
            .skip((n as usize - 1) * 50)
            .take(50)
            .cloned()
            .collect();
        app.update(Msg::PageLoaded {
            request_id,
            page: n,
            result: Ok(page(data, n, 3, 120)),
        });
    }
    assert_eq!(app.list.items.len(), 120);
    app.update(key('g'));
    for _ in 0..6 {
        app.update(key('j'));
    }
    let selected = app.list.selected_id().expect("selection");
    let offset = app.list.offset;
    // On the server now: two new assets on top, asset 2 deleted, asset 4 failed.
    let mut now_on_server: Vec<Asset> = vec![asset(500), asset(501)];
    now_on_server.extend(server.iter().filter(|a| a.id != asset(2).id).cloned());
    now_on_server[4].status = Some(AssetStatus::Failed);
    assert_eq!(now_on_server[4].id, asset(3).id);
    refresh_with(&mut app, 30, now_on_server[..50].to_vec(), 3, 121);
    assert_eq!(
        app.list.items.len(),
        121,
        "two new, one gone, the later pages kept"
    );
    let shown = ids(&app);
    assert_eq!(
        shown[..4],
        [asset(500).id, asset(501).id, asset(0).id, asset(1).id]
    );
    assert!(!shown.contains(&asset(2).id), "deleted on the server");
    assert_eq!(
        app.list.items[4].status,
        Some(AssetStatus::Failed),
        "updated in place"
    );
    assert_eq!(
        app.list.selected_id(),
        Some(selected),
        "the selection stays on its asset"
    );
    assert_eq!(app.list.offset, offset, "the scroll stays");
    assert_eq!(app.list.total, Some(121));
    let mut unique = shown.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), shown.len(), "no asset twice");
}

#[test]
fn an_unchanged_page_changes_nothing_and_a_deleted_selection_keeps_its_row() {
    let mut app = loaded(10, 10);
    for _ in 0..3 {
        app.update(key('j'));
    }
    let before = app.list.items.clone();
    refresh_with(&mut app, 30, assets(0..10), 1, 10);
    assert_eq!(app.list.items, before);
    assert_eq!(app.list.selected, 3);
    let remaining: Vec<Asset> = assets(0..10)
        .into_iter()
        .filter(|a| a.id != asset(3).id)
        .collect();
    refresh_with(&mut app, 60, remaining, 1, 9);
    assert_eq!(app.list.items.len(), 9);
    assert_eq!(
        app.list.selected, 3,
        "the row of the deleted asset, now its successor"
    );
    assert_eq!(app.list.selected_id(), Some(asset(4).id));
}

#[test]
fn a_sorted_list_stays_sorted_after_a_refresh() {
    let mut app = loaded(10, 10);
    app.list.set_sort(SortOrder {
        key: SortKey::Name,
        reversed: false,
    });
    let mut server = vec![asset(100)];
    server[0].filename = Some("aaa-new.mp4".into());
    server.extend(assets(0..10));
    refresh_with(&mut app, 30, server, 1, 11);
    assert_eq!(ids(&app)[0], asset(100).id, "the new asset at its place by name");
    let mut rows: Vec<usize> = (0..app.list.items.len()).collect();
    app.list.sort.sort_rows(&app.list.items, &mut rows);
    assert_eq!(app.list.visible, rows);
}

#[test]
fn the_default_period_is_thirty_seconds() {
    assert_eq!(app().auto_refresh.every, Some(Duration::from_secs(30)));
}
