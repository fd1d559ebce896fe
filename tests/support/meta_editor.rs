//! Driving the metadata editor in update tests: open it, read it, retype its text, and pick
//! out what a save sends.
#![allow(dead_code)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::{Value, json};
use tl_assets::api::types::UserMetadata;
use tl_assets::tui::{App, Choice, Effect, LineCheck, MetaEditor, MetadataWrite, Modal, Msg};

use crate::tui_support::{code, key, loaded, type_text};

pub fn meta(v: Value) -> UserMetadata {
    v.as_object().expect("an object").clone()
}

/// Five assets, the first with `project=harbor, take=3`, the editor open on it.
pub fn editing() -> App {
    let mut app = loaded(5, 5);
    app.list.items[0].user_metadata = Some(meta(json!({"project": "harbor", "take": 3})));
    app.update(key('e'));
    app
}

pub fn editor(app: &App) -> &MetaEditor {
    match &app.modal {
        Some(Modal::MetaEditor { editor, .. }) => editor,
        other => panic!("no editor: {other:?}"),
    }
}

pub fn discard(app: &App) -> Option<Choice> {
    match &app.modal {
        Some(Modal::MetaEditor { discard, .. }) => *discard,
        other => panic!("no editor: {other:?}"),
    }
}

/// Replaces the whole text with `lines` (select all by hand: there is no such key).
pub fn retype(app: &mut App, lines: &[&str]) {
    app.update(ctrl_code(KeyCode::End));
    while editor(app).lines.len() > 1 || !editor(app).lines[0].text().is_empty() {
        app.update(code(KeyCode::Backspace));
    }
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            app.update(code(KeyCode::Enter));
        }
        type_text(app, line);
    }
}

pub fn ctrl_code(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::CONTROL))
}

pub fn invalid(app: &App) -> Vec<(usize, String)> {
    editor(app)
        .checks()
        .into_iter()
        .enumerate()
        .filter_map(|(i, c)| match c {
            LineCheck::Invalid(why) => Some((i + 1, why)),
            _ => None,
        })
        .collect()
}

pub fn saves(effects: &[Effect]) -> Vec<(String, MetadataWrite)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::SaveMetadata { id, write } => Some((id.clone(), write.clone())),
            _ => None,
        })
        .collect()
}
