//! Snapshots of marking and deleting many at 60x20, 80x24 and 120x40: the marked list (and with
//! some marks filtered out), the question, the progress, the one conflict dialog and its force
//! question, and the summary. Fixed clock and data, as in `pane_snapshots.rs`.

use crate::tui_support::*;
use crossterm::event::KeyCode;
use tl_assets::api::ApiError;
use tl_assets::api::types::{IndexRef, IndexedAssetSummary, Page, PageInfo};
use tl_assets::tui::{App, Msg};

/// Draws `app` at each size and compares with the stored snapshots `<name>_<w>x<h>`.
fn snap(name: &str, app: &App) {
    snap_sizes!(name, app);
}

fn three_marked() -> App {
    let mut app = loaded(50, 120);
    app.update(key(' '));
    app.update(key(' '));
    app.update(key(' '));
    app
}

fn confirmed(app: &mut App) {
    app.update(key('d'));
    app.update(code(KeyCode::Right));
    app.update(code(KeyCode::Enter));
}

fn refused(app: &mut App, id: &str) {
    app.update(Msg::DeleteFailed {
        id: id.to_string(),
        conflict: true,
        error: ApiError::from_response(409, None, r#"{"code":"asset_referenced","message":"in use"}"#),
    });
}

fn references(app: &mut App, id: &str, index: &str) {
    app.update(Msg::IndexedAssetsLoaded {
        id: id.to_string(),
        result: Ok(Page {
            data: vec![IndexedAssetSummary {
                id: format!("ia-{id}"),
                index: IndexRef {
                    id: format!("idx-{index}"),
                    name: Some(index.to_string()),
                },
            }],
            page_info: PageInfo {
                limit_per_page: 50,
                page: 1,
                total_page: 1,
                total_results: 1,
            },
        }),
    });
}

/// Three marked and confirmed: the first deleted, the other two refused and looked up.
fn with_conflicts() -> App {
    let mut app = three_marked();
    let ids: Vec<String> = app.list.items[..3].iter().map(|a| a.id.clone()).collect();
    confirmed(&mut app);
    app.update(Msg::DeleteDone {
        id: ids[0].clone(),
        force: false,
    });
    refused(&mut app, &ids[1]);
    refused(&mut app, &ids[2]);
    references(&mut app, &ids[1], "marketing-clips");
    references(&mut app, &ids[2], "archive-2025");
    app
}

#[test]
fn marked_list() {
    snap("marked_list", &three_marked());
}

#[test]
fn marked_list_with_some_filtered_out() {
    let mut app = three_marked();
    app.update(key('/'));
    type_text(&mut app, "interview");
    app.update(code(KeyCode::Enter));
    snap("marked_list_filtered", &app);
}

#[test]
fn bulk_delete_confirm() {
    let mut app = three_marked();
    app.update(key('d'));
    snap("bulk_delete_confirm", &app);
}

#[test]
fn bulk_delete_progress() {
    let mut app = loaded(20, 20);
    app.update(key('*'));
    confirmed(&mut app);
    let first: Vec<String> = app.list.items[..3].iter().map(|a| a.id.clone()).collect();
    for id in first {
        app.update(Msg::DeleteDone { id, force: false });
    }
    snap("bulk_delete_progress", &app);
}

#[test]
fn bulk_conflict() {
    snap("bulk_conflict", &with_conflicts());
}

#[test]
fn bulk_force_confirm() {
    let mut app = with_conflicts();
    app.update(code(KeyCode::Right));
    app.update(code(KeyCode::Enter));
    snap("bulk_force_confirm", &app);
}

#[test]
fn bulk_summary() {
    let mut app = loaded(6, 6);
    app.update(key('*'));
    let ids: Vec<String> = app.list.items.iter().map(|a| a.id.clone()).collect();
    confirmed(&mut app);
    for id in &ids[..3] {
        app.update(Msg::DeleteDone {
            id: id.clone(),
            force: false,
        });
    }
    app.update(Msg::DeleteFailed {
        id: ids[3].clone(),
        conflict: false,
        error: ApiError::from_response(500, None, r#"{"code":"internal_error","message":"disk full"}"#),
    });
    refused(&mut app, &ids[4]);
    refused(&mut app, &ids[5]);
    // Force declined: the two stay.
    app.update(code(KeyCode::Esc));
    snap("bulk_summary", &app);
}
