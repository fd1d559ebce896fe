//! The start cache: the listing saved on close, read back and shown marked as cached at the next
//! start, replaced by page 1 keeping the selection; and the files it must not trust (truncated,
//! hostile, another service's or key's, too old) or cannot write (a read-only dir, a file where
//! the dir should be), and two instances saving at once.

use std::time::Duration;

use crate::tui_support::*;
use jiff::{SignedDuration, Timestamp};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tl_assets::tui::{App, Listing, Msg, START_CACHE_ROWS, StartCache, StartCacheSkip};

const DAY: Duration = Duration::from_secs(86_400);

fn cache(dir: &std::path::Path) -> StartCache {
    StartCache::new(
        dir.to_path_buf(),
        "https://api.example.invalid/v1.3",
        Some("tlk_one"),
        DAY,
    )
}

/// A listing of `n` assets, the `selected`th selected, saved at `now()`.
fn listing(n: usize, selected: usize) -> Listing {
    let mut app = loaded(n, n as u64);
    for _ in 0..selected {
        app.update(key('j'));
    }
    app.listing_to_save(now())
        .expect("a current, unfiltered list is saved")
}

fn title(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    terminal.draw(|f| tl_assets::tui::view(app, f)).expect("draw");
    let screen = terminal.backend().to_string();
    let line = screen.lines().find(|l| l.contains(" Assets "));
    line.unwrap_or_default().to_string()
}

fn ids(app: &App) -> Vec<String> {
    app.list
        .visible
        .iter()
        .map(|&i| app.list.items[i].id.clone())
        .collect()
}

#[test]
fn a_saved_listing_is_read_back_shown_marked_and_replaced_by_page_one_keeping_the_selection() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = cache(dir.path());
    cache.save(&listing(20, 7)).expect("saved");
    let later = now() + SignedDuration::from_mins(3);
    let read = cache.read(later).expect("read back");
    assert_eq!(read.rows.len(), 20);

    let mut app = app();
    app.now = later;
    app.show_cached(read);
    assert_eq!(
        app.list.selected_id(),
        Some(asset(7).id),
        "the selection as it was"
    );
    let effects = app.init();
    let shown = title(&app);
    assert!(shown.contains("[cached 3m ago · refreshing]"), "{shown}");

    // Meanwhile asset 3 was deleted and a new one uploaded: page 1 says so.
    let mut fresh = vec![asset(100)];
    fresh.extend(assets(0..20).into_iter().filter(|a| a.id != asset(3).id));
    let (request_id, p) = page_request(&effects);
    app.update(Msg::PageLoaded {
        request_id,
        page: p,
        result: Ok(page(fresh, 1, 1, 20)),
    });
    assert_eq!(
        app.list.selected_id(),
        Some(asset(7).id),
        "the selection stays on its asset"
    );
    assert!(
        !ids(&app).contains(&asset(3).id),
        "a row deleted meanwhile vanishes"
    );
    assert_eq!(ids(&app)[0], asset(100).id);
    assert!(!title(&app).contains("cached"), "{}", title(&app));
}

#[test]
fn a_failed_page_one_leaves_the_list_marked_not_current_and_nothing_is_saved_over_it() {
    let mut app = app();
    app.show_cached(listing(5, 0));
    let effects = app.init();
    let (request_id, p) = page_request(&effects);
    app.update(Msg::PageLoaded {
        request_id,
        page: p,
        result: Err(tl_assets::api::ApiError::Transport {
            message: "connection refused".into(),
            not_sent: true,
        }),
    });
    assert!(title(&app).contains("not current"), "{}", title(&app));
    assert!(
        app.listing_to_save(now()).is_none(),
        "old rows are never saved as new"
    );
}

#[test]
fn a_filtered_or_unloaded_list_is_not_saved_and_the_saved_one_is_bounded() {
    assert!(app().listing_to_save(now()).is_none(), "nothing loaded yet");
    let mut app = loaded(50, 2000);
    app.list.server_filter.filename = Some("harbor".into());
    assert!(app.listing_to_save(now()).is_none());

    let mut big = loaded(0, 2000);
    big.list.items = assets(0..600);
    let saved = big.listing_to_save(now()).expect("saved");
    assert_eq!(saved.rows.len(), START_CACHE_ROWS);
    assert!(saved.has_more);
}

#[test]
fn another_service_or_key_or_a_too_old_listing_is_ignored() {
    let dir = tempfile::tempdir().expect("tempdir");
    cache(dir.path()).save(&listing(3, 0)).expect("saved");
    let other_key = StartCache::new(
        dir.path().into(),
        "https://api.example.invalid/v1.3",
        Some("tlk_two"),
        DAY,
    );
    let other_service = StartCache::new(
        dir.path().into(),
        "https://other.example.invalid/v1.3",
        Some("tlk_one"),
        DAY,
    );
    assert!(other_key.load(now()).is_none());
    assert!(other_service.load(now()).is_none());
    // The same file read as another key's (as if two keys shared a name): refused by content.
    std::fs::copy(cache(dir.path()).path(), other_key.path()).expect("copy");
    assert!(matches!(other_key.read(now()), Err(StartCacheSkip::Foreign)));

    let old = now() + SignedDuration::from_secs(86_401);
    assert!(matches!(
        cache(dir.path()).read(old),
        Err(StartCacheSkip::TooOld(_))
    ));
    let future = now() - SignedDuration::from_hours(1);
    assert!(matches!(
        cache(dir.path()).read(future),
        Err(StartCacheSkip::Future)
    ));
    let key_text = std::fs::read_to_string(cache(dir.path()).path()).expect("read");
    assert!(!key_text.contains("tlk_one"), "the key itself is never written");
}

