//! `i` (add to an index), fed as messages to `App::update` with the effects checked: the picker
//! loads, filters and picks; Enter sends only the ready assets; the results join the detail
//! pane's "Indexes" section and follow the indexed assets' status; read-only refuses.

use crate::tui_support::*;
use crossterm::event::KeyCode;
use serde_json::json;
use tl_assets::api::types::{AssetStatus, Index, IndexRef, IndexedAsset, IndexedAssetStatus};
use tl_assets::api::{ApiError, Sent};
use tl_assets::tui::{App, Effect, IndexChoices, Keymap, Modal, Msg, RequestId};

fn index(id: &str, name: &str) -> Index {
    serde_json::from_value(json!({"_id": id, "index_name": name, "video_count": 3})).expect("index")
}

fn indexes() -> Vec<Index> {
    vec![
        index("idx1", "marketing-clips"),
        index("idx2", "archive-2025"),
        index("idx3", "kitchen-tests"),
    ]
}

fn load_request(effects: &[Effect]) -> RequestId {
    match effects {
        [Effect::LoadIndexes { request_id }] => *request_id,
        other => panic!("expected the indexes to load: {other:?}"),
    }
}

/// `i` on the selection, the indexes answered.
fn open(app: &mut App) {
    let rid = load_request(&app.update(key('i')));
    app.update(Msg::IndexesLoaded {
        request_id: rid,
        result: Ok(indexes()),
    });
}

fn picker(app: &App) -> &tl_assets::tui::IndexPicker {
    match &app.modal {
        Some(Modal::IndexPicker(p)) => p,
        other => panic!("no picker: {other:?}"),
    }
}

fn chosen_name(app: &App) -> Option<String> {
    picker(app).chosen().and_then(|i| i.index_name.clone())
}

fn sent(effects: &[Effect]) -> (RequestId, IndexRef, Vec<String>) {
    match effects {
        [
            Effect::AddToIndex {
                request_id,
                index,
                asset_ids,
            },
        ] => (*request_id, index.clone(), asset_ids.clone()),
        other => panic!("expected one send: {other:?}"),
    }
}

#[test]
fn typing_filters_arrows_move_and_esc_closes() {
    let mut app = loaded(10, 10);
    let rid = load_request(&app.update(key('i')));
    assert!(matches!(picker(&app).indexes, IndexChoices::Loading));
    // An answer to an older request changes nothing.
    app.update(Msg::IndexesLoaded {
        request_id: RequestId(rid.0 + 100),
        result: Ok(indexes()),
    });
    assert!(matches!(picker(&app).indexes, IndexChoices::Loading));
    app.update(Msg::IndexesLoaded {
        request_id: rid,
        result: Ok(indexes()),
    });
    assert_eq!(chosen_name(&app).as_deref(), Some("marketing-clips"));
    app.update(code(KeyCode::Down));
    assert_eq!(chosen_name(&app).as_deref(), Some("archive-2025"));
    app.update(code(KeyCode::Down));
    app.update(code(KeyCode::Down));
    assert_eq!(
        chosen_name(&app).as_deref(),
        Some("kitchen-tests"),
        "stays on the last"
    );
    // Letters that are keys elsewhere (j, k, q) are typed; the highlight goes to the best match.
    type_text(&mut app, "kq");
    assert_eq!(picker(&app).filter.value(), "kq");
    assert!(picker(&app).shown().is_empty());
    app.update(code(KeyCode::Backspace));
    assert_eq!(
        chosen_name(&app).as_deref(),
        Some("marketing-clips"),
        "k is in marketing"
    );
    type_text(&mut app, "itc");
    assert_eq!(chosen_name(&app).as_deref(), Some("kitchen-tests"));
    assert!(app.update(code(KeyCode::Esc)).is_empty());
    assert!(app.modal.is_none());
}

