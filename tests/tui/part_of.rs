//! The detail pane's "Indexes" and "Entities" sections, fed as messages to `App::update` with
//! the effects checked: asked for when an asset shows, kept per asset, read again on `r`, stale
//! answers dropped, errors shown in the section without touching the connection state.

use std::time::Duration;

use crate::tui_support::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::json;
use tl_assets::api::types::{IndexRef, IndexedAssetStatus};
use tl_assets::api::{ApiError, EntityUse, IndexUse};
use tl_assets::tui::{App, Effect, Keymap, Msg, RequestId, view};

fn index_use(i: usize, name: &str, status: IndexedAssetStatus) -> IndexUse {
    IndexUse {
        id: format!("ia{i}"),
        index: IndexRef {
            id: format!("idx{i}"),
            name: Some(name.to_string()),
        },
        status: Some(status),
    }
}

fn entity_use(name: &str, collection: &str) -> EntityUse {
    EntityUse {
        entity: serde_json::from_value(json!({"_id": format!("ent-{name}"), "name": name,
            "entity_collection_id": "col1", "asset_ids": ["a"]}))
        .expect("entity"),
        collection_name: Some(collection.to_string()),
    }
}

/// The one sections request among `effects`.
fn part_of_request(effects: &[Effect]) -> (RequestId, String) {
    let found: Vec<_> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::FetchPartOf { request_id, asset_id } => Some((*request_id, asset_id.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(found.len(), 1, "expected one sections request in {effects:?}");
    found[0].clone()
}

fn no_part_of_request(effects: &[Effect]) -> bool {
    !effects.iter().any(|e| matches!(e, Effect::FetchPartOf { .. }))
}

/// The app with its first page and the request the first asset's sections went out with
/// (read-ahead off: these are the requests of the shown asset alone; `read_ahead.rs` has its own).
fn shown() -> (App, RequestId, String) {
    let mut app = app();
    app.read_ahead.rows = 0;
    let effects = app.init();
    let (request_id, p) = page_request(&effects);
    let effects = app.update(Msg::PageLoaded {
        request_id,
        page: p,
        result: Ok(page(assets(0..10), 1, 1, 10)),
    });
    let (rid, id) = part_of_request(&effects);
    (app, rid, id)
}

fn answer(app: &mut App, request_id: RequestId, asset_id: &str) -> Vec<Effect> {
    app.update(Msg::PartOfLoaded {
        request_id,
        asset_id: asset_id.to_string(),
        indexes: Ok(vec![index_use(1, "marketing-clips", IndexedAssetStatus::Ready)]),
        entities: Ok(vec![entity_use("Jane Doe", "people")]),
    })
}

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    terminal.draw(|f| view(app, f)).expect("draw");
    terminal.backend().to_string()
}

fn transport() -> ApiError {
    ApiError::Transport {
        message: "connection refused".into(),
        not_sent: true,
    }
}

#[test]
fn the_shown_asset_asks_once_and_draws_loading_until_the_answer() {
    let (mut app, rid, id) = shown();
    assert_eq!(id, app.list.items[0].id, "the selected asset's sections");
    let before = screen(&app);
    assert!(
        before.contains("Indexes") && before.contains("loading…"),
        "{before}"
    );
    assert!(answer(&mut app, rid, &id).is_empty());
    let after = screen(&app);
    assert!(
        after.contains("marketing-clips  ready") && after.contains("Jane Doe  in people"),
        "{after}"
    );
    // Only the transcript, not answered here, still loads.
    assert_eq!(after.matches("loading…").count(), 1, "{after}");
    // Another message with the same selection asks for nothing more.
    assert!(no_part_of_request(&app.update(Msg::Resize(100, 30))));
}

#[test]
fn kept_sections_show_again_without_asking_and_the_cache_is_bounded() {
    let (mut app, rid, first) = shown();
    answer(&mut app, rid, &first);
    let (rid2, second) = part_of_request(&app.update(key('j')));
    assert_ne!(second, first);
    answer(&mut app, rid2, &second);
    assert!(no_part_of_request(&app.update(key('k'))), "the first is kept");
    assert!(screen(&app).contains("marketing-clips"));
    // Many assets later, the oldest kept ones have gone.
    let mut app = loaded(50, 50);
    app.read_ahead.rows = 0;
    let (rid, id) = part_of_request(&app.update(key('r')));
    answer(&mut app, rid, &id);
    let mut effects = Vec::new();
    for _ in 0..49 {
        effects = app.update(key('j'));
        let (rid, id) = part_of_request(&effects);
        answer(&mut app, rid, &id);
    }
    assert!(!effects.is_empty());
    assert!(
        app.part_of.len() <= tl_assets::tui::PART_OF_KEPT,
        "{}",
        app.part_of.len()
    );
    assert!(
        !no_part_of_request(&app.update(key('g'))),
        "the first was dropped"
    );
}

#[test]
fn stale_answers_are_dropped_by_request_id() {
    let (mut app, old, first) = shown();
    // Moved on before the answer: the first asset's answer is no longer waited for.
    let (new, second) = part_of_request(&app.update(key('j')));
    answer(&mut app, old, &first);
    assert!(app.part_of.get(&first).is_none(), "an asset no longer shown");
    // An older request for the shown asset, after `r` asked again.
    let (again, same) = part_of_request(&app.update(key('r')));
    assert_eq!(same, second);
    assert_ne!(again, new);
    answer(&mut app, new, &second);
    assert!(app.part_of.get(&second).is_none(), "an older request");
    answer(&mut app, again, &second);
    assert!(app.part_of.get(&second).is_some());
}

#[test]
fn r_reads_the_shown_sections_again_and_the_kept_rows_stay_until_then() {
    let (mut app, rid, id) = shown();
    answer(&mut app, rid, &id);
    let effects = app.update(key('r'));
    let (again, same) = part_of_request(&effects);
    assert_eq!(same, id);
    assert!(
        effects.iter().any(|e| matches!(e, Effect::FetchPage { .. })),
        "the list reloads too: {effects:?}"
    );
    assert!(
        screen(&app).contains("marketing-clips  ready"),
        "no flicker to loading"
    );
    app.update(Msg::PartOfLoaded {
        request_id: again,
        asset_id: id.clone(),
        indexes: Ok(vec![
            index_use(1, "marketing-clips", IndexedAssetStatus::Ready),
            index_use(2, "archive", IndexedAssetStatus::Indexing),
        ]),
        entities: Ok(vec![]),
    });
    let s = screen(&app);
    assert!(
        s.contains("archive          indexing") && s.contains("(none)"),
        "{s}"
    );
}

#[test]
fn errors_show_in_the_section_and_leave_the_connection_alone() {
    let (mut app, rid, id) = shown();
    let limited = ApiError::from_response(
        429,
        Some(Duration::from_secs(30)),
        r#"{"code":"too_many_requests","message":"slow down"}"#,
    );
    app.update(Msg::PartOfLoaded {
        request_id: rid,
        asset_id: id.clone(),
        indexes: Err(limited),
        entities: Ok(vec![entity_use("Jane Doe", "people")]),
    });
    let s = screen(&app);
    assert!(
        s.contains("could not be read: too_many_requests: slow down"),
        "{s}"
    );
    assert!(s.contains("Jane Doe"), "the other section still shows: {s}");
    assert!(!app.connectivity.is_rate_limited() && !app.connectivity.is_offline());
    assert!(app.notices.current().is_none(), "inline, not an error box");
    // Shown again later, a section that failed is asked for again.
    app.update(key('j'));
    assert!(!no_part_of_request(&app.update(key('k'))));
}

#[test]
fn a_lost_connection_is_the_apps_lost_connection_too() {
    let (mut app, rid, id) = shown();
    app.update(Msg::PartOfLoaded {
        request_id: rid,
        asset_id: id,
        indexes: Err(transport()),
        entities: Err(transport()),
    });
    assert!(app.connectivity.is_offline());
    assert!(screen(&app).contains("could not be read: connection_failed"));
}

#[test]
fn no_asset_no_request_and_read_only_still_reads() {
    let mut app = app();
    let effects = app.init();
    let (request_id, p) = page_request(&effects);
    let effects = app.update(Msg::PageLoaded {
        request_id,
        page: p,
        result: Ok(page(Vec::new(), 1, 1, 0)),
    });
    assert!(no_part_of_request(&effects));
    let mut ro = App::new("local", true, Keymap::defaults(), now());
    let effects = ro.init();
    let (request_id, p) = page_request(&effects);
    let effects = ro.update(Msg::PageLoaded {
        request_id,
        page: p,
        result: Ok(page(assets(0..3), 1, 1, 3)),
    });
    part_of_request(&effects);
}

#[test]
fn rows_still_indexing_are_followed_once_until_final() {
    let (mut app, rid, id) = shown();
    let rows = || {
        Ok(vec![
            index_use(1, "marketing-clips", IndexedAssetStatus::Ready),
            index_use(2, "archive", IndexedAssetStatus::Queued),
        ])
    };
    let effects = app.update(Msg::PartOfLoaded {
        request_id: rid,
        asset_id: id.clone(),
        indexes: rows(),
        entities: Ok(vec![]),
    });
    let [
        Effect::WatchIndexedAsset {
            indexed_asset_id,
            index,
            ..
        },
    ] = &effects[..]
    else {
        panic!("only the queued one is followed: {effects:?}");
    };
    assert_eq!((indexed_asset_id.as_str(), index.id.as_str()), ("ia2", "idx2"));
    // Read again while it is followed: no second task.
    let (again, _) = part_of_request(&app.update(key('r')));
    let effects = app.update(Msg::PartOfLoaded {
        request_id: again,
        asset_id: id.clone(),
        indexes: rows(),
        entities: Ok(vec![]),
    });
    assert!(effects.is_empty(), "{effects:?}");
    let ready: tl_assets::api::types::IndexedAsset =
        serde_json::from_value(json!({"_id": "ia2", "status": "ready"})).expect("ia");
    app.update(Msg::IndexedAssetPolled {
        asset_id: id.clone(),
        index: index.clone(),
        indexed_asset_id: "ia2".into(),
        result: Ok(Box::new(ready)),
    });
    let s = screen(&app);
    assert!(s.contains("archive          ready"), "{s}");
    assert!(app.part_of.watching.is_empty());
}

/// Every sections request among `effects`.
fn part_of_requests(effects: &[Effect]) -> Vec<(RequestId, String)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::FetchPartOf { request_id, asset_id } => Some((*request_id, asset_id.clone())),
            _ => None,
        })
        .collect()
}

