//! The detail pane's "Transcript" section through `App::update`: asked for once a shown video
//! or audio asset is `ready` (never for an image, never twice for a kept one), `no transcript`
//! on a 404, `0:12  text` lines with a cue's control characters escaped; `/` searches them
//! (`n`/`N` step through the matches, highlighted), `Enter` opens the preview with its cursor at
//! the line's time and the transcript as its captions; snapshots at 80x24 and 120x40.

use crate::tui_support::*;
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::json;
use tl_assets::api::ApiError;
use tl_assets::api::types::{Asset, TranscriptEntry, Transcription, TranscriptionStatus};
use tl_assets::tui::{App, Effect, Focus, Msg, RequestId, TranscriptShown};

/// A 45-minute video with HLS ready, an audio asset, an image, and a video still processing.
fn library() -> Vec<Asset> {
    let mut out = Vec::new();
    for (i, mime, status) in [
        (0, "video/mp4", "ready"),
        (1, "audio/mpeg", "ready"),
        (2, "image/jpeg", "ready"),
        (3, "video/mp4", "processing"),
    ] {
        let mut v = serde_json::to_value(asset(i)).expect("json");
        v["file_type"] = json!(mime);
        v["status"] = json!(status);
        if mime.starts_with("video") {
            v["duration"] = json!(2700.0);
            v["hls"] =
                json!({"status": "ready", "manifest_url": format!("http://127.0.0.1:9/{i}/hls/index.m3u8")});
        }
        out.push(serde_json::from_value(v).expect("asset"));
    }
    out
}

/// The transcript asked for among `effects`.
fn transcript_request(effects: &[Effect]) -> Option<(RequestId, String)> {
    effects.iter().find_map(|e| match e {
        Effect::FetchTranscript { request_id, asset_id } => Some((*request_id, asset_id.clone())),
        _ => None,
    })
}

fn ready(lines: &[(f64, f64, &str)]) -> Transcription {
    Transcription {
        sentences: Some(
            lines
                .iter()
                .map(|(s, e, v)| TranscriptEntry {
                    start: *s,
                    end: *e,
                    value: (*v).into(),
                })
                .collect(),
        ),
        ..Transcription::with_status(TranscriptionStatus::Ready)
    }
}

const LINES: [(f64, f64, &str); 4] = [
    (12.0, 15.5, "Welcome back to the harbor."),
    (1000.0, 1100.0, "The tide turns at noon."),
    (1500.0, 1520.0, "Gulls over the pier."),
    (2000.0, 2100.0, "At dusk the tide goes out again."),
];

/// The library loaded, the first video's transcript asked for (its request returned).
fn shown() -> (App, RequestId, String) {
    let mut app = app();
    let (request_id, p) = page_request(&app.init());
    let effects = app.update(Msg::PageLoaded {
        request_id,
        page: p,
        result: Ok(page(library(), 1, 1, 4)),
    });
    let (rid, id) = transcript_request(&effects).expect("the shown video's transcript is asked for");
    (app, rid, id)
}

fn answered(result: Result<Transcription, ApiError>) -> App {
    let (mut app, request_id, asset_id) = shown();
    app.update(Msg::TranscriptLoaded {
        request_id,
        asset_id,
        result,
    });
    app
}

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(app.size.0, app.size.1)).expect("terminal");
    terminal.draw(|f| tl_assets::tui::view(app, f)).expect("draw");
    terminal.backend().to_string()
}

fn not_found() -> ApiError {
    ApiError::from_response(
        404,
        None,
        r#"{"code":"resource_not_exist","message":"Asset x has no transcription."}"#,
    )
}

#[test]
fn a_ready_video_asks_once_an_image_and_a_processing_video_never() {
    let (mut app, rid, id) = shown();
    assert_eq!(id, app.list.items[0].id);
    assert!(screen(&app).contains("Transcript"), "{}", screen(&app));
    app.update(Msg::TranscriptLoaded {
        request_id: rid,
        asset_id: id.clone(),
        result: Ok(ready(&LINES)),
    });
    let shown = screen(&app);
    assert!(shown.contains("ready · 4 lines"), "{shown}");
    assert!(shown.contains(" 0:12  Welcome back to the harbor."), "{shown}");
    // The audio asset asks; the image and the video still processing do not.
    assert!(transcript_request(&app.update(key('j'))).is_some());
    for _ in 0..2 {
        let effects = app.update(key('j'));
        assert!(transcript_request(&effects).is_none(), "{effects:?}");
    }
    assert!(
        screen(&app).contains("read once the asset is ready"),
        "{}",
        screen(&app)
    );
    app.update(key('k'));
    assert!(
        !screen(&app).contains("Transcript "),
        "an image has no transcript section"
    );
    // Back on the first video (past the audio asset, never answered, so asked again): kept.
    assert!(transcript_request(&app.update(key('k'))).is_some());
    assert!(transcript_request(&app.update(key('k'))).is_none());
    assert!(screen(&app).contains("Welcome back to the harbor."));
    // `r` reads it again.
    assert!(transcript_request(&app.update(key('r'))).is_some());
}

#[test]
fn the_processing_video_asks_once_it_is_ready() {
    let (mut app, _, _) = shown();
    for _ in 0..3 {
        app.update(key('j'));
    }
    assert!(
        screen(&app).contains("read once the asset is ready"),
        "{}",
        screen(&app)
    );
    let mut now_ready = app.list.items[3].clone();
    now_ready.status = Some(tl_assets::api::types::AssetStatus::Ready);
    app.list.update(now_ready);
    let (_, id) = transcript_request(&app.update(Msg::Resize(120, 40))).expect("asked once ready");
    assert_eq!(id, app.list.items[3].id);
}

