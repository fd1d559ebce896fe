//! Marking (`Space`, `v`, `*`, `Esc`) and what acts on marks (`d`, `y`, `Y`), fed as messages to
//! `App::update` with the effects checked: no terminal, no network.

use crate::tui_support::*;
use crossterm::event::KeyCode;
use tl_assets::api::ApiError;
use tl_assets::terminal_env::{ClipboardPlan, NATIVE_TOOLS};
use tl_assets::tui::{App, Choice, ConflictStep, DELETES_AT_ONCE, Effect, Keymap, Modal, Msg};

fn marked_ids(app: &App) -> Vec<String> {
    app.marks.assets().iter().map(|a| a.id.clone()).collect()
}

fn deletes(effects: &[Effect]) -> Vec<(String, bool)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Delete { id, force } => Some((id.clone(), *force)),
            _ => None,
        })
        .collect()
}

fn conflict() -> ApiError {
    ApiError::from_response(
        409,
        None,
        r#"{"code":"asset_referenced","message":"The asset is referenced by indexed assets."}"#,
    )
}

/// `d`, move to the proceed button, Enter: the effects of the confirmation.
fn confirm_delete(app: &mut App) -> Vec<Effect> {
    app.update(key('d'));
    app.update(code(KeyCode::Right));
    app.update(code(KeyCode::Enter))
}

#[test]
fn space_marks_and_moves_down_and_again_unmarks() {
    let mut app = loaded(10, 10);
    app.update(key(' '));
    app.update(key(' '));
    app.update(key(' '));
    assert_eq!(app.list.selected, 3, "each Space moves down");
    assert_eq!(app.marks.len(), 3);
    let ids: Vec<String> = app.list.items[..3].iter().map(|a| a.id.clone()).collect();
    assert_eq!(marked_ids(&app), ids);
    app.update(key('k'));
    app.update(key(' '));
    assert_eq!(app.marks.len(), 2, "Space on a marked row unmarks it");
    assert!(!app.marks.contains(&ids[2]));
}

#[test]
fn v_draws_a_range_that_follows_the_selection_until_v_or_esc() {
    let mut app = loaded(10, 10);
    app.update(key('j'));
    app.update(key('v'));
    app.update(key('j'));
    app.update(key('j'));
    assert_eq!(app.marks.len(), 3, "rows 1..=3");
    app.update(key('k'));
    assert_eq!(app.marks.len(), 2, "moving back shrinks it");
    app.update(key('v'));
    app.update(key('j'));
    app.update(key('j'));
    assert_eq!(app.marks.len(), 2, "v ended it");
    app.update(key('v'));
    app.update(code(KeyCode::End));
    assert_eq!(app.list.selected, 9);
    assert_eq!(
        app.marks.len(),
        2 + 6,
        "a new range from row 4 to the end, on top"
    );
    app.update(code(KeyCode::Esc));
    assert!(!app.marks.range_active(), "Esc ends the range first");
    assert_eq!(app.marks.len(), 8);
    app.update(code(KeyCode::Esc));
    assert!(app.marks.is_empty(), "then Esc clears the marks");
}

#[test]
fn star_marks_the_rows_shown_and_marks_outlive_the_filter_and_a_refresh() {
    let mut app = loaded(9, 9);
    app.update(key('/'));
    type_text(&mut app, "still");
    app.update(code(KeyCode::Enter));
    assert_eq!(app.list.visible.len(), 3);
    app.update(key('*'));
    assert_eq!(app.marks.len(), 3, "only the rows the filter shows");
    app.update(key('*'));
    assert!(app.marks.is_empty(), "again: unmarked");
    app.update(key('*'));
    // The filter goes; the marks stay, and the hidden ones would be counted.
    app.update(code(KeyCode::Esc));
    assert!(
        app.list.local_filter.is_empty(),
        "Esc cleared the filter, not the marks"
    );
    assert_eq!(app.marks.len(), 3);
    assert_eq!(app.marks.hidden(&app.list), 0);
    // A refresh reloads the page: the marks are by id, so they stay.
    let (rid, _) = page_request(&app.update(key('r')));
    app.update(Msg::PageLoaded {
        request_id: rid,
        page: 1,
        result: Ok(page(assets(3..9), 1, 1, 6)),
    });
    assert_eq!(app.marks.len(), 3);
    assert_eq!(app.marks.hidden(&app.list), 1, "still-02 is no longer listed");
}

