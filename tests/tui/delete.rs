//! The delete flow: confirm (Cancel focused) → 409 → references → Force → its own confirmation.

use crate::tui_support::*;
use crossterm::event::KeyCode;
use tl_assets::api::ApiError;
use tl_assets::api::types::{IndexRef, IndexedAssetSummary, Page, PageInfo};
use tl_assets::tui::{App, Choice, ConflictStep, Effect, Keymap, Modal, Msg, References};

fn conflict() -> ApiError {
    ApiError::from_response(
        409,
        None,
        r#"{"code":"asset_referenced","message":"The asset is referenced by indexed assets."}"#,
    )
}

fn refs() -> Page<IndexedAssetSummary> {
    let item = |i: usize, index: &str| IndexedAssetSummary {
        id: format!("ia{i}"),
        index: IndexRef {
            id: format!("idx-{index}"),
            name: Some(index.to_string()),
        },
    };
    Page {
        data: vec![item(1, "marketing"), item(2, "marketing"), item(3, "archive")],
        page_info: PageInfo {
            limit_per_page: 50,
            page: 1,
            total_page: 1,
            total_results: 3,
        },
    }
}

#[test]
fn delete_opens_with_cancel_focused_and_enter_cancels() {
    let mut app = loaded(5, 5);
    assert!(app.update(key('d')).is_empty());
    let Some(Modal::ConfirmDelete(d)) = &app.modal else {
        panic!("confirm dialog expected");
    };
    assert_eq!(d.choice, Choice::Cancel);
    assert_eq!(d.targets.len(), 1, "the selected asset only");
    assert_eq!(d.targets[0].name, "harbor-00.mp4");
    assert!(
        app.update(code(KeyCode::Enter)).is_empty(),
        "Enter on Cancel sends nothing"
    );
    assert!(app.modal.is_none());
    assert_eq!(app.list.items.len(), 5);
}

#[test]
fn confirmed_delete_removes_the_row_without_reload() {
    let mut app = loaded(5, 5);
    app.update(key('j'));
    app.update(key('d'));
    app.update(code(KeyCode::Right));
    let effects = app.update(code(KeyCode::Enter));
    let id = app.list.items[1].id.clone();
    assert_eq!(
        effects,
        vec![Effect::Delete {
            id: id.clone(),
            force: false
        }]
    );
    assert!(app.list.deleting.contains(&id));
    let effects = app.update(Msg::DeleteDone {
        id: id.clone(),
        force: false,
    });
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::FetchPage { .. })),
        "no reload: {effects:?}"
    );
    assert_eq!(app.list.items.len(), 4);
    assert_eq!(app.list.total, Some(4));
    assert!(app.list.items.iter().all(|a| a.id != id));
    assert_eq!(app.list.selected, 1, "selection stays on the same row");
    assert!(app.notices.flash.as_deref().unwrap_or("").contains("deleted"));
}

