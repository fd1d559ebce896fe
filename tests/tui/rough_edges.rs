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

/// Draws `app` at `w`x`h` and returns the buffer.
fn buffer(app: &App, w: u16, h: u16) -> ratatui::buffer::Buffer {
    let mut app = app.clone();
    app.update(Msg::Resize(w, h));
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    t.draw(|f| view(&app, f)).expect("draw");
    t.backend().buffer().clone()
}

/// The box whose top border starts with `title`: every row between its corners has its right
/// border in the same column, whatever wide characters it holds.
fn box_is_whole(buf: &ratatui::buffer::Buffer, title: &str) -> Result<(), String> {
    let area = buf.area;
    let row = |y: u16| {
        (0..area.width)
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect::<Vec<_>>()
    };
    let (top, left) = (0..area.height)
        .find_map(|y| {
            let cells = row(y);
            let line: String = cells.concat();
            line.find(&format!("┌ {title}")).map(|_| {
                let x = cells.iter().position(|c| c == "┌").unwrap_or(0);
                // The first ┌ of the box's title, not of a pane's.
                let x = (0..area.width)
                    .filter(|&x| cells[usize::from(x)] == "┌")
                    .find(|&x| cells[usize::from(x) + 2..].concat().starts_with(title))
                    .unwrap_or(x as u16);
                (y, x)
            })
        })
        .ok_or_else(|| format!("no box titled {title}"))?;
    let right = (left + 1..area.width)
        .find(|&x| buf[(x, top)].symbol() == "┐")
        .ok_or("no top-right corner")?;
    for y in top + 1..area.height {
        let l = buf[(left, y)].symbol();
        let r = buf[(right, y)].symbol();
        if l == "└" {
            return (r == "┘").then_some(()).ok_or(format!("bottom row {y}: {r:?}"));
        }
        if l != "│" || r != "│" {
            return Err(format!("row {y}: left {l:?} right {r:?}: {}", row(y).concat()));
        }
    }
    Err("no bottom".into())
}

/// Wide characters (CJK, an emoji) in a name kept the delete box's right border in place.
#[test]
fn wide_characters_keep_the_popup_borders_whole() {
    let mut app = app();
    let (request_id, p) = page_request(&app.init());
    let mut a = asset(0);
    a.filename = Some("日本語 ファイル 🎬 とても長い名前のビデオファイル 🎬🎬🎬.mp4".into());
    app.update(Msg::PageLoaded {
        request_id,
        page: p,
        result: Ok(page(vec![a, asset(1)], 1, 1, 2)),
    });
    app.update(key('d'));
    for (w, h) in [(60, 20), (80, 24), (120, 40)] {
        let buf = buffer(&app, w, h);
        if let Err(e) = box_is_whole(&buf, "Delete asset") {
            panic!("{w}x{h}: {e}\n{}", screen(&app, w, h));
        }
    }
    app.update(code(crossterm::event::KeyCode::Esc));
    app.update(key(' '));
    app.update(key(' '));
    app.update(key('d'));
    for (w, h) in [(60, 20), (80, 24), (120, 40)] {
        let buf = buffer(&app, w, h);
        if let Err(e) = box_is_whole(&buf, "Delete assets") {
            panic!("{w}x{h}: {e}\n{}", screen(&app, w, h));
        }
    }
}

/// `?` in the detail described its moves with the list's words ("go to the last row, loading
/// the rest"); they scroll the detail's text.
#[test]
fn the_detail_help_describes_the_detail_keys() {
    let mut app = loaded(5, 5);
    app.update(code(crossterm::event::KeyCode::Enter));
    assert_eq!(app.focus, tl_assets::tui::Focus::Detail);
    app.update(key('?'));
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("scroll down"), "{shown}");
    assert!(!shown.contains("loading the rest"), "{shown}");
}

/// A name of wide characters was padded by characters, not cells: its row's state started
/// further right than the others'.
#[test]
fn upload_rows_with_wide_names_keep_the_state_column() {
    let mut app = loaded(3, 3);
    app.update(key('u'));
    type_text(&mut app, "/m/");
    app.update(code(crossterm::event::KeyCode::Enter));
    let media = |path: &str| tl_assets::api::LocalMedia {
        path: path.into(),
        size: 1000,
        mime: "image/jpeg".into(),
        asset_type: tl_assets::api::types::AssetType::Image,
    };
    answer_plan(
        &mut app,
        vec![media("/m/日本語 ファイル 🎬.jpg"), media("/m/plain.jpg")],
        Vec::new(),
    );
    for (w, h) in [(60, 20), (80, 24), (120, 40)] {
        let buf = buffer(&app, w, h);
        let columns: Vec<u16> = (0..h)
            .filter_map(|y| {
                // The rows' "⠋ starting…", not the status bar's spinner.
                (0..w.saturating_sub(2))
                    .find(|&x| buf[(x, y)].symbol() == "⠋" && buf[(x + 2, y)].symbol() == "s")
            })
            .collect();
        assert_eq!(columns.len(), 2, "{w}x{h}: {}", screen(&app, w, h));
        assert_eq!(columns[0], columns[1], "{w}x{h}: {}", screen(&app, w, h));
    }
}
