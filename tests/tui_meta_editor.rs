//! `e`, the metadata editor, fed as messages to `App::update`: typing and moving across lines,
//! paste, the inline marks on refused lines, what `Ctrl-S` sends (and that nothing is sent while
//! a line is refused), `Esc` asking when something changed, read-only mode, and the marks mode
//! (set/unset on many, a few writes at a time, one summary). No terminal, no network.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr
)]

mod tui_support;

use crossterm::event::KeyCode;
use serde_json::{Value, json};
use tl_assets::api::ApiError;
use tl_assets::api::types::UserMetadata;
use tl_assets::tui::{
    App, Choice, Effect, Keymap, LineCheck, MAX_BODY_BYTES, MetaEditor, MetadataWrite, Modal, Msg, Scope,
    WRITES_AT_ONCE,
};
use tui_support::*;

fn meta(v: Value) -> UserMetadata {
    v.as_object().expect("an object").clone()
}

/// Five assets, the first with `project=harbor, take=3`, the editor open on it.
fn editing() -> App {
    let mut app = loaded(5, 5);
    app.list.items[0].user_metadata = Some(meta(json!({"project": "harbor", "take": 3})));
    app.update(key('e'));
    app
}

fn editor(app: &App) -> &MetaEditor {
    match &app.modal {
        Some(Modal::MetaEditor { editor, .. }) => editor,
        other => panic!("no editor: {other:?}"),
    }
}

fn discard(app: &App) -> Option<Choice> {
    match &app.modal {
        Some(Modal::MetaEditor { discard, .. }) => *discard,
        other => panic!("no editor: {other:?}"),
    }
}

