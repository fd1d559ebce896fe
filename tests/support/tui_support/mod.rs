//! Shared fixtures for the terminal app tests: fixed clock, made-up assets, key messages.
#![allow(dead_code)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::Timestamp;
use serde_json::json;
use tl_assets::api::types::{Asset, Page, PageInfo};
use tl_assets::tui::{App, Effect, Keymap, Msg, RequestId};

/// Draws the app at each size (60x20, 80x24 and 120x40 unless given), after `Msg::Resize` and
/// an optional `then`, and compares with the stored snapshots `<name>_<w>x<h>`. A macro rather
/// than a function so that insta names the snapshot files after the test module that asserts
/// (and keeps them beside its file); a binary's root declares `#[macro_use] mod tui_support;`
/// before the modules that use it.
#[allow(unused_macros)]
macro_rules! snap_sizes {
    ($name:expr, $app:expr) => {
        snap_sizes!($name, $app, [(60, 20), (80, 24), (120, 40)])
    };
    ($name:expr, $app:expr, $sizes:expr) => {
        snap_sizes!($name, $app, $sizes, |_: &mut tl_assets::tui::App| {})
    };
    ($name:expr, $app:expr, $sizes:expr, $then:expr) => {
        for (w, h) in $sizes {
            let mut app = $app.clone();
            app.update(tl_assets::tui::Msg::Resize(w, h));
            ($then)(&mut app);
            let mut terminal =
                ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).expect("test terminal");
            terminal.draw(|f| tl_assets::tui::view(&app, f)).expect("draw");
            insta::assert_snapshot!(format!("{}_{w}x{h}", $name), terminal.backend());
        }
    };
}

pub const NOW: &str = "2026-08-01T12:00:00Z";

pub fn now() -> Timestamp {
    NOW.parse().expect("fixed time")
}

pub fn app() -> App {
    let mut app = App::new("local", false, Keymap::defaults(), now());
    app.size = (120, 40);
    app
}

/// A ready video with the fields a list item carries.
pub fn asset(i: usize) -> Asset {
    let (name, mime, dur) = match i % 3 {
        0 => (format!("harbor-{i:02}.mp4"), "video/mp4", Some(73.4)),
        1 => (format!("interview-{i:02}.mp3"), "audio/mpeg", Some(912.5)),
        _ => (format!("still-{i:02}.jpg"), "image/jpeg", None),
    };
    let mut v = json!({
        "_id": format!("66b1f0c2a9e4d31b7c0f{i:04x}"),
        "method": "direct",
        "status": "ready",
        "filename": name,
        "file_type": mime,
        "created_at": format!("2026-08-01T{:02}:{:02}:00Z", 11 - (i / 60) % 11, 59 - i % 60),
        "size": 48_213_077u64 + i as u64 * 1000,
        "thumbnail": {"status": "ready", "representative_url": format!("https://cdn.example.invalid/{i}/thumb.jpg")},
    });
    if let Some(d) = dur {
        v["duration"] = json!(d);
    }
    serde_json::from_value(v).expect("asset json")
}

pub fn assets(range: std::ops::Range<usize>) -> Vec<Asset> {
    range.map(asset).collect()
}

pub fn page(data: Vec<Asset>, page: u32, total_page: u32, total: u64) -> Page<Asset> {
    Page {
        data,
        page_info: PageInfo {
            limit_per_page: 50,
            page: u64::from(page),
            total_page,
            total_results: total,
        },
    }
}

pub fn key(c: char) -> Msg {
    let mods = if c.is_ascii_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    Msg::Key(KeyEvent::new(KeyCode::Char(c), mods))
}

pub fn code(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

pub fn type_text(app: &mut App, text: &str) -> Vec<Effect> {
    text.chars().flat_map(|c| app.update(key(c))).collect()
}

/// The id and page of the single page fetch among `effects`.
pub fn page_request(effects: &[Effect]) -> (RequestId, u32) {
    let found: Vec<_> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::FetchPage { request_id, query } => Some((*request_id, query.page.unwrap_or(1))),
            _ => None,
        })
        .collect();
    assert_eq!(found.len(), 1, "expected one page fetch in {effects:?}");
    found[0]
}

/// Starts the app and answers its first page with `n` of `total` assets.
pub fn loaded(n: usize, total: u64) -> App {
    let mut app = app();
    let effects = app.init();
    let (request_id, p) = page_request(&effects);
    let total_page = total.div_ceil(50).max(1) as u32;
    app.update(Msg::PageLoaded {
        request_id,
        page: p,
        result: Ok(page(assets(0..n), 1, total_page, total)),
    });
    app
}

/// Answers the upload form's expansion in flight with `files` (each its own canonical path)
/// and `skipped`; returns the effects of the answer.
pub fn answer_plan(
    app: &mut App,
    files: Vec<tl_assets::api::LocalMedia>,
    skipped: Vec<tl_assets::upload_plan::Skipped>,
) -> Vec<Effect> {
    let Some(tl_assets::tui::Modal::UploadForm(form)) = &app.modal else {
        panic!("upload form expected, got {:?}", app.modal);
    };
    let (request_id, _) = form.preview.asked.clone().expect("an expansion asked for");
    let keys = files.iter().map(|f| f.path.clone()).collect();
    let plan = tl_assets::upload_plan::UploadPlan { files, skipped };
    app.update(Msg::UploadPlanned {
        request_id,
        planned: Box::new(tl_assets::tui::Planned { plan, keys }),
    })
}

/// Enter in the upload form, then its expansion answered with `files`: the answer's effects.
pub fn submit_files(app: &mut App, files: Vec<tl_assets::api::LocalMedia>) -> Vec<Effect> {
    let effects = app.update(code(KeyCode::Enter));
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::StartUpload { .. })),
        "nothing starts before the paths are expanded: {effects:?}"
    );
    answer_plan(app, files, Vec::new())
}
