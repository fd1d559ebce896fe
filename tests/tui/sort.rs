//! `s` and `S` order the list: newest first (the server's order) → name → size → duration →
//! status; `S` reverses. Ties keep the server's order, missing sizes and durations go last, the
//! selection and the marks stay on their assets, and a partly loaded list loads the rest in the
//! background, a few pages at once, re-sorted as they arrive.

use crate::tui_support::*;
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tl_assets::api::types::{Asset, AssetStatus, Page};
use tl_assets::tui::{App, Effect, Msg, PAGE_LIMIT, RequestId, SortKey, SortOrder, view};

/// Most pages the app may ask for at once.
const AT_ONCE: usize = 4;

/// The fixture numbers of the rows shown, top to bottom (`asset(i)` has id ending in `i`).
fn shown(app: &App) -> Vec<usize> {
    app.list
        .visible
        .iter()
        .map(|&i| {
            let id = &app.list.items[i].id;
            usize::from_str_radix(&id[id.len() - 4..], 16).expect("fixture id")
        })
        .collect()
}

/// A fully loaded list of `server`, in the server's order.
fn loaded_with(server: Vec<Asset>) -> App {
    let mut app = app();
    let (request_id, p) = page_request(&app.init());
    let n = server.len() as u64;
    app.update(Msg::PageLoaded {
        request_id,
        page: p,
        result: Ok(page(server, 1, 1, n)),
    });
    app
}

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

fn server_page(server: &[Asset], n: u32) -> Page<Asset> {
    let limit = PAGE_LIMIT as usize;
    let data = server
        .iter()
        .skip((n as usize - 1) * limit)
        .take(limit)
        .cloned()
        .collect();
    page(data, n, server.len().div_ceil(limit) as u32, server.len() as u64)
}

/// The rows of `app` as a fresh full sort orders them.
fn fully_sorted(app: &App) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..app.list.items.len()).collect();
    app.list.sort.sort_rows(&app.list.items, &mut rows);
    rows
}

#[test]
fn s_steps_through_the_orders_and_back_to_the_servers() {
    let mut app = loaded_with(assets(0..10));
    assert_eq!(shown(&app), (0..10).collect::<Vec<_>>(), "newest first");
    app.update(key('s'));
    assert_eq!(app.list.sort.key, SortKey::Name);
    assert_eq!(
        shown(&app),
        vec![0, 3, 6, 9, 1, 4, 7, 2, 5, 8],
        "harbor, interview, still"
    );
    app.update(key('s'));
    assert_eq!(shown(&app), (0..10).rev().collect::<Vec<_>>(), "largest first");
    app.update(key('s'));
    // Interviews are the longest, harbors next (ties in server order), stills have none.
    assert_eq!(shown(&app), vec![1, 4, 7, 0, 3, 6, 9, 2, 5, 8]);
    app.update(key('S'));
    assert_eq!(
        shown(&app),
        vec![0, 3, 6, 9, 1, 4, 7, 2, 5, 8],
        "shortest first, still without a duration last"
    );
    app.update(key('s'));
    assert_eq!(
        app.list.sort,
        SortOrder {
            key: SortKey::Status,
            reversed: false
        }
    );
    app.update(key('s'));
    assert!(app.list.sort.is_server_order());
    assert_eq!(shown(&app), (0..10).collect::<Vec<_>>());
    app.update(key('S'));
    assert_eq!(shown(&app), (0..10).rev().collect::<Vec<_>>(), "oldest first");
}

#[test]
fn status_puts_problems_first_and_missing_fields_sort_last_both_ways() {
    let mut server = assets(0..8);
    server[3].status = Some(AssetStatus::Failed);
    server[5].status = Some(AssetStatus::Processing);
    server[6].status = None;
    server[2].size = None;
    server[4].size = None;
    let mut app = loaded_with(server);
    app.list.set_sort(SortOrder {
        key: SortKey::Status,
        reversed: false,
    });
    assert_eq!(shown(&app), vec![3, 5, 0, 1, 2, 4, 7, 6]);
    app.list.set_sort(SortOrder {
        key: SortKey::Status,
        reversed: true,
    });
    assert_eq!(shown(&app), vec![0, 1, 2, 4, 7, 5, 3, 6]);
    app.list.set_sort(SortOrder {
        key: SortKey::Size,
        reversed: false,
    });
    assert_eq!(
        shown(&app),
        vec![7, 6, 5, 3, 1, 0, 2, 4],
        "no size: last, in server order"
    );
    app.list.set_sort(SortOrder {
        key: SortKey::Size,
        reversed: true,
    });
    assert_eq!(shown(&app), vec![0, 1, 3, 5, 6, 7, 2, 4]);
}

