//! `G`/`End` in the list goes to the real last asset: the pages between are fetched a few at a
//! time, appended in server order whatever order they come back in, with keys working and the
//! progress in the status bar meanwhile.

use crate::tui_support::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tl_assets::api::ApiError;
use tl_assets::api::types::Asset;
use tl_assets::tui::{App, Effect, Msg, PAGE_LIMIT, RequestId, view};

/// Most pages the app may ask for at once.
const AT_ONCE: usize = 4;

/// The page fetches among `effects`, whichever kind.
fn fetches(effects: &[Effect]) -> Vec<(RequestId, u32)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::FetchPage { request_id, query } | Effect::FetchPageAlongside { request_id, query } => {
                Some((*request_id, query.page.unwrap_or(1)))
            }
            _ => None,
        })
        .collect()
}

/// Page `n` of a server holding `server`.
fn server_page(server: &[Asset], n: u32) -> tl_assets::api::types::Page<Asset> {
    let limit = PAGE_LIMIT as usize;
    let data = server
        .iter()
        .skip((n as usize - 1) * limit)
        .take(limit)
        .cloned()
        .collect();
    page(data, n, server.len().div_ceil(limit) as u32, server.len() as u64)
}

/// Answers every request until none is left, the newest first (so pages come back out of
/// order); returns the pages asked for, and checks no more than [`AT_ONCE`] were ever in flight.
fn answer_all(app: &mut App, first: Vec<(RequestId, u32)>, server: &[Asset]) -> Vec<u32> {
    let mut in_flight = first;
    let mut asked: Vec<u32> = in_flight.iter().map(|f| f.1).collect();
    while let Some((request_id, n)) = in_flight.pop() {
        assert!(
            in_flight.len() < AT_ONCE,
            "{} pages in flight",
            in_flight.len() + 1
        );
        let more = fetches(&app.update(Msg::PageLoaded {
            request_id,
            page: n,
            result: Ok(server_page(server, n)),
        }));
        asked.extend(more.iter().map(|f| f.1));
        in_flight.extend(more);
    }
    asked
}

fn status_line(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    terminal.draw(|f| view(app, f)).expect("draw");
    let screen = terminal.backend().to_string();
    screen.lines().nth(38).unwrap_or_default().to_string()
}

#[test]
fn end_goes_to_the_real_last_asset_loading_the_pages_between() {
    let server = assets(0..2100);
    let mut app = loaded(50, 2100);
    let first = fetches(&app.update(key('G')));
    assert_eq!(
        first.iter().map(|f| f.1).collect::<Vec<_>>(),
        vec![2, 3, 4, 5],
        "a few pages at once"
    );
    assert!(
        status_line(&app).contains("to the end: 0 of 41 pages"),
        "{}",
        status_line(&app)
    );
    let mut asked = answer_all(&mut app, first, &server);
    asked.sort_unstable();
    assert_eq!(asked, (2..=42).collect::<Vec<_>>(), "every page once");
    assert_eq!(app.list.items.len(), 2100);
    let ids: Vec<&str> = app.list.items.iter().map(|a| a.id.as_str()).collect();
    let want: Vec<&str> = server.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, want, "server order, whatever order the pages came in");
    assert_eq!(app.list.selected, 2099, "one key to the real end");
    assert!(app.to_end.is_none() && !app.wants_tick(), "the run is over");
    assert!(!status_line(&app).contains("to the end"));
}

#[test]
fn keys_keep_working_and_moving_stops_following_the_end() {
    let server = assets(0..400);
    let mut app = loaded(50, 400);
    let first = fetches(&app.update(key('G')));
    assert_eq!(app.list.selected, 49, "the last loaded row at once");
    app.update(key('k'));
    app.update(key('k'));
    let held = app.list.selected_id();
    answer_all(&mut app, first, &server);
    assert_eq!(app.list.items.len(), 400);
    assert_eq!(app.list.selected_id(), held, "the user's row, not the end");
    // Pressed again once loaded, it is simply the last row.
    assert!(fetches(&app.update(key('G'))).is_empty());
    assert_eq!(app.list.selected, 399);
}

#[test]
fn a_failed_page_ends_the_run_and_is_shown() {
    let server = assets(0..400);
    let mut app = loaded(50, 400);
    let first = fetches(&app.update(key('G')));
    let (ok_id, ok_page) = first[0];
    let (bad_id, bad_page) = first[1];
    app.update(Msg::PageLoaded {
        request_id: ok_id,
        page: ok_page,
        result: Ok(server_page(&server, ok_page)),
    });
    app.update(Msg::PageLoaded {
        request_id: bad_id,
        page: bad_page,
        result: Err(ApiError::from_response(
            500,
            None,
            r#"{"code":"internal_error","message":"Something went wrong on our side."}"#,
        )),
    });
    assert!(app.to_end.is_none(), "the run stopped");
    assert_eq!(app.list.items.len(), 100, "the pages before the failed one stay");
    assert_eq!(
        app.notices.current().map(|n| n.code.as_str()),
        Some("internal_error")
    );
    // Later pages of the run that still come back are dropped.
    let (late_id, late_page) = first[2];
    app.update(Msg::PageLoaded {
        request_id: late_id,
        page: late_page,
        result: Ok(server_page(&server, late_page)),
    });
    assert_eq!(app.list.items.len(), 100);
}

#[test]
fn a_reload_during_the_run_drops_its_pages() {
    let server = assets(0..400);
    let mut app = loaded(50, 400);
    let first = fetches(&app.update(key('G')));
    let reload = fetches(&app.update(key('r')));
    assert_eq!(reload.iter().map(|f| f.1).collect::<Vec<_>>(), vec![1]);
    assert!(app.to_end.is_none());
    for (request_id, n) in first {
        app.update(Msg::PageLoaded {
            request_id,
            page: n,
            result: Ok(server_page(&server, n)),
        });
    }
    assert_eq!(app.list.items.len(), 50, "stale pages of the run do not land");
}

#[test]
fn the_page_already_on_its_way_joins_the_run() {
    let server = assets(0..300);
    let mut app = loaded(50, 300);
    // Near the end of the loaded rows the app already asked for page 2.
    let prefetch: Vec<_> = (0..45).flat_map(|_| fetches(&app.update(key('j')))).collect();
    assert_eq!(prefetch.iter().map(|f| f.1).collect::<Vec<_>>(), vec![2]);
    let mut first = prefetch;
    first.extend(fetches(&app.update(key('G'))));
    assert_eq!(
        first.iter().map(|f| f.1).collect::<Vec<_>>(),
        vec![2, 3, 4, 5],
        "page 2 is not asked twice"
    );
    answer_all(&mut app, first, &server);
    assert_eq!(app.list.items.len(), 300);
    assert_eq!(app.list.selected, 299);
}
