//! Snapshots of every pane and dialog on a `TestBackend`, at 60x20 (the smallest size kept
//! readable), 80x24 (stacked) and 120x40 (side by side). The clock and data are fixed, so the
//! screens are stable.

use crate::tui_support;
use crate::tui_support::*;
use crossterm::event::KeyCode;
use tl_assets::tui::{App, Msg};

/// Draws `app` at each size and compares with the stored snapshots `<name>_<w>x<h>`.
fn snap(name: &str, app: &App) {
    snap_sizes!(name, app);
}

#[test]
fn list_and_detail() {
    let mut app = loaded(50, 120);
    app.update(key('j'));
    snap("list_and_detail", &app);
}

#[test]
fn first_load() {
    let mut app = app();
    app.init();
    snap("first_load", &app);
}

#[test]
fn detail_focused() {
    let mut app = loaded(10, 10);
    app.update(code(KeyCode::Enter));
    snap("detail_focused", &app);
}

#[test]
fn help_overlay() {
    let mut app = loaded(10, 10);
    app.update(key('?'));
    snap("help_overlay", &app);
}

fn with_conflict(loaded_refs: bool, force: bool) -> App {
    use tl_assets::api::ApiError;
    use tl_assets::api::types::{IndexRef, IndexedAssetSummary, Page, PageInfo};
    let mut app = loaded(10, 10);
    let id = app.list.items[0].id.clone();
    app.update(Msg::DeleteFailed {
        id: id.clone(),
        conflict: true,
        error: ApiError::from_response(409, None, r#"{"code":"asset_referenced","message":"in use"}"#),
    });
    if loaded_refs {
        let item = |i: usize, name: &str| IndexedAssetSummary {
            id: format!("ia{i}"),
            index: IndexRef {
                id: format!("idx{i}"),
                name: Some(name.to_string()),
            },
        };
        app.update(Msg::IndexedAssetsLoaded {
            id,
            result: Ok(Page {
                data: vec![item(1, "marketing-clips"), item(2, "archive-2025")],
                page_info: PageInfo {
                    limit_per_page: 50,
                    page: 1,
                    total_page: 1,
                    total_results: 2,
                },
            }),
        });
    }
    if force {
        app.update(code(KeyCode::Right));
        app.update(code(KeyCode::Enter));
    }
    app
}

#[test]
fn delete_confirm() {
    let mut app = loaded(10, 10);
    app.update(key('d'));
    snap("delete_confirm", &app);
}

#[test]
fn delete_conflict_loading() {
    snap("delete_conflict_loading", &with_conflict(false, false));
}

#[test]
fn delete_conflict() {
    snap("delete_conflict", &with_conflict(true, false));
}

#[test]
fn delete_force_confirm() {
    snap("delete_force_confirm", &with_conflict(true, true));
}

#[test]
fn upload_form_with_error() {
    let mut app = loaded(10, 10);
    app.update(key('u'));
    type_text(&mut app, "media/clip.mp4");
    app.update(code(KeyCode::Down));
    app.update(code(KeyCode::Down));
    app.update(code(KeyCode::Down));
    app.update(code(KeyCode::Down));
    app.update(code(KeyCode::Down));
    type_text(&mut app, "project");
    app.update(code(KeyCode::Enter));
    snap("upload_form_with_error", &app);
}

#[test]
fn upload_form_browser() {
    use tl_assets::tui::{DirEntry, Effect};
    let mut app = loaded(10, 10);
    app.update(key('u'));
    let effects = app.update(ctrl('o'));
    let Some(Effect::ListDir { request_id, dir }) = effects.first().cloned() else {
        panic!("{effects:?}");
    };
    let e = |name: &str, is_dir| DirEntry {
        name: name.into(),
        is_dir,
    };
    app.update(Msg::DirListed {
        request_id,
        dir,
        result: Ok(vec![
            e("clips", true),
            e("harbor.mp4", false),
            e("notes.txt", false),
        ]),
    });
    app.update(code(KeyCode::Down));
    snap("upload_form_browser", &app);
}

#[test]
fn upload_queue() {
    use std::time::Duration;
    use tl_assets::api::ApiError;
    use tl_assets::api::types::AssetStatus;
    use tl_assets::tui::Effect;
    let mut app = loaded(10, 10);
    // Room for all four at once, so each starts as it is queued.
    app.upload_settings.concurrency = 4;
    let start = |app: &mut App, url: &str| {
        app.update(key('u'));
        type_text(app, url);
        match app.update(code(KeyCode::Enter)).first() {
            Some(Effect::StartUpload { upload, .. }) => *upload,
            other => panic!("{other:?}"),
        }
    };
    let a = start(&mut app, "https://media.example.invalid/a.mp4");
    let b = start(&mut app, "https://media.example.invalid/b.mp4");
    let c = start(&mut app, "https://media.example.invalid/c.mp4");
    let d = start(&mut app, "https://media.example.invalid/d.mp4");
    // Pretend `a` is a 40 MB file a quarter sent.
    app.uploads.jobs[0].total = Some(40_000_000);
    app.update(Msg::UploadProgress {
        upload: a,
        sent: 10_000_000,
        elapsed: Duration::from_secs(4),
    });
    let mut created = tui_support::asset(70);
    created.status = Some(AssetStatus::Processing);
    app.update(Msg::UploadCreated {
        upload: b,
        asset: Box::new(created.clone()),
    });
    let mut ready = tui_support::asset(71);
    ready.status = Some(AssetStatus::Ready);
    app.update(Msg::UploadCreated {
        upload: c,
        asset: Box::new(ready.clone()),
    });
    app.update(Msg::UploadFinished {
        upload: c,
        result: Ok(Box::new(ready)),
    });
    app.update(Msg::UploadFinished {
        upload: d,
        result: Err(ApiError::from_response(
            400,
            None,
            r#"{"code":"media_url_not_accessible","message":"The URL could not be fetched."}"#,
        )),
    });
    app.update(code(KeyCode::Esc)); // dismiss the error box to show the queue itself
    app.update(code(KeyCode::Tab));
    app.update(code(KeyCode::Tab));
    snap("upload_queue", &app);
}

#[test]
fn quit_while_uploading() {
    let mut app = loaded(10, 10);
    app.update(key('u'));
    type_text(&mut app, "https://media.example.invalid/a.mp4");
    app.update(code(KeyCode::Enter));
    app.update(key('q'));
    snap("quit_while_uploading", &app);
}

#[test]
fn error_message() {
    use tl_assets::api::ApiError;
    let mut app = loaded(10, 10);
    let effects = app.update(code(KeyCode::Enter));
    let Some(tl_assets::tui::Effect::FetchDetail { request_id, .. }) = effects.first().cloned() else {
        panic!("{effects:?}");
    };
    app.update(Msg::DetailLoaded {
        request_id,
        result: Err(ApiError::from_response(
            500,
            None,
            r#"{"code":"internal_error","message":"Something went wrong on our side."}"#,
        )),
    });
    snap("error_message", &app);
}

#[test]
fn rate_limited() {
    use std::time::Duration;
    use tl_assets::api::ApiError;
    let mut app = loaded(50, 120);
    let effects = app.update(key('r'));
    let Some(tl_assets::tui::Effect::FetchPage { request_id, .. }) = effects.first().cloned() else {
        panic!("{effects:?}");
    };
    app.update(Msg::PageLoaded {
        request_id,
        page: 1,
        result: Err(ApiError::from_response(429, Some(Duration::from_secs(7)), "")),
    });
    app.update(code(KeyCode::Esc));
    snap("rate_limited", &app);
}

#[test]
fn connection_lost() {
    use tl_assets::api::ApiError;
    let mut app = loaded(50, 120);
    let effects = app.update(key('r'));
    let Some(tl_assets::tui::Effect::FetchPage { request_id, .. }) = effects.first().cloned() else {
        panic!("{effects:?}");
    };
    app.update(Msg::PageLoaded {
        request_id,
        page: 1,
        result: Err(ApiError::Transport {
            message: "error sending request: connection refused".into(),
            not_sent: true,
        }),
    });
    snap("connection_lost", &app);
}

#[test]
fn local_filter_and_server_filters() {
    let mut app = loaded(30, 30);
    app.list.server_filter.asset_type = Some(tl_assets::api::types::AssetType::Audio);
    app.list.server_filter.filename = Some("view".into());
    app.update(key('/'));
    type_text(&mut app, "i1");
    snap("local_filter", &app);
}

#[test]
fn name_prompt() {
    let mut app = loaded(10, 10);
    app.update(key('F'));
    type_text(&mut app, "harb");
    snap("name_prompt", &app);
}

#[test]
fn failed_asset_detail_with_technical_metadata() {
    let mut app = loaded(3, 3);
    let rich: tl_assets::api::types::Asset = serde_json::from_value(serde_json::json!({
        "_id": "66b1f3aa0d2c4e7f9a1b2c3d",
        "method": "multipart",
        "status": "failed",
        "filename": "harbor-4k.mp4",
        "file_type": "video/mp4",
        "created_at": "2026-07-30T09:20:02Z",
        "size": 1873322011u64,
        "duration": 912.48,
        "error": {"message": "The file could not be decoded."},
        "hls": {"status": "error"},
        "thumbnail": {"status": "ready", "representative_url": "https://cdn.example.invalid/66b1/thumb.jpg"},
        "user_metadata": {"project": "harbor", "take": 3, "approved": false},
        "technical_metadata": {
            "file_size_bytes": 1873322011u64, "file_mime_type": "video/mp4",
            "file_container_format": "mov,mp4,m4a", "video_codec": "h264",
            "video_width": 3840, "video_height": 2160, "video_fps": 29.97,
            "video_bitrate_bps": 16_000_000u64, "audio_codec": "aac", "audio_sample_rate": 48000,
            "audio_channels": 2, "has_audio": true, "total_video_streams": 1,
            "total_audio_streams": 1, "start_timecode": "01:00:00:00"
        }
    }))
    .expect("asset");
    app.list.items[0] = rich;
    app.update(code(KeyCode::Tab));
    snap("detail_failed_rich", &app);
}

#[test]
fn read_only_hides_writes() {
    let mut app = App::new(
        "api.twelvelabs.io",
        true,
        tl_assets::tui::Keymap::defaults(),
        now(),
    );
    let effects = app.init();
    let (request_id, _) = page_request(&effects);
    app.update(Msg::PageLoaded {
        request_id,
        page: 1,
        result: Ok(page(assets(0..5), 1, 1, 5)),
    });
    app.update(key('?'));
    snap("read_only_help", &app);
}

#[test]
fn empty_list() {
    let mut app = app();
    let (request_id, _) = page_request(&app.init());
    app.update(Msg::PageLoaded {
        request_id,
        page: 1,
        result: Ok(page(vec![], 1, 0, 0)),
    });
    snap("empty_list", &app);
}
