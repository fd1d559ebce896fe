//! Small things a new user tripped over (#23.23): the date order's words, the local filter in
//! the list's title, stored control characters in the detail.

use crate::tui_support::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::json;
use tl_assets::tui::{App, Msg, view};

fn screen(app: &App, w: u16, h: u16) -> String {
    let mut app = app.clone();
    app.update(Msg::Resize(w, h));
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    t.draw(|f| view(&app, f)).expect("draw");
    t.backend().to_string()
}

/// `s` calls the server's order "newest first"; `S` on it said "sorted by date ↑".
#[test]
fn the_date_order_reversed_is_oldest_first() {
    let mut app = loaded(5, 5);
    app.update(key('S'));
    assert_eq!(app.notices.flash.as_deref(), Some("oldest first"));
    assert!(
        screen(&app, 120, 40).contains("[oldest first]"),
        "{}",
        screen(&app, 120, 40)
    );
    app.update(key('S'));
    assert_eq!(
        app.notices.flash.as_deref(),
        Some("newest first, as the server lists")
    );
}

/// The local filter is in the list's title, beside the server filters and the sort.
#[test]
fn the_local_filter_is_named_in_the_list_title() {
    let mut app = loaded(5, 5);
    app.update(key('/'));
    type_text(&mut app, "harb");
    app.update(code(crossterm::event::KeyCode::Enter));
    let shown = screen(&app, 120, 40);
    let title = shown.lines().next().unwrap_or_default();
    assert!(title.contains("[filter: harb]"), "{title}");
}

/// A stored escape character shows escaped in the detail, as in the editor and on the
/// command line, instead of vanishing (`clip[2J.mp4` looked like plain text).
#[test]
fn stored_control_characters_show_escaped_in_the_detail() {
    let mut app = app();
    let (request_id, p) = page_request(&app.init());
    let mut a = asset(0);
    a.filename = Some("clip\u{1b}[2J.mp4".into());
    a.user_metadata = serde_json::from_value(json!({"note": "a\tb"})).expect("metadata");
    app.update(Msg::PageLoaded {
        request_id,
        page: p,
        result: Ok(page(vec![a], 1, 1, 1)),
    });
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("clip\\u{1b}[2J.mp4"), "{shown}");
    assert!(shown.contains("a\\tb"), "{shown}");
}