#[test]
fn d_with_marks_asks_once_then_sends_eight_at_a_time_and_sums_up() {
    let mut app = loaded(20, 20);
    app.update(key('*'));
    app.update(key('d'));
    let Some(Modal::ConfirmDelete(d)) = &app.modal else {
        panic!("confirm dialog expected: {:?}", app.modal);
    };
    assert_eq!(d.targets.len(), 20);
    assert_eq!(d.choice, Choice::Cancel, "Cancel focused");
    app.update(code(KeyCode::Right));
    let sent = deletes(&app.update(code(KeyCode::Enter)));
    assert_eq!(sent.len(), DELETES_AT_ONCE, "bounded");
    assert!(sent.iter().all(|(_, force)| !force));
    let mut total_sent = sent.len();
    let mut queue: Vec<String> = sent.into_iter().map(|(id, _)| id).collect();
    let failing = app.list.items[19].id.clone();
    let gone = app.list.items[18].id.clone();
    while let Some(id) = queue.pop() {
        let effects = if id == failing {
            app.update(Msg::DeleteFailed {
                id,
                conflict: false,
                error: ApiError::from_response(500, None, r#"{"code":"internal_error","message":"boom"}"#),
            })
        } else if id == gone {
            app.update(Msg::DeleteFailed {
                id,
                conflict: false,
                error: ApiError::from_response(
                    404,
                    None,
                    r#"{"code":"resource_not_exist","message":"gone"}"#,
                ),
            })
        } else {
            app.update(Msg::DeleteDone { id, force: false })
        };
        let more = deletes(&effects);
        total_sent += more.len();
        queue.extend(more.into_iter().map(|(id, _)| id));
        if !queue.is_empty() {
            assert!(app.delete_run.is_some(), "still running");
        }
    }
    assert_eq!(total_sent, 20, "each sent once");
    assert_eq!(app.list.items.len(), 1, "the failed one stays listed");
    assert_eq!(app.marks.len(), 1, "and marked, to try again");
    let Some(Modal::DeleteSummary(s)) = &app.modal else {
        panic!("summary expected: {:?}", app.modal);
    };
    assert_eq!((s.deleted.len(), s.already_gone.len(), s.kept.len()), (18, 1, 0));
    assert_eq!(s.failed.len(), 1);
    assert_eq!(s.failed[0].0.id, failing);
    assert!(s.failed[0].1.contains("internal_error: boom"), "{:?}", s.failed);
    assert!(app.notices.errors.is_empty(), "one summary, not twenty messages");
    app.update(code(KeyCode::Enter));
    assert!(app.modal.is_none());
}

#[test]
fn refused_ones_are_gathered_into_one_dialog_and_force_asks_again() {
    let mut app = loaded(3, 3);
    let ids: Vec<String> = app.list.items.iter().map(|a| a.id.clone()).collect();
    app.update(key('*'));
    let sent = deletes(&confirm_delete(&mut app));
    assert_eq!(sent.len(), 3);
    app.update(Msg::DeleteFailed {
        id: ids[1].clone(),
        conflict: true,
        error: conflict(),
    });
    assert!(app.modal.is_none(), "no dialog while others are in flight");
    app.update(Msg::DeleteDone {
        id: ids[0].clone(),
        force: false,
    });
    let effects = app.update(Msg::DeleteFailed {
        id: ids[2].clone(),
        conflict: true,
        error: conflict(),
    });
    let fetches: Vec<&Effect> = effects
        .iter()
        .filter(|e| matches!(e, Effect::FetchReferences { .. }))
        .collect();
    assert_eq!(fetches.len(), 2, "the indexes of both are looked up: {effects:?}");
    let Some(Modal::ConflictDelete(c)) = &app.modal else {
        panic!("one conflict dialog expected: {:?}", app.modal);
    };
    assert_eq!(c.assets.len(), 2);
    assert_eq!((c.step, c.choice), (ConflictStep::Review, Choice::Cancel));
    app.update(code(KeyCode::Right));
    assert!(
        deletes(&app.update(code(KeyCode::Enter))).is_empty(),
        "Force asks once more first"
    );
    let Some(Modal::ConflictDelete(c)) = &app.modal else {
        panic!("the force question expected");
    };
    assert_eq!((c.step, c.choice), (ConflictStep::ConfirmForce, Choice::Cancel));
    app.update(code(KeyCode::Right));
    let forced = deletes(&app.update(code(KeyCode::Enter)));
    assert_eq!(forced, vec![(ids[1].clone(), true), (ids[2].clone(), true)]);
    for id in &ids[1..] {
        app.update(Msg::DeleteDone {
            id: id.clone(),
            force: true,
        });
    }
    assert!(
        app.modal.is_none(),
        "all went: the status line says it, no dialog to dismiss"
    );
    assert_eq!(app.notices.flash.as_deref(), Some("deleted 3 of 3"));
    assert!(app.list.items.is_empty());
}

#[test]
fn declining_force_keeps_them_and_the_status_line_says_so() {
    let mut app = loaded(3, 3);
    let ids: Vec<String> = app.list.items.iter().map(|a| a.id.clone()).collect();
    app.update(key('*'));
    app.update(key('G'));
    confirm_delete(&mut app);
    app.update(Msg::DeleteDone {
        id: ids[0].clone(),
        force: false,
    });
    assert_eq!(
        app.list.selected_id().as_deref(),
        Some(ids[2].as_str()),
        "the selection stays on its asset while a row above it goes"
    );
    for id in &ids[1..] {
        app.update(Msg::DeleteFailed {
            id: id.clone(),
            conflict: true,
            error: conflict(),
        });
    }
    assert!(deletes(&app.update(code(KeyCode::Esc))).is_empty());
    // Kept is what the user chose, not a failure: the status line says it, no dialog.
    assert!(app.modal.is_none(), "{:?}", app.modal);
    assert_eq!(app.notices.flash.as_deref(), Some("deleted 1 of 3 · 2 kept"));
    assert_eq!(app.list.items.len(), 2);
    assert_eq!(app.marks.len(), 2, "kept ones stay marked");
}

#[test]
fn y_copies_the_marked_ids_one_per_line_and_the_menu_offers_json() {
    let mut app = loaded(5, 5);
    app.surroundings.clipboard = ClipboardPlan::Native(NATIVE_TOOLS[1]);
    app.update(key(' '));
    app.update(key(' '));
    let ids = marked_ids(&app);
    let effects = app.update(key('y'));
    let [Effect::RunClipboardTool { text, label, .. }] = &effects[..] else {
        panic!("{effects:?}");
    };
    assert_eq!(*text, format!("{}\n{}", ids[0], ids[1]));
    assert_eq!(label, "2 asset ids");
    app.update(key('Y'));
    let Some(Modal::CopyMenu(menu)) = &app.modal else {
        panic!("menu expected");
    };
    assert_eq!(menu.entries.len(), 2);
    app.update(key('j'));
    let effects = app.update(code(KeyCode::Enter));
    let [Effect::RunClipboardTool { text, .. }] = &effects[..] else {
        panic!("{effects:?}");
    };
    let json: serde_json::Value = serde_json::from_str(text).expect("JSON");
    let got: Vec<&str> = json
        .as_array()
        .expect("an array")
        .iter()
        .filter_map(|a| a["_id"].as_str())
        .collect();
    assert_eq!(got, ids.iter().map(String::as_str).collect::<Vec<_>>());
}

#[test]
fn read_only_marks_but_refuses_to_delete_them() {
    let mut app = App::new("api.twelvelabs.io", true, Keymap::defaults(), now());
    let (rid, _) = page_request(&app.init());
    app.update(Msg::PageLoaded {
        request_id: rid,
        page: 1,
        result: Ok(page(assets(0..3), 1, 1, 3)),
    });
    app.update(key('*'));
    assert_eq!(app.marks.len(), 3);
    assert!(app.update(key('d')).is_empty());
    assert!(app.modal.is_none());
    assert!(app.notices.flash.as_deref().unwrap_or("").contains("read-only"));
}

#[test]
fn d_while_a_delete_runs_is_refused() {
    let mut app = loaded(12, 12);
    app.update(key('*'));
    confirm_delete(&mut app);
    assert!(app.delete_run.is_some());
    app.update(key('d'));
    assert!(app.modal.is_none());
    assert!(
        app.notices
            .flash
            .as_deref()
            .unwrap_or("")
            .contains("still running")
    );
}

#[test]
fn a_form_opened_while_deletes_run_is_never_replaced() {
    let mut app = loaded(3, 3);
    let ids: Vec<String> = app.list.items.iter().map(|a| a.id.clone()).collect();
    app.update(key('*'));
    confirm_delete(&mut app);
    app.update(key('u'));
    assert!(matches!(app.modal, Some(Modal::UploadForm(_))));
    app.update(Msg::DeleteDone {
        id: ids[0].clone(),
        force: false,
    });
    for id in &ids[1..] {
        app.update(Msg::DeleteFailed {
            id: id.clone(),
            conflict: true,
            error: conflict(),
        });
    }
    assert!(matches!(app.modal, Some(Modal::UploadForm(_))), "{:?}", app.modal);
    assert!(app.delete_run.is_none(), "the run ended");
    assert_eq!(app.marks.len(), 2, "the refused ones stay marked for another d");
    let flash = app.notices.flash.clone().unwrap_or_default();
    assert!(flash.contains("deleted 1 of 3 · 2 kept"), "{flash}");
}
