//! `App::update` flows: paging, keys, late results, help, focus.

use crate::tui_support::*;
use crossterm::event::KeyCode;
use tl_assets::api::ApiError;
use tl_assets::tui::{Effect, Focus, Modal, Msg, RequestId};

#[test]
fn first_page_is_requested_with_limit_50() {
    let mut app = app();
    let effects = app.init();
    match effects.as_slice() {
        [Effect::FetchPage { query, .. }] => {
            assert_eq!(query.page, Some(1));
            assert_eq!(query.page_limit, Some(50));
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(app.wants_tick(), "the loading row animates");
}

#[test]
fn next_page_is_fetched_near_the_end_without_blocking_keys() {
    let mut app = loaded(50, 120);
    assert_eq!(app.list.items.len(), 50);
    assert_eq!(app.list.total, Some(120));
    assert!(app.list.pending.is_none(), "no prefetch while far from the end");
    let mut fetches = Vec::new();
    for _ in 0..39 {
        // Each asset shown asks for its indexes, entities and transcript; no page is asked for.
        fetches.extend(
            app.update(key('j'))
                .into_iter()
                .filter(|e| !matches!(e, Effect::FetchPartOf { .. } | Effect::FetchTranscript { .. })),
        );
    }
    assert!(fetches.is_empty(), "still far from the end: {fetches:?}");
    let effects = app.update(key('j'));
    let (rid, p) = page_request(&effects);
    assert_eq!(p, 2);
    // Keys keep working while the page loads, and no second fetch is queued.
    let more: Vec<_> = (0..5)
        .flat_map(|_| app.update(key('j')))
        .filter(|e| !matches!(e, Effect::FetchPartOf { .. } | Effect::FetchTranscript { .. }))
        .collect();
    assert!(more.is_empty());
    assert_eq!(app.list.selected, 45);
    app.update(Msg::PageLoaded {
        request_id: rid,
        page: 2,
        result: Ok(page(assets(50..100), 2, 3, 120)),
    });
    assert_eq!(app.list.items.len(), 100);
    assert_eq!(app.list.selected, 45, "selection stays on the same asset");
    assert!(app.list.has_more);
}

#[test]
fn last_page_stops_paging() {
    let mut app = loaded(30, 30);
    assert!(!app.list.has_more);
    let effects = app.update(key('G'));
    assert!(
        matches!(&effects[..], [Effect::FetchPartOf { .. }]),
        "only the last asset's indexes and entities: {effects:?}"
    );
    assert_eq!(app.list.selected, 29);
}

#[test]
fn late_page_results_are_dropped() {
    let mut app = app();
    let first = page_request(&app.init()).0;
    // Changing the server type filter reloads; the first answer is now stale.
    let second = page_request(&app.update(key('t'))).0;
    assert_ne!(first, second);
    app.update(Msg::PageLoaded {
        request_id: first,
        page: 1,
        result: Ok(page(assets(0..5), 1, 1, 5)),
    });
    assert!(app.list.items.is_empty(), "stale page must not land");
    app.update(Msg::PageLoaded {
        request_id: second,
        page: 1,
        result: Ok(page(assets(0..2), 1, 1, 2)),
    });
    assert_eq!(app.list.items.len(), 2);
}

#[test]
fn refresh_keeps_selection_and_filter() {
    let mut app = loaded(50, 60);
    for _ in 0..3 {
        app.update(key('j'));
    }
    let selected = app.list.selected_id();
    app.update(key('/'));
    type_text(&mut app, "harbor");
    app.update(code(KeyCode::Enter));
    let filtered = app.list.visible.len();
    assert!(filtered > 0 && filtered < 50);
    let keep = app.list.selected_id();
    let (rid, p) = page_request(&app.update(key('r')));
    assert_eq!(p, 1);
    app.update(Msg::PageLoaded {
        request_id: rid,
        page: 1,
        result: Ok(page(assets(0..50), 1, 2, 60)),
    });
    assert_eq!(app.list.local_filter, "harbor");
    assert_eq!(app.list.visible.len(), filtered);
    assert_eq!(app.list.selected_id(), keep);
    assert_ne!(keep, None);
    let _ = selected;
}

#[test]
fn motion_keys_letters_and_arrows() {
    let mut app = loaded(50, 50);
    app.update(code(KeyCode::Down));
    app.update(key('j'));
    assert_eq!(app.list.selected, 2);
    app.update(code(KeyCode::Up));
    assert_eq!(app.list.selected, 1);
    app.update(key('G'));
    assert_eq!(app.list.selected, 49);
    app.update(key('g'));
    assert_eq!(app.list.selected, 0);
    app.update(ctrl('d'));
    let half = app.list.selected;
    assert!(half > 5, "half page moved {half}");
    app.update(ctrl('u'));
    assert_eq!(app.list.selected, 0);
    app.update(code(KeyCode::PageDown));
    assert!(app.list.selected > half);
    app.update(code(KeyCode::PageUp));
    assert_eq!(app.list.selected, 0);
}

#[test]
fn enter_focuses_detail_and_refreshes_it() {
    let mut app = loaded(5, 5);
    let effects = app.update(code(KeyCode::Enter));
    assert_eq!(app.focus, Focus::Detail);
    let Some(Effect::FetchDetail { request_id, id }) = effects.first().cloned() else {
        panic!("expected a detail fetch: {effects:?}");
    };
    assert_eq!(Some(id), app.list.selected_id());
    let mut newer = asset(0);
    newer.filename = Some("renamed.mp4".into());
    // A detail for an older request is dropped.
    app.update(Msg::DetailLoaded {
        request_id: RequestId(request_id.0 + 100),
        result: Ok(Box::new(newer.clone())),
    });
    assert_ne!(app.list.items[0].filename.as_deref(), Some("renamed.mp4"));
    app.update(Msg::DetailLoaded {
        request_id,
        result: Ok(Box::new(newer)),
    });
    assert_eq!(app.list.items[0].filename.as_deref(), Some("renamed.mp4"));
    app.update(code(KeyCode::Esc));
    assert_eq!(app.focus, Focus::List);
    app.update(code(KeyCode::Tab));
    assert_eq!(app.focus, Focus::Detail);
    app.update(code(KeyCode::Tab));
    assert_eq!(app.focus, Focus::List, "no uploads pane to visit");
}

#[test]
fn help_opens_for_the_current_pane_and_closes() {
    let mut app = loaded(3, 3);
    app.update(key('?'));
    assert!(matches!(app.modal, Some(Modal::Help { .. })));
    // Keys do not reach the list while help is open.
    app.update(key('G'));
    assert_eq!(app.list.selected, 0);
    app.update(code(KeyCode::Esc));
    assert!(app.modal.is_none());
}

#[test]
fn q_and_ctrl_c_quit() {
    let mut app = loaded(1, 1);
    app.update(key('q'));
    assert!(app.should_quit);
    let mut app = loaded(1, 1);
    app.update(key('u'));
    assert!(matches!(app.modal, Some(Modal::UploadForm(_))));
    app.update(key('q'));
    assert!(!app.should_quit, "q is text inside the form");
    app.update(ctrl('c'));
    assert!(app.should_quit, "Ctrl-C always quits");
}

#[test]
fn page_error_is_shown_with_code_message_and_hint() {
    let mut app = app();
    let (rid, _) = page_request(&app.init());
    app.update(Msg::PageLoaded {
        request_id: rid,
        page: 1,
        result: Err(ApiError::from_response(
            401,
            None,
            r#"{"code":"api_key_invalid","message":"The API key is not valid."}"#,
        )),
    });
    let n = app.notices.current().expect("a notice");
    assert_eq!(n.code, "api_key_invalid");
    assert_eq!(n.message, "The API key is not valid.");
    assert!(n.hint.contains("TWELVE_LABS_API_KEY"), "{}", n.hint);
    app.update(code(KeyCode::Esc));
    assert!(app.notices.current().is_none(), "Esc dismisses");
}

#[test]
fn user_keymap_overrides_drive_keys_and_help() {
    use tl_assets::tui::{Action, Context, DEFAULT_KEYMAP, Keymap};
    let keymap =
        Keymap::from_toml_with_overrides(DEFAULT_KEYMAP, Some("[list]\ndown = [\"n\"]\n")).expect("merge");
    assert_eq!(keymap.keys_for(Context::List, Action::Down).len(), 1);
    let mut app = loaded(5, 5);
    app.keymap = keymap;
    app.update(key('j'));
    assert_eq!(app.list.selected, 0, "j no longer bound");
    app.update(key('n'));
    assert_eq!(app.list.selected, 1);
    app.update(code(KeyCode::Down));
    assert_eq!(app.list.selected, 1, "the override replaced the arrow too");
}

#[test]
fn a_pasted_path_in_quotes_is_checked_without_its_quotes() {
    for pasted in ["\"/tmp/a b.mp4\"", "'/tmp/a b.mp4'", "/tmp/a\\ b.mp4"] {
        let mut app = loaded(3, 3);
        app.update(key('u'));
        let effects = app.update(Msg::Paste(pasted.to_string()));
        assert!(
            matches!(&effects[..], [Effect::PlanUpload { inputs, .. }]
                if inputs == &vec!["/tmp/a b.mp4".to_string()]),
            "{pasted}: {effects:?}"
        );
    }
}