#[test]
fn names_sort_without_regard_to_case_and_ties_keep_the_servers_order() {
    let mut server = assets(0..4);
    for (a, name) in server.iter_mut().zip(["b.mp4", "B.mp4", "a.mp4", "b.mp4"]) {
        a.filename = Some(name.to_string());
    }
    let mut app = loaded_with(server);
    app.update(key('s'));
    assert_eq!(shown(&app), vec![2, 1, 0, 3]);
    app.update(key('S'));
    assert_eq!(shown(&app), vec![0, 3, 1, 2]);
}

#[test]
fn an_asset_that_changes_moves_to_its_new_place() {
    let mut app = loaded_with(assets(0..6));
    app.list.set_sort(SortOrder {
        key: SortKey::Status,
        reversed: false,
    });
    app.update(key('j'));
    let selected = app.list.selected_id();
    let mut failed = asset(4);
    failed.status = Some(AssetStatus::Failed);
    app.list.update(failed);
    assert_eq!(shown(&app), vec![4, 0, 1, 2, 3, 5], "failed first now");
    assert_eq!(
        app.list.selected_id(),
        selected,
        "the selection stays on its asset"
    );
    let mut unchanged_place = asset(2);
    unchanged_place.filename = Some("renamed.jpg".into());
    app.list.update(unchanged_place);
    assert_eq!(shown(&app), vec![4, 0, 1, 2, 3, 5]);
}

#[test]
fn the_selection_and_the_marks_stay_on_their_assets() {
    let mut app = loaded_with(assets(0..10));
    app.update(key('j'));
    app.update(code(KeyCode::Char(' '))); // marks row 1, moves to row 2
    let selected = app.list.selected_id().expect("a selection");
    app.update(key('s'));
    assert_eq!(
        app.list.selected_id(),
        Some(selected.clone()),
        "the selection follows its asset"
    );
    assert_eq!(app.list.selected, 7, "still-02 is the eighth by name");
    assert_eq!(app.marks.len(), 1);
    assert!(app.marks.contains(&asset(1).id));
    app.update(key('S'));
    assert_eq!(app.list.selected_id(), Some(selected));
}

#[test]
fn the_local_filter_picks_the_rows_and_the_sort_orders_them() {
    let mut app = loaded_with(assets(0..10));
    type_text(&mut app, "/4");
    app.update(code(KeyCode::Enter));
    let mut picked = shown(&app);
    picked.sort_unstable();
    assert_eq!(picked, vec![0, 3, 4, 6, 9], "the harbors' .mp4 and interview-04");
    app.update(key('s'));
    assert_eq!(app.list.sort.key, SortKey::Name);
    assert_eq!(shown(&app), vec![0, 3, 6, 9, 4], "the same rows, in name order");
    // Typing on narrows within the sorted rows.
    type_text(&mut app, "/.");
    app.update(code(KeyCode::Enter));
    assert_eq!(shown(&app), vec![4]);
    app.update(code(KeyCode::Esc));
    assert_eq!(
        shown(&app),
        vec![0, 3, 6, 9, 1, 4, 7, 2, 5, 8],
        "no filter: every row by name"
    );
}

#[test]
fn a_server_filter_change_reloads_and_keeps_the_sort() {
    let server = assets(0..120);
    let mut app = loaded_with(server[..50].to_vec());
    app.update(key('s'));
    let effects = app.update(key('t'));
    let (request_id, p) = page_request(&effects);
    assert_eq!((p, app.list.sort.key), (1, SortKey::Name), "reloads, sort kept");
    let more = app.update(Msg::PageLoaded {
        request_id,
        page: 1,
        result: Ok(server_page(&server, 1)),
    });
    let asked: Vec<u32> = fetches(&more).iter().map(|f| f.1).collect();
    assert_eq!(asked, vec![2, 3], "the sort loads the rest of the new list");
    assert_eq!(shown(&app)[..2], [0, 3], "in name order");
}

#[test]
fn a_partly_loaded_list_loads_the_rest_bounded_and_stays_sorted_as_pages_arrive() {
    let server = assets(0..430);
    let mut app = loaded_with(server[..50].to_vec());
    // The first answer said one page of 50; the server has grown since to 430.
    app.list.total = Some(430);
    app.list.has_more = true;
    app.update(key('j'));
    let selected = app.list.selected_id();
    let mut in_flight = fetches(&app.update(key('s')));
    assert_eq!(in_flight.len(), AT_ONCE, "a few pages at once");
    assert!(app.to_end.as_ref().is_some_and(|r| r.for_sort && !r.follow));
    let mut asked: Vec<u32> = in_flight.iter().map(|f| f.1).collect();
    while let Some((request_id, n)) = in_flight.pop() {
        assert!(in_flight.len() < AT_ONCE);
        let more = fetches(&app.update(Msg::PageLoaded {
            request_id,
            page: n,
            result: Ok(server_page(&server, n)),
        }));
        asked.extend(more.iter().map(|f| f.1));
        in_flight.extend(more);
        assert_eq!(app.list.visible, fully_sorted(&app), "sorted after page {n}");
        assert_eq!(
            app.list.selected_id(),
            selected,
            "the selection stays on its asset"
        );
        // Keys are answered meanwhile.
        app.update(key('j'));
        app.update(key('k'));
    }
    asked.sort_unstable();
    assert_eq!(
        asked,
        (2..=9).collect::<Vec<_>>(),
        "each page once, none past the last"
    );
    assert!(app.to_end.is_none());
    assert_eq!(app.list.items.len(), 430);
    assert!(fetches(&app.update(key('s'))).is_empty(), "nothing left to load");
}