#[test]
fn conflict_names_indexes_and_force_needs_a_second_confirmation() {
    let mut app = loaded(5, 5);
    let id = app.list.items[0].id.clone();
    app.update(key('d'));
    app.update(code(KeyCode::Right));
    app.update(code(KeyCode::Enter));
    let effects = app.update(Msg::DeleteFailed {
        id: id.clone(),
        conflict: true,
        error: conflict(),
    });
    assert_eq!(effects, vec![Effect::FetchReferences { id: id.clone() }]);
    let Some(Modal::ConflictDelete(d)) = &app.modal else {
        panic!("conflict dialog expected");
    };
    assert_eq!(d.assets[0].references, References::Loading);
    assert_eq!(d.choice, Choice::Cancel);
    assert!(!app.list.deleting.contains(&id));

    app.update(Msg::IndexedAssetsLoaded {
        id: id.clone(),
        result: Ok(refs()),
    });
    let Some(Modal::ConflictDelete(d)) = &app.modal else {
        panic!("still open");
    };
    assert_eq!(d.assets[0].references.index_names(), vec!["marketing", "archive"]);

    // Force → a second question, again on Cancel; nothing is sent yet.
    app.update(code(KeyCode::Right));
    assert!(app.update(code(KeyCode::Enter)).is_empty());
    let Some(Modal::ConflictDelete(d)) = &app.modal else {
        panic!("second confirmation expected");
    };
    assert_eq!(d.step, ConflictStep::ConfirmForce);
    assert_eq!(d.choice, Choice::Cancel);
    app.update(code(KeyCode::Left));
    app.update(code(KeyCode::Right));
    let effects = app.update(code(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![Effect::Delete {
            id: id.clone(),
            force: true
        }]
    );
    assert!(app.modal.is_none());
    app.update(Msg::DeleteDone {
        id: id.clone(),
        force: true,
    });
    assert_eq!(app.list.items.len(), 4);
    assert!(
        app.notices
            .flash
            .as_deref()
            .unwrap_or("")
            .contains("force-deleted")
    );
}

#[test]
fn esc_in_the_conflict_dialog_sends_nothing() {
    let mut app = loaded(2, 2);
    let id = app.list.items[0].id.clone();
    app.update(Msg::DeleteFailed {
        id: id.clone(),
        conflict: true,
        error: conflict(),
    });
    assert!(app.update(code(KeyCode::Esc)).is_empty());
    assert!(app.modal.is_none());
    // References arriving after the dialog closed are ignored.
    app.update(Msg::IndexedAssetsLoaded {
        id,
        result: Ok(refs()),
    });
    assert!(app.modal.is_none());
    assert_eq!(app.list.items.len(), 2);
}

#[test]
fn other_delete_errors_become_messages_and_404_drops_the_row() {
    let mut app = loaded(3, 3);
    let id = app.list.items[0].id.clone();
    app.update(Msg::DeleteFailed {
        id: id.clone(),
        conflict: false,
        error: ApiError::from_response(500, None, r#"{"code":"internal_error","message":"boom"}"#),
    });
    assert_eq!(
        app.notices.current().map(|n| n.code.as_str()),
        Some("internal_error")
    );
    assert_eq!(app.list.items.len(), 3);
    app.update(Msg::DeleteFailed {
        id,
        conflict: false,
        error: ApiError::from_response(404, None, r#"{"code":"resource_not_exist","message":"gone"}"#),
    });
    assert_eq!(app.list.items.len(), 2);
}

#[test]
fn read_only_refuses_delete_and_upload() {
    let mut app = App::new("api.twelvelabs.io", true, Keymap::defaults(), now());
    let (rid, _) = page_request(&app.init());
    app.update(Msg::PageLoaded {
        request_id: rid,
        page: 1,
        result: Ok(page(assets(0..3), 1, 1, 3)),
    });
    assert!(app.update(key('d')).is_empty());
    assert!(app.modal.is_none());
    assert!(app.update(key('u')).is_empty());
    assert!(app.modal.is_none());
    assert!(app.notices.flash.as_deref().unwrap_or("").contains("read-only"));
}

#[test]
fn a_refusal_that_arrives_under_another_dialog_is_still_told() {
    let mut app = loaded(5, 5);
    let id = app.list.items[0].id.clone();
    app.update(key('d'));
    app.update(code(KeyCode::Right));
    app.update(code(KeyCode::Enter));
    // The help overlay is opened before the answer: the conflict dialog must not replace it.
    app.update(key('?'));
    app.update(Msg::DeleteFailed {
        id,
        conflict: true,
        error: conflict(),
    });
    assert!(matches!(app.modal, Some(Modal::Help { .. })));
    assert_eq!(
        app.notices.flash.as_deref(),
        Some("harbor-00.mp4 is used by indexed assets, so it was not deleted (d again offers Force)")
    );
    assert_eq!(app.list.items.len(), 5);
}

/// The app with its first page, the selected asset's "Indexes" read as one indexed asset in
/// "harbor-footage".
fn shown_in_an_index() -> App {
    let mut app = App::new("local", false, Keymap::defaults(), now());
    app.size = (120, 40);
    let (request_id, p) = page_request(&app.init());
    let effects = app.update(Msg::PageLoaded {
        request_id,
        page: p,
        result: Ok(page(assets(0..5), 1, 1, 5)),
    });
    let Some(Effect::FetchPartOf { request_id, asset_id }) = effects
        .into_iter()
        .find(|e| matches!(e, Effect::FetchPartOf { .. }))
    else {
        panic!("the selected asset's sections are asked for");
    };
    app.update(Msg::PartOfLoaded {
        request_id,
        asset_id,
        indexes: Ok(vec![tl_assets::api::IndexUse {
            id: "ia1".into(),
            index: IndexRef {
                id: "idx-harbor".into(),
                name: Some("harbor-footage".into()),
            },
            status: Some(tl_assets::api::types::IndexedAssetStatus::Ready),
        }]),
        entities: Ok(Vec::new()),
    });
    app
}

/// The detail already shows the asset in an index: the first question names it and its button
/// forces, instead of a plain delete that is refused, then "in use", then "really force?".
#[test]
fn the_first_question_names_the_index_the_detail_shows_and_forces() {
    let mut app = shown_in_an_index();
    let id = app.list.items[0].id.clone();
    app.update(key('d'));
    let Some(Modal::ConfirmDelete(d)) = &app.modal else {
        panic!("confirm dialog expected: {:?}", app.modal);
    };
    assert_eq!(d.choice, Choice::Cancel, "Cancel focused, as ever");
    let screen = {
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        t.draw(|f| tl_assets::tui::view(&app, f)).unwrap();
        t.backend().to_string()
    };
    assert!(
        screen.contains("harbor-footage") && screen.contains("Force delete"),
        "{screen}"
    );
    snap_sizes!("delete_confirm_in_index", app);
    app.update(code(KeyCode::Right));
    let effects = app.update(code(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![Effect::Delete {
            id: id.clone(),
            force: true
        }]
    );
    app.update(Msg::DeleteDone {
        id: id.clone(),
        force: true,
    });
    assert!(app.modal.is_none(), "one question in all: {:?}", app.modal);
    assert_eq!(app.notices.flash.as_deref(), Some("force-deleted harbor-00.mp4"));
    assert!(app.list.items.iter().all(|a| a.id != id));
}
