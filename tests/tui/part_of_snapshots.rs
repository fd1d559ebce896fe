//! Snapshots of what an asset is part of: the detail pane's "Indexes" and "Entities" sections
//! (read, and failed) and the index picker of `i` (with a not-ready asset among the marked, and
//! with no index at all), at 60x20, 80x24 and 120x40. Clock and data are fixed.

use crate::tui_support::*;
use crossterm::event::KeyCode;
use serde_json::json;
use tl_assets::api::types::{AssetStatus, Index, IndexRef, IndexedAssetStatus};
use tl_assets::api::{ApiError, EntityUse, IndexUse};
use tl_assets::tui::{App, Effect, Msg};

/// Draws `app` at each size, after `then` (run once the size is set), and compares with the
/// stored snapshots `<name>_<w>x<h>`.
fn snap(name: &str, app: &App, then: impl Fn(&mut App)) {
    snap_sizes!(name, app, [(60, 20), (80, 24), (120, 40)], then);
}

fn index_use(i: usize, name: &str, status: IndexedAssetStatus) -> IndexUse {
    IndexUse {
        id: format!("ia{i}"),
        index: IndexRef {
            id: format!("idx{i}"),
            name: Some(name.to_string()),
        },
        status: Some(status),
    }
}

fn entity_use(name: &str, collection: &str) -> EntityUse {
    EntityUse {
        entity: serde_json::from_value(json!({"_id": format!("ent-{name}"), "name": name,
            "entity_collection_id": "col1", "asset_ids": ["a"]}))
        .expect("entity"),
        collection_name: Some(collection.to_string()),
    }
}

/// Ten assets, the first one's sections answered with `indexes` and `entities`.
fn answered(indexes: Result<Vec<IndexUse>, ApiError>, entities: Result<Vec<EntityUse>, ApiError>) -> App {
    let mut app = app();
    let (request_id, p) = page_request(&app.init());
    let effects = app.update(Msg::PageLoaded {
        request_id,
        page: p,
        result: Ok(page(assets(0..10), 1, 1, 10)),
    });
    let Some(Effect::FetchPartOf { request_id, asset_id }) = effects.into_iter().next() else {
        panic!("no sections request");
    };
    app.update(Msg::PartOfLoaded {
        request_id,
        asset_id,
        indexes,
        entities,
    });
    app
}

/// The detail pane focused and scrolled to its end, then back over the "Transcript" section
/// (a blank row, its heading, `loading…`) to where the sections are.
fn to_the_sections(app: &mut App) {
    app.update(code(KeyCode::Enter));
    app.update(key('G'));
    for _ in 0..3 {
        app.update(key('k'));
    }
}

#[test]
fn detail_sections() {
    let app = answered(
        Ok(vec![
            index_use(1, "marketing-clips", IndexedAssetStatus::Ready),
            index_use(2, "archive-2025", IndexedAssetStatus::Indexing),
        ]),
        Ok(vec![
            entity_use("Kim", "people"),
            entity_use("Harbor crane", "places"),
        ]),
    );
    snap("part_of_sections", &app, to_the_sections);
}

#[test]
fn detail_sections_failed() {
    let refused = ApiError::from_response(
        500,
        None,
        r#"{"code":"internal_error","message":"The server could not list them."}"#,
    );
    let app = answered(Err(refused), Ok(Vec::new()));
    snap("part_of_sections_failed", &app, to_the_sections);
}

fn index(id: &str, name: &str, count: u64) -> Index {
    serde_json::from_value(json!({"_id": id, "index_name": name, "video_count": count})).expect("index")
}

/// Three marked assets (one still processing) and the picker over five indexes, filtered.
#[test]
fn index_picker() {
    let mut app = loaded(10, 10);
    app.list.items[1].status = Some(AssetStatus::Processing);
    for _ in 0..3 {
        app.update(code(KeyCode::Char(' ')));
    }
    let effects = app.update(key('i'));
    let Some(Effect::LoadIndexes { request_id }) = effects.first() else {
        panic!("{effects:?}");
    };
    app.update(Msg::IndexesLoaded {
        request_id: *request_id,
        result: Ok(vec![
            index("66b1f0c2a9e4d31b7c0f5a01", "marketing-clips", 12),
            index("66b1f0c2a9e4d31b7c0f5a02", "archive-2025", 1),
            index("66b1f0c2a9e4d31b7c0f5a03", "kitchen-tests", 0),
            index(
                "66b1f0c2a9e4d31b7c0f5a04",
                "a-very-long-index-name-for-the-harbor-footage-of-2026",
                3,
            ),
            index("66b1f0c2a9e4d31b7c0f5a05", "interviews", 40),
        ]),
    });
    type_text(&mut app, "ar");
    app.update(code(KeyCode::Down));
    snap("index_picker", &app, |_| {});
}

#[test]
fn index_picker_without_indexes() {
    let mut app = loaded(10, 10);
    let effects = app.update(key('i'));
    let Some(Effect::LoadIndexes { request_id }) = effects.first() else {
        panic!("{effects:?}");
    };
    app.update(Msg::IndexesLoaded {
        request_id: *request_id,
        result: Ok(Vec::new()),
    });
    snap("index_picker_empty", &app, |_| {});
}
