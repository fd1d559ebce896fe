//! The metadata editor on marked assets (set/unset on all, a few writes at a time, one summary)
//! and on a text longer or wider than its box, fed as messages to `App::update`.

use crate::support::meta_editor::*;
use crate::tui_support::*;
use crossterm::event::KeyCode;
use serde_json::json;
use tl_assets::api::ApiError;
use tl_assets::tui::{App, LineCheck, MetadataWrite, Msg, Scope, WRITES_AT_ONCE};

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