#[test]
fn a_sort_with_a_local_filter_takes_in_pages_as_a_fresh_filter_would() {
    let server = assets(0..300);
    let mut app = loaded_with(server[..50].to_vec());
    app.list.total = Some(300);
    app.list.has_more = true;
    type_text(&mut app, "/rv");
    app.update(code(KeyCode::Enter));
    let mut in_flight = fetches(&app.update(key('S')));
    assert!(!in_flight.is_empty(), "oldest first needs the rest");
    while let Some((request_id, n)) = in_flight.pop() {
        in_flight.extend(fetches(&app.update(Msg::PageLoaded {
            request_id,
            page: n,
            result: Ok(server_page(&server, n)),
        })));
        let mut fresh = app.list.clone();
        fresh.refilter();
        assert_eq!(app.list.visible, fresh.visible, "after page {n}");
    }
    assert_eq!(shown(&app).first(), Some(&298), "the oldest interview first");
}

#[test]
fn pages_taken_into_a_filtered_list_rank_as_a_fresh_filter_would() {
    // In the server's order the filter ranks best match first; `id:` keeps server order.
    for (query, sort_key) in [("/r-1", None), ("/id:0f00", None), ("/mp", Some('s'))] {
        let server = assets(0..400);
        let mut app = loaded_with(server[..50].to_vec());
        app.list.total = Some(400);
        app.list.has_more = true;
        // A short filtered list asks for page 2 at once; the run then takes that fetch over.
        let mut in_flight = fetches(&type_text(&mut app, query));
        in_flight.extend(fetches(&app.update(code(KeyCode::Enter))));
        in_flight.extend(fetches(&app.update(key(sort_key.unwrap_or('G')))));
        app.update(key('g'));
        assert!(!in_flight.is_empty());
        while let Some((request_id, n)) = in_flight.pop() {
            in_flight.extend(fetches(&app.update(Msg::PageLoaded {
                request_id,
                page: n,
                result: Ok(server_page(&server, n)),
            })));
            let mut fresh = app.list.clone();
            fresh.refilter();
            assert_eq!(app.list.visible, fresh.visible, "{query:?} after page {n}");
        }
        assert_eq!(app.list.items.len(), 400, "{query:?}");
        assert!(!app.list.visible.is_empty(), "{query:?}");
    }
}

fn draw(app: &App, w: u16, h: u16) -> TestBackend {
    let mut app = app.clone();
    app.update(Msg::Resize(w, h));
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal.draw(|f| view(&app, f)).expect("draw");
    terminal.backend().clone()
}

#[test]
fn the_title_names_the_order_and_the_status_bar_the_loading() {
    let mut app = loaded(50, 300);
    app.update(key('s'));
    app.update(key('s'));
    for (w, h) in [(60, 20), (80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("sorted_loading_{w}x{h}"), draw(&app, w, h));
    }
}

/// Against the in-process platform, seeded through the test hooks.
#[cfg(feature = "test-hooks")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s_puts_a_three_page_list_in_name_order() {
    use crate::support::tui_harness::{Harness, Platform};
    let platform = Platform::start_with(|config| {
        tl_assets::platform::seed_synthetic(&config.data_dir, 120).expect("seed");
    })
    .await;
    let mut h = Harness::new(platform.client.clone());
    h.until("the first page", |a| a.list.pages_loaded == 1 && Harness::idle(a))
        .await;
    assert_eq!(h.app.list.items.len(), 50);
    h.keys("s");
    h.until("every page", |a| a.to_end.is_none() && a.list.items.len() == 120)
        .await;
    let names: Vec<String> = h
        .app
        .list
        .visible
        .iter()
        .map(|&i| {
            h.app.list.items[i]
                .filename
                .clone()
                .unwrap_or_default()
                .to_lowercase()
        })
        .collect();
    assert_eq!(names.len(), 120);
    assert!(names.windows(2).all(|w| w[0] <= w[1]), "name order: {names:?}");
    assert!(h.screen().contains("sorted by name ↑"), "{}", h.screen());
    platform.stop().await;
}
