//! The metadata editor reads the 1.3.5 values by the one grammar: every line of the table the
//! CLI test also runs (`support/metadata_lines.rs`) is accepted with the same value or refused;
//! a stored set opens as lines that read back to the same values; and a connector import's
//! source shows in the detail (snapshot).

use crate::support::meta_editor::*;
use crate::support::metadata_lines::lines;
use crate::tui_support::*;
use crossterm::event::KeyCode;
use serde_json::json;
use tl_assets::api::types::{AssetSource, SourceDetails, UploadMethod};
use tl_assets::tui::LineCheck;

#[test]
fn the_editor_accepts_and_refuses_the_lines_the_cli_does() {
    for (line, expected) in lines() {
        let mut app = editing();
        retype(&mut app, &[line]);
        let check = editor(&app).checks().remove(0);
        match (expected, check) {
            (Some(v), LineCheck::Set(k, got)) => {
                assert_eq!(k, "k", "{line}");
                assert_eq!(got, v, "{line}");
            }
            (None, LineCheck::Invalid(why)) => assert!(!why.is_empty(), "{line}"),
            (expected, got) => panic!("{line}: expected {expected:?}, the editor says {got:?}"),
        }
    }
}

#[test]
fn stored_values_open_as_lines_that_read_back_the_same() {
    let stored = meta(json!({
        "big": "123456789012345678901",
        "code": "007",
        "tags": ["summer", "a, b"],
        "ok": true,
        "ratio": 1.5,
    }));
    let mut app = loaded(5, 5);
    app.list.items[0].user_metadata = Some(stored.clone());
    app.update(key('e'));
    let text: Vec<String> = editor(&app).text().iter().map(|s| s.to_string()).collect();
    assert!(text.contains(&"code=\"007\"".to_string()), "{text:?}");
    assert!(text.contains(&"tags=[summer, \"a, b\"]".to_string()), "{text:?}");
    // Typed afresh (no memory of the loaded values), the same lines mean the same set.
    let typed: Vec<&str> = text.iter().map(String::as_str).collect();
    retype(&mut app, &typed);
    for (check, (k, v)) in editor(&app).checks().into_iter().zip(&stored) {
        assert_eq!(check, LineCheck::Set(k.clone(), v.clone()));
    }
}

#[test]
fn a_connector_import_shows_its_source_in_the_detail() {
    let mut app = loaded(3, 3);
    let a = &mut app.list.items[0];
    a.method = Some(UploadMethod::Connector);
    a.technical_metadata = None;
    a.source = Some(AssetSource {
        kind: Some("connector".into()),
        details: Some(SourceDetails {
            provider: Some("google_drive".into()),
            source_id: Some("1AbCdEfGhIjK".into()),
            original_filename: Some("Harbor cut.mov".into()),
            source_link: Some("https://drive.example/file/1AbCdEfGhIjK".into()),
        }),
    });
    app.update(code(KeyCode::Enter));
    snap_sizes!("connector_source", &app, [(120, 40)]);
}