/// Replaces the whole text with `lines` (select all by hand: there is no such key).
fn retype(app: &mut App, lines: &[&str]) {
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

fn ctrl_code(c: KeyCode) -> Msg {
    Msg::Key(crossterm::event::KeyEvent::new(
        c,
        crossterm::event::KeyModifiers::CONTROL,
    ))
}

fn invalid(app: &App) -> Vec<(usize, String)> {
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

fn saves(effects: &[Effect]) -> Vec<(String, MetadataWrite)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::SaveMetadata { id, write } => Some((id.clone(), write.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn e_opens_the_set_one_pair_a_line_and_typing_edits_it() {
    let mut app = editing();
    let e = editor(&app);
    assert_eq!(
        e.scope,
        Scope::One(tl_assets::tui::EditTarget::of(&app.list.items[0]))
    );
    assert_eq!(e.text(), vec!["project=harbor", "take=3"]);
    assert!(!e.is_dirty());
    // To the end of the last line, a new line, a pair; then into the first line's middle.
    app.update(code(KeyCode::Down));
    app.update(code(KeyCode::End));
    app.update(code(KeyCode::Enter));
    type_text(&mut app, "ok=true");
    app.update(ctrl_code(KeyCode::Home));
    app.update(code(KeyCode::Right));
    type_text(&mut app, "X");
    assert_eq!(editor(&app).text(), vec!["pXroject=harbor", "take=3", "ok=true"]);
    // Enter splits at the cursor, Backspace at a line's start joins it back.
    app.update(code(KeyCode::Enter));
    assert_eq!(
        editor(&app).text(),
        vec!["pX", "roject=harbor", "take=3", "ok=true"]
    );
    app.update(code(KeyCode::Backspace));
    app.update(code(KeyCode::Backspace));
    assert_eq!(editor(&app).text(), vec!["project=harbor", "take=3", "ok=true"]);
    // Left at a line's start goes to the end of the one above; Delete at the end joins.
    app.update(code(KeyCode::Down));
    app.update(code(KeyCode::Home));
    app.update(code(KeyCode::Left));
    assert_eq!((editor(&app).row, editor(&app).lines[0].input.cursor()), (0, 14));
    app.update(code(KeyCode::Delete));
    assert_eq!(editor(&app).text(), vec!["project=harbortake=3", "ok=true"]);
    assert!(editor(&app).is_dirty());
}

#[test]
fn paste_splits_lines_and_drops_control_characters() {
    let mut app = editing();
    app.update(ctrl_code(KeyCode::End));
    app.update(Msg::Paste("\r\nnote=a\tb\u{1b}[2J\r\nscene=4\n".into()));
    assert_eq!(
        editor(&app).text(),
        vec!["project=harbor", "take=3", "note=a b[2J", "scene=4", ""]
    );
    assert_eq!(editor(&app).row, 4, "the cursor ends after the pasted text");
}

#[test]
fn refused_lines_say_why_and_blank_ones_are_ignored() {
    let mut app = editing();
    let huge = format!("big={}", "x".repeat(MAX_BODY_BYTES));
    retype(
        &mut app,
        &["=x", "k=", "a=1", "", "a=2", "n=99999999999999999999", "novalue"],
    );
    app.update(Msg::Paste(format!("\n{huge}")));
    let marks = invalid(&app);
    let lines: Vec<usize> = marks.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, vec![1, 2, 5, 6, 7, 8], "{marks:?}");
    assert!(marks[0].1.starts_with("empty key"), "{marks:?}");
    assert!(
        marks[1].1.starts_with("empty value: the API ignores it"),
        "{marks:?}"
    );
    assert_eq!(marks[2].1, "\"a\" is already on line 3");
    assert!(marks[3].1.contains("quote it to keep it as text"), "{marks:?}");
    assert_eq!(marks[4].1, "write key=value");
    assert!(
        marks[5].1.starts_with("too long: with this line the body is"),
        "{marks:?}"
    );
    assert_eq!(editor(&app).checks()[3], LineCheck::Blank);
    // `k=""` is empty text too: the API would drop it, so it is refused the same way.
    let mut app = editing();
    retype(&mut app, &["k=\"\""]);
    assert!(
        invalid(&app)[0].1.starts_with("empty value"),
        "{:?}",
        invalid(&app)
    );
}

#[test]
fn nothing_is_sent_while_a_line_is_refused_and_the_status_line_says_why() {
    let mut app = editing();
    retype(&mut app, &["take=7", "=x", "k="]);
    let effects = app.update(ctrl('s'));
    assert!(saves(&effects).is_empty(), "{effects:?}");
    assert_eq!(
        app.notices.flash.as_deref(),
        Some("not saved: 2 invalid lines; line 2: empty key: write key=value")
    );
    assert!(editor(&app).run.is_none(), "nothing in flight");
    assert_eq!(
        editor(&app).text(),
        vec!["take=7", "=x", "k="],
        "the text is kept"
    );
}

#[test]
fn ctrl_s_puts_exactly_the_typed_set_and_success_closes_and_updates_the_list() {
    let mut app = editing();
    let id = app.list.items[0].id.clone();
    retype(
        &mut app,
        &[
            "take=7",
            "",
            "code=\"007\"",
            "ok=true",
            "ratio = 2.5",
            "scene=harbor at dawn",
        ],
    );
    let effects = app.update(ctrl('s'));
    let expected = meta(json!({
        "take": 7, "code": "007", "ok": true, "ratio": 2.5, "scene": "harbor at dawn"
    }));
    assert_eq!(
        saves(&effects),
        vec![(id.clone(), MetadataWrite::Replace(expected.clone()))]
    );
    assert!(editor(&app).is_saving());
    // Keys wait while it is saved.
    type_text(&mut app, "zz");
    assert!(!editor(&app).text().iter().any(|l| l.contains("zz")));
    let mut asset = app.list.items[0].clone();
    asset.user_metadata = Some(expected.clone());
    app.update(Msg::MetadataSaved {
        id,
        result: Ok(Some(Box::new(asset))),
    });
    assert!(app.modal.is_none(), "closed");
    assert_eq!(app.notices.flash.as_deref(), Some("metadata saved"));
    assert_eq!(app.list.items[0].user_metadata, Some(expected));
}

#[test]
fn loaded_lines_that_are_untouched_keep_their_exact_values_and_empty_clears() {
    let mut app = loaded(5, 5);
    let stored =
        meta(json!({"code": "007", "note": "two\nlines", "flag": "true", "big": 18446744073709551615u64}));
    app.list.items[0].user_metadata = Some(stored.clone());
    app.update(key('e'));
    assert_eq!(
        editor(&app).text(),
        vec![
            "big=18446744073709551615",
            "code=\"007\"",
            "flag=\"true\"",
            "note=two\\nlines"
        ]
    );
    let effects = app.update(ctrl('s'));
    assert_eq!(saves(&effects)[0].1, MetadataWrite::Replace(stored));
    // An emptied editor sends the empty set, which clears it.
    let mut app = editing();
    retype(&mut app, &[]);
    assert_eq!(
        saves(&app.update(ctrl('s')))[0].1,
        MetadataWrite::Replace(UserMetadata::new())
    );
}

#[test]
fn an_api_error_shows_in_the_editor_and_keeps_the_text() {
    let mut app = editing();
    let id = app.list.items[0].id.clone();
    retype(&mut app, &["take=8"]);
    app.update(ctrl('s'));
    app.update(Msg::MetadataSaved {
        id: id.clone(),
        result: Err(ApiError::from_response(
            400,
            None,
            r#"{"code":"parameter_invalid","message":"The user_metadata parameter is invalid."}"#,
        )),
    });
    let e = editor(&app);
    assert_eq!(e.text(), vec!["take=8"], "the text is kept");
    let run = e.run.as_ref().expect("the run that failed");
    let notice = &run.failed[0].1;
    assert_eq!(notice.code, "parameter_invalid");
    assert!(notice.hint.starts_with("Fix the parameter"), "{notice:?}");
    assert_eq!(app.notices.flash.as_deref(), Some("metadata not saved"));
    assert!(!e.is_saving(), "editing again is allowed");
    assert_eq!(
        app.list.items[0].user_metadata,
        Some(meta(json!({"project": "harbor", "take": 3})))
    );
    // A late or foreign answer changes nothing.
    app.update(Msg::MetadataSaved { id, result: Ok(None) });
    assert!(app.modal.is_some());
}

#[test]
fn esc_leaves_at_once_when_clean_and_asks_when_changed() {
    let mut app = editing();
    app.update(code(KeyCode::Esc));
    assert!(app.modal.is_none(), "nothing changed: no question");
    let mut app = editing();
    type_text(&mut app, "x");
    app.update(code(KeyCode::Esc));
    assert_eq!(discard(&app), Some(Choice::Cancel), "asks, Cancel focused");
    app.update(code(KeyCode::Enter));
    assert_eq!(discard(&app), None, "Cancel goes back to the text");
    assert_eq!(editor(&app).text()[0], "xproject=harbor");
    app.update(code(KeyCode::Esc));
    app.update(code(KeyCode::Right));
    app.update(code(KeyCode::Enter));
    assert!(app.modal.is_none(), "Discard leaves");
    assert_eq!(
        app.list.items[0].user_metadata,
        Some(meta(json!({"project": "harbor", "take": 3})))
    );
}

#[test]
fn read_only_refuses_with_the_usual_message() {
    let mut app = App::new("local", true, Keymap::defaults(), now());
    app.size = (120, 40);
    let effects = app.init();
    let (request_id, p) = page_request(&effects);
    app.update(Msg::PageLoaded {
        request_id,
        page: p,
        result: Ok(page(assets(0..3), 1, 1, 3)),
    });
    app.update(key('e'));
    assert!(app.modal.is_none());
    assert!(
        app.notices
            .flash
            .as_deref()
            .is_some_and(|f| f.starts_with("read-only mode"))
    );
}

#[test]
fn with_marks_lines_set_and_unset_on_all_a_few_at_a_time_with_one_summary() {
    let mut app = loaded(10, 10);
    for _ in 0..6 {
        app.update(key(' '));
    }
    app.update(key('e'));
    let Scope::Marked(targets) = &editor(&app).scope else {
        panic!("marks mode");
    };
    assert_eq!(targets.len(), 6);
    // `k=` is refused here too: `-key` is the way to remove a key.
    retype(&mut app, &["take=7", "-old", "k="]);
    assert!(
        invalid(&app)[0].1.contains("(-key removes)"),
        "{:?}",
        invalid(&app)
    );
    assert!(saves(&app.update(ctrl('s'))).is_empty());
    retype(&mut app, &["take=7", "- old ", "-"]);
    assert_eq!(invalid(&app), vec![(3, "write -key to remove a key".to_string())]);
    retype(&mut app, &["take=7", "- old "]);
    let first = saves(&app.update(ctrl('s')));
    let change = MetadataWrite::Merge(meta(json!({"take": 7, "old": null})));
    assert_eq!(first.len(), WRITES_AT_ONCE, "bounded");
    assert!(first.iter().all(|(_, w)| *w == change));
    let ids: Vec<String> = app.list.items[..6].iter().map(|a| a.id.clone()).collect();
    assert_eq!(
        first.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>(),
        ids[..4]
    );
    let mut sent = first;
    for (n, id) in ids.iter().enumerate() {
        let result = if n == 2 {
            Err(ApiError::from_response(
                404,
                None,
                r#"{"code":"resource_not_exist","message":"gone"}"#,
            ))
        } else {
            Ok(None)
        };
        sent.extend(saves(&app.update(Msg::MetadataSaved {
            id: id.clone(),
            result,
        })));
    }
    assert_eq!(sent.len(), 6, "each asset once");
    assert_eq!(
        app.list.items[0].user_metadata,
        Some(meta(json!({"take": 7}))),
        "applied to the list"
    );
    assert_eq!(
        app.notices.flash.as_deref(),
        Some("metadata saved on 5 of 6 · 1 failed")
    );
    let run = editor(&app).run.as_ref().expect("the summary");
    assert_eq!((run.saved, run.failed.len()), (5, 1));
    assert_eq!(run.failed[0].0.id, ids[2]);
    // Again, all well: the editor closes.
    let mut in_flight = saves(&app.update(ctrl('s')));
    assert_eq!(in_flight.len(), WRITES_AT_ONCE);
    let mut answered = 0;
    while let Some((id, _)) = in_flight.pop() {
        answered += 1;
        in_flight.extend(saves(&app.update(Msg::MetadataSaved { id, result: Ok(None) })));
    }
    assert_eq!(answered, 6);
    assert!(app.modal.is_none());
    assert_eq!(app.notices.flash.as_deref(), Some("metadata saved on 6 assets"));
}

/// The screen at 60x20, as text.
fn screen(app: &App) -> String {
    let mut app = app.clone();
    app.update(Msg::Resize(60, 20));
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(60, 20)).expect("test terminal");
    terminal.draw(|f| tl_assets::tui::view(&app, f)).expect("draw");
    terminal.backend().to_string()
}

#[test]
fn a_text_longer_than_the_box_scrolls_with_the_cursor_and_wide_text_fits() {
    let mut app = editing();
    app.update(Msg::Resize(60, 20));
    app.update(ctrl_code(KeyCode::End));
    for i in 0..40 {
        app.update(code(KeyCode::Enter));
        type_text(&mut app, &format!("k{i}={i}"));
    }
    let shown = screen(&app);
    assert!(shown.contains("42 k39=39"), "the cursor's line shows:\n{shown}");
    assert!(!shown.contains(" 1 project"), "the top scrolled away:\n{shown}");
    app.update(ctrl_code(KeyCode::Home));
    let shown = screen(&app);
    assert!(
        shown.contains(" 1 approved") || shown.contains(" 1 project"),
        "{shown}"
    );
    // A line wider than the box, of double-width characters, scrolls sideways at the cursor.
    app.update(ctrl_code(KeyCode::End));
    app.update(code(KeyCode::Enter));
    let wide = "東京".repeat(40);
    type_text(&mut app, &format!("place={wide}"));
    let shown = screen(&app);
    assert!(shown.contains("東京東京"), "{shown}");
    assert!(
        shown
            .lines()
            .map(|l| l.split(" Hidden by multi-width").next().unwrap_or(l))
            .all(
                |l| unicode_width::UnicodeWidthStr::width(l) <= 62 && l.ends_with("│\"") || !l.contains('東')
            ),
        "nothing runs past the edge:\n{shown}"
    );
    assert!(matches!(editor(&app).checks().last(), Some(LineCheck::Set(k, _)) if k == "place"));
}
