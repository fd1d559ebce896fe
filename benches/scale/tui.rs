//! The terminal app with many loaded assets: pages fed through `App::update` as the runtime
//! would, then the selection moved down one row at a time, each step drawn on a 120x40
//! `TestBackend`. Frame time is the time of one `terminal.draw`; memory is this process's RSS.

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
    let mut app = App::new("local", false, Keymap::defaults(), jiff::Timestamp::now());
    let mut terminal = Terminal::new(TestBackend::new(120, 40))?;
    app.size = (120, 40);
    let pages = n.div_ceil(PAGE_LIMIT as usize);
    let loading = Instant::now();
    let Some(Effect::FetchPage { request_id, .. }) = app.init().into_iter().next() else {
        anyhow::bail!("the app did not ask for page 1");
    };
    app.update(Msg::PageLoaded {
        request_id,
        page: 1,
        result: Ok(synthetic_page(1, pages, n)),
    });
    // End loads every page left, a few at once; each answer is fed back in the order asked.
    let mut asked: std::collections::VecDeque<_> = page_fetches(app.update(key(KeyCode::End))).into();
    while let Some((request_id, page)) = asked.pop_front() {
        let more = app.update(Msg::PageLoaded {
            request_id,
            page,
            result: Ok(synthetic_page(page as usize, pages, n)),
        });
        asked.extend(page_fetches(more));
    }
    let load_ms = loading.elapsed().as_secs_f64() * 1000.0;
    app.update(key(KeyCode::Home));
    anyhow::ensure!(
        app.list.items.len() == n,
        "loaded {} of {n}",
        app.list.items.len()
    );
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
    println!("\ntui: loaded {n} assets ({pages} pages through App::update) in {load_ms:.1} ms");
    print_table(
        &format!("TUI scrolling through {n} loaded assets"),
        &[frames, updates],
    );
    println!("  RSS: {rss:.1} MiB now, {hwm:.1} MiB peak ({rss0:.1} MiB before the app existed)");
    Ok(())
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
