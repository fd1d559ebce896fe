//! Paging after local changes: a delete shifts the server's later assets up a place, so the next
//! page must start at the first asset not loaded yet (overlapping pages are de-duplicated);
//! an upload shifts them down; a stale page must not bring a deleted asset back.

use crate::tui_support::*;
use crossterm::event::KeyCode;
use tl_assets::api::types::Asset;
use tl_assets::tui::{App, Effect, Msg, PAGE_LIMIT, RequestId};

/// Page `n` (1-based) of what the server holds now.
fn server_page(server: &[Asset], n: u32) -> tl_assets::api::types::Page<Asset> {
    let limit = PAGE_LIMIT as usize;
    let start = (n as usize - 1) * limit;
    let data = server.iter().skip(start).take(limit).cloned().collect();
    let total_page = server.len().div_ceil(limit) as u32;
    page(data, n, total_page, server.len() as u64)
}

/// Sends `G` (which loads every page left, a few at once) and answers each request from
/// `server`, in the order asked; returns the pages asked for.
fn end_and_answer(app: &mut App, server: &[Asset]) -> Vec<u32> {
    let mut queue = fetches(&app.update(key('G')));
    if let Some(p) = app.list.pending {
        queue.insert(0, (p.request_id, p.page));
    }
    let mut asked = Vec::new();
    while !queue.is_empty() {
        let (request_id, n) = queue.remove(0);
        asked.push(n);
        queue.extend(fetches(&app.update(Msg::PageLoaded {
            request_id,
            page: n,
            result: Ok(server_page(server, n)),
        })));
    }
    asked
}

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

    // Asset 50 is now the server's 50th (offset 49, on page 1): starting at page 2 would skip it.
    assert_eq!(end_and_answer(&mut app, &server), vec![1, 2, 3]);
    assert_eq!(
        app.list.items[49].id,
        asset(50).id,
        "the asset at the boundary is loaded"
    );
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
    assert_eq!(end_and_answer(&mut app, &server), vec![2, 3]);
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
    let asked = fetches(&app.update(key('G')));
    assert_eq!(asked.first().map(|f| f.1), Some(1));
}

#[test]
fn a_stale_page_does_not_bring_a_deleted_asset_back_nor_stall() {
    let mut app = loaded(50, 120);
    let gone = asset(3).id;
    app.update(Msg::DeleteDone {
        id: gone.clone(),
        force: false,
    });
    // Page 1 as it was before the delete reached the server: nothing new in it, and the pages
    // after it still come.
    let before_delete = assets(0..120);
    assert_eq!(end_and_answer(&mut app, &before_delete), vec![1, 2, 3]);
    assert!(
        app.list.items.iter().all(|a| a.id != gone),
        "deleted asset came back"
    );
    assert_eq!(app.list.items.len(), 119);
    assert!(!app.list.has_more);
}
