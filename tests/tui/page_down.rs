//! A move down pressed while the next page is on its way is never dropped: it moves at once as
//! far as the loaded rows allow, and lands where it was going when the rows arrive, unless
//! another key or a click has moved the selection since.
use crate::tui_support::*;
use crossterm::event::{KeyCode, MouseEvent, MouseEventKind};
use tl_assets::tui::{App, Effect, Msg};

/// Loads page 1 (50 of 300), then moves to `row`; returns the app with page 2 in flight and the
/// request to answer.
fn in_flight_at(row: usize) -> (App, tl_assets::tui::RequestId) {
    let mut app = loaded(50, 300);
    let mut asked = None;
    for _ in 0..row {
        let effects = app.update(key('j'));
        if effects.iter().any(|e| matches!(e, Effect::FetchPage { .. })) {
            asked = Some(page_request(&effects));
        }
    }
    let (request_id, page) = asked.expect("nearing the end asks for page 2");
    assert_eq!(page, 2);
    assert_eq!(app.list.selected, row);
    (app, request_id)
}

fn answer_page_2(app: &mut App, request_id: tl_assets::tui::RequestId) {
    app.update(Msg::PageLoaded {
        request_id,
        page: 2,
        result: Ok(page(assets(50..100), 2, 6, 300)),
    });
}

/// The rows one page down moves at 80x24 (the list's height).
fn page_rows(app: &App) -> usize {
    let mut probe = loaded(50, 50);
    probe.size = app.size;
    probe.update(code(KeyCode::PageDown));
    probe.list.selected
}

#[test]
fn page_down_while_the_next_page_loads_lands_a_full_page_down_when_it_arrives() {
    let (mut app, request_id) = in_flight_at(45);
    let rows = page_rows(&app);
    assert!(
        45 + rows > 49,
        "the test needs a page that runs past the loaded rows"
    );
    app.update(code(KeyCode::PageDown));
    assert_eq!(
        app.list.selected, 49,
        "moves at once as far as the loaded rows allow"
    );
    let status = draw(&app, 120, 40);
    assert!(
        status.contains("more rows to move"),
        "the status bar says the move waits for rows:\n{status}"
    );
    answer_page_2(&mut app, request_id);
    assert_eq!(app.list.selected, 45 + rows, "lands a full page down");
    assert!(app.list.owed.is_none());
}

#[test]
fn half_page_j_and_the_wheel_wait_for_the_rows_too() {
    for (what, msg) in [
        ("ctrl-d", ctrl('d')),
        ("ctrl-f", ctrl('f')),
        ("j", key('j')),
        (
            "wheel",
            Msg::Mouse(MouseEvent {
                kind: MouseEventKind::ScrollDown,
                column: 2,
                row: 5,
                modifiers: crossterm::event::KeyModifiers::NONE,
            }),
        ),
    ] {
        let (mut app, request_id) = in_flight_at(49);
        app.update(msg);
        assert_eq!(app.list.selected, 49, "{what}: at the last loaded row already");
        answer_page_2(&mut app, request_id);
        assert!(app.list.selected > 49, "{what}: moved once the rows came");
    }
}

#[test]
fn a_key_that_moved_the_selection_since_cancels_the_rest_of_the_move() {
    let (mut app, request_id) = in_flight_at(45);
    app.update(code(KeyCode::PageDown));
    app.update(key('k'));
    assert_eq!(app.list.selected, 48);
    answer_page_2(&mut app, request_id);
    assert_eq!(app.list.selected, 48, "k was the last word");
}

#[test]
fn a_reload_cancels_a_move_owed_to_the_old_list() {
    let (mut app, _) = in_flight_at(45);
    app.update(code(KeyCode::PageDown));
    assert!(app.list.owed.is_some());
    app.update(key('t'));
    assert!(app.list.owed.is_none(), "the type filter reloads from page 1");
}

/// The whole runtime against a platform answering every request 250 ms late: `PgDn` pressed
/// while page 2 is on its way.
#[cfg(feature = "test-hooks")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_down_over_a_slow_link_is_not_lost() {
    use crate::support::tui_harness::{Harness, Platform};
    let platform = Platform::start_with(|config| {
        tl_assets::platform::seed_synthetic(&config.data_dir, 300).expect("seed");
        config.faults = Some("slow=1:250ms".parse().expect("fault spec"));
    })
    .await;
    let mut h = Harness::new(platform.client.clone());
    h.until("the first page", |a| a.list.pages_loaded == 1 && Harness::idle(a))
        .await;
    for _ in 0..45 {
        h.press(key('j'));
    }
    assert!(h.app.list.pending.is_some(), "page 2 is on its way");
    let rows = page_rows(&h.app);
    h.press(code(KeyCode::PageDown));
    assert_eq!(h.app.list.selected, 49, "moved at once");
    assert!(h.screen().contains("more rows to move"), "{}", h.screen());
    h.until("page 2", |a| a.list.pages_loaded == 2).await;
    assert_eq!(h.app.list.selected, 45 + rows, "{}", h.screen());
    platform.stop().await;
}

fn draw(app: &App, w: u16, h: u16) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| tl_assets::tui::view(app, f)).unwrap();
    terminal.backend().to_string()
}
