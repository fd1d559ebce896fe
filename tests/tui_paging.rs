//! Paging after local changes: a delete shifts the server's later assets up a place, so the next
//! page must start at the first asset not loaded yet (overlapping pages are de-duplicated);
//! an upload shifts them down; a stale page must not bring a deleted asset back.

mod tui_support;

use crossterm::event::KeyCode;
use tl_assets::api::types::Asset;
use tl_assets::tui::{App, Msg, PAGE_LIMIT};
use tui_support::*;

/// Page `n` (1-based) of what the server holds now.
fn server_page(server: &[Asset], n: u32) -> tl_assets::api::types::Page<Asset> {
    let limit = PAGE_LIMIT as usize;
    let start = (n as usize - 1) * limit;
    let data = server.iter().skip(start).take(limit).cloned().collect();
    let total_page = server.len().div_ceil(limit) as u32;
    page(data, n, total_page, server.len() as u64)
}

/// Sends `G` (which may ask for a page, or find one already asked for by the last answer) and
/// answers the request in flight from `server`; returns the page number asked.
fn end_and_answer(app: &mut App, server: &[Asset]) -> u32 {
    app.update(key('G'));
    let pending = app.list.pending.expect("a page request in flight");
    app.update(Msg::PageLoaded {
        request_id: pending.request_id,
        page: pending.page,
        result: Ok(server_page(server, pending.page)),
    });
    pending.page
}

fn ids(items: &[Asset]) -> Vec<String> {
    items.iter().map(|a| a.id.clone()).collect()
}

#[test]
fn after_a_delete_the_next_page_starts_where_the_list_ends() {
    let mut app = loaded(50, 120);
    let gone = asset(10).id;
    app.update(Msg::DeleteDone {
        id: gone.clone(),
        force: false,
    });
    let mut server = assets(0..120);
    server.retain(|a| a.id != gone);
    assert_eq!(app.list.items.len(), 49);

    // Asset 50 is now the server's 50th (offset 49, on page 1): asking for page 2 would skip it.
    assert_eq!(end_and_answer(&mut app, &server), 1);
    assert_eq!(app.list.items.len(), 50);
    assert_eq!(
        app.list.items[49].id,
        asset(50).id,
        "the asset at the boundary is loaded"
    );
    assert!(app.list.has_more);
    assert_eq!(end_and_answer(&mut app, &server), 2);
    assert_eq!(end_and_answer(&mut app, &server), 3);
    assert!(!app.list.has_more);
    assert_eq!(
        ids(&app.list.items),
        ids(&server),
        "every asset once, in server order"
    );
}

#[test]
fn an_upload_at_the_top_shifts_pages_down_and_the_overlap_is_dropped() {
    let mut app = loaded(50, 120);
    let mut new = asset(500);
    new.filename = Some("fresh.mp4".into());
    let upload = {
        app.update(key('u'));
        type_text(&mut app, "https://media.example.invalid/fresh.mp4");
        match app.update(code(KeyCode::Enter)).as_slice() {
            [tl_assets::tui::Effect::StartUpload { upload, .. }] => *upload,
            other => panic!("{other:?}"),
        }
    };
    app.update(Msg::UploadCreated {
        upload,
        asset: Box::new(new.clone()),
    });
    let mut server = vec![new];
    server.extend(assets(0..120));
    assert_eq!(end_and_answer(&mut app, &server), 2);
    assert_eq!(end_and_answer(&mut app, &server), 3);
    assert_eq!(ids(&app.list.items), ids(&server));
}

#[test]
fn a_delete_in_flight_counts_as_gone_when_choosing_the_next_page() {
    let mut app = loaded(50, 120);
    app.update(key('d'));
    app.update(code(KeyCode::Right));
    app.update(code(KeyCode::Enter));
    assert_eq!(app.list.deleting.len(), 1);
    // The server may already have removed it, moving asset 50 onto page 1.
    let (_, n) = page_request(&app.update(key('G')));
    assert_eq!(n, 1);
}

#[test]
fn a_stale_page_does_not_bring_a_deleted_asset_back_nor_stall() {
    let mut app = loaded(50, 120);
    let gone = asset(3).id;
    app.update(Msg::DeleteDone {
        id: gone.clone(),
        force: false,
    });
    // Page 1 as it was before the delete reached the server: nothing new in it.
    let before_delete = assets(0..120);
    assert_eq!(end_and_answer(&mut app, &before_delete), 1);
    assert!(
        app.list.items.iter().all(|a| a.id != gone),
        "deleted asset came back"
    );
    assert_eq!(app.list.items.len(), 49);
    // The next request moves on instead of asking for page 1 forever.
    assert_eq!(end_and_answer(&mut app, &before_delete), 2);
    assert_eq!(app.list.items.len(), 99);
}
