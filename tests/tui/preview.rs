//! The preview driven through `App::update`: `p` asks for the grid's frames, keys move and
//! zoom (each change a new job, older results dropped), `j` follows the list to an audio asset's
//! strip, `Esc` stops the job, captions show the line at the cursor, a PDF shows its page count,
//! and snapshots of the storyboard at 80x24 and 120x40.

use crate::tui_support::*;
use crossterm::event::KeyCode;
use ratatui_image::picker::Picker;
use serde_json::json;
use tl_assets::api::types::Asset;
use tl_assets::terminal_env::ImageProtocol;
use tl_assets::tui::thumbnail::{downscale, encode};
use tl_assets::tui::{App, Caption, Effect, Msg, Slot};

const SAMPLE: &[u8] = include_bytes!("../../assets/sample-image.jpg");

/// A video (45 minutes, HLS ready), an audio asset (HLS ready), a video whose HLS is still
/// processing, and a PDF of 12 pages.
fn library() -> Vec<Asset> {
    let mut out = Vec::new();
    for (i, mime, hls) in [
        (0, "video/mp4", "ready"),
        (1, "audio/mpeg", "ready"),
        (2, "video/mp4", "processing"),
        (3, "application/pdf", ""),
    ] {
        let mut v = serde_json::to_value(asset(i)).expect("json");
        v["file_type"] = json!(mime);
        v["duration"] = json!(2700.0);
        if !hls.is_empty() {
            v["hls"] =
                json!({"status": hls, "manifest_url": format!("http://127.0.0.1:9/{i}/hls/index.m3u8")});
        }
        if i == 3 {
            v["filename"] = json!("manual.pdf");
            v["technical_metadata"] = json!({"document_page_count": 12});
        }
        out.push(serde_json::from_value(v).expect("asset"));
    }
    out
}

fn with_library() -> App {
    let mut app = app();
    app.surroundings.image = Some(ImageProtocol::Halfblocks);
    let effects = app.init();
    let (request_id, p) = page_request(&effects);
    app.update(Msg::PageLoaded {
        request_id,
        page: p,
        result: Ok(page(library(), 1, 1, 4)),
    });
    app
}

/// The frames job among `effects`: (job, times, cells).
fn frames_job(effects: &[Effect]) -> (u64, Vec<f64>, (u16, u16)) {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::PreviewFrames {
                job, times, cells, ..
            } => Some((*job, times.clone(), *cells)),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no frames asked for in {effects:?}"))
}

#[test]
fn p_asks_for_the_grid_and_zoom_starts_a_narrower_job() {
    let mut app = with_library();
    let (job, times, cells) = frames_job(&app.update(key('p')));
    assert_eq!(times.len(), 9);
    assert_eq!(times[0], 150.0);
    assert!(cells.0 > 5 && cells.1 > 2, "{cells:?}");
    app.update(code(KeyCode::Right));
    app.update(code(KeyCode::Right));
    let (zoomed, times, _) = frames_job(&app.update(code(KeyCode::Enter)));
    assert_ne!(zoomed, job);
    assert_eq!(times.first().copied(), Some(600.0 + 300.0 / 18.0));
    let title = app.preview.as_ref().map(|p| p.title()).expect("open");
    assert_eq!(title, "frame 5/9 · 12:30.0 · span 10:00–15:00");
    // A frame of the older job is dropped.
    let thumb = encode(
        &Picker::halfblocks(),
        &downscale(image::load_from_memory(SAMPLE).expect("decodes")),
        cells,
    )
    .expect("encodes");
    app.update(Msg::PreviewFrame {
        job,
        index: 0,
        result: Ok((thumb, false)),
        cache_error: None,
    });
    assert!(matches!(
        app.preview.as_ref().map(|p| &p.slots[0]),
        Some(Slot::Waiting)
    ));
    let (back, _, _) = frames_job(&app.update(key('-')));
    assert_ne!(back, zoomed);
}

#[test]
fn j_follows_the_list_and_esc_stops_the_job() {
    let mut app = with_library();
    app.update(key('p'));
    let effects = app.update(key('j'));
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::PreviewPeaks { buckets, .. } if *buckets > 20)),
        "{effects:?}"
    );
    let effects = app.update(key('j'));
    assert!(effects.contains(&Effect::StopPreview), "{effects:?}");
    let note = app.preview.as_ref().and_then(|p| p.note.clone()).expect("a note");
    assert!(note.contains("HLS is not ready"), "{note}");
    let effects = app.update(code(KeyCode::Esc));
    assert!(effects.contains(&Effect::StopPreview));
    assert!(app.preview.is_none());
}

#[test]
fn a_pdf_shows_its_page_count_and_the_thumbnail_large() {
    let mut app = with_library();
    for _ in 0..3 {
        app.update(key('j'));
    }
    let effects = app.update(key('p'));
    assert_eq!(
        app.preview.as_ref().map(|p| p.title()).as_deref(),
        Some("first page · 12 pages")
    );
    let Some(Effect::FetchThumbnail { cells, .. }) = effects
        .iter()
        .find(|e| matches!(e, Effect::FetchThumbnail { .. }))
    else {
        panic!("the thumbnail is asked for the preview's size: {effects:?}");
    };
    assert!(cells.1 > 20, "large: {cells:?}");
    // A page has no cursor: the footer offers closing, not zoom or a time to copy.
    let footer = draw(&app).lines().last().unwrap_or_default().to_string();
    assert!(footer.contains("Esc close"), "{footer}");
    assert!(
        !footer.contains("zoom") && !footer.contains("copy time"),
        "{footer}"
    );
}

#[test]
fn captions_show_the_line_at_the_cursor() {
    let mut app = with_library();
    app.update(key('p'));
    assert!(app.set_preview_captions(vec![
        Caption {
            start: 0.0,
            end: 200.0,
            text: "Welcome to the harbour.".into(),
        },
        Caption {
            start: 400.0,
            end: 500.0,
            text: "The boats come in at dawn.".into(),
        },
    ]));
    let screen = draw(&app);
    assert!(screen.contains("Welcome to the harbour."), "{screen}");
    app.update(code(KeyCode::Right));
    assert!(draw(&app).contains("The boats come in at dawn."));
    app.update(code(KeyCode::Right));
    assert!(!draw(&app).contains("The boats"));
}

fn draw(app: &App) -> String {
    let mut t =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(app.size.0, app.size.1)).expect("t");
    t.draw(|f| tl_assets::tui::view(app, f)).expect("draw");
    t.backend().to_string()
}

/// The storyboard with every frame in but the last (one failed), and a caption line.
fn storyboard_at(app: &mut App) {
    let Some(p) = app.preview.as_ref() else {
        return;
    };
    let (job, cells, count) = (p.job, p.cells, p.count());
    let image = downscale(image::load_from_memory(SAMPLE).expect("decodes"));
    let thumb = encode(&Picker::halfblocks(), &image, cells).expect("encodes");
    for index in 0..count {
        let result = if index + 1 == count {
            Err("no frame: the stream is gone (HTTP 404): the asset may have been deleted".into())
        } else {
            Ok((thumb.clone(), true))
        };
        app.update(Msg::PreviewFrame {
            job,
            index,
            result,
            cache_error: None,
        });
    }
}

#[test]
fn storyboard_snapshots() {
    let mut app = with_library();
    app.update(key('p'));
    app.update(code(KeyCode::Right));
    app.set_preview_captions(vec![Caption {
        start: 300.0,
        end: 600.0,
        text: "The boats come in at dawn.".into(),
    }]);
    snap_sizes!("storyboard", app, [(80, 24), (120, 40)], storyboard_at);
}
