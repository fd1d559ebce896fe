//! `e`, the metadata editor, fed as messages to `App::update`: typing and moving across lines,
//! paste, the inline marks on refused lines, what `Ctrl-S` sends (and that nothing is sent while
//! a line is refused), `Esc` asking when something changed, read-only mode. No terminal, no
//! network. The marks mode and scrolling are in `meta_editor_marks.rs`.

use crate::support::meta_editor::*;
use crate::tui_support::*;
use crossterm::event::KeyCode;
use serde_json::json;
use tl_assets::api::ApiError;
use tl_assets::api::types::UserMetadata;
use tl_assets::tui::{App, Choice, Keymap, LineCheck, MAX_BODY_BYTES, MetadataWrite, Msg, Scope};

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
    // `n=99999999999999999999` is no longer refused: past a double it is kept as its digits.
    assert_eq!(lines, vec![1, 2, 5, 7, 8], "{marks:?}");
    assert!(marks[0].1.starts_with("empty key"), "{marks:?}");
    assert!(
        marks[1].1.starts_with("empty value: the API ignores it"),
        "{marks:?}"
    );
    assert_eq!(marks[2].1, "\"a\" is already on line 3");
    assert_eq!(
        editor(&app).checks()[5],
        LineCheck::Set("n".into(), serde_json::json!("99999999999999999999"))
    );
    assert_eq!(marks[3].1, "write key=value");
    assert!(
        marks[4].1.starts_with("too long: with this line the body is"),
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