#[test]
fn enter_sends_the_selected_asset_and_closes() {
    let mut app = loaded(10, 10);
    let id = app.list.items[0].id.clone();
    open(&mut app);
    app.update(code(KeyCode::Down));
    let (_, index, ids) = sent(&app.update(code(KeyCode::Enter)));
    assert_eq!(index.id, "idx2");
    assert_eq!(index.name.as_deref(), Some("archive-2025"));
    assert_eq!(ids, vec![id]);
    assert!(app.modal.is_none());
}

#[test]
fn marked_assets_an_index_cannot_hold_are_named_and_not_sent() {
    let mut app = loaded(10, 10);
    app.list.items[1].status = Some(AssetStatus::Processing);
    // Item 2 is an image: ready, but an index holds video and audio only.
    let ids: Vec<String> = app.list.items[..4].iter().map(|a| a.id.clone()).collect();
    for _ in 0..4 {
        app.update(code(KeyCode::Char(' ')));
    }
    open(&mut app);
    let skipped: Vec<String> = picker(&app).skipped.iter().map(|t| t.described()).collect();
    assert_eq!(
        skipped,
        vec![
            "interview-01.mp3 (processing)".to_string(),
            "still-02.jpg (an image)".to_string()
        ]
    );
    let (rid, index, sent_ids) = sent(&app.update(code(KeyCode::Enter)));
    assert_eq!(sent_ids, vec![ids[0].clone(), ids[3].clone()]);
    // The answers: one new, one already there; both followed, the summary says it all.
    let effects = app.update(Msg::AddedToIndex {
        request_id: rid,
        index: index.clone(),
        results: vec![
            (ids[0].clone(), Ok(Sent::Created("ia-new".into()))),
            (ids[3].clone(), Ok(Sent::AlreadyThere("ia-old".into()))),
        ],
    });
    let watched: Vec<&str> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::WatchIndexedAsset { indexed_asset_id, .. } => Some(indexed_asset_id.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(watched, vec!["ia-new", "ia-old"]);
    assert_eq!(
        app.notices.flash.as_deref(),
        Some("added 1 to marketing-clips · 1 already there · 2 not sent")
    );
}

#[test]
fn a_single_image_gets_a_message_and_no_picker() {
    let mut app = loaded(10, 10);
    app.update(code(KeyCode::Down));
    app.update(code(KeyCode::Down));
    let effects = app.update(key('i'));
    assert!(
        effects.iter().all(|e| matches!(e, Effect::FetchPartOf { .. })),
        "{effects:?}"
    );
    assert!(app.modal.is_none());
    assert_eq!(
        app.notices.flash.as_deref(),
        Some("still-02.jpg (an image): an index holds ready video and audio only; nothing to add")
    );
}

#[test]
fn a_single_asset_that_is_not_ready_gets_a_message_and_no_picker() {
    let mut app = loaded(10, 10);
    app.list.items[0].status = Some(AssetStatus::Processing);
    let effects = app.update(key('i'));
    assert!(
        effects.iter().all(|e| matches!(e, Effect::FetchPartOf { .. })),
        "{effects:?}"
    );
    assert!(app.modal.is_none());
    assert_eq!(
        app.notices.flash.as_deref(),
        Some("harbor-00.mp4 (processing) is not ready: only ready assets can be added to an index")
    );
}

#[test]
fn read_only_refuses_with_the_usual_message() {
    let mut app = App::new("local", true, Keymap::defaults(), now());
    app.size = (120, 40);
    let (rid, p) = page_request(&app.init());
    app.update(Msg::PageLoaded {
        request_id: rid,
        page: p,
        result: Ok(page(assets(0..3), 1, 1, 3)),
    });
    assert!(app.update(key('i')).is_empty());
    assert!(app.modal.is_none());
    assert!(app.notices.flash.as_deref().unwrap_or("").contains("read-only"));
}

#[test]
fn empty_and_failed_lists_say_so_and_enter_retries_a_failed_load() {
    let mut app = loaded(10, 10);
    let rid = load_request(&app.update(key('i')));
    app.update(Msg::IndexesLoaded {
        request_id: rid,
        result: Ok(Vec::new()),
    });
    assert!(app.update(code(KeyCode::Enter)).is_empty(), "nothing to send to");
    assert!(app.modal.is_some());
    app.update(code(KeyCode::Esc));
    let rid = load_request(&app.update(key('i')));
    app.update(Msg::IndexesLoaded {
        request_id: rid,
        result: Err(ApiError::from_response(
            500,
            None,
            r#"{"code":"internal_error","message":"boom"}"#,
        )),
    });
    assert!(matches!(&picker(&app).indexes, IndexChoices::Failed(e) if e.code == "internal_error"));
    assert!(!app.connectivity.is_offline() && app.notices.current().is_none());
    let again = load_request(&app.update(code(KeyCode::Enter)));
    assert_ne!(again, rid);
    assert!(matches!(picker(&app).indexes, IndexChoices::Loading));
}

#[test]
fn the_indexes_section_shows_the_new_entry_and_follows_its_status() {
    let mut app = app();
    let (rid, p) = page_request(&app.init());
    let effects = app.update(Msg::PageLoaded {
        request_id: rid,
        page: p,
        result: Ok(page(assets(0..3), 1, 1, 3)),
    });
    let id = app.list.items[0].id.clone();
    let Some(Effect::FetchPartOf { request_id, .. }) = effects.first() else {
        panic!("{effects:?}");
    };
    app.update(Msg::PartOfLoaded {
        request_id: *request_id,
        asset_id: id.clone(),
        indexes: Ok(Vec::new()),
        entities: Ok(Vec::new()),
    });
    open(&mut app);
    let (rid, index, _) = sent(&app.update(code(KeyCode::Enter)));
    app.update(Msg::AddedToIndex {
        request_id: rid,
        index: index.clone(),
        results: vec![(id.clone(), Ok(Sent::Created("ia1".into())))],
    });
    let status = |app: &App| {
        let rows = app.part_of.get(&id).expect("kept").indexes.clone().expect("read");
        rows.iter()
            .map(|u| (u.index.id.clone(), u.status.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        status(&app),
        vec![("idx1".to_string(), Some(IndexedAssetStatus::Pending))]
    );
    for (s, want) in [
        ("queued", IndexedAssetStatus::Queued),
        ("indexing", IndexedAssetStatus::Indexing),
        ("ready", IndexedAssetStatus::Ready),
    ] {
        let ia: IndexedAsset = serde_json::from_value(json!({"_id": "ia1", "status": s})).expect("ia");
        app.update(Msg::IndexedAssetPolled {
            asset_id: id.clone(),
            index: index.clone(),
            indexed_asset_id: "ia1".into(),
            result: Ok(Box::new(ia)),
        });
        assert_eq!(status(&app), vec![("idx1".to_string(), Some(want))]);
    }
}

#[test]
fn when_every_send_fails_the_error_is_shown_whole() {
    let mut app = loaded(10, 10);
    let id = app.list.items[0].id.clone();
    open(&mut app);
    let (rid, index, _) = sent(&app.update(code(KeyCode::Enter)));
    let refused = ApiError::from_response(
        400,
        None,
        r#"{"code":"asset_not_ready","message":"The asset is not ready."}"#,
    );
    let effects = app.update(Msg::AddedToIndex {
        request_id: rid,
        index,
        results: vec![(id, Err(refused))],
    });
    assert!(effects.is_empty(), "nothing to follow: {effects:?}");
    assert_eq!(
        app.notices.flash.as_deref(),
        Some("added 0 to marketing-clips · 1 failed (asset_not_ready: The asset is not ready.)")
    );
    let notice = app.notices.current().expect("an error box");
    assert_eq!(notice.code, "asset_not_ready");
    assert_eq!(notice.context, "adding to marketing-clips");
}
