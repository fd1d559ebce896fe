//! Documents in the terminal app: `t` cycles the server filter through `document`, the list
//! marks documents with `≡`, and the detail shows the document fields under their own heading
//! (snapshots at every size).

use crate::tui_support::*;
use serde_json::json;
use tl_assets::api::types::{Asset, AssetType};
use tl_assets::tui::{App, Effect, Msg};

fn pdf_asset() -> Asset {
    serde_json::from_value(json!({
        "_id": "66b21c07e1f2a3b4c5d6e7f8", "method": "direct", "status": "ready",
        "filename": "tide-tables.pdf", "file_type": "application/pdf",
        "created_at": "2026-08-01T08:00:00Z", "size": 482_113,
        "thumbnail": {"status": "ready", "representative_url": "https://cdn.example.invalid/p1.jpg"},
        "technical_metadata": {
            "file_size_bytes": 482_113, "file_mime_type": "application/pdf",
            "document_page_count": 12, "document_pdf_version": "1.7",
            "document_page_width_pt": 595.28, "document_page_height_pt": 841.89,
            "document_is_tagged": false, "document_is_encrypted": false,
            "document_language": "en-GB", "document_title": "Tide tables 2026",
            "document_author": "Harbour office", "document_producer": "pdf_gen",
            "document_creation_date": "2026-01-05T10:12:00Z"
        }
    }))
    .expect("asset json")
}

fn with_documents() -> App {
    let mut app = app();
    let effects = app.init();
    let (request_id, p) = page_request(&effects);
    let mut notes = asset(1);
    notes.filename = Some("notes.md".into());
    notes.file_type = Some("text/markdown".into());
    notes.duration = None;
    notes.thumbnail = None;
    app.update(Msg::PageLoaded {
        request_id,
        page: p,
        result: Ok(page(vec![pdf_asset(), notes, asset(0)], 1, 1, 3)),
    });
    app
}

#[test]
fn the_type_filter_reaches_documents() {
    let mut app = loaded(5, 5);
    let mut seen = Vec::new();
    for _ in 0..5 {
        let effects = app.update(key('t'));
        let [Effect::FetchPage { query, .. }] = effects.as_slice() else {
            panic!("{effects:?}");
        };
        seen.push(query.asset_types.clone());
    }
    assert_eq!(seen[3], vec![AssetType::Document], "{seen:?}");
    assert_eq!(seen[4], Vec::<AssetType>::new(), "then back to all");
}

#[test]
fn the_detail_of_a_pdf_shows_its_document_fields() {
    let app = with_documents();
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).expect("terminal");
    terminal.draw(|f| tl_assets::tui::view(&app, f)).expect("draw");
    let screen = format!("{}", terminal.backend());
    for text in [
        "≡ tide-tables.pdf",
        "≡ notes.md",
        "application/pdf (document)",
        "Document",
        "Pages",
        "12",
        "595.28 x 841.89 pt",
        "PDF 1.7",
        "Tide tables 2026",
        "Harbour office",
    ] {
        assert!(screen.contains(text), "{text:?} missing:\n{screen}");
    }
    snap_sizes!("pdf_detail", app);
}
