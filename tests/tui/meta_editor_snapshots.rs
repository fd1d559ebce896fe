//! Snapshots of the metadata editor at 60x20, 80x24 and 120x40: clean on one asset, with refused
//! lines marked, after an API error, on marked assets, and the "discard?" question. Fixed clock
//! and data, as in `pane_snapshots.rs`.

use crate::tui_support::*;
use crossterm::event::KeyCode;
use serde_json::json;
use tl_assets::api::ApiError;
use tl_assets::tui::{App, Msg};

/// Draws `app` at each size and compares with the stored snapshots `<name>_<w>x<h>`.
fn snap(name: &str, app: &App) {
    snap_sizes!(name, app);
}

fn editing() -> App {
    let mut app = loaded(12, 12);
    let meta = json!({"project": "harbor", "take": 3, "approved": false, "code": "007"});
    app.list.items[0].user_metadata = Some(meta.as_object().expect("object").clone());
    app.update(key('e'));
    app
}

#[test]
fn meta_editor_clean() {
    snap("meta_editor_clean", &editing());
}

#[test]
fn meta_editor_invalid_lines() {
    let mut app = editing();
    app.update(code(KeyCode::Down));
    app.update(code(KeyCode::End));
    for line in ["=x", "k=", "take=4"] {
        app.update(code(KeyCode::Enter));
        type_text(&mut app, line);
    }
    app.update(ctrl('s'));
    snap("meta_editor_invalid_lines", &app);
}

#[test]
fn meta_editor_api_error() {
    let mut app = editing();
    type_text(&mut app, "x");
    app.update(ctrl('s'));
    let id = app.list.items[0].id.clone();
    app.update(Msg::MetadataSaved {
        id,
        result: Err(ApiError::from_response(
            400,
            None,
            r#"{"code":"parameter_invalid","message":"The user_metadata parameter is invalid."}"#,
        )),
    });
    snap("meta_editor_api_error", &app);
}

#[test]
fn meta_editor_marks() {
    let mut app = loaded(12, 12);
    for _ in 0..3 {
        app.update(key(' '));
    }
    app.update(key('e'));
    type_text(&mut app, "take=7");
    app.update(code(KeyCode::Enter));
    type_text(&mut app, "-draft");
    snap("meta_editor_marks", &app);
}

#[test]
fn meta_editor_discard_question() {
    let mut app = editing();
    type_text(&mut app, "x");
    app.update(code(KeyCode::Esc));
    snap("meta_editor_discard_question", &app);
}
