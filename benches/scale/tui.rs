//! The terminal app with many loaded assets: pages fed through `App::update` as the runtime
//! would (plain, with a local filter set, and sorted by name; the time is `App::update`'s
//! alone), then the selection moved down one row at a time, each step drawn on a 120x40
//! `TestBackend`; last, one `s` over 10,000 loaded rows. Frame time is the time of one
//! `terminal.draw`; memory is this process's RSS.

use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tl_assets::api::types::{Asset, AssetStatus, Page, PageInfo, UploadMethod};
use tl_assets::platform::synthetic_filename;
use tl_assets::tui::{App, Effect, Keymap, Msg, PAGE_LIMIT, view};

use super::common::{Samples, env_usize, print_table, rss_mib};

pub fn run() -> anyhow::Result<()> {
    let n = env_usize("SCALE_TUI_ASSETS", 10_000);
    let (rss0, _) = rss_mib();
    let pages = n.div_ceil(PAGE_LIMIT as usize);
    // The other cases first, each app dropped before the next, so the RSS below is the plain
    // case's (the figure the issue tracks).
    let mut ingest = Vec::new();
    for (case, keys) in [("local filter \"ar\"", "/ar\n"), ("sorted by name", "s")] {
        let (app, ms) = ingest_all(n, keys)?;
        ingest.push((case, ms, app.list.visible.len()));
    }
    let (mut app, update_ms) = ingest_all(n, "")?;
    ingest.insert(0, ("plain", update_ms, app.list.visible.len()));
    let mut terminal = Terminal::new(TestBackend::new(120, 40))?;
    app.update(key(KeyCode::Home));
    let mut frames = Samples::new(format!("draw, {n} loaded, 120x40"));
    let mut updates = Samples::new("update (key down)");
    terminal.draw(|f| view(&app, f))?;
    for _ in 1..n {
        let t = Instant::now();
        app.update(key(KeyCode::Down));
        updates.values.push(t.elapsed());
        let t = Instant::now();
        terminal.draw(|f| view(&app, f))?;
        frames.values.push(t.elapsed());
    }
    anyhow::ensure!(
        app.list.selected == n - 1,
        "selection stopped at {}",
        app.list.selected
    );
    let (rss, hwm) = rss_mib();
    println!("\ntui: taking in {n} assets ({pages} pages), total App::update time");
    println!(
        "  {:24}  {:>10}  {:>12}  {:>8}",
        "case", "update ms", "ms per page", "rows"
    );
    for (case, ms, rows) in &ingest {
        println!(
            "  {case:24}  {ms:>10.1}  {:>12.3}  {rows:>8}",
            ms / pages.max(1) as f64
        );
    }
    print_table(
        &format!("TUI scrolling through {n} loaded assets"),
        &[frames, updates],
    );
    println!("  RSS: {rss:.1} MiB now, {hwm:.1} MiB peak ({rss0:.1} MiB before the app existed)");
    drop(app);
    let sort_n = n.min(10_000);
    let (mut app, _) = ingest_all(sort_n, "")?;
    let t = Instant::now();
    app.update(key(KeyCode::Char('s')));
    let sort_ms = t.elapsed().as_secs_f64() * 1000.0;
    anyhow::ensure!(app.list.sort.label().is_some(), "s did not sort");
    println!("  sort {sort_n} loaded rows by name (one `s`): {sort_ms:.1} ms");
    Ok(())
}

/// An app fed every page of `n` assets as the runtime would: page 1, then `keys` (typed as
/// keys; `\n` is Enter), then `End` unless a sort already loads the rest; the answers fed back
/// in the order asked. Returns the app and the time spent in `App::update` alone, in ms.
fn ingest_all(n: usize, keys: &str) -> anyhow::Result<(App, f64)> {
    let mut app = App::new("local", false, Keymap::defaults(), jiff::Timestamp::now());
    app.size = (120, 40);
    let pages = n.div_ceil(PAGE_LIMIT as usize);
    let mut spent = std::time::Duration::ZERO;
    let mut timed = |app: &mut App, msg: Msg| {
        let t = Instant::now();
        let effects = app.update(msg);
        spent += t.elapsed();
        effects
    };
    let Some(Effect::FetchPage { request_id, .. }) = app.init().into_iter().next() else {
        anyhow::bail!("the app did not ask for page 1");
    };
    let first = synthetic_page(1, pages, n);
    timed(
        &mut app,
        Msg::PageLoaded {
            request_id,
            page: 1,
            result: Ok(first),
        },
    );
    let mut asked: std::collections::VecDeque<_> = Default::default();
    for c in keys.chars() {
        let code = if c == '\n' {
            KeyCode::Enter
        } else {
            KeyCode::Char(c)
        };
        asked.extend(page_fetches(timed(&mut app, key(code))));
    }
    if app.to_end.is_none() {
        asked.extend(page_fetches(timed(&mut app, key(KeyCode::End))));
    }
    while let Some((request_id, page)) = asked.pop_front() {
        let result = Ok(synthetic_page(page as usize, pages, n));
        let more = timed(
            &mut app,
            Msg::PageLoaded {
                request_id,
                page,
                result,
            },
        );
        asked.extend(page_fetches(more));
    }
    anyhow::ensure!(
        app.list.items.len() == n,
        "loaded {} of {n}",
        app.list.items.len()
    );
    Ok((app, spent.as_secs_f64() * 1000.0))
}

/// The page requests among `effects`.
fn page_fetches(effects: Vec<Effect>) -> Vec<(tl_assets::tui::RequestId, u32)> {
    effects
        .into_iter()
        .filter_map(|e| match e {
            Effect::FetchPage { request_id, query } | Effect::FetchPageAlongside { request_id, query } => {
                Some((request_id, query.page.unwrap_or(1)))
            }
            _ => None,
        })
        .collect()
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// A page of assets shaped like the platform's list answer (ready, with thumbnails).
fn synthetic_page(page: usize, pages: usize, total: usize) -> Page<Asset> {
    let limit = PAGE_LIMIT as usize;
    let data = ((page - 1) * limit..(page * limit).min(total))
        .map(|i| synthetic_asset(total - 1 - i))
        .collect();
    Page {
        data,
        page_info: PageInfo {
            limit_per_page: PAGE_LIMIT,
            page: page as u64,
            total_page: pages as u32,
            total_results: total as u64,
        },
    }
}

/// Asset `i` with the same name the store seeding gives it.
pub fn synthetic_asset(i: usize) -> Asset {
    let mut a = Asset::minimal(&format!("{i:024x}"));
    let filename = synthetic_filename(i);
    a.file_type = Some(
        match filename.rsplit('.').next() {
            Some("mp4") => "video/mp4",
            Some("wav") => "audio/x-wav",
            _ => "image/jpeg",
        }
        .to_string(),
    );
    a.filename = Some(filename);
    a.method = Some(UploadMethod::from("direct"));
    a.status = Some(AssetStatus::from("ready"));
    a.created_at = Some("2026-05-01T09:14:27Z".to_string());
    a.size = Some(1_000_000 + (i as u64 * 7919) % 50_000_000);
    a.duration = Some(42.5);
    a
}
