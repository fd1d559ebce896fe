//! Scrolling stays inside the content: `G` or a held `j` in the detail pane or the help overlay
//! stops at the last row, so one `k` moves back at once; each newly selected asset (by key,
//! click or filter) shows its detail from the top.

use crate::tui_support::*;
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tl_assets::tui::{App, Msg, view};

/// The screen drawn at `w` x `h`.
fn screen(app: &mut App, w: u16, h: u16) -> String {
    app.update(Msg::Resize(w, h));
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal.draw(|f| view(app, f)).expect("draw");
    terminal.backend().to_string()
}

/// The screen row below the first one containing `text`.
fn row_after<'a>(screen: &'a str, text: &str) -> Option<&'a str> {
    let mut rows = screen.lines().skip_while(|r| !r.contains(text));
    rows.next()?;
    rows.next()
}

#[test]
fn detail_end_stops_at_the_last_row_and_one_k_moves_back() {
    for (w, h) in [(60, 20), (80, 24)] {
        let mut app = loaded(10, 10);
        screen(&mut app, w, h);
        app.update(code(KeyCode::Enter));
        app.update(key('G'));
        let at_end = screen(&mut app, w, h);
        // The "Transcript" section (still loading) ends the detail: at the bottom, not scrolled away.
        assert_eq!(
            row_after(&at_end, "Transcript").map(|r| r.contains("loading…")),
            Some(true),
            "{w}x{h} blank after G:\n{at_end}"
        );
        assert!(
            app.detail_scroll < 20,
            "{w}x{h}: scrolled to {}",
            app.detail_scroll
        );
        app.update(key('k'));
        let back = screen(&mut app, w, h);
        assert_eq!(
            row_after(&back, "Transcript").map(|r| r.contains('└')),
            Some(true),
            "{w}x{h}: one k shows the row above the last:\n{back}"
        );
        // A held j ends at the same place.
        for _ in 0..300 {
            app.update(key('j'));
        }
        assert_eq!(screen(&mut app, w, h), at_end, "{w}x{h}");
    }
}

#[test]
fn a_new_selection_shows_its_detail_from_the_top_also_through_a_filter() {
    let mut app = loaded(30, 30);
    screen(&mut app, 60, 20);
    app.update(code(KeyCode::Enter));
    app.update(key('j'));
    app.update(key('j'));
    assert_eq!(app.detail_scroll, 2);
    app.update(code(KeyCode::Esc));
    app.update(key('/'));
    type_text(&mut app, "still");
    assert_ne!(
        app.list.selected_id(),
        Some(asset(0).id),
        "the filter moved the selection"
    );
    assert_eq!(app.detail_scroll, 0, "another asset's detail starts at the top");
    let shown = screen(&mut app, 60, 20);
    assert!(shown.contains("ID "), "{shown}");
}

#[test]
fn help_scrolls_no_further_than_its_last_row() {
    for (w, h) in [(60, 20), (80, 24)] {
        let mut app = loaded(5, 5);
        screen(&mut app, w, h);
        app.update(key('?'));
        for _ in 0..300 {
            app.update(key('j'));
        }
        let bottom = screen(&mut app, w, h);
        assert!(
            bottom.contains("Service: local"),
            "{w}x{h} help scrolled past its end:\n{bottom}"
        );
        app.update(key('k'));
        let up = screen(&mut app, w, h);
        assert_ne!(up, bottom, "{w}x{h}: one k moves back");
        assert!(!up.contains("Service: local"), "{w}x{h}:\n{up}");
    }
}