/// The page fetches among `effects`.
fn page_requests(effects: &[Effect]) -> Vec<(RequestId, u32)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::FetchPage { request_id, query } => Some((*request_id, query.page.unwrap_or(1))),
            _ => None,
        })
        .collect()
}

/// `r` on an asset of page 2: the reload's page 1 moves the selection off it and page 2 brings
/// it back, all before the sections' answer (which waits for the selection to settle). That
/// answer was dropped, and the asset, kept with its old `(none)`, was not read again: however
/// many `r`, the detail never showed the index the delete dialog named.
#[test]
fn r_on_a_row_of_a_later_page_shows_what_the_reread_found() {
    let mut app = app();
    let (rid, p) = page_request(&app.init());
    let mut asked = part_of_requests(&app.update(Msg::PageLoaded {
        request_id: rid,
        page: p,
        result: Ok(page(assets(0..50), 1, 2, 100)),
    }));
    let on_page_2 = asset(55).id;
    // Down to the row of page 2; the next page is asked for on the way.
    while app.list.selected_id().as_deref() != Some(on_page_2.as_str()) {
        let effects = app.update(key('j'));
        asked.extend(part_of_requests(&effects));
        for (request_id, page_no) in page_requests(&effects) {
            asked.extend(part_of_requests(&app.update(Msg::PageLoaded {
                request_id,
                page: page_no,
                result: Ok(page(assets(50..100), page_no, 2, 100)),
            })));
        }
        assert!(app.list.selected < 60, "never reached {on_page_2}");
    }
    // Everything read so far says "(none)": the asset was not in an index yet.
    for (request_id, asset_id) in asked.drain(..) {
        app.update(Msg::PartOfLoaded {
            request_id,
            asset_id,
            indexes: Ok(Vec::new()),
            entities: Ok(Vec::new()),
        });
    }
    assert!(screen(&app).contains("(none)"), "{}", screen(&app));

    // Now it is in an index; `r`, and its pages come back before the sections do.
    let effects = app.update(key('r'));
    asked.extend(part_of_requests(&effects));
    let mut pages = page_requests(&effects);
    while let Some((request_id, page_no)) = pages.pop() {
        let data = if page_no == 1 {
            assets(0..50)
        } else {
            assets(50..100)
        };
        let effects = app.update(Msg::PageLoaded {
            request_id,
            page: page_no,
            result: Ok(page(data, page_no, 2, 100)),
        });
        asked.extend(part_of_requests(&effects));
        pages.extend(page_requests(&effects));
    }
    assert_eq!(
        app.list.selected_id(),
        Some(on_page_2.clone()),
        "the reload kept the selection"
    );
    for (request_id, asset_id) in asked {
        let indexes = if asset_id == on_page_2 {
            vec![index_use(1, "harbor-footage", IndexedAssetStatus::Ready)]
        } else {
            Vec::new()
        };
        app.update(Msg::PartOfLoaded {
            request_id,
            asset_id,
            indexes: Ok(indexes),
            entities: Ok(Vec::new()),
        });
    }
    let shown = screen(&app);
    assert!(shown.contains("harbor-footage  ready"), "{shown}");
}
