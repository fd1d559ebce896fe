//! Snapshots of every pane and dialog on a `TestBackend`, at 80x24 (stacked) and 120x40 (side by
//! side). The clock and data are fixed, so the screens are stable.

mod tui_support;

use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tl_assets::tui::{App, Msg, view};
use tui_support::*;

/// Draws `app` at each size and compares with the stored snapshots `<name>_<w>x<h>`.
fn snap(name: &str, app: &App) {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = app.clone();
        app.update(Msg::Resize(w, h));
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
        terminal.draw(|f| view(&app, f)).expect("draw");
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
    }
}

#[test]
fn list_and_detail() {
    let mut app = loaded(50, 120);
    app.update(key('j'));
    snap("list_and_detail", &app);
}

#[test]
fn first_load() {
    let mut app = app();
    app.init();
    snap("first_load", &app);
}

#[test]
fn detail_focused() {
    let mut app = loaded(10, 10);
    app.update(code(KeyCode::Enter));
    snap("detail_focused", &app);
}

#[test]
fn help_overlay() {
    let mut app = loaded(10, 10);
    app.update(key('?'));
    snap("help_overlay", &app);
}
