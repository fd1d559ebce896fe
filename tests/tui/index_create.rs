//! `n` in the index picker: the new-index form, fed as messages to `App::update` with the
//! effects checked (blank and taken names and no option refused before anything is sent, the
//! service's refusal kept in the form, the new index highlighted in the picker after), and its
//! snapshots at 60x20, 80x24 and 120x40. Read-only refuses it.

use crate::tui_support::*;
use crossterm::event::KeyCode;
use serde_json::json;
use tl_assets::api::ApiError;
use tl_assets::api::types::Index;
use tl_assets::tui::{App, Effect, Modal, Msg, RequestId};

fn index(id: &str, name: &str) -> Index {
    serde_json::from_value(json!({"_id": id, "index_name": name, "video_count": 2})).expect("index")
}

/// `i` on the selection, two indexes answered.
fn open_picker(app: &mut App) {
    let effects = app.update(key('i'));
    let Some(Effect::LoadIndexes { request_id }) = effects.first() else {
        panic!("{effects:?}");
    };
    app.update(Msg::IndexesLoaded {
        request_id: *request_id,
        result: Ok(vec![index("idx1", "harbor"), index("idx2", "archive-2025")]),
    });
}

fn form_error(app: &App) -> Option<String> {
    match &app.modal {
        Some(Modal::NewIndex(f)) => f.error.clone(),
        other => panic!("no form: {other:?}"),
    }
}

fn create_request(effects: &[Effect]) -> (RequestId, String, Vec<String>) {
    match effects {
        [Effect::CreateIndex { request_id, body }] => (
            *request_id,
            body.index_name.clone(),
            body.models[0].model_options.clone(),
        ),
        other => panic!("expected one create: {other:?}"),
    }
}

#[test]
fn n_opens_the_form_which_checks_before_sending_and_picks_the_new_index() {
    let mut app = loaded(10, 10);
    open_picker(&mut app);
    assert!(app.update(key('n')).is_empty());
    assert!(matches!(app.modal, Some(Modal::NewIndex(_))), "{:?}", app.modal);
    // Blank, then taken, then no option: said in the form, nothing sent.
    type_text(&mut app, "   ");
    assert!(app.update(code(KeyCode::Enter)).is_empty());
    assert!(form_error(&app).is_some_and(|e| e.contains("empty")));
    for _ in 0..3 {
        app.update(code(KeyCode::Backspace));
    }
    type_text(&mut app, "harbor");
    assert!(app.update(code(KeyCode::Enter)).is_empty());
    assert!(form_error(&app).is_some_and(|e| e.contains("already exists (idx1)")));
    type_text(&mut app, "-2026");
    assert_eq!(form_error(&app), None, "typing clears the message");
    app.update(code(KeyCode::Tab));
    app.update(key(' '));
    app.update(code(KeyCode::Tab));
    app.update(key(' '));
    assert!(app.update(code(KeyCode::Enter)).is_empty());
    assert!(form_error(&app).is_some_and(|e| e.contains("tick visual, audio or both")));
    app.update(key(' '));
    let (rid, name, options) = create_request(&app.update(code(KeyCode::Enter)));
    assert_eq!(
        (name.as_str(), options),
        ("harbor-2026", vec!["audio".to_string()])
    );
    assert!(app.update(key('x')).is_empty(), "keys wait while it is created");

    // The service refuses: the reason in the form, the name kept.
    app.update(Msg::IndexCreated {
        request_id: rid,
        result: Err(ApiError::from_response(
            400,
            None,
            r#"{"code":"index_name_already_exists","message":"Index name harbor-2026 already exists."}"#,
        )),
    });
    assert!(form_error(&app).is_some_and(|e| e.starts_with("index_name_already_exists")));
    let (rid, _, _) = create_request(&app.update(code(KeyCode::Enter)));
    app.update(Msg::IndexCreated {
        request_id: rid,
        result: Ok(index("idx9", "harbor-2026")),
    });
    let Some(Modal::IndexPicker(picker)) = &app.modal else {
        panic!("back to the picker: {:?}", app.modal);
    };
    assert_eq!(picker.chosen().map(|i| i.id.as_str()), Some("idx9"));
    assert_eq!(
        app.notices.flash.as_deref(),
        Some("created index \"harbor-2026\" · Enter adds 1 asset to it")
    );
    match app.update(code(KeyCode::Enter)).as_slice() {
        [Effect::AddToIndex { index, .. }] => assert_eq!(index.id, "idx9"),
        other => panic!("Enter sends to the new index: {other:?}"),
    }
}

#[test]
fn esc_goes_back_to_the_picker_and_n_is_typed_once_the_filter_has_text() {
    let mut app = loaded(10, 10);
    open_picker(&mut app);
    type_text(&mut app, "a");
    app.update(key('n'));
    let Some(Modal::IndexPicker(picker)) = &app.modal else {
        panic!("{:?}", app.modal);
    };
    assert_eq!(picker.filter.value(), "an", "n is typed into a filter with text");
    // Ctrl-N opens it anyway, the filter as the name.
    app.update(ctrl('n'));
    let Some(Modal::NewIndex(form)) = &app.modal else {
        panic!("{:?}", app.modal);
    };
    assert_eq!(form.name.value(), "an");
    app.update(code(KeyCode::Esc));
    let Some(Modal::IndexPicker(picker)) = &app.modal else {
        panic!("Esc goes back: {:?}", app.modal);
    };
    assert_eq!(picker.filter.value(), "an", "the picker as it was");
}

#[test]
fn the_picker_says_how_to_create_an_index_when_there_is_none() {
    let mut app = loaded(10, 10);
    let effects = app.update(key('i'));
    let Some(Effect::LoadIndexes { request_id }) = effects.first() else {
        panic!("{effects:?}");
    };
    app.update(Msg::IndexesLoaded {
        request_id: *request_id,
        result: Ok(Vec::new()),
    });
    app.update(Msg::Resize(80, 24));
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("terminal");
    terminal.draw(|f| tl_assets::tui::view(&app, f)).expect("draw");
    let screen = format!("{}", terminal.backend());
    assert!(
        screen.contains("no indexes yet: press n to create one"),
        "{screen}"
    );
    assert!(!screen.contains("POST /indexes"), "{screen}");
}

fn snap(name: &str, app: &App) {
    snap_sizes!(name, app, [(60, 20), (80, 24), (120, 40)], |_| {});
}

#[test]
fn new_index_form() {
    let mut app = loaded(10, 10);
    open_picker(&mut app);
    app.update(key('n'));
    type_text(&mut app, "harbor");
    app.update(code(KeyCode::Enter));
    snap("new_index_form_taken", &app);
}

/// Marked: a video, an audio still processing, an image; the picker names the two not sent.
#[test]
fn index_picker_names_what_an_index_cannot_hold() {
    let mut app = loaded(10, 10);
    app.list.items[1].status = Some(tl_assets::api::types::AssetStatus::Processing);
    for _ in 0..3 {
        app.update(code(KeyCode::Char(' ')));
    }
    open_picker(&mut app);
    snap("index_picker_cannot_hold", &app);
}