#[test]
fn a_404_shows_no_transcript_and_a_late_answer_is_dropped() {
    let (mut app, rid, id) = shown();
    app.update(key('j'));
    // The first video's answer arrives after the selection moved: nobody waits for it.
    app.update(Msg::TranscriptLoaded {
        request_id: rid,
        asset_id: id.clone(),
        result: Ok(ready(&LINES)),
    });
    assert!(app.transcripts.get(&id).is_none());
    let app = answered(Err(not_found()));
    assert_eq!(
        app.transcripts.get(&app.list.items[0].id),
        Some(&TranscriptShown::Missing)
    );
    assert!(screen(&app).contains("no transcript"), "{}", screen(&app));
}

#[test]
fn control_characters_in_a_line_are_shown_escaped() {
    let app = answered(Ok(ready(&[(1.0, 2.0, "clear\u{1b}[2J now")])));
    let s = screen(&app);
    assert!(s.contains("clear\\u{1b}[2J now"), "{s}");
    assert!(!s.contains('\u{1b}'));
}

/// The detail focused and `query` searched for (typed after `/`, then Enter).
fn searched(query: &str) -> App {
    let mut app = answered(Ok(ready(&LINES)));
    app.update(code(KeyCode::Enter));
    assert_eq!(app.focus, Focus::Detail);
    app.update(key('/'));
    assert!(app.transcript_search_typing());
    type_text(&mut app, query);
    app.update(code(KeyCode::Enter));
    app
}

#[test]
fn slash_searches_and_n_and_shift_n_step_through_the_matches() {
    let mut app = searched("TIDE");
    assert!(!app.transcript_search_typing());
    assert_eq!(app.transcripts.search.current, Some(1));
    let s = screen(&app);
    assert!(s.contains("match 1 of 2"), "{s}");
    assert!(s.contains("▶16:40  The tide turns at noon."), "{s}");
    app.update(key('n'));
    assert_eq!(app.transcripts.search.current, Some(3));
    assert!(screen(&app).contains("match 2 of 2"));
    app.update(key('n'));
    assert_eq!(app.transcripts.search.current, Some(1), "wraps");
    app.update(key('N'));
    assert_eq!(app.transcripts.search.current, Some(3));
    // No match says so; Esc while typing clears the search.
    let mut none = searched("anchor");
    assert!(
        screen(&none).contains("no match for \"anchor\""),
        "{}",
        screen(&none)
    );
    none.update(key('/'));
    none.update(code(KeyCode::Esc));
    assert!(none.transcripts.search.query.is_empty() && !none.transcript_search_typing());
}

#[test]
fn the_match_scrolls_into_view_on_a_small_screen() {
    let mut app = answered(Ok(ready(&LINES)));
    app.update(Msg::Resize(80, 24));
    app.update(code(KeyCode::Enter));
    app.update(key('/'));
    type_text(&mut app, "dusk");
    app.update(code(KeyCode::Enter));
    assert!(app.detail_scroll > 0);
    assert!(
        screen(&app).contains("At dusk the tide goes out again."),
        "{}",
        screen(&app)
    );
}

#[test]
fn enter_opens_the_preview_at_the_line_with_the_transcript_as_captions() {
    let mut app = searched("tide");
    let effects = app.update(code(KeyCode::Enter));
    let p = app.preview.as_ref().expect("the preview opened");
    // 2700 s over a 3x3 grid: 300 s a frame; 1000 s is in the fourth.
    assert_eq!(p.cursor, 3);
    assert_eq!(p.captions.len(), LINES.len());
    assert!(
        effects.iter().any(|e| matches!(e, Effect::PreviewFrames { .. })),
        "{effects:?}"
    );
    let s = screen(&app);
    assert!(
        s.contains("The tide turns at noon."),
        "the line at the cursor under the grid:\n{s}"
    );
    // Without a search, Enter takes the first line shown: the one at 0:12.
    let mut app = answered(Ok(ready(&LINES)));
    app.update(code(KeyCode::Enter));
    app.update(code(KeyCode::Enter));
    assert_eq!(app.preview.as_ref().map(|p| p.cursor), Some(0));
}

#[test]
fn a_transcript_that_arrives_while_the_preview_is_open_captions_it() {
    let (mut app, rid, id) = shown();
    app.update(key('p'));
    assert!(app.preview.as_ref().is_some_and(|p| p.captions.is_empty()));
    app.update(Msg::TranscriptLoaded {
        request_id: rid,
        asset_id: id,
        result: Ok(ready(&LINES)),
    });
    assert_eq!(app.preview.as_ref().map(|p| p.captions.len()), Some(LINES.len()));
}

#[test]
fn snapshot_detail_with_a_searched_transcript() {
    let app = answered(Ok(ready(&LINES)));
    snap_sizes!("detail_transcript", app, [(80, 24), (120, 40)], |a: &mut App| {
        a.update(code(KeyCode::Enter));
        a.update(key('/'));
        type_text(a, "tide");
        a.update(code(KeyCode::Enter));
    });
    snap_sizes!("detail_transcript_typing", app, [(80, 24)], |a: &mut App| {
        a.update(code(KeyCode::Enter));
        a.update(key('/'));
        type_text(a, "gul");
    });
}