#[test]
fn truncated_or_hostile_files_are_ignored_without_a_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = cache(dir.path());
    cache.save(&listing(3, 0)).expect("saved");
    let whole = std::fs::read(cache.path()).expect("read");
    let mut hostile: Vec<Vec<u8>> = (1..whole.len())
        .step_by(97)
        .map(|n| whole[..n].to_vec())
        .collect();
    let text = String::from_utf8(whole.clone()).expect("utf-8");
    hostile.push(text.replace("\"version\":1", "\"version\":99").into_bytes());
    hostile.push(
        text.replace("\"pages_loaded\":1", "\"pages_loaded\":-1")
            .into_bytes(),
    );
    hostile.push(
        text.replace("\"saved_at\":", "\"saved_at\":99999999999999,\"x\":")
            .into_bytes(),
    );
    hostile.push(b"\xff\xfe\x00garbage".to_vec());
    hostile.push(b"[]".to_vec());
    hostile.push(Vec::new());
    hostile.push(vec![b' '; 5 * 1024 * 1024]);
    for bytes in hostile {
        std::fs::write(cache.path(), &bytes).expect("write");
        assert!(
            cache.load(now()).is_none(),
            "{}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(80)])
        );
    }
    // More rows than a save ever writes: a hand-made file.
    let mut many = listing(3, 0);
    many.rows = assets(0..START_CACHE_ROWS + 1);
    let snapshot = tl_assets::tui::Snapshot {
        version: 1,
        service: cache.service.clone(),
        key_hash: cache.key_hash.clone(),
        listing: many,
    };
    std::fs::write(cache.path(), serde_json::to_vec(&snapshot).expect("json")).expect("write");
    assert!(matches!(cache.read(now()), Err(StartCacheSkip::TooManyRows)));
    // A saved_at no timestamp can hold shows nothing.
    let mut app = app();
    let mut odd = listing(3, 0);
    odd.saved_at = i64::MAX;
    app.show_cached(odd);
    assert!(app.list.items.is_empty() && app.cached_since.is_none());
}

#[test]
fn a_dir_that_cannot_be_written_fails_the_save_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let blocker = dir.path().join("not-a-dir");
    std::fs::write(&blocker, b"a file where the cache dir should be").expect("write");
    let cache = StartCache::new(blocker.clone(), "https://api.example.invalid", None, DAY);
    assert!(cache.save(&listing(3, 0)).is_err());
    assert!(cache.load(now()).is_none());

    let ro = dir.path().join("read-only");
    std::fs::create_dir(&ro).expect("mkdir");
    let cache = StartCache::new(ro.clone(), "https://api.example.invalid", None, DAY);
    cache.save(&listing(3, 0)).expect("saved while writable");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o500)).expect("chmod");
    let refused = cache.save(&listing(9, 0));
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o700)).expect("chmod back");
    // Root writes anyway; then the new listing must be whole.
    let kept = cache.read(now()).expect("a whole file either way");
    assert_eq!(kept.rows.len(), if refused.is_err() { 3 } else { 9 });
    let names: Vec<_> = std::fs::read_dir(&ro)
        .expect("ls")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names.len(), 1, "no temporary file left behind: {names:?}");
}

#[test]
fn two_instances_saving_at_once_leave_one_whole_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().to_path_buf();
    let writers: Vec<_> = (0..8)
        .map(|w| {
            let path = path.clone();
            std::thread::spawn(move || {
                let cache = cache(&path);
                let saved = listing(10 + w, 0);
                for _ in 0..20 {
                    cache.save(&saved).expect("save");
                }
            })
        })
        .collect();
    let reader = cache(&path);
    let mut reads = 0;
    while writers.iter().any(|w| !w.is_finished()) {
        if let Ok(l) = reader.read(now()) {
            assert!((10..18).contains(&l.rows.len()));
            reads += 1;
        }
    }
    for w in writers {
        w.join().expect("writer");
    }
    let last = reader.read(now()).expect("a whole file");
    assert!(
        (10..18).contains(&last.rows.len()),
        "read {reads} times meanwhile"
    );
    assert_eq!(
        std::fs::read_dir(&path).expect("ls").count(),
        1,
        "temporary files left"
    );
}

#[test]
fn a_key_of_none_and_a_timestamp_round_trip() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = StartCache::new(dir.path().into(), "local:/data", None, DAY);
    let saved = listing(4, 2);
    cache.save(&saved).expect("saved");
    assert_eq!(
        cache
            .read(Timestamp::from_second(saved.saved_at).expect("ts"))
            .expect("read"),
        saved
    );
}
